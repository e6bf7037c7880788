"""The `serve` page in Chromium, driven by Playwright: filling the form, the download, a phone's
screen, the base-pack choice, the Welsh page, and an axe-core audit of the page and of pack.html."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.verify import verify
from generator.web import Server
from tests.conftest import run_cli
from tests.test_web import png_bytes

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
WELSH = json.loads(Path("generator/web/static/cy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (python3 dev.py test installs it with apt-get as root)")
    from playwright.sync_api import sync_playwright

    running = Server("127.0.0.1", 0)
    running.start()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        launched.base = f"http://127.0.0.1:{running.port}"
        yield launched
        launched.close()
    running.stop()


def open_page(browser, viewport=DESKTOP, query: str = ""):
    context = browser.new_context(accept_downloads=True, viewport=viewport)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(browser.base + "/" + query)
    checked(page)
    return page


def checked(page) -> None:
    """Wait until the whole pack has been built and verified for the form as it is."""
    page.wait_for_selector("#checks .ok, #checks .bad, .error", timeout=60_000)


@pytest.fixture(scope="module")
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


def axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["help"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]]


def test_filling_the_form_changes_the_preview_and_the_zip_passes_verify(page, tmp_path):
    before = page.get_attribute("#pages img", "src")
    page.fill("#organisation", "Riverside Surgery")
    page.set_input_files("#logo", files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}])
    page.wait_for_function("src => document.querySelector('#pages img').src !== src", arg=before, timeout=30_000)
    assert page.get_attribute("#pages img", "src").startswith("/preview/")      # fetched, not inline data
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('up to date')",
                           timeout=60_000)
    assert "checks passed" in page.inner_text("#checks")
    assert "things to know before you print" in page.inner_text("#checks")
    with page.expect_download(timeout=60_000) as download:
        page.click("#download")
    bundle = tmp_path / "pack.zip"
    download.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
        names = archive.namelist()
    assert {"helpline-pack/poster-A4.pdf", "helpline-pack/pack.html", "helpline-pack/pack/pack.yaml",
            "helpline-pack/pack/logo.png", "helpline-pack/previews/proof.png"} <= set(names)
    findings = verify(tmp_path / "helpline-pack")
    assert findings and all(f.ok for f in findings)
    rebuilt = run_cli("build", "--config", tmp_path / "helpline-pack" / "pack" / "pack.yaml", "--out",
                      tmp_path / "again", "--no-previews", "--no-verify")
    assert rebuilt.code == 0, rebuilt.err
    assert ((tmp_path / "again" / "poster-A4.pdf").read_bytes()
            == (tmp_path / "helpline-pack" / "poster-A4.pdf").read_bytes())


def test_the_edited_product_is_shown_first(page):
    page.select_option("#sticker_wording", "explicit")
    page.wait_for_function("() => document.querySelector('#pages figure').dataset.name.startsWith('stickers-')",
                           timeout=30_000)
    assert "just changed" in page.inner_text("#pages figure figcaption")
    checked(page)


def test_a_bad_upload_is_explained_next_to_the_logo_field(page):
    page.set_input_files("#logo", files=[{"name": "logo.png", "mimeType": "image/png", "buffer": b"not an image"}])
    error = page.wait_for_selector("#logo + .error", timeout=30_000)
    assert "not a PNG, JPEG or SVG image" in error.inner_text()
    assert page.get_attribute("#logo", "aria-invalid") == "true"
    page.click("#logo-clear")
    page.wait_for_function("() => !document.querySelector('#logo + .error')", timeout=30_000)


def test_a_failing_colour_is_shown_as_it_is_picked_with_a_fix(page):
    page.fill("#colour-primary", "#8FA3D6")
    fix = page.wait_for_selector("#colour-primary-result button", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Not built')",
                           timeout=30_000)
    assert "2.5:1" in page.inner_text("#colour-primary-result")
    assert page.get_attribute("#colour-primary", "aria-invalid") == "true"
    assert fix.inner_text() == "Use #5573C1 instead"
    fix.click()
    page.wait_for_function("() => document.querySelector('#colour-primary-result').textContent.includes('passes')",
                           timeout=30_000)
    assert page.input_value("#colour-primary") == "#5573C1"


def test_the_page_is_labelled_keyboard_usable_and_loads_nothing_from_elsewhere(page, browser):
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, button')]
        .filter(el => el.offsetParent !== null && el.tabIndex >= 0)
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.id || el.outerHTML.slice(0, 60))""")
    assert unlabelled == []
    assert page.get_attribute("html", "lang") == "en-GB"
    assert all(url.startswith(browser.base) or url.startswith("data:") or url.startswith("blob:")
               for url in page.requests), page.requests
    page.goto(browser.base + "/")
    checked(page)
    reached = []
    for _ in range(5):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert reached == ["Skip to the preview", "page-language", "base", "organisation", "contact"], reached
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")          # the skip link
    assert page.evaluate("document.activeElement.id") == "preview-title"


def test_the_base_pack_choice_lists_every_pack_in_data_packs(page):
    expected = []
    for path in sorted(Path("data/packs").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected.append((path.stem, document["title"]))
    offered = page.evaluate("[...document.querySelectorAll('#base option')].map(o => [o.value, o.textContent])")
    assert sorted(map(tuple, offered)) == sorted(expected)
    assert offered[0][0] == "london"
    for name, _ in expected:
        listed = yaml.safe_load((Path("data/packs") / f"{name}.yaml").read_text(encoding="utf-8"))
        page.select_option("#base", name)
        ticked = page.evaluate("[...document.querySelectorAll('#services li')].filter(li => "
                               "li.querySelector('input').checked).map(li => li.dataset.id)")
        if isinstance(listed.get("services", {}).get("listed"), list):
            assert ticked == listed["services"]["listed"], name
        checked(page)
    page.select_option("#base", "london")
    checked(page)


def test_on_a_phone_nothing_scrolls_sideways_and_the_preview_is_one_tap_away(browser):
    page = open_page(browser, PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px screen"
        cut = page.evaluate("""() => [...document.querySelectorAll('input, select, button, label, legend')]
            .filter(el => el.offsetParent !== null)
            .filter(el => { const box = el.getBoundingClientRect(); return box.left < 0 || box.right > innerWidth; })
            .map(el => el.id || el.textContent.slice(0, 40))""")
        assert cut == []
        # From half way down the form, one tap reaches the preview.
        page.focus("#local-phone")
        page.evaluate("document.querySelector('#local-phone').scrollIntoView()")
        page.click("a.to-preview")
        page.wait_for_function("() => { const box = document.querySelector('#preview-title').getBoundingClientRect();"
                               " return box.top >= -1 && box.top < innerHeight; }", timeout=10_000)
        assert page.evaluate("document.querySelector('#pages img').getBoundingClientRect().top") < PHONE["height"]
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_the_page_reads_in_welsh_marked_as_a_draft(browser):
    page = open_page(browser, DESKTOP)
    try:
        page.click("#page-language")
        page.wait_for_function("() => document.documentElement.lang === 'cy'", timeout=10_000)
        assert page.inner_text("h1") == WELSH["Make your helpline pack"]
        assert page.inner_text("#draft-note") == WELSH["_draft"]
        assert page.inner_text("label[for=organisation]") == WELSH["Name, printed on every product"]
        assert page.inner_text("#page-language") == "English"
        assert axe_violations(page) == []
        page.click("#page-language")
        assert page.inner_text("h1") == "Make your helpline pack"
    finally:
        page.context.close()


def test_axe_finds_nothing_on_the_page_at_desktop_width(browser):
    page = open_page(browser, DESKTOP)
    try:
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_axe_finds_nothing_on_the_built_pack_html(browser, default_build):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(default_build.file("pack.html").as_uri())
        assert axe_violations(page) == []
        page.set_viewport_size(PHONE)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_welsh_and_english_option_builds_from_the_wales_pack(page):
    """Issue 19: the page's bilingual option builds its default pack (every sentence twice
    needs Wales's shorter list; from England's packs the page moves to it)."""
    page.select_option("#base", "london")
    page.select_option("#language", "cy en")
    assert page.input_value("#base") == "wales"
    page.wait_for_timeout(200)
    checked(page)
    assert page.locator(".error").count() == 0, page.locator(".error").first.inner_text()
    assert page.locator("#checks .ok").count() >= 1          # every check passed
    assert "problems found" not in page.locator("#checks").inner_text()
    page.select_option("#language", "en")
    page.select_option("#base", "london")
    checked(page)
