"""Golden layout dumps of every page of every product of the default pack, the A5 leaflet
included, as imposed on its sheet: one item per line, mm to 2 decimals. A change to any
layout shows here as a readable diff; regenerate on purpose with UPDATE_GOLDEN=1."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import assert_golden, dump_page

from generator.pack import load_pack
from generator.printer import load_profile
from generator.products import registry

GOLDEN = Path(__file__).parent / "golden" / "pages"


@pytest.fixture(scope="module")
def pages():
    pack = load_pack(None)
    # Two A5 sides hold the featured line and three more: the leaflet's pack lists three.
    leaflet = replace(pack, listed=pack.listed[:3]).with_spec("leaflet", True)
    out = {}
    for product in registry().values():
        for entry, _ in product.files(leaflet if product.id == "leaflet" else pack, load_profile(None)):
            for number, page in enumerate(entry.pages, start=1):
                out[f"{Path(entry.path).stem}-{number}"] = page
    return out


def test_every_product_has_its_pages(pages):
    assert sorted(pages) == ["large-print-A4-1", "large-print-A4-2", "large-print-A4-3", "leaflet-A5-1",
                             "leaflet-A5-2", "poster-A3-1", "poster-A4-1", "stickers-L7160-1",
                             "wallet-card-print-shop-1", "wallet-card-print-shop-2", "wallet-cards-A4-1",
                             "wallet-cards-A4-2"] or pytest.fail(sorted(pages))


@pytest.mark.parametrize("name", ["large-print-A4-1", "large-print-A4-2", "large-print-A4-3", "leaflet-A5-1",
                                  "leaflet-A5-2", "poster-A3-1", "poster-A4-1", "stickers-L7160-1",
                                  "wallet-card-print-shop-1", "wallet-card-print-shop-2", "wallet-cards-A4-1",
                                  "wallet-cards-A4-2"])
def test_each_page_matches_its_golden_dump(pages, name):
    GOLDEN.mkdir(parents=True, exist_ok=True)
    assert_golden(GOLDEN / f"{name}.txt", dump_page(pages[name]))
