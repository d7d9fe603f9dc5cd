"""Normalising names, phone numbers and emails so that search and matching can compare them.

Names in any script are kept: accents are folded ("José" → "jose"), case is
folded, punctuation (apostrophes, hyphens) becomes a space; Arabic, Chinese and
other letters stay as they are.
"""

from __future__ import annotations

import unicodedata

import phonenumbers

DEFAULT_REGION = "US"


def name_key(*names: str) -> str:
    words: list[str] = []
    for name in names:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        cleaned = "".join(ch if ch.isalnum() else " " for ch in stripped.casefold())
        for word in cleaned.split():
            if word not in words:
                words.append(word)
    return " ".join(words)


def phone_key(value: str, region: str = DEFAULT_REGION) -> str:
    """E.164 when the number parses; otherwise its digits."""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in value if ch.isdigit())
    if phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return "".join(ch for ch in value if ch.isdigit())


def email_key(value: str) -> str:
    return value.strip().casefold()


def contact_key(kind: str, value: str) -> str:
    if kind in {"phone", "text"}:
        return phone_key(value)
    if kind == "email":
        return email_key(value)
    return value.strip().casefold()
