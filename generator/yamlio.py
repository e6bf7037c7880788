"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`Mapping` and lists as :class:`Sequence`; both know the file and the
line of each entry, so a validation error can point at ``pack.yaml:14``. The loader is
PyYAML's safe loader with three changes that matter for helpline data:

* only ``true``/``false``, ``null``, plain decimal integers and floats are typed; everything
  else (``0800 1111``, ``09:00``, ``2020-04``, ``no``) stays text, so a phone number is never
  read as an octal or sexagesimal integer and "no" never becomes False;
* duplicate keys are an error, not a silent overwrite;
* aliases are refused (packs do not need them, and they are how "billion laughs" expands).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import DataError

MAX_BYTES = 1_000_000


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


class _Loader(yaml.SafeLoader):
    file_label = ""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise DataError(
                f"YAML aliases (*{event.anchor}) are not allowed in packs; write the value out",
                file=self.file_label,
                line=event.start_mark.line + 1,
            )
        return super().compose_node(parent, index)

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


# Start from no implicit types at all, then allow the few a pack needs.
_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$", "-+0123456789."),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def load_text(text: str, label: str) -> Mapping:
    """Parse YAML text whose top level must be a mapping."""
    loader = _Loader(text)
    loader.file_label = label
    try:
        document = loader.get_single_data()
    except DataError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "cannot be read").strip()
        if "could not determine a constructor" in problem or "tag" in problem:
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
        loader.dispose()
    if document is None:
        raise DataError("the file is empty; a pack needs at least `extends: london`", file=label)
    if not isinstance(document, Mapping):
        raise DataError(
            f"the file holds a {type(document).__name__}, but a pack is a mapping of "
            "`key: value` lines",
            file=label,
            line=1,
        )
    return document


def load_file(path: Path, label: str | None = None) -> Mapping:
    """Read and parse a YAML file, turning every way it can be unreadable into a DataError."""
    label = label or str(path)
    if not path.exists():
        raise DataError("no such file; check the path", file=label)
    if path.is_dir():
        raise DataError("is a folder, not a YAML file; give the pack's .yaml file", file=label)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror}); check its permissions", file=label) from None
    if len(raw) > MAX_BYTES:
        raise DataError(f"is larger than {MAX_BYTES // 1000} kB; a pack is a short text file", file=label)
    if b"\x00" in raw:
        raise DataError("is a binary file, not YAML text; give the pack's .yaml file", file=label)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            "is not UTF-8 text; save it as UTF-8 from your editor", file=label, line=line
        ) from None
    return load_text(text, label)
