"""HUD's code lists (FY2026 HMIS Data Standards, Appendix B) for the columns Waypoint
writes and reads, and which list each column uses.

The codes are HUD's; the words shown to managers are ours (``_``) except funding sources,
which are the funders' own program names. ``waypoint/hmis/tests/test_codes.py`` checks
every list here against HUD's published lists in ``../shared/standards``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Appendix B lists, by data element: the valid codes.
LISTS: dict[str, frozenset[int]] = {
    "1.1": frozenset({1, 3, 4}),  # ExportPeriodType
    "1.2": frozenset({1, 2, 3}),  # ExportDirective
    "1.4": frozenset({141, 142, 143, 144, 151, 152, 161, 200, 210, 300}),  # RecordType
    "1.5": frozenset({1, 2, 3, 4}),  # HashStatus
    "1.6": frozenset({8, 9, 99}),  # RaceNone
    "1.7": frozenset({0, 1, 99}),  # NoYesMissing
    "1.8": frozenset({0, 1, 8, 9, 99}),  # NoYesReasonsForMissingData
    "1.9": frozenset({1, 2, 3, 4}),  # SourceType
    "1.10": frozenset({0, 1}),  # NoYes
    "2.02.6": frozenset({0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14}),  # ProjectType
    "2.02.A": frozenset({1, 2}),  # RRHSubType
    "2.02.D": frozenset({1, 2, 3}),  # HousingType
    "2.03.4": frozenset({1, 2, 3, 99}),  # GeographyType
    "2.06.1": frozenset(
        {*range(1, 12), *range(13, 28), 30, *range(32, 47), *range(50, 57)}
    ),  # FundingSource
    "2.08.1": frozenset({0, 1, 2}),  # HMISParticipationType
    "3.01.5": frozenset({1, 2, 8, 9, 99}),  # NameDataQuality
    "3.02.2": frozenset({1, 2, 8, 9, 99}),  # SSNDataQuality
    "3.03.2": frozenset({1, 2, 8, 9, 99}),  # DOBDataQuality
    "3.12": frozenset(
        {8, 9, 17, 24, 30, 99, 101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 312, 313}
        | {314, 327, 329, 332, 410, 411, 421, 422, 423, 426, 435}
    ),  # Destination
    "3.12.A": frozenset({419, 420, 428, 431, 433, 434, 436, 437, 438, 439, 440}),
    "3.15.1": frozenset({1, 2, 3, 4, 5, 99}),  # RelationshipToHoH
    "3.917": frozenset(
        {8, 9, 99, 101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329, 332, 335}
        | {336, 410, 411, 421, 435}
    ),  # PriorLivingSituation
    "3.917.2": frozenset({2, 3, 4, 5, 8, 9, 10, 11, 99}),  # ResidencePriorLengthOfStay
    "3.917.4": frozenset({1, 2, 3, 4, 8, 9, 99}),  # TimesHomelessPastThreeYears
    "3.917.5": frozenset({8, 9, 99, *range(101, 114)}),  # MonthsHomelessPastThreeYears
    "4.12": frozenset(
        {8, 9, 17, 37, 99, 101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329}
        | {332, 335, 336, 410, 411, 421, 435}
    ),  # CurrentLivingSituation
    "4.19.3": frozenset({1, 2, 3}),  # AssessmentType
    "4.19.4": frozenset({1, 2}),  # AssessmentLevel
    "4.19.7": frozenset({1, 2}),  # PrioritizationStatus
    "4.21": frozenset({0, 1, 8, 9, 99}),  # Sex
    "P1.2": frozenset({*range(1, 13), 14}),  # PATHServices
    "R14.2": frozenset({2, 5, 6, 7, 8, 10, 12, 13, 14, 17, 18, 26, 27, 28, 29}),
    "R17.1": frozenset({1, 2, 3}),  # ProjectCompletionStatus
    "V2.2": frozenset(range(1, 11)),  # SSVFServices
    "W1.2": frozenset(range(1, 15)),  # HOPWAServices
}

# (file, column) -> the list its codes come from. Columns not here are not coded, or
# coded by another column (Services.TypeProvided: see SERVICE_TYPE_LISTS).
COLUMN_LISTS: dict[tuple[str, str], str] = {
    ("Export", "ExportPeriodType"): "1.1",
    ("Export", "ExportDirective"): "1.2",
    ("Export", "HashStatus"): "1.5",
    ("Export", "SourceType"): "1.9",
    ("Organization", "VictimServiceProvider"): "1.10",
    ("Project", "ContinuumProject"): "1.10",
    ("Project", "ProjectType"): "2.02.6",
    ("Project", "HousingType"): "2.02.D",
    ("Project", "RRHSubType"): "2.02.A",
    ("Funder", "Funder"): "2.06.1",
    ("ProjectCoC", "GeographyType"): "2.03.4",
    ("HMISParticipation", "HMISParticipationType"): "2.08.1",
    ("Client", "NameDataQuality"): "3.01.5",
    ("Client", "SSNDataQuality"): "3.02.2",
    ("Client", "DOBDataQuality"): "3.03.2",
    ("Client", "Sex"): "4.21",
    ("Client", "AmIndAKNative"): "1.10",
    ("Client", "Asian"): "1.10",
    ("Client", "BlackAfAmerican"): "1.10",
    ("Client", "HispanicLatinao"): "1.10",
    ("Client", "MidEastNAfrican"): "1.10",
    ("Client", "NativeHIPacific"): "1.10",
    ("Client", "White"): "1.10",
    ("Client", "RaceNone"): "1.6",
    ("Client", "VeteranStatus"): "1.8",
    ("Enrollment", "RelationshipToHoH"): "3.15.1",
    ("Enrollment", "LivingSituation"): "3.917",
    ("Enrollment", "LengthOfStay"): "3.917.2",
    ("Enrollment", "TimesHomelessPastThreeYears"): "3.917.4",
    ("Enrollment", "MonthsHomelessPastThreeYears"): "3.917.5",
    ("Enrollment", "DisablingCondition"): "1.8",
    ("Exit", "Destination"): "3.12",
    ("Exit", "DestinationSubsidyType"): "3.12.A",
    ("Exit", "ProjectCompletionStatus"): "R17.1",
    ("Services", "RecordType"): "1.4",
    ("CurrentLivingSituation", "CurrentLivingSituation"): "4.12",
    ("Assessment", "AssessmentType"): "4.19.3",
    ("Assessment", "AssessmentLevel"): "4.19.4",
    ("Assessment", "PrioritizationStatus"): "4.19.7",
}

# Destinations that are a rental with an ongoing subsidy: HUD asks which subsidy.
SUBSIDY_DESTINATIONS = frozenset({435})

# How a program's completed contacts are reported as HUD services (Services.csv): the
# record type and the list's "case management" service. RHY has no such service, so
# RHY projects do not report contacts.
SERVICE_RECORDS: dict[int, tuple[str, int]] = {
    141: ("P1.2", 6),  # PATH service: case management
    143: ("W1.2", 2),  # HOPWA service: case management
    144: ("V2.2", 2),  # SSVF service: case management services
}
SERVICE_RECORD_CHOICES = [
    (141, _("PATH services: case management")),
    (143, _("HOPWA services: case management")),
    (144, _("SSVF services: case management services")),
]

RRH_SUBTYPE_CHOICES = [
    (1, _("Services only")),
    (2, _("Housing, with or without services")),
]

# 3.12.A Rental subsidy types, in our words.
SUBSIDY_CHOICES = [
    (431, _("Rapid re-housing or a similar subsidy")),
    (433, _("A Housing Choice Voucher (tenant- or project-based, not dedicated)")),
    (434, _("A public housing unit")),
    (439, _("Permanent supportive housing")),
    (440, _("Other permanent housing for people who were homeless")),
    (419, _("A VASH voucher")),
    (428, _("A GPD transition-in-place subsidy")),
    (436, _("A Housing Stability Voucher")),
    (437, _("A Family Unification Program voucher")),
    (438, _("A Foster Youth to Independence voucher")),
    (420, _("Another ongoing housing subsidy")),
]

# 2.06.1 Funding sources: the funders' own program names.
FUNDER_CHOICES = [
    (1, "HUD: CoC - Homelessness Prevention (High Performing Communities only)"),
    (2, "HUD: CoC - Permanent Supportive Housing"),
    (3, "HUD: CoC - Rapid Re-Housing"),
    (4, "HUD: CoC - Supportive Services Only"),
    (5, "HUD: CoC - Transitional Housing"),
    (6, "HUD: CoC - Safe Haven"),
    (7, "HUD: CoC - Single Room Occupancy (SRO)"),
    (43, "HUD: CoC - Youth Homeless Demonstration Program (YHDP)"),
    (44, "HUD: CoC - Joint Component TH/RRH"),
    (56, "HUD: CoC Builds"),
    (8, "HUD: ESG - Emergency Shelter"),
    (9, "HUD: ESG - Homelessness Prevention"),
    (10, "HUD: ESG - Rapid Re-Housing"),
    (11, "HUD: ESG - Street Outreach"),
    (53, "HUD: ESG - RUSH"),
    (13, "HUD: HOPWA - Hotel/Motel Vouchers"),
    (14, "HUD: HOPWA - Housing Information"),
    (15, "HUD: HOPWA - Permanent Housing (facility based or TBRA)"),
    (16, "HUD: HOPWA - Permanent Housing Placement"),
    (17, "HUD: HOPWA - Short-Term Rent, Mortgage, Utility assistance"),
    (18, "HUD: HOPWA - Short-Term Supportive Facility"),
    (19, "HUD: HOPWA - Transitional Housing (facility based or TBRA)"),
    (20, "HUD: HUD/VASH"),
    (35, "HUD: Pay for Success"),
    (36, "HUD: Public and Indian Housing (PIH) Programs"),
    (52, "HUD: PIH (Emergency Housing Voucher)"),
    (50, "HUD: HOME"),
    (51, "HUD: HOME (ARP)"),
    (54, "HUD: Unsheltered Special NOFO"),
    (55, "HUD: Rural Special NOFO"),
    (21, "HHS: PATH - Street Outreach & Supportive Services Only"),
    (22, "HHS: RHY - Basic Center Program"),
    (23, "HHS: RHY - Maternity Group Home for Pregnant and Parenting Youth"),
    (24, "HHS: RHY - Transitional Living Program"),
    (25, "HHS: RHY - Street Outreach Project"),
    (26, "HHS: RHY - Demonstration Project"),
    (27, "VA: CRS Contract Residential Services"),
    (30, "VA: Community Contract Safe Haven Program"),
    (32, "VA: Compensated Work Therapy Transitional Residence"),
    (33, "VA: Supportive Services for Veteran Families"),
    (37, "VA: Grant Per Diem - Bridge Housing"),
    (38, "VA: Grant Per Diem - Low Demand"),
    (39, "VA: Grant Per Diem - Hospital to Housing"),
    (40, "VA: Grant Per Diem - Clinical Treatment"),
    (41, "VA: Grant Per Diem - Service Intensive Transitional Housing"),
    (42, "VA: Grant Per Diem - Transition in Place"),
    (45, "VA: Grant Per Diem - Case Management/Housing Retention"),
    (46, "Local or other funding source"),
    (34, "N/A"),
]
OTHER_FUNDER = 46


def valid(file: str, column: str, value: str) -> bool:
    """Whether ``value`` (as written in the CSV) is a code of the column's list; empty and
    uncoded columns are valid here (emptiness is another check)."""
    listed = COLUMN_LISTS.get((file, column))
    if listed is None or value == "":
        return True
    try:
        return int(value) in LISTS[listed]
    except ValueError:
        return False
