"""Colours and WCAG 2.x contrast, so no palette can print unreadable text."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

# WCAG 2.2, success criterion 1.4.3: 4.5:1 for normal text, 3:1 for large text
# (at least 18 pt, or 14 pt bold).
MIN_CONTRAST = 4.5
MIN_CONTRAST_LARGE = 3.0


def is_hex(value: object) -> bool:
    return isinstance(value, str) and bool(_HEX.match(value))


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """``#RRGGBB`` as three floats from 0 to 1."""
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_large(size_pt: float, bold: bool) -> bool:
    return size_pt >= 18 or (bold and size_pt >= 14)


def required_contrast(size_pt: float, bold: bool) -> float:
    return MIN_CONTRAST_LARGE if is_large(size_pt, bold) else MIN_CONTRAST


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def nearest_passing(colour: str, against: str, needed: float) -> str:
    """The colour closest to ``colour`` in lightness (same hue and saturation) that reaches
    ``needed``:1 against ``against``: darker or lighter, whichever is the smaller change."""
    import colorsys

    hue, light, saturation = colorsys.rgb_to_hls(*rgb(colour))
    best: tuple[float, str] | None = None
    for direction in (-1, 1):
        for step in range(1, 201):
            candidate_light = light + direction * step / 200
            if not 0 <= candidate_light <= 1:
                break
            candidate = _hex(*colorsys.hls_to_rgb(hue, candidate_light, saturation))
            # A hair over the line, so rounding to #RRGGBB never lands just under it.
            if contrast(candidate, against) >= needed + 0.05:
                change = abs(candidate_light - light)
                if best is None or change < best[0]:
                    best = (change, candidate)
                break
    # Black or white always passes against something: the two ends of the lightness scale.
    return best[1] if best else ("#000000" if contrast("#000000", against) >= needed else "#FFFFFF")
