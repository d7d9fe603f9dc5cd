"""The writing coach's default list: words to point out, and what to write instead.

Every organization starts from this list and its administrators can change it.
The list comes in English (``DEFAULT_RULES``) and in Spanish (``DEFAULT_RULES_ES``,
written for notes kept in Spanish, with its advice in Spanish); a note is checked
against both.
Three kinds of rule (see ``coach.py`` for how phrases match):

* **label**: words that label, judge or shrink a person to one thing ("addict",
  "non-compliant", "refused"). Checked in every section. The suggestion is
  person-first and strengths-based, or, where no single word will do, asks for a
  description of what actually happened.
* **opinion**: words that turn an impression into a fact ("seems", "I think",
  "obviously"). Checked only in the objective account, which is for what was seen
  and heard; the assessment is where interpretation belongs.
* **shorthand**: abbreviations and slang that the participant, a partner agency
  or a court might not read the way we meant them ("b/c", "w/o", "gonna",
  "freaked out"). Checked in every section. Common, well-known program and
  document names (ISP, SNAP, TANF, GED, ID, ESL, a.m., p.m.) are deliberately not
  on the list.

Inflections are separate rules (no ``*`` stems): stems catch too much.
Context words (``not_after`` / ``not_before``) keep fair uses quiet: "crisis
line", "spoke clearly", "insurance claims", "appears in court".
"""

from __future__ import annotations

import functools

from waypoint.notes.coach import Patterns, Rule

OPINION_WHY = (
    "The objective account is for what you saw and heard; your view belongs in the assessment."
)
SHORTHAND_WHY = "Whole words are easier for everyone to read, including the participant."
SLANG_WHY = "Plain words say what happened without slang that can read as careless."

_CHOICE = "Says what the person chose, without blame."
_PERSON_FIRST = "Puts the person first, not a label."
_DESCRIBE = "Describing what happened is fairer and more useful than a label."
_DESCRIBE_SUGGESTION = "Describe what you saw and heard, for example “raised their voice”."
_HOMELESS = "Homelessness is something a person is going through, not who they are."
_SAID = "Reports their words without hinting that we doubt them."
_RECORD = "A past conviction is part of someone's story, not who they are."


def _label(
    phrase: str,
    suggestion: str,
    why: str,
    *,
    not_after: tuple[str, ...] = (),
    not_before: tuple[str, ...] = (),
    language: str = "en",
) -> Rule:
    return Rule("label", phrase, suggestion, why, (), not_after, not_before, language)


def _opinion(
    phrase: str,
    *,
    not_after: tuple[str, ...] = (),
    not_before: tuple[str, ...] = (),
    why: str = OPINION_WHY,
    language: str = "en",
) -> Rule:
    return Rule("opinion", phrase, "", why, ("objective",), not_after, not_before, language)


def _short(
    phrase: str,
    suggestion: str,
    why: str = "",
    *,
    not_after: tuple[str, ...] = (),
    not_before: tuple[str, ...] = (),
    usual_why: str = SHORTHAND_WHY,
    language: str = "en",
) -> Rule:
    return Rule(
        "shorthand", phrase, suggestion, why or usual_why, (), not_after, not_before, language
    )


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Words that make "difficult" describe a situation, not a person.
_DIFFICULT_THINGS = _words(
    """
    to time times day days week weeks month months year conversation conversations
    situation situations decision decisions choice choices news question questions
    process period moment transition call task start
    """
)
# Words that make "crisis" part of a service's name.
_CRISIS_SERVICES = _words(
    """
    line lines hotline center centre team shelter text unit services service worker
    counselor counsellor response intervention stabilization bed beds program phone
    number chat clinic nursery plan plans
    """
)
# Words that make "crisis" about a whole community rather than one person.
_CRISIS_OF_MANY = ("housing", "opioid", "overdose", "affordability", "climate", "refugee")
# Words that make "claims" a form or a process rather than doubt.
_CLAIMS_BEFORE = _words(
    """
    insurance unemployment benefit benefits filed file files filing disability medical
    damage damages injury compensation comp workers workers' ssi ssdi va her his their
    the my our your these those new open past two three
    """
)
_CLAIMS_AFTER = ("office", "process", "adjuster", "form", "forms", "number", "department", "line")
_APPEARS_WHERE = _words("in at on before for by via online remotely virtually today yesterday")
_CLEARLY_AFTER = _words(
    """
    spoke speaks speak speaking explained explains explaining wrote writes written read
    reads said says stated states answered pronounced printed labeled labelled marked
    posted signed
    """
)
_CLEARLY_BEFORE = ("marked", "labeled", "labelled", "printed", "written", "posted", "signed")
_PASSIVE = ("was", "were", "been", "being", "is", "are", "got", "gets", "get")
_VICTIM_SERVICES = _words(
    """
    services service advocate advocates assistance compensation witness unit fund impact
    rights support program
    """
)
_SHELTER_WORDS = _words(
    """
    shelter shelters services outreach coalition program programs count system court
    council prevention liaison response verification certification letter form
    """
)
_DRINKS = _words("drink drinks drinking beverage beverages beer liver hepatitis content anonymous")
_OBJECTS = ("her", "his", "their", "the", "a", "an", "my", "our", "your", "this", "that", "it")

_MEDICAL = "Medical words describe a health condition without blame."
_CLEAN_WHY = "“Clean” and “dirty” make a test result sound like a judgment of the person."
_RETURN_WHY = "Returning to use is a common part of recovery, not a moral failing."
_SUICIDE_WHY = "Says what happened without the language of crime or of success and failure."
_HYGIENE_WHY = "A description of what you saw is fairer, and points to what might help."
_MIGRATION_WHY = "A person cannot be illegal; their immigration status is a circumstance."
_LANGUAGE_WHY = "Names the languages a person speaks instead of what they lack."
_YOUTH_WHY = "Names the young person and their situation, not a label."
_POVERTY_WHY = "Describes a situation a person is in, not who they are."
_FAILED_WHY = "Says what happened without calling the person a failure."

# Words after "substance abuse" that make it part of a program's or agency's name.
_PROGRAM_NAMES = _words(
    """
    and treatment counselor counselors counselling counseling program programs services
    evaluation evaluations assessment assessments prevention administration unit court
    clinic center centre agency provider providers screening class classes
    """
)
# Words that make a diagnosis word name the condition, not the person.
_DIAGNOSIS_WORDS = _words(
    """
    disorder disorders episode episodes symptom symptoms features feature break spectrum
    diagnosis diagnoses medication medications depression i ii type illness condition
    personality traits
    """
)
_DISABLED_THINGS = _words(
    """
    parking access entrance entrances spot spots space spaces bathroom bathrooms toilet
    toilets stall ramp lift list veteran veterans placard permit seating
    """
)
_CRIMINAL_THINGS = _words(
    """
    record records history background justice court courts case cases charge charges
    defense defence conviction convictions legal law activity activities mischief trespass
    trespassing complaint check checks offense offenses offence offences proceedings matter
    matters attorney attorneys lawyer lawyers investigation division sexual possession
    threat threats damage contempt summons code warrant warrants
    """
)

# Words after "the homeless" that start a longer phrase of the list ("homeless youth").
_HOMELESS_WHO = _words(
    """
    person persons people man men woman women family families individual individuals
    youth youths kid kids child children veteran veterans guy mother mom dad father
    population client participant participants tenant addict
    """
)

# The patterns beyond the list (``coach.Patterns``): our own word lists, written from the
# same guides as the labels below.
_JUDGING = {
    word: (_DESCRIBE_SUGGESTION, _DESCRIBE)
    for word in _words(
        """
        hostile volatile explosive demanding needy entitled unreliable weird bizarre
        inappropriate immature childish stubborn irresponsible abrasive paranoid delusional
        unstable noncompliant resistant difficult manipulative uncooperative aggressive nasty
        selfish spoiled lazy unmotivated unmanageable uncontrollable ungrateful unpleasant
        annoying obsessive controlling vindictive hateful arrogant cocky disruptive dramatic
        erratic crazy psycho
        """
    )
}
_JUDGING["homeless"] = (
    "experiencing homelessness / without a stable home",
    _HOMELESS,
)
_JUDGING["schizophrenic"] = ("living with schizophrenia", _PERSON_FIRST)
_JUDGING["alcoholic"] = ("living with an alcohol use disorder", _PERSON_FIRST)
_JUDGING["addicted"] = ("living with a substance use disorder", _PERSON_FIRST)
_JUDGING["illegal"] = ("undocumented", _MIGRATION_WHY)
_JUDGING["psychotic"] = ("experiencing psychosis", _PERSON_FIRST)
_NOUN_LABELS = {
    "schizophrenic": ("person living with schizophrenia", _PERSON_FIRST),
    "psychotic": ("person experiencing psychosis", _PERSON_FIRST),
    "bipolar": ("person living with bipolar disorder", _PERSON_FIRST),
    "depressive": ("person living with depression", _PERSON_FIRST),
    "borderline": ("person living with borderline personality disorder", _PERSON_FIRST),
    "diabetic": ("person with diabetes", _PERSON_FIRST),
    "epileptic": ("person with epilepsy", _PERSON_FIRST),
    "anorexic": ("person living with anorexia", _PERSON_FIRST),
    "alcoholic": ("person who uses alcohol", "Describes the person, not a label."),
    "homeless": ("people experiencing homelessness", _HOMELESS),
    "disabled": ("disabled people / people with disabilities", _PERSON_FIRST),
    "handicapped": ("people with disabilities", _PERSON_FIRST),
    "mentally": ("people living with mental illness", _PERSON_FIRST),
    "illegal": ("undocumented person", _MIGRATION_WHY),
    "undocumented": ("undocumented person / people without immigration status", _MIGRATION_WHY),
    "elderly": ("older adults / older people", "Names people, not an age group."),
    "paranoid": ("Describe what the person said and did.", _DESCRIBE),
    "crazy": (_DESCRIBE_SUGGESTION, _DESCRIBE),
    "psycho": (_DESCRIBE_SUGGESTION, _DESCRIBE),
}
DEFAULT_PATTERNS = Patterns(
    persons=frozenset(
        _words(
            """
            he she they i we participant participants client clients person people
            individual man woman men women guy lady boy girl kid kids child children teen
            teenager youth mother father mom dad mum parent parents son daughter sister
            brother aunt uncle cousin grandmother grandfather grandma grandpa wife husband
            partner boyfriend girlfriend spouse roommate tenant tenants resident residents
            neighbor neighbour guest guests member members patient patients applicant
            veteran student family landlord caregiver niece nephew
            """
        )
    ),
    linking=frozenset(
        _words(
            """
            is was are were be been being am s re seems seemed seem appears appeared appear
            became becomes become acts acted act acting looks looked look sounds sounded
            sound remains remained remain gets got getting grew grows stays stayed
            """
        )
    ),
    softeners=frozenset(
        _words(
            """
            very so really extremely quite too rather somewhat pretty increasingly always
            often sometimes still also again just highly overly consistently frequently
            usually generally has have had will would can could may might
            """
        )
    ),
    determiners=frozenset(
        _words("a an the this that these those another one many some our my your such any")
    ),
    not_nouns=frozenset(
        _words(
            """
            who whom whose that which and or but in at on of with from to for by as is was
            are were has had have will would can could should may might did does do
            """
        )
    ),
    judging=_JUDGING,
    nouns=_NOUN_LABELS,
    doubting={
        "claim": _SAID,
        "allege": _SAID,
        "insist": _SAID,
        "admit": "“Admits” sounds like a confession; “says” simply reports it.",
        "contend": _SAID,
        "purport": _SAID,
        "profess": _SAID,
    },
    fine_before={
        "entitled": frozenset(("to",)),
        "demanding": frozenset(_words("job jobs work schedule schedules role week day")),
        "paranoid": frozenset(_words("schizophrenia personality disorder")),
        "delusional": frozenset(_words("disorder")),
    },
    doubt_suggestions={
        "ed": "said / reported",
        "ing": "saying / reporting",
        "s": "says / reports",
        "": "say / report",
    },
)

DEFAULT_RULES: list[Rule] = [
    # --- Labels, judgments and deficit words (every section) -------------------------
    _label("non-compliant", "has a different opinion about … / chose a different path", _CHOICE),
    _label("non-compliance", "chose a different path / has concerns about …", _CHOICE),
    _label("non-adherent", "chose a different path / has concerns about …", _CHOICE),
    _label("addict", "person who uses drugs", "Describes the person, not a label."),
    _label("addicts", "people who use drugs", "Describes the people, not a label."),
    _label("drug addict", "person who uses drugs", "Describes the person, not a label."),
    _label("drug addicts", "people who use drugs", "Describes the people, not a label."),
    _label("ex-addict", "person in recovery", "Names their recovery, not their past."),
    _label("junkie", "person who uses drugs", "Describes the person, not a label."),
    _label("junkies", "people who use drugs", "Describes the people, not a label."),
    _label(
        "alcoholic",
        "person who uses alcohol",
        "Describes the person, not a label.",
        not_before=_DRINKS,
    ),
    _label(
        "alcoholics",
        "people who use alcohol",
        "Describes the people, not a label.",
        not_before=_DRINKS,
    ),
    _label("tweaker", "person who uses methamphetamine", "Describes the person, not a label."),
    _label("substance abuser", "person who uses substances", "Describes the person, not a label."),
    _label("drug-seeking", "Describe what the person asked for.", _DESCRIBE),
    _label("drug seeker", "Describe what the person asked for.", _DESCRIBE),
    _label("refused", "chose not to / decided not to", _CHOICE, not_after=_PASSIVE),
    _label("refuses", "chooses not to / decides not to", _CHOICE),
    _label("refusing", "choosing not to / deciding not to", _CHOICE),
    _label(
        "refuse",
        "choose not to / decide not to",
        _CHOICE,
        not_after=("the", "of", "and", "household", "curbside"),
        not_before=(
            "collection",
            "pickup",
            "bin",
            "bins",
            "truck",
            "removal",
            "disposal",
            "site",
            "day",
        ),
    ),
    _label("manipulative", "Describe what the person did and said.", _DESCRIBE),
    _label(
        "in denial",
        "not ready to talk about … / sees it differently",
        "Respects where the person is right now.",
    ),
    _label(
        "claims",
        "says / reports",
        _SAID,
        not_after=_CLAIMS_BEFORE,
        not_before=(*_CLAIMS_AFTER, "asylum", "ssdi", "ssi", "benefits", "unemployment", "snap"),
    ),
    _label(
        "claimed",
        "said / reported",
        _SAID,
        not_before=("asylum", "benefits", "unemployment", "refund", "dependents", "dependent"),
    ),
    _label(
        "admits",
        "says / shares",
        "“Admits” sounds like a confession; “says” simply reports it.",
        not_before=("into",),
    ),
    _label(
        "admitted",
        "said / shared",
        "“Admitted” sounds like a confession; “said” simply reports it.",
        not_after=_PASSIVE,
        not_before=("into",),
    ),
    _label(
        "lazy",
        "Describe what happened and what got in the way.",
        "A judgment about effort leaves out what made it hard.",
    ),
    _label(
        "resistant",
        "not ready yet / has concerns about …",
        "Names the concern instead of blaming the person.",
        not_after=("treatment", "drug", "antibiotic", "water", "fire", "heat", "tamper"),
        not_before=_DIAGNOSIS_WORDS,
    ),
    _label(
        "crisis",
        "a very hard time / intensity",
        "Describes a hard moment without making it the person's whole story.",
        not_after=_CRISIS_OF_MANY,
        not_before=_CRISIS_SERVICES,
    ),
    _label(
        "crises",
        "very hard times",
        "Describes hard moments without making them the person's whole story.",
        not_after=_CRISIS_OF_MANY,
        not_before=_CRISIS_SERVICES,
    ),
    _label(
        "unmotivated",
        "not yet interested in …",
        "Leaves room for what the person does care about.",
    ),
    _label(
        "failed to",
        "did not / was not able to",
        "Says what happened without calling the person a failure.",
    ),
    _label("homeless person", "person experiencing homelessness", _HOMELESS),
    _label("homeless persons", "people experiencing homelessness", _HOMELESS),
    _label("homeless people", "people experiencing homelessness", _HOMELESS),
    _label("homeless man", "man experiencing homelessness", _HOMELESS),
    _label("homeless men", "men experiencing homelessness", _HOMELESS),
    _label("homeless woman", "woman experiencing homelessness", _HOMELESS),
    _label("homeless women", "women experiencing homelessness", _HOMELESS),
    _label("homeless family", "family experiencing homelessness", _HOMELESS),
    _label("homeless families", "families experiencing homelessness", _HOMELESS),
    _label(
        "the homeless",
        "people experiencing homelessness",
        _HOMELESS,
        not_before=(*_SHELTER_WORDS, *_HOMELESS_WHO),
    ),
    _label(
        "client",
        "participant",
        "We call the people we work with participants.",
        not_after=("email", "e-mail", "mail"),
    ),
    _label("clients", "participants", "We call the people we work with participants."),
    _label(
        "frequent flyer",
        "Describe the visits, for example “came in four times this month”.",
        "A nickname can follow a person; the facts are more useful.",
    ),
    _label(
        "frequent flyers",
        "Describe the visits, for example “came in four times this month”.",
        "A nickname can follow a person; the facts are more useful.",
    ),
    _label(
        "frequent flier",
        "Describe the visits, for example “came in four times this month”.",
        "A nickname can follow a person; the facts are more useful.",
    ),
    _label(
        "attention-seeking",
        "Describe the need, for example “asked for help three times today”.",
        "Looks at the need behind what happened, not at the person.",
    ),
    _label(
        "attention seeker",
        "Describe the need, for example “asked for help three times today”.",
        "Looks at the need behind what happened, not at the person.",
    ),
    _label("difficult", _DESCRIBE_SUGGESTION, _DESCRIBE, not_before=_DIFFICULT_THINGS),
    _label("uncooperative", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label(
        "aggressive",
        _DESCRIBE_SUGGESTION,
        _DESCRIBE,
        not_before=("treatment", "cancer", "timeline", "schedule", "outreach", "plan"),
    ),
    _label("crazy", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("psycho", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("schizo", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("the mentally ill", "people living with mental illness", _PERSON_FIRST),
    _label("retarded", "person with an intellectual disability", _PERSON_FIRST),
    _label("handicapped", "person with a disability / accessible", _PERSON_FIRST),
    _label("wheelchair-bound", "uses a wheelchair", "A wheelchair gives freedom to move."),
    _label("confined to a wheelchair", "uses a wheelchair", "A wheelchair gives freedom to move."),
    _label(
        "illegal immigrant",
        "undocumented person",
        "A person cannot be illegal; “undocumented” is accurate and respectful.",
    ),
    _label(
        "illegal immigrants",
        "undocumented people",
        "A person cannot be illegal; “undocumented” is accurate and respectful.",
    ),
    _label(
        "illegal alien",
        "undocumented person",
        "A person cannot be illegal; “undocumented” is accurate and respectful.",
    ),
    _label(
        "illegal aliens",
        "undocumented people",
        "A person cannot be illegal; “undocumented” is accurate and respectful.",
    ),
    _label(
        "illegals",
        "undocumented people",
        "A person cannot be illegal; “undocumented” is accurate and respectful.",
    ),
    _label("ex-con", "person with a conviction / person who was incarcerated", _RECORD),
    _label("ex-cons", "people with convictions / people who were incarcerated", _RECORD),
    _label("ex-offender", "person with a conviction / person who was incarcerated", _RECORD),
    _label("ex-offenders", "people with convictions / people who were incarcerated", _RECORD),
    _label("felon", "person with a felony conviction", _RECORD),
    _label("felons", "people with felony convictions", _RECORD),
    _label("prostitute", "person who trades sex", "Describes what happens, not who they are."),
    _label("prostitutes", "people who trade sex", "Describes what happens, not who they are."),
    _label(
        "suffers from",
        "lives with",
        "Says what the person lives with, without guessing how they feel about it.",
    ),
    _label(
        "suffering from",
        "living with",
        "Says what the person lives with, without guessing how they feel about it.",
    ),
    _label(
        "suffered from",
        "lived with",
        "Says what the person lived with, without guessing how they felt about it.",
    ),
    _label(
        "suffer from",
        "live with",
        "Says what people live with, without guessing how they feel about it.",
    ),
    _label("dropout", "left school", "Names something that happened, not who the person is."),
    _label(
        "dropouts",
        "people who left school",
        "Names something that happened, not who the people are.",
    ),
    _label(
        "broken home",
        "Describe the family, for example “lives with mom and grandma”.",
        "Families come in many shapes; say who is in this one.",
    ),
    _label(
        "broken homes",
        "Describe the families and who is in them.",
        "Families come in many shapes; say who is in them.",
    ),
    _label(
        "victim",
        "survivor",
        "“Survivor” speaks to strength; use the word the person chooses for themselves.",
        not_before=_VICTIM_SERVICES,
    ),
    _label(
        "victims",
        "survivors",
        "“Survivor” speaks to strength; use the word people choose for themselves.",
        not_before=_VICTIM_SERVICES,
    ),
    _label(
        "at-risk youth",
        "young person facing … / young people facing …",
        "Names the challenge, not the young person.",
    ),
    _label(
        "at-risk youths",
        "young people facing …",
        "Names the challenge, not the young people.",
    ),
    _label("at-risk kids", "young people facing …", "Names the challenge, not the young people."),
    _label("at-risk teens", "teens facing …", "Names the challenge, not the young people."),
    # --- More labels, grouped by the practice guide they follow (our own words) ------------
    # after: NIDA, "Words Matter: Terms to Use and Avoid When Talking About Addiction";
    # SAMHSA, "Words Matter: How Language Choice Can Reduce Stigma"; Recovery Research
    # Institute, "Addictionary".
    _label("drug user", "person who uses drugs", _PERSON_FIRST),
    _label("drug users", "people who use drugs", _PERSON_FIRST),
    _label("IV drug user", "person who injects drugs", _PERSON_FIRST),
    _label("IV drug users", "people who inject drugs", _PERSON_FIRST),
    _label("IVDU", "person who injects drugs", _PERSON_FIRST),
    _label("crackhead", "person who uses crack cocaine", _PERSON_FIRST),
    _label("crack head", "person who uses crack cocaine", _PERSON_FIRST),
    _label("cokehead", "person who uses cocaine", _PERSON_FIRST),
    _label("pothead", "person who uses cannabis", _PERSON_FIRST),
    _label("stoner", "person who uses cannabis", _PERSON_FIRST),
    _label("meth head", "person who uses methamphetamine", _PERSON_FIRST),
    _label("methhead", "person who uses methamphetamine", _PERSON_FIRST),
    _label("dope fiend", "person who uses drugs", _PERSON_FIRST),
    _label("druggie", "person who uses drugs", _PERSON_FIRST),
    _label(
        "drunk",
        "had been drinking / person who uses alcohol",
        _PERSON_FIRST,
        not_after=("had", "have", "has"),
        not_before=("driving", "driver", "drivers"),
    ),
    _label("drunkard", "person who uses alcohol", _PERSON_FIRST),
    _label("boozer", "person who uses alcohol", _PERSON_FIRST),
    _label("wino", "person who uses alcohol", _PERSON_FIRST),
    _label("abuser", "person who uses substances / person who caused harm", _PERSON_FIRST),
    _label("substance abusers", "people who use substances", _PERSON_FIRST),
    _label("alcohol abuser", "person who uses alcohol", _PERSON_FIRST),
    _label("drug abuser", "person who uses drugs", _PERSON_FIRST),
    _label("drug abuse", "drug use / substance use disorder", _MEDICAL, not_before=_PROGRAM_NAMES),
    _label(
        "substance abuse",
        "substance use / substance use disorder",
        _MEDICAL,
        not_before=_PROGRAM_NAMES,
    ),
    _label(
        "alcohol abuse", "alcohol use / alcohol use disorder", _MEDICAL, not_before=_PROGRAM_NAMES
    ),
    _label("drug habit", "drug use / substance use disorder", _MEDICAL),
    _label("drug problem", "substance use disorder / drug use", _MEDICAL),
    _label("drinking problem", "alcohol use disorder / alcohol use", _MEDICAL),
    _label("alcohol problem", "alcohol use disorder / alcohol use", _MEDICAL),
    _label(
        "problem drinker",
        "person who drinks heavily / person with an alcohol use disorder",
        _PERSON_FIRST,
    ),
    _label("heavy drinker", "person who drinks heavily", _PERSON_FIRST),
    _label("former addict", "person in recovery", "Names their recovery, not their past."),
    _label("recovering addict", "person in recovery", "Names their recovery, not their past."),
    _label("recovering alcoholic", "person in recovery", "Names their recovery, not their past."),
    _label("reformed addict", "person in recovery", "Names their recovery, not their past."),
    _label("got clean", "stopped using / started recovery", _CLEAN_WHY),
    _label("stayed clean", "stayed in recovery / has not used", _CLEAN_WHY),
    _label("staying clean", "staying in recovery / not using", _CLEAN_WHY),
    _label("been clean", "been in recovery / not used", _CLEAN_WHY),
    _label("clean and sober", "in recovery", _CLEAN_WHY),
    _label("clean time", "time in recovery", _CLEAN_WHY),
    _label("clean UA", "negative drug test", _CLEAN_WHY),
    _label("clean urine", "negative drug test", _CLEAN_WHY),
    _label("clean drug test", "negative drug test", _CLEAN_WHY),
    _label("clean drug screen", "negative drug screen", _CLEAN_WHY),
    _label("dirty UA", "positive drug test", _CLEAN_WHY),
    _label("dirty urine", "positive drug test", _CLEAN_WHY),
    _label("dirty drug test", "positive drug test", _CLEAN_WHY),
    _label("dirty drug screen", "positive drug screen", _CLEAN_WHY),
    _label("tested dirty", "tested positive", _CLEAN_WHY),
    _label("tested clean", "tested negative", _CLEAN_WHY),
    _label("relapsed", "returned to use / used again", _RETURN_WHY, not_before=("into",)),
    _label(
        "relapse",
        "return to use",
        _RETURN_WHY,
        not_before=("prevention", "plan", "plans", "group", "class", "workbook"),
    ),
    _label("fell off the wagon", "returned to use / started drinking again", _RETURN_WHY),
    _label("off the wagon", "returned to use", _RETURN_WHY),
    _label("on the wagon", "not drinking / in recovery", _RETURN_WHY),
    _label("hit rock bottom", "Describe what happened and what changed for them.", _DESCRIBE),
    _label("rock bottom", "Describe what happened and what changed for them.", _DESCRIBE),
    _label(
        "enabler",
        "Describe what the family member does, for example “pays the phone bill”.",
        _DESCRIBE,
    ),
    _label("codependent", "Describe the relationship in the person's own words.", _DESCRIBE),
    _label("opioid addict", "person with an opioid use disorder", _PERSON_FIRST),
    _label("heroin addict", "person who uses heroin", _PERSON_FIRST),
    _label("meth addict", "person who uses methamphetamine", _PERSON_FIRST),
    _label("crack addict", "person who uses crack cocaine", _PERSON_FIRST),
    _label("pill seeking", "Describe what the person asked for.", _DESCRIBE),
    _label("drug seeking behavior", "Describe what the person asked for.", _DESCRIBE),
    _label("drug-seeking behaviour", "Describe what the person asked for.", _DESCRIBE),
    _label(
        "replacement therapy",
        "medication for opioid use disorder / MOUD",
        _MEDICAL,
        not_after=("nicotine", "hormone", "hormonal", "estrogen", "testosterone", "enzyme"),
    ),
    _label("substitution therapy", "medication for opioid use disorder / MOUD", _MEDICAL),
    _label("opioid substitution", "medication for opioid use disorder / MOUD", _MEDICAL),
    _label("addicted baby", "baby born exposed to substances", _PERSON_FIRST),
    _label("crack baby", "baby born exposed to substances", _PERSON_FIRST),
    _label("born addicted", "born exposed to substances", _PERSON_FIRST),
    # after: APA Style, "Bias-Free Language: Disability"; NAMI, "Stigma-free language";
    # SAMHSA's and the National Council for Mental Wellbeing's person-first guidance.
    _label(
        "schizophrenic",
        "person living with schizophrenia",
        _PERSON_FIRST,
        not_before=_DIAGNOSIS_WORDS,
    ),
    _label("schizophrenics", "people living with schizophrenia", _PERSON_FIRST),
    _label(
        "psychotic",
        "person experiencing psychosis / had a psychotic episode",
        _PERSON_FIRST,
        not_before=_DIAGNOSIS_WORDS,
    ),
    _label("psychotics", "people experiencing psychosis", _PERSON_FIRST),
    _label("is bipolar", "has bipolar disorder / lives with bipolar disorder", _PERSON_FIRST),
    _label("manic-depressive", "person living with bipolar disorder", _PERSON_FIRST),
    _label("mentally ill person", "person living with mental illness", _PERSON_FIRST),
    _label("mentally ill people", "people living with mental illness", _PERSON_FIRST),
    _label("mentally ill man", "man living with mental illness", _PERSON_FIRST),
    _label("mentally ill woman", "woman living with mental illness", _PERSON_FIRST),
    _label("is mentally ill", "lives with a mental health condition", _PERSON_FIRST),
    _label("the mentally disabled", "people with mental health conditions", _PERSON_FIRST),
    _label("mental patient", "person receiving mental health care", _PERSON_FIRST),
    _label("mental patients", "people receiving mental health care", _PERSON_FIRST),
    _label("mental case", "person living with a mental health condition", _PERSON_FIRST),
    _label("nutcase", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("nut job", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("lunatic", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("insane", _DESCRIBE_SUGGESTION, _DESCRIBE, not_before=("asylum",)),
    _label("went mental", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("loony", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("deranged", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("demented", "person living with dementia", _PERSON_FIRST),
    _label("hysterical", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("histrionic", _DESCRIBE_SUGGESTION, _DESCRIBE, not_before=_DIAGNOSIS_WORDS),
    _label("OCD about", "careful about / likes things a certain way", _MEDICAL),
    _label("so OCD", "careful about / likes things a certain way", _MEDICAL),
    _label("anorexic", "person living with anorexia", _PERSON_FIRST, not_before=_DIAGNOSIS_WORDS),
    _label("bulimic", "person living with bulimia", _PERSON_FIRST, not_before=_DIAGNOSIS_WORDS),
    _label("committed suicide", "died by suicide", _SUICIDE_WHY),
    _label("commit suicide", "die by suicide / end their life", _SUICIDE_WHY),
    _label("commits suicide", "dies by suicide", _SUICIDE_WHY),
    _label("successful suicide", "died by suicide", _SUICIDE_WHY),
    _label("failed suicide", "suicide attempt / survived a suicide attempt", _SUICIDE_WHY),
    _label("unsuccessful suicide", "suicide attempt / survived a suicide attempt", _SUICIDE_WHY),
    _label("suicidal gesture", "suicide attempt / self-harm", _SUICIDE_WHY),
    _label("cry for help", "Describe what happened and what they said about it.", _SUICIDE_WHY),
    _label("psychiatric patient", "person receiving psychiatric care", _PERSON_FIRST),
    _label("off their meds", "stopped taking their medication", _MEDICAL),
    _label("off his meds", "stopped taking his medication", _MEDICAL),
    _label("off her meds", "stopped taking her medication", _MEDICAL),
    _label("med noncompliant", "has concerns about the medication / chose not to take it", _CHOICE),
    _label(
        "medication noncompliant",
        "has concerns about the medication / chose not to take it",
        _CHOICE,
    ),
    _label(
        "treatment resistant",
        "has not found a treatment that works yet",
        _MEDICAL,
        not_before=("depression", "schizophrenia", "epilepsy", "hypertension"),
    ),
    _label("poor insight", "sees it differently / Describe what they said about it.", _DESCRIBE),
    _label("lacks insight", "sees it differently / Describe what they said about it.", _DESCRIBE),
    _label("no insight", "sees it differently / Describe what they said about it.", _DESCRIBE),
    _label(
        "decompensating",
        "Describe the changes you saw, for example “sleeps two hours a night”.",
        _DESCRIBE,
    ),
    _label("decompensated", "Describe the changes you saw.", _DESCRIBE),
    _label("low functioning", "Describe the support the person needs.", _PERSON_FIRST),
    _label(
        "high functioning",
        "Describe what the person does well and what support helps.",
        _PERSON_FIRST,
    ),
    # after: ADA National Network, "Guidelines for Writing About People With Disabilities";
    # National Center on Disability and Journalism, "Disability Language Style Guide";
    # CDC, "Communicating With and About People With Disabilities".
    _label(
        "the disabled",
        "disabled people / people with disabilities",
        _PERSON_FIRST,
        not_before=_DISABLED_THINGS,
    ),
    _label("the handicapped", "people with disabilities", _PERSON_FIRST),
    _label(
        "handicap",
        "disability",
        _PERSON_FIRST,
        not_before=("parking", "accessible", "space", "spot", "spaces", "placard"),
    ),
    _label("cripple", "person with a disability", _PERSON_FIRST),
    _label("crippled", "has a disability / uses a mobility aid", _PERSON_FIRST, not_before=("by",)),
    _label("retard", "person with an intellectual disability", _PERSON_FIRST),
    _label("mentally retarded", "person with an intellectual disability", _PERSON_FIRST),
    _label("mental retardation", "intellectual disability", _PERSON_FIRST),
    _label(
        "slow learner",
        "person who learns in their own way / Describe the support needed.",
        _PERSON_FIRST,
    ),
    _label(
        "special needs",
        "disabled / Name the support the person needs.",
        _PERSON_FIRST,
        not_before=("trust", "trusts", "plan", "plans", "planning"),
    ),
    _label(
        "suffers with",
        "lives with",
        "Says what the person lives with, without guessing how they feel about it.",
    ),
    _label(
        "afflicted with",
        "lives with / has",
        "Says what the person lives with, without guessing how they feel about it.",
    ),
    _label(
        "stricken with",
        "has / was diagnosed with",
        "Says what the person lives with, without guessing how they feel about it.",
    ),
    _label("victim of cancer", "person who has cancer", _PERSON_FIRST),
    _label("stroke victim", "person who had a stroke", _PERSON_FIRST),
    _label("AIDS victim", "person living with HIV", _PERSON_FIRST),
    _label("confined to bed", "stays in bed most of the day", _PERSON_FIRST),
    _label("bound to a wheelchair", "uses a wheelchair", "A wheelchair gives freedom to move."),
    _label("wheelchair-confined", "uses a wheelchair", "A wheelchair gives freedom to move."),
    _label("deaf and dumb", "Deaf / deaf person", _PERSON_FIRST),
    _label("deaf-mute", "Deaf / deaf person", _PERSON_FIRST),
    _label("dumb", "Describe what you saw.", _DESCRIBE, not_before=("luck", "phone", "phones")),
    _label(
        "the blind",
        "blind people / people who are blind",
        _PERSON_FIRST,
        not_before=("spot", "spots", "corner", "side", "date"),
    ),
    _label("midget", "person of short stature / little person", _PERSON_FIRST),
    _label("mongoloid", "person with Down syndrome", _PERSON_FIRST),
    _label("Down's child", "child with Down syndrome", _PERSON_FIRST),
    _label("epileptic fit", "seizure", _MEDICAL),
    _label("diabetics", "people with diabetes", _PERSON_FIRST),
    _label("epileptics", "people with epilepsy", _PERSON_FIRST),
    _label("birth defect", "congenital disability", _PERSON_FIRST),
    _label("differently abled", "disabled / has a disability", _PERSON_FIRST),
    _label("handicapable", "disabled / has a disability", _PERSON_FIRST),
    _label("normal people", "people without disabilities", _PERSON_FIRST),
    _label("able-bodied", "nondisabled", _PERSON_FIRST, not_before=("adult", "adults")),
    # after: National Alliance to End Homelessness and HUD guidance on person-first
    # language about housing; National Health Care for the Homeless Council.
    _label("homeless individual", "person experiencing homelessness", _HOMELESS),
    _label("homeless individuals", "people experiencing homelessness", _HOMELESS),
    _label(
        "homeless youth",
        "young person experiencing homelessness",
        _HOMELESS,
        not_before=_SHELTER_WORDS,
    ),
    _label("homeless youths", "young people experiencing homelessness", _HOMELESS),
    _label("homeless kid", "young person experiencing homelessness", _HOMELESS),
    _label("homeless kids", "young people experiencing homelessness", _HOMELESS),
    _label("homeless child", "child experiencing homelessness", _HOMELESS),
    _label("homeless children", "children experiencing homelessness", _HOMELESS),
    _label("homeless veteran", "veteran experiencing homelessness", _HOMELESS),
    _label("homeless veterans", "veterans experiencing homelessness", _HOMELESS),
    _label("homeless guy", "man experiencing homelessness", _HOMELESS),
    _label("homeless mother", "mother experiencing homelessness", _HOMELESS),
    _label("homeless mom", "mom experiencing homelessness", _HOMELESS),
    _label("homeless dad", "dad experiencing homelessness", _HOMELESS),
    _label("homeless father", "father experiencing homelessness", _HOMELESS),
    _label("homeless population", "people experiencing homelessness", _HOMELESS),
    _label("homeless client", "participant experiencing homelessness", _HOMELESS),
    _label("homeless participant", "participant experiencing homelessness", _HOMELESS),
    _label("homeless participants", "participants experiencing homelessness", _HOMELESS),
    _label("homeless tenant", "tenant who was homeless", _HOMELESS),
    _label("homeless addict", "person experiencing homelessness who uses drugs", _HOMELESS),
    _label("is homeless", "is experiencing homelessness / has no stable place to live", _HOMELESS),
    _label(
        "was homeless", "was experiencing homelessness / had no stable place to live", _HOMELESS
    ),
    _label(
        "are homeless", "are experiencing homelessness / have no stable place to live", _HOMELESS
    ),
    _label(
        "were homeless", "were experiencing homelessness / had no stable place to live", _HOMELESS
    ),
    _label("became homeless", "lost their housing", _HOMELESS),
    _label(
        "chronically homeless",
        "has experienced homelessness for a long time",
        _HOMELESS,
        not_before=("definition", "status", "criteria", "verification", "documentation"),
    ),
    _label(
        "the chronically homeless",
        "people who have experienced homelessness for a long time",
        _HOMELESS,
        not_before=("definition", "status", "criteria", "verification", "documentation"),
    ),
    _label("vagrant", "person experiencing homelessness", _HOMELESS),
    _label("vagrants", "people experiencing homelessness", _HOMELESS),
    _label("hobo", "person experiencing homelessness", _HOMELESS),
    _label("bum", "person experiencing homelessness", _HOMELESS, not_before=("knee", "leg")),
    _label("bums", "people experiencing homelessness", _HOMELESS),
    _label(
        "transient",
        "person without a stable home",
        _HOMELESS,
        not_before=("ischemic", "symptoms", "issue", "error", "lodging", "occupancy"),
    ),
    _label("transients", "people without a stable home", _HOMELESS),
    _label("street person", "person living outside / person without a stable home", _HOMELESS),
    _label("street people", "people living outside / people without a stable home", _HOMELESS),
    _label(
        "derelict",
        "person experiencing homelessness",
        _HOMELESS,
        not_after=("is", "was", "are", "were", "been", "became"),
        not_before=("building", "buildings", "property", "lot", "house"),
    ),
    _label("shelter rat", "person staying at the shelter", _HOMELESS),
    _label("squatter", "person staying without a lease", _HOMELESS),
    _label("squatters", "people staying without a lease", _HOMELESS),
    _label("couch surfer", "person staying with friends or family", _HOMELESS),
    _label("bag lady", "woman experiencing homelessness", _HOMELESS),
    _label("panhandler", "person asking for money", _HOMELESS),
    _label("beggar", "person asking for money", _HOMELESS),
    _label("sleeps rough", "sleeps outside", _HOMELESS),
    _label("bad tenant", "Describe what happened with the tenancy.", _DESCRIBE),
    _label("problem tenant", "Describe what happened with the tenancy.", _DESCRIBE),
    _label(
        "poor hygiene", "Describe what you saw, for example “asked where to shower”.", _HYGIENE_WHY
    ),
    _label(
        "bad hygiene", "Describe what you saw, for example “asked where to shower”.", _HYGIENE_WHY
    ),
    _label(
        "unkempt",
        "Describe what you saw, for example “wore the same clothes as Monday”.",
        _HYGIENE_WHY,
    ),
    _label("disheveled", "Describe what you saw, for example “hair not brushed”.", _HYGIENE_WHY),
    _label("dishevelled", "Describe what you saw, for example “hair not brushed”.", _HYGIENE_WHY),
    _label(
        "smelly", "Describe what you saw and what might help, such as laundry access.", _HYGIENE_WHY
    ),
    _label("filthy", "Describe what you saw and what might help.", _HYGIENE_WHY),
    _label("hoarder", "person who keeps many things / Describe the home.", _PERSON_FIRST),
    _label("hoarders", "people who keep many things", _PERSON_FIRST),
    # after: The Fortune Society, "Words Matter"; Center for NuLeadership on Urban
    # Solutions, "An Open Letter to Our Friends on the Question of Language"; The
    # Marshall Project, "The Language Project".
    _label(
        "offender",
        "person with a conviction / person who caused harm",
        _RECORD,
        not_before=("registry", "registration", "program", "services", "reentry", "management"),
    ),
    _label(
        "offenders",
        "people with convictions",
        _RECORD,
        not_before=("registry", "program", "services"),
    ),
    _label(
        "sex offender",
        "person convicted of a sexual offense",
        _RECORD,
        not_before=("registry", "registration", "treatment"),
    ),
    _label(
        "criminal",
        "person with a conviction / person who was arrested",
        _RECORD,
        not_before=_CRIMINAL_THINGS,
    ),
    _label("criminals", "people with convictions", _RECORD),
    _label("convict", "person who is incarcerated / person with a conviction", _RECORD),
    _label("convicts", "people who are incarcerated / people with convictions", _RECORD),
    _label("ex-convict", "person who was incarcerated", _RECORD),
    _label("ex-felon", "person with a felony conviction", _RECORD),
    _label("ex-felons", "people with felony convictions", _RECORD),
    _label("ex-prisoner", "person who was incarcerated", _RECORD),
    _label(
        "inmate",
        "person who is incarcerated",
        _RECORD,
        not_before=("locator", "number", "id", "account", "trust", "search", "lookup"),
    ),
    _label("inmates", "people who are incarcerated", _RECORD),
    _label("prisoner", "person who is incarcerated", _RECORD),
    _label("prisoners", "people who are incarcerated", _RECORD),
    _label("parolee", "person on parole", _RECORD),
    _label("parolees", "people on parole", _RECORD),
    _label("probationer", "person on probation", _RECORD),
    _label("probationers", "people on probation", _RECORD),
    _label("juvenile delinquent", "young person involved with the justice system", _RECORD),
    _label(
        "delinquent",
        "young person involved with the justice system",
        _RECORD,
        not_after=("is", "was", "are", "were", "been", "became", "become"),
        not_before=(
            "account",
            "accounts",
            "rent",
            "payment",
            "payments",
            "taxes",
            "bill",
            "bills",
            "balance",
            "loan",
            "loans",
        ),
    ),
    _label("delinquents", "young people involved with the justice system", _RECORD),
    _label("thug", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("thugs", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("gangbanger", "young person involved with a gang / Describe what happened.", _DESCRIBE),
    _label("gang banger", "young person involved with a gang / Describe what happened.", _DESCRIBE),
    _label("gang member", "person involved with a gang", _PERSON_FIRST),
    _label("perp", "person accused of / person who caused harm", _RECORD),
    _label("perpetrator", "person who caused harm", _RECORD),
    _label("jailbird", "person who was incarcerated", _RECORD),
    _label("lifer", "person serving a life sentence", _RECORD),
    _label("career criminal", "person with several convictions", _RECORD),
    _label("repeat offender", "person with more than one conviction", _RECORD),
    _label("habitual offender", "person with more than one conviction", _RECORD),
    _label("did time", "was incarcerated", _RECORD),
    _label("behind bars", "incarcerated / in jail", _RECORD),
    _label("in the joint", "in prison", _RECORD),
    _label("absconded", "missed check-ins / lost contact with", _DESCRIBE),
    _label("absconder", "person who lost contact with supervision", _RECORD),
    _label("dirty record", "conviction history", _RECORD),
    _label("rap sheet", "record / conviction history", _RECORD),
    _label("priors", "earlier convictions", _RECORD),
    _label("snitch", "Describe what happened.", _DESCRIBE),
    # after: UNHCR, "Master Glossary of Terms"; AP Stylebook guidance on "illegal
    # immigrant" (2013); International Organization for Migration, "Glossary on Migration".
    _label("illegally here", "without legal status / undocumented", _MIGRATION_WHY),
    _label("here illegally", "without legal status / undocumented", _MIGRATION_WHY),
    _label(
        "alien",
        "immigrant / noncitizen",
        _MIGRATION_WHY,
        not_before=("registration", "number", "file", "a-number", "card"),
    ),
    _label("aliens", "immigrants / noncitizens", _MIGRATION_WHY),
    _label("undocumented alien", "undocumented person", _MIGRATION_WHY),
    _label("illegal migrant", "undocumented person / migrant without status", _MIGRATION_WHY),
    _label("illegal migrants", "undocumented people / migrants without status", _MIGRATION_WHY),
    _label("illegal refugee", "refugee / asylum seeker", _MIGRATION_WHY),
    _label("bogus asylum seeker", "person seeking asylum", _MIGRATION_WHY),
    _label("bogus refugee", "refugee / person seeking asylum", _MIGRATION_WHY),
    _label("anchor baby", "child born in the United States / U.S.-citizen child", _MIGRATION_WHY),
    _label("anchor babies", "children born in the United States", _MIGRATION_WHY),
    _label("wetback", "immigrant / person from Mexico", _MIGRATION_WHY),
    _label("fresh off the boat", "recently arrived / new to the country", _MIGRATION_WHY),
    _label("foreigner", "immigrant / newcomer / person from …", _MIGRATION_WHY),
    _label("foreigners", "immigrants / newcomers / people from …", _MIGRATION_WHY),
    _label(
        "broken English", "is learning English / speaks English as a new language", _LANGUAGE_WHY
    ),
    _label("no English", "speaks … / prefers to speak …", _LANGUAGE_WHY),
    _label("non-English speaker", "… speaker / person who speaks …", _LANGUAGE_WHY),
    _label("non-English speakers", "people who speak …", _LANGUAGE_WHY),
    _label("language barrier", "speaks … / needs an interpreter for …", _LANGUAGE_WHY),
    _label("third world", "lower-income country / name the country", _MIGRATION_WHY),
    _label("third world country", "name the country", _MIGRATION_WHY),
    _label("uneducated", "has not had the chance to study / Describe their schooling.", _DESCRIBE),
    _label("illiterate", "is learning to read / reads in …", _LANGUAGE_WHY),
    # after: Youth.gov (positive youth development); Aspen Institute Forum for Community
    # Solutions on "opportunity youth"; APA Style, "Bias-Free Language: Age".
    _label("high-risk youth", "young person facing …", "Names the challenge, not the person."),
    _label("troubled youth", "young person facing …", "Names the challenge, not the person."),
    _label("troubled teen", "teen facing …", "Names the challenge, not the person."),
    _label("troubled teens", "teens facing …", "Names the challenge, not the person."),
    _label("troubled kid", "young person facing …", "Names the challenge, not the person."),
    _label("problem child", "Describe what happened and what the child needs.", _DESCRIBE),
    _label("bad kid", "Describe what happened and what the young person needs.", _DESCRIBE),
    _label("bad kids", "Describe what happened and what they need.", _DESCRIBE),
    _label(
        "juvenile",
        "young person",
        _YOUTH_WHY,
        not_before=(
            "court",
            "justice",
            "probation",
            "detention",
            "division",
            "record",
            "records",
            "hall",
            "facility",
            "officer",
            "services",
            "diabetes",
        ),
    ),
    _label("juveniles", "young people", _YOUTH_WHY),
    _label("idle youth", "opportunity youth / young person not in school or work", _YOUTH_WHY),
    _label(
        "runaway",
        "young person who left home",
        _YOUTH_WHY,
        not_before=("shelter", "hotline", "program", "services", "act", "and"),
    ),
    _label("runaways", "young people who left home", _YOUTH_WHY),
    _label("throwaway", "young person pushed out of home", _YOUTH_WHY),
    _label("throwaways", "young people pushed out of home", _YOUTH_WHY),
    _label("street kid", "young person living outside", _YOUTH_WHY),
    _label("street kids", "young people living outside", _YOUTH_WHY),
    _label("teen mom", "young mother / parent", _YOUTH_WHY),
    _label("teen mother", "young mother / parent", _YOUTH_WHY),
    _label("teenage mother", "young mother / parent", _YOUTH_WHY),
    _label("children having children", "young parents", _YOUTH_WHY),
    _label("illegitimate", "born to unmarried parents", _YOUTH_WHY),
    _label("bastard", "Describe the family in plain words.", _DESCRIBE),
    _label("latchkey kid", "child who is home alone after school", _YOUTH_WHY),
    _label("welfare mom", "mother receiving benefits", _POVERTY_WHY),
    _label("welfare mother", "mother receiving benefits", _POVERTY_WHY),
    _label("welfare queen", "person receiving benefits", _POVERTY_WHY),
    _label("on welfare", "receives TANF / receives benefits", _POVERTY_WHY),
    _label("welfare dependent", "receives benefits", _POVERTY_WHY),
    _label(
        "deadbeat",
        "Describe what happened, for example “has not paid support since May”.",
        _DESCRIBE,
    ),
    _label("deadbeat dad", "father who has not paid support / Describe what happened.", _DESCRIBE),
    _label("deadbeat dads", "fathers who have not paid support", _DESCRIBE),
    _label("freeloader", "Describe the arrangement in plain words.", _DESCRIBE),
    _label("moocher", "Describe the arrangement in plain words.", _DESCRIBE),
    _label(
        "the poor",
        "people living on low incomes",
        _POVERTY_WHY,
        not_before=(
            "condition",
            "state",
            "quality",
            "weather",
            "reception",
            "connection",
            "signal",
            "timing",
            "air",
            "thing",
            "things",
        ),
    ),
    _label("poor people", "people living on low incomes", _POVERTY_WHY),
    _label("low-class", "Describe the situation in plain words.", _POVERTY_WHY),
    _label("trailer trash", "Describe where and how the person lives.", _POVERTY_WHY),
    _label("ghetto", "neighborhood / name the neighborhood", _POVERTY_WHY),
    _label("slum", "neighborhood / name the neighborhood", _POVERTY_WHY),
    # after: APA Style bias-free language on judgments of people; the same person-first
    # guides above (generic judging words that describe no behavior).
    _label("non-cooperative", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("noncooperative", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("combative", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("belligerent", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label(
        "defiant",
        _DESCRIBE_SUGGESTION,
        _DESCRIBE,
        not_after=("oppositional",),
        not_before=_DIAGNOSIS_WORDS,
    ),
    _label(
        "oppositional", _DESCRIBE_SUGGESTION, _DESCRIBE, not_before=(*_DIAGNOSIS_WORDS, "defiant")
    ),
    _label("argumentative", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("confrontational", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("disrespectful", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("insolent", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("rude", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("obnoxious", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("dysfunctional", "Describe the family or situation in plain words.", _DESCRIBE),
    _label("out of control", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("acting out", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("acted out", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("behavior problem", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("behavior problems", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("behaviour problems", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("bad attitude", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("attitude problem", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("troublemaker", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("trouble maker", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("ungrateful", "Describe what the person said.", _DESCRIBE),
    _label("clingy", "Describe what the person asked for.", _DESCRIBE),
    _label("whiny", "Describe what the person said.", _DESCRIBE),
    _label("whining", "Describe what the person said.", _DESCRIBE),
    _label("complainer", "Describe what the person raised.", _DESCRIBE),
    _label("pushy", "Describe what the person asked for.", _DESCRIBE),
    _label("untrustworthy", "Describe what happened.", _DESCRIBE),
    _label("dishonest", "Describe what the person said and what you found.", _DESCRIBE),
    _label("deceitful", "Describe what the person said and what you found.", _DESCRIBE),
    _label("liar", "Describe what the person said and what you found.", _DESCRIBE),
    _label("lied", "said something different from … / Describe both accounts.", _DESCRIBE),
    _label(
        "lying",
        "said something different from … / Describe both accounts.",
        _DESCRIBE,
        not_before=("down", "on", "in"),
    ),
    _label("sneaky", "Describe what happened.", _DESCRIBE),
    _label("shady", "Describe what happened.", _DESCRIBE, not_before=("spot", "tree", "side")),
    _label("con artist", "Describe what happened.", _DESCRIBE),
    _label("scammer", "Describe what happened.", _DESCRIBE),
    _label("gaming the system", "Describe what happened.", _DESCRIBE),
    _label("working the system", "Describe what happened.", _DESCRIBE),
    _label("playing the system", "Describe what happened.", _DESCRIBE),
    _label("splitting staff", "Describe what the person asked each staff member.", _DESCRIBE),
    _label("non-engaged", "not yet involved in … / Describe what got in the way.", _CHOICE),
    _label("disengaged", "not yet involved in … / Describe what got in the way.", _CHOICE),
    _label("unengaged", "not yet involved in … / Describe what got in the way.", _CHOICE),
    _label("poorly motivated", "not yet interested in …", _CHOICE),
    _label("lacks motivation", "is not yet interested in …", _CHOICE),
    _label("no motivation", "not yet interested in …", _CHOICE),
    _label("unwilling", "chose not to / not ready to", _CHOICE),
    _label("won't comply", "chose not to", _CHOICE),
    _label("refusal", "choice not to / decision not to", _CHOICE, not_after=("first", "right")),
    _label("refusals", "choices not to", _CHOICE),
    _label("declined to cooperate", "chose not to", _CHOICE),
    _label("lack of compliance", "chose a different path / has concerns about …", _CHOICE),
    _label(
        "no-show",
        "missed the appointment / did not come",
        _FAILED_WHY,
        not_before=("rate", "rates", "policy", "fee"),
    ),
    _label("no-showed", "missed the appointment / did not come", _FAILED_WHY),
    _label("AWOL", "did not come back / we could not reach them", _FAILED_WHY),
    _label("dropped out of treatment", "left treatment / stopped coming to treatment", _FAILED_WHY),
    _label("hot mess", "Describe what you saw.", _DESCRIBE),
    _label("train wreck", "Describe what you saw.", _DESCRIBE),
    _label("basket case", "Describe what you saw.", _DESCRIBE),
    _label("loser", "Describe what happened.", _DESCRIBE),
    _label("losers", "Describe what happened.", _DESCRIBE),
    _label("weirdo", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("creepy", _DESCRIBE_SUGGESTION, _DESCRIBE),
    _label("promiscuous", "Describe only what matters for the plan, in plain words.", _DESCRIBE),
    _label("slut", "Describe only what matters for the plan, in plain words.", _DESCRIBE),
    _label("hooker", "person who trades sex", "Describes what happens, not who they are."),
    _label("hookers", "people who trade sex", "Describes what happens, not who they are."),
    _label("working girl", "person who trades sex", "Describes what happens, not who they are."),
    _label("victimized", "was harmed / experienced …", "Names what happened, not who they are."),
    _label(
        "poor historian", "Describe what the person remembered and what they did not.", _DESCRIBE
    ),
    _label("unable to give history", "Describe what the person remembered.", _DESCRIBE),
    _label("malingering", "Describe what the person reported and what you saw.", _DESCRIBE),
    _label("malingerer", "Describe what the person reported and what you saw.", _DESCRIBE),
    _label("faking it", "Describe what the person reported and what you saw.", _DESCRIBE),
    _label("allegedly", "Write what they said, in their words.", _SAID),
    _label("supposedly", "Write what they said, in their words.", _SAID),
    _label("purportedly", "Write what they said, in their words.", _SAID),
    _label("alleges", "says / reports", _SAID),
    _label("insists", "says / repeats", _SAID, not_before=("on", "upon")),
    _label("insisted", "said / repeated", _SAID, not_before=("on", "upon")),
    _label("professed", "said", _SAID),
    _label("so-called", "Use the name the person uses.", _SAID),
    _label("complained of", "reported / said", _SAID),
    _label("complains of", "reports / says", _SAID),
    _label("complaining of", "reporting / saying", _SAID),
    # --- Opinions (objective account only) -----------------------------------------------
    _opinion("seem"),
    _opinion("seems"),
    _opinion("seemed"),
    _opinion("seemingly"),
    _opinion("appear", not_after=("to",), not_before=_APPEARS_WHERE),
    _opinion("appears", not_before=_APPEARS_WHERE),
    _opinion("appeared", not_before=_APPEARS_WHERE),
    _opinion("apparently"),
    _opinion("evidently"),
    _opinion("obviously"),
    _opinion("obvious"),
    _opinion("clearly", not_after=_CLEARLY_AFTER, not_before=_CLEARLY_BEFORE),
    _opinion("probably"),
    _opinion("I think"),
    _opinion("I thought"),
    _opinion("I feel"),
    _opinion("I felt"),
    _opinion("I believe"),
    _opinion("I suspect"),
    _opinion("I guess"),
    _opinion("I'm sure"),
    _opinion("I am sure"),
    _opinion("in my opinion"),
    # --- Shorthand (every section) -------------------------------------------------------
    _short("pt", "participant"),
    _short("b/c", "because"),
    _short("bc", "because"),
    _short("cuz", "because"),
    _short("coz", "because"),
    _short("w/", "with"),
    _short("w/o", "without"),
    _short("w/in", "within"),
    _short("b/w", "between"),
    _short("appt", "appointment"),
    _short("appts", "appointments"),
    _short("f/u", "follow-up / follow up"),
    _short("mtg", "meeting"),
    _short("mtgs", "meetings"),
    _short("thx", "thanks"),
    _short("pls", "please"),
    _short("plz", "please"),
    _short("u", "you", not_before=("of",)),
    _short("ur", "your / you're"),
    _short("gonna", "going to"),
    _short("wanna", "want to"),
    _short("gotta", "have to"),
    _short("kinda", "kind of"),
    _short("sorta", "sort of"),
    _short("dunno", "does not know"),
    _short("idk", "does not know"),
    _short("ppl", "people"),
    _short("yr", "year"),
    _short("yrs", "years"),
    _short("y/o", "years old"),
    _short("govt", "government"),
    _short("gov't", "government"),
    _short("dx", "diagnosis"),
    _short("hx", "history"),
    _short("abt", "about"),
    _short("b4", "before"),
    _short("tmrw", "tomorrow"),
    _short("bday", "birthday"),
    _short("bf", "boyfriend"),
    _short("gf", "girlfriend"),
    _short("lmk", "let me know"),
    # --- Slang (every section) -----------------------------------------------------------
    _short("freaked out", "was very upset / became very upset", SLANG_WHY),
    _short("freaking out", "very upset", SLANG_WHY),
    _short("freak out", "get very upset", SLANG_WHY),
    _short("freaks out", "gets very upset", SLANG_WHY),
    _short("flipped out", "became very upset", SLANG_WHY),
    _short("pissed", "angry / upset", SLANG_WHY),
    _short("pissed off", "angry / upset", SLANG_WHY),
    _short(
        "tweaking",
        "Describe what you saw, for example “talking fast and could not sit still”.",
        SLANG_WHY,
        not_before=_OBJECTS,
    ),
    _short(
        "tweaked",
        "Describe what you saw, for example “talking fast and could not sit still”.",
        SLANG_WHY,
        not_before=_OBJECTS,
    ),
    _short("the hood", "the neighborhood", SLANG_WHY),
    _short(
        "hood",
        "neighborhood",
        SLANG_WHY,
        not_after=("her", "his", "their", "my", "a", "jacket", "coat", "car", "truck", "stove"),
        not_before=("of", "up", "down", "on", "off"),
    ),
    _short("cops", "police / police officers", SLANG_WHY),
    _short("baby mama", "child's mother", SLANG_WHY),
    _short("baby daddy", "child's father", SLANG_WHY),
    _short("sketchy", "Describe what you saw and heard.", SLANG_WHY),
]


# --- Spanish -----------------------------------------------------------------------
# Written for notes kept in Spanish, in our own words, from the same person-first and
# recovery-language practice as the English list (and the guidance on respectful
# language about migration and disability used by Spanish-language services). Words
# with an everyday second meaning are left out ("retrasado" is also "late",
# "problemática" also "the issue", "tb" also tuberculosis, "q" also "Q&A").

_ES_OPINION_WHY = "El relato objetivo es para lo que viste y oíste; tu opinión va en la evaluación."
_ES_SHORT_WHY = (
    "Las palabras completas son más fáciles de leer para todos, también para la persona."
)
_ES_SLANG_WHY = "Las palabras sencillas dicen lo que pasó sin jerga que puede sonar descuidada."
_ES_PERSON = "Pone primero a la persona, no una etiqueta."
_ES_DESCRIBE = "Describir lo que pasó es más justo y más útil que una etiqueta."
_ES_DESCRIBE_SUGGESTION = "Describe lo que viste y oíste, por ejemplo “levantó la voz”."
_ES_CHOICE = "Dice lo que la persona eligió, sin culparla."
_ES_HOUSING = "Estar sin vivienda es algo que la persona atraviesa, no quién es."
_ES_SAID = "Recoge sus palabras sin insinuar que dudamos de ellas."
_ES_RECORD = "Una condena pasada es parte de la historia de alguien, no quién es."
_ES_PARTICIPANT = (
    "En Waypoint hablamos de participantes: personas que eligen trabajar con nosotros."
)
_ES_MIGRATION = "Ninguna persona es ilegal; su situación migratoria es una circunstancia."
_ES_SUBSTANCE = "persona con un trastorno por consumo de sustancias / persona en recuperación"


_es_label = functools.partial(_label, language="es")
_es_opinion = functools.partial(_opinion, why=_ES_OPINION_WHY, language="es")
_es_short = functools.partial(_short, usual_why=_ES_SHORT_WHY, language="es")


DEFAULT_RULES_ES: list[Rule] = [
    # Who they are: participants, not clients or cases.
    _es_label("cliente", "participante", _ES_PARTICIPANT),
    _es_label("clienta", "participante", _ES_PARTICIPANT),
    _es_label("clientes", "participantes", _ES_PARTICIPANT),
    # Substance use.
    _es_label("adicto", _ES_SUBSTANCE, _ES_PERSON),
    _es_label("adicta", _ES_SUBSTANCE, _ES_PERSON),
    _es_label("adictos", "personas con un trastorno por consumo de sustancias", _ES_PERSON),
    _es_label("drogadicto", _ES_SUBSTANCE, _ES_PERSON),
    _es_label("drogadicta", _ES_SUBSTANCE, _ES_PERSON),
    _es_label(
        "alcohólico",
        "persona con un trastorno por consumo de alcohol",
        _ES_PERSON,
        not_after=("bebida", "producto", "contenido"),
    ),
    _es_label(
        "alcohólica",
        "persona con un trastorno por consumo de alcohol",
        _ES_PERSON,
        not_after=("bebida", "bebidas", "graduación"),
    ),
    _es_label("viciosa", "Describe lo que pasó, sin juzgar.", _ES_DESCRIBE),
    _es_label("vicioso", "Describe lo que pasó, sin juzgar.", _ES_DESCRIBE, not_after=("círculo",)),
    # Housing.
    _es_label("indigente", "persona sin vivienda estable", _ES_HOUSING),
    _es_label("indigentes", "personas sin vivienda estable", _ES_HOUSING),
    _es_label("vagabundo", "persona sin vivienda estable", _ES_HOUSING),
    _es_label("vagabunda", "persona sin vivienda estable", _ES_HOUSING),
    _es_label("los sin techo", "las personas sin vivienda", _ES_HOUSING),
    # Migration.
    _es_label("inmigrante ilegal", "persona sin documentos", _ES_MIGRATION),
    _es_label("inmigrantes ilegales", "personas sin documentos", _ES_MIGRATION),
    _es_label(
        "ilegales",
        "personas sin documentos",
        _ES_MIGRATION,
        not_after=("drogas", "armas", "sustancias", "actividades", "descargas"),
    ),
    # Behaviour: describe it instead of judging it.
    _es_label("incumplidor", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("incumplidora", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("no cooperativo", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("no cooperativa", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("manipulador", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("manipuladora", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("agresivo", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("agresiva", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("conflictivo", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("conflictiva", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("problemático", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("desmotivado", "Di qué quiere y qué le frena, con sus palabras.", _ES_DESCRIBE),
    _es_label("desmotivada", "Di qué quiere y qué le frena, con sus palabras.", _ES_DESCRIBE),
    _es_label("vago", "Describe lo que pasó, sin juzgar.", _ES_DESCRIBE),
    _es_label(
        "vaga",
        "Describe lo que pasó, sin juzgar.",
        _ES_DESCRIBE,
        not_after=("idea", "respuesta", "descripción"),
    ),
    _es_label("loco", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("loca", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    # Choices: what they decided, without blame.
    _es_label("se negó a", "decidió no / prefirió no", _ES_CHOICE),
    _es_label("se niega a", "decide no / prefiere no", _ES_CHOICE),
    _es_label("se rehusó a", "decidió no / prefirió no", _ES_CHOICE),
    # Justice.
    _es_label("delincuente", "persona con antecedentes penales", _ES_RECORD),
    _es_label("delincuentes", "personas con antecedentes penales", _ES_RECORD),
    _es_label("expresidiario", "persona que estuvo en prisión", _ES_RECORD),
    _es_label("expresidiaria", "persona que estuvo en prisión", _ES_RECORD),
    _es_label("exconvicto", "persona que estuvo en prisión", _ES_RECORD),
    _es_label("exconvicta", "persona que estuvo en prisión", _ES_RECORD),
    _es_label("pandillero", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    _es_label("pandillera", _ES_DESCRIBE_SUGGESTION, _ES_DESCRIBE),
    # Youth.
    _es_label("desertor escolar", "joven que dejó la escuela", _ES_PERSON),
    _es_label("desertora escolar", "joven que dejó la escuela", _ES_PERSON),
    _es_label(
        "jóvenes en riesgo",
        "Di a qué se enfrentan, por ejemplo “jóvenes sin vivienda estable”.",
        _ES_PERSON,
    ),
    # Health and disability.
    _es_label("discapacitado", "persona con discapacidad", _ES_PERSON),
    _es_label("discapacitada", "persona con discapacidad", _ES_PERSON),
    _es_label("minusválido", "persona con discapacidad", _ES_PERSON),
    _es_label("minusválida", "persona con discapacidad", _ES_PERSON),
    _es_label("enfermo mental", "persona con una condición de salud mental", _ES_PERSON),
    _es_label("enferma mental", "persona con una condición de salud mental", _ES_PERSON),
    _es_label("enfermos mentales", "personas con una condición de salud mental", _ES_PERSON),
    _es_label("esquizofrénico", "persona que vive con esquizofrenia", _ES_PERSON),
    _es_label("esquizofrénica", "persona que vive con esquizofrenia", _ES_PERSON),
    _es_label(
        "bipolar",
        "persona que vive con trastorno bipolar",
        _ES_PERSON,
        not_after=("trastorno", "diagnóstico", "episodio"),
        not_before=("disorder", "i", "ii", "type", "depression", "disease"),
    ),
    # Doubt-casting verbs: report what they said.
    _es_label("afirma que", "dice que / contó que", _ES_SAID),
    _es_label("alega que", "dice que / contó que", _ES_SAID),
    _es_label("supuestamente", "Escribe lo que dijo, con sus palabras.", _ES_SAID),
    # Opinion in the objective account.
    _es_opinion("parece que"),
    _es_opinion("al parecer"),
    _es_opinion("aparentemente"),
    _es_opinion("obviamente"),
    _es_opinion("evidentemente"),
    _es_opinion("claramente", not_after=("habló", "explicó", "dijo", "escribió", "leyó")),
    _es_opinion("creo que"),
    _es_opinion("me parece"),
    # Shorthand and slang.
    _es_short("xq", "porque / por qué"),
    _es_short("pq", "porque / por qué"),
    _es_short("tmb", "también"),
    _es_short("xfa", "por favor"),
    _es_short("porfa", "por favor", _ES_SLANG_WHY),
    _es_short("dsp", "después"),
    _es_short("bn", "bien"),
    _es_short("chamba", "trabajo", _ES_SLANG_WHY),
]
