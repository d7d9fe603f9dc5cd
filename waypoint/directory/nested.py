"""Nested HSDS objects (a service with its phones, locations, organization and so on)
built from the flat tables.

``NESTING`` says which keys each object type holds, in the order the HSDS schemas list
them. How a child is found follows from the models: a one-to-one child (a service's
organization) is the row the parent's foreign key names, a list (a service's phones) is
the rows whose foreign key names the parent, and attributes and metadata are the rows
whose ``link_id`` or ``resource_id`` is the parent's HSDS id.

Loading is one query per table, whatever the number of rows: the tables are read in an
order where every parent comes before its children. Children always belong to the same
owner as their parent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from waypoint.directory.hsds import BY_TABLE, COLUMNS, NESTED_TABLE, json_object
from waypoint.directory.models import Location, Record, Service, ServiceAtLocation

_LINKS = ("attributes", "metadata")

# The keys each object type nests, as the HSDS 3.0 schemas list them.
NESTING: dict[str, tuple[str, ...]] = {
    "service": (
        "phones",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "organization",
        "funding",
        "cost_options",
        "program",
        "required_documents",
        "contacts",
        *_LINKS,
    ),
    "service_at_location": ("contacts", "phones", "schedules", "location", *_LINKS),
    "location": (
        "languages",
        "addresses",
        "contacts",
        "accessibility",
        "phones",
        "schedules",
        *_LINKS,
    ),
    "organization": (
        "funding",
        "contacts",
        "phones",
        "locations",
        "programs",
        "organization_identifiers",
        *_LINKS,
    ),
    "contact": ("phones", *_LINKS),
    "phone": ("languages", *_LINKS),
    "attribute": ("taxonomy_term", "metadata"),
    "taxonomy_term": ("taxonomy_detail", "metadata"),
    "taxonomy": ("metadata",),
    "metadata": (),
    **{
        table: _LINKS
        for table in (
            "schedule",
            "service_area",
            "language",
            "funding",
            "cost_option",
            "program",
            "required_document",
            "address",
            "accessibility",
            "organization_identifier",
            "meta_table_description",
        )
    },
}

# A service in a list: its own fields, its organization and its program, nothing deeper.
SERVICE_LIST: dict[str, tuple[str, ...]] = {
    "service": ("organization", "program"),
    "organization": (),
    "program": (),
}

ONE, MANY, LINKED = "one", "many", "linked"


@dataclass(frozen=True)
class Edge:
    """How the rows under ``key`` of a ``parent`` object are found."""

    parent: str
    key: str
    child: str
    kind: str  # ONE: parent.<attname> is the child's pk; MANY: child.<attname> is the
    # parent's pk; LINKED: child.<attname> is the parent's HSDS id.
    attname: str


def edge(parent: str, key: str) -> Edge:
    child = NESTED_TABLE[key]
    if child == "attribute":
        return Edge(parent, key, child, LINKED, "link_id")
    if child == "metadata":
        return Edge(parent, key, child, LINKED, "resource_id")
    down = [c.attname for c in COLUMNS[parent] if c.ref is BY_TABLE[child]]
    up = [c.attname for c in COLUMNS[child] if c.ref is BY_TABLE[parent]]
    if len(down) + len(up) != 1:
        raise ValueError(f"no single link between {parent} and {key}")
    return Edge(parent, key, child, ONE, down[0]) if down else Edge(parent, key, child, MANY, up[0])


def edges(shape: dict[str, tuple[str, ...]]) -> dict[str, list[Edge]]:
    return {parent: [edge(parent, key) for key in keys] for parent, keys in shape.items()}


def order(root: str, shape: dict[str, tuple[str, ...]]) -> list[str]:
    """The tables under ``root``, each after every table that nests it."""
    done: list[str] = []
    visiting: set[str] = set()

    def visit(table: str) -> None:
        if table in done:
            return
        if table in visiting:
            raise ValueError(f"{table} nests itself")
        visiting.add(table)
        for key in shape.get(table, ()):
            visit(NESTED_TABLE[key])
        visiting.discard(table)
        done.append(table)

    visit(root)
    return done[::-1]


def published(model: type[Record]) -> Q:
    """Rows that show in the open feed: nothing that belongs to an unpublished service
    (its phones, contacts, schedules...), and no location that only such services use."""
    q = Q()
    for c in COLUMNS[model.hsds.table]:
        if c.ref is Service:
            q &= Q(**{f"{c.field}__isnull": True}) | Q(**{f"{c.field}__is_public": True})
        elif c.ref is ServiceAtLocation:
            q &= Q(**{f"{c.field}__isnull": True}) | Q(**{f"{c.field}__service__is_public": True})
    if model is Location:
        here = ServiceAtLocation.objects.filter(location=OuterRef("pk"))
        q &= ~Exists(here.filter(service__is_public=False)) | Exists(
            here.filter(service__is_public=True)
        )
    return q


@dataclass
class Row:
    pk: int
    owner_id: int
    hsds_id: Any
    links: dict[str, Any]  # foreign key attname -> the referenced row's pk
    values: dict[str, Any]  # HSDS column -> stored value, references as HSDS ids
    json: dict[str, Any] | None = field(default=None, repr=False)


def _rows(queryset: QuerySet[Any]) -> list[Row]:
    model: type[Record] = queryset.model
    cols = COLUMNS[model.hsds.table]
    lookups = ["pk", "owner_id"]
    for c in cols:
        lookups.append(f"{c.field}__hsds_id" if c.ref is not None else c.attname)
    fks = [c.attname for c in cols if c.ref is not None]
    found = []
    for row in queryset.values_list(*lookups, *fks):
        values = dict(zip((c.name for c in cols), row[2 : 2 + len(cols)], strict=True))
        links = dict(zip(fks, row[2 + len(cols) :], strict=True))
        found.append(Row(row[0], row[1], values["id"], links, values))
    return found


def _key(row: Row, e: Edge) -> Any:
    """What a child row of ``e`` is filed under: its parent's pk or HSDS id."""
    if e.kind == LINKED:
        return (row.owner_id, row.values[e.attname])
    if e.kind == MANY:
        return (row.owner_id, row.links[e.attname])
    return (row.owner_id, row.pk)


def nested(
    queryset: QuerySet[Any],
    shape: dict[str, tuple[str, ...]] = NESTING,
    *,
    only_published: bool = True,
) -> list[dict[str, Any]]:
    """The rows of ``queryset``, in its order, as nested HSDS objects of ``shape``.
    ``only_published`` leaves out rows of services that are not public."""
    model: type[Record] = queryset.model
    root = model.hsds.table
    graph = edges(shape)
    loaded: dict[str, list[Row]] = {root: _rows(queryset)}
    owners = {r.owner_id for r in loaded[root]}
    incoming: dict[str, list[Edge]] = defaultdict(list)
    for table_edges in graph.values():
        for e in table_edges:
            incoming[e.child].append(e)
    for table in order(root, shape)[1:]:
        loaded[table] = _load(table, incoming[table], loaded, owners, only_published)

    filed: dict[Edge, dict[Any, list[Row]]] = {}
    for table_edges in graph.values():
        for e in table_edges:
            index: dict[Any, list[Row]] = defaultdict(list)
            for row in loaded.get(e.child, ()):
                index[_key(row, e)].append(row)
            filed[e] = index

    def build(table: str, row: Row) -> dict[str, Any]:
        if row.json is None:
            out = json_object(BY_TABLE[table], row.values)
            for e in graph.get(table, ()):
                if e.kind == ONE:
                    target = row.links[e.attname]
                    match = filed[e].get((row.owner_id, target), [])
                    if match:
                        out[e.key] = build(e.child, match[0])
                    continue
                parent_key = row.hsds_id if e.kind == LINKED else row.pk
                children = filed[e].get((row.owner_id, parent_key), [])
                if children:
                    out[e.key] = [build(e.child, c) for c in children]
            row.json = out
        return row.json

    return [build(root, row) for row in loaded[root]]


def _load(
    table: str,
    incoming: Iterable[Edge],
    loaded: dict[str, list[Row]],
    owners: set[int],
    only_published: bool,
) -> list[Row]:
    """Every row of ``table`` that some loaded parent nests, in one query."""
    model = BY_TABLE[table]
    wanted = Q()
    for e in incoming:
        parents = loaded.get(e.parent, [])
        if e.kind == ONE:
            ids = {p.links[e.attname] for p in parents} - {None}
            lookup = "pk__in"
        elif e.kind == MANY:
            ids = {p.pk for p in parents}
            lookup = f"{e.attname}__in"
        else:
            ids = {p.hsds_id for p in parents}
            lookup = f"{e.attname}__in"
        if ids:
            wanted |= Q(**{lookup: sorted(ids)})
    if not wanted:
        return []
    queryset = model.objects.filter(wanted, owner_id__in=sorted(owners))
    if only_published:
        queryset = queryset.filter(published(model))
    return _rows(queryset.order_by("pk"))
