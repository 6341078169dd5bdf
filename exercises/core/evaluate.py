"""The exact value of a formula with numbers put in, computed the way the formula is written.

`evaluate(formula, values)` is `formula.xreplace(values).doit()` without doit's
canonicalisation passes and domain conversions and without expanding: a matrix formula
(MatAdd, MatMul, HadamardProduct, transposes, the ones matrix 𝟙, explicit matrices) gives
an ImmutableMatrix whose entries are the sums and products the formula says, a scalar
formula a sympy number. That is much faster than doit() for long matrix formulas (a
backpropagation step) and easier to read. Logarithms are built unevaluated (log's own
evaluation inspects its argument numerically, at a cost, and has nothing to simplify
in ln σ(...)).
"""

from __future__ import annotations

import functools

import sympy as sp
from sympy import HadamardProduct, MatAdd, MatMul, OneMatrix, Transpose


def evaluate(formula, values: dict):
    """The value of `formula` with `values` (symbol or MatrixSymbol -> exact number or
    matrix) put in: an ImmutableMatrix for a matrix formula, else a sympy number.
    Every factor is taken to be finite: a product with a zero factor is 0."""
    value = _value(formula, values)
    return sp.ImmutableMatrix(value) if isinstance(value, list) else value


def _times(a, b):
    """Scalar or matrix (list of rows) times scalar or matrix."""
    if not isinstance(a, list) and not isinstance(b, list):
        return a * b
    if not isinstance(a, list):
        return [[a * v for v in row] for row in b]
    if not isinstance(b, list):
        return [[v * b for v in row] for row in a]
    return [[sp.Add(*[u * v for u, v in zip(row, col)]) for col in zip(*b)] for row in a]


def _value(formula, values: dict):
    """A number, or a matrix as a list of rows."""
    if isinstance(formula, sp.MatrixBase):
        return [[_value(v, values) for v in row] for row in formula.tolist()]
    if formula in values:
        value = values[formula]
        return value.tolist() if isinstance(value, sp.MatrixBase) else value
    if isinstance(formula, OneMatrix):
        return [[sp.S.One] * formula.cols for _ in range(formula.rows)]
    parts = [_value(arg, values) for arg in formula.args]
    if isinstance(formula, MatAdd):
        return [[sp.Add(*cells) for cells in zip(*rows)] for rows in zip(*parts)]
    if isinstance(formula, MatMul):
        return functools.reduce(_times, parts)
    if isinstance(formula, HadamardProduct):
        return [[sp.Mul(*cells) for cells in zip(*rows)] for rows in zip(*parts)]
    if isinstance(formula, Transpose):
        return [list(col) for col in zip(*parts[0])]
    if isinstance(formula, sp.MatrixExpr):
        raise TypeError(f"no value given for {formula}")
    if not parts:
        return formula
    if isinstance(formula, sp.log):
        return sp.log(*parts, evaluate=False)
    if isinstance(formula, sp.Mul) and any(part == 0 for part in parts):
        return sp.S.Zero  # factors are finite (0 · ln y, 0 < y < 1); Mul would first ask ln y whether it is
    return formula.func(*parts)
