"""HUD's code lists for an exit, in our own words.

The codes are HUD's (FY2026 HMIS Data Standards: element 3.12 Destination and R17.1
Project Completion Status); the labels are ours, written for a navigator choosing where
someone is going. ``waypoint/closure/tests/test_hud.py`` checks every code against HUD's
published list in ``../shared/standards``.
"""

from __future__ import annotations

# 3.12 Destination: (code, our words), grouped the way a navigator thinks about it.
DESTINATIONS: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = (
    (
        "A home of their own or with family and friends for good",
        (
            (410, "Renting their own place, no ongoing subsidy"),
            (435, "Renting their own place, with an ongoing subsidy"),
            (411, "Owns their home, no ongoing subsidy"),
            (421, "Owns their home, with an ongoing subsidy"),
            (422, "Living with family, for good"),
            (423, "Living with friends, for good"),
            (426, "Moved from one HOPWA project to HOPWA permanent housing"),
        ),
    ),
    (
        "Somewhere for now",
        (
            (312, "Staying with family for a while"),
            (313, "Staying with friends for a while"),
            (302, "Transitional housing"),
            (327, "Moved from one HOPWA project to HOPWA transitional housing"),
            (329, "A residential project or halfway house"),
            (332, "A host home"),
            (314, "A hotel or motel they pay for themselves"),
        ),
    ),
    (
        "In care",
        (
            (206, "A hospital or medical facility"),
            (204, "A psychiatric hospital or facility"),
            (205, "A treatment or detox center"),
            (225, "A long-term care facility or nursing home"),
            (215, "A foster care home or group home"),
            (207, "Jail, prison or juvenile detention"),
        ),
    ),
    (
        "Without a home",
        (
            (101, "Emergency shelter, including a voucher hotel or host home shelter"),
            (118, "A Safe Haven"),
            (116, "A place not meant for people to live in"),
        ),
    ),
    (
        "Other answers",
        (
            (17, "Somewhere else"),
            (24, "Passed away"),
            (8, "They do not know"),
            (9, "They prefer not to say"),
            (30, "No exit conversation took place"),
            (99, "Not asked"),
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
    (1, "Completed the program"),
    (2, "Chose to leave before the end"),
    (3, "The program ended their place"),
)
COMPLETION_LABELS: dict[int, str] = dict(COMPLETION)


def destination_label(code: int | None) -> str:
    if code is None:
        return ""
    return DESTINATION_LABELS.get(code, f"Code {code}")
