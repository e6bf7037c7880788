"""pack.html: the pack's content as an accessible web page, read back as a parser would."""

from html.parser import HTMLParser
from pathlib import Path

import london
import pytest

from generator.build import build
from generator.pack import load_pack


class Outline(HTMLParser):
    """What a screen reader works from: the language, headings, links and every element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.links: list[dict] = []
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if tag == "a":
            self._link = {**attrs, "text": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def _outline(folder: Path) -> Outline:
    outline = Outline()
    outline.feed((folder / "pack.html").read_text(encoding="utf-8"))
    return outline


def test_the_page_has_a_language_one_title_and_headings_in_order(default_build):
    outline = _outline(default_build.folder)
    assert outline.tags[0] == ("html", {"lang": "en-GB", "dir": "ltr"})
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False)), outline.headings


def test_every_number_is_a_tel_link_that_dials_what_it_shows(default_build, default_pack):
    outline = _outline(default_build.folder)
    calls = {link["text"]: link["href"] for link in outline.links if link["href"].startswith("tel:")}
    for number in london.EVERY_NUMBER:
        assert calls[number] == "tel:+44" + number.replace(" ", "")[1:], number
    assert len(calls) == len(london.EVERY_NUMBER)


def test_every_link_says_where_it_goes_and_nothing_is_loaded_from_elsewhere(default_build, default_pack):
    outline = _outline(default_build.folder)
    assert all(link["text"].strip() for link in outline.links)
    assert all(link["href"].startswith(("https://", "tel:")) for link in outline.links)
    assert set(london.QR_LINKS) <= {link["href"] for link in outline.links}
    assert not [tag for tag, attrs in outline.tags if tag in ("script", "iframe", "img", "link") or "src" in attrs]


def test_a_bilingual_page_marks_each_language(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\nlanguage: [cy, en]\nproducts:\n  poster: null\n  wallet_card: null\n")
    build(pack, tmp_path / "out", verify=False, previews=False)
    outline = _outline(tmp_path / "out")
    assert outline.tags[0][1]["lang"] == "cy-GB"
    spans = [attrs.get("lang") for tag, attrs in outline.tags if tag == "span"]
    assert spans.count("cy-GB") > 5 and spans.count("cy-GB") == spans.count("en-GB")


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_a_right_to_left_page_keeps_every_number_left_to_right(tmp_path, language):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: london\nlanguage: {language}\n")
    build(pack, tmp_path / "out", verify=False, previews=False, products="sticker")
    outline = _outline(tmp_path / "out")
    assert outline.tags[0][1]["dir"] == "rtl"
    numbers = [link for link in outline.links if link["href"].startswith("tel:")]
    assert len(numbers) == len(load_pack(pack).services)
    assert all(link.get("dir") == "ltr" for link in numbers)
