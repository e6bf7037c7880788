"""The Python API under the command line: what a script or another tool calls.

    from generator.api import PackError, batch, build, load_pack, verify

    pack = load_pack("my-pack.yaml")        # validated; PackError names file, line, field and fix
    result = build(pack, "output")          # BuildResult: files written, warnings, verify's findings
    findings = verify("output")             # [Finding]: .file, .check, .ok, .figure
    summary = batch("sites.xlsx", "packs", config="my-pack.yaml")   # one pack per spreadsheet row

Every function raises :class:`PackError` (exit code 2 on the command line) for bad input and
writes nothing when it does. (The package's modules ``build``, ``verify`` and ``batch`` keep
their names, so the functions live here rather than on ``generator`` itself.)
"""

from __future__ import annotations

from .batch import run as batch
from .build import BuildResult, build
from .errors import PackError
from .model import Pack
from .pack import load_pack
from .products import product_ids
from .verify import Finding, verify

__all__ = ["BuildResult", "Finding", "Pack", "PackError", "batch", "build", "load_pack", "product_ids", "verify"]
