"""Every number and every "always open" claim on a printed page, traced to the data.

verify's side of "truth before layout": it reads what landed on paper (the text layer, as a
reader sees it) and the bundled data, never the layout code, so a layout bug that prints a
wrong number or a false "24/7" cannot hide in both. A build writes what it printed into the
manifest (each claim with the record it is about); this module checks each against the
records, and that nothing on the page claims more than the manifest lists.
"""

from __future__ import annotations

import datetime as dt
import re

from .catalogue import load_catalogue
from .languages import load_language

# Five digits or more, in groups split by single spaces: 18000, 0800 1111, 0808 80 10 800.
# Shorter runs (999, 55, 101, 2026, 24/7, 9am) are not phone numbers a reader could misdial.
_NUMBER = re.compile(r"(?<![\d])\d(?: ?\d){4,}(?![\d])")


def printed_numbers(text: str) -> list[str]:
    """The digit runs of five or more on a page, as dialled (spaces dropped)."""
    return [match.group().replace(" ", "") for match in _NUMBER.finditer(text)]


def known_numbers(facts: dict) -> set[str]:
    """Every number a record vouches for: services and their text routes, the emergency
    numbers, the pack's local service; each also after the text-relay prefix."""
    catalogue = load_catalogue()
    e = catalogue.emergency
    numbers = {e.number, e.sms_number, e.relay_emergency, e.relay_prefix}
    for service in catalogue.services.values():
        numbers.add(service.phone.dial)
        numbers |= {route.value.replace(" ", "") for route in service.routes if route.kind == "text" and route.value}
    for own in facts.get("own_services") or []:
        numbers |= {own["dial"], *own.get("route_numbers", [])}
    return numbers | {e.relay_prefix + n for n in numbers if n.startswith("0")}


def always_phrases(languages: list[str]) -> list[str]:
    """How each language says "always open", from its strings file (longest first)."""
    found: set[str] = set()
    for code in languages:
        table = load_language(code).strings
        found |= {table["hours"]["always"], table["wallet_card"]["always"], table["sticker"]["always"]}
    return sorted(found, key=len, reverse=True)


def count_phrases(text: str, phrases: list[str]) -> int:
    count = 0
    for phrase in phrases:
        # A page's text may break a phrase over two lines: a line break reads as a space.
        count += len(re.findall(r"\s+".join(re.escape(w) for w in phrase.split()), text))
        text = re.sub(r"\s+".join(re.escape(w) for w in phrase.split()), " ", text)
    return count


def vouches_always(service_id: str, facts: dict) -> str | None:
    """Why the data cannot back an "always open" claim about ``service_id``, or None if it can."""
    as_of = dt.date.fromisoformat(facts["claims_as_of"] + "-01")
    limit = facts["max_age_months"]

    def fresh(checked_on: dt.date) -> bool:
        return (as_of.year - checked_on.year) * 12 + as_of.month - checked_on.month <= limit

    own = {s["id"]: s for s in facts.get("own_services") or []}
    if service_id in own:
        if not own[service_id]["always"]:
            return f"the pack's own {service_id} service is not recorded as 24/7"
        if not fresh(dt.date.fromisoformat(own[service_id]["checked_on"] + "-01")):
            return f"the pack's own {service_id} service's 24/7 is older than the pack allows"
        return None
    service = load_catalogue().services.get(service_id)
    if service is None:
        return f"it is printed about {service_id or 'no record'}, which is not a service"
    if service.hours.always and fresh(service.checked_on):
        return None
    if any(route.hours.always and fresh(route.checked_on) for route in service.routes):
        return None    # "Text ... (24/7)": the route's own record
    if service.hours.always:
        return f"{service.name}'s 24/7 was last confirmed {service.checked_on:%Y-%m}, older than the pack allows"
    return f"{service.name}'s record does not say it is open 24/7"
