"""`serve`: the form, the server's protections (each break from issue 23 is a test here) and
the preview and check answers. The page in a real browser: tests/test_web_browser.py."""

import base64
import io
import json
import socket
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.errors import DataError
from generator.web import Server, form
from generator.web import server as web_server
from generator.web.words import form_words
from tests.conftest import run_cli

LONDON_COLOURS = {"primary": "#4A1F6F", "accent": "#006B6B", "emergency": "#A4161A", "text": "#1B1B1F",
                  "background": "#FFFFFF"}
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


def png_bytes(path: Path | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 200), (0, 94, 74)).save(buffer, "PNG")
    if path is not None:
        path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def served():
    running = Server("127.0.0.1", 0)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def base(served):
    return f"http://127.0.0.1:{served.port}"


def post(base: str, path: str, body, headers: dict | None = None) -> tuple[int, dict | bytes, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data, {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload, status, answer_headers = response.read(), response.status, response.headers
    except urllib.error.HTTPError as exc:
        payload, status, answer_headers = exc.read(), exc.code, exc.headers
    kind = answer_headers.get("Content-Type", "")
    lowered = {name.lower(): value for name, value in answer_headers.items()}
    return status, json.loads(payload) if kind.startswith("application/json") else payload, lowered


def raw(served, request: bytes, *, read_timeout: float = 30) -> bytes:
    """Send ``request`` bytes as they are and read the whole answer (the server closes)."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=read_timeout) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def scratch_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("helpline-pack-web-*")}


# -- the form and the pack file ---------------------------------------------------------------------
def test_the_forms_pack_file_builds_with_the_command_line(tmp_path):
    fields = {"organisation": "Riverside Surgery", "services": ["galop", "hourglass"], "card_front": "discreet",
              "local": {"name": "Riverside IDVA", "phone": "020 7946 0123", "hours": "24/7", "for": "anyone",
                        "checked_on": "2026-11"}, "colours": LONDON_COLOURS, "large_print": False}
    text, logo = form.write_pack({**fields, "logo": {"name": "x.png", "data": base64.b64encode(png_bytes()).decode()}},
                                 tmp_path / "pack", max_logo=5 * 2**20)
    assert logo == "logo.png" and "logo: logo.png" in text
    result = run_cli("build", "--config", tmp_path / "pack" / "pack.yaml", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert not (tmp_path / "out" / "large-print-A4.pdf").exists()
    assert form.read_pack_yaml(text)["services"] == ["galop", "hourglass"]


def test_the_leaflet_is_off_until_ticked_and_then_in_the_pack_file_and_its_preview(tmp_path, base):
    # The one product a pack adds by naming it (`products: {leaflet: {}}`), so it starts unticked.
    off, _ = form.write_pack({"colours": LONDON_COLOURS}, tmp_path / "off", max_logo=2**20)
    assert yaml.safe_load(off)["products"].get("leaflet") is None
    text, _ = form.write_pack({"colours": LONDON_COLOURS, "leaflet": True}, tmp_path / "pack", max_logo=2**20)
    assert yaml.safe_load(text)["products"]["leaflet"] == {}
    assert form.read_pack_yaml(text)["leaflet"] is True
    assert form.read_pack_yaml(Path("examples/charity/pack.yaml").read_text())["leaflet"] is False
    result = run_cli("build", "--config", tmp_path / "pack" / "pack.yaml", "--out", tmp_path / "out",
                     "--no-verify", "--no-previews")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "leaflet-A5.pdf").is_file()
    status, answer, _ = post(base, "/api/preview", {"colours": LONDON_COLOURS, "leaflet": True, "focus": "leaflet"})
    assert status == 200, answer
    assert answer["name"] == "leaflet-A5-1"


def test_the_base_packs_are_the_files_in_data_packs():
    expected = {}
    for path in sorted(Path("data/packs").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected[path.stem] = document["title"]
    assert form.base_packs() == expected
    assert next(iter(form.base_packs())) == "london"           # the page starts from the default
    for name in expected:
        assert form.pack_document({"base": name})["extends"] == name
    with pytest.raises(DataError, match="must be one of the built-in packs") as caught:
        form.pack_document({"base": "../../etc/passwd"})
    assert caught.value.field == "extends"


def test_an_uploaded_pack_fills_the_form(tmp_path):
    fields = form.read_pack_yaml(Path("examples/charity/pack.yaml").read_text())
    assert fields["organisation"] and fields["names_logo"] and fields["colours"]["primary"]
    assert fields["base"] == "london"
    with pytest.raises(Exception, match="tags that build objects"):
        form.read_pack_yaml("extends: london\ntitle: !!python/object/apply:os.system ['true']\n")


def test_a_loaded_packs_own_cmyk_values_go_back_into_the_pack_file_while_their_colour_stays(tmp_path):
    # examples/charity/pack.yaml: primary "#0F4C5C" with colours_cmyk primary [100, 30, 25, 60].
    fields = form.read_pack_yaml(Path("examples/charity/pack.yaml").read_text())
    assert fields["colours_cmyk"] == {"primary": {"for": "#0F4C5C", "cmyk": [100, 30, 25, 60]}}
    text, _ = form.write_pack({**fields, "logo": None}, tmp_path / "same", max_logo=2**20)
    assert yaml.safe_load(text)["colours_cmyk"] == {"primary": [100, 30, 25, 60]}
    repainted = {**fields, "logo": None, "colours": {**fields["colours"], "primary": "#123F4C"}}
    text, _ = form.write_pack(repainted, tmp_path / "new", max_logo=2**20)
    assert "colours_cmyk" not in yaml.safe_load(text)


@pytest.mark.parametrize("data, expected", [
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PNG, JPEG or SVG image (judged by what is in the file"),
    (b"not an image at all", "not a PNG, JPEG or SVG image"),
])
def test_a_logo_is_judged_by_its_contents_not_its_name(data, expected):
    with pytest.raises(Exception, match=r"not a PNG, JPEG or SVG") as caught:
        form.logo_bytes({"name": "logo.png", "data": base64.b64encode(data).decode()}, 5 * 2**20)
    assert expected in str(caught.value) and caught.value.field == "branding.logo"


def test_the_clis_fix_is_said_with_the_boxes_the_form_shows():
    said = form_words("the poster content is 16.8 mm too tall at 12 pt, the smallest body size allowed; drop "
                      "`galop` and `childline` from services.listed (A4 holds this much at 12 pt), or shorten "
                      "the wording")
    assert "untick Galop LGBT+ Domestic Abuse Helpline and Childline in the Helplines list" in said
    assert "`" not in said and "services.listed" not in said
    assert form_words("drop `hourglass` from products.wallet_card.services") == \
        "untick Hourglass in the Helplines list"


# -- the server: each break from issue 23 ------------------------------------------------------------
def test_a_negative_content_length_is_refused_with_the_security_headers(served):
    answer = raw(served, b"POST /api/preview HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                         b"Content-Length: -1\r\n\r\n{}" % served.port)
    head = answer.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert head.startswith("http/1.1 400"), head
    assert all(f"{name}:" in head for name in SECURITY_HEADERS), head


def test_a_huge_content_length_is_refused_before_the_body_is_sent(served):
    # Only the headers are sent: the answer must come without waiting for 9 GB.
    answer = raw(served, b"POST /api/preview HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 9000000000\r\n"
                         b"Connection: close\r\n\r\n" % served.port)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"content-security-policy" in answer.lower()


def test_a_body_without_a_length_is_refused(served):
    answer = raw(served, b"POST /api/colours HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nTransfer-Encoding: chunked\r\n"
                         b"Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n" % served.port)
    assert answer.startswith(b"HTTP/1.1 411"), answer[:200]


def test_deeply_nested_json_gets_one_clear_400(base):
    for body in (b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", json.dumps({"colours": [[[[[[[[1]]]]]]]]}).encode()):
        status, answer, headers = post(base, "/api/colours", body)
        assert status == 400, answer
        assert "nests deeper than 6 levels" in answer["error"]["message"]
        assert "content-security-policy" in headers


@pytest.mark.parametrize("products", ["[1, 2]", "abc", "{poster: [1, 2]}"])
def test_a_loaded_pack_with_odd_types_gets_a_400_naming_the_field(base, products):
    status, answer, _ = post(base, "/api/load", {"yaml": f"extends: london\nproducts: {products}\n"})
    assert status == 400, answer
    assert answer["error"]["field"].startswith("products"), answer
    assert "Traceback" not in json.dumps(answer)


@pytest.mark.parametrize("fields, field", [
    ({"services": "galop"}, "services.listed"),
    ({"poster": "yes"}, "products.poster"),
    ({"local": [1, 2]}, "services.local"),
    ({"base": ["london"]}, "extends"),
    ({"large_print_pt": "18"}, "products.large_print.body_pt"),
    ({"focus": 7}, None),
])
def test_form_fields_of_the_wrong_type_get_a_400(base, fields, field):
    status, answer, _ = post(base, "/api/preview", {"colours": LONDON_COLOURS, **fields})
    assert status == 400, answer
    assert answer["error"]["field"] == field and answer["error"]["message"]


def test_a_request_from_another_site_is_refused_with_403(base):
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": base, "Sec-Fetch-Site": "same-site"}):
        status, answer, response_headers = post(base, "/api/preview", {"colours": LONDON_COLOURS}, headers)
        assert status == 403, (headers, answer)
        assert "another web site" in answer["error"]["message"]
        assert "content-security-policy" in response_headers
    status, _, _ = post(base, "/api/colours", {"colours": LONDON_COLOURS},
                        {"Origin": base, "Sec-Fetch-Site": "same-origin"})
    assert status == 200


def test_other_hosts_oversized_uploads_and_unknown_paths_are_refused_with_headers(base):
    for path, body, headers, expected in (
        ("/api/options", None, {"Host": "evil.example"}, 421),
        ("/nowhere", None, {}, 404),
        ("/api/preview", None, {}, 405),            # a GET of a POST-only address
    ):
        request = urllib.request.Request(base + path, body, headers)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=30)
        assert caught.value.code == expected
        assert all(caught.value.headers.get(name) for name in SECURITY_HEADERS), path


def test_fifty_simultaneous_connections_all_get_answers(served, base):
    barrier = threading.Barrier(50)
    results: list = []

    def client(number: int) -> None:
        barrier.wait(timeout=30)
        try:
            if number % 5 == 0:
                status, answer, _ = post(base, "/api/preview", {"organisation": f"Site {number}",
                                                                 "colours": LONDON_COLOURS})
                results.append(status if "image" in answer else answer)
            else:
                status, _, _ = post(base, "/api/colours", {"colours": LONDON_COLOURS})
                results.append(status)
        except OSError as exc:          # "connection reset", refused, timed out
            results.append(repr(exc))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results == [200] * 50 or sorted(map(str, results)) == ["200"] * 50, results


def test_an_idle_connection_is_closed(served, monkeypatch):
    monkeypatch.setattr(web_server, "HEADER_SECONDS", 0.3)
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as connection:
        assert connection.recv(1) == b""       # closed by the server, not by the 20 s timeout


def test_a_slow_body_is_cut_off(served, monkeypatch):
    monkeypatch.setattr(web_server, "BODY_SECONDS", 0.3)
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as connection:
        connection.sendall(b"POST /api/colours HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 100\r\n"
                           b"Content-Type: application/json\r\n\r\n{" % served.port)
        answer = connection.recv(65536)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]


def test_an_svg_logo_with_onload_is_refused(base):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><rect width="5" height="5"/></svg>'
    status, answer, _ = post(base, "/api/preview", {"colours": LONDON_COLOURS, "logo": {
        "name": "logo.svg", "data": base64.b64encode(svg).decode()}})
    assert status == 200 and answer["error"]["field"] == "branding.logo", answer
    assert "onload" in answer["error"]["message"] and "must not" in answer["error"]["message"]


def test_no_message_names_a_folder_on_the_server(base):
    status, answer, _ = post(base, "/api/preview", {"services": [], "colours": LONDON_COLOURS, "local": {
        "name": "Local line", "phone": "020 7946 012", "for": "anyone", "checked_on": "2026-11"}})
    said = json.dumps(answer)
    assert status == 200 and answer["error"]["line"].startswith("pack.yaml:"), answer
    assert tempfile.gettempdir() not in said and "helpline-pack-web" not in said
    status, answer, _ = post(base, "/api/check", {"colours": LONDON_COLOURS})
    assert status == 200 and answer["warnings"]
    assert tempfile.gettempdir() not in json.dumps(answer) and str(Path.cwd()) not in json.dumps(answer)


# -- previews, checks, downloads ----------------------------------------------------------------------
def test_a_preview_is_the_edited_products_first_page_as_a_fetched_image(base):
    before = scratch_folders()
    status, answer, _ = post(base, "/api/preview", {"organisation": "Riverside Surgery", "services": ["galop"],
                                                    "colours": LONDON_COLOURS, "focus": "sticker"})
    assert status == 200, answer
    assert answer["name"] == "stickers-L7160-1" and answer["image"].startswith("/preview/")
    with urllib.request.urlopen(base + answer["image"], timeout=30) as response:
        image = Image.open(io.BytesIO(response.read()))
        assert response.headers["Content-Type"] == "image/png"
        assert "max-age" in response.headers["Cache-Control"]
    assert image.width == 840 and abs(image.height - 840 * 297 / 210) <= 1      # an A4 sheet, portrait
    assert scratch_folders() == before, "nothing about an organisation is kept after the response"
    # Unticked, the product is not shown: the first one that is ticked is.
    status, answer, _ = post(base, "/api/preview", {"colours": LONDON_COLOURS, "sticker": False, "poster": False,
                                                    "focus": "sticker"})
    assert answer["name"] == "wallet-cards-A4-1"


def test_a_check_builds_and_verifies_every_page_and_passes_every_warning_on(base):
    status, answer, _ = post(base, "/api/check", {"organisation": "Riverside Surgery", "services": ["galop"],
                                                  "colours": LONDON_COLOURS})
    assert status == 200, answer
    assert answer["findings"] and all(f["ok"] for f in answer["findings"])
    names = [page["name"] for page in answer["pages"]]
    assert names[0] == "poster-A4-1" and "stickers-L7160-1" in names and "wallet-cards-A4-2" in names
    # Every warning a build of the same pack gives on the command line, none dropped.
    folder = Path(tempfile.mkdtemp())
    form.write_pack({"organisation": "Riverside Surgery", "services": ["galop"], "colours": LONDON_COLOURS},
                    folder / "pack", max_logo=5 * 2**20)
    # With verify, as the page checks: a QR code short of its distance is a warning verify finds.
    cli = run_cli("build", "--config", folder / "pack" / "pack.yaml", "--out", folder / "out", "--no-previews")
    cli_warnings = [line for line in cli.err.splitlines() if line.startswith("warning:")]
    assert len(answer["warnings"]) == len(cli_warnings) > 0
    assert [w["field"] for w in answer["warnings"]] == [line.split(": ")[2] for line in cli_warnings]
    assert all("checked_on" not in w["message"] for w in answer["warnings"])    # plain words, not YAML


def test_a_bad_field_comes_back_with_the_field_and_the_clis_words(base):
    status, answer, _ = post(base, "/api/preview", {"services": [], "colours": LONDON_COLOURS, "local": {
        "name": "Local line", "phone": "020 7946 012", "for": "anyone", "checked_on": "2026-11"}})
    assert status == 200
    assert answer["error"]["field"] == "services.local.phone"
    assert "is not a valid UK number (10 digits; expected 11)" in answer["error"]["message"]


def test_an_overfull_poster_names_the_boxes_to_untick(base):
    every = json.loads(urllib.request.urlopen(base + "/api/options", timeout=30).read())
    london = every["packs"][0]
    services = [s["id"] for s in every["services"] if s["id"] not in london["fixed"]]
    status, answer, _ = post(base, "/api/preview", {"services": services, "colours": LONDON_COLOURS, "local": {
        "name": "Riverside IDVA Service", "phone": "020 7946 0123", "hours": "Mon to Fri, 9am to 5pm",
        "for": "adults in Riverside who are being harmed at home", "checked_on": "2026-11"}})
    assert status == 200 and answer["error"]["field"] == "services.listed", answer
    assert "untick" in answer["error"]["message"] and "in the Helplines list" in answer["error"]["message"]
    assert "`" not in answer["error"]["message"]


def test_slow_builds_are_stopped(served, base):
    limit = served.app.builder.build_seconds
    served.app.builder.build_seconds = 0.01
    try:
        status, answer, _ = post(base, "/api/preview", {"services": [], "colours": LONDON_COLOURS})
    finally:
        served.app.builder.build_seconds = limit
    assert status == 503 and "longer than 0.01 s" in answer["error"]["message"]


def test_the_colour_check_offers_the_nearest_passing_colour(base):
    status, answer, _ = post(base, "/api/colours", {"colours": {**LONDON_COLOURS, "primary": "#8FA3D6"}})
    failing = [pair for pair in answer["colours"] if not pair["ok"]]
    assert status == 200 and failing and failing[0]["colour"] == "primary"
    assert failing[0]["suggestion"] == "#5573C1"


def test_serve_on_a_network_says_how_to_put_it_behind_a_proxy(monkeypatch, capsys):
    from generator import cli

    def refuse(*args, **kwargs):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr("generator.web.Server", refuse)
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "3"]) == 2
    err = capsys.readouterr().err
    assert "proxy_pass http://127.0.0.1:8000" in err and "cannot listen on 0.0.0.0:8000" in err
    assert cli.main(["serve", "--workers", "0"]) == 2
    assert "1 to 64" in capsys.readouterr().err


def test_every_kind_of_build_warning_is_passed_on_in_plain_words(tmp_path):
    from generator.stale import StaleWarning
    from generator.web.words import warning_words

    stale = StaleWarning("data/services.yaml", 27, "services.galop.checked_on",
                         "last checked 2020-04 (79 months ago, limit 12); confirm it with the service and update "
                         "checked_on")
    said = warning_words(stale, tmp_path)
    assert said["about"] == "Galop LGBT+ Domestic Abuse Helpline"
    assert said["message"].startswith("last checked 2020-04") and "checked_on" not in said["message"]
    logo = StaleWarning(str(tmp_path / "pack" / "pack.yaml"), None, "branding.logo",
                        f"{tmp_path}/pack/logo.png is 600 x 200 px, only 90 dpi")
    said = warning_words(logo, tmp_path)
    assert said["about"] == "The logo" and said["message"] == "logo.png is 600 x 200 px, only 90 dpi"
    assert warning_words("a warning of a new kind", tmp_path) == {
        "field": "", "about": "The pack", "message": "a warning of a new kind"}


def test_a_full_product_is_said_plainly():
    said = form_words("the wallet card back is 3.1 mm too tall at 7 pt, the smallest size allowed; drop `galop` "
                      "from products.wallet_card.services (cards carry fewer helplines than posters)")
    assert said == ("the wallet card back is full: 3.1 mm too much even with its text at the smallest size allowed; "
                    "untick Galop LGBT+ Domestic Abuse Helpline in the Helplines list (cards carry fewer helplines "
                    "than posters)")


def test_behind_a_web_server_the_name_it_passes_on_is_allowed():
    running = Server("127.0.0.1", 0, names=("pack.example.org",))
    running.start()
    try:
        base = f"http://127.0.0.1:{running.port}"
        for host, origin, expected in (("pack.example.org", "https://pack.example.org", 200),
                                       ("evil.example", "https://evil.example", 421),
                                       ("pack.example.org", "https://evil.example", 403)):
            status, _, _ = post(base, "/api/colours", {"colours": LONDON_COLOURS}, {"Host": host, "Origin": origin})
            assert status == expected, (host, origin)
    finally:
        running.stop()
