"""Where the bundled data and fonts are.

In a checkout they sit at the top of the repository (``data/``, ``fonts/``); in an installed
wheel they travel inside the package (``generator/data``, ``generator/fonts``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"helpline-pack is installed without its {name}/ folder")


def data_dir() -> Path:
    return _find("data")


def fonts_dir() -> Path:
    return _find("fonts")


def profiles_dir() -> Path:
    return _find("profiles")
