"""Imported once by the web page's fork server: load the generator and lay out the London
pack in memory, so that every build forked from it starts with fonts loaded, common lines
shaped and QR codes made (a preview then takes about a second, not two)."""

from .. import proof, verify  # noqa: F401 - imported here so each build need not
from ..pack import load_pack
from ..printer import load_profile
from ..products import registry

_pack = load_pack()
for _product in registry().values():
    if _product.id in _pack.products:
        _product.files(_pack, load_profile(None), False)

# The preview path itself: one product laid out, rendered and turned into a PNG.
from .builds import page_pngs  # noqa: E402
from .products import first_pdf  # noqa: E402
from .words import form_words  # noqa: E402, F401

page_pngs(first_pdf(_pack, "poster")[1], first_only=True)
