"""One base error for everything a user can get wrong, printed by the CLI on one line.

A message names where (file:line), what (field path), the bad value and the fix:
``mypack.yaml:14: services.listed[2].phone.dial: "0808801032" is not a valid UK number (...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class PackError(Exception):
    """A problem with the user's input or the data; exit code 2, never a traceback."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return _one_line(f"{where}{field}{self.message}")


def _one_line(text: str) -> str:
    """``text`` with line breaks, control characters and direction controls written as escapes,
    so a bad value quoted in a message can neither break it over lines nor reorder it."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


class DataError(PackError):
    """A pack or data file has a wrong, missing or unknown value."""


class LayoutError(PackError):
    """Content does not fit its place on a product at the smallest allowed size."""


class TooTall(LayoutError):
    """Content does not fit its place at one type size; a smaller size may still fit."""


@dataclass
class FontError(PackError):
    """A font is missing or cannot draw a character (``char``)."""

    char: str = ""


class QRError(PackError):
    """A QR code cannot be drawn large enough to scan."""


class OutputError(PackError):
    """The output folder cannot be written."""
