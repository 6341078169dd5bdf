"""Formulas inside sentences print as a course writes them, in every format, by the core
printers (no family carries printing code of its own for them)."""

import re

import pytest
import sympy as sp

from exercises.core import registry
from exercises.core.model import step
from exercises.core.render import chain, latex_escape, piece, printers
from exercises.core.symbols import Hadamard, Ln, Named, Ordered, SigmoidSlope, SumOver, log2, sigmoid
from tests.problems import DIFFICULTIES, SEEDS, generated_all

x, z, k, eta = sp.symbols("x z k eta")
DL_DW = Named("dL/dW", 1, 1, "∂L/∂W", r"\frac{\partial L}{\partial W}")
MINUS_A_SUM = sp.Mul(-1, x**2 - 3 * x + 2, evaluate=False)

ONE_LINE = [
    (sigmoid(z), "σ(z)"),
    (SigmoidSlope(z), "σ′(z)"),
    (Ln(x), "ln(x)"),
    (log2(x), "log₂(x)"),
    (1 / (1 + sp.Pow(sp.E, -z, evaluate=False)), "1/(1 + e⁻ᶻ)"),
    (sp.exp(sp.Symbol("s_1k")), "exp(s₁ₖ)"),
    (sp.MatMul(-1, eta, DL_DW), "-η⋅∂L/∂W"),
    (Hadamard(x, 1 - x), "x ∘ (1 - x)"),
    (SumOver(sp.S.Half, Ordered(x, -z, evaluate=False) ** 2, k), "½ Σₖ (x - z)²"),
    (MINUS_A_SUM, "-(x² - 3⋅x + 2)"),
]


@pytest.mark.parametrize(("expr", "text"), ONE_LINE, ids=[text for _, text in ONE_LINE])
def test_one_line_of_unicode_writes_what_the_course_writes(expr, text):
    assert printers().line(expr) == text


def test_latex_writes_the_same_notation():
    p = printers()
    assert p.latex(sigmoid(z)) == r"\sigma{\left(z \right)}"
    assert p.latex(SigmoidSlope(z)) == r"\sigma'{\left(z \right)}"
    assert p.latex(sp.MatMul(-1, eta, DL_DW)) == r"- \eta \frac{\partial L}{\partial W}"
    assert p.latex(Hadamard(x, 1 - x)) == r"x \circ \left(1 - x\right)"


def test_mathml_keeps_the_parentheses_of_minus_a_sum():
    """−(x² − 3x + 2), not −x² − 3x + 2: sympy's MathML printer drops them."""
    mathml = printers().mathml(MINUS_A_SUM)
    assert re.fullmatch(r"<mrow><mo>−</mo><mrow><mo>\(</mo>.*<mo>\)</mo></mrow></mrow>", mathml), mathml


ASCII_MATHS = re.compile(r"\*|1/\(1 \+ exp|\blog\(|sqrt|\bE\^|dL/d|Hadamard|\bsigma\b|\bxbar\b|CRootOf|_\{")


@pytest.mark.parametrize("topic", registry.topics())
def test_prose_never_shows_ascii_maths(topic):
    """Titles, questions and notes of the text sheet, over the default tier's problems."""
    for difficulty in DIFFICULTIES:
        for problem in generated_all(topic, difficulty, SEEDS[:8]):
            view = piece(problem, "text", True, 80, "en")
            prose = [view["title"]] + [text for kind, text in view["question"] if kind == "para"]
            prose += [step["title"] for step in view["steps"]] + [step["note"] for step in view["steps"]]
            for text in prose:
                assert not ASCII_MATHS.search(text), (problem.id, text)


def test_the_text_sheet_spaces_the_minus_of_a_matrix_sum():
    """X - 1ₙ⋅x̄ᵀ, not X -1ₙ⋅x̄ᵀ as sympy's pretty printer writes it."""
    X, ones, xbar = (sp.MatrixSymbol(name, 3, 3) for name in ("X", "1_n", "xbar"))
    lines, _ = printers().text(sp.MatAdd(X, sp.MatMul(-1, ones, xbar)))
    assert lines == ["X - 1ₙ⋅x̅"]


@pytest.mark.parametrize(("c", "f", "written"), [(3, 5, "3⋅5²"), (5, 3, "5⋅3²"), (-2, 7, "(-2)⋅7²")])
def test_numbers_put_into_a_product_keep_the_order_of_its_symbols(c, f, written):
    """sympy sorts a product's factors by the str() of their atoms: the numbers put in for C and
    F must stand where C and F stood (cnn_output printed 16⋅(5²⋅3 + 1) under K⋅(Cᵢₙ⋅F² + 1))."""
    C, F = sp.symbols("C F")
    done = step("", sp.Symbol("p"), C * F**2, {C: c, F: f})
    assert printers().line(done.substituted) == written


def test_a_chain_does_not_write_the_same_number_twice():
    """N₁/N = 3/7 = 3/7 and δ = 0.5 = 0.5 repeated the numbers put in; a decimal after an exact
    form that differs (σ(-2) ≈ 0.1192) stays."""
    n1, n, z = sp.symbols("N_1 N z")
    sevenths = chain(step("", sp.Symbol("P"), n1 / n, {n1: 3, n: 7}))
    assert [printers().line(link.expr) for link in sevenths] == ["P", "N₁/N", "3/7", "0.4286"]
    halved = chain(step("", sp.Symbol("d"), n1 / n, {n1: 1, n: 2}))
    assert [printers().line(link.expr) for link in halved] == ["d", "N₁/N", "1/2", "0.5"]
    kept = chain(step("", sp.Symbol("d"), sigmoid(z), {z: -2}))
    assert [printers().line(link.expr) for link in kept][-2:] == ["σ(-2)", "0.1192"]


def test_a_tiny_number_put_in_is_a_power_of_ten_in_latex_and_mathml():
    """Python's 6.104e-5 is no way to write a number on an exam sheet (a PDF showed 6.104e − 5)."""
    x, y = sp.symbols("x y")
    done = step("", sp.Symbol("p"), x * y, {x: sp.sqrt(2) / 10**5, y: 3})  # x ≈ 1.414e-5
    assert r"1.414 \cdot 10^{-5}" in printers().latex(done.substituted, True)
    mathml = printers().mathml(done.substituted)
    assert "<mn>1.414</mn>" in mathml and "<msup><mn>10</mn><mn>\u22125</mn></msup>" in mathml


def test_prose_subscripts_have_a_pdflatex_spelling():
    """ᵢ, ⱼ and ₖ are Latin letters to Unicode; they went raw into English TeX sheets."""
    assert latex_escape("Σᵢ xⱼ nₖ x²") == (
        r"\ensuremath{\Sigma}\textsubscript{i} x\textsubscript{j} n\textsubscript{k} x\textsuperscript{2}"
    )


def test_ln_prints_ln_and_has_the_value_of_log():
    """mlp_backprop's cross-entropy keeps ln(y) in its exact value: it must evaluate."""
    assert printers().line(Ln(sp.Symbol("y"))) == "ln(y)"
    assert float(Ln(sp.Rational(2))) == pytest.approx(0.6931471805599453, abs=1e-15)
