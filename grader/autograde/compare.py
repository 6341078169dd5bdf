"""Comparing what a learner's function returned with the reference, the way an ML
grader should: shape and type first, NaN and inf as their own failure, then the
values within the case's tolerance (PCA components up to sign, cluster labels up
to relabelling), and a message that says where the largest error is.

Everything here runs in the grader's process on plain numpy data that the
sandbox has already validated (numeric arrays and numbers only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solutions.core.cases import COLUMNS_UP_TO_SIGN, EQUAL, ROWS_UP_TO_SIGN, UP_TO_RELABEL, Case, Compare


@dataclass(frozen=True)
class Judgement:
    passed: bool
    kind: str  # "ok", "shape", "type", "nan", "value", "gradient"
    detail: str  # for the learner; the report shows it for visible cases only


OK = Judgement(True, "ok", "")


def compare(case: Case, received) -> Judgement:
    """The judgement on `received` for `case` (expected may be a tuple of outputs)."""
    expected = case.expected
    if isinstance(expected, tuple):
        if not isinstance(received, tuple) or len(received) != len(expected):
            count = len(received) if isinstance(received, tuple) else 1
            return Judgement(False, "shape", f"expected a tuple of {len(expected)} outputs, got {count}")
        for i, (want, got) in enumerate(zip(expected, received)):
            judgement = compare_one(want, got, case.compare)
            if not judgement.passed:
                return Judgement(False, judgement.kind, f"output {i + 1} of {len(expected)}: {judgement.detail}")
        return OK
    if isinstance(received, tuple):  # a list or tuple of the right numbers is an array too
        stacked = _stacked(received)
        if stacked is None or stacked.shape != np.shape(expected):
            return Judgement(False, "shape", f"expected one output, got a tuple of {len(received)}")
        received = stacked
    return compare_one(expected, received, case.compare)


def _stacked(items: tuple) -> np.ndarray | None:
    """The array a sequence of numbers (or of equally shaped arrays) stands for, else None."""
    try:
        stacked = np.array(items)
    except ValueError:  # ragged
        return None
    return stacked if stacked.dtype.kind in "biuf" else None


def compare_one(expected, received, rule: Compare) -> Judgement:
    want = np.asarray(expected)
    if isinstance(received, tuple):
        received = _stacked(received)
        if received is None:
            return Judgement(False, "shape", f"expected shape {_shape(want)}, got a ragged or non-numeric sequence")
    got = np.asarray(received)
    if got.shape != want.shape:
        return Judgement(False, "shape", f"expected shape {_shape(want)}, got shape {_shape(got)}")
    if got.dtype.kind not in "biuf":
        return Judgement(False, "type", f"expected numbers, got dtype {got.dtype}")
    if want.dtype.kind in "biu" and got.dtype.kind == "f" and not np.all(np.isfinite(got) & (got == np.round(got))):
        return Judgement(False, "type", "expected whole numbers (labels or counts), got fractions")
    if got.dtype.kind == "f" and not np.all(np.isfinite(got)):
        where = np.argwhere(~np.isfinite(got))
        first = tuple(int(i) for i in where[0]) if got.ndim else ()
        return Judgement(False, "nan", f"{len(where)} value(s) are NaN or infinite, first at {_at(first)}")
    single = got.dtype == np.float32 or got.dtype == np.float16
    want, got = want.astype(float), got.astype(float)
    if rule.mode == UP_TO_RELABEL:
        return _relabelled(want, got)
    if rule.mode in (ROWS_UP_TO_SIGN, COLUMNS_UP_TO_SIGN):
        got = _align_signs(want, got, axis=1 if rule.mode == ROWS_UP_TO_SIGN else 0)
    if rule.mode == EQUAL:
        bad = want != got
    else:
        bad = ~np.isclose(got, want, rtol=rule.rtol, atol=rule.atol)
    if not np.any(bad):
        return OK
    error = np.abs(got - want)
    index = np.unravel_index(int(np.argmax(np.where(bad, error, -1))), want.shape) if want.ndim else ()
    at = tuple(int(i) for i in index)
    tolerance = "" if rule.mode == EQUAL else f" beyond rtol {rule.rtol:g}, atol {rule.atol:g}"
    expected_text, received_text = _distinct_texts(float(want[at]), float(got[at]))
    return Judgement(
        False,
        "value",
        f"{int(np.sum(bad))} of {want.size} value(s) differ{tolerance}; "
        f"largest error {float(error[at]):.3g} at {_at(at)}: "
        f"expected {expected_text}, received {received_text}" + _single_precision_hint(want, got, single),
    )


def _distinct_texts(expected: float, received: float) -> tuple[str, str]:
    """Both numbers with 6 significant digits, or as many more as it takes to tell them apart."""
    for digits in range(6, 18):
        a, b = f"{expected:.{digits}g}", f"{received:.{digits}g}"
        if a != b:
            return a, b
    return repr(expected), repr(received)


def _single_precision_hint(want: np.ndarray, got: np.ndarray, single: bool) -> str:
    """A hint when the values are right to float32 precision but not beyond it."""
    if single and np.allclose(got, want, rtol=1e-5, atol=1e-6):
        return " (computed in float32? compute in float64, numpy's default for Python floats)"
    return ""


def _align_signs(want: np.ndarray, got: np.ndarray, axis: int) -> np.ndarray:
    """Flip each row (axis=1) or column (axis=0) of `got` to the sign that matches `want` best."""
    if want.ndim != 2:
        sign = 1.0 if np.sum(np.abs(got - want)) <= np.sum(np.abs(got + want)) else -1.0
        return got * sign
    same = np.sum(np.abs(got - want), axis=axis)
    flipped = np.sum(np.abs(got + want), axis=axis)
    signs = np.where(flipped < same, -1.0, 1.0)
    return got * (signs[None, :] if axis == 0 else signs[:, None])


def _relabelled(want: np.ndarray, got: np.ndarray) -> Judgement:
    """Equal after a one-to-one renaming of labels (cluster ids)."""
    forward, backward = {}, {}
    for i, (w, g) in enumerate(zip(want.ravel(), got.ravel())):
        if forward.setdefault(g, w) != w or backward.setdefault(w, g) != g:
            index = np.unravel_index(i, want.shape)
            return Judgement(
                False,
                "value",
                "the clusters differ even after renaming the labels; the first "
                f"point that breaks the renaming is at {_at(tuple(int(x) for x in index))}",
            )
    return OK


def _shape(a: np.ndarray) -> str:
    return "()" if a.ndim == 0 else "(" + ", ".join(str(n) for n in a.shape) + ("," if a.ndim == 1 else "") + ")"


def _at(index: tuple) -> str:
    return "the value" if not index else "index [" + ", ".join(map(str, index)) + "]"


def finite_difference_gradient(loss_values: list[float], eps: float, shape: tuple) -> np.ndarray:
    """Central differences from the learner's loss at x + eps e_i and x - eps e_i, in that order, for each i."""
    plus, minus = np.array(loss_values[0::2]), np.array(loss_values[1::2])
    return ((plus - minus) / (2 * eps)).reshape(shape)
