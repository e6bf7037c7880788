"""Pure geometry and arithmetic: no PDF involved."""

import datetime as dt

import pytest

from generator import qr
from generator.colours import contrast, required_contrast
from generator.drawing import Box, Page, Text
from generator.errors import LayoutError, QRError
from generator.stale import months_between
from generator.text import Style, wrap
from generator.units import mm_to_pt, pt_to_mm

MET = "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"


def test_mm_and_points_round_trip():
    assert mm_to_pt(25.4) == pytest.approx(72.0)
    assert pt_to_mm(mm_to_pt(210.0)) == pytest.approx(210.0)


def test_box_overlap_and_containment():
    a = Box(0, 0, 10, 10)
    assert a.overlaps(Box(9, 9, 5, 5))
    assert not a.overlaps(Box(10, 0, 5, 5))          # touching edges is not overlapping
    assert Box(1, 1, 2, 2).inside(a)
    assert not Box(9, 9, 2, 2).inside(a)


def test_qr_has_quiet_zone_and_refuses_small_modules():
    code = qr.place(MET, 0, 0, 1.0, "poster")
    assert code.quiet_modules == 4
    assert code.box.w == pytest.approx((len(code.modules) + 8) * 1.0)
    with pytest.raises(QRError, match=r"at least 1\.0 mm"):
        qr.place(MET, 0, 0, 0.9, "poster")
    qr.place(MET, 0, 0, 0.4, "sticker")  # hand distance allows smaller modules


def test_long_address_wraps_after_slashes_and_never_overflows():
    style = Style("regular", 12, "#000000")
    lines = wrap("www.met.police.uk/advice/advice-and-information/daa/domestic-abuse", style, 44)
    assert len(lines) > 1
    assert all(style.width(line) <= 44 for line in lines)
    assert "".join(lines) == "www.met.police.uk/advice/advice-and-information/daa/domestic-abuse"


def test_unbreakable_word_too_wide_is_an_error_not_a_clip():
    with pytest.raises(LayoutError, match="shorten it"):
        wrap("0" * 80, Style("bold", 30, "#000000"), 20)


def test_wcag_contrast_figures():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert required_contrast(12, False) == 4.5
    assert required_contrast(14, True) == 3.0


def test_page_check_refuses_text_in_the_edge_band_and_overlaps():
    page = Page(210, 297, 10)
    page.add(Text(5, 20, "too close to the edge", "regular", 14, "#000000", "#FFFFFF"))
    with pytest.raises(LayoutError, match="outside the safe area"):
        page.check("poster", min_pt=12)
    page = Page(210, 297, 10)
    page.add(Text(20, 50, "one", "regular", 14, "#000000", "#FFFFFF"),
             Text(22, 52, "two", "regular", 14, "#000000", "#FFFFFF"))
    with pytest.raises(LayoutError, match="overlaps"):
        page.check("poster", min_pt=12)


def test_page_check_refuses_low_contrast_and_small_text():
    page = Page(210, 297, 10)
    page.add(Text(20, 50, "pale", "regular", 14, "#AAAAAA", "#FFFFFF"))
    with pytest.raises(LayoutError, match="contrast"):
        page.check("poster", min_pt=12)
    page = Page(210, 297, 10)
    page.add(Text(20, 50, "tiny", "regular", 8, "#000000", "#FFFFFF"))
    with pytest.raises(LayoutError, match="under the 12 pt minimum"):
        page.check("poster", min_pt=12)


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2020, 4, 1), dt.date(2021, 4, 1)) == 12
    assert months_between(dt.date(2020, 4, 15), dt.date(2021, 4, 14)) == 11


def test_a_number_one_digit_short_is_not_found_inside_the_full_number():
    from generator.verify import number_printed

    text = "Men's Advice Line 0808 801 0327 For men facing abuse"
    assert number_printed("0808 801 0327", text)
    assert not number_printed("0808 801 032", text)
    assert not number_printed("808 801 0327", text)
    assert number_printed("999", "Call 999 now")
    assert not number_printed("999", "0800 999 5428")
