"""Re-open what a build wrote and check it the way a printer and a phone will see it.

Independent of how the PDFs were drawn: pages are measured with pypdf, rendered with
PDFium, QR codes decoded with zxing-cpp, and numbers read back from the text layer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader

from .qr import MIN_MODULE_MM
from .units import MM_PER_INCH, pt_to_mm

SIZE_TOLERANCE_MM = 0.1
PIXELS_PER_MODULE = 4   # render fine enough that each module is several pixels wide


@dataclass(frozen=True)
class Finding:
    file: str
    check: str
    ok: bool
    figure: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.file:<20} {self.check:<18} {self.figure}"


def _font_embedded(font) -> bool:
    font = font.get_object()
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts(reader: PdfReader) -> dict[str, bool]:
    found = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font in (fonts.get_object().values() if fonts else []):
            found[str(font.get_object().get("/BaseFont"))] = _font_embedded(font)
    return found


@dataclass(frozen=True)
class TextLayer:
    """A page's text as PDFium reads it, with each character's box (pt) where known."""

    text: str
    boxes: list[tuple[float, float, float, float]] | None   # left, bottom, right, top


def read_text(page) -> TextLayer:
    textpage = page.get_textpage()
    count = textpage.count_chars()
    # PDFium reports a hyphen that ends a line as U+FFFE (it guesses a hyphenated word).
    text = textpage.get_text_range(0, count).replace("\ufffe", "-")
    boxes = [textpage.get_charbox(i) for i in range(count)] if len(text) == count else None
    return TextLayer(text, boxes)


def _apart(layer: TextLayer, left: int, right: int) -> bool:
    """Whether two characters are visibly separate on paper: a gap wider than their height."""
    if layer.boxes is None:
        return False
    a, b = layer.boxes[left], layer.boxes[right]
    height = max(a[3] - a[1], b[3] - b[1])
    return b[0] - a[2] > height or a[1] > b[3] or b[1] > a[3]


def number_printed(number: str, layer: TextLayer | str) -> bool:
    """``number`` appears whole: "0808 801 032" is not found inside "0808 801 0327".

    Digits a single space before or after the number count as part of it, unless the
    characters' boxes show a clear gap between them on the page (a row that ends "24/7"
    with its number set at the far right).
    """
    if isinstance(layer, str):
        layer = TextLayer(layer, None)
    text = layer.text
    for match in re.finditer(re.escape(number), text):
        start, end = match.span()
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue
        if re.fullmatch(r"\d ", text[max(0, start - 2):start]) and not _apart(layer, start - 2, start):
            continue
        if re.fullmatch(r" \d", text[end:end + 2]) and not _apart(layer, end - 1, end + 1):
            continue
        return True
    return False


def check_file(folder: Path, entry: dict) -> list[Finding]:
    name = entry["path"]
    path = folder / name
    findings: list[Finding] = []

    def add(check: str, ok: bool, figure: str) -> None:
        findings.append(Finding(name, check, ok, figure))

    if not path.is_file():
        add("exists", False, "listed in manifest.json but missing")
        return findings
    reader = PdfReader(path)
    add("pages", len(reader.pages) == entry["pages"], f"{len(reader.pages)} (manifest {entry['pages']})")
    want_w, want_h = entry["sheet_mm"]
    for number, page in enumerate(reader.pages, start=1):
        w, h = pt_to_mm(float(page.mediabox.width)), pt_to_mm(float(page.mediabox.height))
        ok = abs(w - want_w) <= SIZE_TOLERANCE_MM and abs(h - want_h) <= SIZE_TOLERANCE_MM
        add("page size", ok, f"page {number}: {w:.1f} x {h:.1f} mm (manifest {want_w} x {want_h})")
    fonts = _fonts(reader)
    bare = sorted(font for font, embedded in fonts.items() if not embedded)
    add("fonts embedded", bool(fonts) and not bare,
        f"not embedded: {', '.join(bare)}" if bare else f"{len(fonts)} fonts, all embedded")
    prefs = reader.trailer["/Root"].get("/ViewerPreferences")
    scaling = prefs.get_object().get("/PrintScaling") if prefs else None
    add("print scaling", scaling == "/None", f"PrintScaling {scaling}")

    document = pdfium.PdfDocument(path)
    try:
        layers: list[TextLayer] = []
        decoded: dict[str, float] = {}
        smallest = min((q["module_mm"] for q in entry.get("qr_codes", [])), default=1.0)
        dpi = max(150.0, PIXELS_PER_MODULE * MM_PER_INCH / max(smallest, 0.1))
        for index in range(len(document)):
            page = document[index]
            layers.append(read_text(page))
            if entry.get("qr_codes"):
                image = page.render(scale=dpi / 72).to_pil()
                for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                    corners = result.position
                    side_px = ((corners.top_right.x - corners.top_left.x) ** 2
                               + (corners.top_right.y - corners.top_left.y) ** 2) ** 0.5
                    modules = 17 + 4 * int(result.extra.get("Version", 1))
                    module_mm = side_px / modules * MM_PER_INCH / dpi
                    decoded[result.text] = min(module_mm, decoded.get(result.text, module_mm))
    finally:
        document.close()
    minimum = MIN_MODULE_MM.get(entry["product"], 0.4)
    for code in entry.get("qr_codes", []):
        target = code["target"]
        if target not in decoded:
            add("qr decodes", False, f"{target}: no QR code on the page decodes to it")
            continue
        module = decoded[target]
        add("qr decodes", True, target)
        add("qr module size", module >= minimum - 0.02, f"{module:.2f} mm (minimum {minimum} mm)")
    unexpected = sorted(set(decoded) - {code["target"] for code in entry.get("qr_codes", [])})
    if unexpected:
        add("qr unexpected", False, f"decodes to addresses the pack did not ask for: {', '.join(unexpected)}")
    for number in entry.get("phone_numbers", []):
        found = any(number_printed(number, layer) for layer in layers)
        add("number printed", found, number if found else f"{number} not in the text layer")
    return findings


def verify(folder: Path | str) -> list[Finding]:
    """Check every file ``manifest.json`` in ``folder`` lists; a missing manifest is a finding."""
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        return [Finding("manifest.json", "exists", False, f"no manifest.json in {folder}; run build first")]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return [Finding("manifest.json", "readable", False, f"not a helpline-pack manifest ({exc})")]
    findings: list[Finding] = []
    for entry in files:
        findings += check_file(folder, entry)
    return findings
