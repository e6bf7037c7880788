"""Discreet stickers on a label sheet (the label's layout is generator.sticker)."""

from __future__ import annotations

from .. import impose, sticker
from ..manifest import FileEntry
from ..model import Pack, StickerSpec
from ..printer import PrinterProfile
from ..reader import Reader
from ..render import render
from ..wording import fill
from . import Context, Product, Rendered, document_info, printer_json, with_draft_note

WORDINGS = ("discreet", "explicit")


def read(section: Reader, context: Context) -> StickerSpec:
    sheets = context.label_sheets
    code = section.text("sheet", default="L7160", required=False)
    if code.upper() not in sheets:
        known = sorted({sheet.code for sheet in sheets.values()})
        raise section.bad("sheet", code, f"is not a known label sheet; use one of: {', '.join(known)}, "
                          "or describe it under label_sheets:")
    sheet = sheets[code.upper()]
    total = sheet.grid.count
    wording = section.choice("wording", list(WORDINGS), default="discreet")
    start = section.integer("start_at", lo=1, hi=total, default=1)
    count = section.integer("count", lo=1, hi=total, default=total - start + 1)
    if start + count - 1 > total:
        raise section.bad("count", count, f"runs past the sheet: from label {start} only {total - start + 1} of "
                          f"{total} are left; lower count or start_at")
    local = section.boolean("local", default=True)
    section.finish()
    return StickerSpec(sheet, wording, start, count, local)


def files(pack: Pack, printer: PrinterProfile, shop: bool = False) -> Rendered:
    """One sheet of labels, filled from ``start_at`` for ``count`` labels."""
    spec = pack.spec("sticker", StickerSpec)
    sheet = spec.sheet
    piece = sticker.layout(pack, sheet)
    every = sheet.grid.slots()
    used = every[spec.start_at - 1:spec.start_at - 1 + spec.count]
    items: list = []
    for trim in used:
        items += impose.place(piece, trim)
    paper = sheet.paper
    note = with_draft_note(pack, fill(pack.strings["sheet"]["labels"], sheet=sheet.name))
    # Unused labels are still on the sheet: the note keeps clear of every one of them.
    items.append(impose.margin_note(note, every, 0.0, paper.width_mm, paper.height_mm, clear=1.0))
    page = impose.sheet(paper.width_mm, paper.height_mm, items, printer.front())
    impose.check_sheet(page, every, 0.0)
    placed = [[impose.Placed(spec.start_at - 1 + n, "single", trim) for n, trim in enumerate(used)]]
    numbers = [pack.featured.phone.print, *([pack.local.phone.print] if pack.local and spec.local else [])]
    entry = FileEntry(f"stickers-{sheet.code}.pdf", "sticker", [page], numbers, placed=placed,
                      min_pt=sticker.MIN_PT, safe_margin=sheet.safe_margin, round=sheet.shape == "round",
                      extra={"label_sheet": sheet.name, "label_sheet_code": sheet.code,
                             "label_sheet_aliases": list(sheet.aliases), "shape": sheet.shape,
                             "label_mm": [sheet.grid.width, sheet.grid.height], "safe_margin_mm": sheet.safe_margin,
                             "start_at": spec.start_at, "count": spec.count, "wording": spec.wording,
                             **printer_json(printer)})
    info = document_info(pack, "stickers", "Stickers with a free helpline number", shop, sheet=sheet.name)
    return [(entry, render([page], info))]


def guide(entry: dict, words: dict) -> str:
    aliases = entry.get("label_sheet_aliases") or []
    return fill(words["sticker"], file=entry["path"], count=str(entry["count"]), sheet=entry["label_sheet"],
                aliases=" " + words["aliases"].format(aliases=", ".join(aliases)).strip() if aliases else "",
                start=str(entry["start_at"]))


PRODUCT = Product(id="sticker", section="sticker", order=30, read=read, files=files, guide=guide,
                  where="where_sticker", on_stock=True)
