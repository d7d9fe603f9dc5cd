"""The columns a spreadsheet may fill, the guess from its header, and the dry run: every
row checked the way the add form checks one person, with each problem by row and
column. Nothing here writes (the duplicate check records, as on the add form, which
people it showed a match with)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint import bounds
from waypoint.accounts.models import Program
from waypoint.accounts.queries import assignable_staff
from waypoint.accounts.terminology import term
from waypoint.enrollments.models import CAP_STATUSES, STATUS_TERMS, Enrollment, Status
from waypoint.imports.models import ImportedRow, PeopleImport
from waypoint.participants.actions import ContactData
from waypoint.participants.forms import ContactForm, check_text
from waypoint.participants.normalize import contact_key, name_key
from waypoint.participants.queries import possible_matches

if TYPE_CHECKING:
    from waypoint.accounts.models import User

LEAVE_OUT = ""
# Each field a column may fill, with the words shown for it.
FIELDS: dict[str, Any] = {
    "preferred_name": gettext_lazy("Name they go by (required)"),
    "legal_name": gettext_lazy("Legal name"),
    "pronouns": gettext_lazy("Pronouns"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "languages": gettext_lazy("Languages"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "status": gettext_lazy("Status"),
    "started_on": gettext_lazy("Started on"),
    "phase": gettext_lazy("Phase"),
    "navigator": gettext_lazy("Navigator (username or email)"),
}
REQUIRED = ("preferred_name",)
TEXT_LIMITS = {"preferred_name": 200, "legal_name": 200, "pronouns": 60, "languages": 200}
# The field as the subject of a refusal ("The name can't include ...").
SUBJECTS = {
    "preferred_name": gettext_lazy("The name"),
    "legal_name": gettext_lazy("The legal name"),
    "pronouns": gettext_lazy("Pronouns"),
    "languages": gettext_lazy("Languages"),
}
CONTACT_LIMIT = 200
START_STATUSES = (Status.INQUIRY, Status.ELIGIBILITY, Status.ENROLLED)

# Header words (English and Spanish) for each field, compared without case, accents,
# spaces or punctuation.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "preferred_name": (
        "name",
        "preferred name",
        "name they go by",
        "goes by",
        "full name",
        "participant",
        "participant name",
        "nombre",
        "nombre preferido",
        "nombre completo",
        "participante",
    ),
    "legal_name": ("legal name", "full legal name", "nombre legal", "nombre oficial"),
    "pronouns": ("pronouns", "pronoun", "pronombres", "pronombre"),
    "date_of_birth": (
        "date of birth",
        "dob",
        "birth date",
        "birthdate",
        "birthday",
        "born",
        "fecha de nacimiento",
        "fecha nacimiento",
        "nacimiento",
    ),
    "languages": ("languages", "language", "idiomas", "idioma", "lenguas", "lengua"),
    "phone": (
        "phone",
        "phone number",
        "telephone",
        "mobile",
        "cell",
        "cell phone",
        "telefono",
        "numero de telefono",
        "celular",
        "movil",
    ),
    "email": ("email", "e mail", "email address", "correo", "correo electronico", "email"),
    "status": ("status", "enrollment status", "estado", "estatus", "situacion"),
    "started_on": (
        "started on",
        "start date",
        "started",
        "start",
        "enrollment date",
        "enrolled on",
        "fecha de inicio",
        "inicio",
        "fecha de ingreso",
        "ingreso",
    ),
    "phase": ("phase", "program phase", "fase", "etapa"),
    "navigator": (
        "navigator",
        "assigned to",
        "coach",
        "worker",
        "staff",
        "navegador",
        "navegadora",
        "asignado a",
        "asignada a",
    ),
}


def squash(text: str) -> str:
    """Words compared without case, accents, spaces or punctuation."""
    return name_key(text).replace(" ", "")


GUESSES = {squash(word): name for name, words in HEADER_WORDS.items() for word in words}


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Each column's field, guessed from its header; each field at most once."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        guess = GUESSES.get(squash(header), LEAVE_OUT)
        if guess and guess not in taken:
            mapping[str(index)] = guess
            taken.add(guess)
    return mapping


# --- Values ---------------------------------------------------------------------------

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> date | None:
    """2026-03-01 or 03/01/2026 (month first); None when it is neither or no real day.
    An Excel date cell arrives as 2026-03-01 (see reading.cell_text)."""
    text = text.strip()
    if found := ISO.fullmatch(text):
        year, month, day = (int(g) for g in found.groups())
    elif found := US.fullmatch(text):
        month, day, year = (int(g) for g in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def status_words(program: Program) -> dict[str, str]:
    """Every way a status may be written: its code, and its word in English and Spanish
    (the program's own word where it renamed it)."""
    words: dict[str, str] = {}
    for status in Status:
        names = {status.value, STATUS_TERMS[status]}
        for language in ("en", "es"):
            with translation.override(language):
                names.add(str(status.label))
                names.add(term(STATUS_TERMS[status], program.terminology))
        for name in names:
            words[squash(name)] = status.value
    # "Inscrito/a" is also written "inscrito" or "inscrita".
    words.update({"inscrito": Status.ENROLLED, "inscrita": Status.ENROLLED})
    return words


def fingerprint(organization_id: int, program_id: int, values: dict[str, str]) -> str:
    """The row's fingerprint: organization, program and its normalized values."""
    normal: dict[str, str] = {}
    for name, value in sorted(values.items()):
        text = " ".join(value.casefold().split())
        if not text:
            continue  # an empty column changes nothing, mapped or left out
        if name in ("date_of_birth", "started_on") and (day := parse_date(value)):
            text = day.isoformat()
        normal[name] = text
    payload = json.dumps([organization_id, program_id, normal], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- The dry run ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Row:
    number: int
    values: dict[str, str]
    fingerprint: str
    person: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactData] = field(default_factory=list)
    status: str = Status.INQUIRY
    started_on: date | None = None
    phase: str = ""
    navigator: Any = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class DryRun:
    rows: list[Row]
    already: list[int]

    @property
    def problems(self) -> list[Problem]:
        return [p for row in self.rows for p in row.problems]

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if not row.problems]

    @property
    def with_problems(self) -> list[Row]:
        return [row for row in self.rows if row.problems]

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows) + len(self.already),
            "good": len(self.good),
            "with_problems": len(self.with_problems),
            "already": len(self.already),
            "problems": len(self.problems),
        }


def _imported_before(program: Program, prints: Iterable[str]) -> set[str]:
    found: set[str] = set()
    wanted = list(dict.fromkeys(prints))
    for start in range(0, len(wanted), 500):
        found |= set(
            ImportedRow.objects.filter(
                program=program, fingerprint__in=wanted[start : start + 500]
            ).values_list("fingerprint", flat=True)
        )
    return found


def _caseloads(program: Program) -> dict[int, int]:
    rows = (
        Enrollment.objects.filter(program=program, status__in=CAP_STATUSES)
        .exclude(navigator=None)
        .values_list("navigator_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


class Checker:
    """Checks the rows of one import for ``by``, with what every row needs read once."""

    def __init__(self, by: User, job: PeopleImport) -> None:
        self.by = by
        self.job = job
        self.program: Program = job.program
        self.columns = {f: job.headers[int(i)] for i, f in job.mapping.items() if f}
        self.index = {f: int(i) for i, f in job.mapping.items() if f}
        self.statuses = status_words(self.program)
        self.phases = {squash(p): p for p in self.program.phases or []}
        self.staff: dict[str, Any] = {}
        for user in assignable_staff([self.program.pk]):
            self.staff.setdefault(user.username.casefold(), user)
            if user.email:
                self.staff.setdefault(user.email.strip().casefold(), user)
        self.caseloads = _caseloads(self.program)
        self.seen: dict[tuple[str, ...], int] = {}

    def run(self, progress: Callable[[int, int], None] | None = None) -> DryRun:
        org, pid = self.program.organization_id, self.program.pk
        parsed = []
        for number, cells in self.job.rows:
            values = {f: str(cells[i]).strip() for f, i in self.index.items() if i < len(cells)}
            parsed.append((int(number), values, fingerprint(org, pid, values)))
        before = _imported_before(self.program, (p for _n, _v, p in parsed))
        rows: list[Row] = []
        already: list[int] = []
        for done, (number, values, print_) in enumerate(parsed, start=1):
            if print_ in before:
                already.append(number)
            else:
                rows.append(self.check(Row(number, values, print_)))
            if progress is not None:
                progress(done, len(parsed))
        return DryRun(rows, already)

    def problem(self, row: Row, name: str, message: str) -> None:
        row.problems.append(Problem(row.number, self.columns.get(name, ""), message))

    def check(self, row: Row) -> Row:
        self._person(row)
        self._contacts(row)
        self._enrollment(row)
        name = row.person.get("preferred_name", "")
        if name and not row.problems:
            self._duplicates(row, name)
        if row.navigator is not None and not row.problems:
            count = self.caseloads.get(row.navigator.pk, 0)
            if count >= self.program.caseload_cap:
                self.problem(
                    row,
                    "navigator",
                    _(
                        "%(name)s already has %(count)s %(participants)s in %(program)s, at "
                        "the cap of %(cap)s."
                    )
                    % {
                        "name": row.navigator,
                        "count": count,
                        "participants": term("participants", self.program.terminology),
                        "program": self.program.name,
                        "cap": self.program.caseload_cap,
                    },
                )
            else:
                self.caseloads[row.navigator.pk] = count + 1
        return row

    def _person(self, row: Row) -> None:
        person: dict[str, Any] = {}
        for name, limit in TEXT_LIMITS.items():
            value = row.values.get(name, "")
            if not value:
                if name in REQUIRED:
                    self.problem(row, name, _("Missing: the name they go by is required."))
                continue
            if len(value) > limit:
                self.problem(
                    row,
                    name,
                    _("Too long: at most %(limit)s characters (this has %(count)s).")
                    % {"limit": limit, "count": len(value)},
                )
                continue
            try:
                person[name] = check_text(value, str(SUBJECTS[name]))
            except ValidationError as error:
                self.problem(row, name, " ".join(error.messages))
        raw = row.values.get("date_of_birth", "")
        if raw:
            born = self._date(row, "date_of_birth", raw, bounds.BIRTH)
            if born is not None:
                person["date_of_birth"] = born
        row.person = person

    def _date(self, row: Row, name: str, raw: str, allowed: bounds.Range) -> date | None:
        day = parse_date(raw)
        if day is None:
            self.problem(
                row,
                name,
                _("Not a date we can read. Write it as 2026-03-01 or 03/01/2026."),
            )
            return None
        if problem := allowed.problem(day):
            self.problem(row, name, _("Date out of range. %(why)s") % {"why": problem})
            return None
        return day

    def _contacts(self, row: Row) -> None:
        for kind in ("phone", "email"):
            value = row.values.get(kind, "")
            if not value:
                continue
            if len(value) > CONTACT_LIMIT:
                self.problem(
                    row,
                    kind,
                    _("Too long: at most %(limit)s characters (this has %(count)s).")
                    % {"limit": CONTACT_LIMIT, "count": len(value)},
                )
                continue
            form = ContactForm(data={"kind": kind, "value": value, "safe_to_contact": "ask"})
            if not form.is_valid():
                for messages in form.errors.values():
                    self.problem(row, kind, " ".join(str(m) for m in messages))
                continue
            row.contacts.append(ContactData(kind, value))

    def _enrollment(self, row: Row) -> None:
        raw_status = row.values.get("status", "")
        raw_phase = row.values.get("phase", "")
        status = self.statuses.get(squash(raw_status)) if raw_status else None
        if raw_status and status is None:
            self.problem(
                row,
                "status",
                _("Unknown status “%(value)s”. Use inquiry, eligibility or enrolled.")
                % {"value": raw_status[:60]},
            )
        elif status is not None and status not in START_STATUSES:
            self.problem(
                row, "status", _("An import starts people at inquiry, eligibility or enrolled.")
            )
        else:
            # No status with a phase: they are enrolled, in that phase.
            row.status = status or (Status.ENROLLED if raw_phase else Status.INQUIRY)
        if raw_phase:
            phase = self.phases.get(squash(raw_phase))
            if phase is None:
                self.problem(
                    row,
                    "phase",
                    _("Unknown phase “%(value)s”. %(program)s has: %(phases)s.")
                    % {
                        "value": raw_phase[:60],
                        "program": self.program.name,
                        "phases": ", ".join(self.program.phases or []) or "—",
                    },
                )
            elif row.status != Status.ENROLLED:
                self.problem(row, "phase", _("A phase is given only to people enrolled."))
            else:
                row.phase = phase
        raw_start = row.values.get("started_on", "")
        row.started_on = (
            self._date(row, "started_on", raw_start, bounds.PAST)
            if raw_start
            else timezone.localdate()
        )
        raw_navigator = row.values.get("navigator", "")
        if raw_navigator:
            row.navigator = self.staff.get(raw_navigator.strip().casefold())
            if row.navigator is None:
                self.problem(
                    row,
                    "navigator",
                    _(
                        "Unknown %(navigator)s “%(value)s”: give the username or email of "
                        "someone who can hold a %(caseload)s in %(program)s."
                    )
                    % {
                        "navigator": term("navigator", self.program.terminology),
                        "caseload": term("caseload", self.program.terminology),
                        "value": raw_navigator[:60],
                        "program": self.program.name,
                    },
                )

    def _duplicates(self, row: Row, name: str) -> None:
        keys: list[tuple[str, ...]] = [("row", row.fingerprint)]
        born = row.person.get("date_of_birth")
        if born is not None:
            keys.append(("born", name_key(name), born.isoformat()))
        keys += [("contact", contact_key(c.kind, c.value)) for c in row.contacts]
        for key in keys:
            if key in self.seen:
                self.problem(
                    row,
                    "preferred_name",
                    _("The same person as row %(row)s of this file.") % {"row": self.seen[key]},
                )
                return
        for key in keys:
            self.seen[key] = row.number
        matches = possible_matches(
            self.by,
            name=name,
            date_of_birth=born,
            phones=[c.value for c in row.contacts if c.kind == "phone"],
            emails=[c.value for c in row.contacts if c.kind == "email"],
            limit=1,
        )
        if matches:
            self.problem(
                row,
                "preferred_name",
                _(
                    "May be someone already here (%(reasons)s). Add them from the add "
                    "form, which shows who it may be."
                )
                % {"reasons": "; ".join(matches[0].reasons)},
            )


def dry_run(
    by: User, job: PeopleImport, progress: Callable[[int, int], None] | None = None
) -> DryRun:
    return Checker(by, job).run(progress)
