"""mlp_backprop against torch autograd: the network built in float64 from the problem's JSON
parameters, loss.backward() for δ₂ = ∂L/∂z₂ and δ₁ = ∂L/∂z₁ (retained gradients of the
pre-activations) and the weight gradients, torch.optim.SGD for the step; the named mistakes
against the same torch pass done wrong on purpose (an activation whose backward is the wrong
derivative, the loss without its ½, the backward through W₂ instead of W₂ᵀ, ascent); the
syllabus's canonical instance and a published homework by hand; parameters a user types."""

import json
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
import torch
import torch.nn.functional as F
from click.testing import CliRunner

from exercises.core import registry
from exercises.core.lang import using
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "mlp_backprop"
ALPHA = 0.1  # the leaky ReLU's slope below 0
NAMES = [
    "z1",
    "h",
    "z2",
    "y",
    "loss",
    "delta2",
    "delta1",
    "grad_W2",
    "grad_b2",
    "grad_W1",
    "grad_b1",
    "W1_new",
    "b1_new",
    "W2_new",
    "b2_new",
]
ACTIVATIONS = {
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, ALPHA),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
}


# --- the oracle ------------------------------------------------------------------------------


def with_backward(value, z, antiderivative):
    """`value` forward, the derivative of `antiderivative` backward (a mistake's derivative)."""
    return value.detach() + antiderivative(z) - antiderivative(z).detach()


def oracle(raw: dict, *, hidden=None, output=None, squared=0.5, back=None, maximize=False) -> dict:
    """Every answer by torch: forward, loss, loss.backward(), one SGD step. A mistake passes its
    own hidden activation `hidden(z1)` or output `output(z2)` (the right values with a wrong
    backward), the squared error's factor, `back(W2, h)` for W₂h, or climbs the gradient."""
    f64 = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731
    x, t = f64(raw["x"]), f64(raw["t"])
    W1, b1, W2, b2 = (f64(raw[name]).requires_grad_() for name in ("W1", "b1", "W2", "b2"))
    z1 = W1 @ x + b1
    z1.retain_grad()
    h = (hidden or ACTIVATIONS[raw["hidden"]])(z1)
    z2 = (back(W2, h) if back else W2 @ h) + b2
    z2.retain_grad()
    kind = raw["output"]
    if output is not None:
        y = output(z2)
    else:
        y = {"linear_mse": z2, "softmax_ce": torch.softmax(z2, dim=0)}.get(kind, torch.sigmoid(z2))
    if kind in ("linear_mse", "sigmoid_mse"):
        loss = squared * ((y - t) ** 2).sum()
    elif kind == "sigmoid_bce":
        loss = F.binary_cross_entropy_with_logits(z2, t, reduction="sum")
    else:
        loss = F.cross_entropy(z2[None], t[None])  # t a distribution over the classes
    loss.backward()
    out = {
        "z1": z1,
        "h": h,
        "z2": z2,
        "y": y,
        "loss": loss,
        "delta2": z2.grad,
        "delta1": z1.grad,
        "grad_W2": W2.grad,
        "grad_b2": b2.grad,
        "grad_W1": W1.grad,
        "grad_b1": b1.grad,
    }
    out = {name: value.detach().numpy().copy() for name, value in out.items()}
    torch.optim.SGD([W1, b1, W2, b2], lr=float(raw["eta"]), maximize=maximize).step()
    new = {"W1_new": W1, "b1_new": b1, "W2_new": W2, "b2_new": b2}
    return out | {name: value.detach().numpy() for name, value in new.items()}


def close(a, b, tol=1e-9) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=tol, atol=tol)


def exact_z1(raw: dict) -> list[Fraction]:
    """z₁ with exact decimals (0.1 is 1/10), to see a ReLU unit at exactly 0."""
    frac = lambda v: Fraction(repr(v)) if isinstance(v, float) else Fraction(v)  # noqa: E731
    return [sum(frac(w) * frac(v) for w, v in zip(row, raw["x"])) + frac(b) for row, b in zip(raw["W1"], raw["b1"])]


# --- generated problems ---------------------------------------------------------------------


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch_autograd(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        assert [a.name for a in problem.solution.answers] == NAMES
        matches(problem, oracle(raw))


def test_generated_parameters_fit_the_difficulty():
    grid = {v / 2 for v in range(-4, 5)}
    zeros = 0
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            d, h, o = raw["sizes"]
            assert (len(raw["x"]), len(raw["W1"]), len(raw["W2"])) == (d, h, o)
            if difficulty == "easy":
                assert (d, h, o, raw["hidden"], raw["output"]) == (2, 2, 1, "relu", "linear_mse")
            elif difficulty == "medium":
                assert (d, h, o) == (2, 2, 1) and raw["hidden"] != "relu" and raw["output"] != "softmax_ce"
            else:
                assert (d, h, o) in ((2, 3, 2), (2, 2, 2))
            weights = np.ravel(raw["W1"]).tolist() + np.ravel(raw["W2"]).tolist()
            assert all(w in grid and w != 0 for w in weights), problem.id
            assert all(v in (-2, -1, 1, 2) for v in raw["x"]) and raw["eta"] in (0.1, 0.5, 1)
            assert all(v in grid for v in raw["t"])
            if raw["output"] in ("sigmoid_mse", "sigmoid_bce"):
                assert set(raw["t"]) <= {0, 1}
            if raw["output"] == "softmax_ce":
                assert sorted(raw["t"]) == [0] * (o - 1) + [1]
            z1 = exact_z1(raw)
            assert all(v * 2 == int(v * 2) for v in z1)
            if raw["hidden"] in ("relu", "leaky_relu"):
                assert min(z1) < 0 < max(z1) and max(map(abs, z1)) <= 3, problem.id
                assert z1.count(0) == (1 if h == 3 and difficulty == "hard" else 0), problem.id
                zeros += z1.count(0)
                question = str(problem.solution.question.parts[-1])
                assert "as PyTorch does" in question and "′(0) = " in question
            else:
                assert 0 not in z1 and max(map(abs, z1)) <= 2, problem.id
            expected = oracle(raw)
            if raw["output"] == "linear_mse":
                assert min(abs(expected["y"] - np.array(raw["t"]))) >= 0.25
            # every gradient entry is seen at 3 decimals, unless a ReLU unit is off (or outputs 0)
            for name in ("grad_W2", "grad_b2", "grad_W1", "grad_b1"):
                entries = np.abs(expected[name]).ravel()
                assert max(entries) >= 0.004, (problem.id, name)
                assert all(v == 0 or min(v, raw["eta"] * v) >= 0.002 for v in entries), (problem.id, name)
    assert zeros  # the hard ReLU layers put one unit at exactly z = 0


def test_steps_are_exact_and_shown_in_the_course_order():
    problem = generated_all(TOPIC, "hard", SEEDS)[0]
    lhs = [str(s.lhs) for s in problem.solution.steps]
    assert lhs[:6] == ["z_1", "h", "z_2", "y", "L", "delta_2"] and lhs[-4:] == ["W_1^+", "b_1^+", "W_2^+", "b_2^+"]
    assert lhs.index("delta_1") > lhs.index("dL/dW_2") and lhs.index("dL/dW_1") > lhs.index("delta_1")
    for step in problem.solution.steps:
        exact = step.exact
        entries = list(exact) if isinstance(exact, sp.MatrixBase) else [exact]
        assert all(isinstance(e, sp.Expr) and not e.has(sp.Float) for e in entries), step.title


# --- the syllabus's instance, and a published homework ------------------------------------

CANONICAL = {  # SYLLABUS 4.7: ReLU hidden, linear output, ½ SSE
    "hidden": "relu",
    "output": "linear_mse",
    "x": [1, 2],
    "W1": [[1, -1], [0.5, 0.5]],
    "b1": [0, -1],
    "W2": [[1, 2]],
    "b2": 0.5,
    "t": 2,
    "eta": 0.1,
}


def test_canonical_instance():
    problem = registry.from_params(TOPIC, CANONICAL)
    by_hand = {  # the syllabus's values; the step with η = 0.1 by hand (W₁⁺ row 2: 0.5 - 0.1·(-1), 0.5 - 0.1·(-2))
        "z1": [-1, 0.5],
        "h": [0, 0.5],
        "z2": [1.5],
        "y": [1.5],
        "loss": 0.125,
        "delta2": [-0.5],
        "delta1": [0, -1],
        "grad_W2": [[0, -0.25]],
        "grad_b2": [-0.5],
        "grad_W1": [[0, 0], [-1, -2]],
        "grad_b1": [0, -1],
        "W1_new": [[1, -1], [0.6, 0.7]],
        "b1_new": [0, -0.9],
        "W2_new": [[1, 2.025]],
        "b2_new": [0.55],
    }
    matches(problem, by_hand)
    matches(problem, oracle(problem.params.to_json()))
    assert problem.answer("loss").exact == sp.Rational(1, 8)  # exact, not a float


MAZUR = {  # M. Mazur, "A Step by Step Backpropagation Example": sigmoid units, E = Σ ½(target - out)²
    "hidden": "sigmoid",
    "output": "sigmoid_mse",
    "W1": "[[0.15,0.20],[0.25,0.30]]",
    "b1": "[0.35,0.35]",
    "W2": "[[0.40,0.45],[0.50,0.55]]",
    "b2": "[0.60,0.60]",
    "x": "[0.05,0.10]",
    "t": "[0.01,0.99]",
    "eta": "0.5",
}


def test_a_published_homework_solved_from_the_command_line():
    """The blog's printed values: out_h, out_o, E_total and every updated weight (w1-w8)."""
    args = ["solve", TOPIC, "--format", "json"] + [a for k, v in MAZUR.items() for a in ("-p", f"{k}={v}")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    answers = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    printed = {
        "h": [0.593269992, 0.596884378],
        "y": [0.75136507, 0.772928465],
        "loss": 0.298371109,
        "W2_new": [[0.35891648, 0.408666186], [0.511301270, 0.561370121]],
        "W1_new": [[0.149780716, 0.19956143], [0.24975114, 0.29950229]],
    }
    for name, value in printed.items():
        assert np.allclose(answers[name], value, atol=6e-9), (name, answers[name])
    raw = {k: json.loads(v) if isinstance(v, str) and v[0] in "[0" else v for k, v in MAZUR.items()}
    expected = oracle(raw)
    for name in NAMES:
        assert close(answers[name], expected[name]), name


def test_scalars_columns_and_sizes_are_read_as_a_homework_writes_them():
    raw = CANONICAL | {"W2": [1, 2], "x": [[1], [2]], "b1": [[0, -1]], "t": [[2]], "sizes": [2, 2, 1]}
    assert registry.from_params(TOPIC, raw).params == registry.from_params(TOPIC, CANONICAL).params
    softmax = {
        "hidden": "tanh",
        "output": "softmax",
        "x": [1, -1],
        "W1": [[0.5, 1], [-1, 0.5], [1, 1]],
        "b1": [0, 0.5, -0.5],
        "W2": [[1, -1, 0.5], [0.5, 1, -1], [-1, 0.5, 1]],
        "b2": [0, 0, 0],
        "t": 3,
        "eta": 0.5,
    }
    problem = registry.from_params(TOPIC, softmax)
    assert problem.params.t == (0, 0, 1) and problem.params.output == "softmax_ce"
    matches(problem, oracle(problem.params.to_json()))


def test_a_delta_that_cancels_exactly_is_zero():
    """Two softmax outputs: δ₂ = (p - 1, 1 - p); a hidden unit whose column of W₂ repeats a number
    gets (W₂ᵀδ₂)ⱼ = 0 exactly, not the decimal of a sum that does not know it is 0."""
    raw = {
        "hidden": "tanh",
        "output": "softmax_ce",
        "x": [1, -1],
        "W1": [[-1, -1], [-1.5, -1.5], [0.5, -0.5]],
        "b1": [-0.5, 1, -0.5],
        "W2": [[-1, 1.5, -1.5], [1.5, 1.5, -0.5]],
        "b2": [0.5, 0],
        "t": [1, 0],
        "eta": 1,
    }
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer("delta1").value[1] == 0 and problem.answer("grad_W1").value[1] == [0, 0]
    matches(problem, oracle(raw))
    # two sigmoid outputs at z₂ = (2, -2), t = (1, 0), a column (1, 1): σ(2) - 1 + σ(-2) = 0
    raw = raw | {"hidden": "relu", "output": "sigmoid_bce", "x": [1, 1], "W1": [[1, 0], [0, 1]], "b1": [0, 0]}
    raw |= {"W2": [[1, 1], [1, -3]], "b2": [0, 0]}
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer("z2").value == [2, -2] and problem.answer("delta1").value[0] == 0
    matches(problem, oracle(raw))


# --- mistakes ----------------------------------------------------------------------------------


def cubic(a, b):
    """The antiderivative of a + b·z² (the wrong derivative 1 - z²) or of z - z² (b = None)."""
    if b is None:
        return lambda z: z**2 / 2 - z**3 / 3
    return lambda z: a * z + b * z**3 / 3


AT_Z = {"tanh": cubic(1, -1), "sigmoid": cubic(None, None)}  # tanh′ as 1 - z², σ′ as z(1 - z)


def wrong_pass(raw: dict, name: str) -> dict:
    """The answers a mistake gives, by torch done wrong on purpose."""
    act = ACTIVATIONS[raw["hidden"]]
    if name == "seed_delta_sign":  # the note's δ = f′(t - y): -∂L/∂z, and -η times (input x δ)
        right, climbed = oracle(raw), oracle(raw, maximize=True)
        flipped = {n: -right[n] for n in ("delta2", "delta1", "grad_W2", "grad_b2", "grad_W1", "grad_b1")}
        return flipped | {n: climbed[n] for n in ("W1_new", "b1_new", "W2_new", "b2_new")}
    if name == "derivative_of_preactivation":
        hidden = output = None
        if raw["hidden"] in AT_Z:
            hidden = lambda z: with_backward(act(z), z, AT_Z[raw["hidden"]])  # noqa: E731
        if raw["output"] == "sigmoid_mse":
            output = lambda z: with_backward(torch.sigmoid(z), z, AT_Z["sigmoid"])  # noqa: E731
        return oracle(raw, hidden=hidden, output=output)
    if name == "relu_derivative_at_zero_one":
        below = 0.0 if raw["hidden"] == "relu" else ALPHA
        one, low = (torch.tensor(v, dtype=torch.float64) for v in (1.0, below))
        slope = lambda z: torch.where(z >= 0, one, low).detach()  # noqa: E731
        return oracle(raw, hidden=lambda z: with_backward(act(z), z, lambda u: u * slope(z)))
    if name == "missing_hidden_derivative":
        return oracle(raw, hidden=lambda z: with_backward(act(z), z, lambda u: u))
    if name == "forgot_half_in_mse":
        return oracle(raw, squared=1.0)
    if name == "W_not_transposed":  # forward W₂h, backward W₂δ₂ (the derivative of W₂ᵀh)
        return oracle(raw, back=lambda W2, h: W2 @ h.detach() + transposed(W2.detach(), h))
    assert name == "no_update"
    return {f"{p}_new": np.array(raw[p], dtype=float) for p in ("W1", "b1", "W2", "b2")}


def transposed(W2, h):
    """0 forward, and backward the derivative of W₂ᵀh: δ sent back as W₂δ."""
    return W2.T @ h - (W2.T @ h).detach()


def applicable(raw: dict) -> set[str]:
    """The syllabus's mistakes a network of this kind can show."""
    names = {"seed_delta_sign", "missing_hidden_derivative", "no_update"}
    if raw["hidden"] in ("tanh", "sigmoid") or raw["output"] == "sigmoid_mse":
        names.add("derivative_of_preactivation")
    if raw["hidden"] in ("relu", "leaky_relu") and 0 in exact_z1(raw):
        names.add("relu_derivative_at_zero_one")
    if raw["output"] in ("linear_mse", "sigmoid_mse"):
        names.add("forgot_half_in_mse")
    if len(raw["W1"]) == len(raw["W2"]):
        names.add("W_not_transposed")
    return names


def check_mistakes(problem, every: bool) -> None:
    """Each declared mistake gives what torch gives done that way, for the answers it moves, and
    is rejected there; a mistake not declared moves nothing (`every`: every applicable one is
    declared)."""
    raw = problem.params.to_json()
    declared = {m.name: m.answers for m in problem.mistakes}
    assert set(declared) <= applicable(raw), problem.id
    if every:
        assert set(declared) == applicable(raw), problem.id
    for name in applicable(raw):
        wrong = wrong_pass(raw, name)
        for answer, value in declared.get(name, {}).items():
            assert close(value, wrong[answer]), (problem.id, name, answer)
            right = problem.answer(answer)
            assert not right.check.accepts(np.array(value).tolist(), right.value, right.scale), (problem.id, name)
        if name not in declared:  # it moves no answer beyond its tolerance
            for answer, value in wrong.items():
                right = problem.answer(answer)
                assert right.check.accepts(np.array(value).tolist(), right.value, right.scale), (problem.id, name)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_torch_pass_done_wrong(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        check_mistakes(problem, every=True)
        declared = {m.name: m for m in problem.mistakes}
        assert {"delta2", "W2_new"} <= set(declared["seed_delta_sign"].answers)  # the note's sign, named


def by_hand(raw: dict, name: str, answer: str, value):
    """The verdict on `value` typed for `answer` of the problem `raw`."""
    problem = registry.from_params(TOPIC, raw)
    check_mistakes(problem, every=False)
    verdict = judge(problem, problem.answer(answer), value)
    assert verdict.kind == WRONG and verdict.mistake is not None and verdict.mistake.name == name, verdict
    return verdict


def test_each_mistake_is_named_when_typed():
    # the note's δ = f′(t - y) = +0.5 for the canonical δ₂ = -0.5, and its gradient +δ·hᵀ
    by_hand(CANONICAL, "seed_delta_sign", "delta2", [0.5])
    by_hand(CANONICAL, "seed_delta_sign", "W2_new", [[1, 1.975]])
    by_hand(CANONICAL, "forgot_half_in_mse", "loss", 0.25)
    by_hand(CANONICAL, "forgot_half_in_mse", "delta2", [-1])
    by_hand(CANONICAL, "missing_hidden_derivative", "delta1", [-0.5, -1])  # the dead unit passes its delta
    by_hand(CANONICAL, "no_update", "W1_new", CANONICAL["W1"])
    at_zero = CANONICAL | {"b1": [1, -1]}  # z₁ = (0, 0.5): ReLU′(0) is 0, not 1
    assert exact_z1(at_zero) == [0, Fraction(1, 2)]
    by_hand(at_zero, "relu_derivative_at_zero_one", "delta1", [-0.5, -1])
    leaky = at_zero | {"hidden": "leaky_relu"}  # LeakyReLU′(0) = 0.1: δ₁ = (-0.05, -1), not (-0.5, -1)
    assert close(registry.from_params(TOPIC, leaky).answer("delta1").value, [-0.05, -1])
    by_hand(leaky, "relu_derivative_at_zero_one", "delta1", [-0.5, -1])
    tanh = {  # tanh′ written 1 - z² instead of 1 - h²
        "hidden": "tanh",
        "output": "sigmoid_bce",
        "x": [1, 2],
        "W1": [[1, -1], [0.5, 0.5]],
        "b1": [0, -1],
        "W2": [[1, 2]],
        "b2": [0.5],
        "t": [1],
        "eta": 0.5,
    }
    wrong = wrong_pass(tanh, "derivative_of_preactivation")["delta1"]
    by_hand(tanh, "derivative_of_preactivation", "delta1", np.round(wrong, 4).tolist())
    square = tanh | {"W2": [[1, 2], [-1, 0.5]], "b2": [0.5, 0], "t": [1, 0]}  # 2-2-2: W₂ᵀδ₂, not W₂δ₂
    wrong = wrong_pass(square, "W_not_transposed")["delta1"]
    by_hand(square, "W_not_transposed", "delta1", np.round(wrong, 4).tolist())


# --- parameters the user types ---------------------------------------------------------------


def with_(**changes):
    return CANONICAL | changes


SOFTMAX = CANONICAL | {"output": "softmax_ce", "W2": [[1, 2], [0, 1]], "b2": [0, 0], "t": [0, 1]}


@pytest.mark.parametrize(
    "raw, words",
    [
        ({k: v for k, v in CANONICAL.items() if k != "eta"}, ["missing", "eta"]),
        (with_(lr=0.1), ["unknown", "'lr'"]),
        (with_(hidden="swish"), ["'hidden'", "relu", "tanh", "leaky_relu", "sigmoid"]),
        (with_(output="hinge"), ["'output'", "linear_mse", "softmax_ce"]),
        (with_(W1=[[1, -1], [0.5]]), ["'W1'", "rows differ"]),
        (with_(W1=[[1, 1]] * 5), ["'W1'", "1-4 rows"]),
        (with_(W1=[[1000, 1], [1, 1]]), ["'W1'", "100"]),
        (with_(W2=[[1, 2, 3]]), ["'W2'", "1 x 2", "1 x 3"]),
        (with_(b1=[0, 0, 0]), ["'b1'", "2 numbers", "got 3"]),
        (with_(x=[1, 2, 3]), ["'x'", "2 numbers"]),
        (with_(x=["a", 1]), ["'x'"]),
        (with_(t=[1, 2]), ["'t'", "1 number"]),
        (with_(output="sigmoid_bce", t=1.5), ["'t'", "[0, 1]"]),
        (with_(output="softmax_ce"), ["'output'", "softmax_ce", "one output"]),
        (SOFTMAX | {"t": [0.5, 0.6]}, ["'t'", "one-hot"]),
        (SOFTMAX | {"t": 3}, ["'t'"]),
        (with_(eta=0), ["'eta'", "(0, 10]"]),
        (with_(sizes=[2, 3, 1]), ["'sizes'", "2-2-1", "2-3-1"]),
        (with_(sizes="big"), ["'sizes'", "[d, h, o]"]),
        (with_(hidden="tanh", W1=[[40, 1], [1, 1]]), ["saturated", "z1"]),
        (with_(output="sigmoid_bce", t=1, W2=[[1, 80]]), ["saturated", "z2"]),
        (SOFTMAX | {"W2": [[1, 90], [0, -90]]}, ["z2", "one-hot"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "raw, words",
    [
        (with_(W2=[[1, 2, 3]]), ["参数 'W2'", "1 x 2 的矩阵", "实际为 1 x 3"]),
        (with_(b1=[0, 0, 0]), ["参数 'b1'", "2 个数", "实际为 3 个"]),
        (with_(output="softmax_ce"), ["'output'", "softmax_ce", "一个输出"]),
        (with_(hidden="tanh", W1=[[40, 1], [1, 1]]), ["隐藏单元的净输入 z1", "饱和"]),
        (with_(eta=0), ["参数 'eta'", "(0, 10]"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")


def test_params_round_trip_through_json():
    problem = generated_all(TOPIC, "hard", SEEDS)[1]
    raw = json.loads(json.dumps(problem.params.to_json()))
    assert registry.from_params(TOPIC, raw).params == problem.params


# --- the texts, in both languages --------------------------------------------------------------

TERMS = "多层感知机 隐藏层 输出层 净输入 激活值 误差项 反向传播 梯度下降 学习率 权重 偏置 笔记003".split()


def test_the_sheet_speaks_the_course_chinese_and_names_the_notes_slip():
    problem = generated_all(TOPIC, "hard", SEEDS)[0]
    zh = re.sub(r"\s+", "", render([problem], "text", solutions=True, lang="zh"))
    for term in TERMS:
        assert term in zh, term
    with using("zh"):
        labels = {a.name: str(a.label) for a in problem.solution.answers}
        slip = str(next(s for s in problem.solution.steps if str(s.lhs) == "delta_2").note)
    assert labels["delta2"] == "输出层误差项 δ₂ = ∂L/∂z₂" and labels["W1_new"] == "梯度下降一步后的 W₁"
    assert "笔记 003" in slip and "δ = ∂L/∂z" in slip
    en = str(next(s for s in problem.solution.steps if str(s.lhs) == "delta_2").note)
    assert "note 003" in en and "its negative" in en
