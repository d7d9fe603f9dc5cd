"""A program's file-review settings and checklist: managers change them through the pages;
retired and edited items stay as they were on reviews already started."""

from __future__ import annotations

import pytest

from waypoint.errors import ActionRefused
from waypoint.quality import actions
from waypoint.quality.models import ChecklistItem, QualitySettings
from waypoint.tests.helpers import snapshot

pytestmark = pytest.mark.django_db


def test_a_manager_changes_the_settings_and_bad_numbers_are_refused(world, client):
    client.force_login(world.manager)
    url = f"/programs/{world.youth.pk}/file-reviews/"
    page = client.get(url)
    assert page.status_code == 200 and 'value="2"' in page.content.decode()
    assert not QualitySettings.objects.exists()  # reading never writes
    data = {
        "reviews_per_navigator": "3",
        "plan_review_days": "60",
        "picks": ["overdue"],
        "attempts_in_row": "4",
        "high_need_count": "5",
        "completeness_goal": "90",
        "late_from_days": "7",
    }
    assert client.post(url, data).status_code == 302
    saved = QualitySettings.objects.get(program=world.youth)
    assert (
        saved.reviews_per_navigator,
        saved.plan_review_days,
        saved.picks,
        saved.completeness_goal,
        saved.late_from_days,
    ) == (3, 60, ["overdue"], 90, 7)
    bad = {"reviews_per_navigator": "99", "plan_review_days": "2", "completeness_goal": "101"}
    response = client.post(url, {**data, **bad, "late_from_days": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The files a month per navigator must be from 0 to 20." in html
    assert "The days between plan reviews must be from 7 to 730." in html
    assert "The completeness goal must be from 50 to 100." in html
    assert "The days after which a record is late must be from 1 to 30." in html
    assert 'value="99"' in html and 'value="101"' in html
    saved = QualitySettings.objects.get(program=world.youth)
    assert (saved.reviews_per_navigator, saved.completeness_goal, saved.late_from_days) == (
        3,
        90,
        7,
    )


def test_a_stale_settings_save_is_refused_naming_what_changed(world):
    actions.update_quality_settings(
        by=world.manager, program=world.youth, changes={"reviews_per_navigator": 4}
    )
    version = QualitySettings.objects.get(program=world.youth).version
    actions.update_quality_settings(
        by=world.admin,
        program=world.youth,
        changes={"plan_review_days": 30},
        expected_version=version,
    )
    with pytest.raises(ActionRefused) as refused:
        actions.update_quality_settings(
            by=world.manager,
            program=world.youth,
            changes={"reviews_per_navigator": 1},
            expected_version=version,
        )
    assert "plan review window" in str(refused.value)


def test_the_checklist_starts_from_the_defaults_and_managers_edit_it(world, client):
    client.force_login(world.manager)
    url = f"/programs/{world.youth.pk}/file-review-checklist/"
    html = client.get(url).content.decode()
    # Every program starts with the default items, its own to edit.
    assert "Strengths are used in the plan" in html and "These are the default items" not in html
    assert ChecklistItem.objects.filter(program=world.youth).count() == 3
    # Adding an item keeps the defaults, after them.
    assert (
        client.post(url, {"label": "Consent forms are on file", "help_text": ""}).status_code == 302
    )
    labels = list(ChecklistItem.objects.filter(program=world.youth).values_list("label", flat=True))
    assert labels == [d[0] for d in actions.DEFAULT_ITEMS] + ["Consent forms are on file"]
    # The same words twice, or none, are refused beside the field.
    response = client.post(url, {"label": "consent forms are on FILE"})
    assert response.status_code == 400
    assert "The checklist already has an item with these words." in response.content.decode()
    assert client.post(url, {"label": "   "}).status_code == 400
    # A review started now keeps the words; editing, moving and retiring change the list.
    review = actions.start_review(by=world.supervisor, enrollment=world.amara)
    last = ChecklistItem.objects.get(label="Consent forms are on file")
    edit = client.post(f"/file-review-checklist/{last.pk}/", {"label": "Consents are on file"})
    assert edit.status_code == 302
    client.post(f"/file-review-checklist/{last.pk}/move/", {"direction": "up"})
    client.post(f"/file-review-checklist/{last.pk}/active/", {"active": "no"})
    last.refresh_from_db()
    assert (last.label, last.position, last.active) == ("Consents are on file", 3, False)
    assert "Consent forms are on file" in review.answers.values_list("label", flat=True)
    assert [i.label for i in actions.checklist_of(world.youth)] == [
        d[0] for d in actions.DEFAULT_ITEMS
    ]
    new = actions.start_review(by=world.supervisor, enrollment=world.bo)
    assert new.answers.count() == 3


def test_only_the_programs_managers_change_settings_and_checklist(world, client):
    actions.install_default_items(world.youth)
    item = ChecklistItem.objects.filter(program=world.youth).first()
    assert item is not None
    before = snapshot(audit=False)
    for who in (world.supervisor, world.navigator, world.auditor, world.outsider):
        client.force_login(who)
        assert client.post(f"/programs/{world.youth.pk}/file-reviews/", {}).status_code == 404
        assert (
            client.post(
                f"/programs/{world.youth.pk}/file-review-checklist/", {"label": "x"}
            ).status_code
            == 404
        )
        assert (
            client.post(f"/file-review-checklist/{item.pk}/active/", {"active": "no"}).status_code
            == 404
        )
    assert snapshot(audit=False) == before


def test_a_program_without_items_shows_the_defaults_unsaved_until_kept(world, client):
    ChecklistItem.objects.filter(program=world.youth).delete()
    client.force_login(world.manager)
    url = f"/programs/{world.youth.pk}/file-review-checklist/"
    html = client.get(url).content.decode()
    assert "These are the default items" in html and "Strengths are used in the plan" in html
    assert not ChecklistItem.objects.filter(program=world.youth).exists()
    assert client.post(url, {"keep_defaults": "yes"}).status_code == 302
    labels = list(ChecklistItem.objects.filter(program=world.youth).values_list("label", flat=True))
    assert labels == [d[0] for d in actions.DEFAULT_ITEMS]
