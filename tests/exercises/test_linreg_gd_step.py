"""linreg_gd_step against torch autograd: the note's loss 1/(2N) Σ (r - y)² written in
torch, its gradients by backward(), the updates by torch.optim.SGD, batch by batch."""

import pytest
import torch

from exercises.core import registry
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated, refused

TOPIC = "linreg_gd_step"


def batches(n, mode, steps, size):
    """The samples of each update: all, one at a time, or consecutive groups of `size`."""
    width = {"batch": n, "sgd": 1, "minibatch": size}[mode]
    epoch = [list(range(start, min(start + width, n))) for start in range(0, n, width)]
    return [epoch[k % len(epoch)] for k in range(steps)]


def oracle(raw: dict) -> dict:
    x = torch.tensor(raw["x"], dtype=torch.float64)
    r = torch.tensor(raw["r"], dtype=torch.float64)
    w = torch.tensor(raw["w"], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(float(raw["w0"]), dtype=torch.float64, requires_grad=True)

    def loss_on(rows):
        return 0.5 * ((r[rows] - (x[rows] @ w + b)) ** 2).mean()

    every = list(range(len(raw["r"])))
    with torch.no_grad():
        predictions = (x @ w + b).tolist()
        before = loss_on(every).item()
    optimiser = torch.optim.SGD([w, b], lr=float(raw["eta"]))
    first = None
    for rows in batches(len(every), raw["mode"], raw["steps"], raw.get("batch_size", 2)):
        optimiser.zero_grad()
        loss_on(rows).backward()
        first = first or (w.grad.tolist(), b.grad.item())
        optimiser.step()
    with torch.no_grad():
        after = loss_on(every).item()
    return {
        "predictions": predictions,
        "loss_before": before,
        "grad_w": first[0],
        "grad_w0": first[1],
        "w_new": w.tolist(),
        "w0_new": b.item(),
        "loss_after": after,
    }


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch_autograd(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        expected = oracle(problem.params.to_json())
        assert [a.name for a in problem.solution.answers] == list(expected)
        for name, value in expected.items():
            assert problem.answer(name).value == pytest.approx(value, rel=1e-9, abs=1e-12), (problem.id, name)


def test_the_syllabus_instance():
    """x = [1, 2, 3], r = [2, 3, 5], w = w₀ = 0, η = 0.1: L₀ = 19/3, ∂L/∂w = -23/3,
    ∂L/∂w₀ = -10/3, w = 23/30, w₀ = 1/3, L₁ = 1.282593; one SGD epoch: w = 1.436, w₀ = 0.692."""
    raw = {"x": [1, 2, 3], "r": [2, 3, 5], "w": 0, "w0": 0, "eta": 0.1}
    problem = registry.from_params(TOPIC, raw)
    answer = {a.name: a.value for a in problem.solution.answers}
    assert answer["predictions"] == [0, 0, 0]
    assert answer["loss_before"] == pytest.approx(19 / 3)
    assert answer["grad_w"] == pytest.approx([-23 / 3]) and answer["grad_w0"] == pytest.approx(-10 / 3)
    assert answer["w_new"] == pytest.approx([23 / 30]) and answer["w0_new"] == pytest.approx(1 / 3)
    assert answer["loss_after"] == pytest.approx(1.282593, abs=1e-6)
    assert str(problem.answer("w_new").exact[0]) == "23/30"
    sgd = registry.from_params(TOPIC, dict(raw, mode="sgd"))
    assert sgd.answer("w_new").value == pytest.approx([1.436]) and sgd.answer("w0_new").value == pytest.approx(0.692)
    assert sgd.answer("grad_w").value == pytest.approx([-2]) and sgd.answer("grad_w0").value == pytest.approx(-2)


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_parameters_fit_the_difficulty(difficulty):
    for seed in SEEDS:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        n, d = len(raw["x"]), len(raw["x"][0])
        assert all(-3 <= v <= 5 and v == int(v) for row in raw["x"] for v in row)
        assert all(-3 <= v <= 9 and v == int(v) for v in raw["r"])
        assert raw["eta"] in (0.1, 0.05, 0.5, 0.01)
        assert all(-1 <= v <= 1 and round(v * 10) == pytest.approx(v * 10) for v in raw["w"] + [raw["w0"]])
        if difficulty == "easy":
            assert (n, d, raw["mode"], raw["steps"]) == (3, 1, "batch", 1) and raw["w"] == [0] and raw["w0"] == 0
        elif difficulty == "medium":
            assert n in (3, 4) and d in (1, 2) and raw["mode"] in ("batch", "sgd")
            assert raw["steps"] == (1 if raw["mode"] == "batch" else n)
        else:
            assert (n, d, raw["mode"], raw["steps"], raw["batch_size"]) == (4, 2, "minibatch", 2, 2)
        answers = {a.name: a.value for a in problem.solution.answers}
        assert answers["loss_after"] < answers["loss_before"], problem.id
        moved = [a - b for a, b in zip(answers["w_new"] + [answers["w0_new"]], raw["w"] + [raw["w0"]])]
        assert min(abs(m) for m in moved) >= 0.01, problem.id


def test_the_slips_a_student_copies_are_named():
    """Gradient 2/N (the mean squared error without ½), the sum instead of the mean, the step
    added (ascent), the bias left alone, and a full-batch step typed for an SGD epoch."""
    raw = {"x": [1, 2, 3], "r": [2, 3, 5], "w": 0, "w0": 0, "eta": 0.1}
    problem = registry.from_params(TOPIC, raw)

    def named(answer, typed):
        verdict = judge(problem, problem.answer(answer), typed)
        assert verdict.kind == WRONG
        return verdict.mistake.name

    assert named("grad_w", [-46 / 3]) == "mse_without_half"
    assert named("grad_w", [-23]) == "gradient_sum_not_mean"
    assert named("w_new", [-23 / 30]) == "ascent_sign"
    assert named("w0_new", 0) == "bias_frozen"
    assert named("loss_before", 38 / 3) in ("loss_without_half", "mse_without_half")
    sgd = registry.from_params(TOPIC, dict(raw, mode="sgd"))
    verdict = judge(sgd, sgd.answer("w_new"), [0.7667])
    assert verdict.kind == WRONG and verdict.mistake.name == "sgd_as_batch"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"r": [1, 2]}, ["'r'", "3 rows"]),
        ({"w": [0, 1]}, ["'w'", "1 column"]),
        ({"x": [[1, 2], [3]]}, ["'x'", "rows differ"]),
        ({"x": []}, ["'x'"]),
        ({"eta": 0}, ["'eta'"]),
        ({"eta": -0.1}, ["'eta'"]),
        ({"mode": "adam"}, ["'mode'", "batch"]),
        ({"steps": 0}, ["'steps'"]),
        ({"steps": 13}, ["'steps'"]),
        ({"batch_size": 2}, ["'batch_size'", "minibatch"]),
        ({"mode": "minibatch", "batch_size": 4}, ["'batch_size'"]),
        ({"w0": "a"}, ["'w0'"]),
        ({"lr": 0.1}, ["unknown parameter 'lr'"]),
    ],
)
def test_bad_parameters(change, words):
    raw = {"x": [1, 2, 3], "r": [2, 3, 5], "w": 0, "w0": 0, "eta": 0.1} | change
    refused(TOPIC, raw, words)
