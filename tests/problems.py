"""The generated problems the tests share, and the two tiers of seeds.

Each problem is generated once per test session (`generated` is a cache; under
pytest-xdist, once per worker, and `--dist loadgroup` keeps a family's tests in one worker),
however many tests look at it: the generic family tests, the per-family oracles and the
verdict tests all read the same objects. Tests that check reproducibility call
`registry.generate` themselves, so that they compare two separate generations.

Tiers: the default tier (`python -m pytest -n auto --dist loadgroup`, or in one process
`python -m pytest`) checks SEEDS seeds of every family and difficulty; the stress tier
(`python -m pytest -m stress -n auto --dist loadgroup`) sweeps STRESS_SEEDS. A test that
sweeps seeds is parametrized with TIERS and so runs in both, with its tier's seeds.
"""

import os
from fractions import Fraction
from functools import cache

import pytest

from exercises.core import registry
from exercises.core.errors import ParamError
from exercises.core.lang import using
from exercises.core.words import DIFFICULTIES, FORMATS

SEEDS = range(int(os.environ.get("MLEXAM_TEST_SEEDS", "12")))
STRESS_SEEDS = range(300)
TIERS = [pytest.param(SEEDS, id="default"), pytest.param(STRESS_SEEDS, id="stress", marks=pytest.mark.stress)]
TOPICS = registry.topics()
TYPESET = tuple(f for f in FORMATS if f != "json")

__all__ = [
    "DIFFICULTIES",
    "FORMATS",
    "SEEDS",
    "STRESS_SEEDS",
    "TIERS",
    "TOPICS",
    "TYPESET",
    "floats",
    "generated",
    "generated_all",
    "matches",
    "refused",
]


@cache
def generated(topic: str, difficulty: str, seed: int):
    """The problem `topic:difficulty#seed`, generated once per session."""
    return registry.generate(topic, difficulty, seed)


def generated_all(topic: str, difficulty: str, seeds) -> list:
    """The problems of every seed in `seeds`, in order."""
    return [generated(topic, difficulty, seed) for seed in seeds]


def refused(topic: str, raw: dict, words=(), lang: str = "en") -> str:
    """The message of the ParamError that parameters `raw` must raise: one sentence in
    `lang` (one full stop, at its end; no line break) that names each of `words`."""
    with using(lang), pytest.raises(ParamError) as error:
        registry.from_params(topic, raw)
    with using(lang):
        message = str(error.value)
    for word in words:
        assert word in message, (word, message)
    stop = "。" if lang == "zh" else "."
    assert message.endswith(stop) and "\n" not in message, message
    assert ("。" if lang == "zh" else ". ") not in message[:-1].replace("e.g. ", ""), message
    return message


def matches(problem, expected: dict, tol: float = 1e-9) -> None:
    """Each answer of `problem` has the shape and, within `tol`, the values of the oracle's
    `expected[name]`."""
    import numpy as np

    for answer in problem.solution.answers:
        value, oracle = answer.value, expected[answer.name]
        assert np.shape(value) == np.shape(oracle), (problem.id, answer.name)
        assert np.allclose(np.array(value, dtype=float), np.array(oracle, dtype=float), rtol=tol, atol=tol), (
            problem.id,
            answer.name,
            value,
            oracle,
        )


def floats(value):
    """A parameter as JSON writes it (numbers, or "1/3" for a fraction no float keeps) as
    floats, nested as it is, for an oracle."""
    if isinstance(value, (list, tuple)):
        return [floats(x) for x in value]
    return float(Fraction(value)) if isinstance(value, str) else float(value)
