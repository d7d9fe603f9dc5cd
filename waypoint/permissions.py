"""The permission matrix: every route, every method, which roles may call it.

This is the first gate (default deny): a route missing here answers 404, a
method not declared answers 405, a role not listed answers 404 (or goes to
sign-in when signed out). Object-level rules — which participant, which
program — are the access funnels' job (``participants.queries.participant_for``).
A test walks every URL pattern and fails if one has no entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse

from waypoint.accounts.queries import access_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from waypoint.accounts.models import User

ANONYMOUS = "anonymous"
ADMIN, MANAGER, SUPERVISOR, NAVIGATOR, STAFF, AUDITOR = (
    "admin",
    "manager",
    "supervisor",
    "navigator",
    "staff",
    "auditor",
)
ROLES = frozenset({ADMIN, MANAGER, SUPERVISOR, NAVIGATOR, STAFF, AUDITOR})
# People at partner organizations: outside ROLES, so every staff route refuses them.
PARTNER = "partner"
PARTNERS = frozenset({PARTNER})
# A participant signed in to their own Waypoint: only the portal's routes (/my/).
PARTICIPANT = "participant"
PARTICIPANTS = frozenset({PARTICIPANT})
PUBLIC = ROLES | PARTNERS | PARTICIPANTS | {ANONYMOUS}
READERS = ROLES
WRITERS = frozenset({ADMIN, MANAGER, SUPERVISOR, NAVIGATOR, STAFF})
SUPERVISORS = frozenset({ADMIN, MANAGER, SUPERVISOR})
OVERSIGHT = SUPERVISORS | {AUDITOR}
MANAGERS = frozenset({ADMIN, MANAGER})
SIGNED_IN = READERS | PARTNERS | PARTICIPANTS
ADMINS = frozenset({ADMIN})

Policy = dict[str, frozenset[str]]

MATRIX: dict[str, Policy] = {
    # Signing in and out, password reset.
    "login": {"GET": PUBLIC, "POST": PUBLIC},
    "logout": {"POST": PUBLIC},
    # Step two of signing in: the password was right, the person is not signed in yet.
    "login_code": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset_done": {"GET": PUBLIC},
    "password_reset_confirm": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset_complete": {"GET": PUBLIC},
    "health": {"GET": PUBLIC},
    # Daily work.
    "home": {"GET": READERS | PARTNERS | PARTICIPANTS},
    "caseload": {"GET": READERS, "POST": READERS},
    "supervision": {"GET": OVERSIGHT, "POST": OVERSIGHT},
    "participant_search": {"GET": READERS, "POST": READERS},
    "participant_new": {"GET": WRITERS, "POST": WRITERS},
    "participant_detail": {"GET": READERS},
    "participant_edit": {"GET": WRITERS, "POST": WRITERS},
    "participant_enroll": {"GET": WRITERS, "POST": WRITERS},
    "enrollment_status": {"POST": WRITERS},
    "enrollment_phase": {"POST": WRITERS},
    "enrollment_reopen": {"POST": WRITERS},
    "enrollment_assign": {"GET": SUPERVISORS, "POST": SUPERVISORS},
    # Assessments. Handing the device over and back is for staff who can write; the
    # participant's screen runs in that staff member's session (see assessments.handover).
    "assessment_start": {"POST": WRITERS},
    "assessment_detail": {"GET": READERS, "POST": WRITERS},
    "assessment_complete": {"POST": WRITERS},
    "assessment_discard": {"POST": WRITERS},
    "assessment_handover": {"GET": WRITERS, "POST": WRITERS},
    "assessment_self": {"GET": WRITERS, "POST": WRITERS},
    "assessment_handback": {"GET": WRITERS, "POST": WRITERS},
    "program_questions": {"GET": MANAGERS, "POST": MANAGERS},
    "question_edit": {"GET": MANAGERS, "POST": MANAGERS},
    "question_active": {"POST": MANAGERS},
    "question_move": {"POST": MANAGERS},
    # The Individualized Service Plan.
    "plan_start": {"POST": WRITERS},
    "plan_detail": {"GET": READERS},
    "plan_print": {"GET": READERS},
    "plan_long_term": {"GET": WRITERS, "POST": WRITERS},
    "goal_new": {"GET": WRITERS, "POST": WRITERS},
    "goal_edit": {"GET": WRITERS, "POST": WRITERS},
    "goal_remove": {"POST": WRITERS},
    "plan_share": {"POST": WRITERS},
    "plan_unshare": {"POST": WRITERS},
    "plan_acknowledge": {"GET": WRITERS, "POST": WRITERS},
    "plan_revise": {"GET": WRITERS, "POST": WRITERS},
    "plan_compare": {"GET": READERS},
    "goal_progress": {"POST": WRITERS},
    "step_progress": {"POST": WRITERS},
    # Needs.
    "need_add": {"POST": WRITERS},
    "contact_list": {"GET": READERS},
    "contact_new": {"GET": WRITERS, "POST": WRITERS},
    "note_detail": {"GET": READERS, "POST": WRITERS},
    "note_sign": {"POST": WRITERS},
    "note_addendum": {"POST": WRITERS},
    "note_remove": {"POST": WRITERS},
    "appointment_new": {"GET": WRITERS, "POST": WRITERS},
    "appointment_detail": {"GET": READERS},
    "appointment_cancel": {"POST": WRITERS},
    "appointment_ics": {"GET": READERS},
    "commitment_new": {"POST": WRITERS},
    "commitment_close": {"POST": WRITERS},
    # Case conferences: the funnels decide which conference and which participant.
    "conference_list": {"GET": READERS},
    "conference_new": {"GET": WRITERS, "POST": WRITERS},
    "conference_detail": {"GET": READERS},
    "conference_edit": {"POST": WRITERS},
    "conference_ground_rules": {"POST": WRITERS},
    "conference_staff_add": {"POST": WRITERS},
    "conference_partner_add": {"POST": WRITERS},
    "conference_person_add": {"POST": WRITERS},
    "conference_participant_add": {"POST": WRITERS},
    "conference_attendee_remove": {"POST": WRITERS},
    "conference_roles": {"POST": WRITERS},
    "conference_discussion_add": {"POST": WRITERS},
    "conference_invite": {"POST": WRITERS},
    "conference_cancel": {"POST": WRITERS},
    "conference_attendance": {"POST": WRITERS},
    "conference_sign": {"POST": WRITERS},
    "conference_addendum": {"POST": WRITERS},
    "conference_follow_up": {"POST": WRITERS},
    # Endings: closing. The funnels decide which enrollment and closure; the actions decide
    # who may approve (a supervisor of the program, never the one who asked).
    "closure_new": {"GET": WRITERS, "POST": WRITERS},
    "closure_detail": {"GET": READERS},
    "closure_approve": {"POST": SUPERVISORS},
    "closure_return": {"POST": SUPERVISORS},
    "closure_withdraw": {"POST": WRITERS},
    "program_endings": {"GET": MANAGERS, "POST": MANAGERS},
    "closure_reasons": {"GET": MANAGERS, "POST": MANAGERS},
    "closure_reason_edit": {"GET": MANAGERS, "POST": MANAGERS},
    "closure_reason_move": {"POST": MANAGERS},
    "closure_reason_active": {"POST": MANAGERS},
    # Approvals (issue 15). Lists and history: those who oversee a program. One approval:
    # whoever may open its enrollment (the requester included). Deciding: supervisors (the
    # action refuses their own request); withdrawing: the requester (the action decides).
    "approval_list": {"GET": OVERSIGHT},
    "approval_history": {"GET": OVERSIGHT},
    "approval_detail": {"GET": READERS},
    "approval_approve": {"POST": SUPERVISORS},
    "approval_return": {"POST": SUPERVISORS},
    "approval_withdraw": {"POST": WRITERS},
    "approval_settings": {"GET": MANAGERS, "POST": MANAGERS},
    # Endings: the post-program plan (the participant's copy; post_plan_for decides).
    "post_plan_build": {"POST": WRITERS},
    "post_plan_detail": {"GET": READERS, "POST": WRITERS},
    "post_plan_share": {"POST": WRITERS},
    "post_plan_unshare": {"POST": WRITERS},
    "post_plan_acknowledge": {"GET": WRITERS, "POST": WRITERS},
    "post_plan_print": {"GET": READERS},
    "post_plan_new_version": {"POST": WRITERS},
    "post_plan_send": {"POST": WRITERS},
    "discussion_detail": {"GET": READERS},
    "discussion_edit": {"POST": WRITERS},
    "discussion_remove": {"POST": WRITERS},
    "discussion_timer": {"POST": WRITERS},
    "discussion_contribution": {"POST": WRITERS},
    "discussion_summary": {"POST": WRITERS},
    "discussion_agreement": {"POST": WRITERS},
    "discussion_action_add": {"POST": WRITERS},
    "action_item_remove": {"POST": WRITERS},
    "coach_phrases": {"GET": ADMINS, "POST": ADMINS},
    "coach_phrase_edit": {"GET": ADMINS, "POST": ADMINS},
    "coach_defaults": {"POST": ADMINS},
    "need_move": {"POST": WRITERS},
    "need_status": {"POST": WRITERS},
    # Consents to share and the accounting of disclosures.
    "consent_list": {"GET": READERS},
    "consent_new": {"GET": WRITERS, "POST": WRITERS},
    "consent_detail": {"GET": READERS},
    "consent_revoke": {"POST": WRITERS},
    "consent_form": {"GET": READERS},
    "disclosure_list": {"GET": READERS},
    # Referrals that close the loop.
    "referral_new": {"GET": WRITERS, "POST": WRITERS},
    "referral_inside": {"POST": WRITERS},
    "referral_detail": {"GET": READERS},
    "referral_move": {"POST": WRITERS},
    "referral_send": {"POST": WRITERS},
    "referral_packet": {"GET": READERS, "POST": WRITERS},
    "referral_figures": {"GET": OVERSIGHT},
    "partner_home": {"GET": PARTNERS},
    "partner_referral": {"GET": PARTNERS},
    "partner_referral_move": {"POST": PARTNERS},
    "partner_users": {"GET": ADMINS, "POST": ADMINS},
    # Conferences seen by partner people: only those they are invited to, and of each
    # only what a consent lets them hear (waypoint.conferences.partner).
    "partner_conferences": {"GET": PARTNERS},
    "partner_conference": {"GET": PARTNERS},
    "partner_conference_update": {"POST": PARTNERS},
    "partner_action_done": {"POST": PARTNERS},
    # After a conference: action items on the home page, the printable record.
    "conference_action_close": {"POST": WRITERS},
    "discussion_print": {"GET": READERS},
    # Endings: after. A check-in after the exit is recorded (or closed) by those who write.
    "check_in_record": {"GET": WRITERS, "POST": WRITERS},
    "check_in_close": {"POST": WRITERS},
    # Endings: forecast (the transition date and the exit interview).
    "forecast_edit": {"GET": WRITERS, "POST": WRITERS},
    "forecast_clear": {"POST": WRITERS},
    "exit_interview_schedule": {"GET": WRITERS, "POST": WRITERS},
    "exit_interview_record": {"GET": WRITERS, "POST": WRITERS},
    "exit_interview_detail": {"GET": READERS},
    # Case file reviews (waypoint.quality). The funnels decide which review (those who
    # oversee its program) and which correction (its navigator, and those who oversee).
    "quality_queue": {"GET": OVERSIGHT},
    "quality_review_start": {"POST": SUPERVISORS},
    "quality_review": {"GET": OVERSIGHT, "POST": SUPERVISORS},
    "quality_review_sign": {"POST": SUPERVISORS},
    "quality_correction_add": {"POST": SUPERVISORS},
    "quality_correction": {"GET": READERS, "POST": WRITERS},
    "quality_correction_check": {"POST": SUPERVISORS},
    "quality_settings": {"GET": MANAGERS, "POST": MANAGERS},
    "quality_checklist": {"GET": MANAGERS, "POST": MANAGERS},
    "quality_item_edit": {"GET": MANAGERS, "POST": MANAGERS},
    "quality_item_move": {"POST": MANAGERS},
    "quality_item_active": {"POST": MANAGERS},
    # The resource directory (HSDS). Everyone on staff searches it; those who write keep
    # its details and "what to expect" current.
    "directory_search": {"GET": READERS},
    "directory_service": {"GET": READERS},
    "directory_service_print": {"GET": READERS},
    "directory_service_edit": {"GET": WRITERS, "POST": WRITERS},
    "directory_service_check": {"POST": WRITERS},
    "directory_service_send": {"POST": WRITERS},
    "directory_data": {"GET": ADMINS, "POST": ADMINS},
    "directory_import": {"GET": ADMINS},
    "directory_export": {"POST": ADMINS},
    # Importing people from a spreadsheet: administrators, and managers into the programs
    # they manage (imports.queries.import_for).
    "imports_new": {"GET": MANAGERS, "POST": MANAGERS},
    "imports_columns": {"GET": MANAGERS, "POST": MANAGERS},
    "imports_detail": {"GET": MANAGERS},
    "imports_run": {"POST": MANAGERS},
    # Programs.
    "program_list": {"GET": READERS},
    "program_settings": {"GET": MANAGERS, "POST": MANAGERS},
    # HUD HMIS (issue 17): a program's HUD descriptors (its managers), and the HMIS CSV
    # exports of the programs someone manages (hmis.queries.export_for decides which).
    "hud_project": {"GET": MANAGERS, "POST": MANAGERS},
    "hmis_exports": {"GET": MANAGERS, "POST": MANAGERS},
    "hmis_export": {"GET": MANAGERS},
    "hmis_export_download": {"POST": MANAGERS},
    "hmis_export_discard": {"POST": MANAGERS},
    # HMIS CSV import into the organization (administrators of its organization only:
    # hmis.import_queries.import_for).
    "hmis_imports": {"GET": ADMINS, "POST": ADMINS},
    "hmis_import": {"GET": ADMINS, "POST": ADMINS},
    "program_new": {"GET": ADMINS, "POST": ADMINS},
    # Reports: the program dashboard (read only; dashboard.overseen_programs decides which
    # programs: the ones the user manages, supervises or audits).
    "dashboard": {"GET": OVERSIGHT},
    "program_dashboard": {"GET": OVERSIGHT},
    "dashboard_people": {"GET": OVERSIGHT},
    "dashboard_download": {"GET": OVERSIGHT},
    # Staff and roles (administrators).
    "staff_list": {"GET": ADMINS},
    "staff_new": {"GET": ADMINS, "POST": ADMINS},
    "staff_detail": {"GET": ADMINS, "POST": ADMINS},
    "staff_role_revoke": {"POST": ADMINS},
    "staff_active": {"POST": ADMINS},
    "staff_mfa_reset": {"POST": ADMINS},
    "organization_security": {"GET": ADMINS, "POST": ADMINS},
    # Audit.
    "audit_home": {"GET": ADMINS, "POST": ADMINS},
    "audit_participant": {"GET": ADMINS},
    "audit_staff": {"GET": ADMINS},
    # The signed-in person's own account.
    "account_language": {"GET": READERS | PARTNERS, "POST": READERS | PARTNERS},
    "api_tokens": {"GET": READERS, "POST": READERS},
    "api_token_revoke": {"POST": READERS},
    "mfa_account": {"GET": SIGNED_IN},
    "mfa_enrol": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "mfa_recovery_codes": {"POST": SIGNED_IN},
    "mfa_remove": {"POST": SIGNED_IN},
    # API (token auth; see waypoint.api).
    # Ninja serves several methods of one path from its first route name.
    "api:api-root": {},
    "api:openapi-json": {"GET": PUBLIC},
    "api:participant_search": {"POST": READERS},
    "api:participant_create": {"POST": WRITERS},
    "api:participant_read": {"GET": READERS, "PATCH": WRITERS},
    "api:participant_enrollments": {"GET": READERS},
    "api:enrollment_create": {"POST": WRITERS},
    "api:enrollment_read": {"GET": READERS},
    "api:enrollment_status": {"POST": WRITERS},
    "api:enrollment_assign": {"POST": SUPERVISORS},
    "api:assessment_list": {"GET": READERS, "POST": WRITERS},
    "api:assessment_read": {"GET": READERS, "PATCH": WRITERS},
    "api:assessment_complete": {"POST": WRITERS},
    "api:need_list": {"GET": READERS, "POST": WRITERS},
    "api:need_move": {"POST": WRITERS},
    "api:need_status": {"POST": WRITERS},
    "api:plan_versions": {"GET": READERS, "POST": WRITERS},
    "api:plan_version_read": {"GET": READERS},
    "api:plan_long_term": {"POST": WRITERS},
    "api:goal_add": {"POST": WRITERS},
    "api:goal_update": {"PATCH": WRITERS},
    "api:goal_remove": {"POST": WRITERS},
    "api:plan_share": {"POST": WRITERS},
    "api:plan_back_to_draft": {"POST": WRITERS},
    "api:plan_acknowledge": {"POST": WRITERS},
    "api:plan_revise": {"POST": WRITERS},
    "api:plan_compare": {"GET": READERS},
    "api:plan_progress": {"POST": WRITERS},
    "api:contact_list": {"GET": READERS, "POST": WRITERS},
    "api:note_read": {"GET": READERS, "PATCH": WRITERS},
    "api:note_sign": {"POST": WRITERS},
    "api:note_addendum": {"POST": WRITERS},
    "api:appointment_list": {"GET": READERS, "POST": WRITERS},
    "api:appointment_cancel": {"POST": WRITERS},
    "api:commitment_list": {"GET": READERS, "POST": WRITERS},
    "api:commitment_close": {"POST": WRITERS},
    # Case conferences: staff only (partner people use the partner view).
    "api:conference_list": {"GET": READERS, "POST": WRITERS},
    "api:conference_read": {"GET": READERS, "PATCH": WRITERS},
    "api:conference_attendees": {"GET": READERS, "POST": WRITERS},
    "api:conference_discussions": {"GET": READERS, "POST": WRITERS},
    "api:conference_minutes": {"GET": READERS},
    "api:discussion_update": {"PATCH": WRITERS},
    "api:contribution_list": {"GET": READERS, "POST": WRITERS},
    "api:action_item_list": {"GET": READERS, "POST": WRITERS},
    "api:action_item_update": {"PATCH": WRITERS},
    # Endings: after. The check-ins of an enrollment, and recording one.
    "api:check_in_list": {"GET": READERS},
    "api:check_in_record": {"POST": WRITERS},
    # Endings: forecast.
    "api:forecast_read": {"GET": READERS, "PATCH": WRITERS},
    "api:exit_interview_read": {"GET": READERS, "POST": WRITERS},
    "api:exit_interview_record": {"POST": WRITERS},
    # Endings: closing (approve and return: supervisors; the action refuses their own).
    "api:enrollment_closures": {"GET": READERS, "POST": WRITERS},
    "api:closure_read": {"GET": READERS},
    "api:closure_approve": {"POST": SUPERVISORS},
    "api:closure_return": {"POST": SUPERVISORS},
    "api:closure_withdraw": {"POST": WRITERS},
    # Endings: the post-program plan.
    "api:post_plan_list": {"GET": READERS, "POST": WRITERS},
    "api:post_plan_update": {"PATCH": WRITERS},
    "api:post_plan_share": {"POST": WRITERS},
    "api:post_plan_acknowledge": {"POST": WRITERS},
    # Approvals (issue 15): the pending list for those who oversee a program; one approval
    # for whoever may open its enrollment; deciding for supervisors (the action refuses
    # their own request).
    "api:approvals_pending": {"GET": OVERSIGHT},
    "api:approval_read": {"GET": READERS},
    "api:approval_approve": {"POST": SUPERVISORS},
    "api:approval_return": {"POST": SUPERVISORS},
    # Supervision sessions (issue 15, part D): the supervisor's private record of a
    # one-to-one; session_for lets in only that supervisor, the navigator it is about and
    # the program's managers and administrators (auditors and everyone else: 404).
    "supervision_sessions": {"GET": WRITERS},
    "supervision_session_new": {"GET": SUPERVISORS, "POST": SUPERVISORS},
    "supervision_session_detail": {"GET": WRITERS, "POST": SUPERVISORS},
    "supervision_session_print": {"GET": WRITERS},
    "supervision_session_sign": {"POST": SUPERVISORS},
    "supervision_action_add": {"POST": SUPERVISORS},
    "supervision_action_remove": {"POST": SUPERVISORS},
    "supervision_action_done": {"POST": WRITERS},
    # Households: the funnels let in whoever may open one of its members; a member is
    # changed by those who may write their own record (households.queries).
    "participant_household_start": {"GET": WRITERS, "POST": WRITERS},
    "household_detail": {"GET": READERS},
    "household_head": {"POST": WRITERS},
    "household_member_add": {"GET": WRITERS, "POST": WRITERS},
    "household_person_add": {"POST": WRITERS},
    "household_member": {"GET": WRITERS, "POST": WRITERS},
    "household_member_leave": {"POST": WRITERS},
    "enrollment_household_stay": {"GET": WRITERS, "POST": WRITERS},
    "enrollment_stay_leave": {"POST": WRITERS},
    # Data quality (issue 15, part D): oversight roles see the programs they oversee;
    # navigators and program staff see their own caseload's figures only.
    "data_quality": {"GET": READERS},
    "data_quality_csv": {"GET": READERS},
    "data_quality_xlsx": {"GET": READERS},
    # The participant's own Waypoint (waypoint.portal). Coming in is open to everyone; the
    # pages are for participants only, and its funnels hand them only their own records.
    "portal_sign_in": {"GET": PUBLIC, "POST": PUBLIC},
    "portal_join": {"GET": PUBLIC, "POST": PUBLIC},
    "portal_join_link": {"GET": PUBLIC},
    "portal_link": {"GET": PUBLIC, "POST": PUBLIC},
    "portal_link_use": {"GET": PUBLIC, "POST": PUBLIC},
    "portal_link_open": {"GET": PUBLIC},
    "portal_language": {"POST": PARTICIPANTS | {ANONYMOUS}},
    "portal_home": {"GET": PARTICIPANTS},
    "portal_plan": {"GET": PARTICIPANTS},
    "portal_acknowledge": {"GET": PARTICIPANTS, "POST": PARTICIPANTS},
    "portal_step_done": {"POST": PARTICIPANTS},
    "portal_step_add": {"GET": PARTICIPANTS, "POST": PARTICIPANTS},
    "portal_suggest": {"GET": PARTICIPANTS, "POST": PARTICIPANTS},
    "portal_own_step_done": {"POST": PARTICIPANTS},
    "portal_appointments": {"GET": PARTICIPANTS},
    "portal_appointment_ics": {"GET": PARTICIPANTS},
    "portal_sharing": {"GET": PARTICIPANTS},
    "portal_post_plan": {"GET": PARTICIPANTS, "POST": PARTICIPANTS},
    "portal_form": {"GET": PARTICIPANTS, "POST": PARTICIPANTS},
    "portal_consent_stop": {"GET": PARTICIPANTS, "POST": PARTICIPANTS},
    # Staff: inviting a participant and answering what they send (the funnels decide whom).
    "portal_invite": {"GET": READERS, "POST": WRITERS},
    "portal_access_end": {"POST": WRITERS},
    "portal_form_send": {"POST": WRITERS},
    "portal_ask_answer": {"POST": WRITERS},
    # The open HSDS API: read-only, no sign-in, only services marked public.
    "hsds:openapi-json": {"GET": PUBLIC},
    "hsds:hsds_root": {"GET": PUBLIC},
    "hsds:hsds_services": {"GET": PUBLIC},
    "hsds:hsds_service": {"GET": PUBLIC},
}


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset({ANONYMOUS})
    return access_for(user).roles


def allowed(route: str, method: str, roles: frozenset[str]) -> bool | None:
    """True or False; None when the method is not declared for the route."""
    policy = MATRIX.get(route)
    if policy is None:
        return False
    method = "GET" if method == "HEAD" else method
    if method not in policy:
        return None
    return bool(policy[method] & roles)


def declared_methods(route: str) -> list[str]:
    methods = list(MATRIX.get(route, {}))
    return [*methods, "HEAD"] if "GET" in methods else methods


class PermissionMatrixMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        route = match.view_name if match else ""
        if request.path.startswith(settings.STATIC_URL):
            return None
        if route not in MATRIX:
            raise Http404("No policy for this route.")
        method = request.method or ""
        if allowed(route, method, frozenset()) is None:
            return HttpResponseNotAllowed(declared_methods(route))
        if route.startswith(("api:", "hsds:")):
            return None  # the API checks roles after token authentication; HSDS is open
        if allowed(route, method, roles_of(request.user)):
            return None
        if not request.user.is_authenticated:
            if request.headers.get("HX-Request"):
                # A background save after the idle timeout: say so, don't swap in a page.
                return HttpResponse("Signed out.", status=401, content_type="text/plain")
            if route.startswith("portal_"):
                # The participant's own Waypoint has its own sign-in, in their language.
                return redirect_to_login(request.get_full_path(), reverse("portal_sign_in"))
            return redirect_to_login(request.get_full_path())
        raise Http404("Not available.")
