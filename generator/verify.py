"""Re-open what a build wrote and check it the way a printer and a phone will see it.

Independent of how the PDFs were drawn: pages are measured and every object read with
pikepdf (qpdf), rendered with PDFium, QR codes decoded with zxing-cpp and then, after simulated printing, by three
independent decoders (see ``scan``), and numbers read back from the text layer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

from . import forking
from .conformance import check_standards
from .errors import DataError
from .first_language import check as first_language_first
from .geometry import MIN_QR_MODULE_MM as MIN_MODULE_MM
from .output import plain_file_name, recover
from .scan import DECODERS_NEEDED, PRINTS, decode, decoders, quiet_zone_ink, reading_mm, street_scan
from .textlayer import TextLayer, number_printed, overlapping_runs, read_text, visual_rows
from .trace import always_phrases, count_phrases, known_numbers, printed_numbers, vouches_always
from .units import MM_PER_INCH, pt_to_mm

__all__ = ["Finding", "TextLayer", "check_file", "number_printed", "qr_reach", "verify"]

SIZE_TOLERANCE_MM = 0.1
MAX_FILE_BYTES = 50_000_000   # the largest pack file is well under a megabyte
PIXELS_PER_MODULE = 4   # render fine enough that each module is several pixels wide


@dataclass(frozen=True)
class Finding:
    file: str
    check: str
    ok: bool
    figure: str
    # For "qr street scan": the farthest distance the code passes from, and the distance its
    # product is read from (mm). The build warns, and PRINTING.txt says, when it falls short.
    reach_mm: tuple[float, float] | None = None

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.file:<27} {self.check:<15} {self.figure}"


def _fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Each font a page's resources list, and whether it is embedded."""
    found = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for font in (fonts.values() if fonts is not None else []):
            found[str(font.get("/BaseFont"))] = _font_embedded_pdf(font)
    return found


def _transform(entry: dict, side: str):
    """The printer correction the build applied to this side's pages, as (dx, dy, scale)."""
    printer = entry.get("printer")
    if not printer:
        return 0.0, 0.0, 1.0
    dx, dy = printer["offset_mm"]
    if side == "back":
        dx, dy = dx + printer["back_offset_mm"][0], dy + printer["back_offset_mm"][1]
    return dx, dy, printer["scale"]


def _moved(box: list[float], page_h: float, entry: dict, side: str) -> tuple[float, float, float, float]:
    """A manifest box [x, y-from-bottom, w, h] where the printer-corrected page puts it."""
    dx, dy, scale = _transform(entry, side)
    x, y, w, h = box
    top = page_h - (y + h)
    return x * scale + dx, page_h - (top * scale + dy) - h * scale, w * scale, h * scale


def _inside(glyph: tuple[float, float, float, float], box, rounded: bool) -> bool:
    left, bottom, right, top = glyph
    x, y, w, h = box
    eps = 0.05
    if not (left >= x - eps and right <= x + w + eps and bottom >= y - eps and top <= y + h + eps):
        return False
    if rounded:
        cx, cy, r = x + w / 2, y + h / 2, w / 2
        return all(math.dist((px, py), (cx, cy)) <= r + eps for px in (left, right) for py in (bottom, top))
    return True


def _page_boxes(pdf: pikepdf.Pdf, entry: dict, add) -> None:
    """TrimBox and BleedBox: a print shop's file has its trim in TrimBox; others none."""
    for number, page in enumerate(pdf.pages, start=1):
        media = [float(v) for v in page.mediabox]
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        items = [i for i in entry.get("items", []) if i["page"] == number]
        wants_trim = entry.get("bleed_mm") and entry.get("placed") is None and len(items) == 1 and \
            items[0]["trim_mm"][2] < pt_to_mm(media[2]) - 0.5
        if wants_trim:
            x, y, w, h = items[0]["trim_mm"]
            want = [x, y, x + w, y + h]
            got = [pt_to_mm(v) for v in trim]
            b = entry["bleed_mm"]
            bled = [pt_to_mm(v) for v in bleed]
            bleed_ok = all(abs(g - w) <= SIZE_TOLERANCE_MM for g, w in zip(bled, [x - b, y - b, x + w + b, y + h + b],
                                                                          strict=True))
            ok = all(abs(a - b) <= SIZE_TOLERANCE_MM for a, b in zip(got, want, strict=True)) and bleed_ok
            add("page boxes", ok, f"page {number}: TrimBox {' '.join(f'{v:.2f}' for v in got)} mm "
                f"(manifest {' '.join(f'{v:.2f}' for v in want)}), BleedBox {' '.join(f'{v:.2f}' for v in bled)} mm "
                f"(trim + {b:g} mm bleed)")
        else:
            add("page boxes", trim == media, f"page {number}: TrimBox {'= page' if trim == media else trim}")


def _expected_trims(entry: dict) -> dict[tuple[str, int], tuple[float, float, float, float]] | None:
    """Where the stock's own data puts each imposed piece (PDF coordinates), for label sheets and cards."""
    from .geometry import mirrored
    from .sheets import builtin_label_sheets, load_cards

    if entry["product"] == "sticker":
        sheet = builtin_label_sheets().get(str(entry.get("label_sheet_code", "")).upper())
        if sheet is None:
            return None
        slots, mirror = sheet.grid.slots(), False
    elif entry["product"] == "wallet-card" and entry.get("imposition"):
        slots, mirror = load_cards()[1][entry["imposition"]].grid.slots(), True
    else:
        return None
    width, height = entry["sheet_mm"]
    out = {}
    for index, slot in enumerate(slots):
        for side in ("front", "back", "single"):
            box = mirrored(slot, width) if mirror and side == "back" else slot
            out[(side, index)] = (box.x, height - box.bottom, box.w, box.h)
    return out


def _positions(entry: dict, add) -> None:
    expected = _expected_trims(entry)
    if expected is None:
        return
    worst = 0.0
    for item in entry["items"]:
        want = expected.get((item["side"], item.get("index", -1)))
        if want is None:
            add("item positions", False, f"item {item.get('index')} ({item['side']}) is not a slot on this stock")
            return
        worst = max(worst, *(abs(a - b) for a, b in zip(item["trim_mm"], want, strict=True)))
    add("item positions", worst <= SIZE_TOLERANCE_MM,
        f"{len(entry['items'])} pieces, at most {worst:.2f} mm from the stock's data")


def _glyph_checks(layers, entry: dict, add) -> None:
    """Every glyph inside its piece's safe area (or the sheet's printable area), at least the
    product's minimum size, and no two runs of text overlapping."""
    from .geometry import PRINTER_EDGE_MM

    width, height = entry["sheet_mm"]
    smallest, logo, count, outside, overlaps = None, None, 0, None, []
    # A printer correction scales the page so that the printer, which prints a little large or
    # small, puts it on paper at true size: type is measured as it will print.
    printed = 1 / _transform(entry, "front")[2]
    for number, layer in enumerate(layers, start=1):
        pieces = []
        for item in entry.get("items", []):
            if item["page"] == number:
                pieces.append((_moved(item["trim_mm"], height, entry, item["side"]),
                               _moved(item.get("safe_mm", item["trim_mm"]), height, entry, item["side"]),
                               item.get("round", False), item))
        printable = (PRINTER_EDGE_MM, PRINTER_EDGE_MM, width - 2 * PRINTER_EDGE_MM, height - 2 * PRINTER_EDGE_MM)
        for glyph in layer.glyphs:
            count += 1
            size = glyph.size_pt * printed
            if glyph.in_form:
                logo = min(logo or size, size)
            elif smallest is None or size < smallest[0]:
                smallest = (size, glyph.char, number)
            cx, cy = (glyph.box[0] + glyph.box[2]) / 2, (glyph.box[1] + glyph.box[3]) / 2
            home = next((p for p in pieces if p[0][0] <= cx <= p[0][0] + p[0][2]
                         and p[0][1] <= cy <= p[0][1] + p[0][3]), None)
            area, rounded, what = ((home[1], home[2], f"{home[3]['side']} piece {home[3].get('index', 0) + 1}")
                                   if home else (printable, False, "the sheet's printable area"))
            if outside is None and not _inside(glyph.box, area, rounded):
                outside = (glyph.char, glyph.box, number, what)
        overlaps += [(number, layer.runs[i], layer.runs[j]) for i, j in overlapping_runs(layer)]
    minimum = entry.get("min_pt", 0)
    # Words in a logo are the logo's artwork: the build warns when they print small, and the
    # organisation's name is printed beside it in the product's own type, so they are shown
    # here but held to no minimum.
    beside = f"; logo text {logo:.1f} pt, not counted" if logo is not None else ""
    if smallest is not None:
        add("type size", smallest[0] >= minimum - 0.05,
            f"smallest {smallest[0]:.1f} pt (\"{smallest[1]}\" on page {smallest[2]}; minimum {minimum:g} pt){beside}")
    if outside:
        char, box, number, what = outside
        add("safe area", False, f'"{char}" at {box[0]:.1f}, {box[1]:.1f} mm on page {number} is outside {what}')
    else:
        add("safe area", True, f"all {count} glyphs inside their safe areas")
    if overlaps:
        number, a, b = overlaps[0]
        add("text overlap", False, f"{len(overlaps)} overlapping lines, e.g. on page {number} at "
            f"{a[0]:.1f}, {a[1]:.1f} mm and {b[0]:.1f}, {b[1]:.1f} mm")
    else:
        add("text overlap", True, "no two lines of text overlap")


def _qr_checks(document, entry: dict, add) -> None:
    codes = entry.get("qr_codes", [])
    if not codes:
        return
    _, height = entry["sheet_mm"]
    smallest = min(q["module_mm"] for q in codes)
    dpi = max(150.0, PIXELS_PER_MODULE * MM_PER_INCH / max(smallest, 0.1))
    px = dpi / MM_PER_INCH
    sides = {i["page"]: i["side"] for i in entry.get("items", [])}
    results: dict[str, dict] = {}
    seen: set[str] = set()
    for number in sorted({q["page"] for q in codes}):
        page = document[number - 1]
        image = page.render(scale=dpi / 72).to_pil()
        found = decode(image, dpi)
        seen |= {d.text for d in found}
        for code in (q for q in codes if q["page"] == number):
            r = results.setdefault(code["target"], {"count": 0, "decoded": 0, "module": None, "quiet": 0.0,
                                                    "misplaced": 0})
            r["count"] += 1
            x, y, w, h = _moved(code["box_mm"], height, entry, sides.get(number, "single"))
            box_px = (round(x * px), round((height - y - h) * px), round((x + w) * px), round((height - y) * px))
            here = [d for d in found if d.text == code["target"]
                    and box_px[0] <= d.centre_px[0] <= box_px[2] and box_px[1] <= d.centre_px[1] <= box_px[3]]
            if not here:
                r["misplaced"] += any(d.text == code["target"] for d in found)
                continue
            r["decoded"] += 1
            r["module"] = min(here[0].module_mm, r["module"] or here[0].module_mm)
            quiet_px = code["quiet_zone_modules"] * code["module_mm"] * px
            r["quiet"] = max(r["quiet"], quiet_zone_ink(image, box_px, quiet_px))
    minimum = MIN_MODULE_MM.get(entry["product"], 0.4)
    for target, r in results.items():
        label = f"{r['decoded']} of {r['count']}" if r["count"] > 1 else ""
        if r["decoded"] < r["count"]:
            where = f"; {r['misplaced']} found away from where the manifest puts them" if r["misplaced"] else ""
            add("qr decodes", False, f"{target}: {r['count'] - r['decoded']} of {r['count']} codes do not decode "
                f"to it{where}")
            continue
        add("qr decodes", True, f"{label + ' → ' if label else ''}{target}")
        add("qr module size", r["module"] >= minimum - 0.02, f"{r['module']:.2f} mm (minimum {minimum} mm)")
        add("qr quiet zone", r["quiet"] <= 0.001, f"{r['quiet']:.1%} of the quiet zone is not paper"
            if r["quiet"] > 0.001 else "clear")
    unexpected = sorted(seen - {code["target"] for code in codes})
    if unexpected:
        add("qr unexpected", False, f"decodes to addresses the pack did not ask for: {', '.join(unexpected)}")


def _street_scans(document, entry: dict, add, findings: list) -> None:
    """Each distinct code (address and module size) printed three ways and scanned by three
    decoders from its product's reading distance; its reach found by a bounded search.

    Identical copies on one sheet (ten cards, 21 stickers) are the same form placed again, and
    the page decode above reads every copy where the manifest puts it, so one copy of each is
    scanned: a sheet costs what a poster does.
    """
    codes = entry.get("qr_codes", [])
    if not codes:
        return
    found, missing = decoders()
    add("qr decoders", missing is None, f"{', '.join(found)} (a code passes when {DECODERS_NEEDED} of 3 read it)"
        if missing is None else missing)
    width, height = entry["sheet_mm"]
    distance, floor = reading_mm(entry["product"], (width, height))
    sides = {i["page"]: i["side"] for i in entry.get("items", [])}
    scanned: set[tuple[str, float]] = set()
    for index, code in enumerate(codes):
        key = (code["target"], code["module_mm"])
        if key in scanned:
            continue
        scanned.add(key)
        page = document[code["page"] - 1]
        box = _moved(code["box_mm"], height, entry, sides.get(code["page"], "single"))
        scan = street_scan(page, box, height, distance, code["target"], seed=index, module_mm=code["module_mm"])
        failures = "; ".join(scan.failures)
        short = "" if scan.passes else f", short of the {distance / 10:g} cm it is read from ({failures})"
        printings = [p.name for p in PRINTS]
        findings.append(Finding(
            entry["path"], "qr street scan", scan.reach_mm >= floor,
            f"{code['target']}: {DECODERS_NEEDED} of 3 decoders read it after {', '.join(printings[:-1])} and "
            f"{printings[-1]} from up to {scan.reach_mm / 10:.0f} cm{short}"
            f"{'' if scan.reach_mm >= floor else f'; it must scan from at least {floor / 10:g} cm'}",
            (scan.reach_mm, distance)))


# Content-stream operators that name a resource, and the resource dictionary that must define
# it (ISO 32000-1, 7.8.3 and Table 33). Device colour spaces need no entry.
_NAMED_RESOURCES = {"Tf": "/Font", "Do": "/XObject", "gs": "/ExtGState", "sh": "/Shading",
                    "cs": "/ColorSpace", "CS": "/ColorSpace", "scn": "/Pattern", "SCN": "/Pattern",
                    "BDC": "/Properties", "DP": "/Properties"}
_DEVICE_SPACES = {"/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern"}
_RESOURCE_KIND = {"/Font": "font", "/XObject": "image or form", "/ExtGState": "graphics state",
                  "/Shading": "shading", "/ColorSpace": "colour space", "/Pattern": "pattern",
                  "/Properties": "marked-content property list"}
MAX_FORM_DEPTH = 8      # forms inside forms: a logo in a card in a sheet is three


def _pdf_objects(pdf: pikepdf.Pdf, add) -> None:
    """Every object as qpdf reads it: the file's syntax (qpdf --check), every resource each
    content stream names defined where that stream looks it up (a page's, or a form's own),
    and every font a stream draws with embedded, forms (logos, codes) included."""
    problems = pdf.check_pdf_syntax()
    add("pdf syntax", not problems, f"qpdf: {problems[0][:160]}" if problems else "qpdf finds no problems")
    undefined: list[str] = []
    fonts: dict[str, bool] = {}
    names = 0
    for number, page in enumerate(pdf.pages, start=1):
        names += _walk_stream(page.obj, page.obj.get("/Resources"), f"page {number}", 0, set(), undefined,
                              fonts)
    add("pdf resources", not undefined, f"{len(undefined)} undefined, e.g. {undefined[0]}" if undefined
        else f"all {names} resource names the pages and forms use are defined")
    bare = sorted(name for name, embedded in fonts.items() if not embedded)
    add("fonts used", bool(fonts) and not bare, f"drawn but not embedded: {', '.join(bare)}" if bare
        else f"{len(fonts)} fonts drawn, all embedded")


def _walk_stream(owner, resources, where: str, depth: int, seen: set, undefined: list, fonts: dict) -> int:
    """Check the names one content stream (a page or a form) uses; returns how many it names."""
    count = 0
    try:
        instructions = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError as exc:
        undefined.append(f"{where}: its content cannot be parsed ({str(exc)[:80]})")
        return 0
    for instruction in instructions:
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue            # an inline image carries its own data
        operator = str(instruction.operator)
        kind = _NAMED_RESOURCES.get(operator)
        if kind is None:
            continue
        operands = list(instruction.operands)
        name = operands[0] if operator not in ("scn", "SCN", "BDC", "DP") else (operands[-1] if operands else None)
        if not isinstance(name, pikepdf.Name) or (kind == "/ColorSpace" and str(name) in _DEVICE_SPACES):
            continue            # a colour, or a property list written inline
        count += 1
        table = resources.get(kind) if resources is not None else None
        target = table.get(name) if table is not None else None
        if target is None:
            undefined.append(f"{where} names {name} (a {_RESOURCE_KIND[kind]}) but does not define it")
            continue
        if kind == "/Font":
            fonts[str(target.get("/BaseFont", name))] = _font_embedded_pdf(target)
        elif kind == "/XObject" and target.get("/Subtype") == "/Form" and target.objgen not in seen:
            if depth >= MAX_FORM_DEPTH:
                undefined.append(f"{where}: forms nested more than {MAX_FORM_DEPTH} deep")
                continue
            seen.add(target.objgen)
            count += _walk_stream(target, target.get("/Resources", resources), f"{where}, form {name}", depth + 1,
                                  seen, undefined, fonts)
    return count


def _font_embedded_pdf(font) -> bool:
    """A pikepdf font dictionary carries its glyphs: a font file, or Type 3 glyph procedures."""
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def qr_reach(findings: list[Finding]) -> dict[str, tuple[float, float]]:
    """Per file, the reach of its shortest-reaching code and the distance it is read from (mm)."""
    reach: dict[str, tuple[float, float]] = {}
    for finding in findings:
        if finding.reach_mm is not None:
            reach[finding.file] = min(reach.get(finding.file, finding.reach_mm), finding.reach_mm)
    return reach


def _traced(pages: list[str], entry: dict, facts: dict, add) -> None:
    """Every number of five digits or more on every page is a record's, and every "always
    open" claim is one the manifest lists, about a record whose data is 24/7."""
    known = known_numbers(facts)
    phrases = always_phrases(facts.get("languages") or ["en"])
    strays, unlisted = [], []
    for number, text in enumerate(pages, start=1):
        strays += [(n, number) for n in printed_numbers(text) if n not in known]
        listed = sum(1 for c in entry.get("claims", []) if c["page"] == number)
        printed = count_phrases(text.replace(" | ", " "), phrases)
        if printed > listed:
            unlisted.append((number, printed, listed))
    add("numbers traced", not strays, f"{len(strays)} number(s) no record has, e.g. {strays[0][0]} on page "
        f"{strays[0][1]}" if strays else "every number printed is a record's")
    problems = [why for claim in entry.get("claims", []) if (why := vouches_always(claim["service"], facts))]
    if unlisted:
        page, printed, listed = unlisted[0]
        problems.insert(0, f'page {page} says "always open" {printed} time(s) where the build printed {listed}')
    add("claims traced", not problems, problems[0] if problems else
        f"{len(entry.get('claims', []))} 24/7 claim(s), each backed by its record")


def check_file(folder: Path, entry: dict, facts: dict | None = None) -> list[Finding]:
    name = entry["path"]
    path = folder / name
    findings: list[Finding] = []

    def add(check: str, ok: bool, figure: str) -> None:
        findings.append(Finding(name, check, ok, figure))

    if not path.is_file():
        add("exists", False, "listed in manifest.json but missing")
        return findings
    if path.stat().st_size > MAX_FILE_BYTES:
        add("readable", False, f"{path.stat().st_size / 1e6:.0f} MB, far larger than any pack file; build again")
        return findings
    with ExitStack() as open_files:
        try:
            pdf = open_files.enter_context(pikepdf.open(path))
            document = pdfium.PdfDocument(path)
            open_files.callback(document.close)
        except Exception as exc:   # qpdf and PDFium raise many kinds; any of them means "not this PDF"
            add("readable", False, f"not a readable PDF ({type(exc).__name__}); build again")
            return findings
        _structure(pdf, entry, add)
        layers = [read_text(document[index]) for index in range(len(document))]
        _glyph_checks(layers, entry, add)
        _qr_checks(document, entry, add)
        _street_scans(document, entry, add, findings)
        first_language_first(document, entry, add)
        # Each page's rows as a reader sees them, read once for every number (not once per number).
        pages = [visual_rows(layer) if layer.placed else layer.text for layer in layers]
        for number in entry.get("phone_numbers", []):
            found = any(number_printed(number, text) for text in pages)
            add("number printed", found, number if found else f"{number} not in the text layer")
        if facts is not None and "claims_as_of" in facts:
            _traced(pages, entry, facts, add)
        check_standards(pdf, path, entry, "\n".join(layer.text for layer in layers), add)
    return findings


def _structure(pdf: pikepdf.Pdf, entry: dict, add) -> None:
    """Pages, their sizes and boxes, fonts, print scaling and every object, as qpdf reads them."""
    add("pages", len(pdf.pages) == entry["pages"], f"{len(pdf.pages)} (manifest {entry['pages']})")
    want_w, want_h = entry["sheet_mm"]
    for number, page in enumerate(pdf.pages, start=1):
        left, bottom, right, top = (float(v) for v in page.mediabox)
        w, h = pt_to_mm(right - left), pt_to_mm(top - bottom)
        ok = abs(w - want_w) <= SIZE_TOLERANCE_MM and abs(h - want_h) <= SIZE_TOLERANCE_MM
        add("page size", ok, f"page {number}: {w:.1f} x {h:.1f} mm (manifest {want_w} x {want_h})")
    _page_boxes(pdf, entry, add)
    fonts = _fonts(pdf)
    bare = sorted(font for font, embedded in fonts.items() if not embedded)
    add("fonts embedded", bool(fonts) and not bare,
        f"not embedded: {', '.join(bare)}" if bare else f"{len(fonts)} fonts, all embedded")
    prefs = pdf.Root.get("/ViewerPreferences")
    scaling = prefs.get("/PrintScaling") if prefs is not None else None
    add("print scaling", scaling == "/None", f"PrintScaling {scaling}")
    _positions(entry, add)
    _pdf_objects(pdf, add)


def verify(folder: Path | str, jobs: int = 1) -> list[Finding]:
    """Check every file ``manifest.json`` in ``folder`` lists, in up to ``jobs`` processes.

    A folder that is not a build (no folder, no manifest, a manifest that is not one, or one
    naming files outside the folder) is bad input: DataError, exit code 2.
    """
    return checking(folder, jobs)()


def checking(folder: Path | str, jobs: int = 1) -> Callable[[], list[Finding]]:
    """Start verify on ``folder``; the function returned waits for it and gives the findings,
    file by file in the manifest's order, the same whatever ``jobs`` is.

    With ``jobs`` over 1 the files are checked in that many forked processes, which run while
    the caller goes on (a build draws its previews meanwhile), where forking is possible and
    safe (see :mod:`generator.forking`).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("is not a folder; give the folder a build wrote, e.g. output", file=str(folder))
    recover(folder)           # a build killed while moving its files in: finish its pack first
    facts, files = _manifest(folder / "manifest.json")
    workers = forking.workers(jobs, len(files))
    if workers <= 1:
        return lambda: _gathered([partial(check_file, folder, entry, facts) for entry in files], folder)
    pool = forking.pool(workers)
    futures = [pool.submit(check_file, folder, entry, facts) for entry in files]

    def wait() -> list[Finding]:
        try:
            return _gathered([future.result for future in futures], folder)
        finally:
            pool.shutdown(cancel_futures=True)
    return wait


def _gathered(results: list[Callable[[], list[Finding]]], folder: Path) -> list[Finding]:
    findings: list[Finding] = []
    for number, result in enumerate(results):
        try:
            findings += result()
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataError(f"is not a manifest this version of helpline-pack wrote ({type(exc).__name__}: "
                            f"{str(exc)[:80]}); build the pack again", file=str(folder / "manifest.json"),
                            field=f"files[{number}]") from None
    return findings


def _manifest(path: Path) -> tuple[dict, list[dict]]:
    """The manifest, read once, and its file entries, each naming a plain file in the folder."""
    if not path.is_file():
        raise DataError("does not exist; run build first, or give the folder a build wrote", file=str(path))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"is not valid JSON ({exc.msg}); build the pack again", file=str(path),
                        line=exc.lineno) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read ({exc}); build the pack again", file=str(path)) from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list) or not all(isinstance(entry, dict) for entry in files):
        raise DataError("is not a helpline-pack manifest (no list of files); build the pack again", file=str(path))
    for number, entry in enumerate(files):
        name = entry.get("path")
        if not plain_file_name(name):
            shown = str(name)[:60]
            raise DataError(f'"{shown}" is not a file name in this folder; a manifest only names files beside it',
                            file=str(path), field=f"files[{number}].path")
    return manifest, files
