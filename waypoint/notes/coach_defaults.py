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

from waypoint.notes.coach import Rule

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
        not_before=(*_CLAIMS_AFTER, "asylum"),
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
        not_before=(
            *_SHELTER_WORDS,
            "person",
            "persons",
            "people",
            "man",
            "men",
            "woman",
            "women",
            "family",
            "families",
        ),
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
