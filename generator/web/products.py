"""Which product a change is about, and that product's first PDF, laid out and rendered by
the same functions ``build`` uses (no files, no verify: that follows in a check)."""

from __future__ import annotations

from ..model import Pack


def first_pdf(pack: Pack, focus: str) -> tuple[str, bytes]:
    """The file name and bytes of ``focus``'s first PDF, or the pack's first product's if the pack
    does not make ``focus``."""
    from ..printer import load_profile
    from ..products import registry

    chosen = focus if focus in pack.products else (pack.products[0] if pack.products else None)
    if chosen is None:
        from ..errors import DataError

        raise DataError("makes no products; tick at least one", field="products")
    entry, data = registry()[chosen].first(pack, load_profile(None))[0]
    return entry.path, data
