"""The web page's form and the pack file, both ways: the form's fields become a pack YAML
(``extends: london`` and what the form sets) that ``build`` reads, and a pack YAML someone
uploads becomes the form's fields. The fields are plain JSON from the page, so every one is
checked for its type here; what it means is checked by the pack's own validation.
"""

from __future__ import annotations

import base64
from pathlib import Path

import yaml

from ..errors import DataError
from ..yamlio import Mapping, load_text

COLOUR_KEYS = ("primary", "accent", "emergency", "text", "background")
LOCAL_KEYS = ("name", "phone", "hours", "for", "checked_on", "website")
LOGO_TYPES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))


def _text(fields: dict, key: str, field: str) -> str:
    value = fields.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataError("must be text", field=field)
    return " ".join(value.split())


def _choice(fields: dict, key: str, options: tuple[str, ...], field: str) -> str:
    value = fields.get(key, options[0])
    if value not in options:
        raise DataError(f"must be one of {', '.join(options)}", field=field)
    return value


def _flag(fields: dict, key: str, field: str, default: bool = True) -> bool:
    value = fields.get(key, default)
    if not isinstance(value, bool):
        raise DataError("must be ticked or not (true or false)", field=field)
    return value


def logo_bytes(logo: object, max_bytes: int) -> tuple[bytes, str] | None:
    """The uploaded logo's bytes and the extension its contents show (never its name's)."""
    if not logo:
        return None
    if not isinstance(logo, dict) or not isinstance(logo.get("data"), str):
        raise DataError("is not an uploaded file", field="branding.logo")
    if len(logo["data"]) > max_bytes * 4 // 3 + 4:
        raise DataError(f"is over {max_bytes // 2**20} MB; a logo needs far less, export it smaller",
                        field="branding.logo")
    try:
        data = base64.b64decode(logo["data"], validate=True)
    except ValueError:
        raise DataError("could not be read; choose the file again", field="branding.logo") from None
    for magic, extension in LOGO_TYPES:
        if data.startswith(magic):
            return data, extension
    head = data[:4096].lstrip()
    if head.startswith(b"<") and b"<svg" in head:
        return data, "svg"
    raise DataError("is not a PNG, JPEG or SVG image (judged by what is in the file, not its name); "
                    "export it as one of those", field="branding.logo")


def base_packs() -> dict[str, str]:
    """The built-in packs a form can start from, read from data/packs/ now: name -> title."""
    from ..pack import DEFAULT_PACK, builtin_pack_path
    from ..yamlio import load_file

    found = {}
    for path in sorted(builtin_pack_path(DEFAULT_PACK).parent.glob("*.yaml")):
        mapping = load_file(path, f"data/packs/{path.name}")
        found[path.stem] = str(mapping.get("title") or mapping.get("name") or path.stem)
    # The default first: it is what the page starts with.
    return {DEFAULT_PACK: found.pop(DEFAULT_PACK), **found} if DEFAULT_PACK in found else found


def _base(fields: dict) -> str:
    from ..pack import DEFAULT_PACK

    base = fields.get("base", DEFAULT_PACK)
    known = base_packs()
    if not isinstance(base, str) or base not in known:
        raise DataError(f"must be one of the built-in packs: {', '.join(known)}", field="extends")
    return base


def pack_document(fields: dict) -> dict:
    """The pack the form describes, as the mapping a pack file holds."""
    pack: dict = {"extends": _base(fields)}
    languages = _text(fields, "language", "language").split() or ["en"]
    if languages != ["en"]:
        pack["language"] = languages[0] if len(languages) == 1 else languages
    wording = {key: _text(fields, key, f"wording.{key}") for key in ("headline", "strapline")}
    if any(wording.values()):
        pack["wording"] = {key: value for key, value in wording.items() if value}
    branding = {key: _text(fields, key, f"branding.{key}") for key in ("organisation", "contact")}
    branding = {key: value for key, value in branding.items() if value}
    if branding:
        pack["branding"] = branding
    services = fields.get("services", [])
    if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
        raise DataError("must be a list of services", field="services.listed")
    pack["services"] = {"listed": services}
    local = fields.get("local") or {}
    if not isinstance(local, dict):
        raise DataError("must be the local service's fields", field="services.local")
    local = {key: _text(local, key, f"services.local.{key}") for key in LOCAL_KEYS}
    if any(local.values()):
        pack["services"]["local"] = {key: value for key, value in local.items() if value}
    products: dict = {}
    products["poster"] = {"sizes": ["A4", "A3"]} if _flag(fields, "poster", "products.poster") else None
    products["wallet_card"] = ({"front": _choice(fields, "card_front", ("standard", "discreet"),
                                                 "products.wallet_card.front")}
                               if _flag(fields, "wallet_card", "products.wallet_card") else None)
    products["sticker"] = ({"sheet": _text(fields, "sheet", "products.sticker.sheet") or "L7160",
                            "wording": _choice(fields, "sticker_wording", ("discreet", "explicit"),
                                               "products.sticker.wording")}
                           if _flag(fields, "sticker", "products.sticker") else None)
    size = fields.get("large_print_pt", 18)
    if not isinstance(size, int) or isinstance(size, bool):
        raise DataError("must be a whole number of points", field="products.large_print.body_pt")
    products["large_print"] = {"body_pt": size} if _flag(fields, "large_print", "products.large_print") else None
    # The leaflet is the one product a pack adds by naming it (see products/leaflet.py).
    products["leaflet"] = {} if _flag(fields, "leaflet", "products.leaflet", default=False) else None
    pack["products"] = products
    colours = fields.get("colours") or {}
    if not isinstance(colours, dict):
        raise DataError("must be the five colours", field="colours")
    chosen = {key: _text(colours, key, f"colours.{key}") for key in COLOUR_KEYS}
    if any(chosen.values()):
        pack["colours"] = {key: value for key, value in chosen.items() if value}
    own = _kept_cmyk(fields.get("colours_cmyk"), chosen)
    if own:
        pack["colours_cmyk"] = own
    return pack


def _kept_cmyk(given: object, chosen: dict[str, str]) -> dict[str, list[int]]:
    """A loaded pack's own CMYK values, which the form has no boxes for, carried through to the
    pack file, each only while its colour is still the one it was given for (a new colour
    picked here gets the press profile's values, not the old colour's)."""
    if given in (None, {}):
        return {}
    if not isinstance(given, dict) or not all(isinstance(v, dict) for v in given.values()):
        raise DataError("must be the loaded pack's CMYK values", field="colours_cmyk")
    kept = {}
    for key, value in given.items():
        values = value.get("cmyk")
        if key in COLOUR_KEYS and str(value.get("for", "")).upper() == chosen.get(key, "").upper() and \
                isinstance(values, list) and len(values) == 4 and all(isinstance(v, int) for v in values):
            kept[key] = values
    return kept


def pack_yaml(fields: dict, logo_name: str | None = None) -> tuple[str, dict]:
    """The pack file's text for the form's fields (naming ``logo_name`` if there is one)."""
    document = pack_document(fields)
    if logo_name:
        document.setdefault("branding", {})["logo"] = logo_name
    header = "# Made with helpline-pack serve. Rebuild it with:  helpline-pack build --config pack.yaml\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), document


def write_pack(fields: dict, folder: Path, *, max_logo: int) -> tuple[str, str | None]:
    """Write ``pack.yaml`` (and the logo, named by its contents) into ``folder``."""
    folder.mkdir(parents=True)
    logo = logo_bytes(fields.get("logo"), max_logo)
    logo_name = None
    if logo is not None:
        data, extension = logo
        logo_name = f"logo.{extension}"
        (folder / logo_name).write_bytes(data)
    text, _ = pack_yaml(fields, logo_name)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return text, logo_name


def fields_from(mapping: Mapping) -> dict:
    """The form's fields for a pack's merged fields (London's, or an uploaded pack laid over them)."""
    def get(*path, default=None):
        value = mapping
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return default
            value = value[key]
        return value

    language = get("language", default="en")
    listed = get("services", "listed", default=[]) or []
    own = [item for item in listed if not isinstance(item, str)]
    if own:
        raise DataError("lists a service of its own under services.listed, which this page cannot edit; put it "
                        "under services.local, or keep using the command line for this pack",
                        field="services.listed")
    local = get("services", "local") or {}
    products = get("products", default={}) or {}
    return {
        "organisation": get("branding", "organisation") or "", "contact": get("branding", "contact") or "",
        "headline": get("wording", "headline") or "", "strapline": get("wording", "strapline") or "",
        "language": " ".join(language) if isinstance(language, list) else str(language),
        "services": list(listed),
        "local": {key: str(local.get(key) or "") for key in LOCAL_KEYS} if isinstance(local, dict) else {},
        "poster": bool(products.get("poster")),
        "wallet_card": bool(products.get("wallet_card")),
        "card_front": get("products", "wallet_card", "front") or "standard",
        "sticker": bool(products.get("sticker")),
        "sheet": get("products", "sticker", "sheet") or "L7160",
        "sticker_wording": get("products", "sticker", "wording") or "discreet",
        "large_print": bool(products.get("large_print")),
        "large_print_pt": get("products", "large_print", "body_pt") or 18,
        "leaflet": products.get("leaflet") is not None,
        "colours": {key: str(get("colours", key) or "") for key in COLOUR_KEYS},
        # Carried through, not shown: the form has no boxes for CMYK (see _kept_cmyk).
        "colours_cmyk": {key: {"for": str(get("colours", key) or ""), "cmyk": list(values)}
                         for key, values in (get("colours_cmyk", default={}) or {}).items()},
        "names_logo": bool(get("branding", "logo")),
    }


def read_pack_yaml(text: str) -> dict:
    """The form's fields for an uploaded pack file, read by the same safe loader as ``build``
    and validated by the same rules (a field of the wrong type is one clear error), over the
    built-in pack it extends."""
    from ..catalogue import load_catalogue
    from ..pack import _load_chain, _merge, builtin_pack_path, validate

    if len(text) > 1_000_000:
        raise DataError("is over 1 MB; a pack is a short text file", file="pack.yaml")
    mapping = load_text(text, "pack.yaml")
    known = base_packs()
    if mapping.get("extends") not in known:
        raise DataError(f"must start with `extends:` and one of the built-in packs ({', '.join(known)}) "
                        "to be edited here", file="pack.yaml", field="extends")
    parent = mapping.pop("extends")
    merged = _merge(_load_chain(builtin_pack_path(parent), f"data/packs/{parent}.yaml", builtin=True), mapping)
    branding = merged.get("branding")
    names_logo = isinstance(branding, Mapping) and bool(branding.get("logo"))
    if isinstance(branding, Mapping) and names_logo:
        # The logo is not uploaded with the pack file; the rest is checked without it.
        checked = _merge(merged, Mapping(file="pack.yaml"))
        checked["branding"] = _merge(branding, Mapping(file="pack.yaml"))
        del checked["branding"]["logo"]
    else:
        checked = merged
    validate(checked, load_catalogue(), None, parent)
    return {**fields_from(merged), "base": parent, "names_logo": names_logo}


def options() -> dict:
    """What the page offers: the base packs (each with its fields to start from and the
    services it always prints), services, label sheets and languages."""
    from ..catalogue import load_catalogue
    from ..languages import available, load_language
    from ..pack import _load_chain, builtin_pack_path
    from ..sheets import builtin_label_sheets

    catalogue = load_catalogue()
    packs = []
    for name, title in base_packs().items():
        base = _load_chain(builtin_pack_path(name), f"data/packs/{name}.yaml", builtin=True)
        services = base["services"] if isinstance(base.get("services"), dict) else {}
        if isinstance(services.get("listed"), list):
            # A service a built-in pack writes out in full has no box to tick, and the form's
            # list replaces the base's: a pack made here leaves it out.
            services["listed"] = [item for item in services["listed"] if isinstance(item, str)]
        fixed = [services.get(key) for key in ("featured", "anonymous")]
        # No box for a nation's own helpline in another nation's pack: the build refuses it.
        nation = base.get("nation")
        elsewhere = [s.id for s in catalogue.services.values()
                     if nation and s.serves_only and s.serves and nation not in s.serves]
        packs.append({"name": name, "title": title, "defaults": {**fields_from(base), "base": name},
                      "fixed": [s for s in fixed if s in catalogue.services] + elsewhere,
                      "always": [catalogue.services[s].name for s in fixed if s in catalogue.services]})
    sheets = {sheet.code: sheet for sheet in builtin_label_sheets().values()}
    ids = tuple(catalogue.services)
    languages = [load_language(code, catalogue.root, ids) for code in available(catalogue.root)]
    return {
        "packs": packs,
        "services": [{"id": s.id, "name": s.name, "for": s.for_whom} for s in catalogue.services.values()],
        "sheets": [{"code": code, "name": sheet.name} for code, sheet in sorted(sheets.items())],
        "languages": [{"code": lang.code, "name": lang.name, "name_en": lang.name_en} for lang in languages],
    }


def colours(values: object) -> list[dict]:
    """Each colour pair's contrast for the colours as picked (see :func:`generator.pack.colour_report`)."""
    from ..colours import is_hex
    from ..pack import colour_report

    if not isinstance(values, dict):
        raise DataError("must be the five colours", field="colours")
    checked = {}
    for key in COLOUR_KEYS:
        value = values.get(key)
        if not isinstance(value, str) or not is_hex(value):
            raise DataError(f'"{value}" is not a colour; write it as "#RRGGBB"', field=f"colours.{key}")
        checked[key] = value.upper()
    return colour_report(checked)
