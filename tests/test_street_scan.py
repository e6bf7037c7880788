"""Street scans (issue 20): each QR code printed three ways, photographed by a simulated phone
and read by three independent decoders; each guard broken on purpose must fail verify."""

from __future__ import annotations

import io
import re

import numpy as np
import pypdfium2 as pdfium
import pytest
import qrcode
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from generator import scan
from generator.build import build
from generator.verify import verify
from tests.conftest import run_cli

MET = "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"
# The distances each product is read from, as issue 20 sets them (cm).
TARGET_CM = {"poster-A4.pdf": 60, "poster-A3.pdf": 90, "wallet-cards-A4.pdf": 20,
             "wallet-card-print-shop.pdf": 20, "stickers-L7160.pdf": 25, "large-print-A4.pdf": 30}


def _page_with_code(module_mm: float, url: str = MET):
    """A one-page A4 PDF with a plain black QR code (level M, 4-module quiet zone) at 20 mm, 200 mm."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    matrix = code.get_matrix()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(210 * mm, 297 * mm))
    side = len(matrix) + 8
    x0, top = 20.0, 297.0 - 200.0
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                canvas.rect((x0 + (column + 4) * module_mm) * mm, (top - (row + 5) * module_mm) * mm,
                            module_mm * mm, module_mm * mm, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    box = (x0, top - side * module_mm, side * module_mm, side * module_mm)
    return document, box


def test_each_decoder_reads_a_clean_frame_and_none_reads_paper():
    found, missing = scan.decoders()
    assert missing is None, missing
    assert list(found) == ["zxing-cpp", "zbar", "OpenCV"]
    document, box = _page_with_code(1.0)
    paper = scan.printed(document[0], (box[0] - 10, 297 - box[1] - box[3] - 10, box[2] + 20, box[3] + 20), 297,
                         scan.PRINTS[0])
    frame = scan.phone_frame(paper, 150.0, seed=1)
    assert scan.readers(frame, MET, found) == ["zxing-cpp", "zbar", "OpenCV"]
    blank = np.full_like(frame, 200)
    assert scan.readers(blank, MET, found) == []


def test_reach_grows_with_the_module_and_is_bounded():
    small, box_small = _page_with_code(0.5)
    large, box_large = _page_with_code(1.0)
    near = scan.street_scan(small[0], box_small, 297, 120.0, MET)
    far = scan.street_scan(large[0], box_large, 297, 120.0, MET)
    assert near.passes and far.passes
    # Twice the module, about twice the reach: a phone needs so many pixels per module.
    assert 1.6 < far.reach_mm / near.reach_mm < 2.5
    assert scan.NEAREST_MM <= near.reach_mm < far.reach_mm <= scan.FARTHEST_MM


def test_a_code_past_its_reach_names_what_failed():
    document, box = _page_with_code(0.5)
    result = scan.street_scan(document[0], box, 297, 2000.0, MET, reach=False)
    assert not result.passes
    assert [f.split(":")[0] for f in result.failures] == ["office laser", "inkjet on label", "low light"]


def test_every_code_in_the_default_pack_reports_its_reach_and_printing_says_it(default_build):
    findings = verify(default_build.folder)
    scans = [f for f in findings if f.check == "qr street scan"]
    assert {f.file for f in scans} == set(TARGET_CM)
    guide = " ".join((default_build.folder / "PRINTING.txt").read_text().split())
    for finding in scans:
        assert finding.ok, finding
        reach, target = finding.reach_mm
        assert target == TARGET_CM[finding.file] * 10
        assert f"from up to {reach / 10:.0f} cm" in finding.figure
    for name in TARGET_CM:
        shortest = min(f.reach_mm[0] for f in scans if f.file == name)
        assert re.search(rf"{re.escape(name)}: .*? QR code: scans from up to {shortest / 10:.0f} cm", guide), name


def test_a_code_short_of_its_distance_is_a_warning_and_printing_gives_the_real_distance(monkeypatch, tmp_path):
    monkeypatch.setitem(scan.READING_DISTANCE_MM, "sticker", 2000.0)
    result = build(None, tmp_path / "out", products="sticker", previews=False)
    assert not result.failed
    warning = next(str(w) for w in result.warnings if "QR code" in str(w))
    assert "stickers-L7160.pdf" in warning and "short of the 200 cm" in warning
    guide = " ".join((tmp_path / "out" / "PRINTING.txt").read_text().split())
    assert "not the 200 cm this is usually read from" in guide


def test_a_code_only_one_decoder_reads_fails(monkeypatch, tmp_path):
    real = scan.decoders

    def one_reader():
        found, missing = real()
        return {name: (read if name == "zxing-cpp" else (lambda frame: set())) for name, read in found.items()}, \
            missing
    monkeypatch.setattr(scan, "decoders", one_reader)
    out = tmp_path / "out"
    build(None, out, products="large-print", verify=False, previews=False)
    failed = [f for f in verify(out) if not f.ok]
    assert {f.check for f in failed} == {"qr street scan"}
    assert all("no decoder" not in f.figure and "zxing-cpp" in f.figure for f in failed)


def test_missing_zbar_fails_verify_and_says_how_to_install_it(monkeypatch, tmp_path):
    out = tmp_path / "out"
    build(None, out, products="large-print", verify=False, previews=False)
    scan._zbar.cache_clear()
    monkeypatch.setattr("builtins.__import__", _without_pyzbar(__builtins__))
    try:
        result = run_cli("verify", out)
    finally:
        monkeypatch.undo()
        scan._zbar.cache_clear()
    assert result.code == 1
    line = next(line for line in result.out.splitlines() if "qr decoders" in line)
    assert line.startswith("FAIL") and "libzbar0" in line


def _without_pyzbar(builtins):
    real = builtins["__import__"] if isinstance(builtins, dict) else builtins.__import__

    def importer(name, *args, **kwargs):
        if name.startswith("pyzbar"):
            raise ImportError("Unable to find zbar shared library")
        return real(name, *args, **kwargs)
    return importer


@pytest.mark.parametrize("sheet_mm, want", [((210.0, 297.0), 600.0), ((297.0, 420.0), 900.0)])
def test_posters_are_read_from_their_papers_distance(sheet_mm, want):
    assert scan.reading_mm("poster", sheet_mm)[0] == want


# -- every PDF object valid (issue 20) ---------------------------------------------------------

GRADIENT_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
                '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" '
                'stop-color="#00f"/></linearGradient></defs><rect width="200" height="100" fill="url(#g)"/></svg>')


def _logo_pack(tmp_path, svg: str):
    (tmp_path / "logo.svg").write_text(svg)
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\nbranding:\n  organisation: Riverside Surgery\n  logo: logo.svg\n")
    return pack


def test_a_logo_form_naming_an_undefined_shading_fails_verify(monkeypatch, tmp_path):
    """The gradient logo that printed as a black block: let it past the logo's own refusal, and
    verify must still catch the /Sh0 its form names but never defines."""
    from generator import logo

    monkeypatch.setattr(logo, "_UNPRINTABLE_TAGS", {})
    out = tmp_path / "out"
    build(_logo_pack(tmp_path, GRADIENT_SVG), out, products="poster", verify=False, previews=False)
    failed = {(f.check, f.figure) for f in verify(out) if not f.ok}
    expected = "1 undefined, e.g. page 1, form /FormXob.logo2 names /Sh0 (a shading) but does not define it"
    assert ("pdf resources", expected) in failed, failed


def test_the_gradient_logo_is_refused_in_one_line_before_anything_is_drawn(tmp_path):
    result = run_cli("build", "--config", _logo_pack(tmp_path, GRADIENT_SVG), "--out", tmp_path / "out")
    assert result.code == 2 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1 and "gradient" in result.err
    assert not (tmp_path / "out").exists()


def test_a_font_drawn_inside_a_form_but_not_embedded_fails_verify(tmp_path):
    """The page's own fonts are embedded, but a form draws with Helvetica, which is not."""
    import pikepdf

    out = tmp_path / "out"
    build(None, out, products="poster", verify=False, previews=False)
    path = out / "poster-A4.pdf"
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        form = next(x for x in page.obj.Resources.XObject.values() if x.get("/Subtype") == "/Form")
        helvetica = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                         BaseFont=pikepdf.Name.Helvetica))
        resources = form.get("/Resources") or pikepdf.Dictionary()
        fonts = resources.get("/Font") or pikepdf.Dictionary()
        fonts["/Fh"] = helvetica
        resources["/Font"] = fonts
        form["/Resources"] = resources
        form.write(form.read_bytes() + b"\nBT /Fh 6 Tf 1 1 Td (x) Tj ET\n")
        pdf.save(path)
    failed = {(f.check, f.figure) for f in verify(out) if not f.ok}
    assert ("fonts used", "drawn but not embedded: /Helvetica") in failed


def test_a_page_naming_a_graphics_state_it_does_not_define_fails_and_qpdf_reads_the_rest(tmp_path):
    import pikepdf

    out = tmp_path / "out"
    build(None, out, products="poster", verify=False, previews=False)
    path = out / "poster-A4.pdf"
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"q /GS9 gs Q"), prepend=False)
        pdf.save(path)
    findings = {f.check: f for f in verify(out) if f.file == "poster-A4.pdf"}
    assert not findings["pdf resources"].ok
    assert "page 1 names /GS9 (a graphics state) but does not define it" in findings["pdf resources"].figure
    assert findings["pdf syntax"].ok


def test_a_damaged_file_fails_qpdfs_check(tmp_path):
    out = tmp_path / "out"
    build(None, out, products="poster", verify=False, previews=False)
    path = out / "poster-A4.pdf"
    # Break one stream's length: viewers may still show the page, qpdf says what is wrong.
    path.write_bytes(re.sub(rb"/Length (\d+)", lambda m: b"/Length %d" % (int(m[1]) + 7), path.read_bytes(),
                            count=1))
    findings = {f.check: f for f in verify(out) if f.file == "poster-A4.pdf"}
    assert not findings["pdf syntax"].ok, findings["pdf syntax"]


def test_an_svg_embedding_a_huge_bitmap_is_refused_without_decoding_it(tmp_path):
    """144 megapixels took 2 GB to draw; the refusal reads the markup, never the pixels."""
    import tracemalloc

    from generator.errors import DataError
    from generator.logo import load_logo
    from tests.bad_inputs import _svg_with_bitmap

    path = tmp_path / "logo.svg"
    path.write_text(_svg_with_bitmap(12_000, 12_000))
    tracemalloc.start()
    with pytest.raises(DataError, match="embeds a bitmap image"):
        load_logo(path, "logo.svg")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000, peak


def test_qr_modules_are_black_ink_alone(default_build):
    """Grey 0, which a print shop's RIP prints with black ink only; RGB black would become four
    inks whose misregistration blurs small modules."""
    import pikepdf

    with pikepdf.open(default_build.file("poster-A4.pdf")) as pdf:
        forms = [x for name, x in pdf.pages[0].obj.Resources.XObject.items() if "qr" in str(name)]
        assert len(forms) == 2
        for form in forms:
            fills = [str(i.operator) + " " + " ".join(str(o) for o in i.operands)
                     for i in pikepdf.parse_content_stream(form) if str(i.operator) in ("g", "rg", "k", "sc", "scn")]
            # Only the black modules: the white of the quiet zone is drawn where the code is
            # placed, so that the modules' overprint can be set there (see render._draw_qr).
            assert fills == ["g 0"], fills
