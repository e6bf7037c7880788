"""Which product a change is about, and that product's first PDF, laid out and rendered by
the same functions ``build`` uses (no files, no verify: that follows in a check)."""

from __future__ import annotations

from dataclasses import replace

from ..model import Pack

# The product each part of the form changes; anything else (names, colours, helplines) shows
# on the poster first, the product most people print.
FOCUS = ("poster", "wallet-card", "sticker", "large-print")


def first_pdf(pack: Pack, focus: str) -> tuple[str, bytes]:
    """The file name and bytes of ``focus``'s first PDF, or the pack's first product's if the pack
    does not make ``focus``."""
    from .. import build
    from ..printer import load_profile

    chosen = focus if focus in pack.products else (pack.products[0] if pack.products else None)
    if chosen is None:
        from ..errors import DataError

        raise DataError("makes no products; tick at least one", field="products")
    if chosen == "poster":
        smallest = pack.poster.sizes[:1]        # A4 if the pack prints it: the layout every size scales
        files = build._poster_files(replace(pack, poster=replace(pack.poster, sizes=smallest)))
    elif chosen == "wallet-card":
        files = build._wallet_card_files(pack, load_profile(None))[:1]
    elif chosen == "sticker":
        files = build._sticker_files(pack, load_profile(None))
    else:
        files = build._large_print_files(pack)
    entry, data = files[0]
    return entry.path, data
