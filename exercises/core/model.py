"""What a problem is made of: steps, answers with their checks, mistakes.

A value is exact: a sympy number, a tuple of them (a vector or list) or a tuple
of tuples (a matrix). `plain` turns it into JSON numbers, `exact_text` into
sympy strings. A step may also hold a sympy Matrix, which `plain` lists by rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

import sympy as sp

from exercises.core.evaluate import evaluate
from exercises.core.number_text import decimal_text
from exercises.core.symbols import Num, Ordered, as_exact, is_short_decimal


@lru_cache(maxsize=8192)
def number(value: sp.Expr) -> float:
    """The float nearest an exact real value (each value is evaluated once;
    a rational's by correctly rounded integer division)."""
    if value.is_Rational:
        return value.p / value.q
    return float(value.evalf(17))


def plain(value) -> Any:
    """JSON numbers: int for integers, float otherwise; nested lists for vectors and matrices."""
    if isinstance(value, sp.MatrixBase):
        return [[plain(x) for x in value.row(i)] for i in range(value.rows)]
    if isinstance(value, (tuple, list)):
        return [plain(x) for x in value]
    if isinstance(value, int):
        return value
    value = as_exact(value)
    if value.is_Integer:
        return int(value)
    return number(value)


def exact_text(value) -> Any:
    """Exact values as sympy strings, in the same nesting as `plain`."""
    if isinstance(value, sp.MatrixBase):
        return [[exact_text(x) for x in value.row(i)] for i in range(value.rows)]
    if isinstance(value, (tuple, list)):
        return [exact_text(x) for x in value]
    return sp.sstr(value)


def shown_number(name: str, value, decimals: bool = False, bare: bool = False) -> Num:
    """`value` as it is written inside a substituted formula (see `Num`):
    integers as they are, rationals as fractions (or as exact decimals when
    `decimals`), anything else rounded to 4 significant digits."""
    value = as_exact(value)
    if value.is_Integer:
        return Num(name, value, str(value), False, bare)
    if value.is_Rational:
        if decimals and is_short_decimal(value):
            return Num(name, value, decimal_text(value), False, bare)
        return Num(name, value, f"{value.p}/{value.q}", False, bare)
    return Num(name, value, decimal_text(number(value)), True, bare)


def shown(name: str, value, decimals: bool = False):
    """A value (number or Matrix) made of `shown_number`s, for substitution."""
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(
            value.rows, value.cols, [shown_number(f"{name}_{i}", x, decimals, bare=True) for i, x in enumerate(value)]
        )
    return shown_number(name, value, decimals)


@dataclass(frozen=True)
class Check:
    """How a typed answer is compared with the exact one: exactly, or within
    max(rel_tol * |expected|, abs_tol) like `math.isclose`."""

    exact: bool = False
    rel_tol: float = 0.0
    abs_tol: float = 0.0
    unordered: bool = False  # a set in the question: any order is right
    up_to_sign: bool = False  # eigenvectors: v and -v are both right

    @property
    def decimals(self) -> int | None:
        """Decimals the tolerance asks for (abs_tol 0.001 -> 3); None when exact or relative only."""
        if self.exact or not self.abs_tol:
            return None
        return max(0, math.ceil(-math.log10(self.abs_tol) - 1e-9))

    def to_json(self) -> dict:
        return {
            "exact": self.exact,
            "rel_tol": self.rel_tol,
            "abs_tol": self.abs_tol,
            "unordered": self.unordered,
            "up_to_sign": self.up_to_sign,
        }

    def widened(self, factor: float) -> Check:
        """The same check with its tolerances `factor` times as wide."""
        return replace(self, rel_tol=factor * self.rel_tol, abs_tol=factor * self.abs_tol)

    def accepts(self, received, expected, scale=None) -> bool:
        """True when `received` (plain numbers, nested lists) matches `expected`. rel_tol is
        taken of `scale` entry by entry when given (an update: the size of its step), else
        of `expected`."""
        if self.unordered:
            if not (isinstance(received, list) and isinstance(expected, list)):
                return False
            received, expected = sorted(received, key=_sort_key), sorted(expected, key=_sort_key)
        return self._same(received, expected, scale)

    def _same(self, a, b, s) -> bool:
        if isinstance(b, list):
            if not isinstance(a, list) or len(a) != len(b):
                return False
            s = s if s is not None else [None] * len(b)
            if self.up_to_sign and b and not isinstance(b[0], list):
                return self._all_close(a, b, s) or self._all_close([-x for x in a], b, s)
            return all(self._same(x, y, z) for x, y, z in zip(a, b, s))
        return not isinstance(a, list) and self._close(a, b, s)

    def _all_close(self, a, b, s) -> bool:
        return all(not isinstance(x, list) and self._close(x, y, z) for x, y, z in zip(a, b, s))

    def _close(self, a, b, s=None) -> bool:
        if self.exact:
            return a == b
        return abs(a - b) <= max(self.rel_tol * abs(b if s is None else s), self.abs_tol) + 1e-12


def _sort_key(item):
    return item if not isinstance(item, list) else tuple(_sort_key(x) for x in item)


EXACT = Check(exact=True)


@dataclass(frozen=True)
class Answer:
    name: str  # JSON name, a public contract
    label: str  # how the question asks for it, e.g. "eigenvalues, descending"
    exact: Any  # exact value (see module docstring)
    check: Check
    # What the check's rel_tol is taken of, in the value's nesting: an update (new weights)
    # is checked against the size of its step, not of the weights, so that the unchanged
    # weights never pass. None: the value itself.
    scale: Any = None

    @cached_property
    def value(self):
        """The exact value as plain numbers (computed once: checks and mistakes ask often)."""
        return plain(self.exact)


@dataclass(frozen=True)
class Mistake:
    """A common wrong computation: its name, what to tell the student, and the
    wrong values it gives for the answers it affects."""

    name: str
    message: str
    answers: dict[str, Any]


def shown_mistakes(candidates, solution, margin: float = 1) -> list[Mistake]:
    """The candidate mistakes as this problem shows them: each keeps the answers it moves beyond
    `margin` times their tolerance (a wrong value closer than that is no sign of it), and one
    that moves none (an unweighted mean of equally large branches, α = 1) is no mistake here."""
    right = {a.name: a for a in solution.answers}
    found = []
    for mistake in candidates:
        moved = {
            name: wrong
            for name, wrong in mistake.answers.items()
            if name in right
            and not right[name].check.widened(margin).accepts(wrong, right[name].value, right[name].scale)
        }
        if moved:
            found.append(Mistake(mistake.name, mistake.message, moved))
    return found


@dataclass(frozen=True)
class Step:
    """One line of a worked solution: lhs = formula = substituted = exact ≈ decimal."""

    title: str
    lhs: Any
    formula: Any = None
    substituted: Any = None
    exact: Any = None
    note: str = ""

    @cached_property
    def value(self):
        """The exact value as plain numbers (computed once: the generic checks read every step's)."""
        return plain(self.exact)


def in_written_order(expr) -> bool:
    """True for a sum built unevaluated in an order of its own (N + 2P - D(F-1) - 1),
    rather than in sympy's canonical order."""
    args = expr.args
    return expr.is_Add and not expr.is_Matrix and any(sp.Basic.compare(a, b) > 0 for a, b in zip(args, args[1:]))


def substitute(formula, mapping: dict):
    """`formula.xreplace(mapping)`, every sum keeping its terms in the order the formula
    prints them: sorted again, the numbers would not keep the order of the symbols they
    replace (nor even one order from run to run)."""
    if formula in mapping:
        return mapping[formula]
    if not formula.args:
        return formula
    if formula.is_Add and not formula.is_Matrix:
        return Ordered(*[substitute(term, mapping) for term in _printed_terms(formula)], evaluate=False)
    args = [substitute(arg, mapping) for arg in formula.args]
    if all(a is b for a, b in zip(args, formula.args)):
        return formula
    if formula.is_Mul or formula.is_Pow:  # already in its written form: nothing to evaluate
        return formula.func(*args, evaluate=False)
    if isinstance(formula, sp.Function):  # σ(-2), not σ((-2)): the call's own parentheses suffice
        args = [Num(a.name, a.value, a.text, a.rounded, True) if isinstance(a, Num) else a for a in args]
    return formula.func(*args)


@lru_cache(maxsize=4096)
def _printed_terms(add) -> tuple:
    """The terms of a sum in the order the printers write them (formulas repeat from problem
    to problem of a family: each is sorted once)."""
    return add.args if in_written_order(add) else tuple(add.as_ordered_terms())


def step(
    title: str,
    lhs,
    formula,
    values: dict | None = None,
    *,
    exact=None,
    decimals: bool = False,
    expand: bool = True,
    note: str = "",
) -> Step:
    """A step whose substituted form and exact value both come from `formula`.

    `values` maps each symbol (or MatrixSymbol) of the formula to its exact value;
    the substituted form shows them as numbers, the exact value evaluates them
    (unless `exact` is given, for results sympy would not simplify on its own):
    with `doit()`, and each entry of a matrix expanded; or, with `expand=False`, by
    `evaluate`, which keeps the sums and products the formula says (much faster
    for long matrix formulas such as a backpropagation step).
    """
    values = values or {}
    substituted = None
    if values:
        substituted = substitute(formula, {s: shown(str(s), v, decimals) for s, v in values.items()})
    if exact is None and not expand:
        exact = evaluate(formula, values)
    elif exact is None:
        exact = formula.xreplace(
            {s: (sp.ImmutableMatrix(v) if isinstance(v, sp.MatrixBase) else v) for s, v in values.items()}
        )
        if hasattr(exact, "doit"):
            exact = exact.doit()
        if isinstance(exact, sp.MatrixBase):
            exact = sp.ImmutableMatrix(exact.applyfunc(sp.expand))
    return Step(title, lhs, formula, substituted, exact, note)


@dataclass(frozen=True)
class Question:
    """The question: prose pieces (Texts), math pieces and Lines, in order."""

    parts: tuple

    @staticmethod
    def of(*parts) -> Question:
        return Question(tuple(parts))


@dataclass(frozen=True)
class Math:
    """A piece of mathematics in a question or in a Text; `display` puts it on a line of
    its own. As a str, it is one line of Unicode (1/√dₖ)."""

    expr: Any
    display: bool = False

    def __str__(self) -> str:
        from exercises.core.render import printers

        return printers().line(self.expr)


@dataclass(frozen=True)
class Lines:
    """A part of a question that is a short list, one item (a Text) per line: the layers
    of a network, say."""

    items: tuple


@dataclass(frozen=True)
class Solution:
    question: Question
    steps: tuple[Step, ...]
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Problem:
    topic: str
    title: str
    difficulty: str
    seed: int | None  # None for parameters the user typed in
    params: Any  # the family's frozen Params dataclass
    solution: Solution
    mistakes: tuple[Mistake, ...] = field(default=())

    @property
    def id(self) -> str:
        return problem_id(self.topic, self.difficulty, self.seed)

    def answer(self, name: str) -> Answer:
        return next(a for a in self.solution.answers if a.name == name)


def problem_id(topic: str, difficulty: str, seed: int | None) -> str:
    """`topic#seed`, or `topic:difficulty#seed` when not medium; `topic:custom` for typed-in parameters."""
    if seed is None:
        return f"{topic}:custom"
    return f"{topic}#{seed}" if difficulty == "medium" else f"{topic}:{difficulty}#{seed}"
