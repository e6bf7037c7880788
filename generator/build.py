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

from . import bilingual, forking, html_page, measures, pdfx, proof
from .errors import DataError, PackError
from .manifest import FileEntry, manifest_json
from .model import Pack
from .output import plain_file_name, prepare, staged, write_atomic
from .pack import load_pack
from .printer import PrinterProfile, load_profile
from .products import product_ids, registry
from .render import DocumentInfo, render
from .sheets import LabelSheet, builtin_label_sheets
from .stale import StaleWarning, warnings
from .units import mm_to_pt
from .wording import claims

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
    known = product_ids()
    chosen = tuple(name.strip() for name in text.split(",") if name.strip())
    for name in chosen:
        if name not in known:
            raise DataError(f'"{name}" is not a product; use one or more of {", ".join(known)}',
                            field="--products")
        if name not in pack.products:
            raise DataError(f'"{name}" is not in this pack (it makes: {", ".join(pack.products) or "nothing"}); '
                            f"add it under products:", file=pack.file, field="--products")
    return chosen


def build(config: Path | str | Pack | None = None, out: Path | str = "output", *, products: str | None = None,
          today: dt.date | None = None, max_age_months: int | None = None,
          printer: Path | str | None = None, sheet: str | None = None, verify: bool = True,
          previews: bool = True, shown_as: str | None = None, print_shop: bool = False,
          jobs: int = 1) -> BuildResult:
    """Build the pack at ``config`` (default: the London pack; or a Pack already loaded) into ``out``.

    ``printer`` is a printer profile (see :mod:`generator.printer`) applied to office sheets;
    ``sheet`` puts the stickers on another label sheet (a code from data/label-sheets.yaml);
    ``print_shop`` makes every PDF a print shop's (CMYK, PDF/X-4; the card's always is).
    Raises PackError before writing anything if the pack, the data or a layout is wrong.
    After the PDFs and manifest: previews, then (unless ``verify`` is false) the verify
    checks, then PRINTING.txt, which reports what verify found (and, when not verified, how to
    verify ``shown_as``: the folder as its reader knows it, by default ``out``). With ``jobs``
    over 1, verify checks the files in that many processes while the previews are drawn.
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
    try:
        rendered = _rendered(pack, profile, print_shop, [p for p in registry() if p in chosen], jobs)
    except PackError as exc:
        raise pack.locate(exc) from None
    out_dir = Path(out)
    with staged(out_dir) as stage:
        for entry, data in rendered:
            stage.write(entry.path, data)
        for entry, _ in rendered:
            entry.extra["claims"] = claims(entry.pages, pack.strings)
            # What verify must read back from the text layer, word for word (each line once).
            entry.extra["lines"] = list(dict.fromkeys(t.text for page in entry.pages for t in page.texts()))
            if print_shop or entry.print_shop:
                entry.extra.update(pdfx.manifest_facts(pack.colours))
            if len(pack.languages) > 1:
                entry.extra["twins"] = bilingual.twins(entry.pages)
        manifest = manifest_json(pack.name, pack.data_date.isoformat(), pack.language,
                                 [entry for entry, _ in rendered], _traced_facts(pack))
        stage.write(MANIFEST, manifest)
        stage.write(WEB_PAGE, html_page.page(pack))
        if verify:
            from .verify import checking, qr_reach

            checked = checking(stage.folder, jobs)
        if previews:
            for relative, data in proof.previews([(entry.path, image) for entry, image in rendered], pack.title):
                stage.write(relative, data)
        findings, reach = None, {}
        if verify:
            findings = checked()
            reach = qr_reach(findings)
        entries = json.loads(manifest)["files"]
        counts = None if findings is None else (sum(f.ok for f in findings), sum(not f.ok for f in findings))
        stage.write(PRINTING, proof.print_guide(pack, entries, shown_as or str(out_dir), counts, reach)
                    .encode("utf-8"))
        written = stage.commit(replaces=_earlier_build if previews else _earlier_documents)
    found = (warnings(pack, today or dt.date.today(), max_age_months) + logo_warnings(pack, rendered)
             + draft_warnings(pack) + reach_warnings(reach))
    return BuildResult(out_dir, written, found, findings)


# What every product of one build is made from, set before the worker processes are forked,
# so each inherits it instead of receiving a copy of the pack through a pipe.
_JOB: tuple[Pack, PrinterProfile, bool] | None = None


def _rendered(pack: Pack, profile: PrinterProfile, print_shop: bool, ids: list[str],
              jobs: int) -> list[tuple[FileEntry, bytes]]:
    """Every product's files, in registry order: product by product, or with ``jobs`` over
    1 in that many forked processes where that is possible and safe (the poster, which costs
    most, first; see :mod:`generator.forking`)."""
    global _JOB
    workers = forking.workers(jobs, len(ids))
    if workers <= 1:
        return [file for id_ in ids for file in registry()[id_].files(pack, profile, print_shop)]
    _JOB = (pack, profile, print_shop)
    try:
        with forking.pool(workers) as pool:
            out = []
            for files, measured in pool.map(_files_of, ids):
                out += files
                measures.take(measured)     # kept for the next run, as if measured here
            return out
    finally:
        _JOB = None


def _files_of(product_id: str) -> tuple[list[tuple[FileEntry, bytes]], dict]:
    assert _JOB is not None, "set by _rendered before the fork"
    return registry()[product_id].files(*_JOB), measures.added()


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


def draft_warnings(pack: Pack) -> list[StaleWarning]:
    """One warning per unreviewed translation the products were printed from."""
    found = []
    for lang in pack.draft_languages:
        if lang.fallbacks:
            more = len(lang.fallbacks) - 3
            shown = ", ".join(lang.fallbacks[:3]) + (f" and {more} more" if more > 0 else "")
            found.append(StaleWarning(lang.file, None, "strings",
                                      f"the {lang.name_en} translation lacks {shown}, printed in English instead and "
                                      "marked as a draft; translate them"))
        else:
            found.append(StaleWarning(lang.file, None, "reviewed",
                                      f"the {lang.name_en} translation is a draft no native speaker has checked; every "
                                      "product says so. Have a native speaker read the products, then set "
                                      "translation_reviewed_by: (who, when) in your pack"))
    return found


def reach_warnings(reach: dict[str, tuple[float, float]]) -> list[StaleWarning]:
    """A file whose QR codes do not scan from as far as its product is read from (issue 20)."""
    return [StaleWarning(name, None, "QR code", f"scans from up to {got / 10:.0f} cm after printing, short of the "
                         f"{want / 10:.0f} cm this is read from; PRINTING.txt says so, and a shorter address "
                         "(fewer modules) would reach further")
            for name, (got, want) in reach.items() if got < want]


def logo_warnings(pack: Pack, rendered: list[tuple[FileEntry, bytes]]) -> list[StaleWarning]:
    """A raster logo printed under 150 dpi anywhere, at its largest use, with the pixels it needs;
    an SVG logo whose text prints under a product's minimum type size."""
    from .drawing import Image
    from .logo import MIN_DPI

    logo = pack.branding.logo
    if logo is None:
        return []
    if logo.vector:
        return logo_text_warnings(pack, rendered)
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


def logo_text_warnings(pack: Pack, rendered: list[tuple[FileEntry, bytes]]) -> list[StaleWarning]:
    """Text in an SVG logo counts towards each product's minimum type size (issue 20).

    A warning, not a refusal: every product that carries the logo also prints the
    organisation's name in its own type at full size, so the words in a wordmark are a
    picture of the name, not the only place it can be read; refusing would turn away every
    charity whose logo is its name. The warning names the size and the fix."""
    from .drawing import Image

    logo = pack.branding.logo
    if logo is None or logo.text_pt is None:
        return []
    found = []
    for entry, _ in rendered:
        widths = [item.box.w for page in entry.pages for item in page.items if isinstance(item, Image)]
        if not widths:
            continue
        printed = logo.text_pt * mm_to_pt(min(widths)) / logo.width
        if printed < entry.min_pt - 0.05:
            found.append(StaleWarning(pack.file, None, "branding.logo",
                                      f"the text in {logo.path.name} prints at {printed:.1f} pt in {entry.path}, under "
                                      f"the {entry.min_pt:g} pt that product needs; the name is printed beside it in "
                                      f"full, but to keep the logo's words readable give a version without them, or "
                                      f"with them {entry.min_pt / printed:.1f} times larger"))
    return found


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
    return pack.with_spec("sticker", replace(pack.sticker, sheet=sheet, start_at=1, count=sheet.grid.count))


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
    from . import calibrate as alignment  # only this command draws the test pages

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
