"""A build: load and validate the pack, lay out and check every page, render, then write.

Nothing touches the output folder until every product has been laid out, checked and
rendered in memory, so a pack with any error leaves the folder exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import poster
from .drawing import Page
from .errors import DataError
from .manifest import FileEntry, manifest_json
from .model import Pack
from .output import prepare, write_atomic
from .pack import load_pack
from .render import DocumentInfo, render
from .stale import StaleWarning, warnings

PRODUCTS = ("poster", "wallet-card", "sticker")
LANGUAGE_TAGS = {"en": "en-GB", "cy": "cy-GB"}
MANIFEST = "manifest.json"


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    warnings: list[StaleWarning]


def parse_products(text: str | None, pack: Pack) -> tuple[str, ...]:
    """The products to build: the pack's own, or the subset named on the command line."""
    if text is None:
        return pack.products
    chosen = tuple(name.strip() for name in text.split(",") if name.strip())
    for name in chosen:
        if name not in PRODUCTS:
            raise DataError(f'"{name}" is not a product; use one or more of {", ".join(PRODUCTS)}',
                            field="--products")
        if name not in pack.products:
            raise DataError(f'"{name}" is not in this pack (it makes: {", ".join(pack.products) or "nothing"}); '
                            f"add it under products:", file=pack.file, field="--products")
    return chosen


def _phone_numbers(pack: Pack) -> list[str]:
    return [pack.emergency.number, *(s.phone.print for s in pack.services)]


def _poster_files(pack: Pack) -> list[tuple[FileEntry, bytes]]:
    a4 = poster.layout(pack)
    files = []
    for paper in pack.poster.sizes:
        page: Page = poster.for_paper(a4, paper)
        page.check("poster", min_pt=poster.MIN_SMALL_PT)
        info = DocumentInfo(
            title=f"{pack.title}: poster ({paper.name})",
            author=pack.branding.organisation or "helpline-pack",
            subject="Free, confidential helplines for anyone affected by domestic abuse",
            language=LANGUAGE_TAGS.get(pack.language, pack.language),
            date=pack.data_date,
        )
        entry = FileEntry(f"poster-{paper.name}.pdf", "poster", [page], _phone_numbers(pack))
        files.append((entry, render([page], info)))
    return files


def build(config: Path | str | None = None, out: Path | str = "output", *, products: str | None = None,
          today: dt.date | None = None, max_age_months: int | None = None) -> BuildResult:
    """Build the pack at ``config`` (default: the London pack) into ``out``.

    Raises PackError before writing anything if the pack, the data or a layout is wrong.
    """
    pack = load_pack(config)
    chosen = parse_products(products, pack)
    rendered: list[tuple[FileEntry, bytes]] = []
    if "poster" in chosen:
        rendered += _poster_files(pack)
    out_dir = Path(out)
    prepare(out_dir)
    written = []
    for entry, data in rendered:
        write_atomic(out_dir / entry.path, data)
        written.append(out_dir / entry.path)
    manifest = manifest_json(pack.name, pack.data_date.isoformat(), pack.language,
                             [entry for entry, _ in rendered])
    write_atomic(out_dir / MANIFEST, manifest)
    found = warnings(pack, today or dt.date.today(), max_age_months)
    return BuildResult(out_dir, [*written, out_dir / MANIFEST], found)
