"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`Mapping` and lists as :class:`Sequence`; both know the file and the
line of each entry, so a validation error can point at ``pack.yaml:14``. The loader is
PyYAML's safe loader with three changes that matter for helpline data:

* only ``true``/``false``, ``null``, plain decimal integers and floats are typed; everything
  else (``0800 1111``, ``09:00``, ``2020-04``, ``no``) stays text, so a phone number is never
  read as an octal or sexagesimal integer and "no" never becomes False;
* duplicate keys are an error, not a silent overwrite;
* aliases are refused (packs do not need them, and they are how "billion laughs" expands);
* nesting deeper than a pack ever goes is refused before it can exhaust Python's stack;
* text that would print differently from how it reads in an editor is refused: control
  characters, lone surrogates, and the invisible direction controls (U+202A-U+202E,
  U+2066-U+2069) that could make "0808 2000 247" print as "742 0002 8080".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from . import resources
from .errors import DataError

MAX_BYTES = 1_000_000
MAX_DEPTH = 20                   # a pack nests five deep; lists of lists of ... are an attack
_DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u00ad\u200b\u2028\u2029\u2060\ufeff"   # soft hyphen, zero-width space, ...
_UNPRINTABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_DIRECTION_CONTROLS}{_INVISIBLE}]")


class Mapping(dict):
    """A dict that records ``(file, line)`` for each key's value (1-based lines)."""

    def __init__(self, *args: Any, file: str = "", line: int | None = None) -> None:
        super().__init__(*args)
        self.file = file
        self.line = line
        self.origins: dict[Any, tuple[str, int | None]] = {}

    def origin(self, key: Any) -> tuple[str, int | None]:
        return self.origins.get(key, (self.file, self.line))


class Sequence(list):
    """A list that records ``(file, line)`` for each item."""

    def __init__(self, *args: Any, file: str = "", line: int | None = None) -> None:
        super().__init__(*args)
        self.file = file
        self.line = line
        self.origins: list[tuple[str, int | None]] = []

    def origin(self, index: int) -> tuple[str, int | None]:
        if 0 <= index < len(self.origins):
            return self.origins[index]
        return (self.file, self.line)


class _Typed(yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """Mappings and lists that remember their lines, and only the implicit types a pack needs."""
    file_label = ""

    def __init__(self) -> None:
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        result = Mapping(file=self.file_label, line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise DataError(
                    f"keys must be plain words, not {type(key).__name__}",
                    file=self.file_label,
                    line=key_node.start_mark.line + 1,
                )
            if key in result:
                first = result.origins[key][1]
                raise DataError(
                    f"duplicate key {key!r} (first given on line {first}); keep one",
                    file=self.file_label,
                    line=key_node.start_mark.line + 1,
                )
            result[key] = self.construct_object(value_node, deep=True)
            # The key's line: where the reader looks for both the field and a one-line value.
            result.origins[key] = (self.file_label, key_node.start_mark.line + 1)
        return result

    def construct_sequence(self, node, deep=False):
        result = Sequence(file=self.file_label, line=node.start_mark.line + 1)
        for child in node.value:
            result.append(self.construct_object(child, deep=True))
            result.origins.append((self.file_label, child.start_mark.line + 1))
        return result


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Typed):
    """PyYAML's pure-Python parser, guarded against aliases and deep nesting: for what people give."""
    depth = 0

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Typed.__init__(self)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if self.check_event(AliasEvent):
            raise DataError(
                f"YAML aliases (*{event.anchor}) are not allowed in packs; write the value out",
                file=self.file_label,
                line=event.start_mark.line + 1,
            )
        if self.depth >= MAX_DEPTH:
            raise DataError(f"nested more than {MAX_DEPTH} levels deep; a pack never needs that, check the "
                            "brackets and indents", file=self.file_label, line=event.start_mark.line + 1)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 - PyYAML hook
        # The scanner holds every '[' or '{' open as a possible key until it knows what follows,
        # so 5,000 of them cost it 5,000 x 5,000 steps before the composer sees one node: refuse
        # them here, as they are read, so the work stays proportional to the depth allowed.
        if self.flow_level >= MAX_DEPTH:
            raise DataError(f"nested more than {MAX_DEPTH} levels deep; a pack never needs that, check the "
                            "brackets and indents", file=self.file_label, line=self.line + 1)
        super().fetch_flow_collection_start(TokenClass)


# The data the project ships (services, strings, stock, base packs) is read by every command and
# is reviewed with the code: libyaml parses it about nine times faster than the Python parser,
# into the same Mapping and Sequence values with the same lines.
_BUNDLED: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _BundledLoader(CParser, _Typed):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Typed.__init__(self)

    _BUNDLED = _BundledLoader


# Start from no implicit types at all, then allow the few a pack needs.
_Typed.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    # Up to 18 digits: a longer run of digits stays text, and the field says what it wants.
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]{0,17})$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]{1,18}\.[0-9]{0,18}|\.[0-9]{1,18})$", "-+0123456789."),
):
    _Typed.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_Typed.yaml_constructors = {**yaml.constructor.SafeConstructor.yaml_constructors,
                            "tag:yaml.org,2002:map": _Typed.construct_mapping,
                            "tag:yaml.org,2002:seq": _Typed.construct_sequence}


def _shown(value: str) -> str:
    """A value quoted for a message, made safe to print on one line of a terminal."""
    value = value.encode("unicode_escape").decode("ascii") if _UNPRINTABLE.search(value) else value
    return f'"{value[:40]}..."' if len(value) > 40 else f'"{value}"'


def fields(value: Any, path: str = "") -> Iterator[tuple[str, str, Any, tuple[str, int | None], Any]]:
    """Every entry under ``value``, parents before children: (dotted path such as
    ``services.listed[0].name``, the parent's path, key or index, (file, line), value)."""
    if not isinstance(value, (Mapping, Sequence)):
        return
    pairs = value.items() if isinstance(value, Mapping) else enumerate(value)
    for key, item in pairs:
        here = f"{path}[{key}]" if isinstance(value, Sequence) else f"{path}.{key}" if path else str(key)
        yield here, path, key, value.origin(key), item
        yield from fields(item, here)


def _check_text(document: Mapping, file: str) -> None:
    """Refuse unprintable or invisible characters anywhere in a document, keys included,
    naming the field."""
    for path, parent, key, (_, line), item in fields(document):
        _refuse_unprintable(key, parent or "a key", file, line)
        _refuse_unprintable(item, path, file, line)


def _refuse_unprintable(value: Any, field: str, file: str, line: int | None) -> None:
    bad = _UNPRINTABLE.search(value) if isinstance(value, str) else None
    if bad:
        what = ("an invisible direction control" if bad.group() in _DIRECTION_CONTROLS
                else "an invisible character" if bad.group() in _INVISIBLE
                else "a character that cannot be printed")
        raise DataError(f"{_shown(value)} holds {what} (U+{ord(bad.group()):04X}) at character "
                        f"{bad.start() + 1}; type the text again without it", file=file, line=line, field=field)


def load_text(text: str, label: str, bundled: bool = False) -> Mapping:
    """Parse YAML text whose top level must be a mapping; ``bundled`` for the project's own data."""
    loader = None
    try:
        loader = (_BUNDLED if bundled and _BUNDLED else _Loader)(text)
        loader.file_label = label
        document = loader.get_single_data()
    except DataError:
        raise
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise DataError(f"holds a character that cannot be printed ({char}); type the text again without it",
                        file=label, line=line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "cannot be read").strip()
        if exc.context == "while scanning a quoted scalar" and exc.context_mark:
            mark, problem = exc.context_mark, "a quote opened here is never closed; add the closing quote"
        elif "could not determine a constructor" in problem or "tag" in problem:
            problem = f"{problem}; tags that build objects are not allowed in packs"
        elif "\t" in text and "found character '\\t'" in problem:
            problem = "a tab is used for indenting; indent with spaces"
        raise DataError(
            f"not valid YAML: {problem}",
            file=label,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=label) from None
    finally:
        if loader is not None:
            loader.dispose()
    if document is None:
        raise DataError("the file is empty; a pack needs at least `extends: london`", file=label)
    if not isinstance(document, Mapping):
        kind = "list" if isinstance(document, list) else "single value"
        raise DataError(
            f"the file holds a {kind}, but a pack is made of `key: value` lines; start with `extends: london`",
            file=label,
            line=1,
        )
    _check_text(document, label)
    return document


def load_file(path: Path, label: str | None = None) -> Mapping:
    """Read and parse a YAML file, turning every way it can be unreadable into a DataError."""
    label = label or str(path)
    if not path.exists():
        raise DataError("no such file; check the path", file=label)
    if path.is_dir():
        raise DataError("is a folder, not a YAML file; give the pack's .yaml file", file=label)
    if not path.is_file():
        raise DataError("is not a plain file (a device or pipe); give the pack's .yaml file", file=label)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror}); check its permissions", file=label) from None
    if len(raw) > MAX_BYTES:
        raise DataError(f"is larger than {MAX_BYTES // 1_000_000} MB; a pack is a short text file, check it is the "
                        "right one", file=label)
    if b"\x00" in raw:
        raise DataError("is a binary file, not YAML text; give the pack's .yaml file", file=label)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            "is not UTF-8 text; save it as UTF-8 from your editor", file=label, line=line
        ) from None
    return load_text(text, label, bundled=path.resolve().is_relative_to(resources.data_dir()))
