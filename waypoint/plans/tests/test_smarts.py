"""The SMARTS check on goals written the way navigators really write them.

Pure functions: no database, no requests. Each table row is one short-term goal
and the letters it should meet, written as a six-character string over
"SMARTS" with "-" where that letter is not met ("SM--TS": not yet confirmed as
achievable or realistic).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.plans.smarts import (
    GoalDraft,
    Verdict,
    check_goal,
    date_in_text,
    strengths_in_text,
    summary,
)

TODAY = date(2026, 11, 24)
SOON = date(2026, 12, 15)  # in 3 weeks
IN_TWO_MONTHS = date(2027, 1, 29)
PAST = date(2026, 10, 1)
TWO_YEARS_OUT = date(2028, 11, 24)

ASSESSMENT = (
    "Reliable and on time",
    "Loves cooking",
    "Close to her aunt Grace",
    "Speaks Dari and English",
    "Finished 10th grade",
    "Patient with younger kids",
)
NO_ASSESSMENT: tuple[str, ...] = ()


def goal(
    text: str,
    measure: str = "",
    target: date | None = SOON,
    strengths: str = "Reliable",
    *,
    a: bool = True,
    r: bool = True,
) -> GoalDraft:
    return GoalDraft(
        text=text,
        measure=measure,
        target_date=target,
        strengths=strengths,
        achievable_confirmed=a,
        realistic_confirmed=r,
    )


def row(id_: str, draft: GoalDraft, expected: str, assessment: tuple[str, ...] = ASSESSMENT):
    return pytest.param(draft, assessment, expected, id=id_)


GOALS = [
    # --- Youth workforce ---
    row(
        "warehouse-apps-complete",
        goal(
            "Apply to 3 warehouse jobs near the bus line",
            "3 applications submitted",
            strengths="Reliable and always on time",
        ),
        "SMARTS",
    ),
    row("get-a-job-vague", goal("Get a job", target=IN_TWO_MONTHS), "--ARTS"),
    row(
        "ged-enroll-stemmed-strength",
        goal(
            "Enroll in GED prep classes at Eastside Library",
            "Enrolled and went to the first class",
            strengths="Already finished 10th grade",
        ),
        "SMARTS",
    ),
    row(
        "servsafe-no-measure",
        goal("Complete the ServSafe food handler course", strengths="Loves cooking for family"),
        "S-ARTS",
    ),
    row(
        "mixed-case-extra-whitespace",
        goal("  sUBMIT   my RESUME to   TWO  Kitchen jobs  ", strengths="  loves to COOK  "),
        "SMARTS",
    ),
    row("work-on-stuff", goal("Work on stuff", strengths="good with people"), "--ART-"),
    row("try-harder-at-school", goal("Try harder at school"), "--ARTS"),
    row(
        "interview-practice-twice-a-week",
        goal("Practice interview answers with Ms. Okafor twice a week", strengths="Speaks English"),
        "SMARTS",
    ),
    row(
        "job-fair-not-yet-confirmed",
        goal(
            "Attend the job fair at Riverside Community College",
            "Talked to 2 employers",
            strengths="On time every time",
            a=False,
            r=False,
        ),
        "SM--TS",
    ),
    row(
        "drivers-permit-realistic-unconfirmed",
        goal(
            "Get my driver's permit",
            "Permit in hand",
            strengths="Aunt Grace can practice driving with him",
            r=False,
        ),
        "SMA-TS",
    ),
    row(
        "focus-on-school",
        goal("Focus on school", "Do well", strengths="Patient"),
        "--ARTS",
    ),
    # --- Housing and homeless services ---
    row(
        "work-on-housing-nothing-yet",
        goal("Work on housing", target=None, strengths="", a=False, r=False),
        "------",
    ),
    row(
        "be-more-stable-vague-measure",
        goal("Be more stable", "Feel more stable", strengths=""),
        "--ART-",
    ),
    row(
        "maple-court-strength-not-in-assessment",
        goal(
            "Submit the Maple Court housing application",
            "Application submitted and receipt kept",
            strengths="Organized with paperwork",
        ),
        "SMART-",
    ),
    row(
        "deposit-money-in-text",
        goal(
            "Save $300 for the security deposit",
            target=date(2027, 2, 26),
            strengths="Pays bills on time",
        ),
        "SMARTS",
    ),
    row("stop-missing-appointments", goal("Stop missing appointments"), "--ART-"),
    row(
        "not-get-evicted",
        goal("Not get evicted", "Still housed on Mar 1", target=date(2027, 3, 1)),
        "-MART-",
    ),
    row(
        "housing-authority-past-date",
        goal(
            "Call the housing authority about the waitlist",
            "Know our place on the list",
            target=PAST,
        ),
        "SMAR-S",
    ),
    row(
        "apartment-two-years-out",
        goal(
            "Move into a 2-bedroom apartment near Lincoln Elementary",
            "Lease signed",
            target=TWO_YEARS_OUT,
        ),
        "SMAR-S",
    ),
    row(
        "workshops-measure-in-text",
        goal("Attend 4 tenant education workshops", target=date(2027, 2, 15)),
        "SMARTS",
    ),
    row(
        "budget-coach-vague-measure",
        goal("Meet with the budget coach at United Way", "Feel better about money"),
        "S-ARTS",
    ),
    row(
        "find-housing-with-measure",
        goal("Find housing", "Signed lease", target=IN_TWO_MONTHS),
        "-MARTS",
    ),
    row(
        "pay-eversource-whitespace-newlines",
        goal("\n  Pay   the   Eversource   bill  \t", "Balance $0"),
        "SMARTS",
    ),
    row(
        "food-pantry-stop-by-is-not-deficit",
        goal("Stop by the Northside food pantry every Tuesday", strengths="Loves cooking"),
        "SMARTS",
    ),
    # --- Refugee resettlement ---
    row(
        "renew-farids-green-card",
        goal(
            "Renew Farid's green card",
            "New card in hand",
            target=date(2027, 3, 3),
            strengths="Speaks Dari and English, can read the forms",
        ),
        "SMARTS",
    ),
    row(
        "register-children-for-school",
        goal(
            "Register Amina and Yusuf at Roosevelt Middle School",
            "Both children enrolled",
            strengths="Close with aunt Grace, who can drive them",
        ),
        "SMARTS",
    ),
    row(
        "checking-account-no-measure-no-match",
        goal("Open a checking account at Members Credit Union", strengths="Good at saving"),
        "SMART-",  # one step with a clear finish counts as measurable
    ),
    row("learn-english-too-short", goal("Learn English", strengths="Speaks Dari"), "--ARTS"),
    row(
        "esl-class-frequency",
        goal("Attend ESL class at the Welcome Center twice a week", strengths="Speaks Dari"),
        "SMARTS",
    ),
    row(
        "unicode-names-appointment",
        goal(
            "Schedule Dr. Nguyễn appointment for Zainab's vaccines",
            "Appointment booked",
            strengths="Close to her aunt Grace",
        ),
        "SMARTS",
    ),
    row(
        "ead-form-code-is-not-a-count",
        goal("Submit form I-765 for Oğuz by 12/15", strengths="Speaks English"),
        "SMARTS",  # the form code is no count, but one submission is a clear finish
    ),
    row(
        "farid-wont-miss-esl",
        goal("Farid won't miss ESL class", strengths="Speaks Dari and English"),
        "--ART-",
    ),
    # --- Family support ---
    row("improve-mental-health", goal("Improve mental health", strengths=""), "--ART-"),
    row("quit-smoking", goal("Quit smoking", strengths="Loves her kids"), "--ART-"),
    row(
        "avoid-late-fees-says-what-instead",
        goal("To avoid late fees, pay rent by the 1st of each month", strengths="reliable"),
        "SMARTS",
    ),
    row(
        "read-with-maya-every-night",
        goal("Read with Maya for 20 minutes every night", strengths="patient and calm"),
        "SMARTS",
    ),
    row(
        "prenatal-all-appointments",
        goal("Attend all prenatal appointments at Mercy Clinic", target=date(2027, 5, 1)),
        "SMARTS",
    ),
    row(
        "get-better-be-happier",
        goal("Get better", "Be happier", strengths="Loves her kids"),
        "--ARTS",
    ),
    row(
        "cook-dinner-stems-match",
        goal("Cook dinner at home three nights a week", strengths="Cooks for her siblings"),
        "SMARTS",
    ),
    # --- No assessment strengths recorded yet ---
    row(
        "snap-no-assessment-any-strength",
        goal("Apply for SNAP benefits online", "Confirmation number saved", strengths="Follows up"),
        "SMARTS",
        NO_ASSESSMENT,
    ),
    row(
        "fafsa-no-assessment-no-strength",
        goal("Fill out the FAFSA", "FAFSA submitted", strengths="   "),
        "SMART-",
        NO_ASSESSMENT,
    ),
    row(
        "dont-miss-rent-no-assessment",
        goal("Don't miss rent", "Rent paid on the 1st for 3 months", target=date(2027, 3, 1)),
        "-MART-",
        NO_ASSESSMENT,
    ),
    row(
        "wic-today",
        goal("Call the WIC office to book an intake", "Appointment on the calendar", TODAY),
        "SMARTS",
        NO_ASSESSMENT,
    ),
    row(
        "cna-exactly-365-days",
        goal("Complete the CNA certification program", "Certificate earned", date(2027, 11, 24)),
        "SMARTS",
        NO_ASSESSMENT,
    ),
    row(
        "cna-366-days",
        goal("Complete the CNA certification program", "Certificate earned", date(2027, 11, 25)),
        "SMAR-S",
        NO_ASSESSMENT,
    ),
    # --- Time frames, one-step goals and strengths in the goal's own words ---
    row("get-id-documents-not-specific", goal("Get ID documents"), "--ARTS"),
    row("go-to-therapy-not-specific", goal("Go to therapy"), "--ARTS"),
    row("go-to-therapy-weekly-not-specific", goal("Go to therapy weekly"), "-MARTS"),
    row(
        "therapy-at-a-named-clinic",
        goal("Go to therapy at Northside Clinic every Tuesday"),
        "SMARTS",
    ),
    row("move-into-an-apartment", goal("Move into an apartment", "Lease signed"), "-MARTS"),
    row(
        "get-id-by-friday-still-not-specific",
        goal("Get ID documents by Friday", target=None),
        "--ARTS",
    ),
    row(
        "checking-account-by-friday-one-step",
        goal("Open a checking account at the credit union by Friday", target=None),
        "SMARTS",
    ),
    row(
        "section-8-by-march-15",
        goal("Submit the Section 8 recertification by March 15", target=None),
        "SMARTS",
    ),
    row(
        "within-30-days-is-a-date-not-a-count",
        goal("Practice interview answers with Ms. Okafor within 30 days", target=None),
        "S-ARTS",
    ),
    row(
        "before-the-end-of-the-month",
        goal("Pay the Eversource bill before the end of the month", "Balance $0", target=None),
        "SMARTS",
    ),
    row(
        "next-week-one-step",
        goal("Book a tour of the Maple Court apartments next week", target=None),
        "SMARTS",
    ),
    row("by-3-15", goal("Mail the SSI appeal letter by 3/15", target=None), "SMARTS"),
    row(
        "date-in-text-has-passed",
        goal("Submit the lease renewal by 2026-10-01", target=None),
        "SMAR-S",
    ),
    row(
        "date-field-wins-over-text",
        goal("Submit the lease renewal by Friday", target=PAST),
        "SMAR-S",
    ),
    row(
        "two-actions-are-not-one-step",
        goal("Open a checking account and set up direct deposit"),
        "S-ARTS",
    ),
    row(
        "strength-in-text-from-assessment",
        goal(
            "Use her cooking skills to apply for a line cook job at Dina's Diner",
            "Application sent",
            strengths="",
        ),
        "SMARTS",
    ),
    row(
        "strength-in-text-dari",
        goal("Build on his Dari to volunteer at the Welcome Center", "2 shifts done", strengths=""),
        "SMARTS",
    ),
    row(
        "strength-in-text-not-in-assessment",
        goal(
            "Use her car to get to the job fair at Riverside", "Talked to 2 employers", strengths=""
        ),
        "SMART-",
    ),
    row(
        "strength-in-text-no-assessment",
        goal("Apply for the bus pass with help from aunt Grace", "Pass in hand", strengths=""),
        "SMARTS",
        NO_ASSESSMENT,
    ),
    row(
        "empty-goal",
        GoalDraft(text=""),
        "------",
        NO_ASSESSMENT,
    ),
]


def letters(verdicts: list[Verdict]) -> str:
    return "".join(v.letter if v.passes else "-" for v in verdicts)


def test_table_is_big_enough():
    assert len(GOALS) >= 32


@pytest.mark.parametrize(("draft", "assessment", "expected"), GOALS)
def test_goal_table(draft, assessment, expected):
    verdicts = check_goal(draft, today=TODAY, assessment_strengths=assessment)
    assert [v.passes for v in verdicts] == [c != "-" for c in expected], [
        (v.letter, v.reason) for v in verdicts
    ]
    assert letters(verdicts) == expected


@pytest.mark.parametrize(("draft", "assessment", "expected"), GOALS)
def test_reasons_are_one_warm_sentence(draft, assessment, expected):
    for verdict in check_goal(draft, today=TODAY, assessment_strengths=assessment):
        assert verdict.reason
        assert verdict.reason[0].isupper() or verdict.reason[0] == "“"
        assert verdict.reason.endswith((".", "?", ".)"))
        assert not re.search(r"\b(?:client|clients|case|cases)\b", verdict.reason, re.IGNORECASE)
        assert '"' not in verdict.reason


def reasons(draft: GoalDraft, assessment: tuple[str, ...] = ASSESSMENT) -> dict[str, str]:
    verdicts = check_goal(draft, today=TODAY, assessment_strengths=assessment)
    by_name = {v.name: v.reason for v in verdicts}
    assert len(by_name) == 6
    return by_name


def test_no_date_reason():
    assert reasons(goal("Apply to 3 warehouse jobs", target=None))["Time-framed"] == (
        "No date: agree a target date together."
    )


def test_past_date_reason():
    assert "has passed" in reasons(goal("Apply to 3 warehouse jobs", target=PAST))["Time-framed"]


def test_date_too_far_reason():
    reason = reasons(goal("Apply to 3 warehouse jobs", target=TWO_YEARS_OUT))["Time-framed"]
    assert reason.startswith("More than a year away")


def test_passing_date_reason_is_deterministic():
    reason = reasons(goal("Renew Farid's green card", target=date(2027, 3, 3)))["Time-framed"]
    assert reason == "Target date Mar 3, 2027 (in 14 weeks)."


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (0, "Nov 24, 2026 (today)"),
        (1, "Nov 25, 2026 (tomorrow)"),
        (9, "Dec 3, 2026 (in 9 days)"),
        (14, "Dec 8, 2026 (in 2 weeks)"),
        (119, "Mar 23, 2027 (in 17 weeks)"),
        (120, "Mar 24, 2027 (in 4 months)"),
        (365, "Nov 24, 2027 (in 12 months)"),
    ],
)
def test_date_distance_phrases(days, phrase):
    target = TODAY + timedelta(days=days)
    assert reasons(goal("Apply to 3 warehouse jobs", target=target))["Time-framed"] == (
        f"Target date {phrase}."
    )


def test_no_measure_reason():
    reason = reasons(goal("Get my driver's permit"))["Measurable"]
    assert "no measure of done" in reason.lower()
    assert reason == "No measure of done: how will you both know it is finished?"


def test_vague_measure_reason_quotes_it():
    reason = reasons(goal("Get my driver's permit", "do well"))["Measurable"]
    assert "no measure of done" in reason.lower()
    assert reason.startswith("“do well”")


def test_measure_in_text_is_quoted():
    reason = reasons(goal("Apply to 3 warehouse jobs"))["Measurable"]
    assert reason == "The goal has a count, amount or frequency: “3 warehouse”."


def test_specific_pass_quotes_the_action():
    reason = reasons(goal("Amara will apply to 3 warehouse jobs"))["Specific"]
    assert reason == "Says what will be done: “apply to 3 warehouse jobs”."


def test_specific_fail_says_what_to_add():
    assert reasons(goal("Get a job"))["Specific"] == (
        "Say what exactly will be done: which job, which form, which appointment."
    )


def test_confirmed_by_participant():
    by_name = reasons(goal("Apply to 3 warehouse jobs"))
    assert by_name["Achievable"] == "Confirmed by the participant."
    assert by_name["Realistic"] == "Confirmed by the participant."


def test_unconfirmed_asks_the_participant():
    by_name = reasons(goal("Apply to 3 warehouse jobs", a=False, r=False))
    assert by_name["Achievable"].startswith("Ask the participant")
    assert "Only they can confirm it." in by_name["Achievable"]
    assert by_name["Realistic"].startswith("Ask the participant")
    assert "childcare" in by_name["Realistic"]


def test_strength_not_from_assessment_quotes_the_first_one():
    reason = reasons(goal("Apply to 3 warehouse jobs", strengths="Organized"))["Strengths-based"]
    assert reason == (
        "No strength from the assessment is used: name one they told you about, "
        "such as “Reliable and on time”."
    )


def test_strength_from_assessment_is_quoted():
    reason = reasons(goal("Apply to 3 line cook jobs", strengths="cooks"))["Strengths-based"]
    assert reason == "Builds on a strength from the assessment: “Loves cooking”."


def test_strength_without_assessment_says_so():
    reason = reasons(goal("Apply to 3 warehouse jobs", strengths="reliable"), NO_ASSESSMENT)
    assert reason["Strengths-based"] == (
        "Builds on: reliable. (No assessment strengths recorded yet to compare.)"
    )


def test_blank_assessment_strengths_count_as_none():
    reason = reasons(goal("Apply to 3 warehouse jobs", strengths="calm"), ("", "  "))
    assert reason["Strengths-based"].startswith("Builds on: calm.")


def test_no_strength_named():
    reason = reasons(goal("Apply to 3 warehouse jobs", strengths=""))["Strengths-based"]
    assert reason == "No strength named: which of their strengths does this build on?"


def test_deficit_fails_even_with_a_matching_strength():
    reason = reasons(goal("Stop missing appointments", strengths="Reliable"))["Strengths-based"]
    assert reason.startswith("Phrased as what to stop")


def test_check_goal_returns_smarts_in_order():
    verdicts = check_goal(goal("Get a job"), today=TODAY)
    assert [v.letter for v in verdicts] == list("SMARTS")
    assert [v.name for v in verdicts] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Realistic",
        "Time-framed",
        "Strengths-based",
    ]


def test_summary_all_met():
    draft = goal("Apply to 3 warehouse jobs", strengths="reliable")
    assert summary(check_goal(draft, today=TODAY, assessment_strengths=ASSESSMENT)) == (
        "Meets 6 of 6"
    )


def test_summary_none_met():
    verdicts = check_goal(GoalDraft(text="Get a job"), today=TODAY)
    assert summary(verdicts) == (
        "Meets 0 of 6: say exactly what, add a measure, ask if achievable, ask if realistic, "
        "add a date, name a strength"
    )


def test_summary_past_date_and_unmatched_strength():
    draft = goal("Apply to 3 warehouse jobs", target=PAST, strengths="Organized")
    assert summary(check_goal(draft, today=TODAY, assessment_strengths=ASSESSMENT)) == (
        "Meets 4 of 6: new date, use an assessment strength"
    )


def test_summary_far_date_and_deficit():
    draft = goal("Quit smoking", "Smoke-free for 30 days", target=TWO_YEARS_OUT, r=False)
    assert summary(check_goal(draft, today=TODAY)) == (
        "Meets 2 of 6: say exactly what, ask if realistic, shorter time frame, "
        "say what they will do"
    )


def test_summary_of_nothing():
    assert summary([]) == "Meets 0 of 0"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(),
    measure=st.text(),
    target=st.none() | st.dates(),
    strengths=st.text(),
    achievable=st.booleans(),
    realistic=st.booleans(),
    today=st.dates(),
    assessment=st.lists(st.text(), max_size=5),
)
def test_never_raises_and_always_six(
    text, measure, target, strengths, achievable, realistic, today, assessment
):
    draft = GoalDraft(text, measure, target, strengths, achievable, realistic)
    verdicts = check_goal(draft, today=today, assessment_strengths=assessment)
    assert [v.letter for v in verdicts] == list("SMARTS")
    assert all(isinstance(v.passes, bool) and v.reason for v in verdicts)
    assert verdicts[2].passes is achievable
    assert verdicts[3].passes is realistic
    assert verdicts[4].passes is (target is not None and 0 <= (target - today).days <= 365)
    assert summary(verdicts).startswith(f"Meets {sum(v.passes for v in verdicts)} of 6")


# fmt: off
VOCAB = [
    "Amara", "will", "won't", "not", "stop", "by", "apply", "to", "3", "$500", "twice", "a",
    "week", "jobs", "get", "better", "housing", "Dec", "15", "12/15", "I-90", "all", "every",
    "Tuesday", "Farid's", "green", "card", "don't", "quit", "no", "more", "  ", "\n", "\u2019",
]
# fmt: on


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCAB), max_size=12),
    measure=st.lists(st.sampled_from(VOCAB), max_size=5),
    strengths=st.lists(st.sampled_from(VOCAB + list(ASSESSMENT)), max_size=4),
)
def test_never_raises_on_navigator_vocabulary(words, measure, strengths):
    draft = goal(" ".join(words), " ".join(measure), strengths=" ".join(strengths))
    verdicts = check_goal(draft, today=TODAY, assessment_strengths=ASSESSMENT)
    assert [v.name for v in verdicts][0::5] == ["Specific", "Strengths-based"]
    assert len(verdicts) == 6
    assert summary(verdicts).startswith("Meets ")


def test_a_date_in_the_goals_words_is_quoted():
    reason = reasons(goal("Submit the Section 8 recertification by March 15", target=None))
    assert reason["Time-framed"] == (
        "Target date Mar 15, 2027 (in 15 weeks), from the goal's words “by March 15”."
    )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("by March 15", date(2027, 3, 15)),
        ("by Mar. 3, 2027", date(2027, 3, 3)),
        ("within 30 days", date(2026, 12, 24)),
        ("in two weeks", date(2026, 12, 8)),
        ("before the end of the month", date(2026, 11, 30)),
        ("by the end of the year", date(2026, 12, 31)),
        ("by Friday", date(2026, 11, 27)),  # TODAY is a Tuesday
        ("next week", date(2026, 12, 6)),
        ("this month", date(2026, 11, 30)),
        ("by 3/15", date(2027, 3, 15)),
        ("on 12/1/2026", date(2026, 12, 1)),
        ("by 2027-01-15", date(2027, 1, 15)),
        ("tomorrow", date(2026, 11, 25)),
        ("by the 15th", date(2026, 12, 15)),
        ("by October 2", date(2027, 10, 2)),  # already passed this year: next year's
    ],
)
def test_dates_in_the_goals_own_words(words, expected):
    found = date_in_text(f"Mail the form {words}", TODAY)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize(
    "text", ["Pay rent by the 1st of each month", "Apply to 3 jobs", "Attend 2 classes a week"]
)
def test_no_date_in_text_without_a_time_frame(text):
    assert date_in_text(text, TODAY) is None


def test_one_step_reason_quotes_the_step():
    reason = reasons(goal("Open a checking account at the credit union by Friday"))["Measurable"]
    assert reason == "One step with a clear finish: “Open a checking account at the credit union”."


def test_strengths_named_in_the_goal():
    assert strengths_in_text("Use her cooking skills to apply for a job") == ["her cooking skills"]
    assert strengths_in_text("Build on his Dari to volunteer") == ["his Dari"]
    assert strengths_in_text("Apply with help from aunt Grace") == ["aunt Grace"]
    assert strengths_in_text("Apply for SNAP benefits") == []
