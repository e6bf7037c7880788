"""The page's HTTP side: a Starlette app behind a guard, served by uvicorn.

Why these: Starlette is a small, widely used ASGI toolkit (routing, requests, responses,
nothing else), and uvicorn a well-kept ASGI server with HTTP parsing by h11, a real listen
backlog and keep-alive timeouts. Being asynchronous, an idle or slow connection costs a few
kilobytes, not a thread; the builds, which are the real work, run in processes
(:mod:`generator.web.builds`).

The guard wraps everything, errors from Starlette and uvicorn included, and on every request:
* refuses a Host header naming another site when serving on loopback (DNS rebinding), 421;
* refuses a state-changing request from another site (its Origin or Sec-Fetch-Site says so), 403;
* refuses a body without a length (411), with a length that is not a number (400), or over
  ``MAX_BODY`` (413), before reading a byte of it; a body must arrive within ``BODY_SECONDS``;
* adds the security headers to every response it lets out.
"""

from __future__ import annotations

import json
import socket
import threading
from typing import Any
from urllib.parse import urlsplit

import anyio
import h11
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import PackError
from ..products import product_ids
from . import form as forms
from .builds import Builder, BuildFailed, Busy
from .pages import pack_zip, page_file

MAX_BODY = 8 * 1024 * 1024
MAX_LOGO = 5 * 1024 * 1024
MAX_DEPTH = 6              # the form is three levels deep; a pack upload is text inside it
BODY_SECONDS = 30.0
HEADER_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
BUILD_SECONDS = 30.0
BACKLOG = 256
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                               "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
RAW_HEADERS = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]


class RequestError(Exception):
    """A bad request, answered with its status and one message for the page."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


def _error(status: int, message: str, field: str | None = None, line: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"field": field, "message": message, "line": line or message}}, status)


class Guard:
    """The checks every request passes before the app sees it (see the module's docstring)."""

    def __init__(self, app, allowed_hosts: set[str] | None = None, builder: Builder | None = None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts       # None: any (a shared machine's own names)
        self.builder = builder                   # the app's builds, for tests to adjust

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                given = {name for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in RAW_HEADERS if h[0] not in given)]}
            await send(message)

        refusal = self.refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await _error(500, "something went wrong in helpline-pack; try again")(scope, receive,
                                                                                      send_with_headers)

    def refusal(self, scope) -> Response | None:
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        host = headers.get("host", "")
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return Response("This page answers only to its own address.", 421, media_type="text/plain")
        if scope["method"] in ("GET", "HEAD"):
            return None
        origin = headers.get("origin")
        if origin is not None and (origin == "null" or urlsplit(origin).netloc != host):
            return _error(403, "refused: the request came from another web site")
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return _error(403, "refused: the request came from another web site")
        if "transfer-encoding" in headers:
            return _error(411, "the request must give its length")
        length = headers.get("content-length", "")
        if not length.isdigit():
            return _error(411 if not length else 400, "the request must give its length as a number of bytes")
        if int(length) > MAX_BODY:
            return _error(413, f"the request is {int(length) / 1e6:,.1f} MB, over the {MAX_BODY // 2**20} MB the page "
                               f"sends at most; a logo must be under {MAX_LOGO // 2**20} MB", "branding.logo")
        return None


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with the security headers on the few answers it writes itself
    (a request h11 cannot parse) and a time limit on a connection's first request's headers."""

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self.first_request = self.loop.call_later(HEADER_SECONDS, self._no_request)

    def _no_request(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc) -> None:
        self.first_request.cancel()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        body = b"The request could not be read."
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"), *RAW_HEADERS]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


# -- the app ------------------------------------------------------------------------------------------
def _depth(value: object) -> int:
    """How deeply ``value`` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


async def read_form(request: Request) -> dict:
    """The request's JSON object: its length already checked by the guard, read within
    ``BODY_SECONDS``, no deeper than ``MAX_DEPTH``."""
    chunks, size = [], 0
    with anyio.move_on_after(BODY_SECONDS) as limit:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise RequestError(413, f"the upload is over {MAX_BODY // 2**20} MB")
            chunks.append(chunk)
    if limit.cancelled_caught:
        raise RequestError(408, "the request took too long to arrive; try again")
    try:
        value = json.loads(b"".join(chunks))
    except RecursionError:
        raise RequestError(400, f"the request nests deeper than {MAX_DEPTH} levels; it is not from this page") \
            from None
    except (ValueError, UnicodeDecodeError):
        raise RequestError(400, "the request is not JSON; it is not from this page") from None
    if not isinstance(value, dict):
        raise RequestError(400, "the request is not the page's form (a JSON object)")
    if _depth(value) > MAX_DEPTH:
        raise RequestError(400, f"the request nests deeper than {MAX_DEPTH} levels; it is not from this page")
    return value


def _gone(request: Request):
    async def wait() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass
    return wait


def make_app(*, workers: int = 2, build_seconds: float = BUILD_SECONDS, allowed_hosts: set[str] | None = None,
             warm: bool = True) -> Guard:
    """The page as an ASGI app; ``workers`` builds at once, each limited to ``build_seconds``."""
    builder = Builder(workers=workers, build_seconds=build_seconds)
    if warm:
        builder.warm_up()

    def writer(fields: dict, focus: str | None = None):
        def write(folder) -> None:
            forms.write_pack(fields, folder, max_logo=MAX_LOGO)
            if focus is not None:
                (folder / "focus.txt").write_text(focus, encoding="utf-8")
        return write

    async def static(request: Request) -> Response:
        data, kind = page_file(request.url.path)
        return Response(data, media_type=kind)

    async def options(request: Request) -> Response:
        return JSONResponse(await anyio.to_thread.run_sync(forms.options))

    async def image(request: Request) -> Response:
        data = builder.images.get(request.path_params["key"])
        if data is None:
            return Response("This preview has expired; change anything to make a new one.", 404,
                            media_type="text/plain")
        return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=600, immutable"})

    async def preview(request: Request) -> Response:
        fields = await read_form(request)
        focus = fields.get("focus", "poster")
        if not isinstance(focus, str) or focus not in product_ids():
            raise RequestError(400, f"focus must be one of {', '.join(product_ids())}")
        answer, root, scratch = await builder.run("preview", writer(fields, focus), _gone(request))
        try:
            if "error" not in answer:
                answer["image"] = f"/preview/{builder.images.add((root / 'preview.png').read_bytes())}.png"
        finally:
            scratch.cleanup()
        return JSONResponse(answer)

    async def check(request: Request) -> Response:
        answer, root, scratch = await builder.run("check", writer(await read_form(request)), _gone(request))
        try:
            if "error" not in answer:
                keys = [builder.images.add((root / f"{name}.png").read_bytes()) for name in answer["pages"]]
                answer["pages"] = [{"name": name, "image": f"/preview/{key}.png"}
                                   for name, key in zip(answer["pages"], keys, strict=True)]
        finally:
            scratch.cleanup()
        return JSONResponse(answer)

    async def download(request: Request) -> Response:
        fields = await read_form(request)
        answer, root, scratch = await builder.run("download", writer(fields), _gone(request))
        try:
            if "error" in answer:
                return JSONResponse(answer, 422)
            data = pack_zip(root / "out", root / "pack")
        finally:
            scratch.cleanup()
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": 'attachment; filename="helpline-pack.zip"'})

    async def pack_yaml(request: Request) -> Response:
        fields = await read_form(request)
        logo = forms.logo_bytes(fields.get("logo"), MAX_LOGO)
        text, _ = forms.pack_yaml(fields, f"logo.{logo[1]}" if logo else None)
        return Response(text.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="pack.yaml"'})

    async def load(request: Request) -> Response:
        text = (await read_form(request)).get("yaml", "")
        if not isinstance(text, str):
            raise RequestError(400, "the pack file must be sent as text", "pack.yaml")
        return JSONResponse({"fields": await anyio.to_thread.run_sync(forms.read_pack_yaml, text)})

    async def colours(request: Request) -> Response:
        return JSONResponse({"colours": forms.colours((await read_form(request)).get("colours"))})

    async def request_error(request: Request, exc: RequestError) -> Response:
        return _error(exc.status, exc.message, exc.field)

    async def pack_error(request: Request, exc: PackError) -> Response:
        from .words import form_words

        return _error(400, form_words(exc.message), exc.field, str(exc))

    async def build_failed(request: Request, exc: BuildFailed) -> Response:
        return _error(exc.status, exc.message)

    async def busy(request: Request, exc: Busy) -> Response:
        return _error(503, "helpline-pack is busy with other people's packs; try again in a moment")

    routes = [Route(path, static) for path in ("/", "/app.js", "/app.css", "/cy.json", "/favicon.ico")]
    routes += [Route("/api/options", options), Route("/preview/{key:str}.png", image)]
    routes += [Route(path, handler, methods=["POST"]) for path, handler in (
        ("/api/preview", preview), ("/api/check", check), ("/api/download", download),
        ("/api/pack.yaml", pack_yaml), ("/api/load", load), ("/api/colours", colours))]
    handlers: dict[Any, Any] = {RequestError: request_error, PackError: pack_error, BuildFailed: build_failed,
                                Busy: busy}
    app = Starlette(routes=routes, exception_handlers=handlers)
    return Guard(app, allowed_hosts, builder)


class Server:
    """uvicorn serving the page on a socket bound now (``port`` 0: any free port)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8000, *, workers: int = 2,
                 build_seconds: float = BUILD_SECONDS, backlog: int = BACKLOG, names: tuple[str, ...] = ()) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.create_server((host, port), family=family, backlog=backlog)
        self.port = self.socket.getsockname()[1]
        # On loopback, only requests that name this server: a web page elsewhere cannot reach
        # it through a domain name pointed at 127.0.0.1 (DNS rebinding). ``names`` adds the
        # names it is reached by (a web server in front passes its own on). On a network with
        # no names given, people use whatever names the machine has, so any is answered.
        extra = {spelling for name in names for spelling in (name, f"{name}:{self.port}")}
        allowed: set[str] | None
        if host in LOOPBACK:
            allowed = {f"{name}:{self.port}" for name in ("127.0.0.1", "localhost", "[::1]")} | extra
        else:
            allowed = extra | {f"{host}:{self.port}"} if extra else None
        self.app = make_app(workers=workers, build_seconds=build_seconds, allowed_hosts=allowed)
        config = uvicorn.Config(self.app, http=GuardedH11, backlog=backlog, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                                server_header=False, date_header=False, access_log=False, log_level="warning",
                                lifespan="off", h11_max_incomplete_event_size=16 * 1024)
        self.uvicorn = uvicorn.Server(config)
        self.thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self.uvicorn.run(sockets=[self.socket])

    def start(self) -> None:
        """Serve from a thread (for tests and benches); returns once it is listening."""
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()
        while not self.uvicorn.started and self.thread.is_alive():
            threading.Event().wait(0.02)

    def stop(self) -> None:
        self.uvicorn.should_exit = True
        if self.thread is not None:
            self.thread.join(10)
        self.socket.close()
