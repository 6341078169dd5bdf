"""Principal component analysis of a few points, by hand (sample covariance, divides by n - 1).

    x̄    = (1/n) (x_1 + ... + x_n)                     mean
    X_c  = X - 1_n x̄ᵀ                                  centred data, one point per row
    C    = 1/(n - 1) X_cᵀ X_c                          sample covariance
    det(C - λI) = 0                                     eigenvalues, sorted λ_1 > λ_2 > ...
        d = 2:  λ² - c_1 λ + c_2 = 0,          c_1 = tr C, c_2 = det C,
                λ = (c_1 ± √Δ) / 2,  Δ = c_1² - 4 c_2
        d = 3:  λ³ - c_1 λ² + c_2 λ - c_3 = 0, c_1 = tr C, c_2 = sum of the principal
                2×2 minors, c_3 = det C.  A rational root r leaves μ² - s μ + q = 0 with
                s = c_1 - r, q = c_2 - r s; an irreducible cubic keeps its roots as CRootOf.
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
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown, step
from exercises.core.number_text import decimal_text
from exercises.core.symbols import is_short_decimal

TITLE = "Principal component analysis"
DESCRIPTION = (
    "Mean, sample covariance (n - 1), eigenvalues, unit eigenvectors, explained variance ratios of 2-D/3-D points."
)
TITLE_ZH = "主成分分析"
DESCRIPTION_ZH = "均值、样本协方差矩阵（除以 n - 1）、特征值、单位特征向量，以及二维/三维数据各主成分的贡献率。"

FORM = "a list of 2-20 points, each a list of 1-3 numbers, all of the same length, e.g. [[1,2],[3,3],[5,7]]"
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
kappa = sp.Symbol("kappa")


@dataclass(frozen=True)
class Params:
    points: tuple[tuple[sp.Rational, ...], ...]  # n rows of d coordinates

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("points",))
        value = raw["points"]
        if isinstance(value, list) and len(value) < 2:
            raise ParamError(
                "parameter 'points' needs at least 2 points, because the sample covariance divides by n - 1."
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
            "parameter 'points': all points are equal, so the covariance is zero and there is no principal direction."
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
        f"parameter 'points': the covariance has a repeated eigenvalue "
        f"λ={_text(value, decimals)}, so its eigenvectors are not unique."
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
        (sp.MatrixSymbol(f"M_{i}", d, d), sp.MatAdd(f["C"], sp.MatMul(-lam_i, sp.Identity(d))))
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


def _poly_text(coeffs) -> str:
    """λ^d - c1 λ^(d-1) + ... = 0 as a line of prose (for a note), from the exact coefficients."""
    powers = {3: "λ³", 2: "λ²", 1: "λ", 0: ""}
    d = len(coeffs)
    terms = [(Fraction(1), d)] + [((-1) ** k * c, d - k) for k, c in enumerate(coeffs, 1)]
    text = ""
    for value, power in terms:
        if value == 0:
            continue
        magnitude = abs(value)
        body = (
            powers[power] if magnitude == 1 and power else f"{rational(magnitude)}{'·' if power else ''}{powers[power]}"
        )
        text += ((" - " if value < 0 else " + ") if text else ("-" if value < 0 else "")) + body
    return text + " = 0"


def solve(params: Params) -> Solution:
    points = params.points
    A = _analysis(points)
    n, d, dec = A.n, A.d, A.decimals
    f = _formulas(n, d)
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
        step("Mean of the points", f["xbar"], f["mean"], {n_sym: n, **mean_values}, exact=mean, decimals=dec),
        step(
            "Centred data: subtract the mean from every point (one point per row)",
            f["Xc"],
            f["centred"],
            {f["X"]: data, f["ones"]: sp.ones(n, 1), f["xbar"]: mean},
            exact=centred,
            decimals=dec,
        ),
        step(
            "Sample covariance: divide by n - 1",
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
            "Eigenvectors as rows, in the order of the eigenvalues",
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
            "Explained variance ratio: each eigenvalue over their sum, which is tr C",
            lhs,
            formula,
            {f["trace"]: trace, f["lambda"]: sp.ImmutableMatrix(lambdas)},
            exact=sp.ImmutableMatrix(ratios),
            decimals=dec,
        )
    )
    question = Question.of(
        f"Principal component analysis of these {n} points in {d} dimension{'s' if d > 1 else ''} (one point per row):",
        Math(shown("x", data, decimals=True) if dec else data, display=True),
        "Compute the mean, the sample covariance matrix C (divide by n - 1), the eigenvalues of C "
        "in descending order, a unit eigenvector for each eigenvalue (sign: its component of "
        "largest absolute value positive) and the share of the variance each one explains.",
    )
    answers = (
        Answer("mean", "mean of the points (vector)", tuple(mean_list), VALUE),
        Answer("covariance", "sample covariance matrix C (divides by n - 1)", tuple(map(tuple, cov_rows)), VALUE),
        Answer("eigenvalues", "eigenvalues of C, descending", lambdas, VALUE),
        Answer(
            "eigenvectors",
            "unit eigenvectors, one row per eigenvalue in the same order",
            tuple(tuple(v) for v in vectors),
            DIRECTION,
        ),
        Answer("explained_ratio", "explained variance ratio of each eigenvalue, same order", ratios, RATIO),
    )
    return Solution(question, tuple(steps), answers)


def _eigenvalue_steps(A: _Analysis, f, cov, dec):
    d, lam_vec = A.d, f["lambda"]
    if d == 1:
        return [
            Step(
                "In one dimension the only eigenvalue is the variance",
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
    if d == 2:
        return [
            step(
                "Characteristic polynomial det(C - λI) = λ² - c_1 λ + c_2: c_1 = tr C",
                c_sym[0],
                f["c"][0],
                values,
                exact=coeffs[0],
                decimals=dec,
            ),
            step(
                "c_2 = det C",
                c_sym[1],
                f["c"][1],
                values,
                exact=coeffs[1],
                decimals=dec,
                note=f"det(C - λI) = {_poly_text(A.coeffs)}",
            ),
            step(
                "Discriminant of λ² - c_1 λ + c_2 = 0",
                D_sym,
                c_sym[0] ** 2 - 4 * c_sym[1],
                cvals,
                exact=rational(A.coeffs[0] ** 2 - 4 * A.coeffs[1]),
                decimals=dec,
            ),
            step(
                "Eigenvalues: roots of λ² - c_1 λ + c_2 = 0, larger first",
                lam_vec,
                f["roots"],
                {c_sym[0]: coeffs[0], D_sym: rational(A.coeffs[0] ** 2 - 4 * A.coeffs[1])},
                exact=sp.ImmutableMatrix([r.exact for r in A.roots]),
                decimals=dec,
            ),
        ]
    steps = [
        step(
            "Characteristic polynomial det(C - λI) = -(λ³ - c_1 λ² + c_2 λ - c_3): c_1 = tr C",
            c_sym[0],
            f["c"][0],
            values,
            exact=coeffs[0],
            decimals=dec,
        ),
        step("c_2 = sum of the principal 2×2 minors of C", c_sym[1], f["c"][1], values, exact=coeffs[1], decimals=dec),
        step(
            "c_3 = det C",
            c_sym[2],
            f["c"][2],
            values,
            exact=coeffs[2],
            decimals=dec,
            note=f"The eigenvalues solve {_poly_text(A.coeffs)}",
        ),
    ]
    if A.split:
        root, pair = A.split
        r = root.exact
        s = coeffs[0] - r
        q = coeffs[1] - r * s
        steps += [
            step(
                "A rational root r of p(λ) = λ³ - c_1 λ² + c_2 λ - c_3 (rational root theorem): p(r) = 0",
                p_fun(r_sym),
                f["p(r)"],
                {r_sym: r, **cvals},
                exact=sp.S.Zero,
                decimals=dec,
            ),
            step(
                "The other two eigenvalues add up to s = c_1 - r",
                s_sym,
                c_sym[0] - r_sym,
                {c_sym[0]: coeffs[0], r_sym: r},
                exact=s,
                decimals=dec,
            ),
            step(
                "and multiply to q = c_2 - r s",
                q_sym,
                c_sym[1] - r_sym * s_sym,
                {c_sym[1]: coeffs[1], r_sym: r, s_sym: s},
                exact=q,
                decimals=dec,
            ),
            step(
                "Discriminant of μ² - s μ + q = 0",
                D_sym,
                s_sym**2 - 4 * q_sym,
                {s_sym: s, q_sym: q},
                exact=s**2 - 4 * q,
                decimals=dec,
            ),
            step(
                "The other two eigenvalues: roots of μ² - s μ + q = 0",
                sp.MatrixSymbol("mu", 2, 1),
                _quadratic(s_sym),
                {s_sym: s, D_sym: s**2 - 4 * q},
                exact=sp.ImmutableMatrix([x.exact for x in pair]),
                decimals=dec,
            ),
        ]
        title = "Eigenvalues, largest first: r and the two roots μ, sorted"
    else:
        title = (
            "Eigenvalues: the three real roots of λ³ - c_1 λ² + c_2 λ - c_3 = 0, largest first "
            "(no rational root; CRootOf(p, k) is the k-th smallest real root of p)"
        )
    steps.append(Step(title, lam_vec, None, None, sp.ImmutableMatrix([r.exact for r in A.roots])))
    return steps


def _eigenvector_steps(A: _Analysis, f, steps, dec):
    d = A.d
    if d == 1:
        v = sp.ImmutableMatrix([1])
        steps.append(Step("In one dimension the only unit direction is 1", f["v"][0], None, None, v))
        return [v]
    vectors, m = [], f["m"]
    for i, (root, (rows, sign, scale, u, uf, M)) in enumerate(zip(A.roots, A.plans), 1):
        lhs, formula = f["M"][i - 1]
        Mlist = [[root.sympy(x) for x in row] for row in M]
        Me = sp.ImmutableMatrix(Mlist)
        steps.append(step(f"M_{i} = C - λ_{i} I", lhs, formula, {f["ls"][i - 1]: root.exact}, exact=Me, decimals=dec))
        if d == 2:
            (a,) = rows
            formula = sign * sp.ImmutableMatrix([-m[a, 1], m[a, 0]])
            note = (
                f"u_{i} is perpendicular to row {a + 1} of M_{i}; the other row is a multiple "
                f"of it because det M_{i} = 0, so M_{i} u_{i} = 0."
            )
            used = [(a, 0), (a, 1)]
        else:
            a, b = rows if sign > 0 else rows[::-1]
            formula = sp.ImmutableMatrix(cross([m[a, k] for k in range(3)], [m[b, k] for k in range(3)]))
            note = (
                f"u_{i} = row {a + 1} × row {b + 1} of M_{i} is perpendicular to both rows; the "
                f"third row is a combination of them because det M_{i} = 0, so M_{i} u_{i} = 0."
            )
            used = [(x, k) for x in (a, b) for k in range(3)]
        note += " Sign: the component of largest absolute value is positive."
        values = {m[k]: Mlist[k[0]][k[1]] for k in used}
        if scale != 1:
            formula = sp.MatMul(kappa, formula)
            values[kappa] = rational(scale)
            note += " Any multiple of u is a solution too: κ makes it the smallest integer vector."
        ulist = [root.sympy(x) for x in u]
        ue = sp.ImmutableMatrix(ulist)
        steps.append(
            step(f"Solve (C - λ_{i} I) u_{i} = 0", f["u"][i - 1], formula, values, exact=ue, decimals=dec, note=note)
        )
        norm2 = root.reduce(sum_squares(u))
        norm = square_root(root.sympy(norm2))
        abs_u = f["abs_u"][i - 1]
        steps.append(
            step(
                f"Length of u_{i}",
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
            step(f"Unit eigenvector for λ_{i}", f["v"][i - 1], f["unit"][i - 1], {abs_u: norm}, exact=v, decimals=dec)
        )
        vectors.append(v)
    return vectors


# ---------------------------------------------------------------- mistakes


def _eig_desc(matrix):
    values, vectors = np.linalg.eigh(matrix)
    order = np.argsort(values)[::-1]
    rows = [list(vectors[:, k] * _sign(vectors[:, k])) for k in order]
    return [float(values[k]) for k in order], [[float(x) for x in row] for row in rows]


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
            "covariance divided by n instead of n-1",
            {
                "covariance": [[x * (n - 1) / n for x in row] for row in cov],
                "eigenvalues": [x * (n - 1) / n for x in values],
            },
        ),
        Mistake(
            "not_centred",
            "the data was not centred: subtract the mean before the covariance",
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
                "eigenvalues must be sorted in descending order",
                {
                    "eigenvalues": values[::-1],
                    "eigenvectors": vectors[::-1],
                    "explained_ratio": [x / sum(values) for x in values[::-1]],
                },
            ),
            Mistake("eigenvector_not_normalised", "eigenvectors must have length 1", {"eigenvectors": found_u}),
        ]
    return found
