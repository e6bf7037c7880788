"""The page's builds, each in its own short-lived process forked from a warm one.

Three kinds, from quick to whole:
* ``preview``: lays out and renders one product (the one being edited) and turns its first
  page into a PNG at screen size; no files, no verify. About a quarter of a second.
* ``check``: the whole pack as ``build`` makes it, with verify, and every page as a PNG.
* ``download``: the whole pack with previews and verify, for the ZIP.

Each runs in a fresh temporary folder that is deleted when the answer is read, in a process
forked from a fork server that has already imported the generator and laid out a pack
(:mod:`generator.web.warm`), so no build starts cold and none can outlive its time limit.
Previews and whole builds have ``workers`` slots each, so a preview never waits for someone
else's verify to finish, and a check runs at a lower CPU priority (``nice``) than the previews
beside it: someone typing sees their change first, and the checks use what is left.
"""

from __future__ import annotations

import asyncio
import hashlib
import heapq
import itertools
import json
import multiprocessing
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import anyio

SCREEN_PX = 840            # a preview's width: a 26rem image at twice the pixels of a phone screen
CHECK_NICENESS = 5         # a check yields the CPU to previews (a download does not: someone waits for it)
MAX_WAITING = 64           # builds queued beyond this are told the page is busy
CACHE_BYTES = 64 * 2**20   # preview images kept for the browser to fetch, by content hash
CACHE_SECONDS = 600.0


class Busy(Exception):
    """Every build slot is taken and the queue is full."""


class Slots:
    """``count`` build slots; waiters are served by priority (lower first), then in order of arrival."""

    def __init__(self, count: int) -> None:
        self.free = count
        self.waiting: list[tuple[int, int, asyncio.Future]] = []
        self.order = itertools.count()

    async def acquire(self, priority: int) -> None:
        if self.free and not self.waiting:
            self.free -= 1
            return
        if len(self.waiting) >= MAX_WAITING:
            raise Busy
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self.waiting, (priority, next(self.order), future))
        try:
            await future
        except BaseException:
            if future.done() and not future.cancelled():
                self.release()          # handed a slot just as it gave up: pass it on
            else:
                future.cancel()
            raise

    def release(self) -> None:
        while self.waiting:
            _, _, future = heapq.heappop(self.waiting)
            if not future.done():
                future.set_result(None)
                return
        self.free += 1


class Images:
    """Preview PNGs by the SHA-256 of their bytes, for ``CACHE_SECONDS`` and up to ``CACHE_BYTES``.

    The hash is the image's only name, so only someone who was sent it can fetch it."""

    def __init__(self) -> None:
        self.items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.size = 0

    def add(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        if key not in self.items:
            self.items[key] = (time.monotonic(), data)
            self.size += len(data)
        self.items.move_to_end(key)
        self._trim()
        return key

    def get(self, key: str) -> bytes | None:
        self._trim()
        item = self.items.get(key)
        return None if item is None else item[1]

    def _trim(self) -> None:
        old = time.monotonic() - CACHE_SECONDS
        while self.items:
            key, (added, data) = next(iter(self.items.items()))
            if self.size <= CACHE_BYTES and added >= old:
                break
            del self.items[key]
            self.size -= len(data)


class Builder:
    """Runs the page's builds: slots, the warm fork server, time limits and clean folders."""

    def __init__(self, *, workers: int, build_seconds: float) -> None:
        self.build_seconds = build_seconds
        self.slots = {"preview": Slots(workers), "whole": Slots(workers)}
        self.images = Images()
        self.context: multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext
        if "forkserver" in multiprocessing.get_all_start_methods():
            self.context = multiprocessing.get_context("forkserver")
            self.context.set_forkserver_preload(["generator.web.warm"])
        else:                                  # Windows: each build starts a fresh process
            self.context = multiprocessing.get_context("spawn")

    def warm_up(self) -> None:
        """Start the fork server now (it lays out a pack first), not on the first change."""
        process = self.context.Process(target=_nothing, daemon=True)
        process.start()
        process.join()

    async def run(self, kind: str, write_pack, gone=None) -> tuple[dict, Path, tempfile.TemporaryDirectory]:
        """Write the pack with ``write_pack(folder)``, build it as ``kind`` in a child process and
        return its answer, with the folder (the caller deletes it with ``.cleanup()``).

        ``gone`` is awaited alongside: when it returns (the page went away) the build is stopped."""
        scratch = tempfile.TemporaryDirectory(prefix="helpline-pack-web-")
        try:
            root = Path(scratch.name)
            write_pack(root / "pack")
            slots = self.slots["preview" if kind == "preview" else "whole"]
            await slots.acquire(1 if kind == "check" else 0)       # a download before a check
            try:
                await self._child(kind, root, gone)
            finally:
                slots.release()
            result_path = root / "result.json"
            if not result_path.is_file():
                raise BuildFailed("the build stopped without an answer; try again")
            return json.loads(result_path.read_text(encoding="utf-8")), root, scratch
        except BaseException:
            scratch.cleanup()
            raise

    async def _child(self, kind: str, root: Path, gone) -> None:
        process = self.context.Process(target=CHILDREN[kind], args=(str(root),), daemon=True)
        process.start()
        try:
            with anyio.move_on_after(self.build_seconds) as limit:
                async with anyio.create_task_group() as group:
                    async def wait_for_page() -> None:
                        await gone()
                        group.cancel_scope.cancel()
                    if gone is not None:
                        group.start_soon(wait_for_page)
                    await anyio.wait_readable(process.sentinel)
                    group.cancel_scope.cancel()
            if limit.cancelled_caught:
                raise BuildFailed(f"the build took longer than {self.build_seconds:g} s and was stopped; "
                                  "try again, or with fewer products", status=503)
        finally:
            if process.is_alive():
                process.kill()
            await anyio.to_thread.run_sync(process.join)
            process.close()


class BuildFailed(Exception):
    def __init__(self, message: str, status: int = 500) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _nothing() -> None:
    pass


# -- in the child process -------------------------------------------------------------------------
def _answer(root: Path, answer: dict) -> None:
    (root / "result.json").write_text(json.dumps(answer), encoding="utf-8")


def _error(exc, root: Path) -> dict:
    from .words import error_words

    return {"error": error_words(exc, root)}


def page_pngs(pdf: bytes, first_only: bool = False) -> list[bytes]:
    """Each page of ``pdf`` as a PNG ``SCREEN_PX`` wide (the first alone if asked)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(1 if first_only else len(document)):
            page = document[index]
            bitmap = page.render(scale=SCREEN_PX / page.get_width())
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, "PNG", compress_level=1)
            images.append(buffer.getvalue())
        return images
    finally:
        document.close()


def _preview_child(folder: str) -> None:
    """The edited product's first page, as fast as the pipeline allows: lay out and render that
    product only, in memory; ``focus`` names it (poster, wallet-card, sticker, large-print)."""
    from ..errors import PackError
    from ..pack import load_pack
    from .products import first_pdf

    root = Path(folder)
    focus = (root / "pack" / "focus.txt").read_text(encoding="utf-8").strip()
    try:
        pack = load_pack(root / "pack" / "pack.yaml")
        name, pdf = first_pdf(pack, focus)
    except PackError as exc:
        _answer(root, _error(exc, root))
        return
    (root / "preview.png").write_bytes(page_pngs(pdf, first_only=True)[0])
    _answer(root, {"name": name.removesuffix(".pdf") + "-1"})


def _check_child(folder: str) -> None:
    """The whole pack as ``build`` makes it, verified; every page as a PNG for the page."""
    import os

    from ..build import build
    from ..errors import PackError
    from .words import warning_words

    if hasattr(os, "nice"):
        os.nice(CHECK_NICENESS)
    root = Path(folder)
    try:
        result = build(root / "pack" / "pack.yaml", root / "out", previews=False)
    except PackError as exc:
        _answer(root, _error(exc, root))
        return
    pages = []
    # In the order the build made them: the product registry's (posters, cards, stickers, ...).
    manifest = json.loads((root / "out" / "manifest.json").read_text(encoding="utf-8"))
    for path in (root / "out" / entry["path"] for entry in manifest["files"]):
        for number, png in enumerate(page_pngs(path.read_bytes()), start=1):
            name = f"{path.stem}-{number}"
            (root / f"{name}.png").write_bytes(png)
            pages.append(name)
    _answer(root, {"pages": pages,
                   "findings": [{"file": f.file, "check": f.check, "ok": f.ok, "figure": f.figure}
                                for f in result.findings or []],
                   "warnings": [warning_words(w, root) for w in result.warnings]})


def _download_child(folder: str) -> None:
    """The whole pack with previews and verify, exactly as ``build`` leaves it."""
    from ..build import build
    from ..errors import PackError
    from .words import warning_words

    root = Path(folder)
    try:
        result = build(root / "pack" / "pack.yaml", root / "out")
    except PackError as exc:
        _answer(root, _error(exc, root))
        return
    _answer(root, {"failed": len(result.failed),
                   "warnings": [warning_words(w, root) for w in result.warnings]})


CHILDREN = {"preview": _preview_child, "check": _check_child, "download": _download_child}
