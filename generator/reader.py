"""Typed reading of a loaded YAML mapping, with errors that say file, line, field and fix.

Every validator in the project reads through :class:`Reader`, so the wording and the
did-you-mean for unknown keys are the same for services, links, packs and paper.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import Any, Literal, overload
from urllib.parse import parse_qsl, urlsplit

from .errors import DataError
from .yamlio import Mapping, Sequence

MAX_URL_LENGTH = 200
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|_ga$|ref$)", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 80 else f'"{value[:77]}..."'
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return repr(value)


class Reader:
    """Reads fields of one mapping; call :meth:`finish` to reject keys nobody asked for."""

    def __init__(self, mapping: Mapping, path: str = "") -> None:
        self.mapping = mapping
        self.path = path
        self._seen: set[str] = set()

    # -- errors -----------------------------------------------------------------------------
    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str) -> DataError:
        file, line = self.mapping.origin(key) if key is not None else (self.mapping.file, self.mapping.line)
        return DataError(message, file=file, line=line, field=self.field(key) if key else self.path or None)

    def bad(self, key: str | None, value: Any, fix: str) -> DataError:
        return self.error(key, f"{_show(value)} {fix}")

    # -- presence ---------------------------------------------------------------------------
    def raw(self, key: str, *, required: bool = True) -> Any:
        self._seen.add(key)
        value = self.mapping.get(key)
        if value is None and required:
            raise self.error(None, f"missing required field `{key}`; add `{key}: ...`")
        return value

    def finish(self) -> None:
        for key in self.mapping:
            if key not in self._seen:
                close = difflib.get_close_matches(str(key), sorted(self._seen), n=1, cutoff=0.6)
                hint = f"; did you mean `{close[0]}`?" if close else (
                    f"; known fields: {', '.join(sorted(self._seen))}" if self._seen else ""
                )
                raise self.error(key, f"unknown field `{key}`{hint}")

    # -- scalars ----------------------------------------------------------------------------
    @overload
    def text(self, key: str, *, required: Literal[True] = ..., max_len: int | None = ...,
             default: str | None = ...) -> str: ...

    @overload
    def text(self, key: str, *, required: bool, max_len: int | None = ..., default: str) -> str: ...

    @overload
    def text(self, key: str, *, required: bool, max_len: int | None = ...,
             default: None = ...) -> str | None: ...

    def text(self, key: str, *, required: bool = True, max_len: int | None = None,
             default: str | None = None) -> str | None:
        value = self.raw(key, required=required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.bad(key, value, 'must be text; put it in quotes, e.g. "0808 2000 247"')
        value = " ".join(value.split())
        if not value:
            raise self.bad(key, value, "is empty; write the text or remove the field")
        if max_len is not None and len(value) > max_len:
            raise self.bad(key, value, f"is {len(value)} characters long; keep it to {max_len} or fewer")
        return value

    def boolean(self, key: str, *, default: bool | None = None) -> bool:
        value = self.raw(key, required=default is None)
        if value is None:
            return bool(default)
        if not isinstance(value, bool):
            raise self.bad(key, value, "must be true or false")
        return value

    def integer(self, key: str, *, lo: int, hi: int, default: int | None = None) -> int:
        value = self.raw(key, required=default is None)
        if value is None:
            return int(default)  # type: ignore[arg-type]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.bad(key, value, f"must be a whole number from {lo} to {hi}")
        return value

    def number(self, key: str, *, lo: float, hi: float) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise self.bad(key, value, f"must be a number from {lo:g} to {hi:g}")
        return float(value)

    def choice(self, key: str, options: list[str], *, default: str | None = None) -> str:
        value = self.raw(key, required=default is None)
        if value is None:
            return default  # type: ignore[return-value]
        if value not in options:
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(options)}"
            raise self.bad(key, value, f"is not available; {hint}")
        return value

    def month(self, key: str) -> dt.date:
        """A date written ``YYYY-MM`` or ``YYYY-MM-DD``; a bare month counts as its first day."""
        value = self.raw(key)
        match = _MONTH.match(str(value)) if isinstance(value, str) else None
        try:
            if not match:
                raise ValueError
            year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
            return dt.date(year, month, day)
        except ValueError:
            raise self.bad(key, value, "is not a date; write it as YYYY-MM-DD, or YYYY-MM") from None

    @overload
    def url(self, key: str, *, required: Literal[True] = ...) -> str: ...

    @overload
    def url(self, key: str, *, required: bool) -> str | None: ...

    def url(self, key: str, *, required: bool = True) -> str | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        check_url(value, lambda fix: self.bad(key, value, fix))
        return value

    # -- containers -------------------------------------------------------------------------
    @overload
    def mapping_at(self, key: str, *, required: Literal[True] = ...) -> "Reader": ...

    @overload
    def mapping_at(self, key: str, *, required: bool) -> "Reader | None": ...

    def mapping_at(self, key: str, *, required: bool = True) -> "Reader | None":
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.bad(key, value, "must be a mapping of `name: value` lines")
        return Reader(value, self.field(key))

    def items(self, key: str, *, required: bool = True, max_items: int = 100) -> Iterator[tuple[Any, "Reader"]]:
        """Yield ``(item, reader_for_item)``; the reader points at the item for errors."""
        value = self.raw(key, required=required)
        if value is None:
            return
        if not isinstance(value, Sequence):
            raise self.bad(key, value, "must be a list (lines starting with `- `)")
        if len(value) > max_items:
            raise self.bad(key, value, f"has {len(value)} entries; at most {max_items} are allowed")
        for index, item in enumerate(value):
            path = f"{self.field(key)}[{index}]"
            if isinstance(item, Mapping):
                yield item, Reader(item, path)
            else:
                file, line = value.origin(index)
                yield item, Reader(Mapping(file=file, line=line), path)


def check_url(value: Any, fail) -> None:
    """Refuse anything but a plain https address without tracking parameters."""
    if not isinstance(value, str):
        raise fail("must be a web address in quotes, starting https://")
    if len(value) > MAX_URL_LENGTH:
        raise fail(f"is {len(value)} characters long; a printed address must be under {MAX_URL_LENGTH}")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
        raise fail("is not an https address; write it in full, starting https://")
    if parts.username or parts.password:
        raise fail("contains a user name or password; remove it")
    if any(_TRACKING.match(name) for name, _ in parse_qsl(parts.query, keep_blank_values=True)):
        raise fail("carries tracking parameters; remove everything from `?`")
    if parts.fragment:
        raise fail("has a #fragment; give the page address only")
