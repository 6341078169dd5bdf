"""logreg_step against torch: the loss by binary_cross_entropy_with_logits with the problem's
reduction, the gradients by autograd, the update by torch.optim.SGD; the note's slip (S9)
and the other mistakes against the same torch pass done wrong on purpose; user parameters."""

import math

import numpy as np
import pytest
import torch
from torch.nn.functional import binary_cross_entropy_with_logits

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "logreg_step"


def tensors(raw: dict):
    X = torch.tensor(raw["X"], dtype=torch.float64)
    r = torch.tensor(raw["r"], dtype=torch.float64)
    w = torch.tensor(raw["w"], dtype=torch.float64, requires_grad=True)
    w0 = torch.tensor(float(raw["w0"]), dtype=torch.float64, requires_grad=True)
    return X, r, w, w0


def oracle(raw: dict) -> dict:
    """The answers by torch: forward pass, loss, autograd gradients, then `steps` SGD steps."""
    X, r, w, w0 = tensors(raw)
    reduction = raw.get("reduction", "mean")
    optimizer = torch.optim.SGD([w, w0], lr=float(raw["eta"]))
    out = {}
    for step in range(raw.get("steps", 1)):
        optimizer.zero_grad()
        z = X @ w + w0
        loss = binary_cross_entropy_with_logits(z, r, reduction=reduction)
        loss.backward()
        if step == 0:
            out = {
                "z": z.detach().numpy().copy(),
                "y": torch.sigmoid(z).detach().numpy().copy(),
                "loss": loss.item(),
                "grad_w": w.grad.numpy().copy(),
                "grad_w0": w0.grad.item(),
                "predicted": (torch.sigmoid(z) >= 0.5).long().numpy(),
            }
        optimizer.step()
    return out | {"w_new": w.detach().numpy(), "w0_new": w0.item()}


def close(a, b, tol=1e-9) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=tol, atol=tol)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        expected = oracle(raw)
        names = [a.name for a in problem.solution.answers]
        assert names == ["z", "y", "loss", "grad_w", "grad_w0", "w_new", "w0_new", "predicted"]
        matches(problem, expected)


def test_generated_parameters_fit_the_difficulty():
    easy_scores = {0, 0.5, -0.5, 1, -1, 2, -2}
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            n = len(raw["X"])
            assert all(len(row) == 2 for row in raw["X"]) and len(raw["w"]) == 2
            assert set(raw["r"]) <= {0, 1} and raw["eta"] in (0.1, 0.5, 1)
            assert all(-2 <= x <= 2 and (2 * x) == int(2 * x) for row in raw["X"] for x in row)
            z = oracle(raw)["z"]
            if difficulty == "easy":
                assert n == 1 and raw["steps"] == 1
                assert all(round(float(v), 9) in easy_scores for v in z), (problem.id, z)
                assert all(2 * v == int(2 * v) for v in raw["w"] + [raw["w0"]])
            else:
                assert (2 <= n <= 3 and raw["steps"] == 1) if difficulty == "medium" else 3 <= n <= 4
                assert all(abs(v) <= 3 + 1e-9 and abs(10 * v - round(10 * v)) < 1e-9 for v in z), (problem.id, z)
                assert all(abs(10 * v - round(10 * v)) < 1e-9 and -1 <= v <= 1 for v in raw["w"] + [raw["w0"]])
                assert raw["reduction"] in ("mean", "sum")
            if difficulty == "hard":
                assert raw["steps"] == 2
            # nothing asked is too small to tell from zero at the precision asked
            grads = oracle(raw)
            assert min(abs(np.r_[grads["grad_w"], grads["grad_w0"]])) >= 0.002, problem.id
            moved = np.r_[grads["w_new"] - np.array(raw["w"]), grads["w0_new"] - raw["w0"]]
            assert min(abs(moved)) >= 0.002, problem.id


# --- the syllabus's instances ------------------------------------------------------------

ONE = {"X": [[1, 2]], "r": [1], "w": [0.5, -0.5], "w0": 0, "eta": 0.5}
BATCH = {"X": [[1, 2], [2, 0], [0, 1]], "r": [1, 0, 0], "w": [0.5, -0.5], "w0": 0, "eta": 0.5}


def test_canonical_single_sample():
    problem = registry.from_params(TOPIC, ONE)
    answer = {a.name: a.value for a in problem.solution.answers}
    by_hand = {
        "z": [-0.5],
        "y": [0.377541],
        "loss": 0.974077,
        "grad_w": [-0.622459, -1.244919],
        "grad_w0": -0.622459,
        "w_new": [0.811230, 0.122459],
        "w0_new": 0.311230,
        "predicted": [0],
    }
    for name, value in by_hand.items():
        assert close(answer[name], value, 1e-6), (name, answer[name])
    assert close([answer[n] for n in ("loss", "grad_w0")], [oracle(ONE)[n] for n in ("loss", "grad_w0")])


@pytest.mark.parametrize("reduction, loss, scale", [("mean", 0.920472, 1), ("sum", 2.761416, 3)])
def test_canonical_batch(reduction, loss, scale):
    problem = registry.from_params(TOPIC, BATCH | {"reduction": reduction})
    assert close(problem.answer("y").value, [0.377541, 0.731059, 0.377541], 1e-6)
    assert problem.answer("loss").value == pytest.approx(loss, abs=1e-6)
    assert close(problem.answer("grad_w").value, [0.279886 * scale, -0.289126 * scale], 1e-6 * scale)
    assert problem.answer("grad_w0").value == pytest.approx(0.162047 * scale, abs=1e-6 * scale)
    assert problem.answer("predicted").value == [0, 1, 0]


def test_score_zero_predicts_class_one():
    problem = registry.from_params(TOPIC, {"X": [[1, 1]], "r": [0], "w": [1, -1], "w0": 0, "eta": 1})
    assert problem.answer("z").value == [0] and problem.answer("predicted").value == [1]


# --- mistakes -------------------------------------------------------------------------------


def wrong_pass(raw: dict, *, log=math.log, reduction=None, slope=False, sign=-1.0, bias=True) -> dict:
    """The answers computed the way a mistake computes them, in numpy."""
    X, r = np.array(raw["X"], dtype=float), np.array(raw["r"], dtype=float)
    w, w0 = np.array(raw["w"], dtype=float), float(raw["w0"])
    reduction = reduction or raw["reduction"]
    c = 1 / len(r) if reduction == "mean" else 1.0
    out = {}
    for step in range(raw["steps"]):
        y = 1 / (1 + np.exp(-(X @ w + w0)))
        delta = (y - r) * (y * (1 - y) if slope else 1)
        gw, gw0 = c * X.T @ delta, c * delta.sum()
        if step == 0:
            out = {"loss": -c * sum(b * log(a) + (1 - b) * log(1 - a) for a, b in zip(y, r))}
            out |= {"grad_w": gw, "grad_w0": gw0}
        w = w + sign * raw["eta"] * gw
        w0 = w0 + sign * raw["eta"] * gw0 if bias else w0
    return out | {"w_new": w, "w0_new": w0}


def note_loss(raw: dict) -> float:
    """Note 003's loss as printed, -Σ r ln y + (1 - r) ln(1 - y): the bracket missing (S9)."""
    X, r = np.array(raw["X"], dtype=float), np.array(raw["r"], dtype=float)
    y = 1 / (1 + np.exp(-(X @ np.array(raw["w"], dtype=float) + raw["w0"])))
    c = 1 / len(r) if raw["reduction"] == "mean" else 1.0
    return c * float(np.sum(-r * np.log(y) + (1 - r) * np.log(1 - y)))


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        other = "sum" if raw["reduction"] == "mean" else "mean"
        wrong = {
            "log2_instead_of_ln": {"loss": wrong_pass(raw, log=math.log2)["loss"]},
            "extra_sigmoid_derivative": wrong_pass(raw, slope=True),
            "gradient_sign": wrong_pass(raw, sign=1.0),
            "bias_frozen": wrong_pass(raw, bias=False),
            "no_update": {"w_new": raw["w"], "w0_new": raw["w0"]},
        }
        if len(raw["r"]) > 1:
            wrong["reduction_mismatch"] = wrong_pass(raw, reduction=other)
        if 0 in raw["r"]:
            wrong["missing_bracket"] = {"loss": note_loss(raw)}
        declared = {m.name: m.answers for m in problem.mistakes}
        assert set(declared) == set(wrong), problem.id
        for name, answers in declared.items():
            for answer, value in answers.items():
                assert close(value, wrong[name][answer]), (problem.id, name, answer)


def test_the_notes_missing_bracket_is_named():
    """S9: r = 0, y = 0.3 gives -0.357 by the note's formula instead of 0.357 (here y = σ(-0.5))."""
    raw = {"X": [[1, 2]], "r": [0], "w": [0.5, -0.5], "w0": 0, "eta": 0.5}
    problem = registry.from_params(TOPIC, raw)
    loss = problem.answer("loss")
    y = 1 / (1 + math.exp(0.5))
    assert loss.value == pytest.approx(-math.log(1 - y))
    verdict = judge(problem, loss, round(math.log(1 - y), 4))
    assert verdict.kind == WRONG and verdict.mistake.name == "missing_bracket"
    assert judge(problem, loss, round(loss.value / math.log(2), 4)).mistake.name == "log2_instead_of_ln"


def test_the_weights_before_the_step_are_named():
    problem = registry.from_params(TOPIC, BATCH)
    verdict = judge(problem, problem.answer("w_new"), [0.5, -0.5])
    assert verdict.kind == WRONG and verdict.mistake.name == "no_update"
    verdict = judge(problem, problem.answer("w0_new"), 0)
    assert verdict.kind == WRONG and verdict.mistake.name in ("no_update", "bias_frozen")


# --- parameters the user types ---------------------------------------------------------------


def with_(**changes):
    return BATCH | changes


@pytest.mark.parametrize(
    "raw, words",
    [
        ({k: v for k, v in BATCH.items() if k != "eta"}, ["missing", "eta"]),
        (with_(lr=1), ["unknown", "'lr'"]),
        (with_(r=[1, 0]), ["'r'", "3 labels", "2"]),
        (with_(r=[1, 0, 2]), ["'r'", "0 or 1"]),
        (with_(r=[1, 0, 0.5]), ["'r'"]),
        (with_(w=[1, 2, 3]), ["'w'", "2 weights"]),
        (with_(X=[[1, 2], [3]]), ["'X'", "rows differ"]),
        (with_(X=[]), ["'X'"]),
        (with_(X="[[1,2]]"), ["'X'"]),
        (with_(X=[[1000, 0], [0, 0], [0, 0]]), ["'X'", "100"]),
        (with_(eta=0), ["'eta'", "(0, 10]"]),
        (with_(eta=-1), ["'eta'"]),
        (with_(reduction="median"), ["'reduction'", "mean", "sum"]),
        (with_(steps=0), ["'steps'", "1-3"]),
        (with_(steps=1.5), ["'steps'"]),
        (with_(w=[40, 0]), ["saturated", "sample 1"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


def test_bad_parameters_in_chinese():
    refused(TOPIC, with_(r=[1, 0]), ["参数 'r'"], lang="zh")


def test_a_homework_with_sum_reduction_and_three_steps_matches_torch():
    raw = with_(reduction="SUM", steps=3, eta="0.1")
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(with_(reduction="sum", steps=3, eta=0.1))
    for answer in problem.solution.answers:
        assert close(answer.value, expected[answer.name]), answer.name


def test_the_sheet_speaks_the_course_chinese():
    problem = registry.generate(TOPIC, "hard", 3)
    zh = render([problem], "text", solutions=True, lang="zh")
    for term in ("逻辑回归", "交叉熵", "梯度下降", "学习率", "偏置", "自然对数", "预测类别"):
        assert term in zh.replace("\n", ""), term
