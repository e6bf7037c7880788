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
from .model import Emergency, Hours, Link, OpeningSpan, Origin, Paper, Service, Source
from .phones import is_freephone, read_phone
from .reader import Reader
from .yamlio import Mapping, load_file

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
# What a wallet card's row has room for at 7 pt beside the number.
MAX_SHORT_NAME = 32
MAX_SHORT_FOR = 40


@dataclass(frozen=True)
class Catalogue:
    root: Path
    sources: dict[str, Source]
    services: dict[str, Service]
    links: dict[str, Link]
    emergency: Emergency
    paper: dict[str, Paper]


def read_id(reader: Reader, key: str = "id") -> str:
    value = reader.text(key)
    if not _ID.match(value):
        raise reader.bad(key, value, "must be lower-case letters, digits and hyphens, e.g. local-idva")
    return value


def read_source(reader: Reader, sources: dict[str, Source], key: str = "source") -> str:
    value = reader.text(key)
    if value not in sources:
        raise reader.bad(key, value, f"is not a known source; add it to data/sources.yaml "
                         f"(known: {', '.join(sorted(sources))})")
    return value


def read_hours(reader: Reader, key: str = "hours", *, note_len: int = 0) -> Hours:
    """``24/7``, ``unconfirmed``, a list of spans, or (where ``note_len`` allows, for a
    pack's local service) the service's own short wording, printed as written."""
    value = reader.raw(key, required=not note_len)
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


def read_service(reader: Reader, sources: dict[str, Source]) -> Service:
    """One service record, from data/services.yaml or written inline in a pack."""
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
        source=read_source(reader, sources),
        checked_on=reader.month("checked_on"),
        origin=Origin(*reader.mapping.origin("id")),
        short_name=reader.text("short_name", required=False, max_len=MAX_SHORT_NAME),
        short_for=reader.text("short_for", required=False, max_len=MAX_SHORT_FOR),
    )
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


def _read_services(mapping: Mapping, sources: dict[str, Source]) -> dict[str, Service]:
    top = Reader(mapping)
    services: dict[str, Service] = {}
    for _, item in top.items("services"):
        service = read_service(item, sources)
        if service.id in services:
            raise item.bad("id", service.id, "is used twice; every service needs its own id")
        services[service.id] = service
    top.finish()
    return services


def _read_links(mapping: Mapping, sources: dict[str, Source]) -> dict[str, Link]:
    top = Reader(mapping)
    links = {}
    for _, item in top.items("links"):
        link = Link(
            id=read_id(item),
            url=item.url("url"),
            owner=item.text("owner"),
            source=read_source(item, sources),
            checked_on=item.month("checked_on"),
            origin=Origin(*item.mapping.origin("id")),
        )
        item.finish()
        links[link.id] = link
    top.finish()
    return links


def _read_emergency(mapping: Mapping, sources: dict[str, Source]) -> Emergency:
    top = Reader(mapping)
    entry = top.mapping_at("emergency")
    silent = entry.mapping_at("silent_solution")
    emergency = Emergency(
        number=entry.text("number"),
        press=silent.text("press"),
        mobile_only=silent.boolean("mobile_only"),
        reveals_location=silent.boolean("reveals_location"),
        source=read_source(entry, sources),
        checked_on=entry.month("checked_on"),
        origin=Origin(*entry.mapping.origin("number")),
    )
    silent.finish()
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
    return Catalogue(
        root=root,
        sources=sources,
        services=_read_services(read("services.yaml"), sources),
        links=_read_links(read("links.yaml"), sources),
        emergency=_read_emergency(read("emergency.yaml"), sources),
        paper=_read_paper(read("paper.yaml"), sources),
    )
