"""Issue 19: bilingual posters and wallet cards that hold every sentence in both languages,
Welsh first and no less prominent than English (the Welsh Language Standards), checked before
anything is drawn and again by verify in the PDF."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from generator import bilingual, first_language
from generator.build import build
from generator.drawing import Page, Text
from generator.errors import LayoutError, PackError
from generator.pack import load_pack
from generator.render import DocumentInfo, render
from generator.wording import what_to_shorten

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "welsh-bilingual" / "pack.yaml"
PDFS = ("poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf", "wallet-card-print-shop.pdf",
        "stickers-L7163.pdf", "large-print-A4.pdf")
# Twins as the strings files write them (data/strings/cy.yaml and en.yaml).
HEADLINE = ("Dydych chi ddim yn unig", "You are not alone")
EMERGENCY = ("Mewn perygl nawr? Ffoniwch 999", "In danger now? Call 999")
# The example's own facts (examples/welsh-bilingual/pack.yaml and data/services.yaml).
LIVE_FEAR_FREE = "0808 80 10 800"
LOCAL = "029 2018 0123"


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("welsh") / "out"
    result = build(EXAMPLE, out, previews=False)
    assert not result.failed, [str(f) for f in result.failed]
    return out


def _chars(path: Path, page: int = 0) -> tuple[str, object]:
    document = pdfium.PdfDocument(path)
    textpage = document[page].get_textpage()
    return textpage.get_text_range(0, textpage.count_chars()), textpage


def _facts(textpage, index: int) -> tuple[float, float, float]:
    """Font size, and the glyph's left edge and top (pt), of character ``index``."""
    size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, index)
    left, _, _, top = textpage.get_charbox(index)
    return round(size, 2), left, top


def test_the_welsh_surgery_pack_builds_every_product_and_verify_checks_welsh_first(welsh):
    """Done when: extends wales, [cy, en], a practice name, a contact line, a local service and
    two listed helplines build both posters, both card files, stickers and large print."""
    manifest = json.loads((welsh / "manifest.json").read_text())
    assert sorted(f["path"] for f in manifest["files"]) == sorted(PDFS)
    from generator.verify import verify

    findings = verify(welsh)
    assert not [str(f) for f in findings if not f.ok]
    checked = {f.file for f in findings if f.check == "first language" and f.ok}
    assert checked == set(PDFS)
    for entry in manifest["files"]:
        assert entry["twins"], entry["path"]


def test_on_the_poster_welsh_is_left_of_english_at_the_same_size(welsh):
    for name in ("poster-A4.pdf", "poster-A3.pdf"):
        text, textpage = _chars(welsh / name)
        for cy, en in (HEADLINE, EMERGENCY):
            at_cy, at_en = text.index(cy), text.index(en)
            assert at_cy < at_en, (name, cy)
            (size_cy, left_cy, top_cy), (size_en, left_en, top_en) = _facts(textpage, at_cy), _facts(textpage, at_en)
            assert size_cy == size_en, (name, cy, size_cy, size_en)
            assert left_cy < left_en and abs(top_cy - top_en) < 2.0, (name, cy)


def test_the_card_gives_both_languages_every_sentence_on_each_side(welsh):
    front, textpage = _chars(welsh / "wallet-card-print-shop.pdf", 0)
    assert front.count(LIVE_FEAR_FREE) == 1          # the number once, for both languages
    assert front.index(HEADLINE[0]) < front.index(HEADLINE[1])
    assert _facts(textpage, front.index(HEADLINE[0]))[0] == _facts(textpage, front.index(HEADLINE[1]))[0]
    back, _ = _chars(welsh / "wallet-card-print-shop.pdf", 1)
    # Both listed helplines, each said who it is for in Welsh then English (strings files).
    for number in ("0808 802 4040", "0808 801 0327"):
        assert back.count(number) == 1
    assert back.index("Poeni am eich") < back.index("Worried about your")
    assert "Gall galwadau ymddangos" in back and "Calls can show" in back


def test_names_numbers_and_codes_print_once_on_the_bilingual_poster(welsh):
    text, _ = _chars(welsh / "poster-A4.pdf")
    for number in (LIVE_FEAR_FREE, "0808 802 4040", "0808 801 0327", LOCAL):
        assert text.count(number) == 1, number
    assert text.count("Live Fear Free") == 1
    manifest = json.loads((welsh / "manifest.json").read_text())
    poster = next(f for f in manifest["files"] if f["path"] == "poster-A4.pdf")
    assert len(poster["qr_codes"]) == 1
    # The draft note once in each language, not the pair run together twice.
    assert text.count("[Cyfieithiad drafft") == 1 and text.count("[Draft translation") == 1


def _languages_by_line(path: Path) -> dict[str, str]:
    """Each line of page 1, as its text object holds it, with the language its tag declares
    (its structure element's /Lang, or the nearest parent's, or the document's)."""
    import ctypes

    import pikepdf

    raw = pdfium.raw
    document = pdfium.PdfDocument(path)
    page, texts = document[0], {}
    textpage = page.get_textpage()
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_TEXT:
            size = raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * (size // 2))()
            raw.FPDFTextObj_GetText(obj, textpage.raw, buffer, size)
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
            texts[mcid] = texts.get(mcid, "") + bytes(buffer).decode("utf-16-le").rstrip("\x00")
    document.close()
    declared: dict[int, str] = {}

    def walk(node, language: str) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, int):
                declared[kid] = language
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, str(kid.get("/Lang", language)))
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                declared[int(kid.MCID)] = language
    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot, str(pdf.Root.Lang))
    return {text.strip(): declared.get(mcid, "") for mcid, text in texts.items()}


def test_each_half_of_a_pair_is_tagged_in_its_own_language_for_screen_readers(welsh):
    # The English half is set in Welsh's typeface (so the columns match), but a screen reader
    # must read it with an English voice: its tag says en-GB, the Welsh half's cy-GB.
    lines = _languages_by_line(welsh / "poster-A4.pdf")
    for welsh_line, english_line in (HEADLINE, EMERGENCY):
        assert lines[welsh_line] == "cy-GB"
        assert lines[english_line] == "en-GB"


def test_a_sticker_prints_the_local_number_once_after_both_labels(welsh):
    text, _ = _chars(welsh / "stickers-L7163.pdf")
    assert f"Lleol / Local: {LOCAL}" in text
    assert f"Lleol: {LOCAL}" not in text and f"Local: {LOCAL}" not in text.replace("Lleol / Local", "")


# -- the check before anything is drawn ------------------------------------------------------
def _twins(**english) -> list[Text]:
    welsh = Text(20.0, 30.0, HEADLINE[0], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t", part=0, language="cy")
    other = {"x": 110.0, "baseline": 30.0, "text": HEADLINE[1], "font": "bold", "size": 14.0, "colour": "#1F2933",
             "background": "#FFFFFF", "twin": "t", "part": 1, "language": "cy"}
    other.update(english)
    return [welsh, Text(**other)]


@pytest.mark.parametrize(("english", "said"), [
    ({"size": 15.0}, "smaller"),
    ({"font": "regular"}, None),                # English lighter than Welsh: allowed
    ({"colour": "#000000"}, "weaker colour"),   # Welsh paler than English
    ({"x": 5.0}, "later in reading order"),     # English left of Welsh on the same row
    ({"baseline": 20.0}, "later in reading order"),  # English above Welsh
])
def test_the_layout_check_refuses_welsh_set_less_prominently(english, said):
    texts = _twins(**english)
    if said is None:
        bilingual.first_language_first(texts, "poster")
        return
    with pytest.raises(LayoutError, match=said):
        bilingual.first_language_first(texts, "poster")


def test_the_layout_check_refuses_english_drawn_before_welsh():
    welsh, english = _twins()
    with pytest.raises(LayoutError, match="later in reading order"):
        bilingual.first_language_first([english, welsh], "poster")


def test_a_lighter_welsh_line_is_refused():
    welsh, english = _twins()
    with pytest.raises(LayoutError, match="lighter"):
        bilingual.first_language_first([replace(welsh, font="regular"), english], "poster")


# -- verify reads the same rules back from the PDF -------------------------------------------
def _pdf_finding(tmp_path: Path, welsh: Text, english: Text, first: Text) -> object:
    """A page drawn without the layout's check, as a broken build might, and verify's finding."""
    page = Page(210.0, 297.0, 11.0, [first, english if first is welsh else welsh])
    path = tmp_path / "page.pdf"
    path.write_bytes(render([page], DocumentInfo("t", "t", "t", "cy-GB", dt.date(2026, 11, 1))))
    found = []
    entry = {"twins": [{"page": 1, "first": welsh.text, "second": english.text}]}
    document = pdfium.PdfDocument(path)
    first_language.check(document, entry, lambda check, ok, figure: found.append((check, ok, figure)))
    assert len(found) == 1 and found[0][0] == "first language"
    return found[0]


def test_verify_passes_welsh_first_at_the_same_size(tmp_path):
    welsh, english = _twins()
    _, ok, figure = _pdf_finding(tmp_path, welsh, english, welsh)
    assert ok, figure


@pytest.mark.parametrize(("change", "said"), [
    ({"size": 18.0}, "smaller than 18.0 pt"),
    ({"x": 5.0}, "placed after its twin"),
    ({"baseline": 20.0}, "placed after its twin"),
])
def test_verify_finds_welsh_smaller_or_after_english_in_the_pdf(tmp_path, change, said):
    welsh, english = _twins()
    _, ok, figure = _pdf_finding(tmp_path, welsh, replace(english, **change), welsh)
    assert not ok and said in figure, figure


def test_verify_finds_welsh_in_a_paler_colour_in_the_pdf(tmp_path):
    # Near-black prints as pure black (issue 21), so the paler Welsh is a real grey.
    welsh, english = _twins()
    pale = replace(welsh, colour="#5A5A5A")
    _, ok, figure = _pdf_finding(tmp_path, pale, english, pale)
    assert not ok and "paler colour" in figure, figure


def test_verify_finds_english_drawn_first(tmp_path):
    welsh, english = _twins()
    _, ok, figure = _pdf_finding(tmp_path, welsh, english, english)
    assert not ok and "drawn after its twin" in figure, figure


# -- other pairs, and what an over-full pack is told -----------------------------------------
def _pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text)
    return path


# The Welsh example with only its languages changed: the same practice name, contact line,
# local service and two listed helplines (issue 19: "[pl, en] builds the same products").
POLISH_HEADLINE = ("Nikt nie musi być z tym sam", "You are not alone")      # data/strings/pl.yaml, en.yaml
POLISH_EMERGENCY = ("W niebezpieczeństwie? Dzwoń 999", "In danger now? Call 999")
POLISH_DEAF = ("Nie słyszysz lub nie możesz mówić przez telefon?", "Deaf, or cannot speak on the phone?")


@pytest.fixture(scope="module")
def polish(tmp_path_factory) -> Path:
    text = EXAMPLE.read_text()
    assert text.count("language: [cy, en]\n") == 1
    folder = tmp_path_factory.mktemp("polish")
    pack = folder / "pack.yaml"
    pack.write_text(text.replace("language: [cy, en]\n", "language: [pl, en]\n"))
    result = build(pack, folder / "out", previews=False)
    assert not result.failed, [str(f) for f in result.failed]
    checked = {f.file for f in result.findings if f.check == "first language" and f.ok}
    assert checked == set(PDFS)
    return folder / "out"


def test_polish_and_english_build_every_product_with_the_welsh_examples_content(polish):
    manifest = json.loads((polish / "manifest.json").read_text())
    assert sorted(f["path"] for f in manifest["files"]) == sorted(PDFS)
    text, _ = _chars(polish / "poster-A4.pdf")
    # Everything the pack asks for is on the poster, each number once.
    for number in (LIVE_FEAR_FREE, "0808 802 4040", "0808 801 0327", LOCAL):
        assert text.count(number) == 1, number
    flat = " ".join(text.split())     # lines joined: a sentence may wrap
    for said in ("Udostępnia: Meddygfa Glan yr Afon", "Shared by Meddygfa Glan yr Afon",
                 "Gofynnwch yn y dderbynfa / Ask at reception", "Cardiff IDVA Service",
                 "Respect Phoneline", "Men's Advice Line",
                 "[Tłumaczenie robocze: jeszcze niesprawdzone przez rodzimego użytkownika języka]",
                 "[Draft translation: not yet checked by a native speaker]"):
        assert flat.count(said) == 1, said
    # The pack's own description of its local service, in one language: once, after both
    # labels (pl.yaml "Dla {who}", en.yaml "For {who}"); the QR code's owner likewise.
    assert text.count("adults in Cardiff who are being harmed at home") == 1
    assert "Dla / For adults in Cardiff who are being harmed at home" in text
    assert "Wskazówki / Guidance from: Welsh Government" in text


def test_on_the_polish_poster_polish_is_left_of_english_at_the_same_size(polish):
    for name in ("poster-A4.pdf", "poster-A3.pdf"):
        text, textpage = _chars(polish / name)
        for pl, en in (POLISH_HEADLINE, POLISH_EMERGENCY, POLISH_DEAF):
            at_pl, at_en = text.index(pl), text.index(en)
            assert at_pl < at_en, (name, pl)
            (size_pl, left_pl, top_pl), (size_en, left_en, top_en) = _facts(textpage, at_pl), _facts(textpage, at_en)
            assert size_pl == size_en, (name, pl, size_pl, size_en)
            assert left_pl < left_en and abs(top_pl - top_en) < 2.0, (name, pl)
    # At the one-language poster's smallest body size or larger (poster.MIN_BODY_PT, 12 pt).
    text, textpage = _chars(polish / "poster-A4.pdf")
    assert _facts(textpage, text.index(POLISH_DEAF[0]))[0] >= 12.0


def test_the_polish_card_gives_both_languages_on_each_side(polish):
    front, textpage = _chars(polish / "wallet-card-print-shop.pdf", 0)
    assert front.count(LIVE_FEAR_FREE) == 1
    for pl, en in (POLISH_HEADLINE, ("Bezpłatnie", "Free to call")):
        assert front.index(pl) < front.index(en), pl
        assert _facts(textpage, front.index(pl))[0] == _facts(textpage, front.index(en))[0], pl
        assert _facts(textpage, front.index(pl))[0] >= 7.0
    back, _ = _chars(polish / "wallet-card-print-shop.pdf", 1)
    for number in ("0808 802 4040", "0808 801 0327"):
        assert back.count(number) == 1
    assert back.index("Połączenia mogą być widoczne") < back.index("Calls can show")


def test_an_over_full_bilingual_poster_names_only_what_the_pack_has(tmp_path):
    # Without an organisation or a local service, the fix cannot be to shorten them.
    text = "extends: wales\nlanguage: [cy, en]\nservices:\n  listed: [respect-phoneline, mens-advice-line, " \
           "karma-nirvana, hourglass, galop]\n"
    with pytest.raises(PackError) as raised:
        build(_pack(tmp_path, text), tmp_path / "out", previews=False, products="poster")
    message = raised.value.message
    assert "`galop`" in message and "from services.listed" in message
    assert "organisation" not in message and "local" not in message
    assert "build a pack for each language (language: cy, then language: en)" in message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_what_to_shorten_names_the_packs_own_fields(tmp_path):
    bare = load_pack(_pack(tmp_path, "extends: wales\n"))
    assert what_to_shorten(bare) == ""
    full = load_pack(EXAMPLE)
    said = what_to_shorten(full)
    assert "branding.organisation" in said and "branding.contact" in said and "services.local.name" in said
    assert "wording.headline" not in said


def test_a_one_language_pack_is_set_as_before():
    """Twins exist only in bilingual packs: one-language pages carry none (their golden dumps
    are unchanged, see test_poster and test_wallet_card)."""
    from generator import poster

    page = poster.layout(load_pack(ROOT / "examples" / "gp-surgery" / "pack.yaml"))
    assert not any(t.twin for t in page.texts())


def test_verify_finds_welsh_lighter_than_english(tmp_path):
    welsh, english = _twins()
    lighter = replace(welsh, font="regular")
    _, ok, figure = _pdf_finding(tmp_path, lighter, english, lighter)
    assert not ok and "lighter than" in figure, figure


def test_words_the_same_in_both_languages_follow_both_labels_once():
    from generator.languages import Pair

    # pl.yaml "Dla {who}" and en.yaml "For {who}", filled with a local service's own words.
    assert bilingual.said_once(Pair(["Dla adults in Cardiff", "For adults in Cardiff"]),
                               "adults in Cardiff") == "Dla / For adults in Cardiff"
    # A colon in either language's label: one, after both (pl.yaml "Wskazówki: {owner}").
    assert bilingual.said_once(Pair(["Wskazówki: Welsh Government", "Guidance from Welsh Government"]),
                               "Welsh Government") == "Wskazówki / Guidance from: Welsh Government"
    # Translated words differ: both sentences stay, each in its column.
    translated = Pair(["Dla mężczyzn", "For men"])
    assert bilingual.said_once(translated, "men") is translated
    assert bilingual.said_once("For men", "men") == "For men"


# -- a right-to-left language beside English -------------------------------------------------
# data/strings/ar.yaml and en.yaml.
ARABIC_HEADLINE = ("لست وحدك", "You are not alone")
ARABIC_DEAF = ("لا تسمع، أو لا تستطيع الكلام على الهاتف؟", "Deaf, or cannot speak on the phone?")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    """The Welsh example with only its languages changed, to Arabic then English."""
    text = EXAMPLE.read_text()
    folder = tmp_path_factory.mktemp("arabic")
    (folder / "pack.yaml").write_text(text.replace("language: [cy, en]\n", "language: [ar, en]\n"))
    result = build(folder / "pack.yaml", folder / "out", previews=False)
    assert not result.failed, [str(f) for f in result.failed]
    checked = {f.file for f in result.findings if f.check == "first language" and f.ok}
    assert checked == set(PDFS)
    return folder / "out"


def _drawn(path: Path, page: int = 0) -> list[tuple[str, float, tuple, float]]:
    """Each text object as drawn: its text, size, bounds (pt) and baseline (pt from the foot)."""
    sheet = pdfium.PdfDocument(path)[page]
    textpage = sheet.get_textpage()
    found = []
    for obj in sheet.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_TEXT,), max_depth=1, textpage=textpage):
        found.append((obj.extract(), round(obj.get_font_size() * obj.get_matrix().get()[0], 2), obj.get_bounds(),
                      obj.get_matrix().get()[5]))
    return found


def _letters(text: str) -> list[str]:
    return sorted(ch for ch in text if not ch.isspace())


def _object(drawn, line: str):
    matches = [entry for entry in drawn if _letters(entry[0]) == _letters(line)]
    assert matches, line
    return matches[0]


def test_arabic_sits_right_of_english_on_the_same_row_at_the_same_size(arabic):
    """Arabic is read from the right: its column is the first a reader of it meets."""
    for name in ("poster-A4.pdf", "poster-A3.pdf", "wallet-card-print-shop.pdf"):
        drawn = _drawn(arabic / name)
        for first, second in (ARABIC_HEADLINE, ARABIC_DEAF) if name.startswith("poster") else (ARABIC_HEADLINE,):
            ar, en = _object(drawn, first), _object(drawn, second)
            assert ar[1] == en[1], (name, first, ar[1], en[1])             # the same size
            assert ar[2][0] > en[2][2], (name, first)                        # right of the English, not over it
            assert abs(ar[3] - en[3]) < 0.01, (name, first)                  # on the same baseline
            assert drawn.index(ar) < drawn.index(en), (name, first)          # and drawn first


def test_arabic_comes_above_english_on_large_print(arabic):
    drawn = _drawn(arabic / "large-print-A4.pdf")
    ar, en = _object(drawn, ARABIC_HEADLINE[0]), _object(drawn, ARABIC_HEADLINE[1])
    assert ar[1] == en[1] and ar[3] > en[3]
    # Each from its own side: Arabic ends where English starts from, at the other margin.
    assert ar[2][2] > en[2][2] + 50 and en[2][0] < ar[2][0]


def test_the_web_page_marks_each_language_with_its_direction(arabic):
    html = (arabic / "pack.html").read_text()
    assert f'<span lang="ar" dir="rtl">{ARABIC_HEADLINE[0]}</span>' in html
    assert f'<span lang="en-GB" dir="ltr">{ARABIC_HEADLINE[1]}</span>' in html


def test_columns_of_opposite_directions_start_from_their_own_sides():
    from generator.languages import Pair
    from generator.text import Style, set_lines

    style = Style("regular", 12.0, "#000000", "ar", columns=6.0, languages=("ar", "en"))
    lines, _ = set_lines(Pair(ARABIC_HEADLINE), style, 10.0, 20.0, 100.0, "#FFFFFF")
    arabic, english = lines
    assert (arabic.part, english.part) == (0, 1)
    assert abs(arabic.x + arabic.width - 110.0) < 0.01      # right-aligned in the right column
    assert english.x == 10.0                                  # left-aligned in the left column
    assert arabic.language == "ar" and english.language == "en"


def test_the_layout_check_refuses_arabic_left_of_english():
    arabic = Text(20.0, 30.0, ARABIC_HEADLINE[0], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t", part=0,
                  language="ar")
    english = Text(110.0, 30.0, ARABIC_HEADLINE[1], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t", part=1,
                   language="en")
    with pytest.raises(LayoutError, match="later in reading order"):
        bilingual.first_language_first([arabic, english], "poster")
    bilingual.first_language_first([replace(arabic, x=110.0), replace(english, x=20.0)], "poster")


@pytest.mark.parametrize(("arabic_x", "ok"), [(110.0, True), (20.0, False)])
def test_verify_reads_arabic_first_from_the_right(tmp_path, arabic_x, ok):
    arabic = Text(arabic_x, 30.0, ARABIC_HEADLINE[0], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t", part=0,
                  language="ar")
    english = Text(130.0 - arabic_x, 30.0, ARABIC_HEADLINE[1], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t",
                   part=1, language="en")
    _, passed, figure = _pdf_finding(tmp_path, arabic, english, arabic)
    assert passed is ok, figure
    if not ok:
        assert "placed after its twin" in figure, figure


def test_verify_finds_english_drawn_before_arabic(tmp_path):
    arabic = Text(110.0, 30.0, ARABIC_HEADLINE[0], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t", part=0,
                  language="ar")
    english = Text(20.0, 30.0, ARABIC_HEADLINE[1], "bold", 14.0, "#1F2933", "#FFFFFF", twin="t", part=1,
                   language="en")
    _, passed, figure = _pdf_finding(tmp_path, arabic, english, english)
    assert not passed and "drawn after its twin" in figure, figure


def test_the_manifest_says_when_the_first_language_reads_from_the_right():
    """A line of Urdu's column may hold no Urdu letter (a local service's English words):
    verify is told which way the first language reads."""
    urdu = Text(110.0, 30.0, "adults in Cardiff", "regular", 12.0, "#000000", "#FFFFFF", twin="t", part=0,
                language="ur")
    english = Text(20.0, 30.0, "For adults in Cardiff", "regular", 12.0, "#000000", "#FFFFFF", twin="t", part=1,
                   language="en")
    assert bilingual.twins([Page(210.0, 297.0, 11.0, [urdu, english])]) == [
        {"page": 1, "first": "adults in Cardiff", "second": "For adults in Cardiff", "first_direction": "rtl"}]
    welsh, other = _twins()
    assert "first_direction" not in bilingual.twins([Page(210.0, 297.0, 11.0, [welsh, other])])[0]
