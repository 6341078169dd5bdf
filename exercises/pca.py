"""Principal component analysis of a few points, by hand (sample covariance, divides by n - 1).

    x̄    = (1/n) (x_1 + ... + x_n)                     mean
    X_c  = X - 1_n x̄ᵀ                                  centred data, one point per row
    C    = 1/(n - 1) X_cᵀ X_c                          sample covariance
    det(C - λI) = 0                                     eigenvalues, sorted λ_1 > λ_2 > ...
        d = 2:  λ² - c_1 λ + c_2 = 0,          c_1 = tr C, c_2 = det C,
                λ = (c_1 ± √Δ) / 2,  Δ = c_1² - 4 c_2
        d = 3:  λ³ - c_1 λ² + c_2 λ - c_3 = 0, c_1 = tr C, c_2 = sum of the principal
                2×2 minors, c_3 = det C.  A rational root r leaves μ² - s μ + q = 0 with
                s = c_1 - r, q = c_2 - r s; an irreducible cubic keeps its roots as CRootOf
                (the solution says they are found numerically, and shows their decimals).
    (C - λ_i I) u_i = 0                                 d = 2: u_i ⟂ a row of C - λ_i I,
                                                        d = 3: u_i = cross product of two rows
                                                        (the rows giving the longest u_i)
    v_i  = u_i / |u_i|                                  unit eigenvector (one row of the answer)
    r_i  = λ_i / (λ_1 + ... + λ_d) = λ_i / tr C         explained variance ratio

Sign of an eigenvector: its component of largest absolute value is positive (the first of
them when two tie). Answers are graded up to sign anyway.

Exactness: the arithmetic runs on fractions in Q, Q(√Δ) or Q(λ) for a root λ of an
irreducible cubic (polynomials in λ reduced modulo its minimal polynomial: exercises.core.algebra),
and only the results become sympy numbers, never simplified. For a rational λ, u is scaled (κ) to the
smallest integer vector and v = u/√N; otherwise v_k = ±√(u_k²/|u|²), one square root of a
number of Q(λ). Generated hard problems have one rational eigenvalue (found with the
rational root theorem, as a pen-and-paper exam needs); only typed-in points can give an
irreducible cubic, whose roots stay sympy CRootOf numbers (slower to evaluate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import sympy as sp

from exercises.core import params as read
from exercises.core.algebra import (
    RepeatedRoot,
    Root,
    char3,
    cross,
    cubic_at,
    cubic_disc,
    cubic_roots,
    det3,
    fraction,
    poly_add,
    poly_mul,
    quadratic_roots,
    rational,
    rational_root_of,
    square_root,
    sum_squares,
)
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown, step
from exercises.core.number_text import decimal_text
from exercises.core.symbols import is_short_decimal

TITLE = "Principal component analysis"
DESCRIPTION = (
    "Mean, sample covariance (n - 1), eigenvalues, unit eigenvectors, explained variance ratios of 2-D/3-D points."
)
TITLE_ZH = "主成分分析"
DESCRIPTION_ZH = "均值、样本协方差矩阵（除以 n - 1）、特征值、单位特征向量，以及二维/三维数据各主成分的贡献率。"
CODING_TASK = "pca"

FORM = T(
    "a list of 2-20 points, each a list of 1-3 numbers, all of the same length, e.g. [[1,2],[3,3],[5,7]]",
    "2-20 个点的列表，每个点是 1-3 个数的列表，各点的长度相同，例如 [[1,2],[3,3],[5,7]]",
)
PARAMETERS = {"points": FORM}  # what `mlexam solve pca` takes
LIMIT = 10**6

VALUE = Check(abs_tol=0.01, rel_tol=0.001)
DIRECTION = Check(abs_tol=0.01, up_to_sign=True)
RATIO = Check(abs_tol=0.001)

TIE = 1e-9  # relative tolerance when two float magnitudes are taken as equal

n_sym, lam = sp.Symbol("n"), sp.Symbol("lambda")
c_sym = [sp.Symbol(f"c_{k}") for k in (1, 2, 3)]
r_sym, s_sym, q_sym, D_sym = sp.Symbol("r"), sp.Symbol("s"), sp.Symbol("q"), sp.Symbol("Delta")
p_fun = sp.Function("p")
kappa, mu_sym = sp.Symbol("kappa"), sp.Symbol("mu")
det, tr = sp.Function("det"), sp.Function("tr")  # det(C - λI) and tr(C) inside sentences
DIMENSION_ZH = {1: "一", 2: "二", 3: "三"}  # 3 个二维数据点


@dataclass(frozen=True)
class Params:
    points: tuple[tuple[sp.Rational, ...], ...]  # n rows of d coordinates

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("points",))
        value = raw["points"]
        if isinstance(value, list) and len(value) < 2:
            raise ParamError(
                T(
                    "parameter 'points' needs at least 2 points, because the sample covariance divides by n - 1.",
                    "参数 'points' 至少要有 2 个点，因为样本协方差要除以 n - 1。",
                )
            )
        points = read.matrix("points", value, FORM, rows=(2, 20), cols=(1, 3), low=-LIMIT, high=LIMIT)
        _analysis(points)  # degenerate data raise ParamError here, before any solving
        return cls(points)

    def to_json(self) -> dict:
        return {"points": read.to_json(self.points)}


# ---------------------------------------------------------------- generation


def generate(dice, difficulty: str) -> Params:
    """easy: 3-4 points in 0..6 (2-D) with an integer mean and rational eigenvalues;
    medium: 3-5 points in 0..8 (2-D); hard: 4-6 points in 0..5 (3-D) with one rational
    eigenvalue. Always: distinct eigenvalues, no zero eigenvalue, nonzero covariance
    off the diagonal (2-D); other draws are drawn again (hard: one in about 20 suits)."""
    if difficulty == "easy":
        points = _easy_points(dice)
    elif difficulty == "medium":
        n = dice.integer(3, 5)
        points = [(dice.integer(0, 8), dice.integer(0, 8)) for _ in range(n)]
    else:
        n = dice.integer(4, 6)
        points = [tuple(dice.integer(0, 5) for _ in range(3)) for _ in range(n)]
    if not _suits(points, difficulty):
        raise Redraw("a repeated or zero eigenvalue, a diagonal covariance, or irrational eigenvalues")
    return Params(tuple(tuple(sp.Integer(x) for x in p) for p in points))


def _easy_points(dice):
    """n - 1 free points, and a last one that makes every coordinate sum divisible by n."""
    n = dice.integer(3, 4)
    points = [(dice.integer(0, 6), dice.integer(0, 6)) for _ in range(n - 1)]
    last = tuple(dice.choice([v for v in range(7) if (v + sum(p[k] for p in points)) % n == 0]) for k in range(2))
    return points + [last]


def _scatter(points):
    """S = n Σ x xᵀ - (Σ x)(Σ x)ᵀ, an integer matrix for integer points; C = S / (n (n - 1))."""
    n, d = len(points), len(points[0])
    s = [sum(p[k] for p in points) for k in range(d)]
    return [[n * sum(p[i] * p[j] for p in points) - s[i] * s[j] for j in range(d)] for i in range(d)]


def _suits(points, difficulty) -> bool:
    """Integer checks on S = n(n - 1) C: distinct nonzero eigenvalues, S_12 ≠ 0 in 2-D,
    rational eigenvalues on easy, one rational eigenvalue in 3-D."""
    S = _scatter(points)
    if len(S) == 2:
        (a, b), (_, c) = S
        disc = (a - c) ** 2 + 4 * b * b
        if b == 0 or a * c - b * b == 0:
            return False
        return difficulty != "easy" or math.isqrt(disc) ** 2 == disc
    if det3(S) == 0:
        return False
    # one integer eigenvalue of S (integers throughout), i.e. one rational eigenvalue of C
    coeffs = char3(S)
    if not any(cubic_at(coeffs, int(round(e))) == 0 for e in np.linalg.eigvalsh(np.array(S, dtype=float))):
        return False
    return cubic_disc(*coeffs) != 0


# ---------------------------------------------------------------- exact analysis


def _sign(vector) -> int:
    """+1 or -1 so that the component of largest absolute value (the first one on a tie) is positive."""
    big = max(abs(x) for x in vector)
    first = next(x for x in vector if abs(x) >= big * (1 - TIE))
    return 1 if first > 0 else -1


def _text(value: Fraction, decimals: bool) -> str:
    r = rational(value)
    return decimal_text(r) if decimals and is_short_decimal(r) else str(r)


@dataclass(frozen=True)
class _Analysis:
    n: int
    d: int
    decimals: bool
    mean: tuple
    centred: tuple
    cov: tuple  # Fractions
    coeffs: tuple  # c1 (, c2 (, c3)) of the characteristic polynomial
    roots: tuple  # Root, descending
    split: tuple | None  # d = 3 with a rational root: (that root, the other two roots)
    plans: tuple  # one _Plan per eigenvalue


@lru_cache(maxsize=512)
def _analysis(points) -> _Analysis:
    """Exact moments, eigenvalues and eigenvector plans of `points` (sympy rationals);
    raises ParamError for degenerate data. Cached: solve and mistakes share it."""
    n, d = len(points), len(points[0])
    decimals = any(not x.is_Integer for p in points for x in p)
    pts = [[fraction(x) for x in p] for p in points]
    if all(p == pts[0] for p in pts):
        raise ParamError(
            T(
                "parameter 'points': all points are equal, so the covariance is zero and there is no principal "
                "direction.",
                "参数 'points'：所有点都相同，协方差矩阵为零，没有主成分方向。",
            )
        )
    mean = [sum(p[k] for p in pts) / n for k in range(d)]
    centred = [[p[k] - mean[k] for k in range(d)] for p in pts]
    cov = [[sum(row[i] * row[j] for row in centred) / (n - 1) for j in range(d)] for i in range(d)]
    split = None
    if d == 1:
        coeffs = (cov[0][0],)
        roots = (rational_root_of(cov[0][0]),)
    else:
        try:
            if d == 2:
                coeffs = (cov[0][0] + cov[1][1], cov[0][0] * cov[1][1] - cov[0][1] ** 2)
                roots = quadratic_roots(*coeffs)
            else:
                coeffs = char3(cov)
                roots, split = cubic_roots(coeffs, lam)
        except RepeatedRoot as repeated:
            raise _repeated(repeated.value, decimals) from None
    plans = tuple(_plan(cov, root) for root in roots) if d > 1 else ()
    return _Analysis(
        n, d, decimals, tuple(mean), tuple(map(tuple, centred)), tuple(map(tuple, cov)), coeffs, roots, split, plans
    )


def _repeated(value: Fraction, decimals: bool):
    return ParamError(
        T(
            "parameter 'points': the covariance has a repeated eigenvalue λ={value}, "
            "so its eigenvectors are not unique.",
            "参数 'points'：协方差矩阵有重特征值 λ={value}，其特征向量不唯一。",
            value=_text(value, decimals),
        )
    )


def _plan(cov, root: Root):
    """How to solve (C - λI) u = 0 for one eigenvalue: the row (d = 2) or pair of rows
    (d = 3) of C - λI whose result is numerically largest, the sign, and u itself."""
    d = len(cov)
    M = [[root.reduce([cov[i][j]] + ([Fraction(-1)] if i == j else [])) for j in range(d)] for i in range(d)]
    Mf = [[float(cov[i][j]) - (root.value if i == j else 0.0) for j in range(d)] for i in range(d)]
    if d == 2:
        candidates = [((i,), [-Mf[i][1], Mf[i][0]]) for i in range(2)]
    else:
        candidates = [((a, b), cross(Mf[a], Mf[b])) for a, b in ((0, 1), (0, 2), (1, 2))]
    sizes = [sum(x * x for x in u) for _, u in candidates]
    rows, uf = next(c for c, size in zip(candidates, sizes) if size >= max(sizes) * (1 - TIE))
    sign = _sign(uf)
    if d == 2:
        (i,) = rows
        u = [[-x for x in M[i][1]], list(M[i][0])]
    else:
        a, b = rows
        u = cross(M[a], M[b], mul=poly_mul, sub=lambda x, y: poly_add(x, y, -1))
    u = tuple(root.reduce([sign * c for c in comp]) for comp in u)
    uf = tuple(sign * x for x in uf)
    scale = Fraction(1)
    if len(root.minpoly) == 2:  # rational λ: take the smallest integer multiple of u
        values = [comp[0] for comp in u]
        den = math.lcm(*(x.denominator for x in values))
        scale = Fraction(den, math.gcd(*(int(x * den) for x in values)))
        u = tuple((x * scale,) for x in values)
        uf = tuple(float(x[0]) for x in u)
    return _Plan(rows, sign, scale, u, uf, tuple(map(tuple, M)))


class _Plan(NamedTuple):
    """How (C - λI) u = 0 is solved for one eigenvalue."""

    rows: tuple  # the row (d = 2) or the two rows (d = 3) of C - λI used
    sign: int  # ±1: the largest component of u comes out positive
    scale: Fraction  # u = scale · (solution from the rows); 1 unless λ is rational
    u: tuple  # exact components, polynomials in λ (reduced)
    uf: tuple  # the same as floats
    M: tuple  # C - λI, polynomials in λ


# ---------------------------------------------------------------- solution


@lru_cache(maxsize=128)
def _formulas(n: int, d: int):
    """The symbolic side of every step for n points in d dimensions (built once per shape)."""
    f = {}
    f["X"], f["Xc"] = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("X_c", n, d)
    f["C"], f["xbar"] = sp.MatrixSymbol("C", d, d), sp.MatrixSymbol("xbar", d, 1)
    f["ones"] = sp.MatrixSymbol("1_n", n, 1)
    f["xs"] = [sp.MatrixSymbol(f"x_{i}", d, 1) for i in range(1, n + 1)]
    # (1/n)(x_1 + ... + x_n); from 10 points on, (1/n) Xᵀ 1_n (printers sort x_10 before x_2)
    f["mean"] = sp.MatMul(1 / n_sym, sp.MatAdd(*f["xs"])) if n < 10 else sp.MatMul(1 / n_sym, f["X"].T, f["ones"])
    f["centred"] = sp.MatAdd(f["X"], sp.MatMul(-1, f["ones"], f["xbar"].T))
    f["cov"] = sp.MatMul(1 / (n_sym - 1), f["Xc"].T, f["Xc"])
    f["lambda"] = sp.MatrixSymbol("lambda", d, 1)
    f["ls"] = [sp.Symbol(f"lambda_{i}") for i in range(1, d + 1)]
    f["M"] = [
        (sp.MatrixSymbol(f"M_{i}", d, d), sp.MatAdd(f["C"], sp.MatMul(-1, lam_i, sp.Identity(d))))
        for i, lam_i in enumerate(f["ls"], 1)
    ]
    f["u"] = [sp.MatrixSymbol(f"u_{i}", d, 1) for i in range(1, d + 1)]
    f["abs_u"] = [sp.Abs(sp.Symbol(f"u_{i}")) for i in range(1, d + 1)]
    f["comps"] = [[sp.Symbol(f"u_{i},{k}") for k in range(1, d + 1)] for i in range(1, d + 1)]
    f["norm"] = [sp.sqrt(sp.Add(*[c**2 for c in comps])) for comps in f["comps"]]
    f["v"] = [sp.MatrixSymbol(f"v_{i}", d, 1) for i in range(1, d + 1)]
    f["unit"] = [sp.MatMul(1 / a, u) for a, u in zip(f["abs_u"], f["u"])]
    f["V"] = (sp.MatrixSymbol("V", d, d), sp.BlockMatrix([[v.T] for v in f["v"]]))
    f["trace"] = sp.Trace(f["C"])
    f["ratio"] = (sp.MatrixSymbol("r", d, 1), sp.MatMul(1 / f["trace"], f["lambda"]))
    f["m"] = {(a, b): sp.Symbol(f"m_{a + 1}{b + 1}") for a in range(d) for b in range(d)}
    E = {(i, j): sp.Symbol(f"C_{min(i, j)}{max(i, j)}") for i in range(1, d + 1) for j in range(1, d + 1)}
    f["E"] = E
    if d == 2:
        f["c"] = [E[1, 1] + E[2, 2], E[1, 1] * E[2, 2] - E[1, 2] ** 2]
        f["roots"] = _quadratic(c_sym[0])
    if d == 3:
        f["c"] = [
            E[1, 1] + E[2, 2] + E[3, 3],
            sp.Add(*[E[i, i] * E[j, j] - E[i, j] ** 2 for i, j in ((1, 2), (1, 3), (2, 3))]),
            E[1, 1] * (E[2, 2] * E[3, 3] - E[2, 3] ** 2)
            - E[1, 2] * (E[1, 2] * E[3, 3] - E[2, 3] * E[1, 3])
            + E[1, 3] * (E[1, 2] * E[2, 3] - E[2, 2] * E[1, 3]),
        ]
        f["p(r)"] = r_sym**3 - c_sym[0] * r_sym**2 + c_sym[1] * r_sym - c_sym[2]
    return f


def _quadratic(s):
    """Both roots of μ² - s μ + q = 0 with discriminant Δ = s² - 4q, larger first."""
    return sp.ImmutableMatrix([(s + sp.sqrt(D_sym)) / 2, (s - sp.sqrt(D_sym)) / 2])


# ---------------------------------------------------------------- mathematics inside sentences


def _eq(lhs, rhs):
    return sp.Eq(lhs, rhs, evaluate=False)


def _shifted(f, value):
    """C - value·I, in this order."""
    C = f["C"]
    return sp.MatAdd(C, sp.MatMul(-1, value, sp.Identity(C.shape[0])))


def _char_poly(x, d: int):
    """x² - c_1 x + c_2, or x³ - c_1 x² + c_2 x - c_3, written in this order (sympy would
    print c_1 x² first)."""
    return sp.Add(x**d, *[(-1) ** k * c_sym[k - 1] * x ** (d - k) for k in range(1, d + 1)], evaluate=False)


def _poly(coeffs):
    """λ^d - c1 λ^(d-1) + ... with the exact coefficients (sympy prints it by descending powers)."""
    d = len(coeffs)
    return lam**d + sp.Add(*[(-1) ** k * rational(c) * lam ** (d - k) for k, c in enumerate(coeffs, 1)])


def solve(params: Params) -> Solution:
    points = params.points
    A = _analysis(points)
    n, d, dec = A.n, A.d, A.decimals
    f = _formulas(n, d)
    C, n_1 = Math(f["C"]), Math(n_sym - 1)
    data = sp.ImmutableMatrix(points)
    mean_list = [rational(x) for x in A.mean]
    cov_rows = [[rational(x) for x in row] for row in A.cov]
    mean = sp.ImmutableMatrix(d, 1, mean_list)
    centred = sp.ImmutableMatrix(n, d, [rational(x) for row in A.centred for x in row])
    cov = sp.ImmutableMatrix(cov_rows)
    mean_values = (
        {x: sp.ImmutableMatrix(p) for p, x in zip(points, f["xs"])}
        if n < 10
        else {f["X"]: data, f["ones"]: sp.ones(n, 1)}
    )
    steps: list[Step] = [
        step(
            T("Mean of the points", "样本均值"),
            f["xbar"],
            f["mean"],
            {n_sym: n, **mean_values},
            exact=mean,
            decimals=dec,
        ),
        step(
            T(
                "Centred data: subtract the mean from every point (one point per row)",
                "中心化：每个点减去均值（每行一个点）",
            ),
            f["Xc"],
            f["centred"],
            {f["X"]: data, f["ones"]: sp.ones(n, 1), f["xbar"]: mean},
            exact=centred,
            decimals=dec,
        ),
        step(
            T("Sample covariance: divide by {n_1}", "样本协方差矩阵：除以 {n_1}", n_1=n_1),
            f["C"],
            f["cov"],
            {n_sym: n, f["Xc"]: centred},
            exact=cov,
            decimals=dec,
        ),
    ]
    steps += _eigenvalue_steps(A, f, cov_rows, dec)
    lambdas = tuple(root.exact for root in A.roots)
    vectors = _eigenvector_steps(A, f, steps, dec)
    V, blocks = f["V"]
    steps.append(
        Step(
            T("Eigenvectors as rows, in the order of the eigenvalues", "按特征值的顺序，把各单位特征向量作为矩阵的行"),
            V,
            blocks,
            None,
            sp.ImmutableMatrix([list(v) for v in vectors]),
        )
    )
    trace = rational(A.coeffs[0])
    ratios = tuple(x / trace for x in lambdas)
    lhs, formula = f["ratio"]
    steps.append(
        step(
            T(
                "Explained variance ratio: each eigenvalue over their sum, which is {tr}",
                "方差贡献率：各特征值除以特征值之和（即 {tr}）",
                tr=Math(tr(f["C"])),
            ),
            lhs,
            formula,
            {f["trace"]: trace, f["lambda"]: sp.ImmutableMatrix(lambdas)},
            exact=sp.ImmutableMatrix(ratios),
            decimals=dec,
        )
    )
    question = Question.of(
        T(
            "Principal component analysis of these {n} points in {d} dimension{s} (one point per row):",
            "对下面 {n} 个{d_zh}维数据点做主成分分析（每行一个点）：",
            n=n,
            d=d,
            s="s" if d > 1 else "",
            d_zh=DIMENSION_ZH[d],
        ),
        Math(shown("x", data, decimals=True) if dec else data, display=True),
        T(
            "Compute the mean, the sample covariance matrix {C} (divide by {n_1}), the eigenvalues of {C} "
            "in descending order, a unit eigenvector for each eigenvalue (sign: its component of "
            "largest absolute value positive) and the share of the variance each one explains.",
            "求：（1）均值；（2）样本协方差矩阵 {C}（除以 {n_1}）；（3）{C} 的特征值，按从大到小排列；"
            "（4）每个特征值对应的单位特征向量（符号约定：绝对值最大的分量取正）；（5）各主成分的方差贡献率。",
            C=C,
            n_1=n_1,
        ),
    )
    answers = (
        Answer("mean", T("mean of the points (vector)", "均值（向量）"), tuple(mean_list), VALUE),
        Answer(
            "covariance",
            T("sample covariance matrix {C} (divides by {n_1})", "样本协方差矩阵 {C}（除以 {n_1}）", C=C, n_1=n_1),
            tuple(map(tuple, cov_rows)),
            VALUE,
        ),
        Answer("eigenvalues", T("eigenvalues of {C}, descending", "{C} 的特征值（从大到小）", C=C), lambdas, VALUE),
        Answer(
            "eigenvectors",
            T(
                "unit eigenvectors, one row per eigenvalue in the same order",
                "单位特征向量（每行一个，顺序与特征值相同）",
            ),
            tuple(tuple(v) for v in vectors),
            DIRECTION,
        ),
        Answer(
            "explained_ratio",
            T("explained variance ratio of each eigenvalue, same order", "各特征值的方差贡献率（顺序同上）"),
            ratios,
            RATIO,
        ),
    )
    return Solution(question, tuple(steps), answers)


def _eigenvalue_steps(A: _Analysis, f, cov, dec):
    d, lam_vec = A.d, f["lambda"]
    if d == 1:
        return [
            Step(
                T("In one dimension the only eigenvalue is the variance", "一维数据只有一个特征值，就是方差"),
                lam_vec,
                None,
                None,
                sp.ImmutableMatrix([A.roots[0].exact]),
            )
        ]
    E = f["E"]
    values = {E[i, j]: cov[i - 1][j - 1] for i in range(1, d + 1) for j in range(i, d + 1)}
    coeffs = [rational(c) for c in A.coeffs]
    cvals = dict(zip(c_sym, coeffs))
    char = _char_poly(lam, d)
    det_shifted = det(_shifted(f, lam))
    first = T(
        "Characteristic polynomial {p}: {c_1}",
        "特征多项式 {p}，其中 {c_1}",
        p=Math(_eq(det_shifted, char if d == 2 else sp.Mul(-1, char, evaluate=False))),
        c_1=Math(_eq(c_sym[0], tr(f["C"]))),
    )
    last = T("{c}", "{c}", c=Math(_eq(c_sym[d - 1], det(f["C"]))))
    if d == 2:
        equation = Math(_eq(char, 0))
        return [
            step(first, c_sym[0], f["c"][0], values, exact=coeffs[0], decimals=dec),
            step(
                last,
                c_sym[1],
                f["c"][1],
                values,
                exact=coeffs[1],
                decimals=dec,
                note=T("{eq}", "特征方程为 {eq}", eq=Math(_eq(det_shifted, _eq(_poly(A.coeffs), 0)))),
            ),
            step(
                T("Discriminant of {eq}", "{eq} 的判别式", eq=equation),
                D_sym,
                c_sym[0] ** 2 - 4 * c_sym[1],
                cvals,
                exact=rational(A.coeffs[0] ** 2 - 4 * A.coeffs[1]),
                decimals=dec,
            ),
            step(
                T("Eigenvalues: roots of {eq}, larger first", "特征值：{eq} 的两个根，大的在前", eq=equation),
                lam_vec,
                f["roots"],
                {c_sym[0]: coeffs[0], D_sym: rational(A.coeffs[0] ** 2 - 4 * A.coeffs[1])},
                exact=sp.ImmutableMatrix([r.exact for r in A.roots]),
                decimals=dec,
            ),
        ]
    steps = [
        step(first, c_sym[0], f["c"][0], values, exact=coeffs[0], decimals=dec),
        step(
            T(
                "{c_2} = sum of the principal 2×2 minors of {C}",
                "{c_2} 为 {C} 的三个二阶主子式之和",
                c_2=Math(c_sym[1]),
                C=Math(f["C"]),
            ),
            c_sym[1],
            f["c"][1],
            values,
            exact=coeffs[1],
            decimals=dec,
        ),
        step(
            last,
            c_sym[2],
            f["c"][2],
            values,
            exact=coeffs[2],
            decimals=dec,
            note=T("The eigenvalues solve {eq}", "特征值是方程 {eq} 的根", eq=Math(_eq(_poly(A.coeffs), 0))),
        ),
    ]
    if A.split:
        root, pair = A.split
        r = root.exact
        s = coeffs[0] - r
        q = coeffs[1] - r * s
        quadratic = Math(_eq(sp.Add(mu_sym**2, -s_sym * mu_sym, q_sym, evaluate=False), 0))
        steps += [
            step(
                T(
                    "A rational root {r} of {p} (rational root theorem): {p_r}",
                    "由有理根定理求出 {p} 的一个有理根 {r}：{p_r}",
                    r=Math(r_sym),
                    p=Math(_eq(p_fun(lam), char)),
                    p_r=Math(_eq(p_fun(r_sym), 0)),
                ),
                p_fun(r_sym),
                f["p(r)"],
                {r_sym: r, **cvals},
                exact=sp.S.Zero,
                decimals=dec,
            ),
            step(
                T(
                    "The other two eigenvalues add up to {s}",
                    "另外两个特征值之和为 {s}",
                    s=Math(_eq(s_sym, c_sym[0] - r_sym)),
                ),
                s_sym,
                c_sym[0] - r_sym,
                {c_sym[0]: coeffs[0], r_sym: r},
                exact=s,
                decimals=dec,
            ),
            step(
                T("and multiply to {q}", "它们的积为 {q}", q=Math(_eq(q_sym, c_sym[1] - r_sym * s_sym))),
                q_sym,
                c_sym[1] - r_sym * s_sym,
                {c_sym[1]: coeffs[1], r_sym: r, s_sym: s},
                exact=q,
                decimals=dec,
            ),
            step(
                T("Discriminant of {eq}", "{eq} 的判别式", eq=quadratic),
                D_sym,
                s_sym**2 - 4 * q_sym,
                {s_sym: s, q_sym: q},
                exact=s**2 - 4 * q,
                decimals=dec,
            ),
            step(
                T("The other two eigenvalues: roots of {eq}", "另外两个特征值：{eq} 的两个根", eq=quadratic),
                sp.MatrixSymbol("mu", 2, 1),
                _quadratic(s_sym),
                {s_sym: s, D_sym: s**2 - 4 * q},
                exact=sp.ImmutableMatrix([x.exact for x in pair]),
                decimals=dec,
            ),
        ]
        title = T(
            "Eigenvalues, largest first: {r} and the two roots {mu}, sorted",
            "特征值从大到小：把 {r} 和两个根 {mu} 一起排序",
            r=Math(r_sym),
            mu=Math(mu_sym),
        )
    else:  # the roots are sympy CRootOf numbers, shown by their decimals: say so in words
        title = T(
            "Eigenvalues: the three real roots of {eq}, largest first "
            "(it has no rational root, so they are found numerically)",
            "特征值：{eq} 的三个实根，从大到小排列（该方程没有有理根，只能用数值方法求根）",
            eq=Math(_eq(char, 0)),
        )
    steps.append(Step(title, lam_vec, None, None, sp.ImmutableMatrix([r.exact for r in A.roots])))
    return steps


def _eigenvector_steps(A: _Analysis, f, steps, dec):
    d = A.d
    if d == 1:
        v = sp.ImmutableMatrix([1])
        steps.append(
            Step(
                T("In one dimension the only unit direction is 1", "一维数据唯一的单位方向就是 1"),
                f["v"][0],
                None,
                None,
                v,
            )
        )
        return [v]
    vectors, m = [], f["m"]
    for i, (root, (rows, sign, scale, u, uf, M)) in enumerate(zip(A.roots, A.plans), 1):
        lhs, formula = f["M"][i - 1]
        lam_i, u_i = f["ls"][i - 1], f["u"][i - 1]
        Mlist = [[root.sympy(x) for x in row] for row in M]
        Me = sp.ImmutableMatrix(Mlist)
        title = T("{M}", "{M}", M=Math(_eq(lhs, _shifted(f, lam_i))))
        steps.append(step(title, lhs, formula, {lam_i: root.exact}, exact=Me, decimals=dec))
        said = dict(u=Math(u_i), M=Math(lhs), det=Math(_eq(det(lhs), 0)), Mu=Math(_eq(sp.MatMul(lhs, u_i), 0)))
        if d == 2:
            (a,) = rows
            formula = sign * sp.ImmutableMatrix([-m[a, 1], m[a, 0]])
            note = T(
                "{u} is perpendicular to row {a} of {M}; the other row is a multiple of it because {det}, so {Mu}.",
                "{u} 与 {M} 的第 {a} 行正交；因为 {det}，另一行是这一行的倍数，所以 {Mu}。",
                a=a + 1,
                **said,
            )
            used = [(a, 0), (a, 1)]
        else:
            a, b = rows if sign > 0 else rows[::-1]
            formula = sp.ImmutableMatrix(cross([m[a, k] for k in range(3)], [m[b, k] for k in range(3)]))
            note = T(
                "{u} = row {a} × row {b} of {M} is perpendicular to both rows; the "
                "third row is a combination of them because {det}, so {Mu}.",
                "取 {u} 为 {M} 的第 {a} 行与第 {b} 行的叉积，它与这两行都正交；因为 {det}，"
                "第三行是这两行的线性组合，所以 {Mu}。",
                a=a + 1,
                b=b + 1,
                **said,
            )
            used = [(x, k) for x in (a, b) for k in range(3)]
        note = T(
            "{note} Sign: the component of largest absolute value is positive.",
            "{note}符号约定：绝对值最大的分量取正。",
            note=note,
        )
        values = {m[k]: Mlist[k[0]][k[1]] for k in used}
        if scale != 1:
            formula = sp.MatMul(kappa, formula)
            values[kappa] = rational(scale)
            note = T(
                "{note} Any multiple of {u} is a solution too: {kappa} makes it the smallest integer vector.",
                "{note}{u} 的任意倍数也是解，取系数 {kappa} 使它成为最小的整数向量。",
                note=note,
                u=Math(sp.Symbol("u")),
                kappa=Math(kappa),
            )
        ulist = [root.sympy(x) for x in u]
        ue = sp.ImmutableMatrix(ulist)
        title = T("Solve {eq}", "解方程 {eq}", eq=Math(_eq(sp.MatMul(_shifted(f, lam_i), u_i), 0)))
        steps.append(step(title, u_i, formula, values, exact=ue, decimals=dec, note=note))
        norm2 = root.reduce(sum_squares(u))
        norm = square_root(root.sympy(norm2))
        abs_u = f["abs_u"][i - 1]
        steps.append(
            step(
                T("Length of {u}", "{u} 的长度", u=Math(u_i)),
                abs_u,
                f["norm"][i - 1],
                dict(zip(f["comps"][i - 1], ulist)),
                exact=norm,
                decimals=dec,
            )
        )
        if len(root.minpoly) == 2:  # integer u: v_k = u_k / √N
            v = sp.ImmutableMatrix([x / norm for x in ulist])
        else:  # v_k = ±√(u_k² / |u|²): one square root of a number of Q(λ), cheaper to evaluate
            inv = root.inverse(norm2)
            v = sp.ImmutableMatrix(
                [
                    sp.S.Zero
                    if not any(x)
                    else (1 if xf > 0 else -1) * square_root(root.sympy(root.reduce(poly_mul(poly_mul(x, x), inv))))
                    for x, xf in zip(u, uf)
                ]
            )
        steps.append(
            step(
                T("Unit eigenvector for {lam}", "{lam} 对应的单位特征向量", lam=Math(lam_i)),
                f["v"][i - 1],
                f["unit"][i - 1],
                {abs_u: norm},
                exact=v,
                decimals=dec,
            )
        )
        vectors.append(v)
    return vectors


# ---------------------------------------------------------------- mistakes


def _eig_desc(matrix):
    values, vectors = np.linalg.eigh(matrix)
    order = np.argsort(values)[::-1]
    rows = [list(vectors[:, k] * _sign(vectors[:, k])) for k in order]
    return [float(values[k]) for k in order], [[float(x) for x in row] for row in rows]


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "covariance_divided_by_n": T(
        "covariance divided by {n}, not {n_1}", "协方差除以了 {n}，而不是 {n_1}", n=Math(n_sym), n_1=Math(n_sym - 1)
    ),
    "not_centred": T("data not centred", "数据没有中心化"),
    "ascending_order": T("eigenvalues in ascending order", "特征值按从小到大排列了"),
    "eigenvector_not_normalised": T("eigenvectors not normalised", "特征向量没有单位化"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    """Float recomputations (numpy, and the floats kept by the exact analysis)."""
    A = _analysis(params.points)
    n, d = A.n, A.d
    X = np.array([[float(x) for x in p] for p in params.points])
    cov = [[float(x) for x in row] for row in A.cov]
    values = [root.value for root in A.roots]
    raw = X.T @ X / (n - 1)
    raw_values, raw_vectors = _eig_desc(raw)
    found = [
        Mistake(
            "covariance_divided_by_n",
            T(
                "covariance divided by {n} instead of {n_1}",
                "你把协方差除以了 {n}，样本协方差应除以 {n_1}",
                n=Math(n_sym),
                n_1=Math(n_sym - 1),
            ),
            {
                "covariance": [[x * (n - 1) / n for x in row] for row in cov],
                "eigenvalues": [x * (n - 1) / n for x in values],
            },
        ),
        Mistake(
            "not_centred",
            T(
                "the data was not centred: subtract the mean before the covariance",
                "数据没有中心化：计算协方差之前要先减去均值",
            ),
            {
                "covariance": raw.tolist(),
                "eigenvalues": raw_values,
                "eigenvectors": raw_vectors,
                "explained_ratio": [x / sum(raw_values) for x in raw_values],
            },
        ),
    ]
    if d > 1:  # in one dimension there is one eigenvalue and its direction is already 1
        found_u = [list(plan.uf) for plan in A.plans]
        vectors = [[x / math.sqrt(sum(y * y for y in u)) for x in u] for u in found_u]
        found += [
            Mistake(
                "ascending_order",
                T("eigenvalues must be sorted in descending order", "特征值要按从大到小的顺序排列"),
                {
                    "eigenvalues": values[::-1],
                    "eigenvectors": vectors[::-1],
                    "explained_ratio": [x / sum(values) for x in values[::-1]],
                },
            ),
            Mistake(
                "eigenvector_not_normalised",
                T("eigenvectors must have length 1", "特征向量的长度必须是 1（要单位化）"),
                {"eigenvectors": found_u},
            ),
        ]
    return found
