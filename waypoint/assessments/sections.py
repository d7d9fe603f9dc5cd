"""The intake assessment's sections: what each asks, in staff words and in plain words.

The structure lives in code, not the database: every program asks these, in this
order, and every one is optional. Programs add their own questions
(``assessments.models.Question``) in two more sections at the end.

Each field has a ``prompt`` for the conversation (what the navigator reads on
screen) and a ``plain`` wording for when the participant fills it in on a
device themselves (marked for translation: the participant reads it in their language).
The staff words (``title``, ``prompt``, field ``label``) are marked with ``gettext_noop``
and translated where they are shown: they stay plain English strings here, as the API
and stored records use them.
Sensitive sections are shown only to the roles the program
allows (``Program.sensitive_roles``); everyone else sees that they exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_stubs_ext import StrOrPromise

from waypoint.assessments.models import Domain


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    plain: StrOrPromise  # the participant reads it, in their language
    domain: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    plain_title: StrOrPromise
    prompt: str
    plain_prompt: StrOrPromise
    fields: tuple[Field, ...] = ()
    sensitive: bool = False
    # "text": the fields above; "supports": rows of people and organizations;
    # "questions": the program's own questions for this section.
    kind: str = "text"


SUPPORT_KINDS = (("person", _("A person")), ("organization", _("An organization or group")))
SUPPORT_ROWS_BLANK = 2

SECTIONS: tuple[Section, ...] = (
    Section(
        key="why_now",
        title=gettext_noop("Why now, and what they hope for"),
        plain_title=_("Why now"),
        prompt=gettext_noop(
            "Start with their story: what brought them here today, in their words."
        ),
        plain_prompt=_("Tell us, in your own words, why you are here and what you hope for."),
        fields=(
            Field(
                "why_now",
                gettext_noop("What brings them here now"),
                _("What made you reach out now?"),
            ),
            Field(
                "hopes",
                gettext_noop("What they hope will be different"),
                _("What do you hope will change?"),
            ),
        ),
    ),
    Section(
        key="inner_strengths",
        title=gettext_noop("Inner strengths"),
        plain_title=_("What you bring"),
        prompt=gettext_noop("Traits, skills, interests and hopes: what they bring to every step."),
        plain_prompt=_("Everyone has strengths. These help us plan around what you do well."),
        fields=(
            Field(
                "traits", gettext_noop("Traits"), _("How would a friend describe you at your best?")
            ),
            Field("skills", gettext_noop("Skills"), _("What are you good at?")),
            Field("interests", gettext_noop("Interests"), _("What do you enjoy doing?")),
            Field(
                "dreams", gettext_noop("Hopes and dreams"), _("What do you dream of doing one day?")
            ),
        ),
    ),
    Section(
        key="outer_strengths",
        title=gettext_noop("Outer strengths"),
        plain_title=_("Who and what is around you"),
        prompt=gettext_noop("Family, culture and community they draw on."),
        plain_prompt=_("The people, traditions and places that give you strength."),
        fields=(
            Field("family", gettext_noop("Family"), _("Who in your family do you feel close to?")),
            Field(
                "culture",
                gettext_noop("Culture and faith"),
                _("What traditions or beliefs matter to you?"),
            ),
            Field("community", gettext_noop("Community"), _("Where do you feel you belong?")),
        ),
    ),
    Section(
        key="supports",
        title=gettext_noop("Support systems"),
        plain_title=_("Who helps you"),
        prompt=gettext_noop("People and organizations they turn to, and how each helps."),
        plain_prompt=_("Who do you turn to when things get hard? How do they help?"),
        kind="supports",
    ),
    Section(
        key="life",
        title=gettext_noop("Needs and barriers: daily life"),
        plain_title=_("Your daily life"),
        prompt=gettext_noop("For each area: what is going well, and what gets in the way."),
        plain_prompt=_("For each part of life: what is going well, and what is hard right now?"),
        fields=(
            Field(
                "education_employment",
                gettext_noop("Education and employment"),
                _("School, training and work"),
                Domain.EDUCATION_EMPLOYMENT,
            ),
            Field(
                "family_social",
                gettext_noop("Family and social"),
                _("Family and friends"),
                Domain.FAMILY_SOCIAL,
            ),
            Field("finances", gettext_noop("Finances"), _("Money"), Domain.FINANCES),
            Field("housing", gettext_noop("Housing"), _("A place to live"), Domain.HOUSING),
            Field("childcare", gettext_noop("Childcare"), _("Care for children"), Domain.CHILDCARE),
            Field(
                "transportation",
                gettext_noop("Transportation"),
                _("Getting around"),
                Domain.TRANSPORTATION,
            ),
            Field("food", gettext_noop("Food"), _("Food"), Domain.FOOD),
        ),
    ),
    Section(
        key="health",
        title=gettext_noop("Needs and barriers: health"),
        plain_title=_("Your health"),
        prompt=gettext_noop(
            "Physical health, mental health and substance use. Private to the roles "
            "this program allows."
        ),
        plain_prompt=_("Only the staff who need to know can read this part."),
        fields=(
            Field(
                "physical_health",
                gettext_noop("Physical health"),
                _("Your body's health"),
                Domain.PHYSICAL_HEALTH,
            ),
            Field(
                "mental_health",
                gettext_noop("Mental health"),
                _("How you feel inside"),
                Domain.MENTAL_HEALTH,
            ),
            Field(
                "substance_use",
                gettext_noop("Substance use"),
                _("Alcohol, drugs or smoking"),
                Domain.SUBSTANCE_USE,
            ),
        ),
        sensitive=True,
    ),
    Section(
        key="legal",
        title=gettext_noop("Needs and barriers: legal, immigration and justice"),
        plain_title=_("Papers and legal matters"),
        prompt=gettext_noop(
            "Documents, immigration, and any involvement with courts or justice. Private to "
            "the roles this program allows."
        ),
        plain_prompt=_("Only the staff who need to know can read this part."),
        fields=(
            Field(
                "legal_documents",
                gettext_noop("Legal, immigration and documents"),
                _("ID, papers, immigration"),
                Domain.LEGAL_DOCUMENTS,
            ),
            Field(
                "justice",
                gettext_noop("Justice involvement"),
                _("Courts, probation or police"),
                Domain.JUSTICE,
            ),
        ),
        sensitive=True,
    ),
    Section(
        key="concerns",
        title=gettext_noop("Concerns about moving forward"),
        plain_title=_("Worries"),
        prompt=gettext_noop("What worries them about the road ahead."),
        plain_prompt=_("Is anything worrying you about the road ahead?"),
        fields=(Field("concerns", gettext_noop("Concerns"), _("What worries you?")),),
    ),
    Section(
        key="eligibility",
        title=gettext_noop("Eligibility"),
        plain_title=_("A few questions for the program"),
        prompt=gettext_noop("The program's eligibility questions."),
        plain_prompt=_("The program needs to ask these to see what it can offer you."),
        kind="questions",
    ),
    Section(
        key="program",
        title=gettext_noop("Program questions"),
        plain_title=_("More questions from the program"),
        prompt=gettext_noop(
            "Questions this program asks everyone, such as those its funders require."
        ),
        plain_prompt=_("The program asks everyone these."),
        kind="questions",
    ),
)

BY_KEY = {s.key: s for s in SECTIONS}
TEXT_FIELDS = {f.key: f for s in SECTIONS for f in s.fields}
SENSITIVE_SECTIONS = frozenset(s.key for s in SECTIONS if s.sensitive)
QUESTION_SECTIONS = ("eligibility", "program")
