"""Sentences from data: the language's strings filled with facts, never facts retyped."""

from __future__ import annotations

import datetime as dt
import re

from .languages import fill, join, load_language, per_language, per_language_strings
from .model import Hours, Link, Pack, Route, Service

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


def footer(pack: Pack, product: str = "poster") -> str:
    """When the numbers were checked and, where true, that every number printed is free; in
    the product's own words ("on this poster", "on this sheet")."""
    words = pack.strings[product]
    # A text number (a mobile range) is not free to text, so it rules "every number is free" out.
    all_free = all(s.free for s in pack.services) and not any(
        route.kind == "text" for s in pack.services for route in pack.vouched_routes(s))
    template = words["footer_all_free"] if all_free else pack.strings["poster"]["footer"]
    return join(" ", (fill(template, month_year=month_year(pack.data_date, pack.strings)), draft_mark(pack)))


def hours_text(service: Service, pack: Pack) -> str:
    """The opening hours a product prints: only what the record vouches for today."""
    return opening_hours(pack.vouched_hours(service), pack.strings, service.website)


def emergency_facts(pack: Pack) -> dict[str, str]:
    """The emergency record's facts, for the {placeholders} of emergency sentences."""
    e = pack.emergency
    return {"emergency": e.number, "press": e.press, "sms": e.sms_number, "word": e.sms_word,
            "relay_emergency": e.relay_emergency, "relay_prefix": e.relay_prefix}


def emergency_lines(pack: Pack) -> list[tuple[str, str]]:
    """The 999 guidance in order of need, as (string key, sentence): the mobile's Silent
    Solution, the landline's (only where the record says to stay on the line), and what
    pressing the button does not do."""
    words, facts, e = pack.strings["poster"], emergency_facts(pack), pack.emergency
    keys = ["silent_solution", *(["landline"] if e.landline_stay else []), "silent_solution_note"]
    return [(key, fill(words[key], **facts)) for key in keys]


def deaf_lines(pack: Pack) -> list[tuple[str, str]]:
    """emergencySMS (register first) and text relay, as (string key, sentence)."""
    words, facts = pack.strings["poster"], emergency_facts(pack)
    return [(key, fill(words[key], **facts)) for key in ("emergency_sms", "relay")]


@per_language
def link_caption(link: Link, strings: dict) -> str:
    """What a QR code opens, by the kind of page: only a police page says "police"."""
    return fill(strings["links"][link.kind], owner=link.owner)


@per_language
def card_qr_caption(link: Link, strings: dict) -> str:
    return fill(strings["wallet_card"]["qr_caption"][link.kind], owner=link.owner)


@per_language
def _route_line(route: Route, strings: dict, website: str, vouched_hours: bool) -> str:
    table = strings["routes"]
    text = fill(table[route.kind], number=route.value or "", address=route.value or "",
                website=printed_web(website))
    if vouched_hours and (route.hours.always or route.hours.spans):
        text = fill(table["with_hours"], route=text, hours=_card_hours(route.hours, strings, website))
    return text


def route_lines(service: Service, pack: Pack) -> list[str]:
    """The service's other ways in that its record vouches for, one sentence each."""
    return [_route_line(route, pack.strings, service.website, True) for route in pack.vouched_routes(service)]


def draft_mark(pack: Pack) -> str:
    """"Draft translation..." in the pack's language(s), for products printed from an
    unreviewed translation; empty once it is reviewed."""
    if not pack.draft_languages:
        return ""
    return join("", ("[", pack.strings["draft_mark"], "]"))


def card_hours(service: Service, pack: Pack) -> str:
    """Hours as a wallet card prints them: "24/7", the spans, or nothing when the record does
    not vouch for them."""
    return _card_hours(pack.vouched_hours(service), pack.strings, service.website)


@per_language
def _card_hours(hours: Hours, strings: dict, website: str) -> str:
    if hours.note:
        return hours.note
    if hours.always:
        return strings["wallet_card"]["always"]
    if not hours.spans:
        return ""
    return opening_hours(hours, strings, website)


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


def always_phrases(strings: dict) -> list[str]:
    """Every way the pack's language(s) say a line is always open ("24/7", "Open 24 hours,
    every day"): a claim only a record whose hours are 24/7 may make."""
    found = set()
    for table in per_language_strings(strings):
        found |= {table["hours"]["always"], table["wallet_card"]["always"], table["sticker"]["always"]}
    return sorted(found, key=len, reverse=True)


def claims(pages, strings: dict) -> list[dict]:
    """Each "always open" claim printed, with the record its line speaks for, page by page:
    the manifest lists them so that verify can trace every one to the data."""
    phrases = always_phrases(strings)
    found = []
    for number, page in enumerate(pages, start=1):
        # A paragraph's lines joined again: a phrase may wrap from one line to the next.
        paragraphs: list[tuple[str, str]] = []
        for text in page.texts():
            if paragraphs and paragraphs[-1][0] == text.about:
                paragraphs[-1] = (text.about, paragraphs[-1][1] + " " + text.text)
            else:
                paragraphs.append((text.about, text.text))
        for about, text in paragraphs:
            count = _count_phrases(" ".join(text.split()), phrases)
            service = about.removeprefix("services.").split(".")[0] if about.startswith("services.") else about
            found += [{"page": number, "claim": "always", "service": service}] * count
    return found


def _count_phrases(text: str, phrases: list[str]) -> int:
    count = 0
    for phrase in phrases:       # longest first, so "24/7" inside a longer phrase counts once
        count += text.count(phrase)
        text = text.replace(phrase, " ")
    return count


def what_to_shorten(pack: Pack, local_fields: tuple[str, ...] = ("name", "for")) -> str:
    """What an over-full product could lose, naming only what this pack has: its own headline
    and strapline, organisation, contact line and local service; and for a bilingual pack, a
    pack for each language. Empty when the pack has none of these."""
    fields = [f"wording.{key}" for key in ("headline", "strapline") if getattr(pack.wording, key)]
    fields += [f"branding.{key}" for key in ("organisation", "contact") if getattr(pack.branding, key)]
    if pack.local is not None:
        fields += [f"services.local.{key}" for key in local_fields]
    said = f"shorten {series(fields, 'or')}" if fields else ""
    if len(pack.languages) > 1:
        codes = [lang.code for lang in pack.languages]
        each = f"build a pack for each language (language: {codes[0]}, then language: {codes[1]})"
        said = f"{said}, or {each}" if said else each
    return said


def series(items: list[str], last: str = "and") -> str:
    """``items`` as a sentence lists them: "a, b and c", or with ``last`` "or", "a, b or c"."""
    return f"{', '.join(items[:-1])} {last} {items[-1]}" if len(items) > 1 else items[0]
