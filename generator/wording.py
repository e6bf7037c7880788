"""Sentences from data: the language's strings filled with facts, never facts retyped."""

from __future__ import annotations

import datetime as dt
import re

from .languages import fill, join, load_language, per_language, per_language_strings
from .model import Hours, Pack, Service

__all__ = ["fill", "join"]


def clock(time: dt.time, strings: dict) -> str:
    """09:00 -> 9am, 17:30 -> 5.30pm, 12:00 -> midday (the GOV.UK style for times), or
    9:00 and 17:30 for languages that write a 24-hour clock."""
    hours = strings["hours"]
    if hours["clock"] == "24h":
        return f"{time.hour}:{time.minute:02d}"
    if time.hour == 12 and time.minute == 0:
        return hours["noon"]
    suffix = hours["am"] if time.hour < 12 else hours["pm"]
    hour = time.hour % 12 or 12
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}.{time.minute:02d}{suffix}"


@per_language
def opening_hours(hours: Hours, strings: dict, website: str) -> str:
    """How a reader learns when a line is open; never a guess when no source gives hours."""
    table = strings["hours"]
    if hours.note:
        return hours.note
    if hours.always:
        return table["always"]
    if not hours.spans:
        return fill(table["unconfirmed"], website=printed_web(website))
    parts = []
    for span in hours.spans:
        days = table["days"]
        day_text = (days[span.first_day] if span.first_day == span.last_day
                    else fill(table["day_span"], first=days[span.first_day], last=days[span.last_day]))
        parts.append(fill(table["range"], days=day_text, opens=clock(span.opens, strings),
                          closes=clock(span.closes, strings)))
    return "; ".join(parts)


def printed_web(url: str) -> str:
    """A website as people type it: no scheme, no www., no trailing slash."""
    return url.removeprefix("https://").removeprefix("www.").rstrip("/")


@per_language
def month_year(date: dt.date, strings: dict) -> str:
    return f"{strings['months'][date.month - 1]} {date.year}"


@per_language
def service_for(service: Service, strings: dict) -> str:
    """Who a line is for, as one phrase ("For men experiencing abuse, ...")."""
    return fill(strings["poster"]["service_for"], who=_translated(service, strings, "for", service.for_whom))


@per_language
def short_for(service: Service, strings: dict) -> str:
    """Who a line is for in a few words, capitalised, for wallet cards."""
    who = _translated(service, strings, "short_for", service.short_for or service.for_whom)
    return who[:1].upper() + who[1:]


def _translated(service: Service, strings: dict, key: str, own: str) -> str:
    """A national service's description in the strings' language; a local service's (and
    every service in English) as written in the data."""
    entry = (strings.get("services") or {}).get(service.id)
    return entry[key] if entry else own


def footer(pack: Pack) -> str:
    poster = pack.strings["poster"]
    all_free = all(s.free for s in pack.services)
    template = poster["footer_all_free"] if all_free else poster["footer"]
    return join(" ", (fill(template, month_year=month_year(pack.data_date, pack.strings)), draft_mark(pack)))


def draft_mark(pack: Pack) -> str:
    """"Draft translation..." in the pack's language(s), for products printed from an
    unreviewed translation; empty once it is reviewed."""
    if not pack.draft_languages:
        return ""
    return join(" ", (f"[{pack.strings['draft_mark']}]",))


@per_language
def card_hours(service: Service, strings: dict) -> str:
    """Hours as a wallet card prints them: "24/7", the spans, or nothing when unconfirmed."""
    if service.hours.note:
        return service.hours.note
    if service.hours.always:
        return strings["wallet_card"]["always"]
    if not service.hours.spans:
        return ""
    return opening_hours(service.hours, strings, service.website)


def first_unsafe(page, strings: dict) -> tuple[str, str] | None:
    """The first line on ``page`` a discreet product must not print, with the word found."""
    for text in page.texts():
        found = unsafe_words(text.text, strings)
        if found:
            return found[0], text.text
    return None


def unsafe_words(text: str, strings: dict) -> list[str]:
    """The words in ``text`` a discreet product must not print (see strings' discreet_avoid),
    in any of the pack's languages, and always in English."""
    found = []
    # English too: service names are English, and many readers of any language know it.
    for table in (*per_language_strings(strings), load_language("en").strings):
        stems = "|".join(re.escape(stem) for stem in table["discreet_avoid"])
        before = r"\b" if table["discreet_match"] == "word-start" else r"\w*"
        found += re.findall(before + "(?:" + stems + r")\w*", text, re.IGNORECASE)
    return found
