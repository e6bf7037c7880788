"""The poster, A4 and A3 (the layout is generator.poster): its pack section and its files."""

from __future__ import annotations

from .. import poster
from ..manifest import FileEntry
from ..model import Pack, PosterSpec
from ..printer import PrinterProfile
from ..reader import Reader
from ..render import render
from ..wording import fill
from . import Context, Product, Rendered, document_info, paper_name, phone_numbers


def read(section: Reader, context: Context) -> PosterSpec:
    sizes = []
    paper = context.catalogue.paper
    for value, item in section.items("sizes", max_items=4):
        if not isinstance(value, str) or value not in paper:
            raise item.error(None, f"{value!r} is not a paper size; use one of: {', '.join(paper)}")
        sizes.append(paper[value])
    if not sizes:
        raise section.error("sizes", "names no paper size; list at least one, e.g. [A4]")
    section.finish()
    return PosterSpec(tuple(sizes))


def files(pack: Pack, printer: PrinterProfile, shop: bool = False, sizes=None) -> Rendered:
    """One PDF per paper size, each the A4 layout scaled (A-series sizes only)."""
    a4 = poster.layout(pack)
    out = []
    for paper in sizes or pack.spec("poster", PosterSpec).sizes:
        page = poster.for_paper(a4, paper)
        page.check("poster", min_pt=poster.MIN_SMALL_PT)
        info = document_info(pack, "poster", "Free, confidential helplines for anyone affected by domestic abuse",
                             shop, paper=paper.name)
        entry = FileEntry(f"poster-{paper.name}.pdf", "poster", [page], phone_numbers(pack),
                          min_pt=poster.MIN_SMALL_PT)
        out.append((entry, render([page], info)))
    return out


def preview(pack: Pack, printer: PrinterProfile, shop: bool = False) -> Rendered:
    return files(pack, printer, shop, sizes=pack.spec("poster", PosterSpec).sizes[:1])   # every size is the same layout


def guide(entry: dict, words: dict) -> str:
    return fill(words["poster"], file=entry["path"], paper=paper_name(entry))


PRODUCT = Product(id="poster", section="poster", order=10, read=read, files=files, guide=guide,
                  where="where_poster", preview=preview)
