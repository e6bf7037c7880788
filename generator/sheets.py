"""Sheet geometry as data: wallet-card stock, card impositions and label sheets.

Read from ``data/cards.yaml`` and ``data/label-sheets.yaml`` (a pack may add label sheets of
its own) and checked once, up front, with messages that name the field and say by how
much it is out. Everything after this module trusts the geometry and only does arithmetic.
All lengths in mm from the sheet's top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import resources
from .catalogue import load_catalogue, read_source
from .geometry import Box
from .model import Paper
from .reader import Reader
from .yamlio import load_file

# Crop marks start this far outside a card's bleed, and need at least this much room to be
# seen and cut to; a gutter that leaves less is refused when the data is loaded.
MARK_CLEAR_MM = 1.0
MIN_MARK_MM = 1.5
SHAPES = ("rectangle", "round")


@dataclass(frozen=True)
class Grid:
    """``columns`` x ``rows`` pieces of ``width`` x ``height``, the first at (left, top)."""

    columns: int
    rows: int
    left: float
    top: float
    pitch_x: float
    pitch_y: float
    width: float
    height: float

    def slots(self) -> list[Box]:
        """Every piece's trim box, left to right, then top to bottom (reading order)."""
        return [Box(self.left + c * self.pitch_x, self.top + r * self.pitch_y, self.width, self.height)
                for r in range(self.rows) for c in range(self.columns)]

    @property
    def count(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True)
class CardStock:
    name: str
    width: float
    height: float
    corner_radius: float
    safe_margin: float
    bleed: float


@dataclass(frozen=True)
class Imposition:
    """Cards on an office sheet, centred, with gutters wide enough for bleed and crop marks."""

    id: str
    paper: Paper
    grid: Grid
    bleed: float

    @property
    def gutter_x(self) -> float:
        return self.grid.pitch_x - self.grid.width

    @property
    def gutter_y(self) -> float:
        return self.grid.pitch_y - self.grid.height


@dataclass(frozen=True)
class LabelSheet:
    code: str
    maker: str
    description: str
    aliases: tuple[str, ...]
    paper: Paper
    shape: str               # "rectangle" or "round"
    corner_radius: float
    safe_margin: float
    grid: Grid

    @property
    def name(self) -> str:
        return f"{self.maker} {self.code}"


def _check_grid(reader: Reader, grid: Grid, paper: Paper, what: str) -> None:
    """Refuse pieces that run off the sheet or overlap one another."""
    right = grid.left + (grid.columns - 1) * grid.pitch_x + grid.width
    bottom = grid.top + (grid.rows - 1) * grid.pitch_y + grid.height
    if right > paper.width_mm + 0.01:
        raise reader.error("columns", f"{what} run {right - paper.width_mm:.2f} mm past the right edge of "
                           f"the {paper.name} sheet; check columns, left_mm, pitch_x_mm and width_mm")
    if bottom > paper.height_mm + 0.01:
        raise reader.error("rows", f"{what} run {bottom - paper.height_mm:.2f} mm past the bottom edge of "
                           f"the {paper.name} sheet; check rows, top_mm, pitch_y_mm and height_mm")
    if grid.columns > 1 and grid.pitch_x < grid.width - 0.01:
        raise reader.error("pitch_x_mm", f"{what} overlap by {grid.width - grid.pitch_x:.2f} mm across: "
                           f"pitch_x_mm {grid.pitch_x:g} is less than the width {grid.width:g}")
    if grid.rows > 1 and grid.pitch_y < grid.height - 0.01:
        raise reader.error("pitch_y_mm", f"{what} overlap by {grid.height - grid.pitch_y:.2f} mm down: "
                           f"pitch_y_mm {grid.pitch_y:g} is less than the height {grid.height:g}")


def _paper(reader: Reader) -> Paper:
    papers = load_catalogue().paper
    return papers[reader.choice("paper", list(papers))]


def read_label_sheet(reader: Reader, *, own: bool = False) -> LabelSheet:
    """One label sheet record (from data/label-sheets.yaml or, ``own``, a pack's ``label_sheets``).

    Bundled sheets cite a source from data/sources.yaml; a pack's own sheet says in its own
    words where its figures came from ("measured 2026-11", "maker's template").
    """
    sources = load_catalogue().sources
    code = reader.text("code", max_len=20)
    maker = reader.text("maker", max_len=40)
    description = reader.text("description", max_len=80)
    aliases = []
    for value, item in reader.items("aliases", required=False, max_items=20):
        if not isinstance(value, str) or not value.strip():
            raise item.error(None, f"{value!r} is not a product code; write it in quotes, e.g. \"J8160\"")
        aliases.append(value.strip())
    paper = _paper(reader)
    shape = reader.choice("shape", list(SHAPES))
    width = reader.number("width_mm", lo=5, hi=300)
    height = reader.number("height_mm", lo=5, hi=400)
    radius = reader.number("corner_radius_mm", lo=0, hi=200)
    grid = Grid(
        columns=reader.integer("columns", lo=1, hi=20), rows=reader.integer("rows", lo=1, hi=40),
        left=reader.number("left_mm", lo=0, hi=300), top=reader.number("top_mm", lo=0, hi=400),
        pitch_x=reader.number("pitch_x_mm", lo=1, hi=300), pitch_y=reader.number("pitch_y_mm", lo=1, hi=400),
        width=width, height=height,
    )
    safe = reader.number("safe_margin_mm", lo=0, hi=20)
    if own:
        reader.text("source", max_len=80)
    else:
        read_source(reader, sources)
    reader.finish()
    if shape == "round" and abs(width - height) > 0.01:
        raise reader.bad("height_mm", height,
                         f"differs from width_mm {width:g}; a round label is as tall as it is wide")
    if radius > min(width, height) / 2 + 0.01:
        raise reader.bad("corner_radius_mm", radius, f"is more than half the label ({min(width, height) / 2:g} mm)")
    if safe * 2 >= min(width, height) - 5:
        raise reader.bad("safe_margin_mm", safe, "leaves less than 5 mm to print on; use a smaller margin")
    _check_grid(reader, grid, paper, "the labels")
    return LabelSheet(code, maker, description, tuple(aliases), paper, shape, radius, safe, grid)


def _read_imposition(reader: Reader, imposition_id: str, card: CardStock) -> Imposition:
    paper = _paper(reader)
    columns, rows = reader.integer("columns", lo=1, hi=10), reader.integer("rows", lo=1, hi=10)
    gutter_x, gutter_y = reader.number("gutter_x_mm", lo=0, hi=100), reader.number("gutter_y_mm", lo=0, hi=100)
    bleed = reader.number("bleed_mm", lo=0, hi=5)
    read_source(reader, load_catalogue().sources)
    reader.finish()
    for key, gutter, count in (("gutter_x_mm", gutter_x, columns), ("gutter_y_mm", gutter_y, rows)):
        room = gutter - 2 * bleed - 2 * MARK_CLEAR_MM
        if count > 1 and room < MIN_MARK_MM - 1e-9:
            raise reader.bad(key, gutter, f"leaves {room:.1f} mm for crop marks between two cards' bleed "
                             f"({bleed:g} mm each); at least {2 * bleed + 2 * MARK_CLEAR_MM + MIN_MARK_MM:g} "
                             "mm is needed, or take a row or column off")
    used_w = columns * card.width + (columns - 1) * gutter_x
    used_h = rows * card.height + (rows - 1) * gutter_y
    left, top = (paper.width_mm - used_w) / 2, (paper.height_mm - used_h) / 2
    for key, margin in (("columns", left), ("rows", top)):
        if margin < bleed + MARK_CLEAR_MM + MIN_MARK_MM:
            raise reader.error(key, f"{imposition_id} leaves a {margin:.1f} mm outer margin on "
                               f"{paper.name}; bleed and crop marks need "
                               f"{bleed + MARK_CLEAR_MM + MIN_MARK_MM:g} mm; take a row or column off")
    grid = Grid(columns, rows, left, top, card.width + gutter_x, card.height + gutter_y, card.width, card.height)
    return Imposition(imposition_id, paper, grid, bleed)


@cache
def load_cards() -> tuple[CardStock, dict[str, Imposition]]:
    """The wallet-card stock and its impositions, checked."""
    mapping = load_file(resources.data_dir() / "cards.yaml", "data/cards.yaml")
    top = Reader(mapping)
    entry = top.mapping_at("card")
    card = CardStock(
        name=entry.text("name"),
        width=entry.number("width_mm", lo=20, hi=200), height=entry.number("height_mm", lo=20, hi=200),
        corner_radius=entry.number("corner_radius_mm", lo=0, hi=10),
        safe_margin=entry.number("safe_margin_mm", lo=0, hi=10), bleed=entry.number("bleed_mm", lo=0, hi=5),
    )
    read_source(entry, load_catalogue().sources)
    entry.finish()
    table = top.mapping_at("impositions")
    top.finish()
    impositions = {key: _read_imposition(table.mapping_at(key), key, card) for key in table.mapping}
    return card, impositions


@cache
def builtin_label_sheets() -> dict[str, LabelSheet]:
    mapping = load_file(resources.data_dir() / "label-sheets.yaml", "data/label-sheets.yaml")
    top = Reader(mapping)
    sheets: dict[str, LabelSheet] = {}
    for _, item in top.items("sheets"):
        add_sheet(sheets, read_label_sheet(item), item)
    top.finish()
    return sheets


def add_sheet(sheets: dict[str, LabelSheet], sheet: LabelSheet, reader: Reader) -> None:
    """Add ``sheet`` under its code and every alias, refusing a code already taken."""
    for code in (sheet.code, *sheet.aliases):
        key = code.upper()
        if key in sheets and sheets[key] is not sheet:
            raise reader.bad("code", code, f"is already {sheets[key].name}; give the new sheet its own code")
        sheets[key] = sheet
