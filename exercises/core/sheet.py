"""A whole sheet from problem ids, generated and rendered on every core.

Problems are independent, so a long sheet is split into one contiguous chunk
per core; each worker (forked, so sympy is already imported) generates and
renders its chunk, and the pieces are assembled in order. Short sheets, and
machines without fork, stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os

from exercises.core import registry
from exercises.core.render import assemble, piece

PARALLEL_FROM = 12   # problems; below this a second process costs more than it saves


def make_sheet(requests: list[tuple[str, str, int]], fmt: str, *, solutions: bool, key: bool = False) -> str:
    """The sheet for (topic, difficulty, seed) requests, in that order."""
    return assemble(pieces(requests, fmt, solutions), fmt, solutions=solutions, key=key)


def pieces(requests, fmt: str, solutions: bool) -> list[dict]:
    jobs = min(_cores(), len(requests) // (PARALLEL_FROM // 2) or 1)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _chunk_pieces(requests, fmt, solutions)
    size = -(-len(requests) // jobs)
    chunks = [(requests[i:i + size], fmt, solutions) for i in range(0, len(requests), size)]
    with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
        return [p for chunk in pool.starmap(_chunk_pieces, chunks) for p in chunk]


def _chunk_pieces(requests, fmt, solutions) -> list[dict]:
    return [piece(registry.generate(*request), fmt, solutions) for request in requests]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
