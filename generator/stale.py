"""Stale data: every record checked longer ago than the pack allows, and unconfirmed hours.

A helpline that changed its number is a call for help that goes nowhere, so age is
reported on every `check` and `build`, pointing at the record to confirm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Emergency, Link, Pack, Service


@dataclass(frozen=True)
class StaleWarning:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"warning: {where}: {self.field}: {self.message}"


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def warnings(pack: Pack, today: dt.date, max_age_months: int | None = None) -> list[StaleWarning]:
    """Records older than the limit, and services whose opening hours no source confirms."""
    limit = max_age_months if max_age_months is not None else pack.max_age_months
    found = []
    records: list[tuple[str, Service | Link | Emergency]] = [(f"services.{s.id}", s) for s in pack.services]
    records += [(f"links.{link.id}", link) for link in pack.qr_links]
    records.append(("emergency", pack.emergency))
    for field, record in records:
        age = months_between(record.checked_on, today)
        if age > limit:
            found.append(StaleWarning(record.origin.file, record.origin.line, f"{field}.checked_on",
                                 f"last checked {record.checked_on:%Y-%m} ({age} months ago, limit {limit}); "
                                 "confirm it with the service and update checked_on"))
    for service in pack.services:
        if not service.hours.confirmed:
            found.append(StaleWarning(service.origin.file, service.origin.line, f"services.{service.id}.hours",
                                      "opening hours are unconfirmed, so posters print the website and cards "
                                      "leave hours out; add them once the service confirms them"))
        elif not pack.vouched_hours(service).confirmed:
            found.append(StaleWarning(service.origin.file, service.origin.line, f"services.{service.id}.hours",
                                      f"opening hours were last confirmed {service.checked_on:%Y-%m}, longer ago than "
                                      "the pack allows, so products print the website instead; confirm them with "
                                      "the service and update checked_on"))
        for route in service.routes:
            if route not in pack.vouched_routes(service):
                found.append(StaleWarning(service.origin.file, service.origin.line, f"services.{service.id}.routes",
                                          f"its {route.kind} route was last confirmed {route.checked_on:%Y-%m}, longer "
                                          "ago than the pack allows, so products leave it out; confirm it and update "
                                          "its checked_on"))
    found += nation_warnings(pack)
    return found


def nation_warnings(pack: Pack) -> list[StaleWarning]:
    """Services printed for a nation no source says they serve: maybe the wrong help."""
    if pack.nation is None:
        return []
    found = []
    for service in pack.services:
        if service.id == "local" or (service.serves is not None and pack.nation in service.serves):
            continue
        said = (f"its source names {', '.join(service.serves)} only" if service.serves
                else "no source says which nations it serves")
        found.append(StaleWarning(service.origin.file, service.origin.line, f"services.{service.id}.serves",
                                  f"this pack is for {pack.nation}, and {said}; check that {service.name} takes "
                                  "calls from there before printing, then add the nation to serves with its source"))
    return found
