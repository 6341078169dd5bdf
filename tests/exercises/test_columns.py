"""Text in a given width: a wide formula is cut before an operator on its baseline, never
inside a matrix or parentheses, and continues on the next lines; answers wrap under
their label, a matrix one row per line."""

import pytest
import sympy as sp

from exercises.core.columns import fit, value_lines
from exercises.core.render import printers
from tests.exercises.test_families import assert_fits

A = sp.ImmutableMatrix([[sp.Rational(1, 3), -2, 5], [7, sp.Rational(-11, 4), 0]])
B = sp.ImmutableMatrix([[1, 2], [3, 4], [5, 6]])


def block(expr):
    return printers().text(expr)


def test_a_formula_that_fits_is_left_whole():
    lines = fit([(["y = "], 0)], block(sp.Symbol("x") + 1), 80)
    assert lines == ["y = x + 1"]


@pytest.mark.parametrize("width", [30, 40, 50, 60])
def test_a_long_sum_is_cut_before_its_operators(width):
    x = sp.symbols("x1:13")
    expr = sp.Add(*[(i + 11) * s for i, s in enumerate(x)], evaluate=False)
    lines = fit([(["S = "], 0)], block(expr), width)
    assert len(lines) > 1
    assert_fits("\n".join(lines), width)
    assert lines[0].startswith("S = 11⋅x₁ + ")
    for line in lines[1:]:
        assert line.startswith("      + ")  # each piece starts with its operator, under the first term
    assert "".join(lines).count("x") == 12  # every term once: nothing lost or repeated at a cut


def test_matrices_stay_whole_and_beside_their_equation():
    expr = sp.MatAdd(*[sp.MatMul(A, B, evaluate=False)] * 3, evaluate=False)
    lines = fit([(["M = "], 0)], block(expr), 50)
    assert_fits("\n".join(lines), 50)
    assert len(lines) == 15  # three pieces: the whole sum is 80 columns wide
    equation = next(line for line in lines if "M = " in line)
    assert equation.count("⎢") == 2  # the middle rows of both matrices of the first product, beside "M ="


def test_an_uncuttable_block_stays_whole_rather_than_broken():
    wide = sp.ImmutableMatrix([list(range(1000, 1030))])
    lines = fit([], block(wide), 40)
    assert len(lines) == 1 and lines[0].startswith("[") and lines[0].endswith("]")


def test_answers_wrap_under_their_label_a_matrix_one_row_per_line():
    rows = ["[0.1234, 0.5678, 0.9012]", "[-0.3456, 0.7890, 0.1111]"]
    text = "[" + ", ".join(rows) + "]"
    assert value_lines("C:", text, rows, 80) == [f"C: {text}"]
    assert value_lines("协方差矩阵 C：", text, rows, 80) == [f"协方差矩阵 C：{text}"]
    lines = value_lines("sample covariance matrix C (divides by n - 1):", text, rows, 50)
    assert lines == [
        "sample covariance matrix C (divides by n - 1):",
        "   [[0.1234, 0.5678, 0.9012],",
        "    [-0.3456, 0.7890, 0.1111]]",
    ]
    vector = "[" + ", ".join(["0.12345"] * 12) + "]"
    lines = value_lines("weights:", vector, None, 40)
    assert all(len(line) <= 40 for line in lines) and "".join(lines).replace(" ", "").endswith(vector.replace(" ", ""))
