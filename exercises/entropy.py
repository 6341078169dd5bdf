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
from exercises.core.lang import T, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, step
from exercises.core.symbols import log2
from exercises.core.tables import split_counts_intro

TITLE = "Entropy and information gain"
DESCRIPTION = "Entropy of a node, of each branch of a split, conditional entropy and information gain (bits)."
TITLE_ZH = "信息熵与信息增益"
DESCRIPTION_ZH = "结点的信息熵、划分后各分支的熵、条件熵与信息增益（单位：比特）。"
CODING_TASK = "decision_tree"

FORM = T(
    "a list of 1-6 branches, each a list of 2-6 class counts (non-negative integers), e.g. [[4,2],[1,3]]; "
    "one branch, [[9,5]], is a node without a split (its entropy only)",
    "1-6 个分支的列表，每个分支是 2-6 个类别的样本数（非负整数），例如 [[4,2],[1,3]]；"
    "只有一个分支时，如 [[9,5]]，表示未划分的结点（只求它的熵）",
)
PARAMETERS = {"counts": FORM}  # what `mlexam solve entropy` takes
BITS = Check(abs_tol=0.001)
NODE_ENTROPY = T("entropy of the node H(S), bits", "结点的信息熵 H(S)（比特）")

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
                    T(
                        "branch {i} has no samples, so its entropy is undefined; "
                        "every branch of 'counts' needs at least one sample.",
                        "第 {i} 个分支没有样本，其熵无定义；'counts' 的每个分支至少要有一个样本。",
                        i=i,
                    )
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


def _counted(n, total):
    """n/total as counted, not reduced (4/8, 1/4)."""
    reciprocal = sp.Pow(total, -1, evaluate=False)
    return reciprocal if n == 1 else sp.Mul(n, reciprocal, evaluate=False)


def _entropy_step(title, node, counts):
    """H = -Σ p_k log₂ p_k over the classes present, p_k = n_k / N."""
    total = sum(counts)
    present = [(k, n) for k, n in enumerate(counts, 1) if n]
    p = {k: sp.Symbol(f"p_{k}") for k, _ in present}
    formula = -sp.Add(*[p[k] * log2(p[k]) for k, _ in present])
    shares = join(Math(sp.Eq(p[k], _counted(n, total), evaluate=False)) for k, n in present)
    if len(present) < len(counts):
        note = T("{shares}; 0·log₂0 is taken as 0.", "{shares}；约定 0·log₂0 = 0。", shares=shares)
    else:
        note = T("{shares}.", "{shares}。", shares=shares)
    return step(title, H(node), formula, {p[k]: sp.Rational(n, total) for k, n in present}, note=note)


def _entropies(counts):
    parent = tuple(sum(col) for col in zip(*counts))
    return (
        _entropy_step(T("Entropy of the parent node", "父结点的信息熵"), S, parent),
        [
            _entropy_step(T("Entropy of branch {i}", "第 {i} 个分支的信息熵", i=i), _branch(i), branch)
            for i, branch in enumerate(counts, 1)
        ],
    )


def _conditional_step(counts, children):
    n = sp.Symbol("N")
    sizes = [sp.Symbol(f"N_{i}") for i in range(1, len(counts) + 1)]
    hs = [H(_branch(i)) for i in range(1, len(counts) + 1)]
    formula = sp.Add(*[s / n * h for s, h in zip(sizes, hs)])
    values = {n: sum(map(sum, counts))}
    values |= {s: sum(row) for s, row in zip(sizes, counts)}
    values |= {h: c.exact for h, c in zip(hs, children)}
    title = T(
        "Conditional entropy: branch entropies weighted by branch size {w}",
        "条件熵：各分支的熵按分支样本占比 {w} 加权",
        w=Math(sp.Symbol("N_i") / n),
    )
    return step(title, H(S_given_A), formula, values)


def solve(params: Params):
    counts = params.counts
    if len(counts) == 1:
        return _solve_node(counts[0])
    parent, children = _entropies(counts)
    conditional = _conditional_step(counts, children)
    gain = step(
        T("Information gain", "信息增益"),
        IG(S, A),
        H(S) - H(S_given_A),
        {H(S): parent.exact, H(S_given_A): conditional.exact},
    )
    question = Question.of(
        *split_counts_intro(counts),
        T(
            "Compute the entropy of the node, the entropy of each branch, the conditional entropy {c} "
            "and the information gain of A, in bits.",
            "求该结点的信息熵、各分支的信息熵、条件熵 {c} 以及属性 A 的信息增益（单位：比特）。",
            c=Math(H(S_given_A)),
        ),
    )
    answers = (
        Answer("H_parent", NODE_ENTROPY, parent.exact, BITS),
        Answer(
            "H_children",
            T("entropy of each branch, in branch order, bits", "各分支的信息熵（按分支顺序，比特）"),
            tuple(c.exact for c in children),
            BITS,
        ),
        Answer(
            "H_conditional", T("conditional entropy H(S|A), bits", "条件熵 H(S|A)（比特）"), conditional.exact, BITS
        ),
        Answer("info_gain", T("information gain IG(S,A), bits", "信息增益 IG(S,A)（比特）"), gain.exact, BITS),
    )
    return Solution(question, (parent, *children, conditional, gain), answers)


def _solve_node(counts):
    """A node without a split (the root of a tree, say): its entropy only."""
    parent = _entropy_step(T("Entropy of the node", "结点的信息熵"), S, counts)
    question = Question.of(
        T(
            "A node of a decision tree holds {n} samples of {k} classes, with these class counts:",
            "决策树的一个结点有 {n} 个样本，共 {k} 个类别，各类别的样本数如下：",
            n=sum(counts),
            k=len(counts),
        ),
        Math(sp.Matrix([counts]), display=True),
        T("Compute the entropy of the node, in bits.", "求该结点的信息熵（单位：比特）。"),
    )
    return Solution(question, (parent,), (Answer("H_parent", NODE_ENTROPY, parent.exact, BITS),))


def _float_entropy(counts, log) -> float:
    total = sum(counts)
    return -sum(n / total * log(n / total) for n in map(int, counts) if n)


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "ln_instead_of_log2": T("ln instead of log₂", "用了 ln 而不是 log₂"),
    "unweighted_average": T("conditional entropy not weighted", "条件熵没有按样本比例加权"),
    "gain_reversed": T("information gain reversed", "信息增益算反了"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    counts = params.counts
    ln = T("you used ln instead of log₂ (entropy is in bits)", "你用了 ln 而不是 log₂（信息熵以比特为单位）")
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
            T(
                "the conditional entropy weights each branch by its share of the samples, N_i / N",
                "条件熵要按各分支样本所占比例 N_i / N 加权",
            ),
            {"H_conditional": unweighted, "info_gain": answer["H_parent"] - unweighted},
        ),
        Mistake(
            "gain_reversed",
            T("information gain is H(S) - H(S|A), not H(S|A) - H(S)", "信息增益是 H(S) - H(S|A)，不是 H(S|A) - H(S)"),
            {"info_gain": -answer["info_gain"]},
        ),
    ]
