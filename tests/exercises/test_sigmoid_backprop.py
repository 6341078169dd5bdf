"""sigmoid_backprop: every answer against a numpy forward/backward pass written here,
the gradients also against central finite differences of the loss, the mistakes
against the same numpy pass done wrong on purpose, and user parameters."""

import json
import math
import re

import numpy as np
import pytest
import sympy as sp

from exercises.core import registry
from exercises.core.lang import using
from exercises.core.params import parse_value
from exercises.core.render import render
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, refused

TOPIC = "sigmoid_backprop"
EPS = 1e-6


# --- the oracle -------------------------------------------------------------------------


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def arrays(raw: dict) -> dict:
    """The problem's numbers as float64 arrays (vectors as columns)."""
    col = lambda v: np.array(v, dtype=float).reshape(-1, 1)  # noqa: E731
    return {
        "x": col(raw["x"]),
        "W1": np.array(raw["W1"], dtype=float),
        "b1": col(raw["b1"]),
        "W2": np.array(raw["W2"], dtype=float),
        "b2": col(raw["b2"]),
        "t": col(raw["target"]),
        "lr": float(raw["lr"]),
        "loss": raw["loss"],
    }


def loss_of(W1, b1, W2, b2, x, t, loss):
    y = sigmoid(W2 @ sigmoid(W1 @ x + b1) + b2)
    if loss == "mse":
        return 0.5 * float(np.sum((y - t) ** 2))
    return -float(np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)))


def backprop(a: dict, *, output_derivative=None, hidden_derivative=True, sign=-1.0, scale=1.0) -> dict:
    """Forward pass, loss, gradients and one descent step. The keyword arguments
    make it wrong on purpose (output_derivative: multiply δ₂ by y(1-y) or not,
    regardless of the loss)."""
    x, W1, b1, W2, b2, t = a["x"], a["W1"], a["b1"], a["W2"], a["b2"], a["t"]
    h = sigmoid(W1 @ x + b1)
    y = sigmoid(W2 @ h + b2)
    loss = loss_of(W1, b1, W2, b2, x, t, a["loss"])
    if output_derivative is None:
        output_derivative = a["loss"] == "mse"
    delta2 = scale * (y - t) * (y * (1 - y) if output_derivative else 1.0)
    delta1 = (W2.T @ delta2) * (h * (1 - h) if hidden_derivative else 1.0)
    gW2, gW1 = delta2 @ h.T, delta1 @ x.T
    return {
        "h": h.ravel(),
        "y": y.ravel(),
        "loss": scale * loss,
        "grad_W1": gW1,
        "grad_b1": delta1.ravel(),
        "grad_W2": gW2,
        "grad_b2": delta2.ravel(),
        "W1_new": W1 + sign * a["lr"] * gW1,
        "W2_new": W2 + sign * a["lr"] * gW2,
    }


def finite_differences(a: dict) -> dict:
    """Central differences of the loss with respect to every weight and bias."""
    names = ("W1", "b1", "W2", "b2")
    out = {}
    for name in names:
        grad = np.zeros_like(a[name])
        for index in np.ndindex(a[name].shape):
            values = []
            for step in (EPS, -EPS):
                moved = {n: a[n].copy() for n in names}
                moved[name][index] += step
                values.append(loss_of(moved["W1"], moved["b1"], moved["W2"], moved["b2"], a["x"], a["t"], a["loss"]))
            grad[index] = (values[0] - values[1]) / (2 * EPS)
        out[name] = grad
    return {"grad_W1": out["W1"], "grad_b1": out["b1"].ravel(), "grad_W2": out["W2"], "grad_b2": out["b2"].ravel()}


def same_shape(value, expected) -> bool:
    """Vectors are flat lists, matrices lists of rows (also 1 x h)."""
    return np.shape(np.array(value, dtype=float)) == np.shape(expected)


def flat(value) -> list:
    return list(np.array(value, dtype=float).ravel())


def close(a, b, rel=1e-9, abs_=1e-12) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=rel, atol=abs_)


# --- generated problems --------------------------------------------------------------------


def generated(difficulty: str, seeds=SEEDS) -> list:
    """The problems of every seed (generated once per session, see tests/problems.py)."""
    return generated_all(TOPIC, difficulty, seeds)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_numpy_and_finite_differences(difficulty, seeds):
    for problem in generated(difficulty, seeds):
        raw = problem.params.to_json()
        a = arrays(raw)
        expected = backprop(a)
        where = f"{problem.id}"
        names = [answer.name for answer in problem.solution.answers]
        assert names == ["h", "y", "loss", "grad_W1", "grad_b1", "grad_W2", "grad_b2", "W1_new", "W2_new"]
        for name in names:
            value = problem.answer(name).value
            assert same_shape(value, expected[name]), (where, name, value)
            assert close(value, expected[name]), (where, name, value, expected[name])
        numeric = finite_differences(a)
        for name, grad in numeric.items():
            assert np.allclose(np.array(problem.answer(name).value, dtype=float), grad, rtol=1e-6, atol=1e-6), (
                where,
                name,
            )


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_ranges(difficulty):
    for seed, problem in zip(SEEDS, generated(difficulty)):
        raw = problem.params.to_json()
        d, h, o = len(raw["x"]), len(raw["W1"]), len(raw["W2"])
        weights = flat(raw["W1"]) + flat(raw["W2"])
        assert all(w != 0 and -1 <= w <= 1 and abs(round(w * 10) - w * 10) < 1e-9 for w in weights)
        assert all(-1 <= b <= 1 for b in raw["b1"] + raw["b2"])
        assert all(0 <= t <= 1 for t in raw["target"])
        if raw["loss"] == "bce" or difficulty == "easy":
            assert set(raw["target"]) <= {0, 1}
        if difficulty == "easy":
            assert d in (1, 2) and (h, o) == (1, 1) and raw["loss"] == "mse" and raw["lr"] in (0.1, 0.5, 1)
        elif difficulty == "medium":
            assert (d, h, o) == (2, 2, 1) and raw["loss"] in ("mse", "bce")
        else:
            assert 2 <= d <= 3 and 2 <= h <= 3 and 1 <= o <= 2 and raw["loss"] in ("mse", "bce")
        # the hidden-layer gradient is never so small that answering zeros would pass
        grads = backprop(arrays(raw))
        for name in ("grad_W1", "grad_b1", "grad_W2", "grad_b2"):
            assert np.max(np.abs(grads[name])) >= 0.002, (difficulty, seed, name)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_steps_end_in_the_answers(difficulty):
    for problem in generated(difficulty)[:60]:
        step_values = [flat(step.value) for step in problem.solution.steps]
        for answer in problem.solution.answers:
            assert any(len(v) == len(flat(answer.value)) and close(v, flat(answer.value)) for v in step_values), (
                problem.id,
                answer.name,
            )
        for step in problem.solution.steps:
            exact = step.exact
            entries = list(exact) if isinstance(exact, sp.MatrixBase) else [exact]
            assert all(isinstance(e, sp.Expr) and not e.has(sp.Float) for e in entries), (problem.id, step.title)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_steps_show_the_sigmoid_derivatives(difficulty):
    for problem in generated(difficulty)[:30]:
        by_lhs = {sp.sstr(step.lhs): step for step in problem.solution.steps}
        delta2, delta1 = by_lhs["delta_2"], by_lhs["delta_1"]
        if problem.params.loss == "mse":  # y(1-y) visible
            assert latex(delta2.formula) == r"\left(y - t\right) \circ y \circ \left(1 - y\right)"
        else:
            assert latex(delta2.formula) == "y - t" and "cancels" in str(delta2.note)
        assert latex(delta1.formula) == r"\left(W_{2}^{T} \delta_{2}\right) \circ h \circ \left(1 - h\right)"
        for lhs in ("z_1", "h", "z_2", "y", "L", "dL/dW_2", "dL/db_2", "dL/dW_1", "dL/db_1", "W_1^+", "W_2^+"):
            assert lhs in by_lhs, (problem.id, lhs)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_numpy_pass_done_wrong(difficulty, seeds):
    for problem in generated(difficulty, seeds):
        a = arrays(problem.params.to_json())
        mse = a["loss"] == "mse"
        wrong = {
            "no_update": {"W1_new": a["W1"], "W2_new": a["W2"]},
            "gradient_ascent": backprop(a, sign=1.0),
            "missing_hidden_derivative": backprop(a, hidden_derivative=False),
        }
        if mse:
            wrong["missing_sigmoid_derivative"] = backprop(a, output_derivative=False)
            wrong["forgot_half_in_mse"] = backprop(a, scale=2.0)
        else:
            wrong["extra_sigmoid_derivative"] = backprop(a, output_derivative=True)
        declared = {m.name: m for m in problem.mistakes}
        assert set(declared) == set(wrong), problem.id
        for name, mistake in declared.items():
            for answer, value in mistake.answers.items():
                assert close(value, wrong[name][answer]), (problem.id, name, answer)
            # each answer a mistake changes beyond the precision asked (the check's abs_tol) is
            # rejected: the tolerance of an update is that of its step, not of the weights
            for n, v in mistake.answers.items():
                answer = problem.answer(n)
                moved = np.max(np.abs(np.array(flat_or(v)) - np.array(answer.value, dtype=float)))
                if moved > answer.check.abs_tol:
                    assert not answer.check.accepts(flat_or(v), answer.value, answer.scale), (problem.id, name, n)
            assert any(
                not problem.answer(n).check.accepts(flat_or(v), problem.answer(n).value, problem.answer(n).scale)
                for n, v in mistake.answers.items()
            ), (problem.id, name)
        for answer in problem.solution.answers:
            assert answer.check.accepts(answer.value, answer.value)
        affected = {m.name: set(m.answers) for m in problem.mistakes}
        assert affected["gradient_ascent"] == affected["no_update"] == {"W1_new", "W2_new"}
        assert affected["missing_hidden_derivative"] == {"grad_W1", "grad_b1", "W1_new"}


def latex(formula) -> str:
    """A formula as the sheets print it (the order the formula was built in)."""
    return sp.latex(formula, order="none")


def flat_or(value):
    """A mistake's value as the plain numbers a student would type."""
    if isinstance(value, (list, tuple)):
        return [flat_or(v) for v in value]
    return float(value)


# --- parameters the user types ----------------------------------------------------------------

TEXTBOOK = {"x": [1], "W1": [["0.5"]], "b1": [0], "W2": [["0.5"]], "b2": [0], "target": [1], "lr": 1, "loss": "mse"}


def test_textbook_case_by_hand():
    """One input, one hidden unit, one output, all weights 0.5, target 1, lr 1."""
    problem = registry.from_params(TOPIC, TEXTBOOK)
    answer = {a.name: a.value for a in problem.solution.answers}
    h = 1 / (1 + math.exp(-0.5))  # σ(0.5) = 0.6225
    y = 1 / (1 + math.exp(-0.5 * h))  # σ(0.3112) = 0.5772
    delta2 = (y - 1) * y * (1 - y)  # -0.1032
    delta1 = 0.5 * delta2 * h * (1 - h)  # -0.01212
    hand = {
        "h": [h],
        "y": [y],
        "loss": 0.5 * (y - 1) ** 2,
        "grad_W1": [[delta1]],
        "grad_b1": [delta1],
        "grad_W2": [[delta2 * h]],
        "grad_b2": [delta2],
        "W1_new": [[0.5 - delta1]],
        "W2_new": [[0.5 - delta2 * h]],
    }
    rounded = {
        "h": [0.6225],
        "y": [0.5772],
        "loss": 0.08939,
        "grad_W1": [[-0.01212]],
        "grad_W2": [[-0.06423]],
        "grad_b2": [-0.1032],
        "W1_new": [[0.5121]],
        "W2_new": [[0.5642]],
    }
    for name, value in hand.items():
        assert close(answer[name], value), name
    for name, value in rounded.items():
        assert np.allclose(answer[name], value, atol=1e-4), (name, answer[name])
    assert close(answer["grad_W1"], backprop(arrays(TEXTBOOK))["grad_W1"])


CROSS_ENTROPY = {
    "x": ["0.5", "-1"],
    "W1": [["0.1", "-0.2"], ["0.4", "0.3"], ["-0.5", "0.2"]],
    "b1": [0, "0.1", "-0.1"],
    "W2": [["0.3", "-0.6", "0.2"], ["0.7", "0.1", "-0.4"]],
    "b2": ["0.2", 0],
    "target": [1, 0],
    "lr": "0.5",
    "loss": "bce",
}


def test_cross_entropy_case_against_numpy():
    raw = CROSS_ENTROPY
    problem = registry.from_params(TOPIC, raw)
    a = arrays(raw)
    expected, numeric = backprop(a), finite_differences(a)
    for answer in problem.solution.answers:
        assert close(answer.value, expected[answer.name]), answer.name
        if answer.name in numeric:
            assert np.allclose(answer.value, numeric[answer.name], rtol=1e-6, atol=1e-6)
    # δ₂ = y - t for cross-entropy
    assert close(problem.answer("grad_b2").value, expected["y"] - np.array([1.0, 0.0]))


def test_params_round_trip():
    """The JSON parameters of a generated problem, read back as the CLI reads them."""
    problem = registry.generate(TOPIC, "hard", 5)
    raw = {name: parse_value(name, json.dumps(value)) for name, value in problem.params.to_json().items()}
    again = registry.from_params(TOPIC, raw)
    assert [a.value for a in again.solution.answers] == [a.value for a in problem.solution.answers]


def with_(**changes):
    raw = dict(TEXTBOOK)
    raw.update(changes)
    return raw


TWO_BY_THREE = {
    "x": [1, 2, 3],
    "W1": [[1, 0, 0], [0, 1, 0]],
    "b1": [0, 0],
    "W2": [[1, 1]],
    "b2": [0],
    "target": [1],
    "lr": 1,
    "loss": "mse",
}


@pytest.mark.parametrize(
    "raw, words",
    [
        ({k: v for k, v in TEXTBOOK.items() if k != "lr"}, ["missing", "lr"]),
        (with_(momentum=1), ["unknown", "momentum"]),
        (with_(x=[1, 2, 3, 4, 5]), ["'x'", "1-4"]),
        (with_(x=[]), ["'x'"]),
        (with_(x=["a"]), ["'x'"]),
        (with_(x=[1000]), ["'x'", "100"]),
        (dict(TWO_BY_THREE, W1=[[1, 0], [0, 1]]), ["'W1'", "2 x 3"]),
        (dict(TWO_BY_THREE, W1=[[1, 0, 0], [0, 1]]), ["'W1'", "rows differ"]),
        (dict(TWO_BY_THREE, W1=[1, 0, 0]), ["'W1'"]),
        (dict(TWO_BY_THREE, b1=[0, 0, 0]), ["'b1'", "length 2"]),
        (dict(TWO_BY_THREE, W2=[[1, 1, 1]]), ["'W2'", "1 x 2"]),
        (dict(TWO_BY_THREE, W2=[[1, 1]] * 4), ["'W2'", "1-3 rows"]),
        (dict(TWO_BY_THREE, b2=[0, 0]), ["'b2'", "length 1"]),
        (dict(TWO_BY_THREE, target=[1, 0]), ["'target'", "length 1"]),
        (with_(lr=0), ["'lr'", "(0, 10]"]),
        (with_(lr=-1), ["'lr'"]),
        (with_(lr=11), ["'lr'"]),
        (with_(lr="fast"), ["'lr'"]),
        (with_(loss="hinge"), ["'loss'", "mse", "bce"]),
        (with_(loss="bce", target=["1.5"]), ["'target'", "[0, 1]", "bce"]),
        (with_(W1=[[40]]), ["saturated", "z1"]),
        (with_(W2=[[60]]), ["saturated", "z2"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


def test_mse_accepts_targets_outside_zero_one():
    problem = registry.from_params(TOPIC, with_(target=[2]))
    assert close(problem.answer("loss").value, backprop(arrays(with_(target=[2])))["loss"])


# --- the texts, in both languages ----------------------------------------------------------

TERMS = "反向传播 隐藏层 输出层 权重 偏置 学习率 梯度下降 Sigmoid 激活值 净输入 误差项".split()
# formulas a sentence must not type in ASCII (they are printed mathematics)
ASCII_MATHS = ("dL/d", "σ'", "e^(", "Σ_k", "1/2", "y_k", "t_k", "W1 ", "W2 ", "b1", "b2", "W_new", "lr·")


@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("fmt", ["text", "tex", "html"])
def test_the_sheet_speaks_the_course_chinese(loss, fmt):
    """Each loss's problem in Chinese: the course's terms, the loss by its Chinese name
    (均方误差, 交叉熵), and in neither language a formula typed in ASCII in the prose."""
    problem = registry.generate(TOPIC, "easy", 1) if loss == "mse" else registry.from_params(TOPIC, CROSS_ENTROPY)
    assert problem.params.loss == loss
    zh = render([problem], fmt, solutions=True, lang="zh")
    flat = re.sub(r"\s+", "", zh)  # as it reads, wherever a line was broken
    for term in TERMS + (["均方误差", "误差平方和的一半"] if loss == "mse" else ["二元交叉熵", "约去", "自然对数"]):
        assert term in flat, term
    assert "用梯度下降法训练" in flat and "对每个分量分别计算" in flat
    en = render([problem], fmt, solutions=True, lang="en")
    for out in (zh, en):
        prose = re.sub(r"<math.*?</math>|\\\(.*?\\\)|\\begin\{align\*\}.*?\\end\{align\*\}", "", out, flags=re.S)
        for ascii_maths in ASCII_MATHS:
            assert ascii_maths not in prose, (fmt, ascii_maths)


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_labels_and_mistakes_in_chinese(loss):
    problem = registry.generate(TOPIC, "easy", 1) if loss == "mse" else registry.from_params(TOPIC, CROSS_ENTROPY)
    with using("zh"):
        labels = {a.name: str(a.label) for a in problem.solution.answers}
        messages = {m.name: str(m.message) for m in problem.mistakes}
        steps = [str(s.title) for s in problem.solution.steps]
    assert labels["h"] == "隐藏层的激活值 h" and labels["loss"] == "损失 L"
    assert labels["grad_W1"] == "梯度 ∂L/∂W₁（与 W₁ 形状相同的矩阵）" and labels["W2_new"] == "梯度下降一步后的 W₂"
    assert messages["no_update"] == "权重没有更新：一步梯度下降为 W⁺ = W - η⋅∂L/∂W"
    assert messages["missing_hidden_derivative"] == "反向传播到隐藏层时还要乘以 h⋅(1 - h)"
    if loss == "mse":
        assert messages["forgot_half_in_mse"] == "均方误差为 L = ½ Σₖ (yₖ - tₖ)²，所以 ∂L/∂y = y - t，而不是 2⋅(y - t)"
    else:
        assert messages["extra_sigmoid_derivative"] == "使用交叉熵损失时 y⋅(1 - y) 会被约去：δ = y - t"
    assert steps[0] == "隐藏层的净输入" and steps[-1] == "用梯度下降更新 W₂"


@pytest.mark.parametrize(
    "raw, words",
    [
        (dict(TWO_BY_THREE, W1=[[1, 0], [0, 1]]), ["参数 'W1'", "2 x 3 的矩阵", "实际为 2 x 2"]),
        (dict(TWO_BY_THREE, b1=[0, 0, 0]), ["参数 'b1'", "长度 2", "实际长度为 3"]),
        (with_(lr=0), ["参数 'lr'", "(0, 10] 中的一个数", "实际为 0"]),
        (with_(loss="bce", target=["1.5"]), ["交叉熵损失 'bce'", "[0, 1]"]),
        (with_(W1=[[40]]), ["第 1 个隐藏单元的净输入 z1", "饱和"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")
