"""The large-print information sheet (the layout is generator.large_print)."""

from __future__ import annotations

from .. import large_print
from ..manifest import FileEntry
from ..model import LargePrintSpec, Pack
from ..printer import PrinterProfile
from ..reader import Reader
from ..render import render
from ..wording import fill
from . import Context, Product, Rendered, document_info, phone_numbers

MIN_PT = 18.0   # UKAAF large print ideal; NHS Accessible Information Standard asks for it


def read(section: Reader, context: Context) -> LargePrintSpec:
    body = (section.number("body_pt", lo=MIN_PT, hi=28.0) if section.raw("body_pt", required=False) is not None
            else MIN_PT)
    section.finish()
    return LargePrintSpec(body)


def files(pack: Pack, printer: PrinterProfile, shop: bool = False) -> Rendered:
    pages = large_print.layout(pack)
    body = pack.spec("large-print", LargePrintSpec).body_pt
    entry = FileEntry("large-print-A4.pdf", "large-print", pages, phone_numbers(pack),
                      min_pt=body, extra={"body_pt": body})
    info = document_info(pack, "large_print", "Free, confidential helplines, in large print",
                         shop)
    return [(entry, render(pages, info))]


def guide(entry: dict, words: dict) -> str:
    return fill(words["large_print"], file=entry["path"], pages=str(entry["pages"]))


PRODUCT = Product(id="large-print", section="large_print", order=40, read=read, files=files, guide=guide,
                  where="where_large_print")
