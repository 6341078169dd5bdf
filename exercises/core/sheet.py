"""A whole sheet from problem ids, generated and rendered on every core.

Problems are independent, so a long sheet is dealt out to one worker per core
like cards; each worker (forked, so sympy is already imported) generates and
renders its hand, and the pieces are put back in order. A sheet of many topics
is handed out a topic at a time, to whichever worker is free, so that each
worker imports only the families it makes (importing thirty costs a quarter of
a second) and none waits for the other; a sheet of a few topics is dealt by
problem, its families imported once before the fork. Short sheets, and machines
without fork, stay in one process.
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
    topics = list(dict.fromkeys(request[0] for request in requests))
    if len(topics) >= 2 * jobs:
        places = [[n for n, request in enumerate(requests) if request[0] == topic] for topic in topics]
    else:
        for topic in topics:
            registry.family(topic)  # imported once, before the fork, by every worker
        places = [list(range(i, len(requests), jobs)) for i in range(jobs)]
    hands = [([requests[n] for n in hand], fmt, solutions, width, lang) for hand in places]
    gc.freeze()  # what is imported stays shared with the workers, and out of their collections
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        done = pool.starmap(_chunk_pieces, hands, chunksize=1)
    out = [None] * len(requests)
    for hand, made in zip(places, done):
        for n, one in zip(hand, made):
            out[n] = one
    return out


def _chunk_pieces(requests, fmt, solutions, width, lang) -> list[dict]:
    return [piece(registry.generate(*request), fmt, solutions, width, lang) for request in requests]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
