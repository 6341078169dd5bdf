"""Entropy and information gain of an attribute split (ID3), in bits.

H(S)    = -Σ_k p_k log₂ p_k,  p_k = n_k / N   (0 · log₂ 0 is taken as 0)
H(S|A)  = Σ_i (N_i / N) H(S_i)
IG(S,A) = H(S) - H(S|A)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, step
from exercises.core.symbols import log2

TITLE = "Entropy and information gain"
DESCRIPTION = "Entropy of a node, of each branch of a split, conditional entropy and information gain (bits)."

FORM = (
    "a list of 1-6 branches, each a list of 2-6 class counts (non-negative integers), e.g. [[4,2],[1,3]]; "
    "one branch, [[9,5]], is a node without a split (its entropy only)"
)
PARAMETERS = {"counts": FORM}  # what `mlexam solve entropy` takes
BITS = Check(abs_tol=0.001)

H, IG = sp.Function("H"), sp.Function("IG")
S, A, S_given_A = sp.Symbol("S"), sp.Symbol("A"), sp.Symbol("S|A")


def _branch(i: int):
    return sp.Symbol(f"S_{i}")


@dataclass(frozen=True)
class Params:
    counts: tuple[tuple[sp.Integer, ...], ...]  # rows: branches, columns: classes

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("counts",))
        counts = read.matrix("counts", raw["counts"], FORM, rows=(1, 6), cols=(2, 6), low=0, high=10**6, integer=True)
        for i, branch in enumerate(counts, 1):
            if sum(branch) == 0:
                raise ParamError(
                    f"branch {i} has no samples, so its entropy is undefined; "
                    f"every branch of 'counts' needs at least one sample."
                )
        return cls(counts)

    def to_json(self) -> dict:
        return {"counts": read.to_json(self.counts)}


def generate(dice, difficulty: str) -> Params:
    """easy: 2 classes, 2 branches of 4 or 8 samples (log₂ of powers of two);
    medium: 2 classes, 2-3 branches; hard: 3 classes, 3-4 branches. A draw with an
    empty branch, or with fewer than two classes present, is drawn again."""
    if difficulty == "easy":
        classes, branches = 2, 2
        sizes = [dice.choice((4, 8)) for _ in range(branches)]
        counts = []
        for size in sizes:
            k = dice.integer(0, size)
            counts.append((k, size - k))
    else:
        classes, branches = (2, dice.integer(2, 3)) if difficulty == "medium" else (3, dice.integer(3, 4))
        counts = [tuple(dice.integer(0, 6) for _ in range(classes)) for _ in range(branches)]
    parent = [sum(col) for col in zip(*counts)]
    if any(sum(row) == 0 for row in counts) or sum(1 for n in parent if n) < 2:
        raise Redraw("an empty branch, or only one class present")
    return Params(tuple(tuple(sp.Integer(n) for n in row) for row in counts))


def _entropy_step(title: str, node, counts):
    """H = -Σ p_k log₂ p_k over the classes present, p_k = n_k / N."""
    total = sum(counts)
    present = [(k, n) for k, n in enumerate(counts, 1) if n]
    p = {k: sp.Symbol(f"p_{k}") for k, _ in present}
    formula = -sp.Add(*[p[k] * log2(p[k]) for k, _ in present])
    shares = ", ".join(f"p_{k} = {n}/{total}" for k, n in present)
    note = shares + ("; 0 · log₂ 0 is taken as 0." if len(present) < len(counts) else ".")
    return step(title, H(node), formula, {p[k]: sp.Rational(n, total) for k, n in present}, note=note)


def _entropies(counts):
    parent = tuple(sum(col) for col in zip(*counts))
    return (
        _entropy_step("Entropy of the parent node", S, parent),
        [_entropy_step(f"Entropy of branch {i}", _branch(i), branch) for i, branch in enumerate(counts, 1)],
    )


def _conditional_step(counts, children):
    n = sp.Symbol("N")
    sizes = [sp.Symbol(f"N_{i}") for i in range(1, len(counts) + 1)]
    hs = [H(_branch(i)) for i in range(1, len(counts) + 1)]
    formula = sp.Add(*[s / n * h for s, h in zip(sizes, hs)])
    values = {n: sum(map(sum, counts))}
    values |= {s: sum(row) for s, row in zip(sizes, counts)}
    values |= {h: c.exact for h, c in zip(hs, children)}
    return step("Conditional entropy: branch entropies weighted by branch size N_i / N", H(S_given_A), formula, values)


def solve(params: Params):
    counts = params.counts
    if len(counts) == 1:
        return _solve_node(counts[0])
    parent, children = _entropies(counts)
    conditional = _conditional_step(counts, children)
    gain = step(
        "Information gain", IG(S, A), H(S) - H(S_given_A), {H(S): parent.exact, H(S_given_A): conditional.exact}
    )
    question = Question.of(
        f"A node of a decision tree holds {sum(map(sum, counts))} samples of "
        f"{len(counts[0])} classes. An attribute A splits it into {len(counts)} branches "
        "with these class counts (one row per branch, one column per class):",
        Math(sp.Matrix(counts), display=True),
        "Compute the entropy of the node, the entropy of each branch, the conditional "
        "entropy H(S|A) and the information gain of A, in bits.",
    )
    answers = (
        Answer("H_parent", "entropy of the node H(S), bits", parent.exact, BITS),
        Answer("H_children", "entropy of each branch, in branch order, bits", tuple(c.exact for c in children), BITS),
        Answer("H_conditional", "conditional entropy H(S|A), bits", conditional.exact, BITS),
        Answer("info_gain", "information gain IG(S,A), bits", gain.exact, BITS),
    )
    return Solution(question, (parent, *children, conditional, gain), answers)


def _solve_node(counts):
    """A node without a split (the root of a tree, say): its entropy only."""
    parent = _entropy_step("Entropy of the node", S, counts)
    question = Question.of(
        f"A node of a decision tree holds {sum(counts)} samples of {len(counts)} classes, with these class counts:",
        Math(sp.Matrix([counts]), display=True),
        "Compute the entropy of the node, in bits.",
    )
    return Solution(question, (parent,), (Answer("H_parent", "entropy of the node H(S), bits", parent.exact, BITS),))


def _float_entropy(counts, log) -> float:
    total = sum(counts)
    return -sum(n / total * log(n / total) for n in map(int, counts) if n)


def mistakes(params: Params, solution) -> list[Mistake]:
    counts = params.counts
    ln = "you used ln instead of log2 (entropy is in bits)"
    if len(counts) == 1:
        return [Mistake("ln_instead_of_log2", ln, {"H_parent": _float_entropy(counts[0], math.log)})]
    answer = {a.name: a.value for a in solution.answers}
    sizes = [int(sum(row)) for row in counts]
    ln_parent = _float_entropy([sum(col) for col in zip(*counts)], math.log)
    ln_children = [_float_entropy(row, math.log) for row in counts]
    ln_conditional = sum(n * h for n, h in zip(sizes, ln_children)) / sum(sizes)
    unweighted = sum(answer["H_children"]) / len(counts)
    return [
        Mistake(
            "ln_instead_of_log2",
            ln,
            {
                "H_parent": ln_parent,
                "H_children": ln_children,
                "H_conditional": ln_conditional,
                "info_gain": ln_parent - ln_conditional,
            },
        ),
        Mistake(
            "unweighted_average",
            "the conditional entropy weights each branch by its share of the samples, N_i / N",
            {"H_conditional": unweighted, "info_gain": answer["H_parent"] - unweighted},
        ),
        Mistake(
            "gain_reversed", "information gain is H(S) - H(S|A), not H(S|A) - H(S)", {"info_gain": -answer["info_gain"]}
        ),
    ]
