"""Forked processes for one command's own work: a build's products, verify's files.

A fork starts warm (every module already imported, the data already read), so even a
short piece of work gains from a second core. It is used only where it is possible and
safe: not on Windows, which cannot fork, and not from a process running other threads (the
web page's server), since a fork copies the locks those threads hold.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor


def workers(jobs: int, tasks: int) -> int:
    """How many processes to share ``tasks`` pieces of work between: at most ``jobs``, and 1
    (this process alone) where forking is not possible or not safe."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(jobs, tasks))


def pool(count: int) -> ProcessPoolExecutor:
    """``count`` forked worker processes (see :func:`workers` for when to ask)."""
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"))
