"""QR codes as a phone sees them: decoded from the rendered page, and from simulated street scans.

A street scan is what happens to a code between the PDF and a phone: printing, then a phone's
scanning preview. Three printings (``PRINTS``): an office laser (a 300 dpi dot grid, toner
spreading each dark edge), an inkjet on label stock (ink soaking into the face stock: dots grow
and edges blur, and black is not as dark), and the office laser read in low light (a dim,
noisy, shaken preview). The phone is a scanning preview, not a full camera: 1080 pixels across
a 50 degree field of view, so a code at distance d mm is seen at about 1158 / d pixels per mm;
the paper is tilted away from the phone and the frame turned a little. Each frame is given to
three independent decoders (zxing-cpp, OpenCV's QRCodeDetector and zbar); a code passes at a
distance when at least two of them read it in every printing, and its reach is the farthest
distance where it still passes, found by a bounded search.

Everything works on the code's own crop, at the printer's and then the phone's resolution,
so a scan costs a few milliseconds; noise comes from seeded generators, so the same build
verifies the same way every time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import zxingcpp
from PIL import Image, ImageDraw

from .units import MM_PER_INCH

PREVIEW_PX = 1080
FIELD_OF_VIEW_DEG = 50.0
FOCAL_PX = PREVIEW_PX / 2 / math.tan(math.radians(FIELD_OF_VIEW_DEG / 2))
TILT_DEG = 25.0               # the paper leans away from the phone: a poster on a wall seen from below
TURN_DEG = 4.0                # and the phone is not held square to it
JPEG_QUALITY = 60
LIGHT = 200                   # a quiet-zone pixel darker than this is ink
# How far from each product someone holds a phone to scan it (mm): the distances the codes are
# sized for (issue 20). A poster's depends on its paper: A3 is read from further away.
READING_DISTANCE_MM = {"wallet-card": 200.0, "sticker": 250.0, "large-print": 300.0, "poster": 600.0,
                       "poster-A3": 900.0}
# A code that does not pass from this far fails verify: a phone focuses from about 10 cm, and
# anyone can step up to a poster. Set well under what the smallest modules qr.py allows reach
# (0.4 mm about 12 cm, 1 mm on posters 29-35 cm), so a layout's own limits fail no build.
MIN_READING_MM = {"wallet-card": 100.0, "sticker": 100.0, "large-print": 150.0, "poster": 250.0,
                  "poster-A3": 250.0}
NEAREST_MM = 60.0             # the bounded search for a code's reach goes no nearer than this...
FARTHEST_MM = 3000.0          # ...nor further than this
SEARCH_STEPS = 6              # and makes at most this many trials per code,
REACH_PRECISION = 0.08        # stopping when it knows the reach to within this share
PAD_SHARE = 0.12              # the page round a code that its crop takes in, as a share of its side
DECODERS_NEEDED = 2
# About how many preview pixels per module the decoders need after printing (measured with
# this model: 1 mm modules read to about 31 cm); only where the reach search starts.
PX_PER_MODULE_TYPICAL = 3.7
WORK_DPI = 600                # ink spreads on a grid this fine: a 0.04 mm spread is one step

# zxing-cpp reads QR codes only here (its stubs want the plural type; the enum works the same).
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(frozen=True)
class Printing:
    """How a printer puts a code on paper, and the light a phone then reads it in."""
    name: str
    dpi: float              # the printer's dot grid
    spread_mm: float        # how far toner or ink spreads past each dark edge
    wick_mm: float          # the blur of ink soaking into the paper (Gaussian sigma)
    ink: int                # solid black as printed, grey level 0-255
    paper: int              # the paper
    exposure: tuple[int, int]   # paper black and white as the phone's sensor records them
    noise: float            # sensor noise, standard deviation in grey levels
    shake_px: float         # focus and hand shake, Gaussian sigma in preview pixels

    @property
    def ink_key(self) -> tuple:
        """What decides the printed sheet (the light does not)."""
        return self.dpi, self.spread_mm, self.wick_mm, self.ink, self.paper


PRINTS = (
    Printing("office laser", 300, 0.04, 0.0, 25, 245, (45, 215), 3.0, 0.7),
    Printing("inkjet on label", 600, 0.08, 0.04, 50, 238, (45, 215), 3.0, 0.7),
    Printing("low light", 300, 0.04, 0.0, 25, 245, (30, 110), 7.0, 1.1),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    module_mm: float
    centre_px: tuple[float, float]


def decode(image: Image.Image, dpi: float) -> list[Decoded]:
    """Every QR code zxing-cpp finds in a page image rendered at ``dpi``."""
    found = []
    for result in zxingcpp.read_barcodes(image, formats=QR_ONLY):
        c = result.position
        side_px = math.dist((c.top_left.x, c.top_left.y), (c.top_right.x, c.top_right.y))
        modules = 17 + 4 * int(result.extra.get("Version", 1))  # type: ignore[attr-defined]  # a dict at run time
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


def reading_mm(product: str, sheet_mm: tuple[float, float]) -> tuple[float, float]:
    """The distance a product's codes are sized for, and the nearest a code may fail verify
    from (mm). A3 posters are read from further away than A4."""
    key = "poster-A3" if product == "poster" and min(sheet_mm) >= 297 - 1 else product
    if key not in READING_DISTANCE_MM:
        key = "large-print"
    return READING_DISTANCE_MM[key], MIN_READING_MM[key]


# --- decoders -------------------------------------------------------------------------------

def _zxing(frame: np.ndarray) -> set[str]:
    return {r.text for r in zxingcpp.read_barcodes(frame, formats=QR_ONLY)}


@cache
def _opencv_detector():
    return cv2.QRCodeDetector()


def _opencv(frame: np.ndarray) -> set[str]:
    try:
        text, _, _ = _opencv_detector().detectAndDecode(frame)
    except cv2.error:   # OpenCV raises on some degenerate candidate shapes: no code read
        return set()
    return {text} if text else set()


@cache
def _zbar():
    """pyzbar's decode, or the reason zbar cannot be loaded (pyzbar needs the libzbar0 library)."""
    try:
        from pyzbar import pyzbar
        from pyzbar.pyzbar_error import PyZbarError
    except ImportError as exc:
        return f"zbar cannot be loaded ({exc}); install it: apt-get install libzbar0 (python3 dev.py does)"

    def read(frame: np.ndarray) -> set[str]:
        try:
            found = pyzbar.decode(frame, symbols=[pyzbar.ZBarSymbol.QRCODE])
        except PyZbarError:
            return set()
        return {r.data.decode("utf-8", "replace") for r in found}
    return read


def decoders() -> tuple[dict, str | None]:
    """The decoders a street scan uses, by name, and why one is missing (None when all load)."""
    zbar = _zbar()
    if isinstance(zbar, str):
        return {"zxing-cpp": _zxing, "OpenCV": _opencv}, zbar
    # Cheapest first: a search trial stops once two have read the code.
    return {"zxing-cpp": _zxing, "zbar": zbar, "OpenCV": _opencv}, None


# --- printing and the phone -----------------------------------------------------------------

@dataclass(frozen=True)
class Print:
    """A code as one printer put it on paper: grey levels at ``px_per_mm``, and the same halved
    again and again (a Gaussian pyramid), so a phone far away starts from a small image."""
    printing: Printing
    image: np.ndarray
    px_per_mm: float
    pyramid: tuple[np.ndarray, ...] = ()

    def at_least(self, px_per_mm: float) -> tuple[np.ndarray, float]:
        """The smallest level of the pyramid with at least ``px_per_mm``, and its scale."""
        image, scale = self.image, self.px_per_mm
        for level in self.pyramid:
            finer = scale * level.shape[1] / image.shape[1]
            if finer < px_per_mm:
                break
            image, scale = level, finer
        return image, scale


def printed(page, window_mm: tuple[float, float, float, float], page_height_mm: float,
            printing: Printing) -> Print:
    """The page inside ``window_mm`` (left, top from the page's top, width, height) as ``printing`` prints it."""
    left, top, width, height = window_mm
    grid = page.render(scale=printing.dpi / 72,
                       crop=_crop_pt(page, left, top, width, height, page_height_mm)).to_pil().convert("L")
    # The printer's dots: each cell of its grid is inked or not, nothing in between.
    dots = np.asarray(grid) < 128
    factor = max(1, round(WORK_DPI / printing.dpi))
    work_px = factor * printing.dpi / MM_PER_INCH
    ink: np.ndarray = cv2.resize(dots.astype(np.uint8), (dots.shape[1] * factor, dots.shape[0] * factor),
                     interpolation=cv2.INTER_NEAREST)
    radius = printing.spread_mm * work_px
    if radius >= 0.5:
        size = 2 * round(radius) + 1
        ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    grey: np.ndarray = np.where(ink > 0, printing.ink, printing.paper).astype(np.uint8)
    if printing.wick_mm > 0:
        grey = cv2.GaussianBlur(grey, (0, 0), printing.wick_mm * work_px)
    pyramid = []
    level = grey
    while min(level.shape) >= 128:
        level = cv2.pyrDown(level)
        pyramid.append(level)
    return Print(printing, grey, work_px, tuple(pyramid))


def phone_frame(paper: Print, distance_mm: float, seed: int) -> np.ndarray:
    """The printed window as a phone's scanning preview shows it from ``distance_mm``, tilted and turned."""
    rng = np.random.default_rng(seed)
    printing = paper.printing
    # The lens integrates the paper over each sensor pixel: shrink to about the preview's scale
    # first (area average), then tilt the small image into place.
    near_px_per_mm = FOCAL_PX / distance_mm / math.cos(math.radians(TILT_DEG))
    start, start_px_per_mm = paper.at_least(1.5 * near_px_per_mm)
    shrink = min(1.0, 1.5 * near_px_per_mm / start_px_per_mm)
    h, w = start.shape
    small = cv2.resize(start, (max(8, round(w * shrink)), max(8, round(h * shrink))), interpolation=cv2.INTER_AREA)
    px_per_mm = start_px_per_mm * small.shape[1] / w
    # A pinhole camera at distance_mm from the window's centre; the paper turned by TURN_DEG in
    # its own plane and leaning back by TILT_DEG.
    tilt, turn = math.radians(TILT_DEG), math.radians(rng.uniform(-TURN_DEG, TURN_DEG))
    sh, sw = small.shape
    corners = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], dtype=np.float32)
    points = []
    for cx, cy in corners:
        x, y = (cx - sw / 2) / px_per_mm, (cy - sh / 2) / px_per_mm
        x, y = x * math.cos(turn) - y * math.sin(turn), x * math.sin(turn) + y * math.cos(turn)
        depth = distance_mm + y * math.sin(tilt)
        points.append((FOCAL_PX * x / depth, FOCAL_PX * y * math.cos(tilt) / depth))
    projected = np.array(points, dtype=np.float32)
    margin = 12
    projected -= projected.min(axis=0) - margin
    size = (int(projected[:, 0].max()) + margin, int(projected[:, 1].max()) + margin)
    matrix = cv2.getPerspectiveTransform(corners, projected)
    frame = cv2.warpPerspective(small.astype(np.float32), matrix, size, flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=float(printing.paper))
    frame = cv2.GaussianBlur(frame, (0, 0), printing.shake_px)
    low, high = printing.exposure
    frame = low + frame * ((high - low) / 255.0) + rng.normal(0.0, printing.noise, frame.shape)
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    decoded = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    assert decoded is not None   # our own JPEG, just encoded
    return decoded


def readers(frame: np.ndarray, target: str, found: dict, enough: int | None = None) -> list[str]:
    """The names of the decoders in ``found`` that read ``target`` from ``frame``; with
    ``enough``, stop as soon as that many have, or as soon as that many no longer can."""
    read_by: list[str] = []
    for number, (name, read) in enumerate(found.items()):
        if enough is not None and (len(read_by) >= enough or len(read_by) + len(found) - number < enough):
            break
        if target in read(frame):
            read_by.append(name)
    return read_by


@dataclass(frozen=True)
class Scan:
    """One code's street scans: whether it passes at its reading distance, and how far it reaches."""
    distance_mm: float
    passes: bool
    reach_mm: float                      # the farthest distance where it passes (0: not even the nearest)
    failures: tuple[str, ...]            # at the reading distance: "low light: only zbar"


def street_scan(page, box_mm: tuple[float, float, float, float], page_height_mm: float, distance_mm: float,
                target: str, seed: int = 0, module_mm: float | None = None, reach: bool = True) -> Scan:
    """Print the code in ``box_mm`` (x, y from the bottom, w, h) three ways and scan each from ``distance_mm``.

    With ``reach``, a bounded search (at most SEARCH_STEPS trials, starting from where a
    code of ``module_mm`` modules usually stops reading) finds the farthest distance, between
    NEAREST_MM and FARTHEST_MM, where it still passes. Passing is taken to hold at every
    distance nearer than that: the frame only gets sharper.
    """
    found, _ = decoders()
    x, y, w, h = box_mm
    # A margin of the page round the quiet zone: what is printed next to a code is in the photo too.
    pad = max(w, h) * PAD_SHARE
    window = (x - pad, page_height_mm - (y + h) - pad, w + 2 * pad, h + 2 * pad)
    # Low light reads the same sheet as the office laser: print each kind of paper once.
    by_ink: dict = {}
    papers = []
    for printing in PRINTS:
        if printing.ink_key not in by_ink:
            by_ink[printing.ink_key] = printed(page, window, page_height_mm, printing)
        paper = by_ink[printing.ink_key]
        papers.append(Print(printing, paper.image, paper.px_per_mm, paper.pyramid))

    def failures_at(distance: float, every: bool = False) -> list[str]:
        """What fails at ``distance``; unless ``every``, only until the first failure."""
        out = []
        for number, paper in enumerate(papers):
            read = readers(phone_frame(paper, distance, seed * 31 + number), target, found,
                           None if every else DECODERS_NEEDED)
            if len(read) < DECODERS_NEEDED:
                out.append(f"{paper.printing.name}: {' and '.join(read) or 'no decoder'}")
                if not every:
                    break
        return out

    if not reach:
        failures = failures_at(distance_mm, every=True)
        return Scan(distance_mm, not failures, 0.0 if failures else distance_mm, tuple(failures))
    guess = FOCAL_PX * module_mm / PX_PER_MODULE_TYPICAL if module_mm else distance_mm
    farthest = _reach(min(FARTHEST_MM, max(NEAREST_MM, guess)), failures_at)
    if farthest >= distance_mm:
        return Scan(distance_mm, True, farthest, ())
    # Short of its distance: say what each printing and decoder managed there.
    failures = failures_at(distance_mm, every=True)
    return Scan(distance_mm, not failures, distance_mm if not failures else farthest, tuple(failures))


def _reach(start: float, failures_at) -> float:
    """The farthest passing distance: try ``start``, step out (or in) by a quarter until the
    answer changes, then halve the gap to REACH_PRECISION; SEARCH_STEPS trials at most."""
    good: float | None = None
    bad: float | None = None
    trial = start
    for _ in range(SEARCH_STEPS):
        if failures_at(trial):
            bad = trial
        else:
            good = trial
        if bad is None and good is not None:
            trial = min(FARTHEST_MM, good * 1.25)
            if trial <= good:
                break
        elif good is None and bad is not None:
            trial = max(NEAREST_MM, bad / 1.25)
            if trial >= bad:
                break
        elif good is not None and bad is not None:
            if bad - good <= REACH_PRECISION * good:
                break
            trial = (good + bad) / 2
    return good or 0.0


def _crop_pt(page, left: float, top: float, width: float, height: float, page_height_mm: float):
    """PDFium's crop (left, bottom, right, top margins in pt) for a window given in mm.

    A window past the page's edge is cut at the edge."""
    page_w, page_h = page.get_size()
    to_pt = 72 / MM_PER_INCH
    left_margin, top_margin = max(0.0, left * to_pt), max(0.0, top * to_pt)
    right_margin = max(0.0, page_w - (left + width) * to_pt)
    bottom_margin = max(0.0, page_h - (top + height) * to_pt)
    return (left_margin, bottom_margin, right_margin, top_margin)
