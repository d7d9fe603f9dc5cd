"""Administrators add staff, give and remove roles, deactivate accounts, add programs."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from waypoint.accounts.models import Membership, Program, User
from waypoint.audit.models import AuditEvent
from waypoint.tests.helpers import snapshot


def test_admin_adds_staff_who_sets_a_password_and_gets_a_role(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/new/",
            {
                "display_name": "Rosa Díaz",
                "username": "rosa",
                "email": "rosa@example.org",
                "pronouns": "she/her",
            },
        )
    rosa = User.objects.get(username="rosa")
    assert response["Location"] == f"/staff/{rosa.pk}/"
    assert rosa.organization == world.org
    assert not rosa.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    response = client.post(f"/staff/{rosa.pk}/", {"role": "navigator", "program": world.youth.pk})
    assert response.status_code == 302
    assert list(rosa.memberships.values_list("role", "program__name")) == [
        ("navigator", "Youth Works")
    ]
    events = AuditEvent.objects.filter(action="staff", object_id=str(rosa.pk))
    assert [e.changes for e in events.order_by("pk")] == [
        {"added": "rosa"},
        {"granted": "navigator", "program": "Youth Works"},
    ]
    newcomer = Client()
    page = newcomer.get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()
    password = "a-brand-new-passphrase-7"
    newcomer.post(page.request["PATH_INFO"], {"new_password1": password, "new_password2": password})
    assert newcomer.post("/sign-in/", {"username": "rosa", "password": password}).status_code == 302
    assert newcomer.get("/caseload/").status_code == 200


def test_taken_username_and_bad_input_are_explained(world, as_user):
    client = as_user(world.admin)
    before = snapshot(audit=False)
    taken = client.post(
        "/staff/new/",
        {"display_name": "Another Nia", "username": "NIA", "email": "x@example.org"},
    )
    assert taken.status_code == 400
    assert "That username is taken" in taken.content.decode()
    bad = client.post(
        "/staff/new/", {"display_name": "", "username": "no spaces!", "email": "nope"}
    )
    html = bad.content.decode()
    assert "Use only letters, digits and @ . + - _ in a username." in html
    assert "Enter a valid email address." in html
    assert 'value="no spaces!"' in html
    assert snapshot(audit=False) == before
    assert mail.outbox == []


def test_roles_follow_the_organizations_rules(world, as_user):
    client = as_user(world.admin)
    url = f"/staff/{world.staff.pk}/"
    admin_in_program = client.post(url, {"role": "admin", "program": world.youth.pk})
    assert "Administrators work across the organization" in admin_in_program.content.decode()
    no_program = client.post(url, {"role": "navigator"})
    assert "every other role is for one program" in no_program.content.decode()
    duplicate = client.post(url, {"role": "staff", "program": world.home.pk})
    assert "already has that role" in duplicate.content.decode()
    other_org = client.post(url, {"role": "navigator", "program": world.other_program.pk})
    assert other_org.status_code == 400
    assert list(world.staff.memberships.values_list("role", flat=True)) == ["staff"]


def test_removing_a_role_takes_effect_at_once(world, as_user):
    navigator = as_user(world.navigator)
    assert navigator.get(f"/participants/{world.amara.participant.public_id}/").status_code == 200
    membership = Membership.objects.get(user=world.navigator, program=world.youth)
    admin = as_user(world.admin)
    response = admin.post(f"/staff/{world.navigator.pk}/roles/{membership.pk}/remove/")
    assert response.status_code == 302
    navigator = as_user(world.navigator)
    assert navigator.get(f"/participants/{world.amara.participant.public_id}/").status_code == 404


def test_admin_cannot_lock_themselves_out(world, as_user):
    client = as_user(world.admin)
    own = Membership.objects.get(user=world.admin, role="admin")
    client.post(f"/staff/{world.admin.pk}/roles/{own.pk}/remove/")
    client.post(f"/staff/{world.admin.pk}/active/", {"active": "0"})
    world.admin.refresh_from_db()
    assert world.admin.is_active
    assert Membership.objects.filter(pk=own.pk).exists()
    page = client.get(f"/staff/{world.admin.pk}/").content.decode()
    assert "You can&#x27;t remove your own administrator role." in page or "can't remove" in page


def test_deactivated_staff_cannot_sign_in(world, as_user):
    client = as_user(world.admin)
    client.post(f"/staff/{world.navigator.pk}/active/", {"active": "0"})
    world.navigator.refresh_from_db()
    assert not world.navigator.is_active
    from conftest import PASSWORD

    response = Client().post("/sign-in/", {"username": "nia", "password": PASSWORD})
    assert response.status_code == 200
    client.post(f"/staff/{world.navigator.pk}/active/", {"active": "1"})
    assert Client().post("/sign-in/", {"username": "nia", "password": PASSWORD}).status_code == 302


def test_staff_of_another_organization_is_not_found(world, as_user):
    client = as_user(world.admin)
    before = snapshot(audit=False)
    assert client.get(f"/staff/{world.outsider.pk}/").status_code == 404
    assert client.post(f"/staff/{world.outsider.pk}/active/", {"active": "0"}).status_code == 404
    assert snapshot(audit=False) == before


def test_admin_adds_a_program(world, as_user):
    client = as_user(world.admin)
    response = client.post(
        "/programs/new/",
        {
            "name": "Family Circle",
            "description": "Family support",
            "phases_text": "Welcome\nPlan\nGrow",
        },
    )
    program = Program.objects.get(name="Family Circle")
    assert response["Location"] == f"/programs/{program.pk}/settings/"
    assert program.phases == ["Welcome", "Plan", "Grow"]
    assert program.caseload_cap == 25
    duplicate = client.post("/programs/new/", {"name": "Family Circle", "phases_text": "One"})
    assert duplicate.status_code == 400
    assert Program.objects.filter(name="Family Circle").count() == 1


def test_only_administrators_manage_staff(world, as_user):
    for person in (world.manager, world.supervisor, world.navigator, world.auditor):
        client = as_user(person)
        assert client.get("/staff/").status_code == 404
        assert client.post("/programs/new/", {"name": "X", "phases_text": "A"}).status_code == 404
    assert not Program.objects.filter(name="X").exists()


def test_create_organization_command_makes_the_first_administrator(db, capsys):
    from django.core.management import call_command

    call_command(
        "create_organization",
        "Lakeside Family Services",
        "--admin-username=lee",
        "--admin-email=lee@example.org",
    )
    out = capsys.readouterr().out
    lee = User.objects.get(username="lee")
    assert lee.organization is not None
    assert lee.organization.name == "Lakeside Family Services"
    assert [(m.role, m.program_id) for m in lee.memberships.all()] == [("admin", None)]
    assert not lee.has_usable_password()
    link = re.search(r"http://127\.0\.0\.1:8000(/password/reset/\S+/)", out)
    assert link is not None
    page = Client().get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()
