"""Discreet stickers on label sheets (issue 4): sheet data, each label read back from the PDF."""

import json
import math

import london
import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import run_cli
from helpers import build_with_printer, glyphs
from pypdf import PdfReader

from generator.build import build
from generator.drawing import Box
from generator.sheets import builtin_label_sheets
from generator.units import pt_to_mm

AVOID = ("abus", "domestic", "violen", "assault", "rape")
COUNTS = {"L7160": 21, "L7163": 14, "L7651": 65, "6500040": 24}


def _inside_label(box: Box, trim: Box, margin: float, round_label: bool) -> bool:
    if not box.inside(Box(trim.x + margin, trim.y + margin, trim.w - 2 * margin, trim.h - 2 * margin), 0.15):
        return False
    if not round_label:
        return True
    cx, cy, r = trim.x + trim.w / 2, trim.y + trim.h / 2, trim.w / 2 - margin + 0.15
    return all(math.hypot(x - cx, y - cy) <= r for x in (box.x, box.right) for y in (box.y, box.bottom))


@pytest.fixture(scope="module")
def sheets_built(tmp_path_factory):
    """The default L7160 sheet and every other sheet built on request with --sheet."""
    folders = {}
    for code in COUNTS:
        folder = tmp_path_factory.mktemp(f"stickers-{code}")
        build(None, folder, products="sticker", sheet=code)
        folders[code] = folder
    return folders


# -- sheet data ----------------------------------------------------------------------------------
def test_the_catalogue_has_the_sheets_with_their_published_grids_and_aliases():
    sheets = builtin_label_sheets()
    for code, count in COUNTS.items():
        sheet = sheets[code]
        slots = sheet.grid.slots()
        assert len(slots) == count
        assert all(box.inside(Box(0, 0, 210, 297)) for box in slots)
        assert not any(a.overlaps(b) for i, a in enumerate(slots) for b in slots[i + 1:])
    assert sheets["J8160"] is sheets["L7160"] and sheets["J8651"] is sheets["L7651"]
    l7160 = sheets["L7160"].grid
    assert (l7160.left, l7160.top, l7160.pitch_x, l7160.pitch_y) == (7.21, 15.15, 66.04, 38.1)
    assert sheets["6500040"].shape == "round"


NEW_SHEET = """\
extends: london
label_sheets:
  - code: OFFICE-99
    maker: Office Supplies Ltd
    description: 8 labels, 99 x 67 mm
    paper: A4
    shape: rectangle
    width_mm: 99
    height_mm: 67
    corner_radius_mm: 2
    columns: 2
    rows: 4
    left_mm: 5
    top_mm: 14.5
    pitch_x_mm: 101
    pitch_y_mm: 67
    safe_margin_mm: 2
    source: project-notes-2026
products:
  poster: null
  wallet_card: null
  sticker:
    sheet: OFFICE-99
"""


def test_a_pack_can_add_a_label_sheet_without_code(write_pack, tmp_path):
    pack = write_pack(NEW_SHEET)
    assert run_cli("build", "--config", pack, "--out", tmp_path / "out").code == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    entry = manifest["files"][0]
    assert entry["path"] == "stickers-OFFICE-99.pdf" and len(entry["items"]) == 8
    assert entry["items"][0]["trim_mm"] == [5.0, round(297 - 14.5 - 67, 2), 99.0, 67.0]


@pytest.mark.parametrize("change, fragments", [
    ("pitch_x_mm: 101", ("pitch_x_mm: 90", "overlap by 9.00 mm across")),
    ("left_mm: 5", ("left_mm: 15", "run 5.00 mm past the right edge")),
    ("rows: 4", ("rows: 5", "run 52.50 mm past the bottom edge")),
])
def test_bad_sheet_geometry_is_refused_with_the_amount(write_pack, tmp_path, change, fragments):
    pack = write_pack(NEW_SHEET.replace(change, fragments[0]))
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 2 and fragments[1] in result.err, result.err
    assert "label_sheets[0]" in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


# -- the default build and every sheet on request ------------------------------------------------
def test_the_default_build_writes_21_discreet_stickers_on_l7160(default_build):
    entry = next(f for f in default_build.manifest["files"] if f["product"] == "sticker")
    assert entry["path"] == "stickers-L7160.pdf" and entry["label_sheet"] == "Avery L7160"
    assert entry["wording"] == "discreet" and len(entry["items"]) == 21
    page = PdfReader(default_build.file(entry["path"])).pages[0]
    assert (round(pt_to_mm(float(page.mediabox.width)), 1), round(pt_to_mm(float(page.mediabox.height)), 1)) == (210, 297)


@pytest.mark.parametrize("code", sorted(COUNTS))
def test_every_label_sits_where_the_sheet_data_says(sheets_built, code):
    sheet = builtin_label_sheets()[code]
    manifest = json.loads((sheets_built[code] / "manifest.json").read_text())
    entry = manifest["files"][0]
    expected = [[round(b.x, 2), round(297 - b.bottom, 2), round(b.w, 2), round(b.h, 2)] for b in sheet.grid.slots()]
    assert [item["trim_mm"] for item in entry["items"]] == expected


@pytest.mark.parametrize("code", sorted(COUNTS))
def test_every_glyph_stays_inside_its_labels_safe_area_and_every_label_has_the_number(sheets_built, code,
                                                                                       default_pack):
    sheet = builtin_label_sheets()[code]
    drawn, text = glyphs(sheets_built[code] / f"stickers-{sheet.code}.pdf")
    slots = sheet.grid.slots()
    per_label = dict.fromkeys(range(len(slots)), "")
    for char, box in drawn:
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        home = [i for i, t in enumerate(slots) if t.x <= cx <= t.right and t.y <= cy <= t.bottom]
        if home:
            assert _inside_label(box, slots[home[0]], sheet.safe_margin, sheet.shape == "round"), (char, box)
            per_label[home[0]] += char
        else:   # the print note: off every label
            assert not any(box.overlaps(t) for t in slots), (char, box)
    for index, label_text in per_label.items():   # each label, on its own, carries the number
        assert london.FEATURED.replace(" ", "") in label_text, (index, label_text)
    assert text.count(london.FEATURED) == COUNTS[code]
    assert "Print at 100% / actual size" in text
    for stem in AVOID:
        assert stem not in text.lower(), stem


@pytest.mark.parametrize("code", sorted(COUNTS))
def test_qr_codes_decode_where_the_label_has_room_for_one(sheets_built, code, default_pack):
    manifest = json.loads((sheets_built[code] / "manifest.json").read_text())
    entry = manifest["files"][0]
    document = pdfium.PdfDocument(sheets_built[code] / entry["path"])
    try:
        image = document[0].render(scale=400 / 72).to_pil()
    finally:
        document.close()
    decoded = [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert len(decoded) == len(entry["qr_codes"])
    assert set(decoded) <= {london.QR_LINKS[0]}
    for code_entry in entry["qr_codes"]:
        assert code_entry["module_mm"] >= 0.4 and code_entry["quiet_zone_modules"] == 4
    # Labels big enough carry the code; the 38 x 21 mm and round 40 mm labels do not.
    assert bool(decoded) == (code in ("L7160", "L7163"))


def test_a_part_used_sheet_starts_at_the_given_label(write_pack, tmp_path):
    pack = write_pack("extends: london\nproducts:\n  poster: null\n  wallet_card: null\n"
                      "  sticker:\n    start_at: 5\n    count: 3\n")
    assert run_cli("build", "--config", pack, "--out", tmp_path / "out").code == 0
    entry = json.loads((tmp_path / "out" / "manifest.json").read_text())["files"][0]
    assert [item["index"] for item in entry["items"]] == [4, 5, 6]
    _, text = glyphs(tmp_path / "out" / entry["path"])
    assert text.count("0808 2000 247") == 3


def test_explicit_wording_says_what_the_number_is_for(write_pack, tmp_path):
    pack = write_pack("extends: london\nproducts:\n  sticker:\n    wording: explicit\n")
    assert run_cli("build", "--config", pack, "--products", "sticker", "--out", tmp_path / "out").code == 0
    _, text = glyphs(tmp_path / "out" / "stickers-L7160.pdf")
    assert "Domestic abuse?" in text


@pytest.mark.parametrize("sticker, fragments", [
    ("    start_at: 20\n    count: 5\n", ("products.sticker.count", "only 2 of 21 are left")),
    ("    sheet: L7999\n", ("products.sticker.sheet", '"L7999"', "L7160")),
    ("    wording: loud\n", ("products.sticker.wording", '"loud"')),
])
def test_bad_sticker_options_are_one_clear_line(write_pack, tmp_path, sticker, fragments):
    pack = write_pack("extends: london\nproducts:\n  sticker:\n" + sticker)
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    for fragment in fragments:
        assert fragment in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_the_printer_profile_shifts_and_scales_the_whole_sheet(sheets_built, tmp_path):
    out = build_with_printer(tmp_path, "printer: Back office\noffset_mm: {x: 1.0, y: -0.5}\nscale: 0.99\n",
                             "sticker")
    before, _ = glyphs(sheets_built["L7160"] / "stickers-L7160.pdf")
    after, _ = glyphs(out / "stickers-L7160.pdf")
    for (_, a), (_, b) in zip(before, after, strict=True):
        assert b.x == pytest.approx(a.x * 0.99 + 1.0, abs=0.03)
        assert b.y == pytest.approx(a.y * 0.99 - 0.5, abs=0.03)
