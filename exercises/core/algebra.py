"""Exact algebra on fractions: polynomials, 3x3 determinants, and the real roots of
quadratics and cubics as numbers of Q, Q(√Δ) or Q(λ).

A polynomial is a list (or tuple) of `Fraction` coefficients, lowest degree first. A
`Root` is a real algebraic number λ with its monic minimal polynomial, so that
arithmetic in Q(λ) is polynomial arithmetic modulo it, and only results become sympy
numbers, never simplified. Used by the eigenvalue problems (pca); nothing here knows
what the numbers mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp


class RepeatedRoot(ArithmeticError):
    """The polynomial has a repeated root, `value` (a Fraction)."""

    def __init__(self, value: Fraction):
        super().__init__(f"repeated root {value}")
        self.value = value


# ---------------------------------------------------------------- numbers


def rational(x: Fraction) -> sp.Rational:
    """The sympy Rational of a Fraction."""
    return sp.Rational(x.numerator, x.denominator)


def fraction(x: sp.Rational) -> Fraction:
    """The Fraction of a sympy Rational."""
    return Fraction(int(x.p), int(x.q))


def square_root(x: sp.Expr) -> sp.Expr:
    """√x: evaluated for a rational (sympy pulls out square factors), left as the power
    x^(1/2) otherwise (sympy's attempts to simplify √(a + b√c) cost time and rarely succeed)."""
    return sp.sqrt(x) if x.is_Rational else sp.Pow(x, sp.S.Half, evaluate=False)


def is_square(x: Fraction) -> bool:
    """True when x is the square of a fraction."""
    return x >= 0 and math.isqrt(x.numerator) ** 2 == x.numerator and math.isqrt(x.denominator) ** 2 == x.denominator


# ---------------------------------------------------------------- polynomials


def trim(p: list) -> list:
    """p without its zero top coefficients (in place; the constant stays)."""
    while len(p) > 1 and p[-1] == 0:
        p.pop()
    return p


def poly_divmod(a, b):
    """Quotient and remainder of polynomials, b with a nonzero top."""
    a, b = trim(list(a)), trim(list(b))
    q = [Fraction(0)] * max(len(a) - len(b) + 1, 1)
    for top in range(len(a) - 1, len(b) - 2, -1):
        factor = a[top] / b[-1]
        q[top - len(b) + 1] = factor
        for j, y in enumerate(b):
            a[top - len(b) + 1 + j] -= factor * y
    return q, trim(a[: len(b) - 1] or [Fraction(0)])


def poly_mul(a, b) -> list:
    """The product of two polynomials."""
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def poly_add(a, b, sign=1) -> list:
    """a + sign · b."""
    out = [Fraction(0)] * max(len(a), len(b))
    for i, x in enumerate(a):
        out[i] += x
    for i, y in enumerate(b):
        out[i] += sign * y
    return out


def sum_squares(u) -> list:
    """Σ u_k² for a vector of polynomials."""
    total = [Fraction(0)]
    for x in u:
        total = poly_add(total, poly_mul(x, x))
    return total


# ---------------------------------------------------------------- matrices


def det3(m):
    """The determinant of a 3x3 matrix (list of rows)."""
    return (
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    )


def char3(m):
    """(c1, c2, c3) with det(λI - m) = λ³ - c1 λ² + c2 λ - c3: the trace, the sum of the
    principal 2x2 minors and the determinant of a 3x3 matrix."""
    c1 = m[0][0] + m[1][1] + m[2][2]
    c2 = (
        m[0][0] * m[1][1]
        - m[0][1] * m[1][0]
        + m[0][0] * m[2][2]
        - m[0][2] * m[2][0]
        + m[1][1] * m[2][2]
        - m[1][2] * m[2][1]
    )
    return c1, c2, det3(m)


def cross(a, b, mul=lambda x, y: x * y, sub=lambda x, y: x - y) -> list:
    """The cross product a × b of 3-vectors, with the given product and difference of entries
    (poly_mul and poly_add(·, ·, -1) for vectors of polynomials)."""
    return [
        sub(mul(a[1], b[2]), mul(a[2], b[1])),
        sub(mul(a[2], b[0]), mul(a[0], b[2])),
        sub(mul(a[0], b[1]), mul(a[1], b[0])),
    ]


# ---------------------------------------------------------------- cubics


def cubic_at(coeffs, x):
    """λ³ - c1 λ² + c2 λ - c3 at λ = x, for coeffs = (c1, c2, c3)."""
    c1, c2, c3 = coeffs
    return ((x - c1) * x + c2) * x - c3


def cubic_disc(c1, c2, c3):
    """Discriminant of λ³ - c1 λ² + c2 λ - c3 (zero exactly when a root repeats)."""
    a, b, c = -c1, c2, -c3
    return 18 * a * b * c - 4 * a**3 * c + a * a * b * b - 4 * b**3 - 27 * c * c


# ---------------------------------------------------------------- roots


@dataclass(frozen=True)
class Root:
    """A real algebraic number λ: exact sympy value, float value, and a monic polynomial m
    (lowest degree first) with m(λ) = 0, so that Q(λ) arithmetic reduces modulo m."""

    exact: sp.Expr
    value: float
    minpoly: tuple
    surd: tuple = ()  # quadratic λ = a + b·√Δ: (a, b, √Δ), to build a + b·λ without expanding

    def reduce(self, poly) -> tuple:
        """poly modulo m: the same number of Q(λ), as a polynomial of degree below m's."""
        poly, m, k = list(poly), self.minpoly, len(self.minpoly) - 1
        for top in range(len(poly) - 1, k - 1, -1):
            lead = poly[top]
            if lead:
                for j in range(k + 1):
                    poly[top - k + j] -= lead * m[j]
        poly = poly[:k] or [Fraction(0)]
        return tuple(poly + [Fraction(0)] * (k - len(poly)))

    def inverse(self, poly) -> tuple:
        """1 / poly(λ) in Q(λ), by the extended Euclidean algorithm with λ's polynomial."""
        r0, r1 = list(self.minpoly), trim(list(poly))
        s0, s1 = [Fraction(0)], [Fraction(1)]
        while any(r1):
            q, rest = poly_divmod(r0, r1)
            r0, r1 = r1, rest
            s0, s1 = s1, trim(poly_add(s0, poly_mul(q, s1), -1))
        return self.reduce([x / r0[0] for x in s0])

    def sympy(self, poly) -> sp.Expr:
        """The sympy number poly(λ), for a reduced polynomial."""
        if not any(poly[1:]):
            return rational(poly[0])
        if self.surd:
            a, b, root = self.surd
            return rational(poly[0] + poly[1] * a) + rational(poly[1] * b) * root
        return sp.Add(*[rational(c) * self.exact**k for k, c in enumerate(poly) if c])


def rational_root_of(value: Fraction) -> Root:
    """A rational number as a Root (its minimal polynomial is λ - value)."""
    return Root(rational(value), float(value), (-value, Fraction(1)))


def quadratic_roots(s: Fraction, q: Fraction) -> tuple[Root, Root]:
    """Roots of μ² - s μ + q = 0, larger first: rationals, or (s ± √Δ)/2 in Q(√Δ) with
    Δ = s² - 4q. Raises RepeatedRoot when Δ = 0 (and complex roots are not expected)."""
    disc = s * s - 4 * q
    if disc == 0:
        raise RepeatedRoot(Fraction(s) / 2)  # exact even when s comes as an int
    if is_square(disc):
        root = Fraction(math.isqrt(disc.numerator), math.isqrt(disc.denominator))
        return tuple(rational_root_of(v) for v in ((s + root) / 2, (s - root) / 2))
    # (s ± √Δ)/2 built directly: the same numbers the quadratic formula gives
    surd, half = sp.sqrt(rational(disc)), Fraction(1, 2)
    return tuple(
        Root(
            rational(s / 2) + sign * rational(half) * surd,
            float(s) / 2 + sign * math.sqrt(disc) / 2,
            (q, -s, Fraction(1)),
            (s / 2, sign * half, surd),
        )
        for sign in (1, -1)
    )


def cubic_roots(coeffs, var: sp.Symbol):
    """Roots of λ³ - c1 λ² + c2 λ - c3 (three real roots), largest first, and the split:
    a rational root r (if any) and the roots of the quadratic left after dividing by λ - r,
    returned as (roots, (r, (μ1, μ2))); else three CRootOf numbers of the polynomial in
    `var` (the same split as Poly.all_roots) and split None. Raises RepeatedRoot when a
    root repeats."""
    if cubic_disc(*coeffs) == 0:
        poly = sp.Poly([1, *(rational(c) * sign for c, sign in zip(coeffs, (-1, 1, -1)))], var, domain="QQ")
        g = sp.gcd(poly, poly.diff(var)).monic()
        root = -g.all_coeffs()[-1] if g.degree() == 1 else rational(coeffs[0]) / 3
        raise RepeatedRoot(fraction(sp.Rational(root)))
    r = rational_root(coeffs, var)
    split = None
    if r is not None:
        s = coeffs[0] - r
        pair = quadratic_roots(s, coeffs[1] - r * s)
        split = (rational_root_of(r), pair)
        roots = (split[0], *pair)
    else:
        poly = sp.Poly([1, -rational(coeffs[0]), rational(coeffs[1]), -rational(coeffs[2])], var, domain="QQ")
        monic = [fraction(c) for c in poly.monic().all_coeffs()]
        values = sorted(np.roots([float(c) for c in monic]).real)
        minpoly = tuple(reversed(monic))
        roots = tuple(Root(sp.CRootOf(poly, k), float(values[k]), minpoly) for k in range(3))
    return tuple(sorted(roots, key=lambda root: -root.value)), split


def rational_root(coeffs, var: sp.Symbol):
    """The largest rational root of λ³ - c1 λ² + c2 λ - c3, or None.

    With k the common denominator, μ = kλ solves a monic integer cubic, so a rational λ
    makes μ an integer (rational root theorem): round the numeric roots and check them
    exactly. When the numbers are too large for floats, or nothing is found, sympy's
    factor_list (of the polynomial in `var`) decides."""
    c1, c2, c3 = coeffs
    k = math.lcm(c1.denominator, c2.denominator, c3.denominator)
    a, b, c = int(k * c1), int(k * k * c2), int(k**3 * c3)
    found = []
    values = np.roots([1.0, -float(a), float(b), -float(c)]).real
    if max(abs(v) for v in values) < 2.0**40:
        for v in values:
            mu = round(float(v))
            if ((mu - a) * mu + b) * mu - c == 0:
                found.append(Fraction(mu, k))
        if found:
            return max(found)
    poly = sp.Poly([1, -rational(c1), rational(c2), -rational(c3)], var, domain="QQ")
    found = [fraction(-f.monic().all_coeffs()[1]) for f, _ in poly.factor_list()[1] if f.degree() == 1]
    return max(found) if found else None
