"""Every route has a name, and every name has a policy in waypoint.permissions.MATRIX."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from waypoint.accounts import second_factor_views as second_factor
from waypoint.accounts import views as accounts
from waypoint.accounts.throttle import ThrottledPasswordResetView
from waypoint.api.api import api
from waypoint.assessments import views as assessments
from waypoint.audit import views as audit
from waypoint.caseload import views as caseload
from waypoint.consent import views as consent
from waypoint.directory import views as directory
from waypoint.directory.api import hsds_api
from waypoint.enrollments import views as enrollments
from waypoint.notes import views as notes
from waypoint.participants import views as participants
from waypoint.plans import views as plans
from waypoint.referrals import partner
from waypoint.referrals import views as referrals

urlpatterns = [
    path("sign-in/", accounts.SignInView.as_view(), name="login"),
    path("sign-out/", accounts.SignOutView.as_view(), name="logout"),
    path(
        "password/reset/",
        ThrottledPasswordResetView.as_view(
            email_template_name="registration/reset_email.txt",
            subject_template_name="registration/reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("health/", accounts.health, name="health"),
    path("", caseload.home, name="home"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("supervision/", caseload.supervision, name="supervision"),
    path("participants/search/", participants.participant_search, name="participant_search"),
    path("participants/new/", participants.participant_new, name="participant_new"),
    path(
        "participants/<uuid:public_id>/", participants.participant_detail, name="participant_detail"
    ),
    path(
        "participants/<uuid:public_id>/edit/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path(
        "participants/<uuid:public_id>/enroll/",
        participants.participant_enroll,
        name="participant_enroll",
    ),
    path(
        "enrollments/<uuid:public_id>/status/",
        enrollments.enrollment_status,
        name="enrollment_status",
    ),
    path(
        "enrollments/<uuid:public_id>/phase/", enrollments.enrollment_phase, name="enrollment_phase"
    ),
    path(
        "enrollments/<uuid:public_id>/reopen/",
        enrollments.enrollment_reopen,
        name="enrollment_reopen",
    ),
    path(
        "enrollments/<uuid:public_id>/assign/",
        enrollments.enrollment_assign,
        name="enrollment_assign",
    ),
    path(
        "enrollments/<uuid:public_id>/assessments/",
        assessments.assessment_start,
        name="assessment_start",
    ),
    path("assessments/<uuid:public_id>/", assessments.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<uuid:public_id>/complete/",
        assessments.assessment_complete,
        name="assessment_complete",
    ),
    path(
        "assessments/<uuid:public_id>/discard/",
        assessments.assessment_discard,
        name="assessment_discard",
    ),
    path(
        "assessments/<uuid:public_id>/hand-over/",
        assessments.assessment_handover,
        name="assessment_handover",
    ),
    path(
        "assessments/<uuid:public_id>/yours/", assessments.assessment_self, name="assessment_self"
    ),
    path(
        "assessments/<uuid:public_id>/hand-back/",
        assessments.assessment_handback,
        name="assessment_handback",
    ),
    path("programs/<int:pk>/questions/", assessments.program_questions, name="program_questions"),
    path("questions/<uuid:public_id>/", assessments.question_edit, name="question_edit"),
    path("questions/<uuid:public_id>/active/", assessments.question_active, name="question_active"),
    path("questions/<uuid:public_id>/move/", assessments.question_move, name="question_move"),
    path("enrollments/<uuid:public_id>/needs/", assessments.need_add, name="need_add"),
    path("enrollments/<uuid:public_id>/plan/", plans.plan_start, name="plan_start"),
    path("plans/<uuid:public_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:public_id>/print/", plans.plan_print, name="plan_print"),
    path("plans/<uuid:public_id>/long-term/", plans.plan_long_term, name="plan_long_term"),
    path("plans/<uuid:public_id>/goals/new/", plans.goal_new, name="goal_new"),
    path("plans/<uuid:public_id>/share/", plans.plan_share, name="plan_share"),
    path("plans/<uuid:public_id>/back-to-draft/", plans.plan_unshare, name="plan_unshare"),
    path("plans/<uuid:public_id>/acknowledge/", plans.plan_acknowledge, name="plan_acknowledge"),
    path("plans/<uuid:public_id>/revise/", plans.plan_revise, name="plan_revise"),
    path("plans/<uuid:public_id>/compare/", plans.plan_compare, name="plan_compare"),
    path("goals/<uuid:public_id>/edit/", plans.goal_edit, name="goal_edit"),
    path("goals/<uuid:public_id>/remove/", plans.goal_remove, name="goal_remove"),
    path("goals/<uuid:public_id>/progress/", plans.goal_progress, name="goal_progress"),
    path(
        "goals/<uuid:public_id>/steps/<uuid:key>/progress/",
        plans.step_progress,
        name="step_progress",
    ),
    path("enrollments/<uuid:public_id>/contacts/", notes.contact_list, name="contact_list"),
    path("enrollments/<uuid:public_id>/contacts/new/", notes.contact_new, name="contact_new"),
    path(
        "enrollments/<uuid:public_id>/appointments/new/",
        notes.appointment_new,
        name="appointment_new",
    ),
    path("enrollments/<uuid:public_id>/commitments/", notes.commitment_new, name="commitment_new"),
    path("notes/<uuid:public_id>/", notes.note_detail, name="note_detail"),
    path("notes/<uuid:public_id>/sign/", notes.note_sign, name="note_sign"),
    path("notes/<uuid:public_id>/addenda/", notes.note_addendum, name="note_addendum"),
    path("notes/<uuid:public_id>/remove/", notes.note_remove, name="note_remove"),
    path("appointments/<uuid:public_id>/", notes.appointment_detail, name="appointment_detail"),
    path(
        "appointments/<uuid:public_id>/cancel/",
        notes.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "appointments/<uuid:public_id>/calendar.ics",
        notes.appointment_ics,
        name="appointment_ics",
    ),
    path("commitments/<uuid:public_id>/close/", notes.commitment_close, name="commitment_close"),
    path("coach/", notes.coach_phrases, name="coach_phrases"),
    path("coach/<int:pk>/", notes.coach_phrase_edit, name="coach_phrase_edit"),
    path("coach/defaults/", notes.coach_defaults, name="coach_defaults"),
    path("needs/<uuid:public_id>/move/", assessments.need_move, name="need_move"),
    path("needs/<uuid:public_id>/status/", assessments.need_status, name="need_status"),
    path("participants/<uuid:public_id>/consents/", consent.consent_list, name="consent_list"),
    path("participants/<uuid:public_id>/consents/new/", consent.consent_new, name="consent_new"),
    path(
        "participants/<uuid:public_id>/disclosures/",
        consent.disclosure_list,
        name="disclosure_list",
    ),
    path(
        "enrollments/<uuid:public_id>/referrals/new/",
        referrals.referral_new,
        name="referral_new",
    ),
    path(
        "enrollments/<uuid:public_id>/referrals/inside/",
        referrals.referral_inside,
        name="referral_inside",
    ),
    path("referrals/figures/", referrals.referral_figures, name="referral_figures"),
    path("partner/", partner.partner_home, name="partner_home"),
    path("partner/referrals/<uuid:public_id>/", partner.partner_referral, name="partner_referral"),
    path(
        "partner/referrals/<uuid:public_id>/record/",
        partner.partner_referral_move,
        name="partner_referral_move",
    ),
    path("directory/providers/<int:pk>/partners/", partner.partner_users, name="partner_users"),
    path("referrals/<uuid:public_id>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<uuid:public_id>/move/", referrals.referral_move, name="referral_move"),
    path("referrals/<uuid:public_id>/send/", referrals.referral_send, name="referral_send"),
    path("referrals/<uuid:public_id>/packet/", referrals.referral_packet, name="referral_packet"),
    path("consents/<uuid:public_id>/", consent.consent_detail, name="consent_detail"),
    path("consents/<uuid:public_id>/revoke/", consent.consent_revoke, name="consent_revoke"),
    path("consents/<uuid:public_id>/form/", consent.consent_form, name="consent_form"),
    path("directory/", directory.directory_search, name="directory_search"),
    path("directory/services/<uuid:hsds_id>/", directory.service_detail, name="directory_service"),
    path(
        "directory/services/<uuid:hsds_id>/print/",
        directory.service_print,
        name="directory_service_print",
    ),
    path(
        "directory/services/<uuid:hsds_id>/edit/",
        directory.service_edit,
        name="directory_service_edit",
    ),
    path(
        "directory/services/<uuid:hsds_id>/send/",
        directory.service_send,
        name="directory_service_send",
    ),
    path(
        "directory/services/<uuid:hsds_id>/checked/",
        directory.service_check,
        name="directory_service_check",
    ),
    path("directory/data/", directory.directory_data, name="directory_data"),
    path(
        "directory/data/imports/<uuid:public_id>/",
        directory.directory_import,
        name="directory_import",
    ),
    path("directory/data/export/", directory.directory_export, name="directory_export"),
    path("programs/", accounts.program_list, name="program_list"),
    path("programs/new/", accounts.program_new, name="program_new"),
    path("staff/", accounts.staff_list, name="staff_list"),
    path("staff/new/", accounts.staff_new, name="staff_new"),
    path("staff/<int:pk>/", accounts.staff_detail, name="staff_detail"),
    path(
        "staff/<int:pk>/roles/<int:membership_pk>/remove/",
        accounts.staff_role_revoke,
        name="staff_role_revoke",
    ),
    path("staff/<int:pk>/active/", accounts.staff_active, name="staff_active"),
    path("programs/<int:pk>/settings/", accounts.program_settings, name="program_settings"),
    path("audit/", audit.audit_home, name="audit_home"),
    path("audit/participants/<uuid:public_id>/", audit.audit_participant, name="audit_participant"),
    path("audit/staff/<int:pk>/", audit.audit_staff, name="audit_staff"),
    path("sign-in/code/", second_factor.sign_in_code, name="login_code"),
    path("account/second-step/", second_factor.account, name="mfa_account"),
    path("account/second-step/set-up/", second_factor.enrol, name="mfa_enrol"),
    path(
        "account/second-step/recovery-codes/",
        second_factor.recovery_codes,
        name="mfa_recovery_codes",
    ),
    path("account/second-step/turn-off/", second_factor.turn_off, name="mfa_remove"),
    path("staff/<int:pk>/second-step/reset/", second_factor.staff_reset, name="staff_mfa_reset"),
    path(
        "organization/security/", second_factor.organization_security, name="organization_security"
    ),
    path("account/language/", accounts.language, name="account_language"),
    path("account/tokens/", accounts.api_tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", accounts.api_token_revoke, name="api_token_revoke"),
    path("", include("waypoint.conferences.urls")),
    path("", include("waypoint.conferences.partner_urls")),
    path("", include("waypoint.conferences.follow_up_urls")),
    path("", include("waypoint.closure.urls")),
    path("", include("waypoint.quality.urls")),
    path("", include("waypoint.approvals.urls")),
    path("", include("waypoint.supervision.urls")),
    path("", include("waypoint.households.urls")),
    path("", include("waypoint.reports.urls")),
    path("", include("waypoint.hmis.urls")),
    path("", include("waypoint.imports.urls")),
    path("", include("waypoint.portal.urls")),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_api.urls),
]
