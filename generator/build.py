"""A build: load and validate the pack, lay out and check every page, render, then write.

Nothing touches the output folder until every product has been laid out, checked and
rendered in memory, so a pack with any error leaves the folder exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from . import calibrate as alignment
from . import bilingual, html_page, impose, large_print, poster, proof, sticker, wallet_card
from .drawing import Page
from .errors import DataError, LayoutError, PackError
from .languages import language_tag, load_language
from .manifest import FileEntry, manifest_json
from .model import Pack
from .output import plain_file_name, prepare, staged, write_atomic
from .pack import load_pack
from .printer import PrinterProfile, load_profile
from .render import DocumentInfo, render
from .sheets import LabelSheet, builtin_label_sheets, load_cards
from .stale import StaleWarning, warnings
from .wording import claims, fill

PRODUCTS = ("poster", "wallet-card", "sticker", "large-print")
MANIFEST = "manifest.json"
PRINTING = "PRINTING.txt"
WEB_PAGE = "pack.html"
CALIBRATION_DATE = dt.date(2026, 11, 1)


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    warnings: list[StaleWarning]
    findings: list | None = None     # verify's findings; None when the build skipped verify

    @property
    def failed(self) -> list:
        return [f for f in self.findings or [] if not f.ok]


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


def _info(pack: Pack, what: str, subject: str) -> DocumentInfo:
    return DocumentInfo(
        title=f"{pack.title}: {what}",
        author=pack.branding.organisation or "helpline-pack",
        subject=subject,
        language=language_tag(pack.language),
        date=pack.data_date,
    )


def _poster_files(pack: Pack) -> list[tuple[FileEntry, bytes]]:
    a4 = poster.layout(pack)
    files = []
    for paper in pack.poster.sizes:
        page: Page = poster.for_paper(a4, paper)
        page.check("poster", min_pt=poster.MIN_SMALL_PT)
        info = _info(pack, f"poster ({paper.name})",
                     "Free, confidential helplines for anyone affected by domestic abuse")
        entry = FileEntry(f"poster-{paper.name}.pdf", "poster", [page], _phone_numbers(pack),
                          min_pt=poster.MIN_SMALL_PT)
        files.append((entry, render([page], info)))
    return files


def _large_print_files(pack: Pack) -> list[tuple[FileEntry, bytes]]:
    pages = large_print.layout(pack)
    entry = FileEntry("large-print-A4.pdf", "large-print", pages, _phone_numbers(pack), min_pt=pack.large_print.body_pt,
                      extra={"body_pt": pack.large_print.body_pt})
    info = _info(pack, "large-print information sheet", "Free, confidential helplines, in large print")
    return [(entry, render(pages, info))]


def _printer_json(printer: PrinterProfile) -> dict:
    if printer.front().identity and printer.back().identity:
        return {}
    return {"printer": {"name": printer.name, "offset_mm": list(printer.offset), "scale": printer.scale,
                        "back_offset_mm": list(printer.back_offset)}}


def _wallet_card_files(pack: Pack, printer: PrinterProfile) -> list[tuple[FileEntry, bytes]]:
    """The office sheet (fronts, then mirrored backs) and the print shop's single card."""
    card, impositions = load_cards()
    front, back = wallet_card.layout(pack, card)
    spec, background = pack.wallet_card, pack.colours.background
    coloured = background != impose.WHITE
    chosen = spec.imposition or ("a4-8up-bleed" if coloured else "a4-10up")
    imposition = impositions[chosen]
    if coloured and imposition.bleed < card.bleed:
        raise LayoutError(f'"{chosen}" has no room for bleed, and the background {background} needs '
                          f"{card.bleed:g} mm round every card; set imposition: auto (eight cards with bleed) "
                          "or a white background", file=pack.file, field="products.wallet_card.imposition")
    paper = imposition.paper
    notes = tuple(_with_draft_note(pack, pack.strings["sheet"][key]) for key in ("duplex_front", "duplex_back"))
    pages, placed = impose.duplex(front, back, imposition.grid.slots(), paper.width_mm, paper.height_mm,
                                  bleed=imposition.bleed, background=background, notes=notes,
                                  front_transform=printer.front(), back_transform=printer.back())
    services = (pack.featured, *spec.listed, *(s for s in (pack.anonymous, pack.local) if s))
    numbers = [pack.emergency.number, *(s.phone.print for s in services)]
    subject = "Wallet cards with free, confidential helplines"
    office = FileEntry(f"wallet-cards-{paper.name}.pdf", "wallet-card", pages, numbers, placed=placed,
                       min_pt=wallet_card.MIN_PT, safe_margin=card.safe_margin, extra={
        "card_mm": [card.width, card.height], "imposition": chosen, "cards_per_sheet": imposition.grid.count,
        "bleed_mm": imposition.bleed, "duplex": "long-edge", "front": spec.front, **_printer_json(printer),
    })
    shop_pages = [impose.with_bleed(side, card.bleed, background) for side in (front, back)]
    shop = FileEntry("wallet-card-print-shop.pdf", "wallet-card", shop_pages, numbers, sides=("front", "back"),
                     min_pt=wallet_card.MIN_PT,
                     extra={"card_mm": [card.width, card.height], "bleed_mm": card.bleed,
                            "corner_radius_mm": card.corner_radius, "front": spec.front})
    return [(office, render(pages, _info(pack, f"wallet cards ({paper.name}, two-sided)", subject))),
            (shop, render(shop_pages, _info(pack, "wallet card for print shops", subject)))]


def build(config: Path | str | Pack | None = None, out: Path | str = "output", *, products: str | None = None,
          today: dt.date | None = None, max_age_months: int | None = None,
          printer: Path | str | None = None, sheet: str | None = None, verify: bool = True,
          previews: bool = True) -> BuildResult:
    """Build the pack at ``config`` (default: the London pack; or a Pack already loaded) into ``out``.

    ``printer`` is a printer profile (see :mod:`generator.printer`) applied to office sheets;
    ``sheet`` puts the stickers on another label sheet (a code from data/label-sheets.yaml).
    Raises PackError before writing anything if the pack, the data or a layout is wrong.
    After the PDFs and manifest: previews, then (unless ``verify`` is false) the verify
    checks, then PRINTING.txt, which reports what verify found.
    """
    pack = config if isinstance(config, Pack) else load_pack(config)
    # The age limit and the day claims are judged on follow the command line where it gives them.
    if max_age_months is not None:
        pack = replace(pack, max_age_months=max_age_months)
    if today is not None:
        pack = replace(pack, as_of=today)
    if sheet is not None:
        pack = with_sheet(pack, sheet)
    chosen = parse_products(products, pack)
    profile = load_profile(printer)
    rendered: list[tuple[FileEntry, bytes]] = []
    try:
        if "poster" in chosen:
            rendered += _poster_files(pack)
        if "wallet-card" in chosen:
            rendered += _wallet_card_files(pack, profile)
        if "sticker" in chosen:
            rendered += _sticker_files(pack, profile)
        if "large-print" in chosen:
            rendered += _large_print_files(pack)
    except PackError as exc:
        raise pack.locate(exc) from None
    out_dir = Path(out)
    with staged(out_dir) as stage:
        for entry, data in rendered:
            stage.write(entry.path, data)
        for entry, _ in rendered:
            entry.extra["claims"] = claims(entry.pages, pack.strings)
            if len(pack.languages) > 1:
                entry.extra["twins"] = bilingual.twins(entry.pages)
        manifest = manifest_json(pack.name, pack.data_date.isoformat(), pack.language,
                                 [entry for entry, _ in rendered], _traced_facts(pack))
        stage.write(MANIFEST, manifest)
        stage.write(WEB_PAGE, html_page.page(pack))
        if previews:
            for relative, data in proof.previews([(entry.path, image) for entry, image in rendered], pack.title):
                stage.write(relative, data)
        findings = None
        if verify:
            from .verify import verify as check

            findings = check(stage.folder)
        entries = json.loads(manifest)["files"]
        counts = None if findings is None else (sum(f.ok for f in findings), sum(not f.ok for f in findings))
        stage.write(PRINTING, proof.print_guide(pack, entries, str(out_dir), counts).encode("utf-8"))
        written = stage.commit(replaces=_earlier_build if previews else _earlier_documents)
    found = (warnings(pack, today or dt.date.today(), max_age_months) + logo_warnings(pack, rendered)
             + draft_warnings(pack))
    return BuildResult(out_dir, written, found, findings)


def _traced_facts(pack: Pack) -> dict:
    """What verify needs, beside the bundled data, to trace every printed number and claim:
    the month claims were judged in, the age limit, and the services the pack wrote itself
    (its local service and any written out in full), which the bundled data does not hold."""
    from .catalogue import load_catalogue

    built_in = load_catalogue().services
    return {
        "claims_as_of": f"{pack.as_of:%Y-%m}",
        "max_age_months": pack.max_age_months,
        "languages": [lang.code for lang in pack.languages],
        "own_services": [{"id": s.id, "dial": s.phone.dial, "always": s.hours.always,
                          "checked_on": f"{s.checked_on:%Y-%m}",
                          "route_numbers": [r.value.replace(" ", "") for r in s.routes if r.kind == "text" and r.value]}
                         for s in pack.services if s.id not in built_in],
    }


def _earlier_documents(folder: Path) -> list[Path]:
    """The files the folder's current manifest lists: the last build's documents. Only plain
    names in the folder itself count, so a tampered manifest cannot name anything else."""
    try:
        entries = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
        names = [entry["path"] for entry in entries]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [folder / name for name in names if plain_file_name(name) and name.endswith(".pdf")]


def _earlier_build(folder: Path) -> list[Path]:
    """The last build's documents and every page preview."""
    return [*_earlier_documents(folder), *(folder / "previews").glob("*.png")]


def _with_draft_note(pack: Pack, note: str) -> str:
    """A sheet's margin note, which the person printing reads (in English), with the draft
    mark when the pieces are printed from an unreviewed translation."""
    if not pack.draft_languages:
        return note
    return f"{load_language('en').strings['draft_mark'].upper()}. {note}"


def draft_warnings(pack: Pack) -> list[StaleWarning]:
    """One warning per unreviewed translation the products were printed from."""
    found = []
    for lang in pack.draft_languages:
        if lang.fallbacks:
            shown = ", ".join(lang.fallbacks[:3]) + (f" and {len(lang.fallbacks) - 3} more" if len(lang.fallbacks) > 3 else "")
            found.append(StaleWarning(lang.file, None, "strings",
                                      f"the {lang.name_en} translation lacks {shown}, printed in English instead and "
                                      "marked as a draft; translate them"))
        else:
            found.append(StaleWarning(lang.file, None, "reviewed",
                                      f"the {lang.name_en} translation is a draft no native speaker has checked; every "
                                      "product says so. Have a native speaker read the products, then set "
                                      "translation_reviewed_by: (who, when) in your pack"))
    return found


def logo_warnings(pack: Pack, rendered: list[tuple[FileEntry, bytes]]) -> list[StaleWarning]:
    """A raster logo printed under 150 dpi anywhere, at its largest use, with the pixels it needs."""
    from .drawing import Image
    from .logo import MIN_DPI

    logo = pack.branding.logo
    if logo is None or logo.vector:
        return []
    widest = max(((item.box.w, item.box.h, entry.path) for entry, _ in rendered for page in entry.pages
                  for item in page.items if isinstance(item, Image)), default=None)
    if widest is None or logo.dpi(widest[0]) >= MIN_DPI:
        return []
    width_mm, height_mm, where = widest
    need = (math.ceil(width_mm / 25.4 * MIN_DPI), math.ceil(height_mm / 25.4 * MIN_DPI))
    return [StaleWarning(pack.file, None, "branding.logo",
                         f"{logo.path.name} is {logo.width:.0f} x {logo.height:.0f} px, only {logo.dpi(width_mm):.0f} "
                         f"dpi at {width_mm:.1f} x {height_mm:.1f} mm in {where}; it will print soft. Give at least "
                         f"{need[0]} x {need[1]} px ({MIN_DPI} dpi), or an SVG")]


def _sticker_files(pack: Pack, printer: PrinterProfile) -> list[tuple[FileEntry, bytes]]:
    """One sheet of labels, filled from ``start_at`` for ``count`` labels."""
    spec = pack.sticker
    sheet = spec.sheet
    piece = sticker.layout(pack, sheet)
    every = sheet.grid.slots()
    used = every[spec.start_at - 1:spec.start_at - 1 + spec.count]
    items: list = []
    for trim in used:
        items += impose.place(piece, trim)
    paper = sheet.paper
    note = _with_draft_note(pack, fill(pack.strings["sheet"]["labels"], sheet=sheet.name))
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
                             **_printer_json(printer)})
    info = _info(pack, f"stickers ({sheet.name})", "Stickers with a free helpline number")
    return [(entry, render([page], info))]


def _label_sheet(code: str, own: LabelSheet | None = None) -> LabelSheet:
    """A built-in label sheet (or ``own``, the pack's) named on the command line."""
    if own is not None and code.upper() == own.code.upper():
        return own
    sheets = builtin_label_sheets()
    if code.upper() not in sheets:
        known = sorted({s.code for s in sheets.values()})
        raise DataError(f'"{code}" is not a known label sheet; use one of: {", ".join(known)}', field="--sheet")
    return sheets[code.upper()]


def with_sheet(pack: Pack, code: str) -> Pack:
    """``pack`` with its stickers on another label sheet, filled from the first label."""
    if pack.sticker is None:
        raise DataError("this pack makes no stickers; add products: sticker: to it", field="--sheet")
    sheet = _label_sheet(code, pack.sticker.sheet)
    return replace(pack, sticker=replace(pack.sticker, sheet=sheet, start_at=1, count=sheet.grid.count))


def init(path: Path | str = "my-pack.yaml", nation: str = "london") -> Path:
    """Write the commented starter pack to ``path`` (or ``path``/pack.yaml for a folder), over
    the built-in pack ``nation`` (england, london, wales, scotland or northern-ireland).

    Never overwrites: a pack someone has edited is worth more than a fresh template.
    """
    from . import resources
    from .catalogue import load_catalogue
    from .errors import OutputError
    from .pack import builtin_pack_names, load_base_pack

    if nation not in builtin_pack_names():
        raise DataError(f'"{nation}" is not a built-in pack; use one of: {", ".join(builtin_pack_names())}',
                        field="--nation")
    target = Path(path)
    if target.is_dir():
        target = target / "pack.yaml"
    if target.suffix not in (".yaml", ".yml"):
        raise OutputError("a pack file's name ends in .yaml, e.g. my-pack.yaml", file=str(target))
    if target.exists():
        raise OutputError("already exists and is never overwritten; give another name, or delete it first",
                          file=str(target))
    base = load_base_pack(nation)
    catalogue = load_catalogue()
    services = base["services"]
    available = ", ".join(f"{s.id} ({', '.join(s.serves)})" if s.serves else s.id
                          for s in catalogue.services.values())
    links = ", ".join(f"{link.id} ({link.owner})" for link in catalogue.links.values())
    template = (resources.data_dir() / "templates" / "pack.yaml").read_text(encoding="utf-8")
    fields = {"file": str(target), "out": f"{target.stem}-output", "extends": nation,
              "featured": services["featured"], "anonymous": services.get("anonymous") or "null",
              "listed": "\n".join(f"    - {s}" for s in services["listed"]),
              "qr_links": "\n".join(f"  - {link}" for link in base["qr_links"]) or "  []",
              "available": "\n  # ".join(textwrap.wrap(available, 84)), "links": "\n# ".join(textwrap.wrap(links, 86))}
    text = template
    for key, value in fields.items():
        text = text.replace("{" + key + "}", value)
    if not base["qr_links"]:
        text = text.replace("qr_links:\n  []", "qr_links: []")
    prepare(target.parent if str(target.parent) else Path("."))
    write_atomic(target, text.encode("utf-8"))
    return target


def calibrate(out: Path | str = "output", *, sheet: str = "L7160", printer: Path | str | None = None) -> list[Path]:
    """Write the two-sided and label-sheet alignment pages into ``out``."""
    profile = load_profile(printer)
    files = alignment.calibration_files(profile, _label_sheet(sheet))
    # A fixed date: the same test page gives the same bytes on every run.
    info = DocumentInfo("helpline-pack alignment test", "helpline-pack", "Printer alignment test", "en-GB",
                        CALIBRATION_DATE)
    rendered = [(name, render(pages, info)) for name, pages in files]
    with staged(Path(out)) as stage:
        for name, data in rendered:
            stage.write(name, data)
        return stage.commit()
