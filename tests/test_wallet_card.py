"""Wallet cards (issue 3): the office duplex sheet and the print shop's card, read back like a user.

Geometry first (no PDF), then the default build rendered, decoded and read from its text
layer, then the discreet and coloured variants and the printer's back-side correction.
"""

import json
from pathlib import Path

import london
import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import run_cli
from helpers import assert_golden, build_with_printer, dump_page, glyphs
from pypdf import PdfReader

from generator import impose, wallet_card
from generator.build import build
from generator.drawing import Box
from generator.sheets import load_cards
from generator.units import pt_to_mm
from generator.verify import TextLayer, number_printed, verify

GOLDEN = Path(__file__).parent / "golden"
OFFICE, SHOP = "wallet-cards-A4.pdf", "wallet-card-print-shop.pdf"
CARD_W, CARD_H, SAFE, BLEED = 85.6, 53.98, 4.0, 3.0   # data/cards.yaml: text 4 mm inside the trim
AVOID = ("abus", "domestic", "violen", "assault", "rape")


def _entry(built, name: str) -> dict:
    return next(f for f in built.manifest["files"] if f["path"] == name)


def _trims(entry: dict, page: int, sheet_h: float) -> list[Box]:
    """Trim boxes from the manifest (bottom-left origin) as top-left Boxes in mm."""
    return [Box(x, sheet_h - y - h, w, h) for item in entry["items"] if item["page"] == page
            for x, y, w, h in [item["trim_mm"]]]


def _text(path: Path, page_index: int) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return document[page_index].get_textpage().get_text_range()
    finally:
        document.close()


# -- geometry, no PDF ----------------------------------------------------------------------------
def test_ten_cards_fit_a4_exactly_centred_and_apart():
    card, impositions = load_cards()
    assert (card.width, card.height) == (CARD_W, CARD_H)
    grid = impositions["a4-10up"].grid
    slots = grid.slots()
    assert len(slots) == 10
    for box in slots:
        assert (round(box.w, 2), round(box.h, 2)) == (CARD_W, CARD_H)
        assert box.inside(Box(0, 0, 210, 297))
    assert slots[0].x == pytest.approx(210 - slots[1].right)          # centred across
    assert slots[0].y == pytest.approx(297 - slots[-1].bottom)        # and down
    assert not any(a.overlaps(b) for i, a in enumerate(slots) for b in slots[i + 1:])


def test_the_back_of_each_card_is_in_the_mirrored_column():
    _, impositions = load_cards()
    grid = impositions["a4-10up"].grid
    slots = grid.slots()
    for index, front in enumerate(slots):
        row, column = divmod(index, grid.columns)
        back = impose.mirrored(front, 210.0)
        partner = slots[row * grid.columns + (grid.columns - 1 - column)]
        assert (round(back.x, 6), round(back.y, 6)) == (round(partner.x, 6), round(partner.y, 6))
        # Turned over on the long edge, the back's left edge lies under the front's right edge.
        assert back.x == pytest.approx(210.0 - front.right)


@pytest.mark.parametrize("imposition_id", ["a4-10up", "a4-8up-bleed"])
def test_crop_marks_mark_every_cut_and_never_touch_a_card_or_its_bleed(imposition_id):
    _, impositions = load_cards()
    imposition = impositions[imposition_id]
    trims, bleed = imposition.grid.slots(), imposition.bleed
    marks = impose.crop_marks(trims, bleed, 210.0, 297.0)
    keep_out = [Box(t.x - bleed, t.y - bleed, t.w + 2 * bleed, t.h + 2 * bleed) for t in trims]
    for mark in marks:
        assert mark.box.inside(Box(0, 0, 210, 297))
        assert not any(mark.box.overlaps(box, tolerance=0.0) for box in keep_out), mark
        assert mark.box.w >= 1.0 or mark.box.h >= 1.0
    for t in trims:
        for x in (t.x, t.right):   # each vertical cut has a mark on its line, above or below
            assert any(m.x1 == m.x2 and abs(m.x1 - x) < 0.01 and (m.y2 <= t.y or m.y1 >= t.bottom) for m in marks)
        for y in (t.y, t.bottom):
            assert any(m.y1 == m.y2 and abs(m.y1 - y) < 0.01 and (m.x2 <= t.x or m.x1 >= t.right) for m in marks)


def test_card_layout_matches_the_golden_dumps(default_pack):
    card, _ = load_cards()
    front, back = wallet_card.layout(default_pack, card)
    assert_golden(GOLDEN / "wallet-card-front.txt", dump_page(front))
    assert_golden(GOLDEN / "wallet-card-back.txt", dump_page(back))


def test_a_number_beside_a_row_that_ends_in_digits_is_found_only_when_clearly_apart():
    text = "Older people · 24/7 0808 808 8141"
    start = text.index("0808")
    boxes = [(i * 2.0, 0.0, i * 2.0 + 2.0, 3.0) for i in range(len(text))]   # loose boxes abut
    far = list(boxes)
    far[start:] = [(b[0] + 40, b[1], b[2] + 40, b[3]) for b in boxes[start:]]
    assert not number_printed("0808 808 8141", _placed(text, boxes))   # reads as one long number
    assert number_printed("0808 808 8141", _placed(text, far))         # a column apart on paper
    near = list(boxes)
    near[start:] = [(b[0] + 1.0, b[1], b[2] + 1.0, b[3]) for b in boxes[start:]]
    assert not number_printed("0808 808 8141", _placed(text, near))    # a third of a height: one space
    apart = list(boxes)
    apart[start:] = [(b[0] + 2.0, b[1], b[2] + 2.0, b[3]) for b in boxes[start:]]
    assert number_printed("0808 808 8141", _placed(text, apart))       # two thirds: clearly apart


def test_a_number_is_read_in_the_order_it_lands_on_paper_not_the_pdfs_order():
    """Issue 7: the PDF may store "0808 2000 247" in order and still draw its groups
    right to left; what counts is the order on paper."""
    logical = "0808 2000 247"
    on_paper = {0: 9, 1: 10, 2: 11, 3: 12, 4: 8, 5: 4, 6: 5, 7: 6, 8: 7, 9: 3, 10: 0, 11: 1, 12: 2}
    drawn = [(on_paper[i] * 2.0, 0.0, on_paper[i] * 2.0 + 2.0, 3.0) for i in range(len(logical))]
    assert not number_printed(logical, _placed(logical, drawn))
    assert number_printed("247 2000 0808", _placed(logical, drawn))


def _placed(text, boxes):
    return TextLayer(text, None, placed=tuple(zip(text, boxes, strict=True)))


# -- the default build ---------------------------------------------------------------------------
def test_the_default_build_writes_both_card_files_with_sides_in_the_manifest(default_build, default_pack):
    office = _entry(default_build, OFFICE)
    assert office["product"] == "wallet-card" and office["pages"] == 2
    assert office["imposition"] == "a4-10up" and office["cards_per_sheet"] == 10
    assert office["duplex"] == "long-edge" and office["bleed_mm"] == 0
    sides = [(item["page"], item["side"]) for item in office["items"]]
    assert sides == [(1, "front")] * 10 + [(2, "back")] * 10
    for item in office["items"]:
        assert item["trim_mm"][2:] == [CARD_W, CARD_H]
    shop = _entry(default_build, SHOP)
    # 3 mm bleed, then the crop marks (1 mm clear of the bleed, 3 mm long) and 0.5 mm of paper.
    assert shop["sheet_mm"] == [pytest.approx(CARD_W + 15), pytest.approx(CARD_H + 15)]
    assert [(i["page"], i["side"], i["trim_mm"]) for i in shop["items"]] == [
        (1, "front", [7.5, 7.5, CARD_W, CARD_H]), (2, "back", [7.5, 7.5, CARD_W, CARD_H])]
    assert office["phone_numbers"] == ["999", *london.EVERY_NUMBER]


def test_pages_trim_and_bleed_boxes_are_exact(default_build):
    for page in PdfReader(default_build.file(OFFICE)).pages:
        assert pt_to_mm(float(page.mediabox.width)) == pytest.approx(210, abs=0.05)
        assert pt_to_mm(float(page.mediabox.height)) == pytest.approx(297, abs=0.05)
    for page in PdfReader(default_build.file(SHOP)).pages:
        media = [pt_to_mm(float(v)) for v in page.mediabox]
        assert media == pytest.approx([0, 0, 100.6, 68.98], abs=0.05)
        assert [pt_to_mm(float(v)) for v in page.trimbox] == pytest.approx([7.5, 7.5, 93.1, 61.48], abs=0.05)
        # The bleed is 3 mm round the trim; the crop marks lie outside it.
        assert [pt_to_mm(float(v)) for v in page.bleedbox] == pytest.approx([4.5, 4.5, 96.1, 64.48], abs=0.05)


@pytest.mark.parametrize("name", [OFFICE, SHOP])
def test_every_glyph_lies_inside_its_cards_safe_area(default_build, name):
    entry = _entry(default_build, name)
    _, sheet_h = entry["sheet_mm"]
    for page in range(entry["pages"]):
        trims = _trims(entry, page + 1, sheet_h)
        drawn, _ = glyphs(default_build.file(name), page)
        assert drawn
        for char, box in drawn:
            centre_x, centre_y = box.x + box.w / 2, box.y + box.h / 2
            home = [t for t in trims if t.x <= centre_x <= t.right and t.y <= centre_y <= t.bottom]
            if home:
                safe = Box(home[0].x + SAFE, home[0].y + SAFE, CARD_W - 2 * SAFE, CARD_H - 2 * SAFE)
                assert box.inside(safe, tolerance=0.15), (char, box, home[0])
            else:   # the sheet's margin note: clear of every card
                assert not any(box.overlaps(t) for t in trims), (char, box)


def test_every_qr_code_on_the_back_sheet_decodes_to_the_police_page(default_build, default_pack):
    entry = _entry(default_build, OFFICE)
    codes = [q for q in entry["qr_codes"] if q["page"] == 2]
    assert len(codes) == 10
    for code in codes:
        assert code["module_mm"] >= 0.4
        assert code["modules"] * code["module_mm"] >= 15.0        # the symbol at least 15 mm wide
        assert code["quiet_zone_modules"] == 4
    document = pdfium.PdfDocument(default_build.file(OFFICE))
    try:
        image = document[1].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    decoded = [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert decoded == [london.QR_LINKS[0]] * 10


def test_every_number_is_on_every_card(default_build, default_pack):
    fronts, backs = _text(default_build.file(OFFICE), 0), _text(default_build.file(OFFICE), 1)
    assert fronts.count(london.FEATURED) == 10
    assert fronts.count(f"Call {london.EMERGENCY}") == 10
    assert fronts.count(f"press {london.PRESS}") == 10
    for service in (*default_pack.wallet_card.listed, default_pack.anonymous):
        assert backs.count(service.phone.print) == 10, service.id


def test_verify_passes_on_the_card_files(default_build):
    failed = [str(f) for f in verify(default_build.folder) if not f.ok]
    assert not failed


# -- variants ------------------------------------------------------------------------------------
DISCREET = """\
extends: london
products:
  poster: null
  wallet_card:
    front: discreet
colours:
  background: "#FFF8E7"
"""


@pytest.fixture(scope="module")
def discreet_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discreet")
    (folder / "pack.yaml").write_text(DISCREET)
    build(folder / "pack.yaml", folder / "out")
    return folder / "out"


def test_the_discreet_card_never_mentions_abuse_and_keeps_every_number(discreet_build, default_pack):
    for path in (discreet_build / OFFICE, discreet_build / SHOP):
        front, back = _text(path, 0).lower(), _text(path, 1).lower()
        for stem in AVOID:
            assert stem not in front, stem
            assert stem not in back, stem
        assert "useful numbers" in front
        assert london.FEATURED in front and "999" in front
        for service in (*default_pack.wallet_card.listed, default_pack.anonymous):
            assert service.phone.print in back


def test_a_coloured_background_gets_eight_cards_with_bleed(discreet_build):
    manifest = json.loads((discreet_build / "manifest.json").read_text())
    office = next(f for f in manifest["files"] if f["path"] == OFFICE)
    assert (office["imposition"], office["cards_per_sheet"], office["bleed_mm"]) == ("a4-8up-bleed", 8, 3.0)
    x, y_bottom, _, h = office["items"][0]["trim_mm"]
    dpi = 200
    document = pdfium.PdfDocument(discreet_build / OFFICE)
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()

    def pixel(mm_x: float, mm_y_top: float):
        return image.getpixel((round(mm_x / 25.4 * dpi), round(mm_y_top / 25.4 * dpi)))

    top = 297 - y_bottom - h
    assert pixel(x - 1.5, top + h / 2) == (255, 248, 231)     # the bleed, 1.5 mm outside the trim
    assert pixel(x - 3.5, top + h / 2) == (255, 255, 255)     # past the bleed: white paper
    assert all(f.ok for f in verify(discreet_build))


def test_a_discreet_card_refuses_a_service_whose_name_says_abuse(write_pack, tmp_path):
    pack = write_pack(DISCREET.replace("products:", """services:
  listed:
    - id: riverside-da-service
      name: Riverside Domestic Abuse Service
      phone: "020 7946 0000"
      free: false
      hours: unconfirmed
      for: Riverside residents
      description: Local advocates.
      website: https://example.org/
      source: project-notes-2026
      checked_on: 2026-11
products:"""))
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 2
    assert '"Domestic"' in result.err and "products.wallet_card.front" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_too_many_helplines_for_a_card_fail_and_say_which_to_drop(write_pack, tmp_path):
    pack = write_pack("extends: london\nproducts:\n  poster: null\nservices:\n  listed: [respect-phoneline, "
                      "mens-advice-line, karma-nirvana, hourglass, galop, childline, national-domestic-abuse-helpline, "
                      "{id: riverside-outreach, name: Riverside Outreach, phone: \"020 7946 0999\", free: false, "
                      "hours: unconfirmed, for: anyone in Riverside, description: Outreach., "
                      "website: \"https://example.org/\", source: rang them 2026-11, checked_on: 2026-11}]\n"
                      "  featured: crimestoppers\n  anonymous: null\n")
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 2
    assert "too tall at 7 pt" in result.err and "drop `riverside-outreach`" in result.err
    assert not (tmp_path / "out").exists()


def test_the_printer_profile_moves_the_backs_and_leaves_the_fronts(default_build, tmp_path):
    out = build_with_printer(tmp_path, "printer: Reception laser\nback_offset_mm: {x: 2.0, y: -1.5}\n",
                             "wallet-card")
    shifted = out / OFFICE
    before_front, after_front = glyphs(default_build.file(OFFICE), 0)[0], glyphs(shifted, 0)[0]
    assert [b.x for _, b in before_front] == pytest.approx([b.x for _, b in after_front], abs=0.01)
    before, after = glyphs(default_build.file(OFFICE), 1)[0], glyphs(shifted, 1)[0]
    assert len(before) == len(after)
    for (_, a), (_, b) in zip(before, after, strict=True):
        assert (b.x - a.x, b.y - a.y) == pytest.approx((2.0, -1.5), abs=0.02)
    manifest = json.loads((out / "manifest.json").read_text())
    office = next(f for f in manifest["files"] if f["path"] == OFFICE)
    assert office["printer"] == {"name": "Reception laser", "offset_mm": [0.0, 0.0], "scale": 1.0,
                                 "back_offset_mm": [2.0, -1.5]}
