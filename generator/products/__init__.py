"""Products as a registry: one module in this package per product, one table of them.

Each module defines ``PRODUCT``, a :class:`Product`: its id, the pack section it reads and
how, the files it makes (with their manifest entries), its line in PRINTING.txt and where it
goes, and its place in the order products are shown. build, check, proof, batch, the CLI's
``--products`` and the web page ask :func:`registry`, never a product's name, so a new
product is one new module here plus its strings (segno keeps its writers the same way).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..languages import language_tag as _language_tag
from ..languages import load_language

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..manifest import FileEntry
    from ..model import Pack, Service
    from ..printer import PrinterProfile
    from ..reader import Reader
    from ..render import DocumentInfo

Rendered = list[tuple["FileEntry", bytes]]


@dataclass(frozen=True)
class Context:
    """What a product's section may be checked against when a pack is read."""

    catalogue: "Catalogue"
    services: tuple["Service", ...]     # the featured helpline, then the listed ones
    label_sheets: dict                  # the built-in label sheets and the pack's own


@dataclass(frozen=True)
class Product:
    id: str                  # "wallet-card": as the CLI, the manifest and the web page name it
    section: str             # "wallet_card": its section under products: in a pack
    order: int               # previews, PRINTING.txt and the web page show lower first
    read: Callable[["Reader", Context], Any]                 # its section -> a checked spec
    # Every file it makes, rendered; the flag asks for print-shop files (PDF/X-4 in CMYK).
    files: Callable[["Pack", "PrinterProfile", bool], Rendered]
    guide: Callable[[dict, dict], str]      # a manifest entry + the printing words -> its line
    where: str               # the printing words' key: where to put what comes out
    on_stock: bool = False   # printed onto cards or labels whose alignment matters (calibrate)
    # The first file only, for a fast preview; by default the first of ``files``.
    preview: Callable[["Pack", "PrinterProfile", bool], Rendered] | None = None

    def first(self, pack: "Pack", printer: "PrinterProfile") -> Rendered:
        return (self.preview or self.files)(pack, printer, False)[:1]


@cache
def registry() -> dict[str, Product]:
    """Every product, in the order they are shown: one per module of this package."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        product = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PRODUCT", None)
        if isinstance(product, Product):
            found.append(product)
    return {product.id: product for product in sorted(found, key=lambda p: (p.order, p.id))}


def product_ids() -> tuple[str, ...]:
    return tuple(registry())


# -- helpers the product modules share ---------------------------------------------------------
def document_info(pack: "Pack", what: str, subject: str, shop: bool = False, **facts: str) -> "DocumentInfo":
    """A PDF's properties; its title is the pack's own, then what the file is in the pack's
    language(s) (``what``: a key of the strings' ``documents``, filled with ``facts``)."""
    from ..render import DocumentInfo
    from ..wording import fill

    said = fill(pack.strings["documents"][what], **facts)
    said = " / ".join(said.parts) if hasattr(said, "parts") else said   # two languages: "poster / poster"
    return DocumentInfo(title=f"{pack.title}: {said}", author=pack.branding.organisation or "helpline-pack",
                        subject=subject, language=_language_tag(pack.language), date=pack.data_date,
                        print_shop=shop, cmyk=pack.colours.cmyk)


def phone_numbers(pack: "Pack") -> list[str]:
    """Every number a product that lists the whole pack prints: 999, then each service's."""
    return [pack.emergency.number, *(s.phone.print for s in pack.services)]


def with_draft_note(pack: "Pack", note: str) -> str:
    """A sheet's margin note, which the person printing reads (in English), with the draft
    mark when the pieces are printed from an unreviewed translation."""
    if not pack.draft_languages:
        return note
    return f"{load_language('en').strings['draft_mark'].upper()}. {note}"


def printer_json(printer: "PrinterProfile") -> dict:
    """The printer correction a sheet was drawn with, for its manifest entry (none: nothing)."""
    if printer.front().identity and printer.back().identity:
        return {}
    return {"printer": {"name": printer.name, "offset_mm": list(printer.offset), "scale": printer.scale,
                        "back_offset_mm": list(printer.back_offset)}}


def paper_name(entry: dict) -> str:
    width, height = entry["sheet_mm"]
    names = {(148.0, 210.0): "A5", (210.0, 297.0): "A4", (297.0, 420.0): "A3"}
    return names.get((width, height), f"{width:g} x {height:g} mm")
