"""Contacts, progress notes (write, coach, sign, addenda), appointments and commitments."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from waypoint.accounts.queries import access_for
from waypoint.enrollments.models import Enrollment
from waypoint.enrollments.queries import enrollment_for
from waypoint.errors import ActionRefused, show_on_form
from waypoint.http import AuthedRequest
from waypoint.notes import actions, calendar, coaching, queries
from waypoint.notes.forms import (
    AddendumForm,
    AppointmentForm,
    CancelForm,
    CloseCommitmentForm,
    CommitmentForm,
    ContactForm,
    NoteForm,
    PhraseForm,
)
from waypoint.notes.models import SECTIONS, Appointment, CoachPhrase, Contact, Note


def _uuid(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _of(model: Any, raw: Any, enrollment: Enrollment) -> Any:
    """A record of this enrollment named by a form's hidden field, if there is one."""
    key = _uuid(raw)
    if key is None:
        return None
    return model.objects.filter(public_id=key, enrollment=enrollment).first()


def _to_participant(enrollment: Enrollment, anchor: str = "") -> HttpResponse:
    response = redirect("participant_detail", public_id=enrollment.participant.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# --- Contacts ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Log a contact or an attempt; then write its note."""
    enrollment = enrollment_for(request.user, public_id, write=True)
    source = request.POST if request.method == "POST" else request.GET
    appointment = _of(Appointment, source.get("appointment"), enrollment)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                contact = actions.log_contact(
                    by=request.user,
                    enrollment=enrollment,
                    outcome=form.cleaned_data["outcome"],
                    data=form.contact_data(),
                    appointment=appointment,
                    creation_key=form.cleaned_data["creation_key"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                if contact.attempted:
                    messages.success(request, _("Attempt logged. Now write the note."))
                else:
                    messages.success(request, _("Contact logged. Now write the note."))
                return redirect("note_detail", public_id=contact.note.public_id)
    else:
        initial: dict[str, Any] = {"outcome": request.GET.get("outcome", "completed")}
        if appointment is not None:
            initial.update(
                appointment=appointment.public_id,
                method=appointment.method,
                place=appointment.place,
                place_detail=appointment.place_detail,
                minutes=appointment.minutes,
                present=appointment.others,
                happened_at=appointment.starts_at,
            )
            if initial["outcome"] == "attempted":
                initial["attempt_result"] = Contact.AttemptResult.NOT_THERE
        form = ContactForm(initial=initial)
    context = {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "form": form,
        "appointment": appointment,
    }
    return render(request, "notes/contact_new.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET"])
def contact_list(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Every contact and attempt of an enrollment, newest first, with its note."""
    enrollment = enrollment_for(request.user, public_id)
    context = {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "contacts": queries.contacts_of(enrollment, limit=None),
        "can_write": access_for(request.user).can_write(enrollment.program_id),
        "sees_private": access_for(request.user).sees_sensitive(enrollment.program),
    }
    return render(request, "notes/contact_list.html", context)


# --- Notes -------------------------------------------------------------------------


def _note_form(request: AuthedRequest, note: Note, data: Any = None) -> NoteForm:
    contact = note.contact
    initial: dict[str, Any] = {
        "edit_version": note.edit_version,
        "next_meeting_at": note.next_meeting_at,
        "sensitive": note.sensitive_categories,
        "links": [str(link.item_key) for link in note.links.all()],
    }
    for key in NoteForm.CONTACT_FIELDS:
        initial[key] = getattr(contact, key)
    for key, _title, _prompt in SECTIONS:
        initial[key] = getattr(note, key)
    return NoteForm(
        data,
        initial=initial,
        attempt=contact.attempted,
        goals=queries.goal_options(request.user, note.enrollment),
        sees_private=access_for(request.user).sees_sensitive(note.enrollment.program),
    )


def _advice(note: Note, form: NoteForm | None) -> list[Any]:
    if form is not None and form.is_bound and hasattr(form, "cleaned_data"):
        texts = {key: form.cleaned_data.get(key, "") for key in form.section_keys}
        linked = bool(form.cleaned_data.get("links"))
        meeting = form.cleaned_data.get("next_meeting_at") is not None
    else:
        texts = {s.key: s.text for s in queries.sections_of(note)}
        linked = note.links.exists()
        meeting = note.next_meeting_at is not None
    if form is not None and not form.link_rows():
        linked = True  # no plan goals yet: nothing to link, nothing to advise
    return coaching.advice_for(
        texts,
        organization_id=note.organization_id,
        attempt=note.contact.attempted,
        goals_linked=linked,
        next_meeting=meeting or note.appointments.exists(),
    )


def render_note(
    request: AuthedRequest,
    note: Note,
    *,
    form: NoteForm | None = None,
    addendum_form: AddendumForm | None = None,
    commitment_form: CommitmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    enrollment = note.enrollment
    access = access_for(request.user)
    can_write = access.can_write(enrollment.program_id)
    hidden = queries.hides_words(request.user, note)
    editing = note.is_draft and can_write and not hidden
    if editing and form is None:
        form = _note_form(request, note)
    context = {
        "note": note,
        "contact": note.contact,
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "hidden": hidden,
        "editing": editing,
        "can_write": can_write,
        "is_author": note.author_id == request.user.pk,
        "form": form if editing else None,
        "sections": queries.sections_of(note),
        "links": [] if hidden else queries.link_labels(request.user, note),
        "categories": [queries.CATEGORY_LABELS[c] for c in note.sensitive_categories],
        "addenda": [] if hidden else list(note.addenda.select_related("written_by")),
        "addendum_form": addendum_form or AddendumForm(),
        "commitment_form": commitment_form or CommitmentForm(initial={"note": note.public_id}),
        "timeliness": queries.timeliness(note),
        "advice": _advice(note, form) if editing else [],
        "appointments": list(note.appointments.all()),
        "commitments": list(note.commitments.all()),
        "due_hours": enrollment.program.note_due_hours,
    }
    return render(request, "notes/note.html", context, status=status)


def _save(request: AuthedRequest, note: Note, form: NoteForm) -> str | None:
    """Save a bound note form; the refusal's words if it could not be saved."""
    if not form.is_valid():
        return " ".join(str(e) for errors in form.errors.values() for e in errors)
    try:
        saved = actions.save_note(
            by=request.user,
            note=note,
            expected_version=form.cleaned_data["edit_version"],
            sections=form.sections(),
            contact=form.contact_data() | {"happened_at": form.cleaned_data["happened_at"]},
            links=form.link_keys([link.item_key for link in note.links.all()]),
            sensitive_categories=form.cleaned_data.get("sensitive")
            if "sensitive" in form.fields
            else None,
            next_meeting_at=form.cleaned_data.get("next_meeting_at")
            if "next_meeting_at" in form.fields
            else actions.UNSET,
        )
    except ActionRefused as refused:
        show_on_form(form, refused)
        return refused.message
    note.edit_version = saved.edit_version
    return None


@require_http_methods(["GET", "POST"])
def note_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The note: a form while it is a draft (saving as you type, with the coach beside
    it), then the signed record with its addenda."""
    if request.method == "GET":
        return render_note(request, queries.note_for(request.user, public_id))
    note = queries.note_for(request.user, public_id, write=True)
    if not note.is_draft:
        locked = _("This note is signed and can no longer change. Add an addendum.")
        if request.htmx:
            # A background save that arrives after signing: say so where saves are shown.
            context = {"note": note, "problem": locked, "advice": []}
            return render(request, "notes/_saved.html", context, status=409)
        messages.error(request, locked)
        return redirect("note_detail", public_id=note.public_id)
    if queries.hides_words(request.user, note):
        raise Http404("Not found.")
    form = _note_form(request, note, request.POST)
    problem = _save(request, note, form)
    if request.htmx:
        context = {
            "note": note,
            "problem": problem,
            "advice": _advice(note, form),
        }
        return render(request, "notes/_saved.html", context, status=200 if not problem else 409)
    if problem is None:
        if request.POST.get("then") == "schedule":
            return redirect(
                f"{_url('appointment_new', note.enrollment.public_id)}?note={note.public_id}"
            )
        messages.success(request, _("Draft saved."))
        return redirect("note_detail", public_id=note.public_id)
    return render_note(request, note, form=form, status=400)


def _url(name: str, public_id: uuid.UUID) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"public_id": public_id})


@require_http_methods(["POST"])
def note_sign(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Save what was typed, then sign: the note locks."""
    note = queries.note_for(request.user, public_id, write=True)
    if not note.is_draft:
        if note.signed_by_id == request.user.pk:
            # A second click on Sign: the note is signed, as they wanted; nothing changes.
            messages.success(request, _("Note signed. It is now locked."))
        else:
            messages.error(request, _("This note is already signed."))
        return redirect("note_detail", public_id=note.public_id)
    if queries.hides_words(request.user, note):
        raise Http404("Not found.")
    form = _note_form(request, note, request.POST)
    problem = _save(request, note, form)
    if problem is None:
        try:
            signed = actions.sign_note(
                by=request.user, note=note, expected_version=note.edit_version
            )
        except ActionRefused as refused:
            problem = refused.message
            form.add_error(None, problem)
        else:
            if signed.signed_late:
                messages.success(
                    request,
                    _("Note signed. It is now locked. It was signed after the note window."),
                )
            else:
                messages.success(request, _("Note signed. It is now locked."))
            return redirect("note_detail", public_id=note.public_id)
    return render_note(request, note, form=form, status=400)


@require_http_methods(["POST"])
def note_addendum(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    note = queries.note_for(request.user, public_id, write=True)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            actions.add_addendum(
                by=request.user,
                note=note,
                text=form.cleaned_data["text"],
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Addendum added and signed."))
            response = redirect("note_detail", public_id=note.public_id)
            response["Location"] += "#addenda"
            return response
    return render_note(request, note, addendum_form=form, status=400)


@require_http_methods(["POST"])
def note_remove(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """Remove a contact logged by mistake (its note must still be an unsigned draft)."""
    note = queries.note_for(request.user, public_id, write=True)
    enrollment = note.enrollment
    try:
        actions.remove_contact(by=request.user, contact=note.contact)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("note_detail", public_id=note.public_id)
    messages.success(request, _("The contact and its draft note were removed."))
    return _to_participant(enrollment, "contacts")


# --- Appointments ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def appointment_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    source = request.POST if request.method == "POST" else request.GET
    note = _of(Note, source.get("note"), enrollment)
    can_invite = calendar.invitation_address(enrollment.participant) is not None
    if request.method == "POST":
        form = AppointmentForm(request.POST, can_invite=can_invite)
        if form.is_valid():
            try:
                appointment = actions.schedule_appointment(
                    by=request.user,
                    enrollment=enrollment,
                    data=form.appointment_data(),
                    invite=bool(form.cleaned_data.get("invite")),
                    from_note=note,
                    creation_key=form.cleaned_data["creation_key"],
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                if appointment.invited:
                    messages.success(
                        request, _("Appointment scheduled. An invitation was emailed.")
                    )
                else:
                    messages.success(request, _("Appointment scheduled."))
                if note is not None:
                    return redirect("note_detail", public_id=note.public_id)
                return _to_participant(enrollment, "appointments")
    else:
        initial: dict[str, Any] = {"method": "in_person"}
        if note is not None:
            initial.update(
                note=note.public_id,
                starts_at=note.next_meeting_at,
                purpose=_("Next meeting"),
                invite=can_invite,
            )
        form = AppointmentForm(initial=initial, can_invite=can_invite)
    context = {
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "form": form,
        "note": note,
        "can_invite": can_invite,
    }
    return render(
        request, "notes/appointment_new.html", context, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET"])
def appointment_detail(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    appointment = queries.appointment_for(request.user, public_id)
    enrollment = appointment.enrollment
    queries.mark_private(request.user, [appointment])
    context = {
        "appointment": appointment,
        "enrollment": enrollment,
        "participant": enrollment.participant,
        "program": enrollment.program,
        "can_write": access_for(request.user).can_write(enrollment.program_id),
        "cancel_form": CancelForm(),
        "contacts": list(appointment.contacts.select_related("note")),
    }
    return render(request, "notes/appointment.html", context)


@require_http_methods(["POST"])
def appointment_cancel(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    appointment = queries.appointment_for(request.user, public_id, write=True)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.cancel_appointment(by=request.user, appointment=appointment, reason=reason)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("appointment_detail", public_id=appointment.public_id)
    if appointment.invited:
        messages.success(
            request, _("Appointment cancelled. The invitation was withdrawn by email.")
        )
    else:
        messages.success(request, _("Appointment cancelled."))
    return _to_participant(appointment.enrollment, "appointments")


@require_http_methods(["GET"])
def appointment_ics(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    """The appointment as a calendar file, for staff to add to their own calendar."""
    appointment = queries.appointment_for(request.user, public_id)
    address = request.user.email or "staff@waypoint.invalid"
    response = HttpResponse(calendar.ics(appointment, address), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


# --- Commitments -------------------------------------------------------------------


@require_http_methods(["POST"])
def commitment_new(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    enrollment = enrollment_for(request.user, public_id, write=True)
    form = CommitmentForm(request.POST)
    note = _of(Note, request.POST.get("note"), enrollment)
    if form.is_valid():
        try:
            actions.make_commitment(
                by=request.user,
                enrollment=enrollment,
                what=form.cleaned_data["what"],
                due_on=form.cleaned_data["due_on"],
                note=note,
                creation_key=form.cleaned_data["creation_key"],
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(request, _("Commitment noted. It stays on your home page until kept."))
            if note is not None:
                return redirect("note_detail", public_id=note.public_id)
            return _to_participant(enrollment, "commitments")
    if note is not None:
        note = queries.note_for(request.user, note.public_id)
        return render_note(request, note, commitment_form=form, status=400)
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _to_participant(enrollment, "commitments")


@require_http_methods(["POST"])
def commitment_close(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    commitment = queries.commitment_for(request.user, public_id, write=True)
    form = CloseCommitmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Mark it kept or no longer needed."))
    else:
        try:
            actions.close_commitment(
                by=request.user,
                commitment=commitment,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            if form.cleaned_data["status"] == "kept":
                done = _("“%(what)s” marked kept.")
            else:
                done = _("“%(what)s” marked no longer needed.")
            messages.success(request, done % {"what": commitment.what})
    back = request.POST.get("back", "")
    if back == "home":
        return redirect("caseload")
    return _to_participant(commitment.enrollment, "commitments")


# --- The writing coach's list (administrators) -------------------------------------


def _phrase_data(form: PhraseForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@require_http_methods(["GET", "POST"])
def coach_phrases(request: AuthedRequest) -> HttpResponse:
    """The organization's list of words the coach points out, and a form to add one."""
    organization = request.user.organization
    if organization is None:
        raise Http404("No organization.")
    form = PhraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            phrase = actions.save_phrase(
                by=request.user, organization=organization, phrase=None, data=_phrase_data(form)
            )
        except ActionRefused as refused:
            show_on_form(form, refused)
        else:
            messages.success(
                request, _("“%(phrase)s” added to the writing coach.") % {"phrase": phrase.phrase}
            )
            return redirect("coach_phrases")
    phrases = list(CoachPhrase.objects.filter(organization=organization).order_by("kind", "phrase"))
    context = {
        "form": form,
        "phrases": phrases,
        "kinds": CoachPhrase.Kind.choices,
        "using_defaults": not phrases,
    }
    return render(request, "notes/coach_phrases.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def coach_phrase_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    phrase = CoachPhrase.objects.filter(
        pk=pk, organization_id=request.user.organization_id or -1
    ).first()
    if phrase is None:
        raise Http404("No such phrase.")
    if request.method == "POST":
        form = PhraseForm(request.POST)
        if form.is_valid():
            try:
                actions.save_phrase(
                    by=request.user,
                    organization=phrase.organization,
                    phrase=phrase,
                    data=_phrase_data(form),
                )
            except ActionRefused as refused:
                show_on_form(form, refused)
            else:
                messages.success(request, _("“%(phrase)s” saved.") % {"phrase": phrase.phrase})
                return redirect("coach_phrases")
    else:
        form = PhraseForm(
            initial={
                "kind": phrase.kind,
                "language": phrase.language,
                "phrase": phrase.phrase,
                "suggestion": phrase.suggestion,
                "why": phrase.why,
                "sections": phrase.sections,
                "not_after": ", ".join(phrase.not_after),
                "not_before": ", ".join(phrase.not_before),
                "active": phrase.active,
            }
        )
    return render(
        request,
        "notes/coach_phrase.html",
        {"form": form, "phrase": phrase},
        status=400 if form.errors else 200,
    )


@require_http_methods(["POST"])
def coach_defaults(request: AuthedRequest) -> HttpResponse:
    """Add back any phrase of the default list the organization does not have."""
    organization = request.user.organization
    if organization is None:
        raise Http404("No organization.")
    added = actions.install_default_phrases(by=request.user, organization=organization)
    if added:
        done = ngettext(
            "%(count)s phrase from the default list added.",
            "%(count)s phrases from the default list added.",
            added,
        ) % {"count": added}
    else:
        done = _("Every phrase of the default list is already here.")
    messages.success(request, done)
    return redirect("coach_phrases")
