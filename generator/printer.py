"""Printer profiles: how far one printer puts things from where the PDF asks.

Office printers shift the whole page by a millimetre or two, shift the back of a two-sided
sheet by 1-4 mm more, and a few scale slightly. A profile records the correction measured
with ``helpline-pack calibrate``; it is applied as one transform per page when drawing, so
sheet data and the manifest keep the stock's own figures. Example::

    printer: Reception laser
    offset_mm: {x: 0.5, y: -1.0}     # move every page right 0.5 mm and up 1 mm
    scale: 1.0
    back_offset_mm: {x: -1.5, y: 0}  # and the back of two-sided sheets a further 1.5 mm left
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .drawing import Transform
from .reader import Reader
from .yamlio import load_file

MAX_OFFSET_MM = 10.0
SCALE_RANGE = (0.9, 1.1)


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    offset: tuple[float, float] = (0.0, 0.0)
    scale: float = 1.0
    back_offset: tuple[float, float] = (0.0, 0.0)

    def front(self) -> Transform:
        return Transform(self.offset[0], self.offset[1], self.scale)

    def back(self) -> Transform:
        return Transform(self.offset[0] + self.back_offset[0], self.offset[1] + self.back_offset[1], self.scale)


NO_CORRECTION = PrinterProfile("none")


def _offset(reader: Reader, key: str) -> tuple[float, float]:
    section = reader.mapping_at(key, required=False)
    if section is None:
        return (0.0, 0.0)
    x = section.number("x", lo=-MAX_OFFSET_MM, hi=MAX_OFFSET_MM)
    y = section.number("y", lo=-MAX_OFFSET_MM, hi=MAX_OFFSET_MM)
    section.finish()
    return (x, y)


def load_profile(path: Path | str | None) -> PrinterProfile:
    """Read a printer profile; ``None`` means no correction. Errors name file, line and field."""
    if path is None:
        return NO_CORRECTION
    path = Path(path)
    reader = Reader(load_file(path, str(path)))
    name = reader.text("printer", max_len=80)
    offset = _offset(reader, "offset_mm")
    scale = reader.raw("scale", required=False)
    if scale is not None:
        scale = reader.number("scale", lo=SCALE_RANGE[0], hi=SCALE_RANGE[1])
    back = _offset(reader, "back_offset_mm")
    reader.finish()
    return PrinterProfile(name, offset, scale if scale is not None else 1.0, back)
