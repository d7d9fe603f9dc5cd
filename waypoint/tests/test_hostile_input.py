"""Hostile values against every form POST route and every API write, generated from
the permission matrix and the OpenAPI document, so a new route is covered without
anyone listing it: no answer is a server error, markup never comes back unescaped,
a re-shown form keeps what was typed, and every status the API gives is declared."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote_plus, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from waypoint.accounts.actions import create_api_token
from waypoint.api.tests.test_api_fuzz import real_ids_for
from waypoint.permissions import ADMIN, ANONYMOUS, MATRIX, PARTNER
from waypoint.tests.test_permissions import url_for

NUL = "before\x00after"
SURROGATE = "before\ud800after"
LONG = "x" * 100_000
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
UNREPRESENTABLE = [NUL, SURROGATE]  # refused per field; not shown back as typed
EVERYWHERE = [SCRIPT, ATTRIBUTE, LONG]  # put in every text field at once
DATES = ["9999-12-31", "0000-01-01", "10000-01-01", "0001-01-01"]
MOMENTS = ["9999-12-31T23:59", "0000-01-01T00:00", "10000-01-01T00:00", "0001-01-01T00:00"]
API_MOMENTS = [
    "9999-12-31T23:59:00-05:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-05:00",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
]
RAW_MARKUP = [SCRIPT.encode(), b"<img src=x onerror=alert(1)>"]
GUESSED = {"reason": "text", "text": "textarea", "name": "text", "on": "date", "what": "text"}
SHOWN_TYPES = {"text", "search", "email", "tel", "url", "number", "date", "datetime-local"}


# Pages -------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    values: dict[str, list[str]] = field(default_factory=dict)


class Forms(HTMLParser):
    """The POST forms of a page: their fields, types and current values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.first_option: str | None = None
        self.chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = Form(a.get("action", "")) if a.get("method") == "post" else None
            if self.current is not None:
                self.forms.append(self.current)
            return
        form, name = self.current, a.get("name", "")
        if tag == "option" and form is not None and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                form.values.setdefault(self.select, []).append(a.get("value", ""))
                self.chosen = True
            return
        if form is None or not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = a.get("type", "text")
            form.fields.setdefault(name, kind)
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form.values.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in {"submit", "file", "button"}:
                form.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea":
            form.fields[name] = "textarea"
            self.textarea = name
            form.values.setdefault(name, []).append("")
        elif tag == "select":
            form.fields[name] = "select"
            self.select, self.first_option, self.chosen = name, None, False

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea:
            self.current.values[self.textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.current is not None and self.textarea:
            text = self.current.values[self.textarea][-1]
            if text.startswith("\n"):  # HTML drops a newline right after <textarea>
                self.current.values[self.textarea][-1] = text[1:]
            self.textarea = None
        elif tag == "select" and self.current is not None and self.select:
            if not self.chosen and self.first_option:
                self.current.values.setdefault(self.select, []).append(self.first_option)
            self.select = None
        elif tag == "form":
            self.current = None


def forms_of(html: str) -> list[Form]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def route_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def persona_for(route: str) -> str:
    allowed = MATRIX[route]["POST"]
    for persona in (ADMIN, PARTNER, ANONYMOUS):
        if persona in allowed:
            return persona
    return sorted(allowed)[0]


def client_for(world: Any, persona: str) -> Client:
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(getattr(world, persona))
    return client


class Urls:
    """One URL per route and persona (building one may make records a second would
    clash with)."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.made: dict[tuple[str, str], str] = {}

    def __call__(self, route: str, persona: str) -> str:
        if (route, persona) not in self.made:
            user = None if persona == ANONYMOUS else getattr(self.world, persona)
            self.made[route, persona] = url_for(route, self.world, persona, user)
        return self.made[route, persona]


def harvest(world: Any, urls: Urls) -> dict[str, Form]:
    """The forms every page shows (every GET route, as the admin, a partner or no one),
    by the route they post to."""
    found: dict[str, Form] = {}
    for route, policy in MATRIX.items():
        if route.startswith(("api:", "hsds:")) or "GET" not in policy:
            continue
        persona = next(
            (p for p in (ADMIN, PARTNER, "participant", ANONYMOUS) if p in policy["GET"]), None
        )
        if persona is None:
            continue
        url = urls(route, persona)
        response = client_for(world, persona).get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(response.content.decode()):
            target = route_of(form.action or url)
            if target and target in MATRIX and "POST" in MATRIX[target]:
                known = found.setdefault(target, Form(form.action))
                for name, kind in form.fields.items():
                    known.fields.setdefault(name, kind)
                for name, values in form.values.items():
                    known.values.setdefault(name, values)
    return found


def encode(data: dict[str, list[str]]) -> str:
    """A urlencoded body; a lone surrogate goes as the bytes a broken client would send."""
    pairs = []
    for name, values in data.items():
        for value in values:
            raw = value.encode("utf-8", "surrogatepass")
            pairs.append(f"{quote_plus(name)}={quote_plus(raw)}")
    return "&".join(pairs)


def shown_value(html: str, name: str, url: str) -> str | None:
    """What the re-shown form that posts to ``url`` has in the field ``name``, or None
    when it is not there."""
    forms = forms_of(html)
    mine = [f for f in forms if urlsplit(f.action).path in ("", urlsplit(url).path)]
    for form in mine or forms:
        kind = form.fields.get(name)
        if kind in SHOWN_TYPES or kind == "textarea":
            return form.values[name][0]
    return None


def hostile_cases(form: Form) -> list[tuple[str, dict[str, list[str]], list[str]]]:
    """(what, the posted data, the fields whose typed value must be shown back)."""
    base = {name: list(values) for name, values in form.values.items()}
    dates = [n for n, k in form.fields.items() if k == "date"]
    moments = [n for n, k in form.fields.items() if k == "datetime-local"]
    texts = [
        n
        for n, k in form.fields.items()
        if k not in {"date", "datetime-local", "file", "submit", "button"}
    ]
    free = [n for n in texts if form.fields[n] in SHOWN_TYPES | {"textarea"}]
    cases: list[tuple[str, dict[str, list[str]], list[str]]] = []
    # Each field on its own with a NUL (so every field is shown to go through the
    # check), then a lone surrogate in every field at once (the same check refuses both).
    for name in texts:
        cases.append((f"{name}={NUL!r}", {**base, name: [NUL]}, []))
    if texts:
        every = {**base, **{name: [SURROGATE] for name in texts}}
        cases.append((f"every field={SURROGATE!r}", every, []))
    for name in dates:
        for value in DATES:
            cases.append((f"{name}={value}", {**base, name: [value]}, [name]))
    for name in moments:
        for value in MOMENTS:
            cases.append((f"{name}={value}", {**base, name: [value]}, [name]))
    for value in EVERYWHERE:
        data = {**base, **{name: [value] for name in free}}
        cases.append((f"every text field={value[:30]!r}", data, free if value != LONG else []))
    return cases


def test_every_form_survives_hostile_values(world):
    urls = Urls(world)
    forms = harvest(world, urls)
    routes = [
        route
        for route, policy in MATRIX.items()
        if "POST" in policy and not route.startswith(("api:", "hsds:")) and route != "logout"
    ]
    assert len(routes) > 60
    problems: list[str] = []
    requests = 0
    for route in routes:
        persona = persona_for(route)
        urls(route, persona)
    for route in routes:
        persona = persona_for(route)
        url = urls(route, persona)
        # A form no page shows in this world (a plan to acknowledge, a signed note's
        # addendum) or a lone button: the usual field names, and no check of what is shown.
        form = forms.get(route) or Form(url, dict(GUESSED))
        for what, data, kept in hostile_cases(form):
            client = client_for(world, persona)
            response = client.post(
                url, encode(data), content_type="application/x-www-form-urlencoded"
            )
            requests += 1
            where = f"{route} {what}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            body = response.content
            if any(raw in body for raw in RAW_MARKUP):
                problems.append(f"{where}: markup echoed unescaped")
            refused = b"usa-error-message" in body or b"usa-alert--error" in body
            typed_date = form.fields.get(what.split("=")[0]) in {"date", "datetime-local"}
            if (
                route in forms
                and typed_date
                and (response.status_code in (302, 303) or not refused)
            ):
                problems.append(f"{where}: accepted ({response.status_code})")
            if route in forms and refused and "html" in response.get("Content-Type", ""):
                html = body.decode()
                for name in kept:
                    shown = shown_value(html, name, url)
                    if shown is not None and shown != data[name][0]:
                        problems.append(f"{where}: {name} shown as {shown[:40]!r}")
    assert requests > 500
    assert not problems, "\n".join(problems)


# The API -------------------------------------------------------------------------------


def resolve_ref(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:  # optional: the type that is not null
        return resolve_ref(spec, next(s for s in schema["anyOf"] if s.get("type") != "null"))
    return schema


@dataclass
class Slot:
    path: tuple[str | int, ...]
    kind: str  # "date", "date-time", "text" (free text) or "choice" (enum, uuid)


def example(
    spec: dict[str, Any],
    schema: dict[str, Any],
    name: str,
    ids: dict[str, Any],
    path: tuple[str | int, ...],
    slots: list[Slot],
) -> Any:
    """A plausible value for ``schema``, noting where strings go."""
    schema = resolve_ref(spec, schema)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        body = {}
        required = set(schema.get("required", []))
        for prop, sub in schema.get("properties", {}).items():
            resolved = resolve_ref(spec, sub)
            if resolved.get("format") == "uuid" and prop not in required:
                continue
            body[prop] = example(spec, sub, prop, ids, (*path, prop), slots)
        return body
    if kind == "array":
        return [example(spec, schema.get("items", {}), name, ids, (*path, 0), slots)]
    if kind == "integer":
        return ids.get(name, 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    now = timezone.now()
    if fmt == "date":
        slots.append(Slot(path, "date"))
        if name in {"date_of_birth", "on"}:
            return "2000-01-01" if name == "date_of_birth" else timezone.localdate().isoformat()
        return (timezone.localdate() + timedelta(days=30)).isoformat()
    if fmt == "date-time":
        slots.append(Slot(path, "date-time"))
        ahead = name != "happened_at"
        return (now + timedelta(days=2) if ahead else now - timedelta(hours=1)).isoformat()
    if fmt == "uuid":
        slots.append(Slot(path, "choice"))
        return ids.get(name, "00000000-0000-0000-0000-000000000000")
    if "enum" in schema:
        slots.append(Slot(path, "choice"))
        return schema["enum"][0]
    slots.append(Slot(path, "text"))
    return "Fine words"


def put(body: Any, path: tuple[str | int, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(body))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def api_cases(body: Any, slots: list[Slot]) -> list[tuple[str, Any]]:
    cases = []
    for slot in slots:
        where = ".".join(str(p) for p in slot.path)
        for value in UNREPRESENTABLE:
            cases.append((f"{where}={value!r}", put(body, slot.path, value)))
        hostile = {"date": DATES, "date-time": API_MOMENTS}.get(slot.kind, [])
        for value in hostile:
            cases.append((f"{where}={value}", put(body, slot.path, value)))
    free = [s for s in slots if s.kind == "text"]
    for value in EVERYWHERE:
        changed = body
        for slot in free:
            changed = put(changed, slot.path, value)
        cases.append((f"every text field={value[:30]!r}", changed))
    return cases


def test_every_api_write_survives_hostile_values_and_declares_its_answers(world):
    _, key = create_api_token(by=world.admin, name="hostile")
    client = Client()
    spec = client.get("/api/v1/openapi.json").json()
    real_ids = real_ids_for(world)
    ids: dict[str, Any] = {
        "participant_id": real_ids["participants"],
        "program_id": world.youth.pk,
        "navigator_id": world.navigator.pk,
    }
    problems: list[str] = []
    seen: set[tuple[str, str, int]] = set()
    writes = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            writes += 1
            url = path
            if "{public_id}" in path:
                url = path.replace("{public_id}", real_ids[path.split("/")[3]])
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            slots: list[Slot] = []
            body = example(spec, schema, "", ids, (), slots)
            for what, sent in api_cases(body, slots):
                response = client.generic(
                    method.upper(),
                    url,
                    json.dumps(sent),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}",
                )
                seen.add((path, method, response.status_code))
                where = f"{method.upper()} {path} {what}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif not response["Content-Type"].startswith("application/json"):
                    problems.append(f"{where}: answered {response['Content-Type']}")
    # 35, 12 for endings (forecast 3, post plan 4, closing 4, after 1), 2 for approvals.
    assert writes == 49
    assert not problems, "\n".join(problems)
    undeclared = sorted(
        f"{method.upper()} {path} {status}"
        for path, method, status in seen
        if str(status) not in spec["paths"][path][method]["responses"]
    )
    assert undeclared == []
    assert {status for *_, status in seen} >= {200, 201, 400, 422}


def test_text_the_database_cannot_store_is_refused_anywhere_in_a_body(world):
    """Keys too: an assessment's answers are a free-form object."""
    _, key = create_api_token(by=world.admin, name="keys")
    assessment = real_ids_for(world)["assessments"]
    response = Client().patch(
        f"/api/v1/assessments/{assessment}",
        json.dumps({"version": 1, "sections": ["hopes"], "answers": {"hopes\x00": "x"}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["body", "answers", "hopes\x00"],
                "msg": "Remove the null character; it cannot be stored.",
            }
        ]
    }
