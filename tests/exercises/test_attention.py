"""attention: every answer against numpy (Q @ K.T / sqrt(d)) and scipy.special.softmax
over each row, the declared mistakes against their own numpy computation, hand-checked
textbook inputs, and every kind of bad input."""

import json
import math
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from scipy.special import softmax

from exercises.core import registry
from exercises.core.errors import ParamError
from exercises.core.lang import using
from exercises.core.render import chain, printers, render
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

TOPIC = "attention"
SIZES = {  # (n, m, d, dv) ranges per difficulty, from the issue
    "easy": ({2}, {2}, {4}, {2}),
    "medium": ({2}, {2, 3}, {2, 3, 4}, {2}),
    "hard": ({2, 3}, {3, 4}, {3, 4}, {2, 3}),
}


def arrays(problem):
    return tuple(
        np.array([[float(x) for x in row] for row in table], dtype=float)
        for table in (problem.params.Q, problem.params.K, problem.params.V)
    )


def oracle(Q, K, V):
    d = Q.shape[1]
    raw = Q @ K.T
    scores = raw / np.sqrt(d)
    weights = softmax(scores, axis=1)
    return {"scores": scores, "weights": weights, "output": weights @ V, "weights_unscaled": softmax(raw, axis=1)}


def assert_close(got, expected, where):
    got = np.array(got, dtype=float)
    assert got.shape == expected.shape, f"{where}: shape {got.shape}, expected {expected.shape}"
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), f"{where}: got {got}, expected {expected}"


def flat_exact(value):
    if isinstance(value, (tuple, list)):
        return [x for item in value for x in flat_exact(item)]
    if isinstance(value, sp.MatrixBase):
        return list(value)
    return [value]


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_numpy_and_scipy(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        where = problem.id
        Q, K, V = arrays(problem)
        n, d = Q.shape
        m, dv = V.shape
        assert K.shape == (m, d)
        for size, allowed in zip((n, m, d, dv), SIZES[difficulty]):
            assert size in allowed, f"{where}: shape {(n, m, d, dv)}"
        if difficulty != "hard":
            assert all(float(x).is_integer() for x in np.concatenate([Q.flat, K.flat, V.flat])), where
        expected = oracle(Q, K, V)
        assert [a.name for a in problem.solution.answers] == list(expected)
        for answer in problem.solution.answers:
            assert_close(answer.value, expected[answer.name], f"{where} {answer.name}")
            assert answer.check.accepts(np.round(expected[answer.name], 6).tolist(), answer.value), where
            assert all(isinstance(x, sp.Expr) and not x.has(sp.Float) for x in flat_exact(answer.exact)), (
                f"{where}: {answer.name} is not exact"
            )
        for s in problem.solution.steps:
            assert all(not x.has(sp.Float) for x in flat_exact(s.exact)), f"{where}: {s.title} is not exact"

        # never degenerate: every row of Q K^T has two different scores, and scaling shows
        raw = Q @ K.T
        assert all(np.ptp(row) > 0 for row in raw), where
        assert np.max(np.abs(expected["weights"] - expected["weights_unscaled"])) > 0.001, where

        # the division by sqrt(d_k) is shown with d_k substituted
        scale_step = problem.solution.steps[1]
        assert sp.latex(scale_step.formula) == r"\frac{1}{\sqrt{d_{k}}} Q K^{T}"
        assert rf"\sqrt{{{d}}}" in sp.latex(scale_step.substituted), where
        # one softmax step per row, with exp(s_ij) / Σ_k exp(s_ik)
        rows = [s for s in problem.solution.steps if s.title.show("en").startswith("Softmax of row")]
        assert len(rows) == n, where
        for i, s in enumerate(rows):
            assert_close(s.value, expected["weights"][i : i + 1], f"{where} row {i + 1}")
            assert s.formula[0, 0] == sp.exp(sp.Symbol(f"s_{i + 1}1")) / sum(
                sp.exp(sp.Symbol(f"s_{i + 1}{j}")) for j in range(1, m + 1)
            ), where

        check_mistakes(problem, Q, K, V, expected)


def check_mistakes(problem, Q, K, V, expected):
    """Each declared mistake is its own computation, and the right answer's check rejects it."""
    where = problem.id
    d = Q.shape[1]
    raw = Q @ K.T

    def attend(s):
        w = softmax(s, axis=1)
        return {"scores": s, "weights": w, "output": w @ V}

    columns = softmax(raw / np.sqrt(d), axis=0)
    wrong = {
        "not_scaled": attend(raw),
        "divided_by_d": attend(raw / d),
        "softmax_over_columns": {"weights": columns, "output": columns @ V},
    }
    if Q.shape[0] == K.shape[0]:
        wrong["transposed_product"] = attend(raw.T / np.sqrt(d))
    names = [m.name for m in problem.mistakes]
    assert {"not_scaled", "divided_by_d", "softmax_over_columns"} <= set(names), where  # generated: all apply
    assert ("transposed_product" in names) == (Q.shape[0] == K.shape[0] and not np.allclose(raw, raw.T)), where
    for mistake in problem.mistakes:
        assert set(mistake.answers) == set(wrong[mistake.name]), f"{where} {mistake.name}"
        for name, value in mistake.answers.items():
            assert_close(value, wrong[mistake.name][name], f"{where} {mistake.name} {name}")
        assert any(
            not problem.answer(name).check.accepts(value, problem.answer(name).value)
            for name, value in mistake.answers.items()
        ), f"{where}: {mistake.name} is accepted"
    not_scaled = next(m for m in problem.mistakes if m.name == "not_scaled")
    assert_close(not_scaled.answers["weights"], expected["weights_unscaled"], where)


# --- parameters a user typed -------------------------------------------------------


def answers(problem):
    return {a.name: np.array(a.value, dtype=float) for a in problem.solution.answers}


def test_textbook_one_query_two_keys():
    """Q = [[1, 0]], K = I, d = 2: the scores are 1/sqrt(2) and 0."""
    problem = registry.from_params(TOPIC, {"Q": [[1, 0]], "K": [[1, 0], [0, 1]], "V": [[1, 2], [3, 4]]})
    got = answers(problem)
    s = 1 / math.sqrt(2)  # 0.70711
    w = np.array([[math.exp(s), 1.0]]) / (math.exp(s) + 1)
    assert_close(got["scores"], np.array([[s, 0.0]]), "scores")
    assert_close(got["weights"], w, "weights")
    assert_close(got["output"], w @ np.array([[1, 2], [3, 4]]), "output")
    assert_close(got["weights_unscaled"], np.array([[math.e, 1.0]]) / (math.e + 1), "weights_unscaled")
    # by hand: e^0.70711 = 2.02811, 2.02811 / 3.02811 = 0.66976, output = 0.66976 + 3 * 0.33024
    assert got["weights"][0, 0] == pytest.approx(0.66976, abs=1e-5)
    assert got["output"][0].tolist() == pytest.approx([1.66048, 2.66048], abs=1e-5)
    assert got["weights_unscaled"][0, 0] == pytest.approx(0.73106, abs=1e-5)
    # exact: scores sqrt(2)/2 and 0, weights e^(sqrt(2)/2) / (1 + e^(sqrt(2)/2))
    scores = problem.answer("scores").exact
    assert scores == ((sp.sqrt(2) / 2, 0),)
    a = problem.answer("weights").exact[0][0]
    assert sp.simplify(a - sp.exp(sp.sqrt(2) / 2) / (1 + sp.exp(sp.sqrt(2) / 2))) == 0
    names = {m.name for m in problem.mistakes}
    assert names == {"not_scaled", "divided_by_d", "softmax_over_columns"}


def test_textbook_two_by_two_with_d_4():
    """Q K^T = [[2, 0], [0, 2]], sqrt(4) = 2, so S = I: weights e/(e+1) and 1/(e+1)."""
    raw = {"Q": [[2, 0, 0, 0], [0, 2, 0, 0]], "K": [[1, 0, 0, 0], [0, 1, 0, 0]], "V": [[1, 0], [0, 1]]}
    problem = registry.from_params(TOPIC, raw)
    got = answers(problem)
    big, small = math.e / (math.e + 1), 1 / (math.e + 1)  # 0.731059, 0.268941
    assert_close(got["scores"], np.array([[1.0, 0.0], [0.0, 1.0]]), "scores")
    assert_close(got["weights"], np.array([[big, small], [small, big]]), "weights")
    assert_close(got["output"], np.array([[big, small], [small, big]]), "output")
    e2 = math.e**2
    assert_close(got["weights_unscaled"], np.array([[e2, 1], [1, e2]]) / (e2 + 1), "weights_unscaled")
    assert got["weights"][0, 0] == pytest.approx(0.731059, abs=1e-6)
    assert got["weights_unscaled"][0, 0] == pytest.approx(0.880797, abs=1e-6)
    assert problem.answer("scores").exact == ((1, 0), (0, 1))
    scale_step = problem.solution.steps[1]
    assert r"\frac{1}{\sqrt{4}}" in sp.latex(scale_step.substituted)
    # S is symmetric here, so K Q^T and a softmax over columns give the right numbers:
    # neither is offered as a mistake
    assert {m.name for m in problem.mistakes} == {"not_scaled", "divided_by_d"}
    for mistake in problem.mistakes:
        assert registry.distinct(problem, mistake)


def test_decimals_fractions_and_round_trip():
    raw = {"Q": [["0.5", "-1.5"], [1, "1/2"]], "K": [[1, 2], ["0.1", 0], [-1, "3/4"]], "V": [[1], [2], [3]]}
    problem = registry.from_params(TOPIC, raw)
    Q = np.array([[0.5, -1.5], [1, 0.5]])
    K = np.array([[1, 2], [0.1, 0], [-1, 0.75]])
    V = np.array([[1.0], [2.0], [3.0]])
    expected = oracle(Q, K, V)
    for name, value in answers(problem).items():
        assert_close(value, expected[name], name)
    assert problem.params.Q[0][0] == sp.Rational(1, 2) and problem.params.K[1][0] == sp.Rational(1, 10)
    # to_json and back, straight and through JSON text
    for again in (problem.params.to_json(), json.loads(json.dumps(problem.params.to_json()), parse_float=Fraction)):
        assert registry.from_params(TOPIC, again).params == problem.params


def test_d_equal_1_offers_no_scaling_mistakes():
    """With d = 1, sqrt(d) = d = 1: forgetting the scaling changes nothing."""
    problem = registry.from_params(TOPIC, {"Q": [[1], [2]], "K": [[1], [-1]], "V": [[1, 0], [0, 1]]})
    got = answers(problem)
    assert_close(got["weights"], got["weights_unscaled"], "d = 1")
    names = {m.name for m in problem.mistakes}
    assert "not_scaled" not in names and "divided_by_d" not in names
    assert names == {"softmax_over_columns", "transposed_product"}


def test_largest_input_stays_exact_and_finite():
    raw = {
        "Q": [[100] * 8] * 8,
        "K": [[-100] * 8] + [[100] * 8] * 7,
        "V": [[j - i for j in range(8)] for i in range(8)],
    }
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(*(np.array(raw[k], dtype=float) for k in ("Q", "K", "V")))
    for name, value in answers(problem).items():
        assert_close(value, expected[name], name)


@pytest.mark.parametrize(
    "raw, names",
    [
        ({"Q": [[1]], "K": [[1]], "V": [[1]], "mask": [[0]]}, "mask"),
        ({"Q": [1, 2], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": "abc", "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[]], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1, 2], [3]], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1, 2]] * 9, "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1] * 9], "K": [[1] * 9], "V": [[1]]}, "Q"),
        ({"Q": [[1, "x"]], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1, True]], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1, 101]], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1, float("nan")]], "K": [[1, 2]], "V": [[1]]}, "Q"),
        ({"Q": [[1, 2]], "K": [[1, None]], "V": [[1]]}, "K"),
        ({"Q": [[1, 2]], "K": [[1, 2]] * 9, "V": [[1]] * 9}, "K"),
        ({"Q": [[1, 2]], "K": [[1, 2]], "V": [[1, -200]]}, "V"),
        ({"Q": [[1, 2]], "K": [[1, 2]], "V": [[1] * 9]}, "V"),
        ({"Q": [[1, 2]], "K": [[1, 2]], "V": [[1], [2, 3]]}, "V"),
    ],
)
def test_malformed_input_is_refused(raw, names):
    with pytest.raises(ParamError, match=f"'{names}'"):
        registry.from_params(TOPIC, raw)


@pytest.mark.parametrize("missing", ["Q", "K", "V"])
def test_missing_input_is_named(missing):
    raw = {"Q": [[1]], "K": [[1]], "V": [[1]]}
    del raw[missing]
    with pytest.raises(ParamError, match=f"missing parameter: {missing} "):
        registry.from_params(TOPIC, raw)


def test_shapes_that_do_not_agree_are_named():
    with pytest.raises(ParamError, match=r"parameter 'K' must be an m x 2 matrix.*d = 2.*got 3"):
        registry.from_params(TOPIC, {"Q": [[1, 2]], "K": [[1, 2, 3], [4, 5, 6]], "V": [[1], [2]]})
    with pytest.raises(ParamError, match=r"parameter 'V' must be a 2 x dv matrix.*m = 2.*got 3"):
        registry.from_params(TOPIC, {"Q": [[1, 2]], "K": [[1, 2], [3, 4]], "V": [[1], [2], [3]]})


# --- the texts, in both languages ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "tex", "html"])
def test_the_sheet_speaks_the_course_chinese(fmt):
    """In Chinese the sheet uses the course's terms, and neither language types a formula
    in ASCII (Q K^T, sqrt(d_k), a_1j) in its prose."""
    problem = generated(TOPIC, "easy", 3)  # shows an exact row whose exponents were shifted
    zh = render([problem], fmt, solutions=True, lang="zh")
    flat = re.sub(r"\s+", "", zh)  # as it reads, wherever a line was broken
    terms = (
        "缩放点积注意力",
        "查询",
        "键",
        "值",
        "注意力得分",
        "注意力权重",
        "按行softmax",
        "精确值的分子、分母同除以",
    )
    for term in terms:
        assert term in flat, term
    en = render([problem], fmt, solutions=True, lang="en")
    for out in (zh, en):
        for ascii_maths in ("sqrt(", "K^T", "d_k", "a_1j", "s_1j", "Σ_k", "A_unscaled"):
            assert ascii_maths not in out, (fmt, ascii_maths)
    with using("zh"):
        messages = [str(m.message) for m in problem.mistakes]
        labels = [str(a.label) for a in problem.solution.answers]
    assert "注意力得分没有除以 √dₖ" in messages
    assert labels[0].startswith("注意力得分 S = ") and labels[1].startswith("注意力权重 A（对 S 按行 softmax）")


def test_a_bad_shape_is_refused_in_chinese_too():
    with using("zh"), pytest.raises(ParamError, match=r"参数 'K' 必须是 m×2 矩阵.*实际为 3 个"):
        registry.from_params(TOPIC, {"Q": [[1, 2]], "K": [[1, 2, 3], [4, 5, 6]], "V": [[1], [2]]})


def row_softmax_steps(problem):
    return [s for s in problem.solution.steps if s.title.show("en").startswith("Softmax of row")]


def exact_scores(problem):
    Q, K = (sp.Matrix(t) for t in (problem.params.Q, problem.params.K))
    return Q * K.T / sp.sqrt(Q.cols)


def check_softmax_notes(problem):
    """A row's note says the exact value was divided by e to the row's smallest score
    exactly when the chain shows that exact value and the division changed it; then every
    exponent in it is a score minus the smallest one (none negative), and the note names
    that e^(smallest). The substituted form, shown above it, keeps the scores as they are."""
    scores = exact_scores(problem)
    claims = 0
    for i, s in enumerate(row_softmax_steps(problem)):
        where = f"{problem.id} row {i + 1}"
        row = list(scores.row(i))
        smallest = min(row, key=lambda x: float(x))
        shown = [link.expr for link in chain(s)]
        exact_shown = any(x is s.exact for x in shown)
        note = {lang: s.note.show(lang) for lang in ("en", "zh")}
        claimed = "smallest score" in note["en"]
        assert claimed == ("最小的得分" in note["zh"]), where
        assert claimed == (exact_shown and smallest != 0), where
        assert "Σ" not in note["en"] and note["en"].startswith(f"a{chr(0x2080 + i + 1)}ₖ = exp("), where
        # the substituted form has the row's scores themselves as exponents (some may be negative),
        # as they print (a number shown in a formula is equal to another of the same name and text)
        shown = sorted({float(sp.Rational(e.args[0].text.strip("()"))) for e in s.substituted.atoms(sp.exp)})
        assert shown == pytest.approx(sorted({float(x) for x in row}), rel=5e-4, abs=1e-9), where
        if not claimed:
            continue
        claims += 1
        exponents = [e.args[0] for e in s.exact.atoms(sp.exp)] + [sp.Integer(1)] * s.exact.has(sp.E)  # e = e¹
        assert exponents and all(x.is_nonnegative for x in exponents), f"{where}: {exponents}"
        assert all(any(sp.simplify(x + smallest - r) == 0 for r in row) for x in exponents), where
        assert f"by {printers().line(sp.exp(smallest, evaluate=False))}, e to the power" in note["en"], where
        # the smallest score's own term is e^0 = 1
        assert not s.exact[0, row.index(smallest)].as_numer_denom()[0].has(sp.exp), where
    return claims


def test_the_softmax_note_says_what_the_shown_exponents_are():
    """The issue's slip: the note said "so that no exponent is negative" above a formula with
    negative exponents. Scores 3/2 and 1/2 (row 1), 1 and 3/2 (row 2)."""
    problem = generated(TOPIC, "easy", 3)
    rows = row_softmax_steps(problem)
    assert [list(r) for r in exact_scores(problem).tolist()] == [
        [sp.Rational(3, 2), sp.Rational(1, 2)],
        [1, sp.Rational(3, 2)],
    ]
    # row 1: exact value e/(1 + e) shown, divided by e^(1/2)
    assert rows[0].exact[0, 0] == sp.E / (1 + sp.E)
    assert "divides numerator and denominator by exp(1/2)" in rows[0].note.show("en")
    assert "同除以 exp(1/2)" in rows[0].note.show("zh")
    # row 2: the exact value is too long to show, so the note says nothing of it
    assert all(link.expr is not rows[1].exact for link in chain(rows[1]))
    assert rows[1].note.show("en") == "a₂ₖ = exp(s₂ₖ)/(exp(s₂₁) + exp(s₂₂)); the weights of row 2 add up to 1."
    assert rows[1].note.show("zh") == "a₂ₖ = exp(s₂ₖ)/(exp(s₂₁) + exp(s₂₂))；第 2 行的权重之和为 1。"
    assert check_softmax_notes(problem) == 1
    # scores 0 and -1: divided by e^(-1), the exact value reads e/(1 + e) and 1/(1 + e)
    problem = registry.from_params(TOPIC, {"Q": [[1]], "K": [[0], [-1]], "V": [[1], [0]]})
    assert "by e⁻¹" in row_softmax_steps(problem)[0].note.show("en")
    assert check_softmax_notes(problem) == 1
    # smallest score 0: nothing to divide by, and the exact value reads as the substituted one
    problem = registry.from_params(TOPIC, {"Q": [[1]], "K": [[0], [1]], "V": [[1], [0]]})
    row = row_softmax_steps(problem)[0]
    assert any(link.expr is row.exact for link in chain(row)) and row.exact[0, 0] == 1 / (1 + sp.E)
    assert check_softmax_notes(problem) == 0


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_every_softmax_note_matches_its_formula(difficulty):
    for seed in SEEDS:
        check_softmax_notes(generated(TOPIC, difficulty, seed))
