"""`serve`: the web page, its safety, and the page itself driven in Chromium by Playwright."""

import base64
import io
import json
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from generator.verify import verify
from generator.web import App, form, make_server
from tests.conftest import run_cli

LONDON_COLOURS = {"primary": "#4A1F6F", "accent": "#006B6B", "emergency": "#A4161A", "text": "#1B1B1F",
                  "background": "#FFFFFF"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _png(path: Path | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 200), (0, 94, 74)).save(buffer, "PNG")
    if path is not None:
        path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def server():
    app = App()
    httpd = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", app
    httpd.shutdown()
    httpd.server_close()


def _post(base: str, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict | bytes]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(base + path, data, {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = response.read()
            status = response.status
            kind = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        payload, status, kind = exc.read(), exc.code, exc.headers.get("Content-Type", "")
    return status, json.loads(payload) if kind.startswith("application/json") else payload


def _scratch_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("helpline-pack-web-*")}


# -- the form and the pack file ---------------------------------------------------------------------
def test_the_forms_pack_file_builds_with_the_command_line(tmp_path):
    fields = {"organisation": "Riverside Surgery", "services": ["galop", "hourglass"], "card_front": "discreet",
              "local": {"name": "Riverside IDVA", "phone": "020 7946 0123", "hours": "24/7", "for": "anyone",
                        "checked_on": "2026-11"}, "colours": LONDON_COLOURS, "large_print": False}
    text, logo = form.write_pack({**fields, "logo": {"name": "x.png", "data": base64.b64encode(_png()).decode()}},
                                 tmp_path / "pack", max_logo=5 * 2**20)
    assert logo == "logo.png" and "logo: logo.png" in text
    result = run_cli("build", "--config", tmp_path / "pack" / "pack.yaml", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert not (tmp_path / "out" / "large-print-A4.pdf").exists()
    assert form.read_pack_yaml(text)["services"] == ["galop", "hourglass"]


def test_an_uploaded_pack_fills_the_form(tmp_path):
    fields = form.read_pack_yaml(Path("examples/charity/pack.yaml").read_text())
    assert fields["organisation"] and fields["names_logo"] and fields["colours"]["primary"]
    with pytest.raises(Exception, match="tags that build objects"):
        form.read_pack_yaml("extends: london\ntitle: !!python/object/apply:os.system ['true']\n")


@pytest.mark.parametrize("data, expected", [
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PNG, JPEG or SVG image (judged by what is in the file"),
    (b"not an image at all", "not a PNG, JPEG or SVG image"),
])
def test_a_logo_is_judged_by_its_contents_not_its_name(data, expected):
    with pytest.raises(Exception, match=r"not a PNG, JPEG or SVG") as caught:
        form.logo_bytes({"name": "logo.png", "data": base64.b64encode(data).decode()}, 5 * 2**20)
    assert expected in str(caught.value) and caught.value.field == "branding.logo"


# -- the server ---------------------------------------------------------------------------------------
def test_a_preview_is_built_checked_and_its_folder_removed(server):
    base, _ = server
    before = _scratch_folders()
    status, answer = _post(base, "/api/preview", {"organisation": "Riverside Surgery", "services": ["galop"],
                                                  "colours": LONDON_COLOURS})
    assert status == 200, answer
    assert answer["previews"][0]["name"] == "poster-A4-1" and answer["previews"][0]["src"].startswith("data:image/png")
    assert answer["findings"] and all(f["ok"] for f in answer["findings"])
    assert _scratch_folders() == before, "nothing about an organisation is kept after the response"


def test_a_bad_field_comes_back_with_the_field_and_the_clis_words(server):
    base, _ = server
    status, answer = _post(base, "/api/preview", {"services": [], "colours": LONDON_COLOURS, "local": {
        "name": "Local line", "phone": "020 7946 012", "for": "anyone", "checked_on": "2026-11"}})
    assert status == 200
    assert answer["error"]["field"] == "services.local.phone"
    assert "is not a valid UK number (10 digits; expected 11)" in answer["error"]["message"]


def test_oversized_uploads_other_hosts_and_slow_builds_are_refused(server):
    base, app = server
    request = urllib.request.Request(base + "/api/preview", b"{}", {"Content-Length": str(9 * 2**20)})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 413
    status, _ = _post(base, "/api/options", {}, {"Host": "evil.example"})
    assert status == 421
    limit = app.build_seconds
    app.build_seconds = 0.01
    try:
        status, answer = _post(base, "/api/preview", {"services": [], "colours": LONDON_COLOURS})
    finally:
        app.build_seconds = limit
    assert status == 503 and "longer than 0.01 s" in answer["error"]["message"]


def test_the_colour_check_offers_the_nearest_passing_colour(server):
    base, _ = server
    status, answer = _post(base, "/api/colours", {"colours": {**LONDON_COLOURS, "primary": "#8FA3D6"}})
    failing = [pair for pair in answer["colours"] if not pair["ok"]]
    assert status == 200 and failing and failing[0]["colour"] == "primary"
    assert failing[0]["suggestion"] == "#5573C1"


# -- the page in a real browser -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def page(server):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (python3 dev.py test installs it with apt-get as root)")
    from playwright.sync_api import sync_playwright

    base, _ = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(base + "/")
        page.wait_for_selector("#pages img", timeout=30_000)
        yield page
        browser.close()


def _first_preview(page) -> str:
    return page.get_attribute("#pages img", "src")


def test_filling_the_form_changes_the_preview_and_the_zip_passes_verify(page, tmp_path):
    before = _first_preview(page)
    page.fill("#organisation", "Riverside Surgery")
    page.set_input_files("#logo", files=[{"name": "logo.png", "mimeType": "image/png", "buffer": _png()}])
    page.wait_for_function("src => document.querySelector('#pages img').src !== src", arg=before, timeout=30_000)
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('up to date')",
                           timeout=30_000)
    assert "checks passed" in page.inner_text("#checks")
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
    # The pack file rebuilds the same pack with the command line.
    rebuilt = run_cli("build", "--config", tmp_path / "helpline-pack" / "pack" / "pack.yaml", "--out",
                      tmp_path / "again", "--no-previews", "--no-verify")
    assert rebuilt.code == 0, rebuilt.err
    assert ((tmp_path / "again" / "poster-A4.pdf").read_bytes()
            == (tmp_path / "helpline-pack" / "poster-A4.pdf").read_bytes())


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
    # The preview rebuilt for the new colour must not sweep the colour's own result away.
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Not built')",
                           timeout=30_000)
    assert "2.5:1" in page.inner_text("#colour-primary-result")
    assert page.get_attribute("#colour-primary", "aria-invalid") == "true"
    assert fix.inner_text() == "Use #5573C1 instead"
    fix.click()
    page.wait_for_function("() => document.querySelector('#colour-primary-result').textContent.includes('passes')",
                           timeout=30_000)
    assert page.input_value("#colour-primary") == "#5573C1"


def test_the_page_is_labelled_keyboard_usable_and_loads_nothing_from_elsewhere(page, server):
    base, _ = server
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, button')]
        .filter(el => el.offsetParent !== null && el.tabIndex >= 0)
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.id || el.outerHTML.slice(0, 60))""")
    assert unlabelled == []
    assert page.get_attribute("html", "lang") == "en-GB"
    assert all(url.startswith(base) or url.startswith("data:") for url in page.requests), page.requests
    # From the top of a fresh page, the keyboard reaches the skip link, then the form in order.
    page.goto(base + "/")
    page.wait_for_selector("#pages img", timeout=30_000)
    reached = []
    for _ in range(4):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert reached == ["Skip to the preview", "organisation", "contact", "logo"], reached
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")          # the skip link
    assert page.evaluate("document.activeElement.id") == "preview-title"
