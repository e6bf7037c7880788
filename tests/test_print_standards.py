"""Issue 21: the print shop's card is PDF/X-4 in CMYK with pure black, every PDF is tagged,
and text extracts as the pack wrote it, in Urdu and Panjabi too; verify fails each broken."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pikepdf
import pypdfium2 as pdfium
import pytest

from generator.build import build
from generator.units import pt_to_mm
from generator.verify import verify

SHOP = "wallet-card-print-shop.pdf"
MET = "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"   # data/links.yaml
GOV = "https://www.gov.uk/guidance/domestic-abuse-how-to-get-help"
SAFE_MM = 4.0                       # data/cards.yaml: safe_margin_mm
URDU_HEADLINE = "آپ اکیلے نہیں ہیں"      # data/strings/ur.yaml: poster.headline
PANJABI_HEADLINE = "ਤੁਸੀਂ ਇਕੱਲੇ ਨਹੀਂ ਹੋ"   # data/strings/pa.yaml: poster.headline


def _operators(pdf: pikepdf.Pdf):
    """Every operator of every page and form, with its operands."""
    seen = set()

    def forms(owner):
        xobjects = owner.get("/Resources", {}).get("/XObject", {})
        for xobject in xobjects.values():
            if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
                seen.add(xobject.objgen)
                yield xobject
                yield from forms(xobject)

    for page in pdf.pages:
        for obj in (page.obj, *forms(page.obj)):
            yield from ((str(op), [float(v) if isinstance(v, (int, float, Decimal)) else v for v in operands])
                        for operands, op in pikepdf.parse_content_stream(obj))


def _plain(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def _failed(out) -> set[tuple[str, str]]:
    return {(f.file, f.check) for f in verify(out) if not f.ok}


# -- the print shop's card ---------------------------------------------------------------------
def test_the_print_shop_card_is_pdfx4_with_an_output_intent_and_no_rgb(default_build):
    with pikepdf.open(default_build.file(SHOP)) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert int(intent.DestOutputProfile.N) == 4
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in pdf.Root.Metadata.read_bytes()
        assert pdf.docinfo.Trapped == "/False" and pdf.pdf_version >= "1.6"
        # Dates from the data, never the clock: the oldest check among what the card prints
        # (data/services.yaml, April 2020), in the Info dictionary and the XMP alike.
        assert str(pdf.docinfo.CreationDate).startswith("D:20200401")
        assert b"<xmp:CreateDate>2020-04-01" in pdf.Root.Metadata.read_bytes()
        operators = list(_operators(pdf))
    assert not [op for op, _ in operators if op in ("rg", "RG")]
    colours = [tuple(args) for op, args in operators if op == "k"]
    assert (0, 0, 0, 1) in colours
    for c, m, y, k in colours:
        assert c + m + y + k <= 3.0 + 1e-6
        assert not (k >= 0.8 and min(c, m, y) >= 0.4), "four-colour black"


def test_text_and_qr_modules_on_the_print_shop_card_are_pure_black_and_overprint(default_build):
    with pikepdf.open(default_build.file(SHOP)) as pdf:
        operators = list(_operators(pdf))
        states = {key: bool(value) for g in pdf.pages[0].Resources.ExtGState.values() for key, value in g.items()}
    assert states["/op"] and states["/OP"] and states["/OPM"]   # fill and stroke overprint, nonzero mode
    # Before every run of glyphs, the last fill colour set is 0/0/0/100 or a brand colour
    # (white on the band, purple numbers); the default text colour #1B1B1F is never rich black.
    fill = None
    for op, args in operators:
        if op == "k":
            fill = tuple(args)
        elif op in ("Tj", "TJ"):
            assert fill is not None and not (fill[3] >= 0.8 and min(fill[:3]) >= 0.4)
    assert sum(1 for op, args in operators if op == "k" and tuple(args) == (0, 0, 0, 1)) >= 3


def test_print_shop_card_text_keeps_4_mm_inside_the_trim_and_has_crop_marks(default_build):
    document = pdfium.PdfDocument(default_build.file(SHOP))
    with pikepdf.open(default_build.file(SHOP)) as pdf:
        trims = [[pt_to_mm(float(v)) for v in page.obj.TrimBox] for page in pdf.pages]
        bleeds = [[pt_to_mm(float(v)) for v in page.obj.BleedBox] for page in pdf.pages]
    for index, (trim, bleed) in enumerate(zip(trims, bleeds, strict=True)):
        assert [round(t - b, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [3.0, 3.0]
        textpage = document[index].get_textpage()
        for i in range(textpage.count_chars()):
            if textpage.get_text_range(i, 1).strip():
                left, bottom, right, top = (pt_to_mm(v) for v in textpage.get_charbox(i))
                assert left >= trim[0] + SAFE_MM - 0.1 and right <= trim[2] - SAFE_MM + 0.1
                assert bottom >= trim[1] + SAFE_MM - 0.1 and top <= trim[3] - SAFE_MM + 0.1
        # Crop marks: dark pixels in the white slug outside the bleed, at each corner.
        scale = 300 / 72
        image = document[index].render(scale=scale).to_pil().convert("L")
        width, height = image.size
        px = 300 / 25.4
        # The mark on the top cut line, left of the bleed (the page is symmetric top to bottom).
        row = round((height / px - trim[3]) * px)
        mark = image.crop((0, row - 3, round(bleed[0] * px), row + 4))
        assert mark.getextrema()[0] < 100, "no crop mark outside the bleed on the top cut line"
        bled = image.crop((round(bleed[0] * px) + 2, row - 3, round(trim[0] * px) - 2, row + 4))
        assert bled.getextrema()[0] > 200, "a crop mark inside the bleed"
        assert width > round((trim[2] - trim[0]) * px)
    document.close()


def test_print_shop_build_makes_every_product_pdfx(tmp_path):
    out = tmp_path / "out"
    build(None, out, products="poster,sticker", previews=False, print_shop=True)
    for name in ("poster-A4.pdf", "stickers-L7160.pdf"):
        with pikepdf.open(out / name) as pdf:
            assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
            assert not [op for op, _ in _operators(pdf) if op in ("rg", "RG")]
    guide = (out / "PRINTING.txt").read_text()
    assert "PDF/X-4" in guide and "FOGRA39" in guide


def test_printing_txt_tells_the_shop_what_it_gets(default_build):
    guide = default_build.file("PRINTING.txt").read_text()
    assert "PDF/X-4" in guide and "FOGRA39" in guide and "3 mm bleed" in guide
    # The default purple (data/packs/england.yaml) with the CMYK it prints as.
    assert "#4A1F6F" in guide and "0/0/0/100" in guide


def test_office_files_print_black_as_pure_black(default_build):
    with pikepdf.open(default_build.file("poster-A4.pdf")) as pdf:
        fills = [tuple(args) for op, args in _operators(pdf) if op == "rg"]
        grey = [args for op, args in _operators(pdf) if op == "g"]
    # #1B1B1F (the text colour) is never drawn as RGB: it is DeviceGray 0.
    assert not [f for f in fills if max(f) < 0.2 and max(f) - min(f) < 0.1]
    assert [0.0] in grey or [0] in grey


# -- tagging -----------------------------------------------------------------------------------
def _elements(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


@pytest.mark.parametrize("name", ["poster-A4.pdf", "wallet-cards-A4.pdf", SHOP, "stickers-L7160.pdf",
                                  "large-print-A4.pdf"])
def test_every_pdf_is_tagged_with_headings_lists_and_figures_naming_their_address(default_build, name):
    with pikepdf.open(default_build.file(name)) as pdf:
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        kinds = [str(e.S) for e in _elements(pdf.Root.StructTreeRoot)]
        figures = [str(e.Alt) for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        links = [str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert kinds[0] == "/Document" and "/P" in kinds
    if name != "stickers-L7160.pdf":     # a sticker is three lines, no heading or list
        assert "/H1" in kinds and "/L" in kinds and "/LI" in kinds
    assert figures and any(MET in alt for alt in figures)
    if name == SHOP:
        assert not links          # PDF/X: no actions
    else:
        assert MET in links and "tel:08082000247" in links   # the National Domestic Abuse Helpline


def test_the_poster_has_both_qr_addresses_as_links_and_figures(default_build):
    with pikepdf.open(default_build.file("poster-A4.pdf")) as pdf:
        alts = [str(e.Alt) for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
    assert [a for a in alts if MET in a] and [a for a in alts if GOV in a]


def test_verify_fails_a_file_whose_tags_are_removed(tmp_path):
    out = tmp_path / "out"
    build(None, out, products="poster", previews=False, verify=False)
    path = out / "poster-A4.pdf"
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.StructTreeRoot
        del pdf.Root.MarkInfo
        pdf.save(path)
    assert ("poster-A4.pdf", "tagged") in _failed(out)
    assert ("poster-A3.pdf", "tagged") not in _failed(out)


def test_verify_fails_a_print_shop_file_with_an_rgb_colour(tmp_path):
    out = tmp_path / "out"
    build(None, out, products="wallet-card", previews=False, verify=False)
    path = out / SHOP
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"q 0.2 0.3 0.4 rg 0 0 1 1 re f Q"), prepend=False)
        pdf.save(path)
    failed = _failed(out)
    assert (SHOP, "pdf/x colour") in failed
    assert (SHOP, "tag coverage") not in failed


def test_verify_fails_four_colour_black_in_a_print_shop_file(tmp_path):
    out = tmp_path / "out"
    build(None, out, products="wallet-card", previews=False, verify=False)
    path = out / SHOP
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(b"/Artifact BMC q 0.75 0.69 0.64 0.88 k 0 0 1 1 re f Q EMC"),
                                  prepend=False)
        pdf.save(path)
    failed = _failed(out)
    assert (SHOP, "pdf/x black") in failed and (SHOP, "pdf/x colour") not in failed


# -- real text in every script -----------------------------------------------------------------
def _pdftotext(path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("poppler's pdftotext is not installed (python3 dev.py installs poppler-utils as root)")
    return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("language, headline", [("ur", URDU_HEADLINE), ("pa", PANJABI_HEADLINE)])
def test_urdu_and_panjabi_posters_extract_in_logical_order(tmp_path, language, headline):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: london\nlanguage: {language}\n"
                    "services:\n  listed: [respect-phoneline, mens-advice-line, karma-nirvana]\n")
    out = tmp_path / "out"
    result = build(pack, out, products="poster", previews=False)
    assert not result.failed, [str(f) for f in result.failed]
    document = pdfium.PdfDocument(out / "poster-A4.pdf")
    pdfium_text = document[0].get_textpage().get_text_range()
    document.close()
    assert _plain(headline) in _plain(pdfium_text)
    assert not [ch for ch in pdfium_text if 0xE000 <= ord(ch) <= 0xF8FF or 0xFB50 <= ord(ch) <= 0xFEFF]
    poppler_text = _pdftotext(out / "poster-A4.pdf")
    assert _plain(headline) in _plain(poppler_text)
    assert not [ch for ch in poppler_text if 0xE000 <= ord(ch) <= 0xF8FF or 0xFB50 <= ord(ch) <= 0xFEFF]
    with pikepdf.open(out / "poster-A4.pdf") as pdf:
        assert str(pdf.Root.Lang).startswith(language)
        langs = {str(e.get("/Lang")) for e in _elements(pdf.Root.StructTreeRoot) if "/Lang" in e}
    assert "en-GB" in langs   # service names and web addresses, in English


def test_tagged_pdfs_stay_reproducible(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        build(None, out, products="poster,wallet-card", previews=False, verify=False)
    for name in ("poster-A4.pdf", SHOP):
        assert (first / name).read_bytes() == (second / name).read_bytes()
