"""Gini index of a node and of a split (CART chooses the split of smallest weighted Gini index).

    Gini(D)     = 1 - Σ_k p_k²,  p_k = |C_k| / |D|        the node's impurity
    Gini(D, A)  = Σ_i (|D_i| / |D|) Gini(D_i)             the split's: branches weighted by size
    ΔGini(A)    = Gini(D) - Gini(D, A)                    its decrease
    best split  = argmin_A Gini(D, A) (= argmax ΔGini); ties -> the first

Three forms: one split given by its class counts (`counts`, branches x classes); the
attributes of a table of samples compared, each split on all its values (`table`); or, as
CART splits a node in two (`counts` with `binary`), every grouping of the values of one
attribute into two sides: for values a₁, a₂, a₃ the groupings {a₁}|{a₂, a₃}, {a₂}|{a₁, a₃},
{a₃}|{a₁, a₂}. Note 003 says "maximise the Gini coefficient" (slip S16): the impurity is
minimised, its decrease maximised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import (
    EXACT,
    Answer,
    Check,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    number,
    shown_mistakes,
    step,
)
from exercises.core.symbols import Ordered, SumOver, Written
from exercises.core.tables import (
    FORM_COLUMNS,
    FORM_TABLE,
    TIE,
    Table,
    draw_table,
    first_best,
    read_table,
    split_counts_intro,
    table_intro,
)

TITLE = "Gini index and CART split"
DESCRIPTION = "Gini index of a node and of each branch, weighted Gini index of a split, its decrease; the CART split."
TITLE_ZH = "基尼指数（CART划分）"
DESCRIPTION_ZH = "结点与各分支的基尼指数、划分的加权基尼指数及其减少量；CART 选择的划分。"

FORM_COUNTS = T(
    "a list of 2-6 branches, each a list of 2-6 class counts (non-negative integers, every branch with a sample), "
    "e.g. [[4,2],[1,3]]",
    "2-6 个分支的列表，每个分支是 2-6 个类别的样本数（非负整数，每个分支至少一个样本），例如 [[4,2],[1,3]]",
)
FORM_BINARY = T(
    "true or false (default false): with 'counts' of 3 or 4 branches, the values of one attribute, "
    "evaluate every grouping of them into two sides, as CART splits",
    "true 或 false（默认 false）：与 3 或 4 个分支的 'counts'（同一属性的各取值）一起给出时，"
    "像 CART 那样计算把这些取值分成两组的每一种方式",
)
PARAMETERS = {
    "counts": T("{form} (or give 'table')", "{form}（或给出 'table'）", form=FORM_COUNTS),
    "binary": FORM_BINARY,
    "table": T("{form} (instead of 'counts')", "{form}（代替 'counts'）", form=FORM_TABLE),
    "columns": FORM_COLUMNS,
}
IMPURITY = Check(abs_tol=0.001)

Gini = sp.Function("Gini")
D, N = sp.Symbol("D"), sp.Symbol("N")


class GiniDecrease(Written, sp.Function):
    """ΔGini(A), the decrease of the Gini index by a split."""

    NAME, LATEX = "ΔGini", r"\Delta\mathrm{Gini}"


@dataclass(frozen=True)
class Split:
    """One way to split the node: what it is called, and the class counts of its branches."""

    name: object  # a Text or a Math, as a sentence names it
    symbol: sp.Symbol  # A, A_j or g_j in the formulas
    branches: tuple[tuple[int, ...], ...]
    branch_names: tuple  # each a Text or a Math


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    counts: tuple[tuple[sp.Integer, ...], ...] | None = None  # branches x classes
    binary: bool = False  # counts are the values of one attribute, grouped in two every way
    table: Table | None = None

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        if "table" in raw:
            if "counts" in raw or "binary" in raw:
                raise ParamError(
                    T(
                        "give either 'counts' (with optional 'binary') or a 'table' (with optional 'columns'), "
                        "not both.",
                        "请给出 'counts'（可附 'binary'）或 'table'（可附 'columns'），两者不能同时给出。",
                    )
                )
            read.require(raw, ("table",), ("columns",))
            return cls(table=read_table(raw))
        read.require(raw, ("counts",), ("binary",))
        counts = read.matrix(
            "counts", raw["counts"], FORM_COUNTS, rows=(2, 6), cols=(2, 6), low=0, high=10**6, integer=True
        )
        for i, branch in enumerate(counts, 1):
            if sum(branch) == 0:
                raise ParamError(
                    T(
                        "branch {i} has no samples, so its Gini index is undefined; "
                        "every branch of 'counts' needs at least one sample.",
                        "第 {i} 个分支没有样本，其基尼指数无定义；'counts' 的每个分支至少要有一个样本。",
                        i=i,
                    )
                )
        if sum(1 for column in zip(*counts) if sum(column)) < 2:
            raise ParamError(
                T(
                    "the node holds one class only: its Gini index is 0 and no split can lower it; "
                    "'counts' needs samples of at least two classes.",
                    "该结点只含一个类别：基尼指数为 0，任何划分都不能再降低它；'counts' 至少要含两个类别的样本。",
                )
            )
        binary = raw.get("binary", False)
        if not isinstance(binary, bool):
            raise ParamError(T("parameter 'binary' must be {form}.", "参数 'binary' 应为：{form}。", form=FORM_BINARY))
        if binary and not 3 <= len(counts) <= 4:
            raise ParamError(
                T(
                    "parameter 'binary' groups the values of one attribute into two sides, so 'counts' needs "
                    "3 or 4 branches (values); it has {k}.",
                    "参数 'binary' 把同一属性的取值分成两组，因此 'counts' 应有 3 或 4 个分支（取值）；实际有 {k} 个。",
                    k=len(counts),
                )
            )
        return cls(counts=counts, binary=binary)

    def to_json(self) -> dict:
        if self.table is not None:
            return self.table.to_json()
        return {"counts": read.to_json(self.counts)} | ({"binary": True} if self.binary else {})


def _value(i: int) -> sp.Symbol:
    """a_i, the i-th value of the attribute (1-based)."""
    return sp.Symbol(f"a_{i}")


def _groupings(k: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The ways to put k values (0-based) on two sides: the smaller side first, one value,
    then two (of four: those with the first value, so that no grouping comes twice)."""
    everyone = range(k)
    sides = [(i,) for i in everyone] + [pair for pair in combinations(everyone, 2) if k == 4 and 0 in pair]
    return [(side, tuple(i for i in everyone if i not in side)) for side in sides]


def _merged(counts, side) -> tuple[int, ...]:
    return tuple(sum(counts[i][k] for i in side) for k in range(len(counts[0])))


@lru_cache(maxsize=64)
def _splits(params: Params) -> tuple[Split, ...]:
    """The splits the question compares, in order."""
    if params.table is not None:
        table = params.table
        return tuple(
            Split(
                T("{A} ({a})", "{A}（{a}）", A=Math(sp.Symbol(f"A_{j + 1}")), a=name),
                sp.Symbol(f"A_{j + 1}"),
                table.counts(j),
                tuple(T("{a} = {v}", "{a} = {v}", a=name, v=v) for v in table.values(j)),
            )
            for j, name in enumerate(table.attributes)
        )
    counts = tuple(tuple(int(n) for n in row) for row in params.counts)
    if not params.binary:
        names = tuple(T("branch {i}", "第 {i} 个分支", i=i) for i in range(1, len(counts) + 1))
        return (Split(Math(sp.Symbol("A")), sp.Symbol("A"), counts, names),)
    splits = []
    for j, (left, right) in enumerate(_groupings(len(counts)), 1):
        sides = [Math(sp.FiniteSet(*(_value(i + 1) for i in side))) for side in (left, right)]
        splits.append(
            Split(
                T("{l} | {r}", "{l} | {r}", l=sides[0], r=sides[1]),
                sp.Symbol(f"g_{j}"),
                (_merged(counts, left), _merged(counts, right)),
                tuple(sides),
            )
        )
    return tuple(splits)


def _parent(params: Params) -> tuple[int, ...]:
    if params.table is not None:
        return params.table.class_counts()
    return tuple(int(sum(column)) for column in zip(*params.counts))


# ---------------------------------------------------------------- float arithmetic
# (to reject degenerate draws, and for the mistakes: never the exact path)


def _gini(counts, squares_only: bool = False) -> float:
    total = sum(counts)
    squares = sum((n / total) ** 2 for n in counts)
    return squares if squares_only else 1 - squares


def _entropy(counts) -> float:
    total = sum(counts)
    return -sum(n / total * math.log2(n / total) for n in counts if n)


def _weighted(branches, impurity, weighted: bool = True) -> float:
    values = [impurity(b) for b in branches]
    if not weighted:
        return sum(values) / len(values)
    sizes = [sum(b) for b in branches]
    return sum(n * v for n, v in zip(sizes, values)) / sum(sizes)


# ---------------------------------------------------------------- generation


def _clear(scores) -> bool:
    """The smallest score clearly below the next, and the largest clearly above the next."""
    ranked = sorted(scores)
    return ranked[1] - ranked[0] >= 0.01 and ranked[-1] - ranked[-2] >= 0.005


def generate(dice, difficulty: str) -> Params:
    """easy: one split of 2 branches x 2 classes, each branch of 4, 5, 6 or 8 samples;
    medium: a table of 10-12 samples, 2-3 attributes of 2-3 values, 2 classes;
    hard: the 3 values of one attribute (counts 0-6 of 2-3 classes) grouped in two as CART does.
    Where splits are compared, the best and the worst are clear (else drawn again)."""
    if difficulty == "easy":
        counts = []
        for _ in range(2):
            size = dice.choice((4, 5, 6, 8))
            k = dice.integer(0, size)
            counts.append((k, size - k))
        params = Params(counts=tuple(tuple(sp.Integer(n) for n in row) for row in counts))
    elif difficulty == "medium":
        params = Params(table=draw_table(dice, dice.integer(10, 12), dice.integer(2, 3), 3))
    else:
        classes = dice.integer(2, 3)
        counts = tuple(tuple(sp.Integer(dice.integer(0, 6)) for _ in range(classes)) for _ in range(3))
        params = Params(counts=counts, binary=True)
    if any(sum(b) == 0 for s in _splits(params) for b in s.branches) or sum(1 for n in _parent(params) if n) < 2:
        raise Redraw("an empty branch, or one class only")
    splits = _splits(params)
    if len(splits) > 1 and not _clear([_weighted(s.branches, _gini) for s in splits]):
        raise Redraw("no clear best and worst split")
    if len(splits) == 1 and _gini(_parent(params)) - _weighted(splits[0].branches, _gini) < 0.01:
        raise Redraw("a split that hardly lowers the Gini index")
    return params


# ---------------------------------------------------------------- solution


def _gini_step(title, node, counts, classes=None) -> Step:
    """Gini(node) = 1 - Σ p_k², over the classes present."""
    total = sum(counts)
    present = [k for k, n in enumerate(counts) if n]
    p = {k: sp.Symbol(f"p_{k + 1}") for k in present}
    values = {p[k]: sp.Rational(counts[k], total) for k in present}

    def share(k):
        p_k = Math(sp.Eq(p[k], values[p[k]], evaluate=False))
        return p_k if classes is None else T("{p} ({c})", "{p}（{c}）", p=p_k, c=classes[k])

    shares = join(share(k) for k in present)
    formula = Ordered(sp.S.One, *[-(p[k] ** 2) for k in present], evaluate=False)
    return step(title, Gini(node), formula, values, note=T("{shares}.", "{shares}。", shares=shares))


def _split_steps(split: Split, parent_gini, classes) -> list[Step]:
    """Gini index of each branch, the weighted Gini index of the split and its decrease."""
    branches = [sp.Symbol(f"D_{i}") for i in range(1, len(split.branches) + 1)]
    children = [
        _gini_step(
            T("Gini index of {b}, a branch of {s}", "{s} 的分支 {b} 的基尼指数", b=name, s=split.name),
            node,
            counts,
            classes,
        )
        for name, node, counts in zip(split.branch_names, branches, split.branches)
    ]
    sizes = [sp.Symbol(f"N_{i}") for i in range(1, len(branches) + 1)]
    weighted = step(
        T(
            "Weighted Gini index of the split {s}: the branches weighted by their share of the samples",
            "划分 {s} 的加权基尼指数：各分支按样本所占比例加权",
            s=split.name,
        ),
        Gini(D, split.symbol),
        sp.Add(*[sp.Mul(n / N, Gini(b), evaluate=False) for n, b in zip(sizes, branches)]),
        {N: sum(map(sum, split.branches))}
        | {n: sum(b) for n, b in zip(sizes, split.branches)}
        | {Gini(b): c.exact for b, c in zip(branches, children)},
    )
    decrease = step(
        T("Decrease of the Gini index by the split {s}", "划分 {s} 使基尼指数减少的量", s=split.name),
        GiniDecrease(split.symbol),
        Gini(D) - Gini(D, split.symbol),
        {Gini(D): parent_gini, Gini(D, split.symbol): weighted.exact},
    )
    return [*children, weighted, decrease]


def _best_step(splits: list[Split], weighted: list[Step], of_what) -> Step:
    scores = [number(s.exact) for s in weighted]
    best = first_best(scores, min)
    listed = join(Math(sp.Eq(s.lhs, sp.Float(x, 4), evaluate=False)) for s, x in zip(weighted, scores))
    note = T(
        "Weighted Gini indices to 4 significant digits: {listed}. CART minimises the impurity (maximises its "
        "decrease); the notes' 'maximise the Gini coefficient' would pick the worst split.",
        "各加权基尼指数（保留 4 位有效数字）：{listed}。CART 使不纯度最小（即使其减少量最大）；"
        "笔记中“最大化 Gini 系数”的说法会选出最差的划分。",
        listed=listed,
    )
    if sum(1 for x in scores if abs(x - scores[best]) <= TIE) > 1:
        note += T(" Equal indices: the first in order.", "加权基尼指数相同时取靠前的一个。")
    title = T(
        "CART's choice: the {what} of smallest weighted Gini index, number {k}, {s}",
        "CART 的选择：加权基尼指数最小的{what}，即第 {k} 个，{s}",
        what=of_what,
        k=best + 1,
        s=splits[best].name,
    )
    return Step(title, sp.Symbol("k"), exact=sp.Integer(best + 1), note=note)


def solve(params: Params) -> Solution:
    splits = _splits(params)
    classes = params.table.classes if params.table is not None else None
    parent = _gini_step(T("Gini index of the node", "结点的基尼指数"), D, _parent(params), classes)
    per_split = [_split_steps(s, parent.exact, classes) for s in splits]
    steps = [parent, *(x for group in per_split for x in group)]
    weighted = [group[-2] for group in per_split]
    decreases = [group[-1] for group in per_split]
    gini_d, gini_da = Math(Gini(D)), Math(Gini(D, sp.Symbol("A")))
    answers = [
        Answer("gini_parent", T("Gini index {G} of the node", "结点的基尼指数 {G}", G=gini_d), parent.exact, IMPURITY)
    ]
    if len(splits) == 1:
        question = _one_split_question(params)
        answers += [
            Answer(
                "gini_children",
                T("Gini index of each branch, in branch order", "各分支的基尼指数（按分支顺序）"),
                tuple(c.exact for c in per_split[0][:-2]),
                IMPURITY,
            ),
            Answer(
                "gini_split",
                T("weighted Gini index {G} of the split", "划分的加权基尼指数 {G}", G=gini_da),
                weighted[0].exact,
                IMPURITY,
            ),
            Answer("gini_decrease", T("decrease of the Gini index", "基尼指数的减少量"), decreases[0].exact, IMPURITY),
        ]
        return Solution(question, tuple(steps), tuple(answers))
    what = T("attribute", "属性") if params.table is not None else T("grouping", "分组方式")
    best = _best_step(splits, weighted, what)
    steps.append(best)
    order = T("in column order", "按列的顺序") if params.table is not None else T("in the order listed", "按列出的顺序")
    answers += [
        Answer(
            "gini_split",
            T(
                "weighted Gini index of each {what}, {order}",
                "每个{what}的加权基尼指数（{order}）",
                what=what,
                order=order,
            ),
            tuple(s.exact for s in weighted),
            IMPURITY,
        ),
        Answer(
            "gini_decrease",
            T(
                "decrease of the Gini index by each {what}, {order}",
                "每个{what}使基尼指数减少的量（{order}）",
                what=what,
                order=order,
            ),
            tuple(s.exact for s in decreases),
            IMPURITY,
        ),
        Answer("best", T("number of the {what} CART chooses", "CART 选择的{what}的编号", what=what), best.exact, EXACT),
    ]
    question = _table_question(params.table) if params.table is not None else _groupings_question(params, splits)
    return Solution(question, tuple(steps), tuple(answers))


_k, _i, _p_k = sp.Symbol("k"), sp.Symbol("i"), sp.Symbol("p_k")
SQUARES = Math(SumOver(sp.S.One, _p_k**2, _k))  # Σₖ pₖ²
GINI = Math(Ordered(sp.S.One, sp.Mul(-1, SQUARES.expr, evaluate=False), evaluate=False))  # 1 - Σₖ pₖ²
WEIGHTS = Math(sp.Symbol("N_i") / N)
DEFINITIONS = T(
    "the Gini index of a node {gini} and the weighted Gini index of a split {weighted}",
    "结点的基尼指数 {gini}，划分的加权基尼指数 {weighted}",
    gini=Math(sp.Eq(Gini(D), GINI.expr, evaluate=False)),
    weighted=Math(
        sp.Eq(
            Gini(D, sp.Symbol("A")),
            SumOver(sp.S.One, sp.Mul(WEIGHTS.expr, Gini(sp.Symbol("D_i")), evaluate=False), _i),
            evaluate=False,
        )
    ),
)


def _one_split_question(params: Params) -> Question:
    return Question.of(
        *split_counts_intro(params.counts),
        T(
            "With {definitions}: compute the Gini index of the node, the Gini index of each branch, the weighted "
            "Gini index of the split and the decrease of the Gini index.",
            "已知{definitions}。求该结点的基尼指数、各分支的基尼指数、该划分的加权基尼指数以及基尼指数的减少量。",
            definitions=DEFINITIONS,
        ),
    )


def _table_question(table: Table) -> Question:
    return Question.of(
        *table_intro(table),
        T(
            "With {definitions}, each attribute splitting the set on all its values: compute the Gini index of the "
            "whole set, the weighted Gini index of each attribute and the decrease of the Gini index it brings, and "
            "the number of the attribute chosen (the smallest weighted Gini index; equal ones: the first in column "
            "order).",
            "已知{definitions}，每个属性按其全部取值划分数据集。求整个数据集的基尼指数、每个属性的加权基尼指数及其"
            "使基尼指数减少的量，以及应选属性的编号（加权基尼指数最小者；相同时取列顺序中靠前的属性）。",
            definitions=DEFINITIONS,
        ),
    )


def _groupings_question(params: Params, splits: list[Split]) -> Question:
    counts = params.counts
    values = join(Math(_value(i)) for i in range(1, len(counts) + 1))
    listed = join(T("{g}: {s}", "{g}：{s}", g=Math(s.symbol), s=s.name) for s in splits)
    return Question.of(
        T(
            "A node of {n} samples of {k} classes has an attribute A with the values {values}; the class counts of "
            "each value are (one row per value, one column per class):",
            "某结点有 {n} 个样本，共 {k} 个类别；属性 A 的取值为 {values}，"
            "各取值的类别计数如下（每行一个取值，每列一个类别）：",
            n=sum(map(sum, counts)),
            k=len(counts[0]),
            values=values,
        ),
        Math(sp.Matrix(counts), display=True),
        T(
            "CART splits a node in two, so it groups the values of A into two sides: {listed}. With {definitions}: "
            "compute the Gini index of the node, the weighted Gini index of each grouping and the decrease of the "
            "Gini index it brings, and the number of the grouping CART chooses (the smallest weighted Gini index; "
            "equal ones: the first listed).",
            "CART 把结点一分为二，因此要把 A 的取值分成两组：{listed}。已知{definitions}。"
            "求该结点的基尼指数、每种分组的加权基尼指数及其使基尼指数减少的量，"
            "以及 CART 选择的分组编号（加权基尼指数最小者；相同时取先列出的）。",
            listed=listed,
            definitions=DEFINITIONS,
        ),
    )


# ---------------------------------------------------------------- mistakes

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "sum_of_squares": T("the sum of squares {squares} only", "只算了平方和 {squares}", squares=SQUARES),
    "unweighted_average": T("branches not weighted", "各分支没有按样本比例加权"),
    "maximised_gini": T("maximised the Gini index", "选了基尼指数最大的划分"),
    "entropy_instead": T("entropy instead of the Gini index", "用信息熵代替了基尼指数"),
}


def _wrong(params: Params, impurity=_gini, weighted: bool = True, pick=min) -> dict:
    """Every answer as a mistaken computation gives it (floats, from the counts)."""
    splits = _splits(params)
    parent = impurity(_parent(params))
    scores = [_weighted(s.branches, impurity, weighted) for s in splits]
    if len(splits) == 1:
        children = [impurity(b) for b in splits[0].branches]
        return {
            "gini_parent": parent,
            "gini_children": children,
            "gini_split": scores[0],
            "gini_decrease": parent - scores[0],
        }
    return {
        "gini_parent": parent,
        "gini_split": scores,
        "gini_decrease": [parent - x for x in scores],
        "best": first_best(scores, pick) + 1,
    }


def mistakes(params: Params, solution) -> list[Mistake]:
    several = len(_splits(params)) > 1
    candidates = [
        Mistake(
            "sum_of_squares",
            T(
                "the Gini index is {gini}; you computed {squares} only",
                "基尼指数是 {gini}；你只算了 {squares}",
                gini=GINI,
                squares=SQUARES,
            ),
            _wrong(params, lambda counts: _gini(counts, squares_only=True)),
        ),
        Mistake(
            "unweighted_average",
            T(
                "the weighted Gini index weights each branch by its share of the samples, {w}",
                "加权基尼指数要按各分支样本所占比例 {w} 加权",
                w=WEIGHTS,
            ),
            _wrong(params, weighted=False),
        ),
        Mistake(
            "entropy_instead",
            T(
                "that is the entropy (log₂); the Gini index is {gini}",
                "这是信息熵（log₂）；基尼指数是 {gini}",
                gini=GINI,
            ),
            _wrong(params, _entropy),
        ),
    ]
    if several:
        candidates.insert(  # first: the same choice as the sum of squares makes, named for the notes' slip
            0,
            Mistake(
                "maximised_gini",
                T(
                    "CART chooses the smallest weighted Gini index (the largest decrease), not the largest",
                    "CART 选择加权基尼指数最小（减少量最大）的划分，而不是最大的",
                ),
                {"best": _wrong(params, pick=max)["best"]},
            ),
        )
    return shown_mistakes(candidates, solution)
