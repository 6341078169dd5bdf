"""activation_functions against torch in float64: the values by torch.nn.functional, the
derivatives and the backward pass by autograd (whose conventions at the kinks are the
family's), the softmax Jacobian by torch.autograd.functional.jacobian, the sigmoid's largest
slope by autograd over a grid; the syllabus's canonical instance; every named mistake
recomputed wrong on purpose and named by the grader; user parameters."""

import numpy as np
import pytest
import sympy as sp
import torch
import torch.nn.functional as F
from torch.autograd.functional import jacobian

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import CORRECT, WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "activation_functions"
ELEMENTWISE = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
TOL = 0.001  # the checks' tolerance: abs for every answer but the bound, relative for the bound


def tensor(values):
    return torch.tensor([float(v) for v in values], dtype=torch.float64)


def activation(raw: dict):
    """The torch function of the problem."""
    given = "alpha" in raw  # else torch's own defaults
    return {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": F.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, float(raw["alpha"])) if given else F.leaky_relu(z),
        "elu": lambda z: F.elu(z, float(raw["alpha"])) if given else F.elu(z),
        "softmax": lambda z: torch.softmax(z, dim=0),
    }[raw["function"]]


def inputs(raw: dict) -> torch.Tensor:
    """z, or for a softmax given by its output s, an input that gives s: ln s (s adds up to 1)."""
    return tensor(raw["z"]) if "z" in raw else torch.log(tensor(raw["s"]))


def largest_sigmoid_slope() -> float:
    """max σ′ by autograd over a grid of [-10, 10] that holds 0."""
    z = torch.linspace(-10, 10, 20001, dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(torch.sigmoid(z).sum(), z)
    return slope.max().item()


TOP_SLOPE = largest_sigmoid_slope()


def oracle(raw: dict) -> dict:
    f = activation(raw)
    z = inputs(raw).requires_grad_(True)
    y = f(z)
    out = {}
    if raw["function"] == "softmax":
        if "z" in raw:
            out["values"] = y.detach().numpy()
        out["jacobian"] = jacobian(f, z.detach()).numpy()
    else:
        (slope,) = torch.autograd.grad(y.sum(), z, retain_graph=True)
        out |= {"values": y.detach().numpy(), "derivatives": slope.numpy()}
    if "upstream" in raw:
        (down,) = torch.autograd.grad(y, z, grad_outputs=tensor(raw["upstream"]))
        out["downstream"] = down.numpy()
    if "layers" in raw:
        out["vanishing_bound"] = TOP_SLOPE ** raw["layers"]
    return out


def close(a, b, tol=1e-9) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=tol, atol=tol)


def answers_of(raw: dict) -> list[str]:
    names = ["values"] if "z" in raw else []
    names += ["jacobian"] if raw["function"] == "softmax" else ["derivatives"]
    names += ["downstream"] * ("upstream" in raw) + ["vanishing_bound"] * ("layers" in raw)
    return names


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        assert [a.name for a in problem.solution.answers] == answers_of(raw), problem.id
        matches(problem, oracle(raw))


def multiples(values, unit) -> bool:
    return all(abs(v / unit - round(v / unit)) < 1e-9 for v in values)


def test_generated_parameters_fit_the_difficulty():
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            where = problem.id
            if raw["function"] == "softmax":
                assert difficulty == "hard" and "layers" not in raw and len(raw["upstream"]) == 3, where
                if "z" in raw:
                    z = raw["z"]
                    assert len(set(z)) == 3 and 0 in z and min(z) < 0 and max(map(abs, z)) <= 2, where
                    assert multiples(z, 0.1), where
                else:
                    s = raw["s"]
                    assert len(set(s)) == 3 and min(s) >= 0.1 and abs(sum(s) - 1) < 1e-12 and multiples(s, 0.1)
            else:
                z = raw["z"]
                count = {"easy": 3, "medium": 4, "hard": 5}[difficulty]
                assert len(z) == len(set(z)) == count and 0 in z and min(z) < 0 < max(z), where
                assert max(map(abs, z)) <= (2 if difficulty == "easy" else 3), where
                assert multiples(z, 0.5 if difficulty == "easy" else 0.1), where
                assert ("upstream" in raw) == (difficulty != "easy"), where
                assert ("layers" in raw) == (difficulty == "hard") and 3 <= raw.get("layers", 3) <= 6, where
                alpha = {"leaky_relu": (0.01, 0.1, 0.2), "elu": (1,)}.get(raw["function"])
                assert raw.get("alpha") in (alpha or (None,)), where
            if "upstream" in raw:
                g = raw["upstream"]
                assert 0 not in g and max(map(abs, g)) <= 2 and multiples(g, 0.1), where
            # no answer is too small to see at the precision asked
            expected = oracle(raw)
            for name in ("values", "derivatives", "downstream", "jacobian"):
                entries = np.ravel(expected.get(name, []))
                assert all(v == 0 or abs(v) >= 0.005 for v in entries), (where, name)


def test_a_kink_in_the_inputs_is_settled_by_the_question():
    seen = set()
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            if raw["function"] not in ("relu", "leaky_relu"):
                continue
            question = render([problem], "text", solutions=False, lang="en").replace("\n", " ")
            slope = {"relu": "ReLU′(0) = 0", "leaky_relu": f"LeakyReLU′(0) = {raw.get('alpha')}"}[raw["function"]]
            assert "At the kink z = 0 take " + slope in question, (problem.id, question)
            seen.add(raw["function"])
    assert seen == {"relu", "leaky_relu"}


# --- the syllabus's canonical instance -----------------------------------------------------

Z = [-2, -0.5, 0, 1, 3]
CANONICAL = {  # SYLLABUS.md 4.16, checked there against torch autograd
    "sigmoid": (
        [0.119203, 0.377541, 0.5, 0.731059, 0.952574],
        [0.104994, 0.235004, 0.25, 0.196612, 0.045177],
    ),
    "tanh": (
        [-0.964028, -0.462117, 0, 0.761594, 0.995055],
        [0.070651, 0.786448, 1, 0.419974, 0.009866],
    ),
    "leaky_relu": ([-0.2, -0.05, 0, 1, 3], [0.1, 0.1, 0.1, 1, 1]),
    "elu": ([-0.864665, -0.393469, 0, 1, 3], [0.135335, 0.606531, 1, 1, 1]),
    "relu": ([0, 0, 0, 1, 3], [0, 0, 0, 1, 1]),  # ReLU′(0) = 0 by the convention
}


@pytest.mark.parametrize("function", sorted(CANONICAL))
def test_canonical_instance(function):
    raw = {"function": function, "z": Z} | ({"alpha": 0.1} if function == "leaky_relu" else {})
    problem = registry.from_params(TOPIC, raw)
    values, derivatives = CANONICAL[function]
    assert close(problem.answer("values").value, values, 1e-6), problem.answer("values").value
    assert close(problem.answer("derivatives").value, derivatives, 1e-6), problem.answer("derivatives").value
    matches(problem, oracle(raw))


def test_canonical_softmax_jacobian_and_bound():
    problem = registry.from_params(TOPIC, {"function": "softmax", "s": [0.1, 0.7, 0.2], "layers": 5})
    assert [a.name for a in problem.solution.answers] == ["jacobian", "vanishing_bound"]
    expected = [[0.09, -0.07, -0.02], [-0.07, 0.21, -0.14], [-0.02, -0.14, 0.16]]
    assert close(problem.answer("jacobian").value, expected, 1e-12)
    assert problem.answer("vanishing_bound").value == pytest.approx(0.000977, abs=5e-7)
    assert problem.answer("vanishing_bound").exact == sp.Rational(1, 4**5)
    matches(problem, oracle({"function": "softmax", "s": [0.1, 0.7, 0.2], "layers": 5}))


# --- mistakes -------------------------------------------------------------------------------


def wrong_answers(raw: dict) -> dict:
    """{mistake: its answers} for every mistake the problem could show, computed wrong on purpose
    with torch."""
    f, name = activation(raw), raw["function"]
    z = inputs(raw)
    g = tensor(raw["upstream"]) if "upstream" in raw else None
    alpha = float(raw.get("alpha", 0))
    right = oracle(raw)

    def with_slope(values, slope):
        """The answers of wrong values (None: the right ones) and a wrong derivative."""
        out = {"derivatives": slope.numpy()} | ({"values": values.numpy()} if values is not None else {})
        return out | ({"downstream": (g * slope).numpy()} if g is not None else {})

    found = {}
    if name in ("sigmoid", "tanh", "elu"):
        slope = {
            "sigmoid": z * (1 - z),
            "tanh": 1 - z**2,
            "elu": torch.where(z > 0, torch.ones_like(z), z + alpha),
        }[name]
        found["derivative_of_input"] = with_slope(None, slope)
    if name in ("relu", "leaky_relu") and 0 in raw["z"]:
        found["relu_grad_at_zero_one"] = with_slope(None, torch.where(z == 0, 1.0, tensor(right["derivatives"])))
    if name == "leaky_relu":
        found["leaky_slope_on_positive"] = with_slope(alpha * z, torch.full_like(z, alpha))
    if name == "tanh":
        y = torch.sigmoid(2 * z)
        found["tanh_range_as_sigmoid"] = with_slope(y, 1 - y**2)
    if name != "softmax" and g is not None:
        found["downstream_times_value"] = {"downstream": (g * f(z)).numpy()}
    if name == "softmax":
        diagonal = torch.diag(torch.diagonal(jacobian(f, z)))
        found["jacobian_diagonal_only"] = {"jacobian": diagonal.numpy()}
        if g is not None:
            found["jacobian_diagonal_only"]["downstream"] = (diagonal @ g).numpy()
    if "layers" in raw:
        half = torch.sigmoid(torch.tensor(0.0, dtype=torch.float64)).item()
        found["bound_from_sigmoid_value"] = {"vanishing_bound": half ** raw["layers"]}
    return found


def moved(wrong, right, name) -> bool:
    """The wrong value lies beyond twice the check's tolerance of the right one somewhere."""
    wrong, right = np.ravel(np.array(wrong, dtype=float)), np.ravel(np.array(right, dtype=float))
    tol = 2 * TOL * (abs(right) if name == "vanishing_bound" else 1)
    return bool(np.any(abs(wrong - right) > tol))


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        right = oracle(raw)
        shown = {}
        for mistake, answers in wrong_answers(raw).items():
            visible = {name: v for name, v in answers.items() if name in right and moved(v, right[name], name)}
            if visible:
                shown[mistake] = visible
        declared = {m.name: m.answers for m in problem.mistakes}
        assert set(declared) == set(shown), (problem.id, sorted(declared), sorted(shown))
        for mistake, answers in declared.items():
            assert set(answers) == set(shown[mistake]), (problem.id, mistake)
            for name, value in answers.items():
                assert close(value, shown[mistake][name]), (problem.id, mistake, name)


def test_every_mistake_is_made_by_some_problem():
    made = {m.name for d in DIFFICULTIES for p in generated_all(TOPIC, d, SEEDS) for m in p.mistakes}
    assert made == set(registry.family(TOPIC).MISTAKE_NAMES)


def named(problem, answer: str, typed) -> str | None:
    verdict = judge(problem, problem.answer(answer), typed)
    assert verdict.kind == WRONG, (answer, typed)
    return verdict.mistake and verdict.mistake.name


def test_the_grader_names_each_mistake_as_a_student_types_it():
    relu = registry.from_params(TOPIC, {"function": "relu", "z": Z, "upstream": [1, 1, 2, 1, 1]})
    assert named(relu, "derivatives", [0, 0, 1, 1, 1]) == "relu_grad_at_zero_one"
    assert named(relu, "downstream", [0, 0, 2, 1, 1]) == "relu_grad_at_zero_one"
    assert named(relu, "downstream", [0, 0, 0, 1, 3]) == "downstream_times_value"
    sigmoid = registry.from_params(TOPIC, {"function": "sigmoid", "z": Z})
    assert named(sigmoid, "derivatives", [-6, -0.75, 0, 0, -6]) == "derivative_of_input"  # z(1 - z)
    tanh = registry.from_params(TOPIC, {"function": "tanh", "z": Z})
    assert named(tanh, "derivatives", [-3, 0.75, 1, 0, -8]) == "derivative_of_input"  # 1 - z²
    assert named(tanh, "values", [0.018, 0.2689, 0.5, 0.8808, 0.9975]) == "tanh_range_as_sigmoid"  # σ(2z)
    elu = registry.from_params(TOPIC, {"function": "elu", "z": Z})
    assert named(elu, "derivatives", [-1, 0.5, 1, 1, 1]) == "derivative_of_input"  # z + α
    leaky = registry.from_params(TOPIC, {"function": "leaky_relu", "z": Z, "alpha": 0.1})
    assert named(leaky, "values", [-0.2, -0.05, 0, 0.1, 0.3]) == "leaky_slope_on_positive"
    assert named(leaky, "derivatives", [0.1, 0.1, 1, 1, 1]) == "relu_grad_at_zero_one"
    softmax = registry.from_params(TOPIC, {"function": "softmax", "s": [0.1, 0.7, 0.2], "layers": 5})
    diagonal = [[0.09, 0, 0], [0, 0.21, 0], [0, 0, 0.16]]
    assert named(softmax, "jacobian", diagonal) == "jacobian_diagonal_only"
    assert named(softmax, "vanishing_bound", 0.03125) == "bound_from_sigmoid_value"
    assert judge(softmax, softmax.answer("vanishing_bound"), 0.0009766).kind == CORRECT


# --- parameters the user types ---------------------------------------------------------------

BASE = {"function": "sigmoid", "z": [-1, 0, 2], "upstream": [1, 0.5, -1]}


def with_(**changes):
    return BASE | changes


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"z": [1, 2]}, ["missing", "function"]),
        ({"function": "relu"}, ["missing", "z"]),
        (with_(function="swish"), ["'function'", "sigmoid", "leaky_relu", "softmax"]),
        (with_(z=[]), ["'z'", "1-8 numbers"]),
        (with_(z="abc"), ["'z'"]),
        (with_(z=[[1, 2]]), ["'z'"]),
        (with_(z=[1, 2, 3, 4, 5, 6, 7, 8, 9], upstream=[1] * 9), ["'z'", "1-8"]),
        (with_(z=[40, 0, 1]), ["'z'", "-30 and 30", "40"]),
        (with_(upstream=[1, 2]), ["'upstream'", "3 numbers", "got 2"]),
        (with_(upstream=[1, 2, 1000]), ["'upstream'", "100"]),
        (with_(alpha=0.1), ["'alpha'", "leaky_relu", "elu", "sigmoid"]),
        (with_(function="leaky_relu", alpha=1), ["'alpha'", "(0, 1)"]),
        (with_(function="leaky_relu", alpha=-0.1), ["'alpha'"]),
        (with_(function="elu", alpha=0), ["'alpha'", "(0, 10]"]),
        (with_(layers=0), ["'layers'", "1-50"]),
        (with_(layers=2.5), ["'layers'"]),
        (with_(s=[0.5, 0.5]), ["'s'", "softmax", "'z'"]),
        (with_(lr=1), ["unknown", "'lr'"]),
        ({"function": "softmax"}, ["'z'", "'s'", "exactly one"]),
        ({"function": "softmax", "z": [1, 2], "s": [0.5, 0.5]}, ["'z'", "'s'", "exactly one"]),
        ({"function": "softmax", "z": [1]}, ["'z'", "2-6 for softmax"]),
        ({"function": "softmax", "s": [0.5, 0.6]}, ["'s'", "adding up to 1", "1.1"]),
        ({"function": "softmax", "s": [0, 1]}, ["'s'", "never exactly 0 or 1"]),
        ({"function": "softmax", "s": [0.5, 1.5]}, ["'s'", "(0, 1)"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "raw, words",
    [
        (with_(upstream=[1, 2]), ["参数 'upstream'", "3 个"]),
        ({"function": "softmax", "s": [0.5, 0.6]}, ["参数 's'", "1.1"]),
        (with_(alpha=0.1), ["参数 'alpha'", "leaky_relu"]),
        ({"function": "softmax"}, ["'z'", "'s'"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")


def test_a_homework_leaky_relu_with_a_chain_of_sigmoids_matches_torch():
    typed = {
        "function": "Leaky-ReLU",
        "z": ["-1.5", 0, "1/2", 2],
        "upstream": [1, -1, "0.5", 2],
        "alpha": "0.2",
        "layers": 3,
    }
    problem = registry.from_params(TOPIC, typed)
    raw = {"function": "leaky_relu", "z": [-1.5, 0, 0.5, 2], "upstream": [1, -1, 0.5, 2], "alpha": 0.2, "layers": 3}
    assert problem.params.to_json() == raw
    matches(problem, oracle(raw))
    assert problem.answer("derivatives").value == [0.2, 0.2, 1, 1]  # LeakyReLU′(0) = α, as torch


def test_a_single_number_and_the_default_slopes_match_torch():
    problem = registry.from_params(TOPIC, {"function": "logistic", "z": 2, "upstream": 3})
    matches(problem, oracle({"function": "sigmoid", "z": [2], "upstream": [3]}))
    leaky = registry.from_params(TOPIC, {"function": "leaky", "z": [-3, 0, 1]})
    assert leaky.params.to_json()["alpha"] == 0.01  # PyTorch's negative_slope
    matches(leaky, oracle({"function": "leaky_relu", "z": [-3, 0, 1], "alpha": 0.01}))
    elu = registry.from_params(TOPIC, {"function": "elu", "z": [-1, 0, 2], "alpha": 2})
    assert elu.answer("derivatives").value[1] == 2  # ELU′(0) = α, as torch
    matches(elu, oracle({"function": "elu", "z": [-1, 0, 2], "alpha": 2}))


def test_a_homework_softmax_matches_torch():
    raw = {"function": "softmax", "z": [1, 2, 3, "0.5"], "upstream": [0, 0, -1, 0]}
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(raw | {"z": [1, 2, 3, 0.5]})
    matches(problem, expected)
    s = expected["values"]  # with dL/ds = -e₃ (the loss -ln s₃ seen from s): δ = s₃(s - e₃)
    assert close(problem.answer("downstream").value, s[2] * (s - np.eye(4)[2]))


def test_a_rounded_softmax_output_is_taken_as_given():
    s = [0.09, 0.2447, 0.6652]  # adds up to 0.9999
    problem = registry.from_params(TOPIC, {"function": "softmax", "s": s, "upstream": [1, 0, 0]})
    p = np.array(s)
    assert close(problem.answer("jacobian").value, np.diag(p) - np.outer(p, p))
    assert close(problem.answer("downstream").value, (np.diag(p) - np.outer(p, p)).T @ [1, 0, 0])


def test_the_sheet_speaks_the_course_chinese():
    first = {}  # one problem of each function and difficulty
    for d in DIFFICULTIES:
        for p in generated_all(TOPIC, d, SEEDS):
            first.setdefault((d, p.params.function), p)
    problems = list(first.values())
    assert {p.params.function for p in problems} == {*ELEMENTWISE, "softmax"}
    zh = render(problems, "text", solutions=True, lang="zh").replace("\n", "")
    for term in ("激活函数", "导数", "雅可比矩阵", "梯度消失", "上游梯度", "反向传播", "净输入", "自动求导"):
        assert term in zh, term
