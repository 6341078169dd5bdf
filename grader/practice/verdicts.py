"""Judging a typed answer against a problem's answer: right, right but rounded too
coarsely, or wrong — and when wrong, which of the family's declared mistakes it is.

A value "is a rounding of" a target when each number typed lies within half a unit of
its own last digit of its target (21.3 and 0.39 for 21.275 and 0.3917), coarser than
the answer's tolerance asks for. The same rule lets a mistake be recognised at the
precision the student typed. Rounded too coarsely is not right: no credit in an exam,
apart in every summary, FSRS "hard".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from exercises.core.lang import T, Text, join

if TYPE_CHECKING:  # annotations only: the verdict words below stay cheap to import
    from exercises.core.model import Answer, Check, Mistake, Problem

# The verdict words, stored as they are in the progress database.
CORRECT, ROUNDED, WRONG, SKIPPED = "correct", "rounded", "wrong", "skipped"
VERDICTS = (CORRECT, ROUNDED, WRONG, SKIPPED)


@dataclass(frozen=True)
class Verdict:
    kind: str  # CORRECT, ROUNDED or WRONG
    mistake: Mistake | None  # the declared mistake a wrong answer matches
    message: Text  # one line for the student, in the language in use when shown


def expected_form(answer: Answer) -> Text:
    """How to type it: "a list of 2 numbers, 3 decimals, either sign" and so on (in
    Chinese each part starts with a Chinese word, so it follows the prose without a space)."""
    value = answer.value
    if isinstance(value, list) and value and isinstance(value[0], list):
        shape = T(
            "a {rows} x {columns} matrix, rows like [[1, 2], [3, 4]] or 1 2; 3 4",
            "一个 {rows} x {columns} 矩阵，按行输入，如 [[1, 2], [3, 4]] 或 1 2; 3 4",
            rows=len(value),
            columns=len(value[0]),
        )
    elif isinstance(value, list) and len(value) == 1:
        shape = T("one number in brackets, like [0.5]", "方括号里的一个数，如 [0.5]")
    elif isinstance(value, list):
        like = "[" + ", ".join(str(i) for i in range(1, len(value) + 1)) + "]"
        shape = T("a list of {n} numbers, like {like}", "含 {n} 个数的列表，如 {like}", n=len(value), like=like)
    else:
        shape = T("a number", "一个数")
    check = answer.check
    parts = [shape]
    if check.exact:
        parts.append(T("exact", "精确值"))
    elif check.decimals is not None:
        parts.append(T("{d} decimals", "保留 {d} 位小数", d=check.decimals))
    elif check.rel_tol:
        digits = max(1, round(-math.log10(check.rel_tol)) + 1)
        parts.append(T("{d} significant digits", "保留 {d} 位有效数字", d=digits))
    if check.unordered:
        parts.append(T("any order", "顺序不限"))
    if check.up_to_sign:
        parts.append(T("each vector up to sign", "每个向量正负号均可"))
    return join(parts, T(", ", "，"))


def judge(problem: Problem, answer: Answer, received) -> Verdict:
    """The verdict on `received` (a parsed number, list or matrix) for `answer`:
    right; else a declared mistake it equals; else right but rounded too coarsely;
    else a declared mistake at the precision typed; else another part's value (typed at
    the wrong prompt), named; else wrong."""
    expected = answer.value
    received = fit_shape(received, expected)
    if answer.check.accepts(received, expected, answer.scale):
        return Verdict(CORRECT, None, T("correct", "正确"))
    if _shape(received) != _shape(expected):
        return Verdict(WRONG, None, T("wrong: expected {form}", "错误：答案应是{form}", form=expected_form(answer)))
    candidates = [m for m in problem.mistakes if answer.name in m.answers]
    matching = [m for m in candidates if answer.check.accepts(received, m.answers[answer.name], answer.scale)]
    if matching:  # two mistakes may land close together: the nearest is the one made
        mistake = min(matching, key=lambda m: _distance(received, m.answers[answer.name], answer.check))
        return Verdict(WRONG, mistake, _named(mistake))
    if not answer.check.exact and _rounding_of(received, expected, answer.check):
        asked = answer.check.decimals
        how = (
            T("give {d} decimals", "请保留 {d} 位小数", d=asked)
            if asked is not None
            else T("give more significant digits", "请多写几位有效数字")
        )
        return Verdict(
            ROUNDED, None, T("correct, but rounded too coarsely: {how}", "正确，但舍入得太粗：{how}", how=how)
        )
    for mistake in candidates:
        if not answer.check.exact and _rounding_of(received, mistake.answers[answer.name], answer.check):
            return Verdict(WRONG, mistake, _named(mistake))
    for other in problem.solution.answers:  # typed at the wrong prompt: another part's value
        if other.name != answer.name and _shape(other.value) == _shape(received):
            if other.check.accepts(received, other.value, other.scale) or (
                not other.check.exact and _rounding_of(received, other.value, other.check)
            ):
                said = T(
                    "wrong: that is the {other}; this asks for the {this}",
                    "错误：这是{other}，这里要的是{this}",
                    other=other.label,
                    this=answer.label,
                )
                return Verdict(WRONG, None, said)
    return Verdict(WRONG, None, T("wrong", "错误"))


def _named(mistake: Mistake) -> Text:
    """ "wrong: " and the family's message for the mistake (a Text, or English for a family
    not translated yet)."""
    return T("wrong: {message}", "错误：{message}", message=mistake.message)


def fit_shape(received, expected):
    """`received` in the shape of `expected` when it only differs by brackets: a
    number for a one-element list, one row for a 1 x k matrix, a row or column
    matrix for a vector. Anything else is returned as it is."""
    if _shape(received) == _shape(expected):
        return received
    flat = _flat(received)
    want = _shape(expected)
    if len(flat) == math.prod(want) and (len(want) == 1 or (len(want) == 2 and 1 in want)):
        return flat if len(want) == 1 else [flat] if want[0] == 1 else [[x] for x in flat]
    return received


def shape_fits(received, expected) -> bool:
    return _shape(fit_shape(received, expected)) == _shape(expected)


def _rounding_of(received, target, check: Check) -> bool:
    """Every entry is a rounding of its target at the precision it was typed (within half a
    unit of its own last digit: its decimals, or a whole number's significant digits, 1200
    for 1234), and the entry of the largest target keeps at least its first significant digit."""
    numbers, targets = _flat(received), _flat(target)
    if not numbers or _shape(received) != _shape(target):
        return False
    units = [_half_unit(x) for x in numbers]
    if any(u is None for u in units):
        return False
    largest = max(range(len(targets)), key=lambda i: abs(targets[i]))
    if not targets[largest] or units[largest] > 0.5 * 10 ** math.floor(math.log10(abs(targets[largest]))):
        return False
    units = [u * (1 + 1e-9) for u in units]  # a number typed exactly half a unit away is a rounding
    if check.unordered:  # pair each typed entry with its half unit, in the order the check compares them
        order = sorted(range(len(numbers)), key=lambda i: numbers[i])
        received, units = [numbers[i] for i in order], [units[i] for i in order]
    loose = replace(check, exact=False, rel_tol=1.0, abs_tol=0.0)  # tolerance = the scale: each half unit
    return loose.accepts(received, target, _nest(units, target))


def _half_unit(x: float) -> float | None:
    """Half a unit of the last digit typed: 0.05 for 21.3, 50 for 1200, 0.5 for 7 or 0;
    None for more than 6 decimals (not a rounding a student types)."""
    k = next((k for k in range(7) if _has_decimals(x, k)), None)
    if k is None:
        return None
    if k > 0 or x == 0:
        return 0.5 * 10**-k
    s = next(s for s in range(1, 17) if _has_significant(x, s))
    return 0.5 * 10 ** (math.floor(math.log10(abs(x))) - s + 1)


def _nest(flat: list, like):
    """`flat`, in the nesting of `like`."""
    items = iter(flat)

    def build(value):
        return [build(v) for v in value] if isinstance(value, list) else next(items)

    return build(like)


def _distance(received, target, check: Check) -> float:
    """The largest difference between two values of one shape (as the check pairs entries)."""
    a, b = _flat(received), _flat(target)
    if check.unordered:
        a, b = sorted(a), sorted(b)
    if check.up_to_sign:
        a, b = [abs(x) for x in a], [abs(x) for x in b]
    return max((abs(x - y) for x, y in zip(a, b)), default=0.0)


def _has_decimals(x: float, k: int) -> bool:
    return abs(x - round(x, k)) <= 1e-9 * max(1.0, abs(x))


def _has_significant(x: float, s: int) -> bool:
    if x == 0:
        return True
    digits = s - 1 - math.floor(math.log10(abs(x)))
    return abs(x - round(x, digits)) <= 1e-9 * abs(x)


def _flat(value) -> list:
    if isinstance(value, list):
        return [x for item in value for x in _flat(item)]
    return [value]


def _shape(value):
    if isinstance(value, list):
        return (len(value),) + (_shape(value[0]) if value and isinstance(value[0], list) else ())
    return ()
