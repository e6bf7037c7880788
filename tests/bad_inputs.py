"""Every bad input the tool is known to meet, and the one line it answers with.

``docs/bad-input.md`` is written from this table (``python tests/bad_inputs.py``) and
``tests/test_bad_input.py`` runs every row and compares the answer with the docs, so the
docs cannot drift from what the tool says. Each row is a command run in an empty folder
holding ``mypack.yaml`` (the row's pack text) and any files the row makes; a row of the web
page's is a request sent as it is to a running ``serve``, answered with one line (its status
and message) where the command line would exit 2.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "bad-input.md"
GOOD = "extends: london\n"
BUILD = ("build", "--config", "{pack}", "--out", "{out}")


@dataclass(frozen=True)
class Case:
    group: str
    what: str                                   # the input, in words, for the docs
    pack: str | None = GOOD                     # mypack.yaml's text (None: no pack file)
    args: tuple[str, ...] = BUILD
    files: dict[str, Callable[[Path], object]] = field(default_factory=dict)   # name -> maker
    fault: Callable[[object], None] | None = None   # given pytest's monkeypatch: a fault to inject
    web: bytes | None = None                    # an HTTP request for `serve`, "{host}" for its address


def _post(path: str, body: bytes | str, *headers: str) -> bytes:
    """A POST from the page itself unless ``headers`` say otherwise."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    lines = [f"POST {path} HTTP/1.1", "Host: {host}", "Content-Type: application/json", "Connection: close",
             *headers]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        lines.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data


def _upload(svg_or_image: bytes) -> str:
    import base64
    import json

    return json.dumps({"logo": {"name": "logo.png", "data": base64.b64encode(svg_or_image).decode()}})


def _listed(**fields: str) -> str:
    """A pack listing one service of its own, with ``fields`` replacing the good values."""
    service = {"name": "Local line", "phone": '"0808 801 0327"', "free": "true", "hours": "24/7",
               "for": "anyone", "description": "A line.", "website": "https://example.org/",
               "source": "met-2020", "checked_on": "2026-11", **fields}
    body = "".join(f"      {key}: {value}\n" for key, value in service.items() if value is not None)
    return GOOD + "services:\n  listed:\n    - id: local-line\n" + body


def _local(**fields: str) -> str:
    service = {"name": "Local line", "phone": '"020 7946 0123"', "for": "anyone", "checked_on": "2026-11", **fields}
    return GOOD + "services:\n  local:\n" + "".join(f"    {k}: {v}\n" for k, v in service.items() if v is not None)


def _own_link(**fields: str | None) -> str:
    """A pack with a QR link of its own (a police force's page), ``fields`` replacing the good values."""
    link = {"url": "https://example.police.uk/da", "owner": "Example Police", "kind": "police",
            "source": "opened the page, 2026-11", "checked_on": "2026-11", **fields}
    body = "".join(f"    {key}: {value}\n" for key, value in link.items() if value is not None)
    return GOOD + "links:\n  - id: example-police\n" + body + "qr_links: [example-police]\n"


def _logo(name: str) -> str:
    return GOOD + f"branding:\n  organisation: Riverside Surgery\n  logo: {name}\n"


def _write(data: bytes | str) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _png_file(width: int, height: int, pixels: bytes) -> bytes:
    """A PNG that says it is ``width`` x ``height``, holding ``pixels`` (filtered rows) compressed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def _png(width: int, height: int, *, truncate: bool = False) -> bytes:
    """A grey PNG, or its first half."""
    data = _png_file(width, height, b"".join(b"\x00" + b"\x80" * 3 * width for _ in range(height)))
    return data[: len(data) // 2] if truncate else data


def _bomb_png() -> bytes:
    """50,000 x 50,000 pixels (7.5 GB decoded) in a few hundred bytes; its pixels are never
    needed to refuse it."""
    return _png_file(50_000, 50_000, b"\x00" * 100_000)


def _gif(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 100), (0, 110, 70)).save(path, "GIF")


def _laughs(kind: str) -> str:
    if kind == "yaml":
        lines = ['a0: &a0 "ha"'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
        return GOOD + "\n".join(lines) + "\n"
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE svg [{"".join(entities)}]>'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&a9;</text></svg>')


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def _svg_with_bitmap(width: int, height: int) -> str:
    """An SVG embedding a PNG that says it is ``width`` x ``height`` (its pixels are never needed)."""
    import base64

    png = base64.b64encode(_png_file(width, height, b"\x00" * 1_000)).decode("ascii")
    return f'{SVG}<image width="10" height="10" xlink:href="data:image/png;base64,{png}"/></svg>'


def _fail_fsync(monkeypatch) -> None:
    from generator import output

    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(output.os, "fsync", fsync)


def _deny_writes(monkeypatch) -> None:
    from generator import output

    def mkdtemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    monkeypatch.setattr(output.tempfile, "mkdtemp", mkdtemp)


def _planted_lock(kind: str) -> Callable[[Path], object]:
    """An output folder whose lock file someone replaced: a symbolic link to a file elsewhere
    (a build would create or lock it), or a FIFO (opening it would wait for ever)."""
    def make(folder: Path) -> None:
        folder.mkdir()
        lock = folder / ".helpline-pack.lock"
        if kind == "symlink":
            lock.symlink_to(folder.parent / "elsewhere.txt")
        else:
            os.mkfifo(lock)
    return make


SITES_HEADER = "site,local_service,local_phone,local_hours\n"
BATCH = ("batch", "{dir}/sites.csv", "--out", "{out}")


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "GP practices"
    book.active.append(["site", "local_service", "local_phone", "local_hours"])
    book.save(path)


def _manifest(text: str) -> Callable[[Path], object]:
    def make(folder: Path) -> None:
        folder.mkdir()
        (folder / "manifest.json").write_text(text)
    return make


CASES: dict[str, Case] = {
    # -- the file itself -------------------------------------------------------------------------
    "missing-file": Case("file", "a pack file that does not exist", None,
                         ("build", "--config", "{dir}/nope.yaml", "--out", "{out}")),
    "folder-as-file": Case("file", "a folder given as the pack", None, ("build", "--config", "{dir}/packs", "--out", "{out}"),
                           files={"packs": lambda path: path.mkdir()}),
    "binary-file": Case("file", "a binary file (an image renamed .yaml)", None,
                        files={"mypack.yaml": _write(b"\x89PNG\r\n\x1a\n\x00\x00")}),
    "not-utf8": Case("file", "text that is not UTF-8 (saved as Latin-1)", None,
                     files={"mypack.yaml": _write("extends: london\ntitle: Caf\u00e9\n".encode("latin-1"))}),
    "too-large": Case("file", "a file over 1 MB", GOOD + "# " + "x" * 1_000_000 + "\n"),
    "empty": Case("file", "an empty file", ""),
    # -- YAML ------------------------------------------------------------------------------------
    "tab-indent": Case("YAML", "tab indentation", GOOD + "branding:\n\torganisation: X\n"),
    "unclosed-quote": Case("YAML", "an unclosed quote", GOOD + 'title: "Riverside\n'),
    "not-a-mapping": Case("YAML", "a list instead of `key: value` lines", "- a\n- b\n"),
    "python-tag": Case("YAML", "a tag that builds a Python object",
                       GOOD + "title: !!python/object/apply:os.system ['echo hi']\n"),
    "alias": Case("YAML", "an alias", GOOD + "title: &t Riverside\nwording:\n  headline: *t\n"),
    "billion-laughs": Case("YAML", 'an alias bomb ("billion laughs": 10^9 items from 10 lines)', _laughs("yaml")),
    "deep-nesting": Case("YAML", "lists nested 5,000 deep", GOOD + "title: " + "[" * 5000 + "]" * 5000 + "\n"),
    "duplicate-key": Case("YAML", "a key given twice", GOOD + "title: A\ntitle: B\n"),
    "control-character": Case("YAML", "a control character in text", GOOD + 'title: "Riverside\\x07"\n'),
    "direction-control": Case("YAML", "an invisible right-to-left override that would print a number backwards",
                              GOOD + 'wording:\n  headline: "Call \\u202e0808 2000 247"\n'),
    "line-break-in-value": Case("YAML", "a line break inside a value where a section belongs",
                                GOOD + "branding: \"\\n\\nRiverside\"\n"),
    "zero-width": Case("YAML", "an invisible zero-width space", GOOD + 'title: "River\\u200bside"\n'),
    # -- fields ----------------------------------------------------------------------------------
    "no-extends": Case("fields", "no `extends:`", "title: Mine\n"),
    "unknown-extends": Case("fields", "a misspelt pack to extend", "extends: londn\n"),
    "extends-traversal": Case("fields", "a built-in pack name that climbs out of the data folder",
                              "extends: ../../../etc/passwd\n"),
    "extends-outside": Case("fields", "extending a pack outside the pack's folder", "extends: ../../etc/pack.yaml\n"),
    "unknown-key": Case("fields", "an unknown field", GOOD + "brandng:\n  organisation: X\n"),
    "wrong-type": Case("fields", "text where a number goes", GOOD + "data_max_age_months: soon\n"),
    "huge-number": Case("fields", "a 5,000-digit number", GOOD + "data_max_age_months: " + "9" * 5000 + "\n"),
    "missing-field": Case("fields", "a required field left out",
                          _listed(hours=None, **{"for": None, "description": None, "website": None,
                                                 "source": None, "checked_on": None})),
    "unknown-service": Case("fields", "a service that does not exist", GOOD + "services:\n  listed: [mens-advise-line]\n"),
    "bad-date": Case("fields", "a date that is not a date", _listed(checked_on="last week")),
    "unknown-language": Case("fields", "a language with no strings", GOOD + "language: xx\n"),
    # -- numbers ---------------------------------------------------------------------------------
    "digit-short": Case("numbers", "a phone number a digit short", _listed(phone='"0808 801 032"')),
    "not-uk": Case("numbers", "a number that is not a UK number", _listed(phone='"+1 202 555 0143"', free="false")),
    "not-a-number": Case("numbers", "letters in a phone number", _listed(phone='"0808 HELP 247"')),
    "free-mismatch": Case("numbers", "a charged number marked free", _listed(phone='"020 7946 0000"')),
    "local-digit-short": Case("numbers", "a local service's number a digit short", _local(phone='"020 7946 012"')),
    "same-number": Case("numbers", "a local number that is already listed", _local(phone='"0808 802 4040"')),
    "premium-rate": Case("numbers", "a premium-rate local number", _local(phone='"0909 879 0000"')),
    "personal-number": Case("numbers", "a personal (070) number, charged and redirectable", _local(phone='"070 4612 3456"')),
    "lookalike-number": Case("numbers", "a local number one digit from a national helpline's",
                             _local(phone='"0808 2000 248"')),
    "lookalike-name": Case("numbers", "a local service named as a national helpline",
                           _local(name="National Domestic Abuse Helpline")),
    "free-text-number": Case("numbers", "a phone number typed into the headline",
                             GOOD + "wording:\n  headline: Call 0808 2000 248 now\n"),
    "contact-number": Case("numbers", "a phone number typed into the contact line",
                           GOOD + "branding:\n  organisation: Riverside Surgery\n  contact: Ring 020 7946 0123\n"),
    # -- nations ---------------------------------------------------------------------------------
    "unknown-nation": Case("nations", "a nation that is not a UK nation", GOOD + "nation: cornwall\n"),
    "wrong-nation": Case("nations", "a service listed for a nation it does not serve",
                         "extends: scotland\nservices:\n  listed: [live-fear-free]\n"),
    # -- links -----------------------------------------------------------------------------------
    "http-link": Case("links", "a link that is not https", _listed(website="http://example.org/")),
    "javascript-link": Case("links", "a `javascript:` link", _local(website="javascript:alert(1)")),
    "data-link": Case("links", "a `data:` link", _local(website='"data:text/html,<b>hi</b>"')),
    "tracking-link": Case("links", "a link with tracking parameters",
                          _listed(website="https://example.org/?utm_source=poster")),
    "long-link": Case("links", "an absurdly long link", _local(website="https://example.org/" + "a" * 3000)),
    "qr-link-http": Case("links", "a pack's own QR link that is not https", _own_link(url="http://example.police.uk/da")),
    "qr-link-tracking": Case("links", "a pack's own QR link with tracking parameters",
                             _own_link(url="https://example.police.uk/da?utm_campaign=poster")),
    "qr-link-no-owner": Case("links", "a pack's own QR link without its owner", _own_link(owner=None)),
    "qr-link-kind": Case("links", "a pack's own QR link of an unknown kind", _own_link(kind="charity")),
    "qr-link-unknown": Case("links", "a QR link that is neither built in nor the pack's own",
                            GOOD + "qr_links: [south-wales-police]\n"),
    # -- room and words --------------------------------------------------------------------------
    "headline-too-long": Case("room", "a headline over 32 characters", GOOD + "wording:\n  headline: " + "Help " * 10 + "\n"),
    "headline-too-wide": Case("room", "a headline too wide for its line",
                              GOOD + "wording:\n  headline: WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW\n"),
    "strapline-too-long": Case("room", "a strapline over 120 characters",
                               GOOD + "wording:\n  strapline: " + "Help is here. " * 10 + "\n"),
    "local-name-too-long": Case("room", "a local service name over 40 characters", _local(name="Riverside " * 6)),
    "too-many-services": Case("room", "more helplines than the poster holds", GOOD + "services:\n  listed:\n" + "".join(
        f"    - id: local-{i}\n      name: Local line {i}\n      phone: \"0800 048 0{i:03d}\"\n"
        "      free: true\n      hours: 24/7\n      for: anyone in the area\n      description: A line.\n"
        "      website: https://example.org/\n      source: met-2020\n      checked_on: 2026-11\n"
        for i in range(10, 19))),
    "card-too-many-services": Case("room", "more helplines than the wallet card's back holds (two languages)",
                                   GOOD + "language: [pl, en]\nservices:\n  listed: [respect-phoneline, "
                                   "mens-advice-line, karma-nirvana, hourglass, galop]\nproducts:\n  poster: null\n"),
    "card-front-too-full": Case("room", "a card front over-full with the pack's own words (two languages): "
                                "named in the pack's file, not the built-in pack the card comes from",
                                GOOD + "language: [pl, en]\nbranding:\n  organisation: Przychodnia Rodzinna Nad "
                                "Rzeka i Centrum Zdrowia\n  contact: Prosimy pytac w rejestracji lub zadzwonic\n"
                                + _local(name="Riverside Independent Domestic Abuse Tea",
                                         **{"for": "adults in the borough being harmed at home by a partner"}
                                         ).removeprefix(GOOD) + "products:\n  poster: null\n"),
    "emoji": Case("room", "a character no font can draw (an emoji)", GOOD + "wording:\n  headline: You matter \U0001F49C\n"),
    "discreet-word": Case("room", "a discreet card whose local service's name says what it is for",
                          _local(name="Eastgate Domestic Abuse Service")
                          + "products:\n  wallet_card:\n    front: discreet\n"),
    # -- colours ---------------------------------------------------------------------------------
    "bad-colour": Case("colours", "a colour that is not a colour", GOOD + "colours:\n  primary: purple\n"),
    "cmyk-not-four": Case("colours", "a brand's CMYK value with three numbers",
                          GOOD + "colours_cmyk:\n  primary: [100, 30, 25]\n"),
    "cmyk-over-ink": Case("colours", "a brand's CMYK value over the ink a press lays down",
                          GOOD + "colours_cmyk:\n  primary: [100, 100, 80, 40]\n"),
    "cmyk-black-in-four-inks": Case("colours", "four-colour black given for the text colour",
                                    GOOD + "colours_cmyk:\n  text: [60, 40, 40, 100]\n"),
    "low-contrast": Case("colours", "text too pale to read", GOOD + 'colours:\n  text: "#BBBBBB"\n'),
    "low-contrast-suggests": Case("colours", "a headline band too pale for white text",
                                  GOOD + 'colours:\n  primary: "#8FA3D6"\n'),
    "accent-contrast": Case("colours", "an accent colour too pale", GOOD + 'colours:\n  accent: "#FFCC00"\n'),
    # -- logos -----------------------------------------------------------------------------------
    "logo-missing": Case("logo", "a logo that is not there", _logo("nowhere.png")),
    "logo-outside": Case("logo", "a logo outside the pack's folder", _logo("../../etc/passwd")),
    "logo-not-image": Case("logo", "a logo that is not an image", _logo("notes.png"),
                           files={"notes.png": _write("not an image at all")}),
    "logo-truncated": Case("logo", "a truncated PNG", _logo("cut.png"), files={"cut.png": _write(_png(400, 200, truncate=True))}),
    "logo-gif": Case("logo", "a GIF", _logo("logo.gif"), files={"logo.gif": _gif}),
    "logo-bomb": Case("logo", "a decompression bomb (50,000 x 50,000 px in a few hundred bytes)", _logo("bomb.png"),
                      files={"bomb.png": _write(_bomb_png())}),
    "logo-svg-laughs": Case("logo", "an SVG with entity expansion", _logo("laughs.svg"),
                            files={"laughs.svg": _write(_laughs("svg"))}),
    "logo-svg-external": Case("logo", "an SVG with an external entity", _logo("external.svg"), files={
        "external.svg": _write('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                               f"{SVG}<text>&x;</text></svg>")}),
    "logo-svg-link": Case("logo", "an SVG that links another file", _logo("linked.svg"), files={
        "linked.svg": _write(f'{SVG}<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>')}),
    "logo-svg-script": Case("logo", "an SVG with a script", _logo("script.svg"),
                            files={"script.svg": _write(f"{SVG}<script>alert(1)</script></svg>")}),
    "logo-svg-gradient": Case("logo", "an SVG with a gradient", _logo("gradient.svg"), files={
        "gradient.svg": _write(f'{SVG}<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/>'
                               '<stop offset="1" stop-color="#00f"/></linearGradient></defs>'
                               '<rect width="10" height="10" fill="url(#g)"/></svg>')}),
    "logo-svg-pattern": Case("logo", "an SVG with a pattern fill", _logo("pattern.svg"), files={
        "pattern.svg": _write(f'{SVG}<defs><pattern id="p" width="2" height="2"><rect width="1" height="1"/>'
                              '</pattern></defs><rect width="10" height="10" fill="url(#p)"/></svg>')}),
    "logo-svg-mask": Case("logo", "an SVG with a mask", _logo("mask.svg"), files={
        "mask.svg": _write(f'{SVG}<mask id="m"><rect width="5" height="10" fill="#fff"/></mask>'
                           '<rect width="10" height="10" mask="url(#m)"/></svg>')}),
    "logo-svg-bitmap": Case("logo", "an SVG with an embedded PNG", _logo("bitmap.svg"),
                            files={"bitmap.svg": _write(_svg_with_bitmap(40, 20))}),
    "logo-svg-bitmap-huge": Case("logo", "an SVG embedding a 144-megapixel PNG", _logo("huge-bitmap.svg"),
                                 files={"huge-bitmap.svg": _write(_svg_with_bitmap(12_000, 12_000))}),
    "logo-svg-absurd-size": Case("logo", 'an SVG that says width="1e308"', _logo("wide.svg"), files={
        "wide.svg": _write('<svg xmlns="http://www.w3.org/2000/svg" width="1e308" height="100">'
                           '<rect width="10" height="10"/></svg>')}),
    "logo-svg-far-shapes": Case("logo", "an SVG drawing a shape 1e300 units away", _logo("far.svg"), files={
        "far.svg": _write(f'{SVG}<rect x="1e300" width="10" height="10"/></svg>')}),
    "logo-svg-onload": Case("logo", "an SVG with an event handler (onload), as a page upload might carry",
                            _logo("onload.svg"),
                            files={"onload.svg": _write(f'{SVG[:-1]} onload="alert(1)"><rect width="5" height="5"/></svg>')}),
    # -- products --------------------------------------------------------------------------------
    "card-front": Case("products", "a misspelt choice", GOOD + "products:\n  wallet_card:\n    front: secret\n"),
    "card-service-not-listed": Case("products", "a card service the pack does not list",
                                    GOOD + "products:\n  wallet_card:\n    services: [crimestoppers]\n"),
    "coloured-without-bleed": Case("products", "a coloured card on a sheet with no room for bleed", GOOD
                                   + "products:\n  wallet_card:\n    imposition: a4-10up\n"
                                   'colours:\n  background: "#FFF8E7"\n'),
    "large-print-too-small": Case("products", "large print under 18 pt",
                                  GOOD + "products:\n  large_print:\n    body_pt: 12\n"),
    "unknown-product": Case("products", "an unknown product on the command line", args=(*BUILD, "--products", "posterr")),
    "unknown-sheet": Case("products", "an unknown label sheet on the command line", args=(*BUILD, "--sheet", "L9999")),
    # -- output ----------------------------------------------------------------------------------
    "out-is-a-file": Case("output", "an output folder that is a file", files={"out": _write("not a folder")}),
    "out-denied": Case("output", "an output folder that cannot be written", fault=_deny_writes),
    "disk-full": Case("output", "a full disk", fault=_fail_fsync),
    "lock-symlink": Case("output", "a lock file that is a symbolic link to a file elsewhere",
                         files={"out": _planted_lock("symlink")}),
    "lock-fifo": Case("output", "a lock file that is a named pipe (FIFO)", files={"out": _planted_lock("fifo")}),
    # -- batch -----------------------------------------------------------------------------------
    "sites-not-text": Case("batch", "a sites file in neither UTF-8 nor Windows-1252 (a stray byte 0x81)", None, BATCH,
                           files={"sites.csv": _write(SITES_HEADER.encode() + b"Caf\x81 Surgery,,,\n")}),
    "sites-not-a-workbook": Case("batch", "a file named .xlsx that is not a workbook", None,
                                 ("batch", "{dir}/sites.xlsx", "--out", "{out}"),
                                 files={"sites.xlsx": _write("site,local_service\n")}),
    "sites-unknown-sheet": Case("batch", "a workbook sheet that is not there", None,
                                ("batch", "{dir}/sites.xlsx", "--sheet", "Pharmacies", "--out", "{out}"),
                                files={"sites.xlsx": _workbook}),
    "sites-column-needed": Case("batch", "rows with a local service, no `local_for` column and no pack to give it",
                                None, BATCH, files={"sites.csv": _write(
                                    SITES_HEADER + "Riverside Surgery,Riverside IDVA,020 7946 0123,24/7\n")}),
    # -- other commands --------------------------------------------------------------------------
    "check-bad-pack": Case("commands", "`check` of a pack with an unknown field", GOOD + "brandng: {}\n",
                           ("check", "--config", "{pack}")),
    "verify-no-folder": Case("commands", "`verify` of a folder that does not exist", None, ("verify", "{out}")),
    "verify-no-manifest": Case("commands", "`verify` of a folder with no build in it", None, ("verify", "{out}"),
                               files={"out": lambda path: path.mkdir()}),
    "verify-broken-manifest": Case("commands", "`verify` of a manifest that is not JSON", None, ("verify", "{out}"),
                                   files={"out": _manifest('{"files": [')}),
    "verify-manifest-outside": Case("commands", "`verify` of a manifest naming a file outside its folder", None,
                                    ("verify", "{out}"),
                                    files={"out": _manifest('{"files": [{"path": "../../etc/passwd"}]}')}),
    "printer-profile": Case("commands", "a printer profile with a misspelt field", None,
                            ("calibrate", "--printer", "{dir}/printer.yaml", "--out", "{out}"),
                            files={"printer.yaml": _write("printer: Office\noffset_mmm: [1, 0]\n")}),
    "init-exists": Case("commands", "`init` over a pack that exists", args=("init", "{pack}")),
    "init-not-yaml": Case("commands", "`init` to a name that is not .yaml", None, ("init", "{dir}/pack.txt")),
    # -- the web page (serve) --------------------------------------------------------------------
    "web-negative-length": Case("the web page", "a body whose length is -1", None, (),
                                web=_post("/api/preview", "{}", "Content-Length: -1")),
    "web-no-length": Case("the web page", "a body with no length (chunked)", None, (),
                          web=_post("/api/colours", b"2\r\n{}\r\n0\r\n\r\n", "Transfer-Encoding: chunked")),
    "web-huge-length": Case("the web page", "a body that says it is 9 GB", None, (),
                            web=_post("/api/preview", b"", "Content-Length: 9000000000")),
    "web-nested-json": Case("the web page", "JSON nested 100,000 deep", None, (),
                            web=_post("/api/colours", "[" * 100_000 + "]" * 100_000)),
    "web-wrong-type": Case("the web page", "a form field of the wrong type", None, (),
                           web=_post("/api/preview", '{"services": "galop"}')),
    "web-load-odd-types": Case("the web page", "a pack file to load with `products: [1, 2]`", None, (),
                               web=_post("/api/load", '{"yaml": "extends: london\\nproducts: [1, 2]\\n"}')),
    "web-cross-origin": Case("the web page", "a POST from a page on another site", None, (),
                             web=_post("/api/preview", "{}", "Origin: https://elsewhere.example")),
    "web-other-host": Case("the web page", "a request naming another host (DNS rebinding)", None, (),
                           web=b"GET /api/options HTTP/1.1\r\nHost: elsewhere.example\r\nConnection: close\r\n\r\n"),
    "web-logo-not-image": Case("the web page", "an uploaded logo that is a GIF", None, (),
                               web=_post("/api/preview", _upload(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"))),
    "web-logo-onload": Case("the web page", "an uploaded SVG logo with `onload`", None, (), web=_post(
        "/api/preview", _upload(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
                                b'<rect width="5" height="5"/></svg>'))),
}


def setup_case(name: str, folder: Path, monkeypatch=None) -> None:
    """Write the row's pack and files into ``folder`` and inject its fault."""
    case = CASES[name]
    if case.pack is not None:
        (folder / "mypack.yaml").write_text(case.pack, encoding="utf-8")
    for file_name, make in case.files.items():
        make(folder / file_name)
    if case.fault is not None:
        case.fault(monkeypatch)


_SERVER = []


def _web_answer(request: bytes) -> tuple[int, str]:
    """Send ``request`` to a ``serve`` running in this process (started once): 2 and one line,
    ``HTTP <status>: <message>``, for a refusal or a problem the page shows; else the status."""
    import json
    import socket

    if not _SERVER:
        from generator.web import Server

        _SERVER.append(Server("127.0.0.1", 0))
        _SERVER[0].start()
    port = _SERVER[0].port
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(request.replace(b"{host}", f"127.0.0.1:{port}".encode()))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    said = body.decode("utf-8", "replace")
    if b"application/json" in head.lower():
        error = json.loads(body).get("error")
        said = error["line"] if error else ""
    refused = status >= 400 or bool(said)
    return (2 if refused else status), f"HTTP {status}: {said}\n"


def run_case(name: str, folder: Path) -> tuple[int, str]:
    """Run the row's command in this process: (exit code, stderr with ``folder`` taken out)."""
    from tests.conftest import run_cli

    if CASES[name].web is not None:
        return _web_answer(CASES[name].web)
    places = {"pack": folder / "mypack.yaml", "out": folder / "out", "dir": folder}
    result = run_cli(*(arg.format(**places) for arg in CASES[name].args))
    return result.code, result.err.replace(f"{folder}{os.sep}", "").replace(str(folder), ".")


def message(err: str) -> str:
    return err.strip().removeprefix("helpline-pack: error: ")


def table(messages: dict[str, str]) -> str:
    """docs/bad-input.md: one row per case, grouped."""
    lines = [
        "# Bad input and what the tool says",
        "",
        "Every row is a test (`tests/test_bad_input.py` runs it and compares the answer with this",
        "page; `python tests/bad_inputs.py` rewrites the page). Each answer is one line on stderr",
        "naming the file, line and field, the bad value and the fix; the exit code is 2; no file is",
        "written, and an earlier build in the output folder is left as it was. Paths are shown",
        "relative to the folder the pack is in.",
    ]
    group = None
    for name, case in CASES.items():
        if case.group != group:
            group = case.group
            lines += ["", f"## {group[0].upper()}{group[1:]}", "", "| case | input | what the tool says |", "|---|---|---|"]
        said = messages[name].replace("|", "\\|")
        lines.append(f"| `{name}` | {case.what} | {said} |")
    return "\n".join(lines) + "\n"


def documented() -> dict[str, str]:
    """The docs' rows: case name -> message."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            name, _, said = line[3:].split(" | ", 2)
            rows[name.rstrip("`")] = said.removesuffix(" |").replace("\\|", "|")
    return rows


def main() -> None:
    import tempfile

    import pytest

    messages = {}
    for name in CASES:
        with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
            setup_case(name, Path(folder), monkeypatch)
            code, err = run_case(name, Path(folder))
            if code != 2:
                sys.exit(f"{name}: exit code {code}, not 2: {err}")
            messages[name] = message(err)
    DOC.write_text(table(messages), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)} ({len(messages)} rows)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
