"""A whole sheet from problem ids, generated and rendered on every core.

Problems are independent, so a long sheet is dealt out to one worker per core
like cards (problem i to worker i mod jobs, so each gets its share of every
family); each worker (forked, so sympy is already imported) generates and
renders its hand, and the pieces are put back in order. Short sheets, and
machines without fork, stay in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os

from exercises.core import lang as language
from exercises.core import registry
from exercises.core.columns import DEFAULT_WIDTH
from exercises.core.render import assemble, piece

PARALLEL_FROM = 12  # problems; below this a second process costs more than it saves


def make_sheet(
    requests: list[tuple[str, str, int]], fmt: str, *, solutions: bool, width: int = DEFAULT_WIDTH, **sheet
) -> str:
    """The sheet for (topic, difficulty, seed) requests, in that order (text in `width` columns);
    `sheet` holds `assemble`'s options (key, points, space)."""
    return assemble(pieces(requests, fmt, solutions, width), fmt, solutions=solutions, **sheet)


def pieces(requests, fmt: str, solutions: bool, width: int = DEFAULT_WIDTH) -> list[dict]:
    lang = language.current()
    jobs = min(_cores(), len(requests) // (PARALLEL_FROM // 2) or 1)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _chunk_pieces(requests, fmt, solutions, width, lang)
    for topic in {request[0] for request in requests}:
        registry.family(topic)  # imported once, before the fork, by every worker
    hands = [(requests[i::jobs], fmt, solutions, width, lang) for i in range(jobs)]
    gc.freeze()  # what is imported stays shared with the workers, and out of their collections
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        done = pool.starmap(_chunk_pieces, hands)
    out = [None] * len(requests)
    for i, hand in enumerate(done):
        out[i::jobs] = hand
    return out


def _chunk_pieces(requests, fmt, solutions, width, lang) -> list[dict]:
    return [piece(registry.generate(*request), fmt, solutions, width, lang) for request in requests]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
