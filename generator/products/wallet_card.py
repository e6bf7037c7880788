"""Wallet cards (the layout is generator.wallet_card): the office sheet of ten (or eight with
bleed) and the print shop's single card."""

from __future__ import annotations

from .. import impose, wallet_card
from ..errors import LayoutError
from ..manifest import FileEntry
from ..model import Pack, WalletCardSpec
from ..printer import PrinterProfile
from ..reader import Reader
from ..render import render
from ..wording import fill
from . import Context, Product, Rendered, document_info, paper_name, printer_json, with_draft_note

FRONTS = ("standard", "discreet")


def read(section: Reader, context: Context) -> WalletCardSpec:
    from ..sheets import load_cards

    front = section.choice("front", list(FRONTS), default="standard")
    imposition = section.choice("imposition", ["auto", *load_cards()[1]], default="auto")
    by_id = {service.id: service for service in context.services[1:]}
    listed = list(context.services[1:])
    if section.raw("services", required=False) is not None:
        listed = []
        for value, item in section.items("services", max_items=12):
            if not isinstance(value, str) or value not in by_id:
                raise item.error(None, f"{value!r} is not in services.listed; pick from: {', '.join(by_id)}")
            listed.append(by_id[value])
    section.finish()
    return WalletCardSpec(front, None if imposition == "auto" else imposition, tuple(listed))


def files(pack: Pack, printer: PrinterProfile, shop: bool = False) -> Rendered:
    """The office sheet (fronts, then mirrored backs) and the print shop's single card."""
    from ..sheets import load_cards

    card, impositions = load_cards()
    front, back = wallet_card.layout(pack, card)
    spec, background = pack.spec("wallet-card", WalletCardSpec), pack.colours.background
    coloured = background != impose.WHITE
    chosen = spec.imposition or ("a4-8up-bleed" if coloured else "a4-10up")
    imposition = impositions[chosen]
    if coloured and imposition.bleed < card.bleed:
        raise LayoutError(f'"{chosen}" has no room for bleed, and the background {background} needs '
                          f"{card.bleed:g} mm round every card; set imposition: auto (eight cards with bleed) "
                          "or a white background", file=pack.file, field="products.wallet_card.imposition")
    paper = imposition.paper
    notes = (with_draft_note(pack, pack.strings["sheet"]["duplex_front"]),
             with_draft_note(pack, pack.strings["sheet"]["duplex_back"]))
    pages, placed = impose.duplex(front, back, imposition.grid.slots(), paper.width_mm, paper.height_mm,
                                  bleed=imposition.bleed, background=background, notes=notes,
                                  front_transform=printer.front(), back_transform=printer.back())
    services = (pack.featured, *spec.listed, *(s for s in (pack.anonymous, pack.local) if s))
    numbers = [pack.emergency.number, *(s.phone.print for s in services)]
    subject = "Wallet cards with free, confidential helplines"
    office = FileEntry(f"wallet-cards-{paper.name}.pdf", "wallet-card", pages, numbers, placed=placed,
                       min_pt=wallet_card.MIN_PT, safe_margin=card.safe_margin, extra={
        "card_mm": [card.width, card.height], "imposition": chosen, "cards_per_sheet": imposition.grid.count,
        "bleed_mm": imposition.bleed, "duplex": "long-edge", "front": spec.front, **printer_json(printer),
    })
    shop_pages = [impose.with_bleed(side, card.bleed, background) for side in (front, back)]
    # The single card is for a print shop, whatever the build asked: PDF/X-4 in CMYK.
    for_shop = FileEntry("wallet-card-print-shop.pdf", "wallet-card", shop_pages, numbers, sides=("front", "back"),
                         min_pt=wallet_card.MIN_PT, print_shop=True,
                         extra={"card_mm": [card.width, card.height], "bleed_mm": card.bleed,
                                "corner_radius_mm": card.corner_radius, "front": spec.front})
    office_info = document_info(pack, "wallet_cards", subject, shop, paper=paper.name)
    return [(office, render(pages, office_info)),
            (for_shop, render(shop_pages, document_info(pack, "wallet_card_shop", subject, True)))]


def guide(entry: dict, words: dict) -> str:
    if "cards_per_sheet" in entry:
        return fill(words["wallet_card_sheet"], file=entry["path"], count=str(entry["cards_per_sheet"]),
                    paper=paper_name(entry))
    card_w, card_h = entry["card_mm"]
    return fill(words["wallet_card_shop"], file=entry["path"], width=f"{card_w:g}", height=f"{card_h:g}",
                bleed=f"{entry['bleed_mm']:g}")


PRODUCT = Product(id="wallet-card", section="wallet_card", order=20, read=read, files=files, guide=guide,
                  where="where_wallet_card", on_stock=True)
