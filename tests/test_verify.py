"""verify fails on purpose-broken PDFs, and build's own preflight, previews and print guide.

Each broken PDF is made by a fault put into one stage of the build (a renderer that draws the
wrong code, a layout that loses a digit), after the layout's own checks: exactly the kind of
bug verify exists to catch, since it reads the PDF back without trusting how it was drawn.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image as PILImage

from generator import impose, poster, qr, render, wallet_card
from generator.build import build
from generator.drawing import Box, Rect, Text, transformed
from generator.products import poster as poster_product
from generator.verify import verify
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
MET = "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"


def _failed(tmp_path, products: str) -> set[tuple[str, str]]:
    out = tmp_path / "out"
    build(None, out, products=products, verify=False)
    return {(f.file, f.check) for f in verify(out) if not f.ok}


def _poster_with(monkeypatch, change):
    """The real A4 poster layout, then ``change(page)`` applied to it."""
    real = poster.layout

    def broken(pack):
        page = real(pack)
        change(page)
        return page
    monkeypatch.setattr(poster, "layout", broken)


def test_a_qr_code_with_the_wrong_address_fails(monkeypatch, tmp_path):
    wrong = qr.symbol("https://example.org/not-the-police")
    monkeypatch.setattr(qr, "symbol", lambda url, level="M": wrong)
    failed = _failed(tmp_path, "poster")
    assert ("poster-A4.pdf", "qr decodes") in failed
    assert ("poster-A4.pdf", "qr unexpected") in failed


def test_a_qr_code_that_decodes_but_is_too_small_for_its_distance_fails_the_module_and_photo_checks(
        monkeypatch, tmp_path):
    real = render._draw_qr

    def shrunk(canvas, code, page_height, forms):
        # Shrink about the code's own centre, so it stays where the manifest puts it.
        box = code.box
        cx, cy = render.mm_to_pt(box.x + box.w / 2), render.mm_to_pt(page_height - box.y - box.h / 2)
        canvas.saveState()
        canvas.translate(cx, cy)
        canvas.scale(0.45, 0.45)
        canvas.translate(-cx, -cy)
        real(canvas, code, page_height, forms)
        canvas.restoreState()
    monkeypatch.setattr(render, "_draw_qr", shrunk)
    failed = _failed(tmp_path, "poster")
    assert ("poster-A4.pdf", "qr module size") in failed
    assert ("poster-A4.pdf", "qr street scan") in failed


def test_a_number_missing_a_digit_fails(monkeypatch, tmp_path):
    def drop_digit(page):
        for index, item in enumerate(page.items):
            if isinstance(item, Text) and item.text == "0808 2000 247":
                page.items[index] = replace(item, text="0808 2000 24")
    _poster_with(monkeypatch, drop_digit)
    out = tmp_path / "out"
    build(None, out, products="poster", verify=False)
    missing = [f for f in verify(out) if not f.ok and f.check == "number printed"]
    assert [f.figure for f in missing] == ["0808 2000 247 not in the text layer"] * 2   # A4 and A3


def test_text_pushed_off_a_card_fails(monkeypatch, tmp_path):
    real = wallet_card.layout

    def pushed(pack, card):
        front, back = real(pack, card)
        index = next(i for i, item in enumerate(front.items) if isinstance(item, Text) and item.role == "phone")
        front.items[index] = transformed(front.items[index], dx=30.0)   # past the card's right edge
        return front, back
    monkeypatch.setattr(wallet_card, "layout", pushed)
    failed = _failed(tmp_path, "wallet-card")
    assert ("wallet-card-print-shop.pdf", "safe area") in failed
    assert ("wallet-cards-A4.pdf", "safe area") in failed


def test_an_unembedded_font_fails(monkeypatch, tmp_path):
    # A renderer that sets text in the PDF's standard Helvetica, which is named, not embedded.
    monkeypatch.setattr(render, "face", lambda *key: SimpleNamespace(name="Helvetica"))
    failed = _failed(tmp_path, "poster")
    assert ("poster-A4.pdf", "fonts embedded") in failed


def test_overlapping_lines_and_small_type_fail(monkeypatch, tmp_path):
    # Made after the layout's own page checks (which refuse both), just before drawing.
    real = poster_product.render

    def crowded(pages, info):
        page = pages[0]
        if page.width == 210.0:
            # A copy: the A3 poster is scaled from this same A4 page after it is drawn.
            items = list(page.items)
            texts = [i for i, item in enumerate(items) if isinstance(item, Text) and item.role == "service-name"]
            first, second = items[texts[0]], items[texts[1]]
            items[texts[1]] = replace(second, baseline=first.baseline + 1.0, x=first.x)
            items[texts[2]] = replace(items[texts[2]], size=9.0)
            pages = [replace(page, items=items)]
        return real(pages, info)
    monkeypatch.setattr(poster_product, "render", crowded)
    failed = _failed(tmp_path, "poster")
    assert ("poster-A4.pdf", "text overlap") in failed
    assert ("poster-A4.pdf", "type size") in failed


def test_ink_in_a_quiet_zone_fails(monkeypatch, tmp_path):
    def ink(page):
        code = page.qr_codes()[0]
        page.items.append(Rect(Box(code.box.x + 0.5, code.box.y + 0.5, 2.0, 2.0), fill="#000000"))
    _poster_with(monkeypatch, ink)
    failed = _failed(tmp_path, "poster")
    assert ("poster-A4.pdf", "qr quiet zone") in failed


def test_a_trim_box_that_does_not_match_the_manifest_fails(monkeypatch, tmp_path):
    real = impose.with_bleed

    def off(piece, bleed, background):
        page = real(piece, bleed, background)
        return replace(page, trim=Box(page.trim.x + 1.0, page.trim.y, page.trim.w, page.trim.h))
    monkeypatch.setattr(impose, "with_bleed", off)
    out = tmp_path / "out"
    build(None, out, products="wallet-card", verify=False)
    # The manifest follows the (wrong) trim, so compare with the card stock instead.
    manifest = json.loads((out / "manifest.json").read_text())
    shop = next(f for f in manifest["files"] if f["path"] == "wallet-card-print-shop.pdf")
    shop["items"][0]["trim_mm"] = [3.0, 3.0, 85.6, 53.98]
    (out / "manifest.json").write_text(json.dumps(manifest))
    failed = {(f.file, f.check) for f in verify(out) if not f.ok}
    assert ("wallet-card-print-shop.pdf", "page boxes") in failed


def test_stickers_moved_off_their_labels_fail(tmp_path):
    out = tmp_path / "out"
    build(None, out, products="sticker", verify=False)
    manifest = json.loads((out / "manifest.json").read_text())
    stickers = manifest["files"][0]
    stickers["items"][4]["trim_mm"][0] += 2.0     # the manifest no longer matches the Avery sheet
    (out / "manifest.json").write_text(json.dumps(manifest))
    failed = {(f.check, f.figure) for f in verify(out) if not f.ok}
    assert ("item positions", "21 pieces, at most 2.00 mm from the stock's data") in failed


def test_build_runs_verify_and_exits_1_on_a_broken_pdf(monkeypatch, tmp_path):
    monkeypatch.setattr(render, "face", lambda *key: SimpleNamespace(name="Helvetica"))
    out = tmp_path / "out"
    result = run_cli("build", "--out", out, "--products", "poster")
    assert result.code == 1
    assert "fonts embedded" in result.out and "Do not print these files" in result.out
    guide = (out / "PRINTING.txt").read_text()
    assert "failed" in guide and ", 0 failed" not in guide
    assert run_cli("build", "--out", out, "--products", "poster", "--no-verify").code == 0
    assert "Not checked after building" in (out / "PRINTING.txt").read_text()


def test_verify_json_for_machines(default_build):
    result = run_cli("verify", default_build.folder, "--json")
    assert result.code == 0
    report = json.loads(result.out)
    assert report["failed"] == 0 and report["passed"] == len(report["findings"]) > 100
    checks = {f["check"] for f in report["findings"]}
    assert {"qr street scan", "qr quiet zone", "safe area", "text overlap", "type size", "page boxes",
            "item positions", "number printed", "fonts embedded"} <= checks


def test_previews_proof_sheet_and_print_guide(default_build):
    folder, manifest = default_build.folder, default_build.manifest
    previews = folder / "previews"
    for entry in manifest["files"]:
        stem = entry["path"].removesuffix(".pdf")
        for number in range(1, entry["pages"] + 1):
            with PILImage.open(previews / f"{stem}-{number}.png") as image:
                w_mm, h_mm = entry["sheet_mm"]
                # 96 dpi, the page's own proportions.
                assert image.size == (pytest.approx(w_mm / 25.4 * 96, abs=1), pytest.approx(h_mm / 25.4 * 96, abs=1))
    with PILImage.open(previews / "proof.png") as proof:
        assert proof.width > 1500 and proof.height > 1000
    guide = " ".join((folder / "PRINTING.txt").read_text().split())
    for expected in ("100%", "flip on long edge", "Avery L7160 labels (or J8160", "toilet doors",
                     "large-print-A4.pdf", "Checked after building", ", 0 failed."):
        assert expected in guide, expected
    for entry in manifest["files"]:
        assert entry["path"] in guide


TWO_PROCESSES = """
import dataclasses, json, sys
from generator import forking
from generator.verify import verify
print(json.dumps({"forked": forking.workers(2, 6),
                  "findings": [dataclasses.astuple(f) for f in verify(sys.argv[1], jobs=2)]}))
"""


def test_verify_in_two_processes_finds_what_one_finds_in_the_same_order(default_build):
    # In a process of its own: the suite's may be running threads (servers), where nothing is forked.
    result = subprocess.run([sys.executable, "-c", TWO_PROCESSES, str(default_build.folder)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    two = json.loads(result.stdout)
    assert two["forked"] == 2
    one = [list(dataclasses.astuple(f)) for f in verify(default_build.folder)]
    assert two["findings"] == json.loads(json.dumps(one))
    assert [f[0] for f in two["findings"] if f[1] == "pages"] == [e["path"] for e in default_build.manifest["files"]]


def test_type_drawn_through_a_shrinking_transform_is_measured_as_it_prints(monkeypatch, tmp_path):
    # Each line drawn at 80 % through the canvas's matrix, its font size unchanged: 12 pt
    # poster type prints at 9.6 pt, and verify must read the size as printed, not as set.
    real = render._draw_text

    def shrunk(canvas, text, page, *args):
        canvas.saveState()
        canvas.scale(0.8, 0.8)
        real(canvas, text, page, *args)
        canvas.restoreState()
    monkeypatch.setattr(render, "_draw_text", shrunk)
    out = tmp_path / "out"
    build(None, out, products="poster", verify=False, previews=False)
    (finding,) = [f for f in verify(out) if f.check == "type size" and f.file == "poster-A4.pdf"]
    assert not finding.ok
    assert finding.figure.startswith("smallest 9.6 pt")
