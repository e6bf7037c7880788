"""Printer profiles and the alignment pages that measure them."""

import pytest
from conftest import run_cli
from pypdf import PdfReader

from generator.calibrate import duplex_pages, label_page
from generator.drawing import Line
from generator.printer import NO_CORRECTION, load_profile
from generator.sheets import builtin_label_sheets


def test_calibrate_writes_a_two_sided_test_and_a_label_sheet_test(tmp_path):
    result = run_cli("calibrate", "--sheet", "L7163", "--out", tmp_path)
    assert result.code == 0, result.err
    assert len(PdfReader(tmp_path / "calibration-duplex.pdf").pages) == 2
    assert len(PdfReader(tmp_path / "calibration-L7163.pdf").pages) == 1
    prefs = PdfReader(tmp_path / "calibration-L7163.pdf").trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"


def test_the_back_rulers_zero_lies_exactly_behind_the_front_lines():
    front, back = duplex_pages(NO_CORRECTION)
    vertical = [i for i in front.items if isinstance(i, Line) and i.x1 == i.x2]
    horizontal = [i for i in front.items if isinstance(i, Line) and i.y1 == i.y2]
    assert len(vertical) == 1 and len(horizontal) == 1
    # Long-edge flip: x mirrors, y stays. The rulers' zero ticks are their longest ticks.
    back_lines = [i for i in back.items if isinstance(i, Line)]
    x_zero = [i for i in back_lines if i.x1 == i.x2 and abs(i.x1 - (front.width - vertical[0].x1)) < 1e-9]
    y_zero = [i for i in back_lines if i.y1 == i.y2 and abs(i.y1 - horizontal[0].y1) < 1e-9]
    assert x_zero and y_zero


def test_label_test_page_outlines_every_label_where_the_sheet_data_says():
    sheet = builtin_label_sheets()["L7160"]
    page = label_page(sheet, NO_CORRECTION)
    outlines = [i.box for i in page.items if type(i).__name__ == "Rect"]
    assert outlines == sheet.grid.slots()


def test_a_profile_is_read_with_its_corrections(tmp_path):
    path = tmp_path / "printer.yaml"
    path.write_text("printer: Office inkjet\noffset_mm: {x: 0.5, y: -1}\nscale: 0.99\n"
                    "back_offset_mm: {x: -1.5, y: 0.25}\n")
    profile = load_profile(path)
    assert (profile.front().dx, profile.front().dy, profile.front().scale) == (0.5, -1.0, 0.99)
    assert (profile.back().dx, profile.back().dy) == pytest.approx((-1.0, -0.75))


@pytest.mark.parametrize("text, expected", [
    ("printer: x\noffset_mm: {x: 20, y: 0}\n", "offset_mm.x: 20 must be a number from -10 to 10"),
    ("printer: x\nscale: 2\n", "scale: 2 must be a number from 0.9 to 1.1"),
    ("printer: x\nback_ofset_mm: {x: 1, y: 0}\n", "did you mean `back_offset_mm`?"),
])
def test_a_bad_profile_is_one_clear_line_and_writes_nothing(tmp_path, text, expected):
    path = tmp_path / "printer.yaml"
    path.write_text(text)
    result = run_cli("build", "--printer", path, "--out", tmp_path / "out")
    assert result.code == 2
    assert expected in result.err and str(path) in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_unknown_label_sheet_for_calibrate_is_refused(tmp_path):
    result = run_cli("calibrate", "--sheet", "L9999", "--out", tmp_path / "out")
    assert result.code == 2 and "L7160" in result.err
    assert not (tmp_path / "out").exists()
