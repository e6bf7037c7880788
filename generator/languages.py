"""Languages: each one's strings file, checked against English, and bilingual wording.

A strings file (``data/strings/<code>.yaml``) holds every sentence the products print in
one language, the words a discreet product must avoid in it, and who each service is for.
English is the reference: every other file must have each of its keys, with the same
``{placeholders}``. The printing guide and the sheets' margin notes are for whoever stands
at the printer and stay in English unless a file gives its own.

A bilingual pack (``language: [cy, en]``) prints each sentence in both languages, the first
language first, in the same font, size and weight: its strings are :class:`Pair` texts, one
paragraph per language, so layout code sets them like any other paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

from . import resources
from .errors import DataError
from .reader import Reader
from .yamlio import load_file

# Sections a translation may leave out: they fall back to English (see the module docstring).
ENGLISH_ONLY = ("sheet", "printing")
def language_tag(code: str) -> str:
    """The tag a PDF or web page declares for text in ``code``, from its strings file's
    ``tag`` where the region matters (en -> en-GB); else the code (pl -> pl)."""
    return script_facts(code)[2] or code
# A 24-hour clock has no am, pm or "midday".
MAY_BE_EMPTY = ("am", "pm", "noon")
PARTS = "_languages"     # key in merged strings: the per-language strings of a bilingual pack
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Language:
    code: str
    name: str            # the language's name for itself
    name_en: str
    direction: str       # "ltr" or "rtl"
    reviewed: bool       # a native speaker has checked every line
    reviewed_by: str | None
    file: str
    strings: dict
    # Strings this file lacks, printed in English instead (dotted paths): the catalogue grew
    # after the translation was written. Products carry the draft mark while any remain.
    fallbacks: tuple[str, ...] = ()
    fonts: tuple[str, ...] = ()   # families for its own letters, besides Latin (fonts.FAMILIES)


class Pair(str):
    """Text in each language of a bilingual pack, first language first, one per line.

    As a ``str`` it is the texts joined by newlines, which the text setter treats as
    paragraph breaks; :func:`fill` fills each language's template with that language's facts.
    """

    parts: tuple[str, ...]

    def __new__(cls, parts) -> str:  # type: ignore[misc]  # one part alone is plain text, not a Pair
        parts = tuple(parts)
        if len(set(parts)) == 1:
            return parts[0]        # the same in both languages ("24/7"): printed once
        self = super().__new__(cls, "\n".join(parts))
        self.parts = parts
        return self


def part(value, index: int):
    return value.parts[index] if isinstance(value, Pair) else value


def fill(template: str, **facts) -> str:
    """``template`` with its ``{placeholders}`` filled and its spaces tidied."""
    if isinstance(template, Pair):
        return Pair(fill(t, **{k: part(v, i) for k, v in facts.items()}) for i, t in enumerate(template.parts))
    return " ".join(template.format(**{k: part(v, 0) for k, v in facts.items()}).split())


def join(separator: str, texts) -> str:
    """``separator.join(texts)`` for each language of any :class:`Pair` among them."""
    texts = [t for t in texts if t]
    count = max((len(t.parts) for t in texts if isinstance(t, Pair)), default=0)
    if not count:
        return separator.join(texts)
    return Pair(separator.join(part(t, i) for t in texts) for i in range(count))


def per_language(function):
    """Run ``function(x, strings, ...)`` once per language of a bilingual pack's strings."""
    @wraps(function)
    def wrapper(first, strings, *args, **kwargs):
        languages = strings.get(PARTS)
        if languages:
            return Pair(function(first, s, *args, **kwargs) for s in languages)
        return function(first, strings, *args, **kwargs)
    return wrapper


def available(root: Path | None = None) -> list[str]:
    root = root or resources.data_dir()
    return sorted(p.stem for p in (root / "strings").glob("*.yaml"))


@cache
def load_language(code: str, root: Path | None = None, service_ids: tuple[str, ...] = ()) -> Language:
    """The strings file for ``code``, checked against English (see the module docstring)."""
    root = root or resources.data_dir()
    path = root / "strings" / f"{code}.yaml"
    shown = f"data/strings/{code}.yaml"
    if not path.is_file():
        raise DataError(f'"{code}" has no strings file; available: {", ".join(available(root))}',
                        field="language")
    reader = Reader(load_file(path, shown))
    if reader.text("language") != code:
        raise reader.error("language", f"says {reader.raw('language')!r} in {code}.yaml; make them match")
    name = reader.text("name", max_len=40)
    name_en = reader.text("name_en", max_len=40)
    direction = reader.choice("direction", ["ltr", "rtl"])
    fonts = _read_fonts(reader)
    reader.text("tag", required=False, max_len=20)
    reviewed = reader.boolean("reviewed")
    reviewed_by = reader.text("reviewed_by", required=False, max_len=200)
    match = reader.choice("discreet_match", ["word-start", "anywhere"])
    strings = dict(reader.raw("strings"))
    reader.finish()
    if reviewed and not reviewed_by:
        raise reader.error("reviewed_by", "is empty but reviewed is true; say who reviewed it and when")
    _refuse_numbers(strings, shown, "strings")
    fallbacks: list[str] = []
    if code != "en":
        english = load_language("en", root).strings
        _check_same(english, strings, shown, "strings", fallbacks)
        for section in ENGLISH_ONLY:
            strings.setdefault(section, english[section])
        services = strings.setdefault("services", {})
        for service_id in service_ids:
            entry = services.get(service_id)
            if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("for", "short_for")):
                # A service added to the catalogue after this translation: its own English words.
                services.pop(service_id, None)
                fallbacks.append(f"strings.services.{service_id}")
    strings["discreet_match"] = match
    return Language(code, name, name_en, direction, reviewed and not fallbacks, reviewed_by, shown, strings,
                    tuple(fallbacks), fonts)


def _read_fonts(reader: Reader) -> tuple[str, ...]:
    from .typefaces import FAMILIES

    families = []
    for value, item in reader.items("fonts", max_items=4):
        if value not in FAMILIES:
            raise item.error(None, f"{value!r} is not a font family; use one of: {', '.join(FAMILIES)}")
        families.append(value)
    return tuple(families)


@cache
def script_facts(code: str) -> tuple[str, tuple[str, ...], str | None]:
    """(paragraph direction, font families besides Latin, document tag) that ``code``'s
    strings file declares: what shaping, font choice and /Lang need, read from the data
    alone, so a language is added by adding its file. An unknown code is left to right in Latin."""
    path = resources.data_dir() / "strings" / f"{code.split('-')[0]}.yaml"
    if not path.is_file():
        return "ltr", (), None
    document = load_file(path, f"data/strings/{path.name}")
    return document.get("direction", "ltr"), tuple(document.get("fonts") or ()), document.get("tag")


def _refuse_numbers(strings, file: str, path: str) -> None:
    """No phone number in any sentence: numbers print only from records (see pack.FREE_TEXT_NUMBER)."""
    from .phones import number_in_text

    if isinstance(strings, dict):
        for key, value in strings.items():
            _refuse_numbers(value, file, f"{path}.{key}")
    elif isinstance(strings, list):
        for index, value in enumerate(strings):
            _refuse_numbers(value, file, f"{path}[{index}]")
    elif isinstance(strings, str):
        number = number_in_text(_PLACEHOLDER.sub("", strings))
        if number:
            raise DataError(f'"{strings}" has a phone number in it ({number}); numbers print only from records, '
                            "so write a {placeholder} the products fill in", file=file, field=path)


def _check_same(reference: dict, other, file: str, path: str, fallbacks: list[str]) -> None:
    """Every key English has, with the same placeholders; lists of the same length. A key the
    translation lacks is filled from English and listed in ``fallbacks``."""
    if not isinstance(other, dict):
        raise DataError("must be a mapping like English's", file=file, field=path)
    for key, value in reference.items():
        if key == "discreet_match" or (key in ENGLISH_ONLY and path == "strings" and key not in other):
            continue
        where = f"{path}.{key}"
        if key not in other:
            other[key] = value
            fallbacks.append(where)
            continue
        theirs = other[key]
        if isinstance(value, dict) and not isinstance(theirs, dict):
            # English's sentence became a table (by kind of link, say) after this was written.
            other[key] = value
            fallbacks.append(where)
            continue
        if isinstance(value, dict):
            _check_same(value, theirs, file, where, fallbacks)
        elif isinstance(value, str):
            if key in MAY_BE_EMPTY and theirs == "":
                continue
            if not isinstance(theirs, str) or not theirs.strip():
                raise DataError(f"{theirs!r} must be text, like English's {value!r}", file=file, field=where)
            if sorted(_PLACEHOLDER.findall(value)) != sorted(_PLACEHOLDER.findall(theirs)):
                raise DataError(f'"{theirs}" must use the placeholders of English\'s "{value}"; '
                                "keep each {name} exactly", file=file, field=where)
        elif (isinstance(value, list) and key != "discreet_avoid"
              and (not isinstance(theirs, list) or len(theirs) != len(value))):
            raise DataError(f"must be a list of {len(value)}, like English's", file=file, field=where)


def merged(languages: tuple[Language, ...]) -> dict:
    """The strings products use: one language's, or a bilingual pack's as :class:`Pair` texts."""
    if len(languages) == 1:
        return languages[0].strings
    tables = [lang.strings for lang in languages]
    out = _merge(tables)
    out["discreet_avoid"] = sorted({stem for t in tables for stem in t["discreet_avoid"]})
    out[PARTS] = tuple(tables)
    return out


def _merge(values: list):
    first = values[0]
    if isinstance(first, dict):
        return {key: _merge([v[key] for v in values]) for key in first if all(key in v for v in values)}
    if isinstance(first, str):
        return Pair(values)
    if isinstance(first, list) and all(isinstance(v, list) and len(v) == len(first) for v in values):
        return [_merge(list(items)) for items in zip(*values, strict=True)]
    return first


def per_language_strings(strings: dict) -> tuple[dict, ...]:
    return strings.get(PARTS) or (strings,)

