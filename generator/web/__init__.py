"""``helpline-pack serve``: a local web page to make a branded pack without editing YAML.

The page is a form beside a live preview. Every change is sent here as the form's fields;
they become a pack file (``extends: london`` and what the form changed) in a fresh
temporary folder, with the logo if one was uploaded, and are built by the same
:func:`generator.build.build` as the command line, previews and verify included. The
answer is the preview pages and verify's findings, or the error with the field it concerns;
the folder is then deleted. Nothing about an organisation is kept after the response.

Safety, since a shared machine may serve it (``--host``) and an upload is untrusted:
* request bodies over 8 MB are refused before they are read; a logo over 5 MB is refused;
* a logo's type is decided by its bytes (PNG, JPEG or SVG), never its name, and then
  checked by :mod:`generator.logo` (size limits, SVG without DTDs, entities, scripts or links);
* an uploaded pack YAML is parsed by the same safe loader as ``build --config``;
* each build runs in its own process with a time limit, forked from a warm, single-threaded
  server process, so a slow build never blocks another request and cannot outlive its limit;
* only the page's own files are served, with a strict Content-Security-Policy, and requests
  naming another host are refused (DNS rebinding).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import multiprocessing
import tempfile
import threading
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..output import zip_bytes, zip_folder
from . import form as forms

STATIC = Path(__file__).resolve().parent / "static"
PAGES = {"/": ("index.html", "text/html; charset=utf-8"), "/app.js": ("app.js", "text/javascript; charset=utf-8"),
         "/app.css": ("app.css", "text/css; charset=utf-8")}
MAX_BODY = 8 * 1024 * 1024
MAX_LOGO = 5 * 1024 * 1024
BUILD_SECONDS = 30.0
MAX_BUILDS = 2           # builds at once; more requests wait their turn
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class RequestError(Exception):
    """A bad request, answered with its status and a message for the page."""

    def __init__(self, status: HTTPStatus, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


class App:
    """What every request shares: the build slots, the build process factory and limits."""

    def __init__(self, *, build_seconds: float = BUILD_SECONDS, max_builds: int = MAX_BUILDS) -> None:
        self.build_seconds = build_seconds
        self.slots = threading.BoundedSemaphore(max_builds)
        # A fork server: single-threaded, with the generator imported and its caches warmed, so
        # each build forks quickly and safely from it rather than from this threaded server.
        if "forkserver" in multiprocessing.get_all_start_methods():
            self.context = multiprocessing.get_context("forkserver")
            self.context.set_forkserver_preload(["generator.web.warm"])
        else:                                  # Windows: each build starts a fresh process
            self.context = multiprocessing.get_context("spawn")
        self.allowed_hosts: set[str] | None = set()

    def build(self, fields: dict, *, keep_zip: bool = False) -> dict:
        """Build the form's pack in a fresh folder; the answer for the page (and a ZIP if asked)."""
        with tempfile.TemporaryDirectory(prefix="helpline-pack-web-") as folder:
            root = Path(folder)
            pack_yaml, logo_name = forms.write_pack(fields, root / "pack", max_logo=MAX_LOGO)
            with self.slots:
                process = self.context.Process(target=_build_in_child, args=(str(root),), daemon=True)
                process.start()
                process.join(self.build_seconds)
                if process.is_alive():
                    process.kill()
                    process.join()
                    raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE,
                                       f"the build took longer than {self.build_seconds:g} s and was stopped; "
                                       "try again, or with fewer products")
            result_path = root / "result.json"
            if not result_path.is_file():
                raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "the build stopped without an answer; try again")
            result = json.loads(result_path.read_text(encoding="utf-8"))
            if "error" in result:
                return result
            out = root / "out"
            result["previews"] = [
                {"name": path.stem, "src": "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()}
                for path in sorted((out / "previews").glob("*.png"), key=_page_order) if path.name != "proof.png"]
            if keep_zip:
                result["zip"] = _zip(out, pack_yaml, root / "pack" / logo_name if logo_name else None)
            return result


PREVIEW_ORDER = ("poster-A4", "poster-A3", "wallet-cards", "wallet-card-print-shop", "stickers", "large-print")


def _page_order(path: Path) -> tuple:
    """Posters first, then cards, stickers and large print; pages in order."""
    stem, _, page = path.stem.rpartition("-")
    rank = next((n for n, name in enumerate(PREVIEW_ORDER) if stem.startswith(name)), len(PREVIEW_ORDER))
    return (rank, stem, int(page) if page.isdigit() else 0)


def _zip(out: Path, pack_yaml: str, logo: Path | None) -> bytes:
    """The pack as the command line would leave it, plus the pack file (and logo) to rebuild it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        zip_folder(archive, out, "helpline-pack")
        zip_bytes(archive, "helpline-pack/pack/pack.yaml", pack_yaml.encode("utf-8"))
        if logo is not None:
            zip_bytes(archive, f"helpline-pack/pack/{logo.name}", logo.read_bytes())
    return buffer.getvalue()


def _build_in_child(folder: str) -> None:
    """In the build process: build ``folder``/pack/pack.yaml into ``folder``/out and write the
    answer (findings, warnings, or the error and its field) to ``folder``/result.json."""
    from ..build import build
    from ..errors import PackError

    root = Path(folder)
    try:
        result = build(root / "pack" / "pack.yaml", root / "out")
        answer = {"findings": [{"file": f.file, "check": f.check, "ok": f.ok, "figure": f.figure}
                               for f in result.findings or []],
                  "warnings": [str(w) for w in result.warnings]}
    except PackError as exc:
        answer = {"error": {"field": exc.field, "message": exc.message, "line": str(exc)}}
    (root / "result.json").write_text(json.dumps(answer), encoding="utf-8")


class Handler(BaseHTTPRequestHandler):
    server_version = "helpline-pack"
    app: App

    def log_message(self, format, *args):  # noqa: A002 - the page's requests are not worth a line each
        pass

    # -- plumbing ---------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        for name, value in {**HEADERS, "Content-Type": content_type, "Content-Length": str(len(body)),
                            **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: dict) -> None:
        self._send(status, json.dumps(value).encode("utf-8"), "application/json")

    def _host_ok(self) -> bool:
        return self.app.allowed_hosts is None or self.headers.get("Host", "") in self.app.allowed_hosts

    def _body(self) -> dict:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "the request has no length") from None
        if length > MAX_BODY:
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                               f"the upload is {length / 1e6:.1f} MB; a logo must be under {MAX_LOGO // 2**20} MB",
                               "branding.logo")
        try:
            value = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            raise RequestError(HTTPStatus.BAD_REQUEST, "the request is not JSON") from None
        if not isinstance(value, dict):
            raise RequestError(HTTPStatus.BAD_REQUEST, "the request is not a form")
        return value

    # -- requests ---------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._host_ok():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"wrong host", "text/plain")
            return
        path = self.path.split("?", 1)[0]
        if path in PAGES:
            name, kind = PAGES[path]
            self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), kind)
        elif path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")
        elif path == "/api/options":
            self._json(HTTPStatus.OK, forms.options())
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        from ..errors import PackError

        if not self._host_ok():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"wrong host", "text/plain")
            return
        try:
            body = self._body()
            if self.path == "/api/preview":
                self._json(HTTPStatus.OK, self.app.build(body))
            elif self.path == "/api/download":
                result = self.app.build(body, keep_zip=True)
                if "error" in result:
                    self._json(HTTPStatus.UNPROCESSABLE_ENTITY, result)
                else:
                    self._send(HTTPStatus.OK, result["zip"], "application/zip",
                               {"Content-Disposition": 'attachment; filename="helpline-pack.zip"'})
            elif self.path == "/api/pack.yaml":
                logo = forms.logo_bytes(body.get("logo"), MAX_LOGO)
                text, _ = forms.pack_yaml(body, f"logo.{logo[1]}" if logo else None)
                self._send(HTTPStatus.OK, text.encode("utf-8"), "application/yaml; charset=utf-8",
                           {"Content-Disposition": 'attachment; filename="pack.yaml"'})
            elif self.path == "/api/load":
                self._json(HTTPStatus.OK, {"fields": forms.read_pack_yaml(str(body.get("yaml", "")))})
            elif self.path == "/api/colours":
                self._json(HTTPStatus.OK, {"colours": forms.colours(body.get("colours"))})
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
        except RequestError as exc:
            self._json(exc.status, {"error": {"field": exc.field, "message": exc.message, "line": exc.message}})
        except PackError as exc:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY,
                       {"error": {"field": exc.field, "message": exc.message, "line": str(exc)}})
        except (binascii.Error, ValueError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": {"field": None, "message": str(exc), "line": str(exc)}})


def make_server(host: str = "127.0.0.1", port: int = 8000, app: App | None = None) -> ThreadingHTTPServer:
    """A server for the page on ``host``:``port`` (port 0: any free port)."""
    app = app or App()
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    real_port = server.server_address[1]
    if host in ("127.0.0.1", "localhost", "::1"):
        # On loopback, only requests that name this server: a web page elsewhere cannot reach
        # it through a domain name pointed at 127.0.0.1 (DNS rebinding).
        app.allowed_hosts = {f"{name}:{real_port}" for name in ("127.0.0.1", "localhost")}
    else:
        app.allowed_hosts = None     # a shared machine: people use its own name for it
    return server


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the page until Ctrl-C."""
    server = make_server(host, port)
    try:
        server.serve_forever()
    finally:
        server.server_close()
