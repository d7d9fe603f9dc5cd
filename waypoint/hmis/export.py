"""Waypoint's records as the FY2026 HMIS CSV files.

``build`` reads the programs that report to HUD and writes every file of the format (with
HUD's exact headers, empty files included) as rows of text, ready for ``checks.run`` and
``write_zip``. What Waypoint does not collect is written as HUD's "data not collected"
code (99) where the column needs a value, and left empty where HUD allows; nothing is
guessed.

The mapping, element by element, is in docs/hmis.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from waypoint import bounds
from waypoint.accounts.models import Organization, Program, User
from waypoint.assessments.models import Assessment
from waypoint.closure.models import Closure
from waypoint.enrollments.models import Enrollment, EnrollmentEvent
from waypoint.hmis.codes import SERVICE_RECORDS
from waypoint.hmis.models import RESIDENTIAL_TYPES, HmisIdentity, HudProject
from waypoint.hmis.spec import CSV_VERSION, FILES, columns
from waypoint.notes.models import Contact
from waypoint.participants.models import Participant

SOFTWARE = "Waypoint"
NOT_COLLECTED = "99"
COORDINATED_ENTRY = 14
RRH = 13

Rows = dict[str, list[dict[str, str]]]
Progress = Callable[[int, int], None]


@dataclass
class Scope:
    """What to export: an organization's programs that report to HUD (all of them, or
    those listed), the enrollments open at any time from ``start`` to ``end``."""

    organization: Organization
    start: date
    end: date
    hashed: bool = False
    program_ids: list[int] | None = None


@dataclass
class Export:
    rows: Rows
    export_id: str
    # PersonalID -> the participant, and EnrollmentID -> the enrollment, so the checks'
    # problems can be shown by person.
    people: dict[str, Participant] = field(default_factory=dict)
    enrollments: dict[str, Enrollment] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(self.rows[name]) for name in FILES}


# ---------------------------------------------------------------- formats


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def moment(value: datetime | None) -> str:
    """HUD's date and time, in the installation's time zone, to the second."""
    if value is None:
        return ""
    return bounds.local(value).strftime("%Y-%m-%d %H:%M:%S")


def hex_id(public_id: Any) -> str:
    return str(public_id.hex)


def soundex(text: str) -> str:
    """American Soundex of a name (a letter and three digits), as HUD's SHA-256 hashing
    asks for before a name is hashed; empty for a name with no Latin letter."""
    letters = [
        c
        for c in unicodedata.normalize("NFKD", text.upper())
        if "A" <= c <= "Z"  # accents fall away with NFKD
    ]
    if not letters:
        return ""
    codes = {
        **dict.fromkeys("BFPV", "1"),
        **dict.fromkeys("CGJKQSXZ", "2"),
        **dict.fromkeys("DT", "3"),
        "L": "4",
        **dict.fromkeys("MN", "5"),
        "R": "6",
    }
    first = letters[0]
    out = [first]
    last = codes.get(first, "")
    for c in letters[1:]:
        code = codes.get(c, "")
        if code and code != last:
            out.append(code)
        if c not in "HW":  # H and W do not separate letters of the same code
            last = code
    return ("".join(out) + "000")[:4]


def hashed_name(text: str) -> str:
    """HUD's SHA-256 (HashStatus 4) form of a name: its Soundex code, hashed."""
    code = soundex(text)
    return hashlib.sha256(code.encode()).hexdigest() if code else ""


def name_parts(participant: Participant) -> tuple[str, str, str, int]:
    """(first, middle, last, HUD 3.01.5 name data quality): the legal name when it has
    at least two words (a full name), else the name they go by (a partial name)."""
    legal = participant.legal_name.split()
    if len(legal) >= 2:
        return legal[0], " ".join(legal[1:-1]), legal[-1], 1
    words = (participant.legal_name or participant.preferred_name).split()
    if not words:
        return "", "", "", 99
    return words[0], " ".join(words[1:-1]), words[-1] if len(words) > 1 else "", 2


def safe_text(value: str, most: int = 50) -> str:
    """Text as HUD's files take it: one line, no characters the format refuses."""
    cleaned = re.sub(r"[\x00-\x1f\x7f]+", " ", value).strip()
    return cleaned[:most]


# ---------------------------------------------------------------- building


def reporting_programs(scope: Scope) -> list[Program]:
    found = Program.objects.filter(
        organization=scope.organization, hud_project__reports_to_hud=True
    ).select_related("hud_project")
    if scope.program_ids is not None:
        found = found.filter(pk__in=scope.program_ids)
    return list(found.order_by("pk"))


def _row(file: str, **values: Any) -> dict[str, str]:
    row = dict.fromkeys(columns(file), "")
    for name, value in values.items():
        if name not in row:
            raise KeyError(f"{file} has no column {name}")
        row[name] = "" if value is None else str(value)
    return row


def build(
    scope: Scope,
    *,
    export_id: str,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Export:
    """Every file of the FY2026 format for ``scope``, as rows of text."""
    now = now or timezone.now()
    rows: Rows = {name: [] for name in FILES}
    out = Export(rows=rows, export_id=export_id)
    programs = reporting_programs(scope)
    users: set[int] = set()

    rows["Export"].append(
        _row(
            "Export",
            ExportID=export_id,
            SourceType=2,  # an agency's own application
            SourceID=str(scope.organization.pk),
            SourceName=safe_text(scope.organization.name, 200),
            ExportDate=moment(now),
            ExportStartDate=day(scope.start),
            ExportEndDate=day(scope.end),
            SoftwareName=SOFTWARE,
            SoftwareVersion="1",
            CSVVersion=CSV_VERSION,
            ExportPeriodType=3,  # a reporting period
            ExportDirective=2,  # a full refresh
            HashStatus=4 if scope.hashed else 1,
            ImplementationID=f"waypoint-{scope.organization.pk}",
        )
    )
    org = scope.organization
    rows["Organization"].append(
        _row(
            "Organization",
            OrganizationID=org.pk,
            OrganizationName=safe_text(org.name, 200),
            VictimServiceProvider=0,
            DateCreated=moment(org.created_at),
            DateUpdated=moment(org.created_at),
            UserID="0",
            ExportID=export_id,
        )
    )
    for program in programs:
        _project_rows(rows, program, export_id)
        out.programs[str(program.pk)] = program

    enrollments = list(
        Enrollment.objects.filter(program__in=programs, enrolled_on__isnull=False)
        .filter(enrolled_on__lte=scope.end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=scope.start))
        .select_related("participant", "program__hud_project")
        .order_by("pk")
    )
    ids = [e.pk for e in enrollments]
    made_by = dict(
        EnrollmentEvent.objects.filter(
            enrollment_id__in=ids, kind=EnrollmentEvent.Kind.CREATED
        ).values_list("enrollment_id", "by_id")
    )
    closures = {
        (c.enrollment_id, c.cycle): c
        for c in Closure.objects.filter(enrollment_id__in=ids, status=Closure.Status.CLOSED)
    }
    total = len(enrollments)
    seen_people: set[int] = set()
    for done, enrollment in enumerate(enrollments, start=1):
        participant = enrollment.participant
        if participant.pk not in seen_people:
            seen_people.add(participant.pk)
            rows["Client"].append(_client(participant, scope.hashed, export_id))
            out.people[hex_id(participant.public_id)] = participant
            if participant.created_by_id:
                users.add(participant.created_by_id)
        creator = made_by.get(enrollment.pk)
        rows["Enrollment"].append(_enrollment(enrollment, str(creator or 0), export_id))
        out.enrollments[hex_id(enrollment.public_id)] = enrollment
        if creator is not None:
            users.add(creator)
        if enrollment.exited_on is not None and enrollment.exited_on <= scope.end:
            closure = closures.get((enrollment.pk, enrollment.cycle))
            rows["Exit"].append(_exit(enrollment, closure, export_id))
            if closure is not None and closure.requested_by_id:
                users.add(closure.requested_by_id)
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)

    _services(rows, scope, enrollments, users, export_id)
    _assessments(rows, scope, enrollments, users, export_id)
    _users(rows, users, org, export_id)
    use_source_ids(out, source_ids(org), org)
    return out


# ---------------------------------------------------------------- imported records


def source_ids(organization: Organization) -> dict[str, dict[str, str]]:
    """kind -> {Waypoint's id: the id in the HMIS it was imported from}, in one query."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in HmisIdentity.Kind.values}
    for kind, object_id, source_id in (
        HmisIdentity.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("kind", "object_id", "source_id")
    ):
        found[kind].setdefault(object_id, source_id)
    return found


# Columns that name a program (the project and its descriptors) in Waypoint's export.
PROGRAM_COLUMNS = ("ProjectID", "ProjectCoCID", "FunderID", "HMISParticipationID")


def use_source_ids(out: Export, ids: dict[str, dict[str, str]], org: Organization) -> None:
    """Write an imported record's id from its source instead of Waypoint's own, so that an
    export of what was imported gives the source's files back."""
    if not any(ids.values()):
        return
    people = {
        key: ids["participant"][str(p.pk)]
        for key, p in out.people.items()
        if str(p.pk) in ids["participant"]
    }
    enrollments = {
        key: ids["enrollment"][str(e.pk)]
        for key, e in out.enrollments.items()
        if str(e.pk) in ids["enrollment"]
    }
    exits = {
        key: ids["exit"][str(e.pk)]
        for key, e in out.enrollments.items()
        if str(e.pk) in ids["exit"]
    }
    programs = {key: ids["program"][key] for key in out.programs if key in ids["program"]}
    maps: dict[str, dict[str, str]] = {
        "PersonalID": people,
        "EnrollmentID": enrollments,
        "ExitID": exits,
        "HouseholdID": ids["household"],
        "OrganizationID": {
            key: source for key, source in ids["organization"].items() if key == str(org.pk)
        },
        **dict.fromkeys(PROGRAM_COLUMNS, programs),
    }
    maps = {column: found for column, found in maps.items() if found}
    for file_rows in out.rows.values():
        for row in file_rows:
            for column, found in maps.items():
                value = row.get(column)
                if value is not None and value in found:
                    row[column] = found[value]
    out.people = {people.get(key, key): p for key, p in out.people.items()}
    out.enrollments = {enrollments.get(key, key): e for key, e in out.enrollments.items()}
    out.programs = {programs.get(key, key): p for key, p in out.programs.items()}


def _project_rows(rows: Rows, program: Program, export_id: str) -> None:
    hud: HudProject = program.hud_project
    created, updated = moment(program.created_at), moment(hud.updated_at)
    common = {"DateCreated": created, "DateUpdated": updated, "UserID": "0", "ExportID": export_id}
    rows["Project"].append(
        _row(
            "Project",
            ProjectID=program.pk,
            OrganizationID=program.organization_id,
            ProjectName=safe_text(program.name, 200),
            OperatingStartDate=day(hud.operating_start),
            OperatingEndDate=day(hud.operating_end),
            ContinuumProject=1 if hud.continuum_project else 0,
            ProjectType=hud.project_type,
            HousingType=hud.housing_type if hud.project_type in RESIDENTIAL_TYPES else None,
            RRHSubType=hud.rrh_subtype if hud.project_type == RRH else None,
            **common,
        )
    )
    if hud.coc_code:
        rows["ProjectCoC"].append(
            _row(
                "ProjectCoC",
                ProjectCoCID=program.pk,
                ProjectID=program.pk,
                CoCCode=hud.coc_code,
                Geocode=hud.geocode,
                ZIP=hud.zip_code,
                GeographyType=hud.geography_type,
                **common,
            )
        )
    if hud.funder is not None:
        rows["Funder"].append(
            _row(
                "Funder",
                FunderID=program.pk,
                ProjectID=program.pk,
                Funder=hud.funder,
                OtherFunder=safe_text(hud.other_funder, 100),
                GrantID=safe_text(hud.grant_id, 100),
                StartDate=day(hud.grant_start),
                EndDate=day(hud.grant_end),
                **common,
            )
        )
    rows["HMISParticipation"].append(
        _row(
            "HMISParticipation",
            HMISParticipationID=program.pk,
            ProjectID=program.pk,
            HMISParticipationType=hud.participation,
            HMISParticipationStatusStartDate=day(hud.operating_start),
            HMISParticipationStatusEndDate=day(hud.operating_end),
            **common,
        )
    )


def _client(participant: Participant, hashed: bool, export_id: str) -> dict[str, str]:
    first, middle, last, quality = name_parts(participant)
    if hashed:
        first, middle, last = hashed_name(first), hashed_name(middle), hashed_name(last)
    else:
        first, middle, last = safe_text(first), safe_text(middle), safe_text(last)
    if participant.date_of_birth is not None:
        dob, dob_quality = day(participant.date_of_birth), 1
    elif participant.declined_field("date_of_birth"):
        dob, dob_quality = "", 9
    else:
        dob, dob_quality = "", 99
    races = dict.fromkeys(
        (
            "AmIndAKNative",
            "Asian",
            "BlackAfAmerican",
            "HispanicLatinao",
            "MidEastNAfrican",
            "NativeHIPacific",
            "White",
        ),
        0,
    )
    return _row(
        "Client",
        PersonalID=hex_id(participant.public_id),
        FirstName=first,
        MiddleName=middle,
        LastName=last,
        NameDataQuality=quality,
        SSNDataQuality=NOT_COLLECTED,
        DOB=dob,
        DOBDataQuality=dob_quality,
        Sex=NOT_COLLECTED,
        RaceNone=NOT_COLLECTED,
        VeteranStatus=NOT_COLLECTED,
        DateCreated=moment(participant.created_at),
        DateUpdated=moment(participant.updated_at),
        UserID=participant.created_by_id or "0",
        ExportID=export_id,
        **races,
    )


def household_id(enrollment: Enrollment) -> str:
    """HUD's HouseholdID: the household stay's id, or (enrolled on their own) the
    enrollment's own id."""
    return enrollment.household_stay or hex_id(enrollment.public_id)


def _enrollment(enrollment: Enrollment, user: str, export_id: str) -> dict[str, str]:
    hud = enrollment.program.hud_project
    return _row(
        "Enrollment",
        EnrollmentID=hex_id(enrollment.public_id),
        PersonalID=hex_id(enrollment.participant.public_id),
        ProjectID=enrollment.program_id,
        EntryDate=day(enrollment.enrolled_on),
        HouseholdID=household_id(enrollment),
        RelationshipToHoH=enrollment.relationship_to_head,
        EnrollmentCoC=hud.coc_code if enrollment.relationship_to_head == 1 else "",
        LivingSituation=NOT_COLLECTED,
        LengthOfStay=NOT_COLLECTED,
        TimesHomelessPastThreeYears=NOT_COLLECTED,
        MonthsHomelessPastThreeYears=NOT_COLLECTED,
        DisablingCondition=NOT_COLLECTED,
        DateCreated=moment(enrollment.created_at),
        DateUpdated=moment(enrollment.updated_at),
        UserID=user,
        ExportID=export_id,
    )


def _exit(enrollment: Enrollment, closure: Closure | None, export_id: str) -> dict[str, str]:
    when = closure.closed_at if closure is not None else enrollment.updated_at
    return _row(
        "Exit",
        ExitID=hex_id(enrollment.public_id),
        EnrollmentID=hex_id(enrollment.public_id),
        PersonalID=hex_id(enrollment.participant.public_id),
        ExitDate=day(enrollment.exited_on),
        Destination=closure.destination if closure is not None else NOT_COLLECTED,
        DestinationSubsidyType=closure.destination_subsidy if closure is not None else None,
        ProjectCompletionStatus=(
            closure.completion
            if closure is not None and enrollment.program.hud_project.funder in RHY_FUNDERS
            else None
        ),
        DateCreated=moment(when),
        DateUpdated=moment(when),
        UserID=(closure.requested_by_id if closure is not None else None) or "0",
        ExportID=export_id,
    )


# RHY funders (2.06.1 22-26): only their projects collect R17 project completion status.
RHY_FUNDERS = frozenset({22, 23, 24, 25, 26})


def _services(
    rows: Rows,
    scope: Scope,
    enrollments: list[Enrollment],
    users: set[int],
    export_id: str,
) -> None:
    reporting = {
        e.pk: e for e in enrollments if e.program.hud_project.contacts_as in SERVICE_RECORDS
    }
    if not reporting:
        return
    contacts = Contact.objects.filter(
        enrollment_id__in=list(reporting),
        outcome=Contact.Outcome.COMPLETED,
        happened_at__date__gte=scope.start,
        happened_at__date__lte=scope.end,
    ).order_by("pk")
    for contact in contacts.iterator(chunk_size=2000):
        enrollment = reporting[contact.enrollment_id]
        record = enrollment.program.hud_project.contacts_as
        assert record is not None
        on = bounds.local(contact.happened_at).date()
        if enrollment.enrolled_on is None or on < enrollment.enrolled_on:
            continue  # before the project start: not a service of this stay
        if enrollment.exited_on is not None and on > enrollment.exited_on:
            continue
        rows["Services"].append(
            _row(
                "Services",
                ServicesID=hex_id(contact.public_id),
                EnrollmentID=hex_id(enrollment.public_id),
                PersonalID=hex_id(enrollment.participant.public_id),
                DateProvided=day(on),
                RecordType=record,
                TypeProvided=SERVICE_RECORDS[record][1],
                DateCreated=moment(contact.logged_at),
                DateUpdated=moment(contact.logged_at),
                UserID=contact.logged_by_id or "0",
                ExportID=export_id,
            )
        )
        if contact.logged_by_id:
            users.add(contact.logged_by_id)


def _assessments(
    rows: Rows,
    scope: Scope,
    enrollments: list[Enrollment],
    users: set[int],
    export_id: str,
) -> None:
    """Completed assessments of coordinated entry projects (HUD 4.19); how they were
    done and at which level are not recorded in Waypoint, so those columns stay empty."""
    entry = {
        e.pk: e for e in enrollments if e.program.hud_project.project_type == COORDINATED_ENTRY
    }
    if not entry:
        return
    done = Assessment.objects.filter(
        enrollment_id__in=list(entry),
        status=Assessment.Status.COMPLETE,
        completed_on__gte=scope.start,
        completed_on__lte=scope.end,
    ).order_by("pk")
    for assessment in done:
        enrollment = entry[assessment.enrollment_id]
        rows["Assessment"].append(
            _row(
                "Assessment",
                AssessmentID=hex_id(assessment.public_id),
                EnrollmentID=hex_id(enrollment.public_id),
                PersonalID=hex_id(enrollment.participant.public_id),
                AssessmentDate=day(assessment.completed_on),
                AssessmentLocation=safe_text(enrollment.program.name, 250),
                DateCreated=moment(assessment.started_at),
                DateUpdated=moment(assessment.updated_at),
                UserID=assessment.completed_by_id or "0",
                ExportID=export_id,
            )
        )
        if assessment.completed_by_id:
            users.add(assessment.completed_by_id)


def _users(rows: Rows, users: set[int], org: Organization, export_id: str) -> None:
    """Everyone named as a record's UserID, and "0" for records Waypoint made itself."""
    rows["User"].append(
        _row(
            "User",
            UserID="0",
            UserFirstName=SOFTWARE,
            DateCreated=moment(org.created_at),
            DateUpdated=moment(org.created_at),
            ExportID=export_id,
        )
    )
    for user in User.objects.filter(pk__in=list(users)).order_by("pk"):
        first, _, last = (user.first_name or user.display_name or user.username).partition(" ")
        rows["User"].append(
            _row(
                "User",
                UserID=user.pk,
                UserFirstName=safe_text(user.first_name or first),
                UserLastName=safe_text(user.last_name or last),
                UserEmail=safe_text(user.email, 320),
                DateCreated=moment(user.date_joined),
                DateUpdated=moment(user.date_joined),
                ExportID=export_id,
            )
        )


# ---------------------------------------------------------------- writing


def as_csv(file: str, file_rows: Iterable[dict[str, str]]) -> bytes:
    """One file as HUD's CSV: a header of HUD's column names, every value quoted as text
    where it is text, UTF-8 without a byte-order mark, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = columns(file)
    writer.writerow(names)
    for row in file_rows:
        writer.writerow([row.get(name, "") for name in names])
    return out.getvalue().encode("utf-8")


def write_zip(export: Export, target: Any) -> None:
    """Every file, ``<File>.csv`` at the top of the zip (HUD's structure: no folder)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            archive.writestr(f"{name}.csv", as_csv(name, export.rows[name]))
