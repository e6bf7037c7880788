"""Stale data: every record checked longer ago than the pack allows, and unconfirmed hours.

A helpline that changed its number is a call for help that goes nowhere, so age is
reported on every `check` and `build`, pointing at the record to confirm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Pack


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
    records = [(f"services.{s.id}", s) for s in pack.services]
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
    return found
