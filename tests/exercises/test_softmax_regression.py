"""softmax_regression against torch: the loss by cross_entropy with the problem's reduction, the
gradients by autograd, the update by torch.optim.SGD, the probabilities by scipy's softmax;
the mistakes against the same torch pass done wrong on purpose; user parameters."""

import math
import re

import numpy as np
import pytest
import torch
from scipy.special import softmax
from torch.nn.functional import binary_cross_entropy_with_logits, cross_entropy

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "softmax_regression"


def samples(raw: dict):
    """(X as n x d, targets 0-based) from the JSON parameters (one sample or several)."""
    x = np.array(raw["x"], dtype=float)
    target = raw["target"] if isinstance(raw["target"], list) else [raw["target"]]
    return np.atleast_2d(x), np.array(target) - 1


def true_class_loss(logits, target):
    return cross_entropy(logits, target, reduction="sum")


def oracle(raw: dict, *, loss_of=true_class_loss, probs_of=None, sign=-1.0, reduction=None) -> dict:
    """The answers by torch autograd and one SGD step. A mistake passes its own summed loss
    (`loss_of(logits, target)`) and probabilities, climbs the gradient (`sign` +1) or takes the
    other reduction."""
    X, c = samples(raw)
    W = torch.tensor(raw["W"], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(raw["b"], dtype=torch.float64, requires_grad=True)
    target = torch.tensor(c)
    logits = torch.tensor(X) @ W.T + b
    loss = loss_of(logits, target) / (len(c) if (reduction or raw.get("reduction", "mean")) == "mean" else 1)
    loss.backward()
    grad_W, grad_b = W.grad.numpy().copy(), b.grad.numpy().copy()
    torch.optim.SGD([W, b], lr=float(raw["eta"]), maximize=sign > 0).step()
    probs = (probs_of or (lambda a: torch.softmax(a, dim=1)))(logits).detach().numpy()
    one = X.shape[0] == 1
    out = {
        "logits": logits.detach().numpy()[0] if one else logits.detach().numpy(),
        "probs": probs[0] if one else probs,
        "loss": loss.item(),
        "grad_W": grad_W,
        "grad_b": grad_b,
        "W_new": W.detach().numpy(),
        "b_new": b.detach().numpy(),
    }
    predicted = np.argmax(out["logits"], axis=-1) + 1
    return out | {"prediction": int(predicted) if one else list(predicted)}


def close(a, b, tol=1e-9) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=tol, atol=tol)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        expected = oracle(raw)
        names = [a.name for a in problem.solution.answers]
        assert names == ["logits", "probs", "loss", "grad_W", "grad_b", "W_new", "b_new", "prediction"]
        matches(problem, expected)
        assert close(problem.answer("probs").value, softmax(np.array(expected["logits"]), axis=-1))


def test_generated_parameters_fit_the_difficulty():
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            X, c = samples(raw)
            assert X.shape == ((2, 2) if difficulty == "hard" else (1, 2)), problem.id
            assert np.all(np.isin(X, [-2, -1, 1, 2])) and set(c) <= {0, 1, 2}
            W = np.array(raw["W"])
            assert W.shape == (3, 2) and np.all((-1 <= W) & (W <= 2)) and np.all(W == np.round(W))
            assert raw["b"] == [0, 0, 0] if difficulty == "easy" else all(v in (-1, 0, 1) for v in raw["b"])
            assert raw["eta"] in (0.1, 0.5) and raw["reduction"] == "mean"
            logits = X @ W.T + np.array(raw["b"])
            assert all(np.sum(row == row.max()) == 1 for row in logits), problem.id  # no tie for the class
            expected = oracle(raw)
            entries = np.r_[expected["grad_W"].ravel(), expected["grad_b"]]
            assert min(abs(entries)) >= 0.002 and min(abs(raw["eta"] * entries)) >= 0.002, problem.id


# --- the syllabus's instance -------------------------------------------------------------

CANONICAL = {"x": [1, 2], "W": [[1, 0], [0, 1], [1, -1]], "b": [0, 0, 0], "target": 2, "eta": 0.1}


def test_canonical_instance():
    problem = registry.from_params(TOPIC, CANONICAL)
    by_hand = {
        "logits": [1, 2, -1],
        "probs": [0.259496, 0.705385, 0.035119],
        "loss": 0.349012,
        "grad_W": [[0.259496, 0.518993], [-0.294615, -0.589231], [0.035119, 0.070238]],
        "grad_b": [0.259496, -0.294615, 0.035119],
        "W_new": [[0.974050, -0.051899], [0.029462, 1.058923], [0.996488, -1.007024]],
        "prediction": 2,
    }
    for name, value in by_hand.items():
        assert close(problem.answer(name).value, value, 1e-6), (name, problem.answer(name).value)


def test_a_tie_predicts_the_smallest_class():
    problem = registry.from_params(TOPIC, CANONICAL | {"W": [[1, 0], [0, 1], [1, 0]], "target": 1})
    assert problem.answer("logits").value == [1, 2, 1] and problem.answer("prediction").value == 2
    problem = registry.from_params(TOPIC, CANONICAL | {"W": [[0, 1], [1, 0], [0, 1]], "target": 1})
    assert problem.answer("prediction").value == 1  # logits 2, 1, 2


def test_a_homework_batch_with_sum_reduction_matches_torch():
    raw = {
        "x": [[1, 2], [0, -1], ["0.5", 3]],
        "W": [[1, 0], [0, 1], [1, -1], ["0.5", "0.5"]],
        "b": [0, "0.1", 0, -1],
        "target": [2, 1, 4],
        "eta": "0.5",
        "reduction": "sum",
    }
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(
        raw | {"x": [[1, 2], [0, -1], [0.5, 3]], "W": [[1, 0], [0, 1], [1, -1], [0.5, 0.5]], "b": [0, 0.1, 0, -1]}
    )
    for answer in problem.solution.answers:
        assert close(answer.value, expected[answer.name]), answer.name


# --- mistakes -------------------------------------------------------------------------------


def logit_of_true_class(logits, target):
    """The gradient without the softmax: only the -a_c term of -ln p_c = -a_c + ln Σ e^a."""
    return -logits[torch.arange(len(target)), target].sum()


def sigmoid_per_class(logits, target):
    """A sigmoid per class and binary cross-entropy against the one-hot targets."""
    onehot = torch.nn.functional.one_hot(target, logits.shape[1]).double()
    return binary_cross_entropy_with_logits(logits, onehot, reduction="sum")


def over_samples(raw: dict) -> dict:
    """Each class normalised over the samples (scipy's softmax along the wrong axis), then the
    loss and the gradient formula (P - Y)ᵀX / N with those probabilities, as a student would."""
    X, c = samples(raw)
    logits = X @ np.array(raw["W"], dtype=float).T + np.array(raw["b"], dtype=float)
    P = softmax(logits, axis=0)
    n = len(c)
    errors = P - np.eye(len(raw["W"]))[c]
    grad_W, grad_b = errors.T @ X / n, errors.sum(axis=0) / n
    return {
        "probs": P,
        "loss": -np.log(P[np.arange(n), c]).mean(),
        "grad_W": grad_W,
        "grad_b": grad_b,
        "W_new": np.array(raw["W"]) - raw["eta"] * grad_W,
        "b_new": np.array(raw["b"]) - raw["eta"] * grad_b,
    }


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        wrong = {
            "log2": {"loss": oracle(raw)["loss"] / math.log(2)},
            "gradient_without_softmax": oracle(raw, loss_of=logit_of_true_class),
            "gradient_sign": oracle(raw, sign=1.0),
            "sigmoid_per_class": oracle(raw, loss_of=sigmoid_per_class, probs_of=torch.sigmoid),
            "no_update": {"W_new": raw["W"], "b_new": raw["b"]},
        }
        if difficulty == "hard":
            wrong["softmax_over_samples"] = over_samples(raw)
            wrong["reduction_mismatch"] = oracle(raw, reduction="sum")
        declared = {m.name: m.answers for m in problem.mistakes}
        assert set(declared) == set(wrong), problem.id
        for name, answers in declared.items():
            for answer, value in answers.items():
                assert close(value, wrong[name][answer]), (problem.id, name, answer, value, wrong[name][answer])


def test_the_weights_before_the_step_are_named():
    problem = registry.from_params(TOPIC, CANONICAL)
    verdict = judge(problem, problem.answer("W_new"), CANONICAL["W"])
    assert verdict.kind == WRONG and verdict.mistake.name == "no_update"
    verdict = judge(problem, problem.answer("loss"), round(-math.log2(0.705385), 4))
    assert verdict.kind == WRONG and verdict.mistake.name == "log2"


def test_the_gradient_entry_is_class_by_feature():
    """S10: note 003's ∂L/∂w_j = -Σ (r_j - y_j) x_j uses j for the class and the feature; the
    gradient of class k's weight for feature j is (p_k - r_k) x_j, a K x d matrix."""
    problem = registry.from_params(TOPIC, CANONICAL)
    p, x = np.array(problem.answer("probs").value), np.array([1, 2])
    p[1] -= 1
    assert close(problem.answer("grad_W").value, np.outer(p, x))
    note = str(next(s for s in problem.solution.steps if "weights" in str(s.title) and "Gradient" in str(s.title)).note)
    assert "Note 003" in note and "∂L/∂Wₖⱼ" in note


# --- parameters the user types ---------------------------------------------------------------


def with_(**changes):
    return CANONICAL | changes


@pytest.mark.parametrize(
    "raw, words",
    [
        ({k: v for k, v in CANONICAL.items() if k != "target"}, ["missing", "target"]),
        (with_(lr=1), ["unknown", "'lr'"]),
        (with_(W=[[1, 0, 1], [0, 1, 1], [1, -1, 1]]), ["'W'", "2 columns", "3"]),
        (with_(W=[[1, 0]]), ["'W'"]),
        (with_(b=[0, 0]), ["'b'", "3 biases"]),
        (with_(target=4), ["'target'", "1-K"]),
        (with_(target=0), ["'target'"]),
        (with_(target=[1, 2]), ["'target'"]),
        (with_(x=[[1, 2], [3]]), ["'x'", "rows differ"]),
        (with_(x=[]), ["'x'"]),
        (with_(eta=0), ["'eta'", "(0, 10]"]),
        (with_(reduction="max"), ["'reduction'", "mean", "sum"]),
        (with_(W=[[40, 0], [0, 1], [-40, 0]]), ["logits of sample 1", "one-hot"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


def test_bad_parameters_in_chinese():
    refused(TOPIC, with_(b=[0, 0]), ["参数 'b'"], lang="zh")


def test_the_sheet_speaks_the_course_chinese():
    problem = registry.generate(TOPIC, "hard", 3)
    zh = re.sub(r"\s+", "", render([problem], "text", solutions=True, lang="zh"))
    for term in ("softmax", "交叉熵", "梯度下降", "学习率", "偏置", "预测类别", "one-hot", "笔记003"):
        assert term in zh, term
