"""svm_hinge: margins, distances, hinge losses and the objective against numpy; the
subgradient step against torch autograd of a relu hinge (relu'(0) = 0 is the course's rule
at the kink); hard margins against scikit-learn's SVC with a huge C; the notes' slips S13
recognised as named mistakes; and user parameters."""

import numpy as np
import pytest
import torch
from sklearn.svm import SVC

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all

TOPIC = "svm_hinge"
LI_HANG = {"points": [[3, 3], [4, 3], [1, 1]], "labels": [1, 1, -1]}  # 李航《统计学习方法》例7.1


def arrays(raw: dict):
    X, y = np.array(raw["points"], dtype=float), np.array(raw["labels"], dtype=float)
    w = np.array(raw["w"], dtype=float) if "w" in raw else None
    return X, y, w, float(raw.get("w0", 0))


def numpy_margins(raw: dict) -> dict:
    X, y, w, w0 = arrays(raw)
    scores = X @ w + w0
    margins = y * scores
    hinge = np.maximum(0.0, 1.0 - margins)
    lam = float(raw.get("lam", 0))
    return {
        "functional_margins": margins,
        "distances": np.abs(scores) / np.linalg.norm(w),
        "margin_width": 2 / np.linalg.norm(w),
        "hinge": hinge,
        "objective": hinge.mean() + lam / 2 * w @ w,
        "violators": [i + 1 for i, m in enumerate(margins) if m < 1],
        "support_vectors": [i + 1 for i, m in enumerate(margins) if abs(m - 1) < 1e-9],
    }


def torch_step(raw: dict) -> dict:
    """One subgradient step by autograd: J = mean relu(1 - m) + λ/2 ‖w‖² (batch) or
    relu(1 - m_k) + λ/2 ‖w‖² (SGD on sample k)."""
    X, y, w, w0 = arrays(raw)
    X, y = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    hinge = torch.relu(1 - y * (X @ wt + bt))
    data = hinge.mean() if raw["mode"] == "batch_subgradient_step" else hinge[raw["sample"] - 1]
    loss = data + float(raw["lam"]) / 2 * wt @ wt
    loss.backward()
    eta = float(raw["eta"])
    return {
        "grad_w": wt.grad.numpy(),
        "grad_w0": bt.grad.item(),
        "w_new": w - eta * wt.grad.numpy(),
        "w0_new": w0 - eta * bt.grad.item(),
    }


def sklearn_hard_margin(raw: dict):
    X, y, _, _ = arrays(raw)
    svm = SVC(kernel="linear", C=1e8, tol=1e-10).fit(X, y)
    return svm.coef_[0], float(svm.intercept_[0]), svm


def close(value, expected, tol=1e-6):
    return np.allclose(np.asarray(value, dtype=float), np.asarray(expected, dtype=float), atol=tol, rtol=0)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_numpy_torch_and_sklearn(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        answers = {a.name: a.value for a in problem.solution.answers}
        expected = {}
        if raw["mode"] == "hard_margin_two_points":
            w, w0, _ = sklearn_hard_margin(raw)
            expected = {"w": w, "w0": w0, "margin_width": 2 / np.linalg.norm(w)}
            tol = 1e-4  # libsvm's tolerance
        else:
            expected = numpy_margins(raw)
            tol = 1e-9
            if raw["mode"] == "sgd_step":
                k = raw["sample"] - 1
                expected["functional_margin"] = expected["functional_margins"][k]
            if raw["mode"] in ("batch_subgradient_step", "sgd_step"):
                expected |= torch_step(raw)
            if raw["mode"] == "identify_support_vectors":
                w, w0, svm = sklearn_hard_margin(raw)  # the given hyperplane is the optimum
                assert close(w, raw["w"], 1e-4) and abs(w0 - raw["w0"]) < 1e-4, problem.id
                assert set(svm.support_ + 1) <= set(answers["support_vectors"]), problem.id
        for name, value in answers.items():
            assert close(value, expected[name], tol), (problem.id, name, value, expected[name])


def test_li_hang_hard_margin():
    """例7.1: x₁ = (3,3), x₂ = (4,3) positive, x₃ = (1,1) negative: w = (½, ½), w₀ = -2, support
    vectors x₁ and x₃, margin 2√2."""
    w, w0, svm = sklearn_hard_margin(LI_HANG)
    assert close(w, [0.5, 0.5], 1e-6) and abs(w0 + 2) < 1e-6 and sorted(svm.support_ + 1) == [1, 3]
    two = registry.from_params(TOPIC, {"mode": "hard_margin_two_points", "points": [[3, 3], [1, 1]], "labels": [1, -1]})
    assert two.answer("w").value == [0.5, 0.5] and two.answer("w0").value == -2
    assert two.answer("margin_width").value == pytest.approx(2 * np.sqrt(2))
    given = {"mode": "identify_support_vectors", **LI_HANG, "w": [0.5, 0.5], "w0": -2}
    problem = registry.from_params(TOPIC, given)
    assert problem.answer("support_vectors").value == [1, 3]
    assert problem.answer("functional_margins").value == [1, 1.5, 1]
    assert problem.answer("margin_width").value == pytest.approx(2.828427, abs=1e-6)


def test_canonical_margins_and_subgradient():
    problem = registry.from_params(TOPIC, {**LI_HANG, "w": [1, 1], "w0": -3, "lam": 0.1})
    assert problem.answer("functional_margins").value == [3, 4, 1]
    assert problem.answer("distances").value == pytest.approx([2.121320, 2.828427, 0.707107], abs=1e-6)
    assert problem.answer("margin_width").value == pytest.approx(np.sqrt(2))
    assert problem.answer("hinge").value == [0, 0, 0]
    assert problem.answer("objective").value == pytest.approx(0.1)
    step = {"mode": "batch_subgradient_step", **LI_HANG, "w": [1, -1], "w0": 0, "lam": 0.1, "eta": 0.5}
    problem = registry.from_params(TOPIC, step)
    assert problem.answer("functional_margins").value == [0, 1, 0]
    assert problem.answer("violators").value == [1, 3]
    assert problem.answer("grad_w").value == pytest.approx([-0.566667, -0.766667], abs=1e-6)
    assert problem.answer("grad_w0").value == 0


def test_the_kink_counted_active_is_named():
    """clamp-based autograd and sklearn's Hinge count m = 1 as active: (-1.9, -1.766667), -1/3."""
    step = {"mode": "batch_subgradient_step", **LI_HANG, "w": [1, -1], "w0": 0, "lam": 0.1, "eta": 0.5}
    problem = registry.from_params(TOPIC, step)
    X, y, w, _ = arrays(step)
    wt = torch.tensor(w, requires_grad=True, dtype=torch.float64)
    bt = torch.tensor(0.0, requires_grad=True, dtype=torch.float64)
    loss = torch.clamp(1 - torch.tensor(y) * (torch.tensor(X) @ wt + bt), min=0).mean() + 0.05 * wt @ wt
    loss.backward()
    assert close(wt.grad.numpy(), [-1.9, -1.766667], 1e-6)
    for name, value in (("grad_w", wt.grad.tolist()), ("grad_w0", bt.grad.item())):
        verdict = judge(problem, problem.answer(name), value)
        assert verdict.kind == WRONG and verdict.mistake.name == "kink_counted_active", name


def test_the_notes_slips_s13_are_named():
    """A student summing the note's per-sample subgradient λw - y x over the samples inside the
    margin drops the 1/N of the averaged objective; one who copies 0.5‖w‖ writes the penalty
    without the square."""
    raw = {"mode": "batch_subgradient_step", **LI_HANG, "w": [2, -1], "w0": -1, "lam": 0.5, "eta": 0.1}
    problem = registry.from_params(TOPIC, raw)
    X, y, w, w0 = arrays(raw)
    margins = y * (X @ w + w0)
    inside = margins < 1
    note_sum = 0.5 * w - (y[inside, None] * X[inside]).sum(axis=0)
    verdict = judge(problem, problem.answer("grad_w"), note_sum.tolist())
    assert verdict.kind == WRONG and verdict.mistake.name == "missing_one_over_n"
    unsquared = np.maximum(0, 1 - margins).mean() + 0.5 / 2 * np.linalg.norm(w)
    verdict = judge(problem, problem.answer("objective"), float(unsquared))
    assert verdict.kind == WRONG and verdict.mistake.name == "norm_not_squared"


def test_margin_width_mistakes_are_named():
    problem = registry.from_params(TOPIC, {**LI_HANG, "w": [1, 1], "w0": -3})
    answer = problem.answer("margin_width")
    assert judge(problem, answer, 1 / np.sqrt(2)).mistake.name == "margin_one_over_norm"
    assert judge(problem, answer, 1.0).mistake.name == "margin_over_squared_norm"
    assert judge(problem, problem.answer("distances"), [3, 4, 1]).mistake.name == "distance_without_norm"


def test_generated_parameters_fit_the_difficulty():
    for seed in SEEDS:
        easy = generated_all(TOPIC, "easy", [seed])[0].params.to_json()
        assert easy["mode"] == "margins" and 3 <= len(easy["points"]) <= 4
        assert all(float(x).is_integer() for x in easy["w"]) and float(easy["w0"]).is_integer()
        assert easy["lam"] in (0, 0.1, 0.5) and set(easy["labels"]) == {-1, 1}
        medium = generated_all(TOPIC, "medium", [seed])[0].params.to_json()
        assert medium["mode"] in ("batch_subgradient_step", "sgd_step") and medium["eta"] in (0.1, 0.5)
        assert all((2 * x).is_integer() for x in map(float, medium["w"])), medium
        hard = generated_all(TOPIC, "hard", [seed])[0].params.to_json()
        assert hard["mode"] in ("hard_margin_two_points", "identify_support_vectors")
        if hard["mode"] == "identify_support_vectors":
            assert 4 <= len(hard["points"]) <= 6
        for raw in (easy, medium, hard):
            assert all(len(p) == 2 and all(float(c).is_integer() for c in p) for p in raw["points"])


def test_step_problems_never_put_the_sgd_sample_at_an_invisible_update():
    for problem in generated_all(TOPIC, "medium", SEEDS):
        raw = problem.params.to_json()
        moved = np.abs(np.array(problem.answer("w_new").value) - np.array(raw["w"], dtype=float))
        assert moved.max() > 0.004, problem.id


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({"points": [[1, 2]], "labels": [1], "w": [1, 1], "w0": 0}, "2-8 samples"),
        ({**LI_HANG, "labels": [1, 0, -1], "w": [1, 1], "w0": 0}, "labels"),
        ({**LI_HANG, "labels": [1, -1], "w": [1, 1], "w0": 0}, "labels"),
        ({**LI_HANG, "w": [0, 0], "w0": 0}, "not all 0"),
        ({**LI_HANG, "w": [1, 1, 1], "w0": 0}, "parameter 'w'"),
        ({**LI_HANG, "w": [1, 1]}, "needs the parameter 'w0'"),
        ({**LI_HANG, "w": [1, 1], "w0": 0, "eta": 0.1}, "not used in mode 'margins'"),
        ({**LI_HANG, "mode": "sgd", "w": [1, 1], "w0": 0, "eta": 0.1}, "needs the parameter 'sample'"),
        ({**LI_HANG, "mode": "sgd", "w": [1, 1], "w0": 0, "eta": 0.1, "sample": 4}, "got 4"),
        ({**LI_HANG, "mode": "batch", "w": [1, 1], "w0": 0, "eta": 0}, "parameter 'eta'"),
        ({**LI_HANG, "mode": "batch", "w": [1, 1], "w0": 0, "eta": 0.1, "lam": -1}, "parameter 'lam'"),
        ({**LI_HANG, "mode": "hard_margin_two_points"}, "exactly two different points"),
        ({"mode": "two_points", "points": [[1, 1], [1, 1]], "labels": [1, -1]}, "exactly two different points"),
        ({"mode": "two_points", "points": [[1, 1], [2, 1]], "labels": [1, 1]}, "one labelled \\+1 and one -1"),
        (
            {**LI_HANG, "mode": "identify_support_vectors", "w": [1, 1], "w0": -2},
            "functional margin of sample 3 is 0, below 1",
        ),
        ({**LI_HANG, "mode": "identify_support_vectors", "w": [1, 1], "w0": -3}, "not the maximum-margin"),
        ({**LI_HANG, "mode": "kernel", "w": [1, 1], "w0": -3}, "parameter 'mode' must be one of"),
        ({**LI_HANG, "w": [1, 1], "w0": -3, "bias": 1}, "unknown parameter 'bias'"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params(TOPIC, raw)
