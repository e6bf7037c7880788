"""Messages in the page's own words: the CLI's errors and warnings name YAML fields and
service ids (``drop `galop` from services.listed``); someone using the form has boxes to tick
and fields to fill, so the same facts are said with the names they see. Nothing the page is
sent names a folder on the server."""

from __future__ import annotations

import re
from pathlib import Path

from ..wording import series

# The form's name for each pack field it edits, as its label reads.
FIELDS = {
    "services.listed": "the Helplines list",
    "products.wallet_card.services": "the Helplines list",
    "services.local.name": "your local service's name",
    "services.local.phone": "your local service's phone number",
    "services.local.hours": "your local service's opening hours",
    "services.local.for": "who your local service is for",
    "services.local.checked_on": "when you last checked your local service's number",
    "services.local.website": "your local service's website",
    "services.local.short_name": "your local service's name",
    "services.local.short_for": "who your local service is for",
    "branding.organisation": "your organisation's name",
    "branding.contact": "the contact line",
    "branding.logo": "the logo",
    "wording.headline": "the headline",
    "wording.strapline": "the strapline",
    "products.wallet_card.front": "the wallet card front",
    "products.sticker.sheet": "the label sheet",
    "products.sticker.wording": "the sticker wording",
    "products.large_print.body_pt": "the large-print size",
    "products.leaflet": "the A5 leaflet",
    "language": "the language",
}
# The CLI's fixes that name YAML, as someone using the form would do them.
PHRASES = {
    "confirm it with the service and update checked_on":
        "ring the service or check its website to confirm the number is still right before you print",
    "add them once the service confirms them": "nothing to do on this page",
    "confirm them with the service and update checked_on":
        "ring the service or check its website to confirm them; until then the products show its website",
    "confirm it and update its checked_on":
        "ask the service whether it still offers this; until then the products leave it out",
    "then add the nation to serves with its source": "then keep it ticked",
    "set translation_reviewed_by: (who, when) in your pack":
        "note who checked it: the downloaded pack file has a line for it (translation_reviewed_by)",
}
FULL = re.compile(r"the ((?:poster|sticker|wallet card)(?: front| back)?)(?: content| text)? is ([\d.]+) mm too tall "
                  r"at [\d.]+ pt, the smallest (?:body )?size allowed")
ROOM = re.compile(r" \(A4 holds this much at [\d.]+ pt\)")
DROP = re.compile(r"drop ((?:`[^`]+`(?:, | and )?)+) from (?:services\.listed|products\.wallet_card\.services)")
TICKED = re.compile(r"`([^`]+)`")


def hide_paths(text: str, root: Path) -> str:
    """``text`` with the request's folder and the tool's own folders taken out: the pack is
    ``pack.yaml``, the data ``data/...``."""
    from ..resources import data_dir

    for folder, shown in ((root / "pack", ""), (root, ""), (data_dir(), "data")):
        for spelling in {str(folder), str(folder.resolve())}:
            text = text.replace(spelling + "/", f"{shown}/" if shown else "").replace(spelling, shown or ".")
    return text


def _names() -> dict[str, str]:
    from ..catalogue import load_catalogue

    return {service.id: service.name for service in load_catalogue().services.values()}


def form_words(message: str) -> str:
    """``message`` with service ids as the names the form lists and fields as the form labels them."""
    names = _names()

    def untick(match: re.Match) -> str:
        listed = [names.get(found, found) for found in TICKED.findall(match.group(1))]
        return f"untick {series(listed)} in the Helplines list"

    for said, plain in PHRASES.items():
        message = message.replace(said, plain)
    message = FULL.sub(lambda m: f"the {m.group(1)} is full: {m.group(2)} mm too much even with its text at the "
                                 "smallest size allowed", message)
    message = ROOM.sub("", message)
    message = DROP.sub(untick, message)
    message = TICKED.sub(lambda match: names.get(match.group(1), match.group(1)), message)
    for field in sorted(FIELDS, key=len, reverse=True):
        message = re.sub(rf"(?<![\w.]){re.escape(field)}(?![\w.])", FIELDS[field], message)
    return message


def error_words(exc, root: Path) -> dict:
    """A PackError for the page: the field it concerns, the message in the form's words, and the
    command line's own line, both without the server's folders."""
    return {"field": exc.field, "message": form_words(hide_paths(exc.message, root)),
            "line": hide_paths(str(exc), root)}


def warning_words(warning, root: Path) -> dict:
    """A build warning for the page: what it is about, in plain words, and its field. Any kind of
    warning ``build`` returns is passed on: one without a field is about the pack."""
    names = _names()
    field = str(getattr(warning, "field", "") or "")
    message = str(getattr(warning, "message", "") or warning)
    parts = field.split(".")
    if parts[0] == "services" and len(parts) > 1 and parts[1] in names:
        about = names[parts[1]]
    elif parts[0] == "services" and len(parts) > 1 and parts[1] == "local":
        about = "Your local service"
    elif field in FIELDS:
        about = FIELDS[field][0].upper() + FIELDS[field][1:]
    elif parts[0] == "links":
        about = "A QR code's web address"
    elif parts[0] == "emergency":
        about = "999"
    else:
        about = "The pack"
    return {"field": field, "about": about, "message": form_words(hide_paths(message, root))}
