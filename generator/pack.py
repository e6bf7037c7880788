"""Packs: a user's YAML file, merged over the pack it extends and validated into a Pack.

Mappings merge key by key; lists and plain values replace what the base pack had. Every
value keeps the file and line it came from, so errors point into the user's own file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import replace
from pathlib import Path

from . import resources
from .catalogue import (
    MAX_SHORT_FOR,
    MAX_SHORT_NAME,
    Catalogue,
    load_catalogue,
    read_hours,
    read_link,
    read_service,
)
from .colours import contrast, is_hex, nearest_passing, required_contrast
from .errors import DataError
from .languages import Language, available, load_language, merged
from .logo import Logo, load_logo
from .model import (
    BUILT_IN_PACKS,
    Branding,
    Colours,
    Link,
    Origin,
    Pack,
    Service,
    Wording,
)
from .phones import is_freephone, number_in_text, read_phone
from .reader import Reader
from .yamlio import Mapping, fields, load_file

MAX_FILE_NAME = 200      # a file beside the pack (logo, a pack it extends): a name, not an essay
DEFAULT_PACK = "london"
MAX_EXTENDS_DEPTH = 4
# Text lengths the poster layout can hold at its body size without crowding.
MAX_HEADLINE = 32
MAX_STRAPLINE = 120
MAX_ORGANISATION = 60
MAX_CONTACT = 80
# A local service fits one wallet-card row and one poster row: name, who, hours.
MAX_LOCAL_NAME = 40
MAX_LOCAL_FOR = 60
MAX_LOCAL_HOURS = 40


def builtin_pack_path(name: str) -> Path:
    return resources.data_dir() / "packs" / f"{name}.yaml"


def builtin_pack_names() -> list[str]:
    """The built-in packs a pack can extend: one per file in data/packs/."""
    return sorted(p.stem for p in (resources.data_dir() / "packs").glob("*.yaml"))


def load_base_pack(name: str) -> Mapping:
    """A built-in pack's fields, merged over what it extends, before validation."""
    return _load_chain(builtin_pack_path(name), f"{BUILT_IN_PACKS}{name}.yaml", builtin=True)


def _merge(base: Mapping, override: Mapping) -> Mapping:
    merged = Mapping(file=override.file, line=override.line)
    for key, value in base.items():
        merged[key] = value
        merged.origins[key] = base.origin(key)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
        merged.origins[key] = override.origin(key)
    return merged


def _load_chain(path: Path, label: str, *, builtin: bool = False, depth: int = 0,
                seen: tuple[Path, ...] = ()) -> Mapping:
    """Load ``path`` and everything it extends, merged base-first."""
    mapping = load_file(path, label)
    reader = Reader(mapping)
    parent = reader.text("extends", required=False, max_len=MAX_FILE_NAME)
    if parent is None:
        if not builtin:
            # A pack of one's own always builds on a complete pack, never from nothing.
            raise DataError(f"does not name a pack to extend; add `extends: {DEFAULT_PACK}` at the top",
                            file=label, line=1)
        return mapping
    if depth >= MAX_EXTENDS_DEPTH:
        raise reader.bad("extends", parent, f"goes deeper than {MAX_EXTENDS_DEPTH} packs; extend a built-in pack "
                         "(england, london, wales, scotland or northern-ireland) directly")
    if parent.endswith((".yaml", ".yml")):
        if builtin:
            raise reader.bad("extends", parent, "built-in packs extend built-in packs only")
        base_path = (path.parent / parent).resolve()
        if not base_path.is_relative_to(path.parent.resolve()):
            raise reader.bad("extends", parent, "is outside this pack's folder; copy that pack next to this one")
        base_label = str(Path(label).parent / parent)
    else:
        # Matched against the packs that exist, never joined into a path unchecked: a name
        # such as "../../x" must not reach a file outside data/packs/.
        known = builtin_pack_names()
        if parent not in known:
            raise reader.bad("extends", parent, f"is not a built-in pack; use one of: {', '.join(known)}")
        base_path = builtin_pack_path(parent)
        base_label = f"{BUILT_IN_PACKS}{parent}.yaml"
    if base_path in seen or base_path == path.resolve():
        raise reader.bad("extends", parent, "makes a loop of packs extending each other; break the loop")
    base = _load_chain(base_path, base_label, builtin=base_label.startswith(BUILT_IN_PACKS),
                       depth=depth + 1, seen=(*seen, path.resolve()))
    del mapping["extends"]
    return _merge(base, mapping)


def refuse_free_text_number(reader: Reader, key: str, text: str | None) -> None:
    number = number_in_text(text)
    if number:
        raise reader.bad(key, text, f"has a phone number in it ({number}); numbers print only from a service's "
                         "record, where they are checked: give a local number as services.local.phone and "
                         "take it out of this text")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: how many digits or letters differ, are missing or are extra."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def refuse_lookalike(item: Reader, service: Service, catalogue: Catalogue, name_key: str = "name") -> None:
    """A service of the pack's own that copies, or nearly copies, a national helpline's name or
    number: a reader would trust it as that helpline, and a digit off reaches a stranger."""
    for national in catalogue.services.values():
        if service.phone.dial == national.phone.dial:
            continue       # the same number is caught as "already on the pack"
        distance = _edits(service.phone.dial, national.phone.dial)
        if len(service.phone.dial) >= 8 and distance <= 2:
            what = "one digit" if distance == 1 else "two digits"
            raise item.bad("phone", service.phone.print, f"is {what} from the {national.name}'s "
                           f"{national.phone.print}; copy the number again from your service's own records")
        if _edits(service.name.casefold(), national.name.casefold()) <= 2:
            raise item.bad(name_key, service.name, f"is the name of a national helpline ({national.name}, "
                           f"{national.phone.print}); give your own service its own name")


def _service_choice(value: object, reader: Reader, key: str | None, catalogue: Catalogue) -> Service:
    """A service named by id, or written out in full (a local service).

    ``reader``/``key`` locate the value for errors; ``key`` is None when ``reader`` is a list item.
    """
    if isinstance(value, Mapping):
        item = Reader(value, reader.field(key) if key else reader.path)
        service = read_service(item, catalogue.sources, catalogue.nations, free_text=True)
        if service.id in catalogue.services:
            raise item.bad("id", service.id, "is a built-in service; refer to it by name alone, or give "
                           "your own service another id")
        refuse_lookalike(item, service, catalogue)
        return service
    if not isinstance(value, str) or value not in catalogue.services:
        raise reader.bad(key, value, f"is not a known service; use one of: {', '.join(catalogue.services)}, "
                         "or write the service out in full")
    return catalogue.services[value]


def _read_local(section: Reader, catalogue: Catalogue) -> Service | None:
    """The pack's own local service: a few fields, each short enough for a wallet card."""
    item = section.mapping_at("local", required=False)
    if item is None:
        return None
    phone = read_phone(item)
    for key in ("name", "hours", "for", "short_name", "short_for"):
        value = item.raw(key, required=False)
        refuse_free_text_number(item, key, value if isinstance(value, str) else None)
    service = Service(
        id="local",
        name=item.text("name", max_len=MAX_LOCAL_NAME),
        phone=phone,
        free=is_freephone(phone.dial),
        hours=read_hours(item, note_len=MAX_LOCAL_HOURS),
        for_whom=item.text("for", max_len=MAX_LOCAL_FOR),
        description="",
        website=item.url("website", required=False) or "",
        source=item.text("source", required=False, max_len=120) or "the pack",
        checked_on=item.month("checked_on"),
        origin=Origin(*section.mapping.origin("local")),
        short_name=item.text("short_name", required=False, max_len=MAX_SHORT_NAME),
        short_for=item.text("short_for", required=False, max_len=MAX_SHORT_FOR),
    )
    item.finish()
    refuse_lookalike(item, service, catalogue)
    return service


def _read_services(reader: Reader, catalogue: Catalogue) -> tuple[Service, tuple[Service, ...], Service | None,
                                                                   Service | None]:
    section = reader.mapping_at("services")
    featured = _service_choice(section.raw("featured"), section, "featured", catalogue)
    listed = [_service_choice(value, item, None, catalogue)
              for value, item in section.items("listed", max_items=12)]
    anonymous_value = section.raw("anonymous", required=False)
    anonymous = (_service_choice(anonymous_value, section, "anonymous", catalogue)
                 if anonymous_value is not None else None)
    local = _read_local(section, catalogue)
    section.finish()
    seen: dict[str, str] = {}
    everyone = [featured, *listed, *([anonymous] if anonymous else []), *([local] if local else [])]
    for service in everyone:
        if service.phone.dial in seen and service is local:
            local_section = section.mapping_at("local")
            raise local_section.bad("phone", service.phone.print,
                                    f"is already on the pack as {seen[service.phone.dial]}; give your local "
                                    "service's own number, or drop it from services.listed")
        if service.phone.dial in seen:
            raise section.error("listed", f"{service.phone.print} appears twice ({seen[service.phone.dial]} "
                                f"and {service.id}); list each service once")
        seen[service.phone.dial] = service.id
    return featured, tuple(listed), anonymous, local


# Every text/background pairing the products print, with the smallest text each is used
# for (pt, bold): WCAG 1.4.3 asks 4.5:1 of normal text and 3:1 of large text only.
# Wallet cards set every colour at 7-8 pt, so in practice every pair needs 4.5:1.
COLOUR_PAIRS = (
    ("primary", "white", 7.0, False, "white text on the primary colour (headline band)"),
    ("primary", "background", 7.0, True, "the primary colour on the background (numbers)"),
    ("accent", "background", 7.0, True, "the accent colour on the background (local service)"),
    ("emergency", "background", 7.5, True, "the emergency colour on the background"),
    ("text", "background", 7.0, False, "the text colour on the background"),
)
COLOUR_KEYS = ("primary", "accent", "emergency", "text", "background")


def _read_colours(reader: Reader) -> Colours:
    section = reader.mapping_at("colours")
    values = {"white": "#FFFFFF"}
    for key in COLOUR_KEYS:
        value = section.raw(key)
        if not is_hex(value):
            raise section.bad(key, value, 'is not a colour; write it as "#RRGGBB", e.g. "#4A1F6F"')
        values[key] = value.upper()
    section.finish()
    for result in colour_report(values):
        if not result["ok"]:
            raise section.bad(result["colour"], values[result["colour"]], result["problem"])
    return Colours(values["primary"], values["accent"], values["emergency"], values["text"], values["background"])


def _read_cmyk(reader: Reader, colours: Colours) -> tuple[tuple[str, tuple[int, int, int, int]], ...]:
    """The pack's own CMYK values for its colours (``colours_cmyk``: a brand's print
    specification), checked as a press would take them; print-shop files use them instead of
    the profile's conversion."""
    from .pdfx import BLACK_CMYK, MAX_INK, is_black

    section = reader.mapping_at("colours_cmyk", required=False)
    if section is None:
        return ()
    own: dict[str, tuple[int, int, int, int]] = {}
    for key in COLOUR_KEYS:
        value = section.raw(key, required=False)
        if value is None:
            continue
        shown = f"[{', '.join(map(str, value))}]" if isinstance(value, list) else repr(value)
        if not (isinstance(value, list) and len(value) == 4
                and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100 for v in value)):
            raise section.error(key, f"{shown} is not a CMYK colour; write C, M, Y and K in whole per cent, "
                                     "each 0 to 100, e.g. [100, 45, 0, 40]")
        hex_colour = getattr(colours, key)
        if sum(value) > MAX_INK:
            raise section.error(key, f"{shown} is {sum(value)} % of ink in all, over the {MAX_INK} % a press "
                                     "lays down; ask the brand's printer for its values on coated paper")
        if is_black(hex_colour) and tuple(value) != BLACK_CMYK:
            raise section.error(key, f"{shown} is given for {hex_colour}, which prints as black: small type and "
                                     "QR codes print on the black plate alone, so write [0, 0, 0, 100] or leave it out")
        if own.get(hex_colour, tuple(value)) != tuple(value):
            raise section.error(key, f"{shown} is given for {hex_colour}, which another colour here also is, "
                                     "with other values; give one colour one set of values")
        own[hex_colour] = (value[0], value[1], value[2], value[3])
    section.finish()
    return tuple(own.items())


def colour_report(values: dict[str, str]) -> list[dict]:
    """Every text/background pair the products print, with its contrast and, where it fails,
    the problem in words and the nearest colour of the same hue that passes. ``values`` are
    checked colours (``#RRGGBB``) by name; the web page shows this as the colours are picked."""
    values = {"white": "#FFFFFF", **values}
    report = []
    for key, other, size, bold, what in COLOUR_PAIRS:
        needed = required_contrast(size, bold)
        ratio = contrast(values[key], values[other])
        result = {"colour": key, "against": other, "what": what, "ratio": round(ratio, 2), "needed": needed,
                  "ok": ratio >= needed}
        if not result["ok"]:
            result["suggestion"] = nearest_passing(values[key], values[other], needed)
            result["problem"] = (f"gives {what} a contrast of {ratio:.1f}:1, under the {needed:g}:1 that text "
                                 f'needs; the nearest that passes is "{result["suggestion"]}"')
        report.append(result)
    return report


def _read_logo(reader: Reader, pack_dir: Path | None) -> Logo | None:
    value = reader.text("logo", required=False, max_len=MAX_FILE_NAME)
    if value is None:
        return None
    if pack_dir is None:
        raise reader.bad("logo", value, "cannot be set in a built-in pack")
    path = (pack_dir / value).resolve()
    if not path.is_relative_to(pack_dir.resolve()):
        raise reader.bad("logo", value, "is outside the pack's folder; copy the logo next to the pack")
    if not path.is_file():
        raise reader.bad("logo", value, "does not exist; put the logo file next to the pack")
    try:
        return load_logo(path, value)
    except DataError as exc:
        raise reader.error("logo", exc.message) from None


def _label_sheets(reader: Reader) -> dict:
    """The built-in label sheets plus any the pack describes under ``label_sheets``."""
    from .sheets import add_sheet, builtin_label_sheets, read_label_sheet

    sheets = dict(builtin_label_sheets())
    for _, item in reader.items("label_sheets", required=False, max_items=20):
        add_sheet(sheets, read_label_sheet(item, own=True), item)
    return sheets


def _read_languages(reader: Reader, catalogue: Catalogue) -> tuple[Language, ...]:
    """``language: pl``, or two for a bilingual pack, first printed first: ``[cy, en]``."""
    value = reader.raw("language")
    codes = value if isinstance(value, list) else [value]
    known = available(catalogue.root)
    if not 1 <= len(codes) <= 2 or len(set(map(str, codes))) != len(codes):
        raise reader.bad("language", value, "must be one language, or two different ones for a bilingual "
                         "pack, e.g. [cy, en]")
    for code in codes:
        if code not in known:
            close = difflib.get_close_matches(str(code), known, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(known)}"
            raise reader.bad("language", code, f"is not available; {hint}")
    ids = tuple(catalogue.services)
    languages = tuple(load_language(code, catalogue.root, ids) for code in codes)
    return languages


def _check_nations(reader: Reader, nation: str | None, catalogue: Catalogue) -> None:
    """Refuse a service whose source says it serves other nations only (the wrong help for
    the reader); services no source speaks for are warned about (see generator.stale)."""
    if nation is None:
        return
    section = reader.mapping_at("services")
    chosen: list[tuple[str, object, Reader, str | None]] = [("featured", section.raw("featured"), section, "featured")]
    chosen += [(f"listed[{i}]", value, item, None) for i, (value, item) in enumerate(section.items("listed"))]
    chosen.append(("anonymous", section.raw("anonymous", required=False), section, "anonymous"))
    for _, value, item, key in chosen:
        service = catalogue.services.get(value) if isinstance(value, str) else None
        if service is None or service.serves is None or nation in service.serves or not service.serves_only:
            continue
        where = ", ".join(catalogue.nations[n] for n in service.serves)
        raise item.bad(key, value, f"serves {where} only, and this pack is for {catalogue.nations[nation]}; drop it, "
                       f"or build from that nation's pack (extends: {service.serves[0]})")


def _read_links(reader: Reader, catalogue: Catalogue) -> tuple[Link, ...]:
    """The QR links: ids from data/links.yaml or from the pack's own ``links:``, which may also
    give a built-in id an address of its own (a shorter redirect on the pack's own site)."""
    known = dict(catalogue.links)
    for _, item in reader.items("links", required=False, max_items=10):
        link = read_link(item, catalogue.sources, free_text=True)
        known[link.id] = link
    links = []
    for value, item in reader.items("qr_links", max_items=2):
        if not isinstance(value, str) or value not in known:
            raise item.error(None, f"{value!r} is not a known link; use one of: {', '.join(known)}, or add "
                             "your own under links: (id, url, owner, kind, source, checked_on)")
        if known[value] in links:
            raise item.error(None, f"{value!r} is listed twice; list each link once")
        links.append(known[value])
    return tuple(links)


def validate(mapping: Mapping, catalogue: Catalogue, pack_dir: Path | None, default_name: str,
             today: dt.date | None = None) -> Pack:
    reader = Reader(mapping)
    name = reader.text("name", required=False) or default_name
    title = reader.text("title", max_len=80)
    nation = reader.raw("nation", required=False)
    if nation is not None and nation not in catalogue.nations:
        raise reader.bad("nation", nation, f"is not a UK nation; use one of: {', '.join(catalogue.nations)}, or "
                         "extend that nation's pack (extends: wales)")
    languages = _read_languages(reader, catalogue)
    max_age = reader.integer("data_max_age_months", lo=1, hi=120, default=12)
    _check_nations(reader, nation, catalogue)
    featured, listed, anonymous, local = _read_services(reader, catalogue)
    links = _read_links(reader, catalogue)

    products = reader.mapping_at("products")
    from .products import Context, registry

    context = Context(catalogue, (featured, *listed), _label_sheets(reader))
    specs = {}
    for product in registry().values():
        section = products.mapping_at(product.section, required=False)
        if section is not None:
            specs[product.id] = product.read(section, context)
    products.finish()

    wording_reader = reader.mapping_at("wording")
    for key in ("headline", "strapline"):
        value = wording_reader.raw(key, required=False)
        refuse_free_text_number(wording_reader, key, value if isinstance(value, str) else None)
    wording = Wording(
        headline=wording_reader.text("headline", required=False, max_len=MAX_HEADLINE),
        strapline=wording_reader.text("strapline", required=False, max_len=MAX_STRAPLINE),
    )
    wording_reader.finish()

    branding_reader = reader.mapping_at("branding")
    for key in ("organisation", "contact"):
        value = branding_reader.raw(key, required=False)
        refuse_free_text_number(branding_reader, key, value if isinstance(value, str) else None)
    branding = Branding(
        organisation=branding_reader.text("organisation", required=False, max_len=MAX_ORGANISATION),
        contact=branding_reader.text("contact", required=False, max_len=MAX_CONTACT),
        logo=_read_logo(branding_reader, pack_dir),
        local_blank=branding_reader.boolean("local_blank", default=True),
    )
    branding_reader.finish()
    colours = _read_colours(reader)
    colours = replace(colours, cmyk=_read_cmyk(reader, colours))
    reviewed_by = reader.text("translation_reviewed_by", required=False, max_len=200)
    reader.finish()
    return Pack(
        name=name, title=title, language=languages[0].code, languages=languages, file=mapping.file,
        max_age_months=max_age,
        featured=featured, listed=listed, anonymous=anonymous, qr_links=tuple(links),
        emergency=catalogue.emergency,
        wording=wording, branding=branding, local=local, specs=specs,
        colours=colours, strings=merged(languages), translation_reviewed_by=reviewed_by,
        origins=_origins(mapping), nation=nation, as_of=today or dt.date.today(),
    )


def _origins(mapping: Mapping) -> dict[str, tuple[str, int | None, object]]:
    """Every field of the pack: dotted path -> (file, line, value as written)."""
    return {path: (*origin, item) for path, _, _, origin, item in fields(mapping)}


def load_base(path: Path | str | None = None) -> tuple[Mapping, Path | None, str]:
    """A pack's merged fields before validation, with its folder and name: what a batch
    copies and changes for each site (see :func:`validate`)."""
    if path is None:
        return (_load_chain(builtin_pack_path(DEFAULT_PACK), f"{BUILT_IN_PACKS}{DEFAULT_PACK}.yaml", builtin=True),
                None, DEFAULT_PACK)
    path = Path(path)
    return _load_chain(path, str(path)), path.parent, path.stem


def load_pack(path: Path | str | None = None, today: dt.date | None = None) -> Pack:
    """Load a pack file (or the default London pack) and validate it completely.

    Raises :class:`~generator.errors.PackError` naming file, line, field, value and fix.
    """
    catalogue = load_catalogue()
    if path is None:
        mapping = _load_chain(builtin_pack_path(DEFAULT_PACK), f"{BUILT_IN_PACKS}{DEFAULT_PACK}.yaml", builtin=True)
        return validate(mapping, catalogue, None, DEFAULT_PACK, today)
    path = Path(path)
    return validate(_load_chain(path, str(path)), catalogue, path.parent, path.stem, today)
