"""HUD's code lists for an exit, in our own words.

The codes are HUD's (FY2026 HMIS Data Standards: element 3.12 Destination and R17.1
Project Completion Status); the labels are ours, written for a navigator choosing where
someone is going. ``waypoint/closure/tests/test_hud.py`` checks every code against HUD's
published list in ``../shared/standards``.

The labels are marked with ``gettext_noop``: the tables hold the English words (what the
API answers), and the pages show them translated through ``shown_destination`` and
``shown_completion`` (or ``gettext`` on a table's words).
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

# 3.12 Destination: (code, our words), grouped the way a navigator thinks about it.
DESTINATIONS: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = (
    (
        gettext_noop("A home of their own or with family and friends for good"),
        (
            (410, gettext_noop("Renting their own place, no ongoing subsidy")),
            (435, gettext_noop("Renting their own place, with an ongoing subsidy")),
            (411, gettext_noop("Owns their home, no ongoing subsidy")),
            (421, gettext_noop("Owns their home, with an ongoing subsidy")),
            (422, gettext_noop("Living with family, for good")),
            (423, gettext_noop("Living with friends, for good")),
            (426, gettext_noop("Moved from one HOPWA project to HOPWA permanent housing")),
        ),
    ),
    (
        gettext_noop("Somewhere for now"),
        (
            (312, gettext_noop("Staying with family for a while")),
            (313, gettext_noop("Staying with friends for a while")),
            (302, gettext_noop("Transitional housing")),
            (327, gettext_noop("Moved from one HOPWA project to HOPWA transitional housing")),
            (329, gettext_noop("A residential project or halfway house")),
            (332, gettext_noop("A host home")),
            (314, gettext_noop("A hotel or motel they pay for themselves")),
        ),
    ),
    (
        gettext_noop("In care"),
        (
            (206, gettext_noop("A hospital or medical facility")),
            (204, gettext_noop("A psychiatric hospital or facility")),
            (205, gettext_noop("A treatment or detox center")),
            (225, gettext_noop("A long-term care facility or nursing home")),
            (215, gettext_noop("A foster care home or group home")),
            (207, gettext_noop("Jail, prison or juvenile detention")),
        ),
    ),
    (
        gettext_noop("Without a home"),
        (
            (
                101,
                gettext_noop("Emergency shelter, including a voucher hotel or host home shelter"),
            ),
            (118, gettext_noop("A Safe Haven")),
            (116, gettext_noop("A place not meant for people to live in")),
        ),
    ),
    (
        gettext_noop("Other answers"),
        (
            (17, gettext_noop("Somewhere else")),
            (24, gettext_noop("Passed away")),
            (8, gettext_noop("They do not know")),
            (9, gettext_noop("They prefer not to say")),
            (30, gettext_noop("No exit conversation took place")),
            (99, gettext_noop("Not asked")),
        ),
    ),
)
DESTINATION_LABELS: dict[int, str] = {
    code: label for _, group in DESTINATIONS for code, label in group
}
DESTINATION_CHOICES: list[tuple[str, list[tuple[int, str]]]] = [
    (title, list(group)) for title, group in DESTINATIONS
]

# R17.1 Project Completion Status.
COMPLETION: tuple[tuple[int, str], ...] = (
    (1, gettext_noop("Completed the program")),
    (2, gettext_noop("Chose to leave before the end")),
    (3, gettext_noop("The program ended their place")),
)
COMPLETION_LABELS: dict[int, str] = dict(COMPLETION)


def destination_label(code: int | None) -> str:
    """The destination's words in English (the API's)."""
    if code is None:
        return ""
    return DESTINATION_LABELS.get(code, f"Code {code}")


def shown_destination(code: int | None) -> str:
    """The destination's words in the reader's language."""
    if code is None:
        return ""
    if code not in DESTINATION_LABELS:
        return gettext("Code %(code)s") % {"code": code}
    return gettext(DESTINATION_LABELS[code])


def shown_completion(code: int | None, default: str = "") -> str:
    """The project completion's words in the reader's language (``default`` without one)."""
    found = COMPLETION_LABELS.get(code or 0)
    return gettext(found) if found else default
