"""k-means (Lloyd's algorithm) by hand, from given initial centroids.

    points x_1 .. x_n (d coordinates each), centroids c_1 .. c_k
    iteration t = 1, 2, ...:
        d_ij      = ‖x_i − c_j‖² = Σ_m (x_im − c_jm)²      squared Euclidean distance
        label_i   = argmin_j d_ij                           ties → the lowest j
        c_j       = (1/|C_j|) Σ_{i ∈ C_j} x_i               an empty cluster keeps its c_j
        SSE       = Σ_i ‖x_i − c_{label_i}‖²                with the new centroids
    converged: assigning the points to the new centroids changes no label.

Comparing squared distances picks the same centroid as comparing distances. The
iteration count is given, or "stable": iterate until an assignment repeats the one
before it; `iterations_to_converge` counts the iterations whose assignment changed
(the one that only confirms it is not counted: scikit-learn's n_iter_ counts it).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown_number, step
from exercises.core.symbols import Named, Ordered

TITLE = "k-means iterations"
DESCRIPTION = "Squared distances, cluster assignment, new centroids and SSE of k-means iterations; convergence."
TITLE_ZH = "K均值聚类迭代"
DESCRIPTION_ZH = "K均值聚类每次迭代的平方距离、簇分配、新簇中心与误差平方和（SSE），以及是否收敛。"
CODING_TASK = "kmeans"

MAX_POINTS, MAX_DIM, MAX_K, MAX_ITERATIONS, LIMIT = 20, 3, 5, 10, 1000
STABLE = "stable"
STABLE_ALIASES = {"until_stable": STABLE, "converge": STABLE, "converged": STABLE, "until_converged": STABLE}
FORMS = {
    "points": T(
        "a list of 3-{n} points, each a list of 1-{d} numbers between -{lim} and {lim}, e.g. "
        "[[1,1],[1,2],[2,1],[4,3]] (1-D points may be given as [1,2,4,7])",
        "3-{n} 个点的列表，每个点是 1-{d} 个 -{lim} 到 {lim} 之间的数，例如 [[1,1],[1,2],[2,1],[4,3]]"
        "（一维的点也可写作 [1,2,4,7]）",
        n=MAX_POINTS,
        d=MAX_DIM,
        lim=LIMIT,
    ),
    "init": T(
        "the initial centroids, 2-{k} points with as many coordinates as the points, e.g. [[1,1],[1,2]]",
        "初始簇中心，2-{k} 个点，坐标个数与数据点相同，例如 [[1,1],[1,2]]",
        k=MAX_K,
    ),
    "k": T(
        "the number of clusters, 2-{k} (optional: the rows of init)",
        "簇的个数，2-{k}（可省略：即 init 的行数）",
        k=MAX_K,
    ),
    "iterations": T(
        "a whole number of iterations 1-{m}, or stable (iterate until the assignment no longer changes; the default)",
        "迭代次数，1-{m} 的整数；或 stable（迭代到簇分配不再变化为止，默认值）",
        m=MAX_ITERATIONS,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve kmeans_step` takes

DISTANCE = Check(abs_tol=0.001, rel_tol=0.0001)
COORDINATE = Check(abs_tol=0.001)
EXACT = Check(exact=True)

Point = tuple  # of sympy Rationals


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    points: tuple[Point, ...]  # n x d
    init: tuple[Point, ...]  # k x d
    iterations: int | str  # a count, or STABLE

    @property
    def k(self) -> int:
        return len(self.init)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("points", "init"), ("k", "iterations"))
        points = read.matrix(
            "points", _as_rows(raw["points"]), FORMS["points"], (3, MAX_POINTS), (1, MAX_DIM), **_BOUNDS
        )
        init = read.matrix("init", _as_rows(raw["init"]), FORMS["init"], (2, MAX_K), (1, MAX_DIM), **_BOUNDS)
        n, d, k = len(points), len(points[0]), len(init)
        if len(init[0]) != d:
            raise ParamError(
                T(
                    "parameter 'init' must hold points of {d} coordinates, like the points; got {got}.",
                    "参数 'init' 中的每个簇中心应有 {d} 个坐标，与数据点相同；实际为 {got} 个。",
                    d=d,
                    got=len(init[0]),
                )
            )
        if "k" in raw and read.number("k", raw["k"], FORMS["k"], 2, MAX_K, integer=True) != k:
            raise ParamError(
                T(
                    "parameter 'k' is {k}, but 'init' gives {rows} initial centroids.",
                    "参数 'k' 为 {k}，但 'init' 给出了 {rows} 个初始簇中心。",
                    k=str(raw["k"]),
                    rows=k,
                )
            )
        if n <= k:
            raise ParamError(
                T(
                    "there are {n} points for {k} clusters; k-means needs more points than clusters.",
                    "只有 {n} 个点却要分成 {k} 个簇；K均值聚类需要点数多于簇数。",
                    n=n,
                    k=k,
                )
            )
        for a in range(k):
            for b in range(a + 1, k):
                if init[a] == init[b]:
                    raise ParamError(
                        T(
                            "initial centroids {a} and {b} coincide, so centroid {b} could never win a point; "
                            "give k different initial centroids.",
                            "第 {a} 个与第 {b} 个初始簇中心重合，第 {b} 个簇中心永远分不到点；"
                            "请给出 k 个互不相同的初始簇中心。",
                            a=a + 1,
                            b=b + 1,
                        )
                    )
        iterations = raw.get("iterations", STABLE)
        if isinstance(iterations, str) and not iterations.strip().isdigit():
            iterations = read.choice("iterations", iterations, (STABLE,), STABLE_ALIASES)
        else:
            iterations = int(
                read.number("iterations", iterations, FORMS["iterations"], 1, MAX_ITERATIONS, integer=True)
            )
        params = cls(points, init, iterations)
        if iterations == STABLE and _lloyd(params).changed is None:
            raise ParamError(
                T(
                    "the assignment still changes after {m} iterations; give a number of iterations instead of stable.",
                    "迭代 {m} 次后簇分配仍在变化；请给出迭代次数，而不是 stable。",
                    m=MAX_ITERATIONS,
                )
            )
        return params

    def to_json(self) -> dict:
        return {
            "points": read.to_json(self.points),
            "k": self.k,
            "init": read.to_json(self.init),
            "iterations": self.iterations,
        }


_BOUNDS = {"low": -LIMIT, "high": LIMIT}


def _as_rows(value):
    """1-D points typed as a flat list of numbers, [1, 2, 4], as one-coordinate rows."""
    if isinstance(value, list) and value and not any(isinstance(x, list) for x in value):
        return [[x] for x in value]
    return value


# ---------------------------------------------------------------- the algorithm, exactly


@dataclass(frozen=True)
class Iteration:
    centroids_before: tuple  # k x d Fractions, used for the assignment
    distances: tuple  # n x k
    labels: tuple  # n, 0-based
    ties: tuple  # points (0-based) equally near two or more nearest centroids
    centroids: tuple  # k x d after the update
    empty: tuple  # clusters (0-based) that won no point


@dataclass(frozen=True)
class Run:
    iterations: tuple  # the asked iterations, then one that assigns to the last centroids
    changed: int | None  # stable: iterations whose assignment changed (None: not stable in time)


def _squared(x, c) -> Fraction:
    total = 0
    for a, b in zip(x, c):
        total += (a - b) * (a - b)
    return total


def _iterate(points, centroids) -> Iteration:
    distances = tuple(tuple(_squared(x, c) for c in centroids) for x in points)
    labels = tuple(row.index(min(row)) for row in distances)
    ties = tuple(i for i, row in enumerate(distances) if row.count(min(row)) > 1)
    new, empty = [], []
    for j, c in enumerate(centroids):
        members = [x for x, label in zip(points, labels) if label == j]
        if members:
            new.append(tuple(sum(coords, Fraction(0)) / len(members) for coords in zip(*members)))
        else:
            new.append(c)
            empty.append(j)
    return Iteration(tuple(centroids), distances, labels, ties, tuple(new), tuple(empty))


def _lloyd(params: Params, limit: int = MAX_ITERATIONS) -> Run:
    """The asked iterations and one more assignment after them, in Fractions ("stable": until an
    assignment repeats the one before, at most `limit` iterations that change it)."""
    points = [tuple(Fraction(int(v.p), int(v.q)) for v in x) for x in params.points]
    centroids = [tuple(Fraction(int(v.p), int(v.q)) for v in c) for c in params.init]
    done = [_iterate(points, centroids)]
    while True:
        if params.iterations == STABLE:
            if len(done) > 1 and done[-1].labels == done[-2].labels:
                return Run(tuple(done), len(done) - 1)
            if len(done) > limit:
                return Run(tuple(done), None)
        elif len(done) == params.iterations + 1:
            return Run(tuple(done), None)
        done.append(_iterate(points, done[-1].centroids))


def _asked(run: Run) -> tuple:
    """The iterations whose results are asked for (the last one only checks the assignment)."""
    return run.iterations[:-1]


# ---------------------------------------------------------------- generation


def generate(dice, difficulty: str) -> Params:
    """easy: 5-6 points in 1 or 2 dimensions, k = 2, one iteration; medium: 6-8 points in
    2-D, k = 2, two iterations, the second changing the assignment; hard: 8-10 points in
    2-D, k = 3, until stable after 2-3 iterations that change the assignment. Coordinates
    0-9, all points different, the initial centroids k of the points. No tie and no empty
    cluster in any assignment: such draws are drawn again."""
    if difficulty == "easy":
        n, d, k, iterations = dice.integer(5, 6), dice.integer(1, 2), 2, 1
    elif difficulty == "medium":
        n, d, k, iterations = dice.integer(6, 8), 2, 2, 2
    else:
        n, d, k, iterations = dice.integer(8, 10), 2, 3, STABLE
    coordinates = dice.sample([tuple(divmod(v, 10)) for v in range(100)], n) if d == 2 else None
    points = coordinates or [(v,) for v in dice.sample(range(10), n)]
    chosen = sorted(dice.sample(range(n), k))
    exact = tuple(tuple(sp.Integer(v) for v in x) for x in points)
    params = Params(exact, tuple(exact[i] for i in chosen), iterations)
    run = _lloyd(params, limit=3)
    if any(it.ties or it.empty for it in run.iterations):
        raise Redraw("a tie or an empty cluster")
    asked = _asked(run)
    if any(a.labels == b.labels for a, b in zip(asked, asked[1:])):
        raise Redraw("an iteration that changes nothing")
    if iterations == STABLE and not (run.changed is not None and 2 <= run.changed <= 3):
        raise Redraw("not stable after 2-3 iterations")
    return params


# ---------------------------------------------------------------- symbols and words


def _named(text: str, latex: str, rows: int = 1, cols: int = 1) -> Named:
    return Named(latex, rows, cols, text, latex)


def _sup(t: int) -> str:
    return f"⁽{str(t).translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹'))}⁾"


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _point_symbol(i: int, d: int):
    """x_i (1-based), a row of d coordinates (a plain symbol in 1-D)."""
    return sp.Symbol(f"x_{i}") if d == 1 else sp.MatrixSymbol(f"x_{i}", 1, d)


def _coordinates(point) -> sp.Expr:
    """A point as written in a sentence: (1, 2), or 3 in 1-D."""
    values = [sp.Rational(v) for v in point]
    return values[0] if len(values) == 1 else sp.Tuple(*values)


def _centroids_said(centroids, t: int | None = None) -> Math:
    """c₁ = (1, 1), c₂ = (1, 2) as one line (t: the iteration they result from)."""
    mark = "" if t is None else _sup(t)
    return join(
        Math(
            sp.Eq(
                _named(f"c{_sub(j)}{mark}", f"c_{{{j}}}{'' if t is None else f'^{{({t})}}'}"),
                _coordinates(c),
                evaluate=False,
            )
        )
        for j, c in enumerate(centroids, 1)
    )


class Norm(sp.Function):
    """‖v‖, the Euclidean length (notation for sentences: it does not evaluate)."""

    def _sympystr(self, printer):
        return f"‖{printer._print(self.args[0])}‖"

    def _latex(self, printer, exp=None):
        tex = r"\left\|%s\right\|" % printer._print(self.args[0])
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(*printer._print(self.args[0]).parens("‖", "‖"))

    def _mathml_presentation(self, printer):
        row = printer.dom.createElement("mrow")
        for part in ("‖", self.args[0], "‖"):
            if isinstance(part, str):
                node = printer.dom.createElement("mo")
                node.appendChild(printer.dom.createTextNode(part))
            else:
                node = printer._print(part)
            row.appendChild(node)
        return row


_x, _c = sp.symbols("x c")
SQUARED = Math(sp.Pow(Norm(Ordered(_x, -_c, evaluate=False)), 2))  # ‖x − c‖²


# ---------------------------------------------------------------- solution


def _difference_squared(x, c, names):
    """(x₁ − c₁)² + (x₂ − c₂)² + ... with the numbers shown."""
    terms = [
        sp.Pow(
            Ordered(
                shown_number(f"{names}a{m}", sp.Rational(a)),
                -shown_number(f"{names}b{m}", sp.Rational(b)),
                evaluate=False,
            ),
            2,
            evaluate=False,
        )
        for m, (a, b) in enumerate(zip(x, c))
    ]
    return terms[0] if len(terms) == 1 else Ordered(*terms, evaluate=False)


def _distances_step(t: int, it: Iteration, points, k: int) -> Step:
    n = len(points)
    i, j = next(((i, j) for i in range(n) for j in range(k) if it.distances[i][j]), (0, 0))
    example = sp.Eq(
        sp.Symbol(f"d_{i + 1}{j + 1}" if n < 10 and k < 10 else f"d_{i + 1},{j + 1}"),
        sp.Eq(
            _difference_squared(points[i], it.centroids_before[j], "e"), sp.Rational(it.distances[i][j]), evaluate=False
        ),
        evaluate=False,
    )
    return Step(
        T(
            "Iteration {t}: squared distance of every point (row) to every centroid (column), {c}",
            "第 {t} 次迭代：每个点（行）到每个簇中心（列）的平方距离，{c}",
            t=t,
            c=_centroids_said(it.centroids_before, t - 1 if t > 1 else None),
        ),
        _named(f"D{_sup(t)}", f"D^{{({t})}}", n, k),
        None,
        None,
        sp.ImmutableMatrix(n, k, [sp.Rational(v) for row in it.distances for v in row]),
        T(
            "Each entry is {formula} for the point {x} of its row and the centroid {c} of its column, "
            "summed over the coordinates; for example {example}.",
            "每个元素是所在行的点 {x} 与所在列的簇中心 {c} 之间的 {formula}，对各坐标求和；例如 {example}。",
            x=Math(_x),
            c=Math(_c),
            formula=SQUARED,
            example=Math(example),
        ),
    )


def _members_said(labels, k: int):
    return join(
        (
            T(
                "cluster {j}: points {points}",
                "第 {j} 簇：点 {points}",
                j=j + 1,
                points=join((str(i + 1) for i, label in enumerate(labels) if label == j), T(", ", "、")),
            )
            if j in labels
            else T("cluster {j}: no point", "第 {j} 簇：没有点", j=j + 1)
            for j in range(k)
        ),
        T("; ", "；"),
    )


def _labels_step(t: int, it: Iteration, k: int) -> Step:
    n = len(it.labels)
    note = T("{members}.", "{members}。", members=_members_said(it.labels, k))
    if it.ties:
        note += T(
            " Point{s} {points} {verb} equally near two centroids and {verb2} to the lower-numbered one.",
            "点 {points} 到两个簇中心的距离相等，按约定归入编号较小的簇。",
            s="s" if len(it.ties) > 1 else "",
            points=join(str(i + 1) for i in it.ties),
            verb="are" if len(it.ties) > 1 else "is",
            verb2="go" if len(it.ties) > 1 else "goes",
        )
    return Step(
        T(
            "Iteration {t}: each point joins the cluster of its nearest centroid (smallest entry of its row)",
            "第 {t} 次迭代：每个点归入距离最近的簇中心所在的簇（所在行的最小元素）",
            t=t,
        ),
        _named(f"label{_sup(t)}", rf"\mathrm{{label}}^{{({t})}}", 1, n),
        None,
        None,
        sp.ImmutableMatrix(1, n, [sp.Integer(label + 1) for label in it.labels]),
        note,
    )


def _centroid_step(t: int, j: int, it: Iteration, points) -> Step:
    """c_j = (x_a + x_b + ...)/|C_j|, worked coordinate by coordinate."""
    d = len(points[0])
    members = [i for i, label in enumerate(it.labels) if label == j]
    lhs = _named(f"c{_sub(j + 1)}{_sup(t)}", f"c_{{{j + 1}}}^{{({t})}}", 1, d)
    title = T(
        "Iteration {t}: new centroid of cluster {j}, the mean of its points",
        "第 {t} 次迭代：第 {j} 簇的新簇中心，即簇内各点的均值",
        t=t,
        j=j + 1,
    )
    exact = _vector([_rational(v) for v in it.centroids[j]])
    if not members:
        note = T("The cluster has no point, so its centroid stays where it was.", "该簇没有点，簇中心保持不变。")
        return Step(title, lhs, None, None, exact, note)
    symbols = [sp.Symbol(f"x_{i + 1}") for i in members]
    if len(members) == 1:
        formula = symbols[0]
        sums = [shown_number(f"s{m}", _rational(points[members[0]][m]), True) for m in range(d)]
    else:
        size = sp.Pow(sp.Integer(len(members)), -1, evaluate=False)
        formula = sp.Mul(Ordered(*symbols, evaluate=False), size, evaluate=False)
        sums = [
            sp.Mul(
                Ordered(*[shown_number(f"x{i}_{m}", _rational(points[i][m]), True) for i in members], evaluate=False),
                size,
                evaluate=False,
            )
            for m in range(d)
        ]
    return Step(title, lhs, formula, _vector(sums), exact)


def _rational(v: Fraction) -> sp.Rational:
    return sp.Rational(v.numerator, v.denominator)


def _vector(entries: list):
    """A number in 1-D, else a row of numbers."""
    return entries[0] if len(entries) == 1 else sp.ImmutableMatrix(1, len(entries), entries)


def _sse_step(t: int, it: Iteration, points) -> Step:
    n = len(points)
    errors = [sp.Symbol(f"e_{i}") for i in range(1, n + 1)]
    values = {e: sp.Rational(_squared(x, it.centroids[label])) for e, x, label in zip(errors, points, it.labels)}
    return step(
        T(
            "Iteration {t}: SSE, the squared distance of every point to its own new centroid, summed",
            "第 {t} 次迭代：误差平方和 SSE，即每个点到所属簇新簇中心的平方距离之和",
            t=t,
        ),
        _named(f"SSE{_sup(t)}", rf"\mathrm{{SSE}}^{{({t})}}"),
        Ordered(*errors, evaluate=False),
        values,
        expand=False,
        note=T(
            "{e}, with {c} the new centroid of the cluster point {i} joined in iteration {t}.",
            "{e}，其中 {c} 是第 {t} 次迭代中点 {i} 所属簇的新簇中心。",
            i=Math(sp.Symbol("x_i")),
            e=Math(
                sp.Eq(sp.Symbol("e_i"), sp.Pow(Norm(Ordered(sp.Symbol("x_i"), -_c, evaluate=False)), 2), evaluate=False)
            ),
            c=Math(_c),
            t=t,
        ),
    )


def solve(params: Params) -> Solution:
    points, k, d = params.points, params.k, len(params.points[0])
    run = _lloyd(params)
    asked, check = _asked(run), run.iterations[-1]
    fractions = [tuple(Fraction(int(v.p), int(v.q)) for v in x) for x in points]
    steps, answers = [], []
    for t, it in enumerate(asked, 1):
        distances = _distances_step(t, it, fractions, k)
        labels = _labels_step(t, it, k)
        centroids = [_centroid_step(t, j, it, fractions) for j in range(k)]
        sse = _sse_step(t, it, fractions)
        steps += [distances, labels, *centroids, sse]
        answers += [
            Answer(
                f"distances_{t}",
                T(
                    "iteration {t}: squared distances, {n} x {k} matrix (a row per point, a column per centroid)",
                    "第 {t} 次迭代的平方距离，{n}×{k} 矩阵（每个点一行，每个簇中心一列）",
                    t=t,
                    n=len(points),
                    k=k,
                ),
                _rows(distances.exact),
                DISTANCE,
            ),
            Answer(
                f"labels_{t}",
                T(
                    "iteration {t}: the cluster (1-{k}) of each point, in point order",
                    "第 {t} 次迭代：各点所属的簇（1-{k}），按点的顺序",
                    t=t,
                    k=k,
                ),
                tuple(labels.exact),
                EXACT,
            ),
            Answer(
                f"centroids_{t}",
                T(
                    "iteration {t}: the new centroids, {shape}",
                    "第 {t} 次迭代后的新簇中心，{shape}",
                    t=t,
                    shape=T("one number per cluster", "每个簇一个数")
                    if d == 1
                    else T("{k} x {d} matrix, one centroid per row", "{k}×{d} 矩阵，每行一个簇中心", k=k, d=d),
                ),
                tuple(c.exact for c in centroids) if d == 1 else tuple(tuple(c.exact) for c in centroids),
                COORDINATE,
            ),
            Answer(
                f"sse_{t}",
                T("iteration {t}: SSE with the new centroids", "第 {t} 次迭代：用新簇中心计算的 SSE", t=t),
                sse.exact,
                DISTANCE,
            ),
        ]
    last = len(asked)
    steps.append(_distances_step(last + 1, check, fractions, k))
    steps.append(_labels_step(last + 1, check, k))
    same = check.labels == asked[-1].labels
    if params.iterations == STABLE:
        steps.append(
            Step(
                T("Iterations until the assignment is stable", "簇分配稳定前的迭代次数"),
                sp.Symbol("T"),
                None,
                None,
                sp.Integer(run.changed),
                T(
                    "Iteration {c} assigns every point as iteration {t} did, so the centroids no longer move: "
                    "k-means has converged after {t} iterations.",
                    "第 {c} 次迭代的簇分配与第 {t} 次相同，簇中心不再移动：K均值聚类在 {t} 次迭代后收敛。",
                    c=last + 1,
                    t=last,
                ),
            )
        )
        answers.append(
            Answer(
                "iterations_to_converge",
                T(
                    "the number of iterations after which the assignment is stable (the confirming one not counted)",
                    "簇分配稳定所需的迭代次数（用于确认的那次不计）",
                ),
                sp.Integer(run.changed),
                EXACT,
            )
        )
    else:
        said = T(
            "Assigning the points to the centroids of iteration {t} changes {what}",
            "把各点分配给第 {t} 次迭代后的簇中心，{what}",
            t=last,
            what=T("no label: k-means has converged (1).", "没有点改变所属的簇：K均值聚类已收敛（1）。")
            if same
            else T("some labels: k-means has not converged yet (0).", "有点改变了所属的簇：K均值聚类尚未收敛（0）。"),
        )
        steps.append(
            Step(T("Converged?", "是否收敛？"), sp.Symbol("converged"), None, None, sp.Integer(int(same)), said)
        )
        answers.append(
            Answer(
                "converged",
                T(
                    "converged: 1 if another assignment changes no label, else 0",
                    "是否收敛：再分配一次没有点改变所属的簇则为 1，否则为 0",
                ),
                sp.Integer(int(same)),
                EXACT,
            )
        )
    return Solution(_question(params, run), tuple(steps), tuple(answers))


def _rows(m: sp.MatrixBase) -> tuple:
    return tuple(map(tuple, m.tolist()))


def _question(params: Params, run: Run) -> Question:
    points, k = params.points, params.k
    n, d = len(points), len(points[0])
    chosen = [points.index(c) + 1 for c in params.init if c in points]
    origin = T(" (points {which})", "（即点 {which}）", which=join(map(str, chosen))) if len(chosen) == k else T("", "")
    table = sp.ImmutableMatrix(1, n, [x[0] for x in points]) if d == 1 else sp.ImmutableMatrix(points)
    rules = []
    if any(it.ties for it in run.iterations):
        rules.append(
            T(
                "A point equally near two centroids joins the lower-numbered one.",
                "到两个簇中心距离相等的点归入编号较小的簇。",
            )
        )
    if any(it.empty for it in run.iterations):
        rules.append(T("A centroid that wins no point stays where it is.", "分不到点的簇中心保持不变。"))
    if params.iterations == STABLE:
        task = T(
            "Iterate until the assignment no longer changes. For each iteration that changes it, give the "
            "squared distances of every point to every centroid, the cluster of each point, the new centroids "
            "and the SSE (the sum of the squared distances of the points to their new centroids); then give the "
            "number of those iterations (the last assignment, which only confirms that nothing changes, is not "
            "counted).",
            "迭代直到簇分配不再变化。对每一次改变了簇分配的迭代，求每个点到每个簇中心的平方距离、各点所属的簇、"
            "新的簇中心以及误差平方和 SSE（各点到所属簇新簇中心的平方距离之和）；最后求这样的迭代共有几次"
            "（最后一次仅用于确认分配不变的迭代不计）。",
        )
    else:
        task = T(
            "Carry out {t} iteration{s}. For {each}, give the squared distances of every point to every centroid, "
            "the cluster of each point, the new centroids and the SSE (the sum of the squared distances of the "
            "points to their new centroids). Then say whether k-means has converged: would assigning the points "
            "to the last centroids leave every point in its cluster? (1 for yes, 0 for no)",
            "进行 {t} 次迭代。对{each_zh}，求每个点到每个簇中心的平方距离、各点所属的簇、新的簇中心以及误差平方和 SSE"
            "（各点到所属簇新簇中心的平方距离之和）。然后判断K均值聚类是否已收敛：把各点重新分配给最后得到的簇中心，"
            "是否每个点都留在原来的簇？（是填 1，否填 0）",
            t=params.iterations,
            s="s" if params.iterations > 1 else "",
            each="each" if params.iterations > 1 else "it",
            each_zh="每次迭代" if params.iterations > 1 else "这次迭代",
        )
    return Question.of(
        T(
            "Cluster these {n} points{layout} with k-means, {k}:",
            "用K均值聚类把下面 {n} 个点{layout}分成 {k} 个簇：",
            n=n,
            layout=T(" (one point per column, in order)", "（按顺序每列一个点）")
            if d == 1
            else T(" (one point per row, in order)", "（按顺序每行一个点）"),
            k=Math(sp.Eq(sp.Symbol("k"), k)),
        ),
        Math(table, display=True),
        T(
            "starting from the centroids {c}{origin}. Each iteration assigns every point to the centroid at the "
            "smallest squared Euclidean distance, then moves each centroid to the mean of its cluster. {rules}",
            "初始簇中心为 {c}{origin}。每次迭代先把每个点分配给平方欧氏距离最小的簇中心，"
            "再把每个簇中心移到该簇各点的均值处。{rules}",
            c=_centroids_said(params.init),
            origin=origin,
            rules=join(rules, T(" ", "")),
        ),
        task,
    )


# ---------------------------------------------------------------- mistakes, in floats


def _float_run(params: Params, steps: int, *, manhattan: bool = False, median: bool = False) -> list[dict]:
    """`steps` iterations in floats, optionally assigning by L1 distance or moving each centroid
    to the coordinate-wise median of its cluster."""
    points = [[float(v) for v in x] for x in params.points]
    centroids = [[float(v) for v in c] for c in params.init]
    out = []
    for _ in range(steps):
        if manhattan:
            distances = [[sum(abs(a - b) for a, b in zip(x, c)) for c in centroids] for x in points]
        else:
            distances = [[sum((a - b) ** 2 for a, b in zip(x, c)) for c in centroids] for x in points]
        labels = [row.index(min(row)) for row in distances]
        new = []
        for j, c in enumerate(centroids):
            members = [x for x, label in zip(points, labels) if label == j]
            centre = statistics.median if median else statistics.fmean
            new.append([centre(coords) for coords in zip(*members)] if members else c)
        sse = sum(sum((a - b) ** 2 for a, b in zip(x, new[label])) for x, label in zip(points, labels))
        out.append(
            {
                "distances": distances,
                "labels": [label + 1 for label in labels],
                "centroids": new,
                "sse": sse,
                "before": centroids,
            }
        )
        centroids = new
    return out


def _answers_of(run: list[dict], d: int, keys=("distances", "labels", "centroids", "sse")) -> dict:
    out = {}
    for t, it in enumerate(run, 1):
        for key in keys:
            value = it[key]
            if key == "centroids" and d == 1:
                value = [c[0] for c in value]
            out[f"{key}_{t}"] = value
    return out


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "manhattan_assignment": T("Manhattan (L1) distance for the assignment", "分配时用了曼哈顿（L1）距离"),
    "sse_with_old_centroids": T("SSE measured to the old centroids", "SSE 用了更新前的簇中心"),
    "sse_not_squared": T("SSE of distances, not squared distances", "SSE 没有对距离取平方"),
    "centroid_not_updated": T("centroids not updated", "簇中心没有更新"),
    "median_centroid": T("median instead of mean for the centroid", "簇中心用了中位数而不是均值"),
    "counted_confirming_iteration": T("confirming iteration counted", "把确认收敛的那次迭代也算上了"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    d = len(params.points[0])
    steps = sum(1 for a in solution.answers if a.name.startswith("sse_"))
    right = _float_run(params, steps)
    points = [[float(v) for v in x] for x in params.points]
    found = [
        Mistake(
            "manhattan_assignment",
            T(
                "k-means measures the squared Euclidean distance {d}, not the Manhattan distance",
                "K均值聚类用平方欧氏距离 {d}，而不是曼哈顿距离",
                d=SQUARED,
            ),
            _answers_of(_float_run(params, steps, manhattan=True), d),
        ),
        Mistake(
            "sse_with_old_centroids",
            T(
                "the SSE is measured to the new centroids, after the update, not to those used for the assignment",
                "SSE 要用更新后的新簇中心计算，而不是分配时所用的旧簇中心",
            ),
            {
                f"sse_{t}": sum(
                    sum((a - b) ** 2 for a, b in zip(x, it["before"][label - 1]))
                    for x, label in zip(points, it["labels"])
                )
                for t, it in enumerate(right, 1)
            },
        ),
        Mistake(
            "sse_not_squared",
            T("the SSE sums squared distances, not distances", "SSE 是平方距离之和，而不是距离之和"),
            {
                f"sse_{t}": sum(math.dist(x, it["centroids"][label - 1]) for x, label in zip(points, it["labels"]))
                for t, it in enumerate(right, 1)
            },
        ),
        Mistake(
            "centroid_not_updated",
            T(
                "each centroid moves to the mean of the points assigned to it",
                "每个簇中心都要移到分配给它的各点的均值处",
            ),
            _answers_of([{"centroids": it["before"]} for it in right], d, keys=("centroids",)),
        ),
    ]
    median = _answers_of(_float_run(params, steps, median=True), d)
    if median != _answers_of(right, d):
        found.append(
            Mistake(
                "median_centroid",
                T(
                    "the new centroid is the mean of the cluster's points, not their median",
                    "新簇中心是簇内各点的均值，不是中位数",
                ),
                median,
            )
        )
    if params.iterations == STABLE:
        changed = next(a.value for a in solution.answers if a.name == "iterations_to_converge")
        found.append(
            Mistake(
                "counted_confirming_iteration",
                T(
                    "the iteration that only confirms the assignment changed nothing is not counted",
                    "仅用于确认分配没有变化的那次迭代不计入",
                ),
                {"iterations_to_converge": changed + 1},
            )
        )
    return found
