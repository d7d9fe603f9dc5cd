"""Password reset is limited per account and per client address, and never says which."""

from __future__ import annotations

import re
from typing import Any

import time_machine
from django.core import mail
from django.test import Client, TestCase

from conftest import World


def ask(email: str, address: str = "198.51.100.7") -> Any:
    """Ask for a reset link; the email goes out when the request's work commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client(REMOTE_ADDR=address).post("/password/reset/", {"email": email})


def test_an_account_gets_at_most_n_reset_emails_an_hour(world: World, settings: Any) -> None:
    limit = settings.PASSWORD_RESET_PER_ACCOUNT_HOUR
    with time_machine.travel("2026-05-01 09:00:00+00:00", tick=False) as clock:
        for n in range(limit):
            # From different addresses, so only the account's own limit applies.
            response = ask("nia@example.org", address=f"203.0.113.{n + 1}")
            assert response["Location"] == "/password/reset/sent/"
        assert len(mail.outbox) == limit
        over = ask("nia@example.org", address="203.0.113.99")
        assert over.status_code == 302
        assert over["Location"] == "/password/reset/sent/"  # the same neutral answer
        assert len(mail.outbox) == limit  # and nothing more is sent
        # Someone else's account is not held back by Nia's.
        ask("noor@example.org", address="203.0.113.98")
        assert [m.to for m in mail.outbox[limit:]] == [["noor@example.org"]]
        # An hour after the first, Nia can have one again.
        clock.shift(3601)
        ask("nia@example.org", address="203.0.113.97")
        assert mail.outbox[-1].to == ["nia@example.org"]
        assert len(mail.outbox) == limit + 2


def test_an_address_makes_at_most_m_reset_requests_an_hour(world: World, settings: Any) -> None:
    settings.PASSWORD_RESET_PER_ADDRESS_HOUR = 2
    assert ask("nia@example.org")["Location"] == "/password/reset/sent/"
    assert ask("nobody@example.org")["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    over = ask("noor@example.org")
    assert over["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1  # noor's account exists; nothing was sent from here
    assert ask("noor@example.org", address="192.0.2.50")["Location"] == "/password/reset/sent/"
    assert [m.to for m in mail.outbox] == [["nia@example.org"], ["noor@example.org"]]


def test_the_answer_over_the_limit_matches_the_answer_for_no_account(
    world: World, settings: Any
) -> None:
    settings.PASSWORD_RESET_PER_ACCOUNT_HOUR = 1
    ask("nia@example.org")
    over = Client(REMOTE_ADDR="198.51.100.8").post(
        "/password/reset/", {"email": "nia@example.org"}, follow=True
    )
    nobody = Client(REMOTE_ADDR="198.51.100.9").post(
        "/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert over.status_code == nobody.status_code == 200
    assert over.redirect_chain == nobody.redirect_chain

    def page(response: Any) -> str:  # apart from the per-session CSRF token
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())

    assert page(over) == page(nobody)
    assert len(mail.outbox) == 1
