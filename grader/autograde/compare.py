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

from exercises.core.lang import T, Text, same
from solutions.core.cases import COLUMNS_UP_TO_SIGN, EQUAL, ROWS_UP_TO_SIGN, UP_TO_RELABEL, Case, Compare


@dataclass(frozen=True)
class Judgement:
    passed: bool
    kind: str  # "ok", "shape", "type", "nan", "value", "gradient"
    detail: Text  # for the learner, in both languages; the report shows it for visible cases only


OK = Judgement(True, "ok", same(""))


def compare(case: Case, received) -> Judgement:
    """The judgement on `received` for `case` (expected may be a tuple of outputs)."""
    expected = case.expected
    if isinstance(expected, tuple):
        if not isinstance(received, tuple) or len(received) != len(expected):
            count = len(received) if isinstance(received, tuple) else 1
            return Judgement(
                False,
                "shape",
                T(
                    "expected a tuple of {n} outputs, got {count}",
                    "形状不符：应返回由 {n} 个输出组成的元组，实际得到 {count} 个",
                    n=len(expected),
                    count=count,
                ),
            )
        for i, (want, got) in enumerate(zip(expected, received)):
            judgement = compare_one(want, got, case.compare)
            if not judgement.passed:
                where = T("output {i} of {n}: ", "第 {i} 个输出（共 {n} 个）：", i=i + 1, n=len(expected))
                return Judgement(False, judgement.kind, where + judgement.detail)
        return OK
    if isinstance(received, tuple):  # a list or tuple of the right numbers is an array too
        stacked = _stacked(received)
        if stacked is None or stacked.shape != np.shape(expected):
            return Judgement(
                False,
                "shape",
                T(
                    "expected one output, got a tuple of {n}",
                    "形状不符：应返回一个输出，实际得到由 {n} 个元素组成的元组",
                    n=len(received),
                ),
            )
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
            return Judgement(
                False,
                "shape",
                T(
                    "expected shape {want}, got a ragged or non-numeric sequence",
                    "形状不符：期望形状 {want}，实际得到长短不一或非数值的序列",
                    want=_shape(want),
                ),
            )
    got = np.asarray(received)
    if got.shape != want.shape:
        return Judgement(
            False,
            "shape",
            T(
                "expected shape {want}, got shape {got}",
                "形状不符：期望形状 {want}，实际形状 {got}",
                want=_shape(want),
                got=_shape(got),
            ),
        )
    if got.dtype.kind not in "biuf":
        return Judgement(
            False,
            "type",
            T("expected numbers, got dtype {dtype}", "类型不符：期望数值，实际 dtype 为 {dtype}", dtype=str(got.dtype)),
        )
    if want.dtype.kind in "biu" and got.dtype.kind == "f" and not np.all(np.isfinite(got) & (got == np.round(got))):
        return Judgement(
            False,
            "type",
            T(
                "expected whole numbers (labels or counts), got fractions",
                "类型不符：期望整数（标签或计数），实际得到小数",
            ),
        )
    if got.dtype.kind == "f" and not np.all(np.isfinite(got)):
        where = np.argwhere(~np.isfinite(got))
        first = tuple(int(i) for i in where[0]) if got.ndim else ()
        return Judgement(
            False,
            "nan",
            T(
                "{n} value(s) are NaN or infinite, first at {at}",
                "有 {n} 个值为 NaN 或无穷大，第一个出现在{at}",
                n=len(where),
                at=_at(first),
            ),
        )
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
    tolerance = (
        same("")
        if rule.mode == EQUAL
        else T(
            " beyond rtol {rtol:g}, atol {atol:g}",
            "（超出容差 rtol {rtol:g}、atol {atol:g}）",
            rtol=rule.rtol,
            atol=rule.atol,
        )
    )
    expected_text, received_text = _distinct_texts(float(want[at]), float(got[at]))
    return Judgement(
        False,
        "value",
        T(
            "{bad} of {size} value(s) differ{tolerance}; largest error {error:.3g} at {at}: "
            "expected {expected}, received {received}{hint}",
            "数值不符：{size} 个值中有 {bad} 个不同{tolerance}；最大误差 {error:.3g}，出现在{at}："
            "期望值 {expected}，实际值 {received}{hint}",
            bad=int(np.sum(bad)),
            size=want.size,
            tolerance=tolerance,
            error=float(error[at]),
            at=_at(at),
            expected=expected_text,
            received=received_text,
            hint=_single_precision_hint(want, got, single),
        ),
    )


def _distinct_texts(expected: float, received: float) -> tuple[str, str]:
    """Both numbers with 6 significant digits, or as many more as it takes to tell them apart."""
    for digits in range(6, 18):
        a, b = f"{expected:.{digits}g}", f"{received:.{digits}g}"
        if a != b:
            return a, b
    return repr(expected), repr(received)


def _single_precision_hint(want: np.ndarray, got: np.ndarray, single: bool) -> Text:
    """A hint when the values are right to float32 precision but not beyond it."""
    if single and np.allclose(got, want, rtol=1e-5, atol=1e-6):
        return T(
            " (computed in float32? compute in float64, numpy's default for Python floats)",
            "（是否用 float32 计算了？请用 float64 计算，它是 numpy 对 Python 浮点数的默认类型）",
        )
    return same("")


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
                T(
                    "the clusters differ even after renaming the labels; the first point that breaks the renaming "
                    "is at {at}",
                    "数值不符：即使把标签重新命名，聚类结果仍然不同；第一个无法对应的点在{at}",
                    at=_at(tuple(int(x) for x in index)),
                ),
            )
    return OK


def _shape(a: np.ndarray) -> str:
    return "()" if a.ndim == 0 else "(" + ", ".join(str(n) for n in a.shape) + ("," if a.ndim == 1 else "") + ")"


def _at(index: tuple) -> Text:
    if not index:
        return T("the value", "返回的数值上")
    return T("index [{index}]", "索引 [{index}] 处", index=", ".join(map(str, index)))


def finite_difference_gradient(loss_values: list[float], eps: float, shape: tuple) -> np.ndarray:
    """Central differences from the learner's loss at x + eps e_i and x - eps e_i, in that order, for each i."""
    plus, minus = np.array(loss_values[0::2]), np.array(loss_values[1::2])
    return ((plus - minus) / (2 * eps)).reshape(shape)
