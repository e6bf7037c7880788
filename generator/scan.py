"""QR codes as a phone sees them: decoded from the rendered page, and from a simulated photo.

The photo model is a phone's scanning preview, not its full camera: 1080 pixels across a
50 degree field of view (portrait video preview), so a code at distance d mm is seen at
about 1158 / d pixels per mm. On top of that the photo is turned a few degrees, blurred
(focus and hand shake), given the flat contrast of paper under indoor light, a little sensor
noise, and JPEG compression. The distance is each product's usual one: a card or sticker
held in the hand, a poster that someone steps up to.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

import zxingcpp
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .units import MM_PER_INCH

PREVIEW_PX = 1080
FIELD_OF_VIEW_DEG = 50.0
# Where a phone is held to scan each product (mm). Print guidance puts reading distance at
# about ten times a code's width; these are at or beyond that for every code we print.
SCAN_DISTANCE_MM = {"poster": 400.0, "wallet-card": 150.0, "sticker": 150.0, "large-print": 200.0}
TILT_DEG = 4.0
BLUR_PX = 0.7
JPEG_QUALITY = 60
PAPER_RANGE = (45, 215)       # black ink and white paper as a phone exposes them indoors
NOISE_LEVELS = 12             # sensor noise, peak to peak, in grey levels
LIGHT = 200                   # a quiet-zone pixel darker than this is ink


@dataclass(frozen=True)
class Decoded:
    text: str
    module_mm: float
    centre_px: tuple[float, float]


def decode(image: Image.Image, dpi: float) -> list[Decoded]:
    """Every QR code zxing-cpp finds in a page image rendered at ``dpi``."""
    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        c = result.position
        side_px = math.dist((c.top_left.x, c.top_left.y), (c.top_right.x, c.top_right.y))
        modules = 17 + 4 * int(result.extra.get("Version", 1))
        centre = ((c.top_left.x + c.bottom_right.x) / 2, (c.top_left.y + c.bottom_right.y) / 2)
        found.append(Decoded(result.text, side_px / modules * MM_PER_INCH / dpi, centre))
    return found


def quiet_zone_ink(image: Image.Image, box_px: tuple[int, int, int, int], quiet_px: float) -> float:
    """The share of the quiet zone (the ring between ``box_px`` and the symbol) that is not paper."""
    left, top, right, bottom = box_px
    ink = image.crop(box_px).convert("L").point(lambda v: 255 if v < LIGHT else 0)
    # One pixel of slack at the symbol's edge: anti-aliasing there is not ink in the zone.
    inner = (quiet_px - 1, quiet_px - 1, right - left - quiet_px + 1, bottom - top - quiet_px + 1)
    ImageDraw.Draw(ink).rectangle(inner, fill=0)
    ring = ink.width * ink.height - max(0.0, inner[2] - inner[0]) * max(0.0, inner[3] - inner[1])
    return ink.histogram()[255] / ring if ring > 0 else 1.0


def photo_scale(product: str) -> float:
    """Pixels per mm in the phone's preview at the product's scanning distance."""
    distance = SCAN_DISTANCE_MM.get(product, 200.0)
    field_mm = 2 * distance * math.tan(math.radians(FIELD_OF_VIEW_DEG / 2))
    return PREVIEW_PX / field_mm


def phone_photo(crop: Image.Image, seed: int) -> Image.Image:
    """``crop`` (already at the preview's pixels per mm) as a phone's preview frame shows it."""
    rng = random.Random(seed)
    grey = crop.convert("L")
    grey = grey.rotate(rng.uniform(-TILT_DEG, TILT_DEG), resample=Image.Resampling.BILINEAR, expand=True,
                       fillcolor=255)
    grey = grey.filter(ImageFilter.GaussianBlur(BLUR_PX))
    low, high = PAPER_RANGE
    grey = grey.point(lambda v: low + v * (high - low) / 255)
    # Sensor noise from a seeded generator: the same build verifies the same way every time.
    noise = Image.frombytes("L", grey.size, rng.randbytes(grey.width * grey.height))
    noise = noise.point(lambda v: 128 + (v - 128) * 2 * NOISE_LEVELS // 255)
    grey = ImageChops.add(grey, noise, 1.0, -128)
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def scans_from_photo(page, box_mm: tuple[float, float, float, float], page_height_mm: float, product: str,
                     target: str, seed: int = 0) -> bool:
    """Whether the code in ``box_mm`` (x, y from the bottom, w, h) decodes to ``target`` from a phone photo."""
    scale = photo_scale(product)
    x, y, w, h = box_mm
    pad = max(w, h) * 0.3
    left, top = max(0.0, x - pad), max(0.0, page_height_mm - (y + h) - pad)
    crop_w, crop_h = w + 2 * pad, h + 2 * pad
    rendered = page.render(scale=scale * MM_PER_INCH / 72,
                           crop=_crop_pt(page, left, top, crop_w, crop_h, page_height_mm)).to_pil()
    frame = phone_photo(rendered, seed)
    return any(r.text == target for r in zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode))


def _crop_pt(page, left: float, top: float, width: float, height: float, page_height_mm: float):
    """PDFium's crop (left, bottom, right, top margins in pt) for a window given in mm."""
    page_w, page_h = page.get_size()
    to_pt = 72 / MM_PER_INCH
    right_margin = max(0.0, page_w - (left + width) * to_pt)
    bottom_margin = max(0.0, page_h - (top + height) * to_pt)
    return (left * to_pt, bottom_margin, right_margin, top * to_pt)
