"""The exact softmax of attention scores, as the attention families write it.

softmax(x) = softmax(x - c): each query's scores are shifted by their smallest, so every
exponent is >= 0 and a weight reads e^a / (1 + e^b + ...) instead of printing negative
powers of e. Exact and unsimplified (no simplify()).
"""

from __future__ import annotations

import sympy as sp

from exercises.core.lang import T, Text
from exercises.core.model import Math, Step
from exercises.core.render import chain


def shifted_exps(queries: list[list], scale) -> tuple[list[list], list]:
    """For each query's scores p₁ … pₙ: exp(scale⋅(pⱼ - min p)), and their sum."""
    exps = []
    for scores in queries:
        low = min(scores)
        exps.append([sp.exp((p - low) * scale) for p in scores])
    return exps, [sp.Add(*row) for row in exps]


def shift_note(done: Step, smallest) -> Text | str:
    """The sentence that explains the shift, when the step's chain shows the exact value and
    the shift changed it (the query's smallest score is not 0); else nothing."""
    if smallest == 0 or not any(link.expr is done.exact for link in chain(done)):
        return ""
    return T(
        " The exact value divides numerator and denominator by {shift}, e to the power of the query's "
        "smallest score, so none of its exponents is negative.",
        "精确值的分子、分母同除以 {shift}（指数为该查询最小的得分），因此其中没有负指数。",
        shift=Math(sp.exp(smallest, evaluate=False)),
    )
