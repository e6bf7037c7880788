"""Branding and customisation: example packs, logos, colours, the local service, large print, init."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image as PILImage
from pypdf import PdfReader

from generator import large_print, poster
from generator.build import build
from generator.drawing import Image
from generator.pack import load_pack
from generator.verify import verify
from tests.conftest import run_cli
from tests.helpers import glyphs, pdf_images, pdf_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEMPLATE = ROOT / "data" / "templates" / "pack.yaml"


def _example(name: str, tmp_path: Path) -> Path:
    """A copy of an example's folder, so tests never write next to the real one."""
    folder = tmp_path / name
    shutil.copytree(EXAMPLES / name, folder)
    return folder / "pack.yaml"


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, Path]:
    """Each example built once: name -> output folder."""
    root = tmp_path_factory.mktemp("examples")
    built = {}
    for name in ("gp-surgery", "pharmacy", "charity"):
        pack = _example(name, root)
        build(pack, root / f"{name}-out")
        built[name] = root / f"{name}-out"
    return built


EXPECTED_FILES = {
    "gp-surgery": {"poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf", "wallet-card-print-shop.pdf",
                   "stickers-L7160.pdf", "large-print-A4.pdf"},
    "pharmacy": {"wallet-cards-A4.pdf", "wallet-card-print-shop.pdf", "stickers-L7163.pdf"},
    "charity": {"poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf", "wallet-card-print-shop.pdf",
                "stickers-L7160.pdf", "large-print-A4.pdf"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES))
def test_each_example_builds_its_products_and_passes_verify(name, examples):
    out = examples[name]
    assert {p.name for p in out.glob("*.pdf")} == EXPECTED_FILES[name]
    findings = verify(out)
    failed = [str(f) for f in findings if not f.ok]
    assert not failed, failed
    # Every number the pack prints was read back from every file that carries it.
    assert sum(1 for f in findings if f.check == "number printed") >= 10


def test_the_local_service_is_on_every_product(examples):
    out = examples["gp-surgery"]
    for pdf in ("poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf", "wallet-card-print-shop.pdf",
                "large-print-A4.pdf"):
        text = pdf_text(out / pdf)
        assert "020 7946 0123" in text, pdf
        assert "Riverside IDVA" in text, pdf
    # Stickers carry the number without the service's name (a name may say what it is for).
    stickers = pdf_text(out / "stickers-L7160.pdf")
    assert stickers.count("Local: 020 7946 0123") == 21
    assert "IDVA" not in stickers
    poster_text = pdf_text(out / "poster-A4.pdf")
    assert "Local support: Riverside IDVA Service 020 7946 0123" in poster_text
    assert "Mon to Fri, 9am to 5pm" in poster_text
    # With a local service there is nothing left to write in by hand.
    assert poster_text.count("Local support:") == 1


def test_branding_is_printed_where_it_should_be(examples):
    out = examples["charity"]
    poster_text = pdf_text(out / "poster-A4.pdf")
    for expected in ("You deserve to feel safe", "You can talk to us about anything happening at home.",
                     "Shared by Harbour Light Support", "harbourlight.example.org", "Harbour Light helpline",
                     "0808 157 0123"):
        assert expected in poster_text, expected
    card = pdf_text(out / "wallet-card-print-shop.pdf")
    assert "From Harbour Light Support" in card
    assert "You deserve to feel safe" in card
    large = pdf_text(out / "large-print-A4.pdf")
    assert "Shared by Harbour Light Support" in large and "harbourlight.example.org" in large
    pharmacy_card = pdf_text(examples["pharmacy"] / "wallet-card-print-shop.pdf")
    assert "From Eastgate Pharmacy" in pharmacy_card
    assert "Ask for ANI at the counter for a private room" in pharmacy_card


def _logo_box_px(pack_path: Path, scale: float):
    page = poster.layout(load_pack(pack_path))
    (logo,) = [item for item in page.items if isinstance(item, Image)]
    px = scale * 72 / 25.4
    return logo, [round(v * px) for v in (logo.box.x, logo.box.y, logo.box.right, logo.box.bottom)]


def _colours_in(pdf: Path, box: list[int], scale: float) -> set[tuple[int, int, int]]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    return {colour for _, colour in image.crop(box).getcolors(maxcolors=1 << 24)}


def test_svg_logo_is_drawn_as_vector_shapes_in_its_own_colours(examples, tmp_path):
    out = examples["charity"]
    pdf = out / "poster-A4.pdf"
    resources = PdfReader(pdf).pages[0]["/Resources"]["/XObject"]
    kinds = {x.get_object()["/Subtype"] for x in resources.values()}
    assert "/Image" not in kinds, "an SVG logo must not be rasterised"
    forms = [x.get_object() for x in resources.values() if x.get_object()["/Subtype"] == "/Form"]
    assert any(b" re" in f.get_data() or b" l" in f.get_data() for f in forms)
    logo, box = _logo_box_px(_example("charity", tmp_path), 4)
    assert logo.logo.vector
    colours = _colours_in(pdf, box, 4)
    assert (0x0F, 0x4C, 0x5C) in colours           # the lighthouse's panel
    assert (0xF2, 0xC1, 0x4E) in colours           # its light
    # The logo's own text is set in the embedded project font, not a printer's Helvetica.
    assert all(f.ok for f in verify(out) if f.check == "fonts embedded")


def test_png_logo_is_drawn_once_per_document(examples, tmp_path):
    pdf = examples["gp-surgery"] / "wallet-cards-A4.pdf"
    images = pdf_images(pdf)
    assert len(images) == 1, "ten cards share one copy of the logo"
    _, box = _logo_box_px(_example("gp-surgery", tmp_path), 4)
    assert (0, 94, 74) in _colours_in(examples["gp-surgery"] / "poster-A4.pdf", box, 4)


def test_a_low_resolution_logo_warns_with_the_size_it_needs(tmp_path):
    PILImage.new("RGB", (120, 40), (0, 110, 70)).save(tmp_path / "logo.png")
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\nbranding:\n  organisation: Riverside Surgery\n  logo: logo.png\n"
                    "services:\n  listed: [mens-advice-line, hourglass]\n")
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 0, result.err
    # A3 is the largest use: 36 mm x sqrt(2) wide; 150 dpi there needs 301 px.
    assert "branding.logo: logo.png is 120 x 40 px, only 60 dpi at 50.9 x 17.0 mm in poster-A3.pdf" in result.err
    assert "Give at least 301 x 101 px (150 dpi), or an SVG" in result.err


def test_text_in_a_logo_under_a_products_minimum_warns_with_its_size_and_the_fix(tmp_path):
    """Issue 20: the charity's logo sets "Support" at 26 units in a 330-unit-wide logo; on a
    card the logo is printed about 42 mm wide, so that text is 3.3 pt, under the card's 7 pt."""
    from generator.build import build

    pack = _example("charity", tmp_path)
    result = build(pack, tmp_path / "out", products="wallet-card", verify=False, previews=False)
    found = [str(w) for w in result.warnings if "the text in logo.svg" in str(w)]
    assert found == [
        f"warning: {pack}: branding.logo: the text in logo.svg prints at 3.3 pt in {name}, under the 7 pt that "
        "product needs; the name is printed beside it in full, but to keep the logo's words readable give a "
        "version without them, or with them 2.1 times larger"
        for name in ("wallet-cards-A4.pdf", "wallet-card-print-shop.pdf")]


def test_a_logo_without_text_or_with_text_large_enough_gives_no_warning(tmp_path):
    from generator.build import build

    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40" '
                                       'viewBox="0 0 100 40"><rect width="100" height="40" fill="#135"/>'
                                       '<text x="2" y="34" font-size="30" fill="#fff">Aid</text></svg>')
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\nbranding:\n  organisation: Riverside Surgery\n  logo: logo.svg\n")
    result = build(pack, tmp_path / "out", products="poster", verify=False, previews=False)
    assert not [w for w in result.warnings if "the text in logo.svg" in str(w)]


def _billion_laughs() -> str:
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE svg [{"".join(entities)}]>'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&a9;</text></svg>')


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
BAD_LOGOS = {
    "truncated.png": (lambda path: path.write_bytes(_png_bytes()[:300]), "not a readable PNG, JPEG or SVG"),
    "animation.gif": (lambda path: PILImage.new("RGB", (300, 100)).save(path, "GIF"), "is a GIF image"),
    "notes.png": (lambda path: path.write_text("not an image at all"), "not a readable PNG, JPEG or SVG"),
    "huge.png": (lambda path: PILImage.new("1", (8000, 6000)).save(path), "8000 x 6000 pixels"),
    "laughs.svg": (lambda path: path.write_text(_billion_laughs()), "declares a DTD or entities"),
    "external.svg": (lambda path: path.write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'{SVG_HEAD}<text>&x;</text></svg>'), "declares a DTD or entities"),
    "linked.svg": (lambda path: path.write_text(f'{SVG_HEAD}<image xlink:href="file:///etc/passwd" width="10" '
                                                'height="10"/></svg>'), "refers to another file or address"),
    "script.svg": (lambda path: path.write_text(f"{SVG_HEAD}<script>alert(1)</script></svg>"), "contains <script>"),
    "styled.svg": (lambda path: path.write_text(f'{SVG_HEAD}<style>@import url("https://x.example/a.css");</style>'
                                                "</svg>"), "loads a style from another file"),
    "broken.svg": (lambda path: path.write_text(f"{SVG_HEAD}<rect></svg>"), "not a readable SVG"),
    "page.svg": (lambda path: path.write_text('<html xmlns="http://www.w3.org/1999/xhtml"/>'), "not an SVG image"),
}


def _png_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    PILImage.effect_noise((400, 200), 60).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(BAD_LOGOS))
def test_a_bad_logo_gets_one_clear_line_and_no_output(name, tmp_path):
    make, expected = BAD_LOGOS[name]
    make(tmp_path / name)
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: london\nbranding:\n  organisation: Riverside Surgery\n  logo: {name}\n")
    out = tmp_path / "out"
    result = run_cli("build", "--config", pack, "--out", out)
    assert result.code == 2, result
    (line,) = result.err.strip().splitlines()
    assert f"pack.yaml:4: branding.logo: \"{name}\"" in line
    assert expected in line, line
    assert not out.exists()


def test_the_suggested_colour_is_one_that_passes(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text('extends: london\ncolours:\n  primary: "#7FB3D5"\n')
    result = run_cli("check", "--config", pack)
    assert result.code == 2
    suggestion = re.search(r'nearest that passes is "(#[0-9A-F]{6})"', result.err)[1]
    pack.write_text(f'extends: london\ncolours:\n  primary: "{suggestion}"\n')
    assert run_cli("check", "--config", pack).code == 0
    # Still the same blue, only darker: hue is kept, lightness changes.
    assert suggestion != "#000000"
    red, green, blue = (int(suggestion[i:i + 2], 16) for i in (1, 3, 5))
    assert blue > green > red


def test_a_headline_too_wide_for_its_line_is_refused(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\nwording:\n  headline: WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW\n")
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 2
    assert "wording.headline" in result.err and "too long for one line" in result.err


def test_a_discreet_card_refuses_a_local_service_whose_name_says_abuse(tmp_path):
    pack = _example("pharmacy", tmp_path)
    local = ('services:\n  local:\n    name: Eastgate Domestic Abuse Service\n    phone: "020 7946 0555"\n'
             "    for: people in Eastgate\n    checked_on: 2026-11\n")
    text = pack.read_text()
    listed = text[text.index("services:\n"):].split("\n")[1]
    pack.write_text(text.replace(f"services:\n{listed}\n", "") + local + listed + "\n")
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out")
    assert result.code == 2
    assert '"Domestic"' in result.err and "short_name" in result.err
    pack.write_text(pack.read_text().replace("    checked_on: 2026-11\n", "    checked_on: 2026-11\n    short_name: "
                                             "Eastgate Support\n    short_for: People in Eastgate\n"))
    assert run_cli("build", "--config", pack, "--out", tmp_path / "out").code == 0
    card = pdf_text(tmp_path / "out" / "wallet-card-print-shop.pdf")
    assert "Eastgate Support" in card and "Abuse" not in card


def test_large_print_sets_every_line_at_18_pt_or_more(examples, tmp_path):
    pages = large_print.layout(load_pack(_example("gp-surgery", tmp_path)))
    sizes = [text.size for page in pages for text in page.texts()]
    assert sizes and min(sizes) >= 18
    # The same, read back from the PDF's own text layer.
    document = pdfium.PdfDocument(examples["gp-surgery"] / "large-print-A4.pdf")
    try:
        for page in document:
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                if textpage.get_text_range(i, 1).strip():
                    assert pdfium.raw.FPDFText_GetFontSize(textpage.raw, i) >= 18 - 0.01
    finally:
        document.close()
    # One column, left aligned: every line starts at the margin (or beside a bar or QR code).
    chars, _ = glyphs(examples["gp-surgery"] / "large-print-A4.pdf")
    assert min(box.x for _, box in chars) == pytest.approx(large_print.MARGIN_MM, abs=0.5)


def test_init_writes_a_starter_that_builds_and_never_overwrites(tmp_path):
    target = tmp_path / "my-pack.yaml"
    result = run_cli("init", target)
    assert result.code == 0 and target.is_file()
    written = target.read_text()
    out = tmp_path / "out"
    assert run_cli("build", "--config", target, "--out", out).code == 0
    assert all(f.ok for f in verify(out))
    again = run_cli("init", target)
    assert again.code == 2 and "never overwritten" in again.err
    assert target.read_text() == written
    folder = tmp_path / "folder"
    folder.mkdir()
    assert run_cli("init", folder).code == 0 and (folder / "pack.yaml").is_file()


def _keys(mapping, prefix=""):
    for key, value in mapping.items():
        yield f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _keys(value, f"{prefix}{key}.")


def test_the_starter_shows_every_option_of_the_london_pack():
    london = yaml.safe_load((ROOT / "data" / "packs" / "london.yaml").read_text())
    template = TEMPLATE.read_text()
    for key in _keys(london):
        last = key.rsplit(".", 1)[-1]
        if key != "name":
            assert re.search(rf"^\s*#?\s*{re.escape(last)}:", template, re.MULTILINE), key
    for key in ("local", "short_name", "short_for", "checked_on", "count", "services", "label_sheets"):
        assert f"{key}:" in template, key


def test_the_starter_with_every_option_switched_on_builds(tmp_path):
    """Remove the # from every option line (not the notes), as a user would, and build."""
    (tmp_path / "logo.svg").write_text(f'{SVG_HEAD}<rect width="10" height="10" fill="#0F4C5C"/></svg>')
    lines = []
    starter = run_cli("init", tmp_path / "starter.yaml")
    assert starter.code == 0, starter.err
    for line in (tmp_path / "starter.yaml").read_text().splitlines():
        match = re.match(r"^(\s*)# (\s*(?:[a-z_]+:|- ).*)$", line)
        # childline stays off: with a local service switched on, A4 has room for five rows; so
        # does the leaflet, whose two A5 sides hold three or four (tests/test_leaflet.py).
        if match and "childline" not in line and "leaflet" not in line:
            line = match[1] + match[2]
        lines.append(line)
    text = "\n".join(lines).replace("organisation: null", "organisation: Riverside Surgery")
    text = text.replace("logo: null", "logo: logo.svg")
    pack = tmp_path / "pack.yaml"
    pack.write_text(text)
    out = tmp_path / "out"
    # Everything on at once (logo, organisation and a local service) fits A4 with five
    # national rows by stepping the body size down towards the 12 pt clear-print minimum.
    result = run_cli("build", "--config", pack, "--out", out)
    assert result.code == 0, result.err
    assert all(f.ok for f in verify(out))
    assert "020 7946 0000" in pdf_text(out / "poster-A4.pdf")
    assert "Shared by Riverside Surgery" in pdf_text(out / "large-print-A4.pdf")


def test_verify_measures_logo_text_as_printed_and_holds_only_the_pages_own_type_to_the_minimum(tmp_path):
    """Verify once read the logo's "Support" at its SVG size (26 pt) whatever the logo's size;
    as printed on a card it is 3.3 pt, shown beside the card's own 7 pt type but not counted."""
    from generator.build import build

    out = tmp_path / "out"
    build(_example("charity", tmp_path), out, products="wallet-card", verify=False, previews=False)
    (finding,) = [f for f in verify(out) if f.check == "type size" and f.file == "wallet-cards-A4.pdf"]
    assert finding.ok
    assert finding.figure.startswith("smallest 7.0 pt")
    assert finding.figure.endswith("; logo text 3.3 pt, not counted")


def test_the_charitys_own_cmyk_for_its_primary_colour_is_what_the_print_shop_file_fills_with(examples):
    # examples/charity/pack.yaml: primary "#0F4C5C", colours_cmyk primary [100, 30, 25, 60].
    out = examples["charity"]
    fills = set()
    with pikepdf.open(out / "wallet-card-print-shop.pdf") as pdf:
        streams = [page.obj for page in pdf.pages]
        streams += [x for page in pdf.pages for x in page.obj.Resources.get("/XObject", {}).values()]
        for owner in streams:
            for instruction in pikepdf.parse_content_stream(owner):
                if str(instruction.operator) == "k":
                    fills.add(tuple(round(float(v) * 100) for v in instruction.operands))
    assert (100, 30, 25, 60) in fills
    entry = next(e for e in json.loads((out / "manifest.json").read_text())["files"]
                 if e["path"] == "wallet-card-print-shop.pdf")
    assert entry["colours_cmyk"]["primary"] == ["#0F4C5C", [100, 30, 25, 60]]
    assert entry["colours_cmyk_own"] == ["primary"]
    guide = " ".join((out / "PRINTING.txt").read_text().split())
    assert "primary #0F4C5C = 100/30/25/60 (the pack's own values)" in guide
    # Office files stay RGB: no CMYK fill at all.
    with pikepdf.open(out / "wallet-cards-A4.pdf") as pdf:
        assert not [i for page in pdf.pages for i in pikepdf.parse_content_stream(page)
                    if str(i.operator) == "k"]
