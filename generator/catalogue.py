"""The bundled facts: sources, services, emergency guidance, links, paper and strings.

Loaded once per process from ``data/`` and validated as strictly as a user's pack: the data
ships to print shops, so a bad digit here is as dangerous as one in a pack.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import resources
from .model import ROUTE_KINDS, Emergency, Hours, Link, OpeningSpan, Origin, Paper, Route, Service, Source
from .phones import is_freephone, read_phone, read_plain_number
from .reader import Reader
from .yamlio import Mapping, load_file

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
# What a wallet card's row has room for at 7 pt beside the number.
MAX_SHORT_NAME = 32
MAX_SHORT_FOR = 40
MAX_FREE_SOURCE = 120     # a pack's own source in words: "rang the service, 2026-11"
LINK_KINDS = ("police", "government", "service")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Catalogue:
    root: Path
    sources: dict[str, Source]
    services: dict[str, Service]
    links: dict[str, Link]
    emergency: Emergency
    paper: dict[str, Paper]
    nations: dict[str, str]          # id -> name, from data/nations.yaml


def read_id(reader: Reader, key: str = "id") -> str:
    value = reader.text(key)
    if not _ID.match(value):
        raise reader.bad(key, value, "must be lower-case letters, digits and hyphens, e.g. local-idva")
    return value


def read_source(reader: Reader, sources: dict[str, Source], key: str = "source", *, free_text: bool = False) -> str:
    """A source id from data/sources.yaml; in a pack (``free_text``) also the pack's own words,
    such as "rang the service, 2026-11"."""
    if free_text:
        return reader.text(key, max_len=MAX_FREE_SOURCE)
    value = reader.text(key)
    if value not in sources:
        raise reader.bad(key, value, f"is not a known source; add it to data/sources.yaml "
                         f"(known: {', '.join(sorted(sources))})")
    return value


def read_hours(reader: Reader, key: str = "hours", *, note_len: int = 0, required: bool = True) -> Hours:
    """``24/7``, ``unconfirmed``, a list of spans, or (where ``note_len`` allows, for a
    pack's local service) the service's own short wording, printed as written."""
    value = reader.raw(key, required=required and not note_len)
    if value == "24/7":
        return Hours(always=True)
    if value == "unconfirmed" or value is None:
        return Hours()
    if isinstance(value, str) and note_len:
        return Hours(note=reader.text(key, max_len=note_len))
    if isinstance(value, str):
        raise reader.bad(key, value, 'must be "24/7", "unconfirmed" or a list of '
                         '{days: Mon-Fri, opens: "09:00", closes: "17:00"}')
    spans = []
    for _, span in reader.items(key, max_items=14):
        days = span.text("days")
        first, _, last = days.partition("-")
        last = last or first
        if first not in _DAYS or last not in _DAYS:
            raise span.bad("days", days, f"must be a day or a range of days, e.g. Mon-Fri or Sat "
                           f"(days: {' '.join(_DAYS)})")
        times = []
        for name in ("opens", "closes"):
            text = span.text(name)
            match = _TIME.match(text)
            if not match:
                raise span.bad(name, text, 'must be a 24-hour time in quotes, e.g. "09:00"')
            times.append(dt.time(int(match[1]), int(match[2])))
        if times[0] >= times[1]:
            raise span.bad("closes", span.mapping["closes"], "must be later than opens")
        span.finish()
        spans.append(OpeningSpan(_DAYS.index(first), _DAYS.index(last), times[0], times[1]))
    return Hours(spans=tuple(spans))


def read_nations(reader: Reader, key: str, nations: dict[str, str], *, required: bool = True) -> tuple[str, ...] | None:
    """A list of nation ids, each one of data/nations.yaml's."""
    if reader.raw(key, required=required) is None:
        return None
    found = []
    for value, item in reader.items(key, max_items=len(nations)):
        if not isinstance(value, str) or value not in nations:
            raise item.error(None, f"{value!r} is not a UK nation; use one of: {', '.join(nations)}")
        found.append(value)
    return tuple(found)


def read_route(reader: Reader, sources: dict[str, Source], *, free_text: bool = False) -> Route:
    """One other way in: ``{kind: text, number: "07860 077333", hours: 24/7, source, checked_on}``."""
    kind = reader.choice("kind", list(ROUTE_KINDS))
    value = None
    if kind == "text":
        value = read_plain_number(reader, "number")
    elif kind == "email":
        value = reader.text("address", max_len=80)
        if not _EMAIL.match(value):
            raise reader.bad("address", value, "is not an email address; copy it from the service's own website")
    route = Route(kind, value, read_hours(reader, required=False), read_source(reader, sources, free_text=free_text),
                  reader.month("checked_on"))
    reader.finish()
    return route


def read_service(reader: Reader, sources: dict[str, Source], nations: dict[str, str] | None = None, *,
                 free_text: bool = False) -> Service:
    """One service record, from data/services.yaml or written inline in a pack (``free_text``:
    its sources may be the pack's own words)."""
    service_id = read_id(reader)
    name = reader.text("name", max_len=60)
    phone = read_phone(reader)
    free = reader.boolean("free")
    if free != is_freephone(phone.dial):
        fix = ("is not a freephone (0800/0808) number; set free: false" if free
               else "is a freephone number; set free: true")
        raise reader.bad("free", free, f"does not match {phone.print}, which {fix}")
    service = Service(
        id=service_id,
        name=name,
        phone=phone,
        free=free,
        hours=read_hours(reader),
        for_whom=reader.text("for", max_len=90),
        description=reader.text("description", max_len=120),
        website=reader.url("website"),
        source=read_source(reader, sources, free_text=free_text),
        checked_on=reader.month("checked_on"),
        origin=Origin(*reader.mapping.origin("id")),
        short_name=reader.text("short_name", required=False, max_len=MAX_SHORT_NAME),
        short_for=reader.text("short_for", required=False, max_len=MAX_SHORT_FOR),
        serves=read_nations(reader, "serves", nations or {}, required=False) if nations is not None else None,
        serves_only=reader.boolean("serves_only", default=False),
        routes=tuple(read_route(item, sources, free_text=free_text)
                     for _, item in reader.items("routes", required=False, max_items=len(ROUTE_KINDS))),
    )
    if service.serves is not None:
        read_source(reader, sources, "serves_source", free_text=free_text)
    elif reader.raw("serves_source", required=False) is not None or service.serves_only:
        raise reader.error("serves", "is missing: serves_source and serves_only say which nations a source "
                           "gives, so list them, e.g. serves: [england]")
    reader.finish()
    return service


def _read_sources(mapping: Mapping) -> dict[str, Source]:
    top = Reader(mapping)
    table = top.mapping_at("sources")
    top.finish()
    sources = {}
    for source_id in table.mapping:
        entry = table.mapping_at(source_id)
        sources[source_id] = Source(
            id=source_id,
            title=entry.text("title"),
            publisher=entry.text("publisher"),
            published=entry.month("published"),
        )
        entry.text("note", required=False)
        entry.finish()
    return sources


def _read_services(mapping: Mapping, sources: dict[str, Source], nations: dict[str, str]) -> dict[str, Service]:
    top = Reader(mapping)
    services: dict[str, Service] = {}
    for _, item in top.items("services"):
        service = read_service(item, sources, nations)
        if service.id in services:
            raise item.bad("id", service.id, "is used twice; every service needs its own id")
        services[service.id] = service
    top.finish()
    return services


def read_link(item: Reader, sources: dict[str, Source], *, free_text: bool = False) -> Link:
    """One QR link: ``{id, url, owner, kind, source, checked_on}``."""
    link = Link(
        id=read_id(item),
        url=item.url("url"),
        owner=item.text("owner", max_len=40),
        kind=item.choice("kind", list(LINK_KINDS)),
        source=read_source(item, sources, free_text=free_text),
        checked_on=item.month("checked_on"),
        origin=Origin(*item.mapping.origin("id")),
    )
    item.finish()
    return link


def _read_links(mapping: Mapping, sources: dict[str, Source]) -> dict[str, Link]:
    top = Reader(mapping)
    links = {}
    for _, item in top.items("links"):
        link = read_link(item, sources)
        links[link.id] = link
    top.finish()
    return links


def _read_nations(mapping: Mapping) -> dict[str, str]:
    top = Reader(mapping)
    table = top.mapping_at("nations")
    top.finish()
    nations = {}
    for nation_id in table.mapping:
        entry = table.mapping_at(nation_id)
        nations[nation_id] = entry.text("name", max_len=40)
        entry.finish()
    return nations


def _read_emergency(mapping: Mapping, sources: dict[str, Source]) -> Emergency:
    top = Reader(mapping)
    entry = top.mapping_at("emergency")
    silent = entry.mapping_at("silent_solution")
    landline, sms, relay = (entry.mapping_at(key) for key in ("landline", "sms", "relay"))
    emergency = Emergency(
        number=entry.text("number"),
        press=silent.text("press"),
        mobile_only=silent.boolean("mobile_only"),
        reveals_location=silent.boolean("reveals_location"),
        landline_stay=landline.boolean("stay_on_line"),
        sms_number=sms.text("number"),
        sms_word=sms.text("register_word"),
        relay_emergency=relay.text("emergency"),
        relay_prefix=relay.text("prefix"),
        source=read_source(entry, sources),
        checked_on=entry.month("checked_on"),
        origin=Origin(*entry.mapping.origin("number")),
    )
    for section in (silent, landline, sms, relay):
        section.finish()
    entry.finish()
    top.finish()
    return emergency


def _read_paper(mapping: Mapping, sources: dict[str, Source]) -> dict[str, Paper]:
    top = Reader(mapping)
    table = top.mapping_at("paper")
    top.finish()
    paper = {}
    for name in table.mapping:
        entry = table.mapping_at(name)
        paper[name] = Paper(name, entry.number("width_mm", lo=50, hi=2000),
                            entry.number("height_mm", lo=50, hi=2000))
        read_source(entry, sources)
        entry.finish()
    return paper


@cache
def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load and validate everything in ``data/`` (cached: the data does not change in a run)."""
    root = root or resources.data_dir()

    def read(name: str) -> Mapping:
        return load_file(root / name, f"data/{name}")

    sources = _read_sources(read("sources.yaml"))
    nations = _read_nations(read("nations.yaml"))
    return Catalogue(
        root=root,
        sources=sources,
        nations=nations,
        services=_read_services(read("services.yaml"), sources, nations),
        links=_read_links(read("links.yaml"), sources),
        emergency=_read_emergency(read("emergency.yaml"), sources),
        paper=_read_paper(read("paper.yaml"), sources),
    )
