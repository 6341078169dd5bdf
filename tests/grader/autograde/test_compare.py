"""grader.autograde.compare: shape and type first, NaN/inf, tolerances, sign and relabelling."""

import re

import numpy as np
import pytest

from grader.autograde.compare import compare, finite_difference_gradient
from solutions.core.cases import ALLCLOSE, COLUMNS_UP_TO_SIGN, EQUAL, ROWS_UP_TO_SIGN, UP_TO_RELABEL, Case, Compare


def case(expected, mode=ALLCLOSE, rtol=1e-6, atol=1e-8):
    return Case("c", "f", {}, expected, compare=Compare(mode, rtol, atol))


def test_equal_within_tolerance_passes_and_the_largest_error_is_located():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert compare(case(expected), expected + 1e-9).passed
    judgement = compare(case(expected), np.array([[1.0, 2.5], [3.0, 4.1]]))
    assert not judgement.passed and judgement.kind == "value"
    assert "2 of 4" in str(judgement.detail) and "index [0, 1]" in str(judgement.detail)
    assert "expected 2" in str(judgement.detail) and "received 2.5" in str(judgement.detail)


def test_shape_and_type_come_first():
    assert compare(case(np.zeros(3)), np.zeros((3, 1))).kind == "shape"
    assert compare(case(np.zeros(3)), 0.0).kind == "shape"
    assert compare(case(np.array([0, 1, 2])), np.array([0.0, 1.5, 2.0])).kind == "type"
    assert compare(case(np.array([0, 1, 2])), np.array([0.0, 1.0, 2.0])).passed  # whole numbers as floats
    assert compare(case(np.zeros(2)), np.array(["a", "b"])).kind == "type"


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_fail_with_their_own_message(bad):
    judgement = compare(case(np.ones(3)), np.array([1.0, bad, 1.0]))
    assert judgement.kind == "nan" and "index [1]" in str(judgement.detail)


def test_exact_mode_for_labels():
    assert compare(case(np.array([1, 0, 1]), EQUAL), np.array([1, 0, 1])).passed
    assert compare(case(np.array([1, 0, 1]), EQUAL), np.array([1, 1, 1])).kind == "value"


def test_components_up_to_sign():
    expected = np.array([[0.6, 0.8], [0.8, -0.6]])
    assert compare(case(expected, ROWS_UP_TO_SIGN), np.array([[-0.6, -0.8], [0.8, -0.6]])).passed
    assert not compare(case(expected, ROWS_UP_TO_SIGN), np.array([[-0.6, 0.8], [0.8, -0.6]])).passed
    scores = np.array([[1.0, 2.0], [-1.0, 3.0], [0.5, -5.0]])
    assert compare(case(scores, COLUMNS_UP_TO_SIGN), scores * np.array([-1.0, 1.0])).passed
    assert not compare(case(scores, ROWS_UP_TO_SIGN), scores * np.array([-1.0, 1.0])).passed


def test_clusters_up_to_relabelling():
    expected = np.array([0, 0, 1, 2, 2])
    assert compare(case(expected, UP_TO_RELABEL), np.array([2, 2, 0, 1, 1])).passed
    assert not compare(case(expected, UP_TO_RELABEL), np.array([2, 2, 0, 0, 1])).passed  # merges two clusters
    assert not compare(case(expected, UP_TO_RELABEL), np.array([1, 2, 0, 1, 1])).passed  # splits one


def test_tuples_of_outputs():
    expected = (np.array([1.0, 2.0]), 3.0)
    assert compare(case(expected), (np.array([1.0, 2.0]), 3.0)).passed
    judgement = compare(case(expected), (np.array([1.0, 2.0]), 4.0))
    assert not judgement.passed and str(judgement.detail).startswith("output 2 of 2")
    assert compare(case(expected), np.array([1.0, 2.0])).kind == "shape"


def test_central_differences():
    x = np.array([1.0, -2.0, 0.5])
    loss = lambda v: float(np.sum(v**3))  # noqa: E731  gradient 3 x^2
    eps = 1e-5
    values = []
    for i in range(3):
        for sign in (1, -1):
            step = np.zeros(3)
            step[i] = sign * eps
            values.append(loss(x + step))
    assert np.allclose(finite_difference_gradient(values, eps, x.shape), 3 * x**2, rtol=1e-6)


def test_a_list_or_tuple_of_the_right_numbers_is_an_array():
    """The sandbox hands lists over as tuples; they are accepted wherever an array is expected."""
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert compare(case(expected), ((1.0, 2.0), (3.0, 4.0))).passed
    assert compare(case(expected), (np.array([1.0, 2.0]), np.array([3.0, 4.0]))).passed
    assert compare(case(expected), ((1.0, 2.0), (3.0, 5.0))).kind == "value"
    assert compare(case(expected), ((1.0, 2.0), (3.0,))).kind == "shape"
    assert compare(case(np.ones(3)), (1.0, 1.0)).kind == "shape"


def test_a_tuple_of_outputs_may_hold_lists():
    expected = (np.array([1.0, 2.0]), 3.0)
    pair = Case("c", "f", {}, expected, compare=Compare())
    assert compare(pair, ((1.0, 2.0), 3.0)).passed
    assert compare(pair, ((1.0, 2.5), 3.0)).kind == "value"
    assert compare(pair, (((1.0,), (2.0, 3.0)), 3.0)).kind == "shape"


def test_a_zero_dimensional_array_is_a_number():
    assert compare(case(2.5), np.array(2.5)).passed
    assert compare(case(np.array(2.5)), 2.5).passed


def test_float32_results_are_named_and_the_numbers_shown_differ():
    expected = np.array([0.1234567891, 1.0])
    received = expected.astype(np.float32)
    judgement = compare(case(expected, rtol=1e-9, atol=0.0), received)
    assert judgement.kind == "value" and "computed in float32?" in str(judgement.detail)
    shown = str(judgement.detail).split("expected ")[1].split(" (")[0]
    want, got = shown.split(", received ")
    assert want != got and float(want) == pytest.approx(expected[0], rel=1e-9)
    far = compare(case(expected), np.array([0.5, 1.0], dtype=np.float32))
    assert "float32" not in str(far.detail)  # a real error is not blamed on the precision


def test_every_judgement_is_said_in_chinese_too():
    from exercises.core.lang import using

    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    judgements = {
        "value": compare(case(expected), np.array([[1.0, 2.5], [3.0, 4.1]])),
        "shape": compare(case(np.zeros(3)), np.zeros((3, 1))),
        "type": compare(case(np.array([0, 1, 2])), np.array([0.0, 1.5, 2.0])),
        "nan": compare(case(np.ones(3)), np.array([1.0, np.nan, 1.0])),
        "nan in a number": compare(case(1.0), np.inf),
        "tuple": compare(case((np.array([1.0, 2.0]), 3.0)), (np.array([1.0, 2.0]), 4.0)),
        "outputs": compare(case((np.array([1.0, 2.0]), 3.0)), np.array([1.0, 2.0])),
        "labels": compare(case(np.array([0, 0, 1]), UP_TO_RELABEL), np.array([1, 0, 0])),
        "float32": compare(
            case(np.array([0.1234567891, 1.0]), rtol=1e-9, atol=0.0), np.array([0.1234567891, 1.0], dtype=np.float32)
        ),
        "strings": compare(case(np.zeros(2)), np.array(["a", "b"])),
    }
    with using("zh"):
        said = {name: str(j.detail) for name, j in judgements.items()}
    assert said["value"] == (
        "数值不符：4 个值中有 2 个不同（超出容差 rtol 1e-06、atol 1e-08）；最大误差 0.5，出现在索引 [0, 1] 处："
        "期望值 2，实际值 2.5"
    )
    assert said["shape"] == "形状不符：期望形状 (3,)，实际形状 (3, 1)"
    assert said["nan"] == "有 1 个值为 NaN 或无穷大，第一个出现在索引 [1] 处"
    assert said["tuple"].startswith("第 2 个输出（共 2 个）：数值不符")
    assert "float64" in said["float32"] and "是否用 float32 计算了" in said["float32"]
    for name, text in said.items():
        assert re.search(r"[\u4e00-\u9fff]", text), name
        assert not re.search(r"\b(expected|got|received|value|values|differ|index|output)\b", text), (name, text)
