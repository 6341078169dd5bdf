"""critical_point_hessian against torch: the loss built in torch (float64) from the problem's
JSON parameters, its gradient by torch.autograd.functional.jacobian, its Hessian by
torch.autograd.functional.hessian, the eigenvalues and eigenvectors by numpy.linalg.eigh;
the syllabus's canonical instances; each named mistake against the same computation done
wrong on purpose, and recognised when typed; parameters a user types."""

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from torch.autograd.functional import hessian, jacobian

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "critical_point_hessian"
NAMES = ["gradient", "is_critical", "hessian", "eigenvalues", "type", "escape_direction"]
STEP_NAMES = ["taylor_change", "actual_loss"]
NOT_CRITICAL, MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE = range(5)
ZERO = 1e-9  # a float this small is an exact 0 of the problem's rational arithmetic


# --- the oracle ----------------------------------------------------------------------------


def loss_function(raw: dict):
    """L(w) in torch, from the JSON parameters: Lee's (ŷ - w₁w₂x)² or Σ c·w₁^i·w₂^j."""
    loss = raw["loss"]
    if isinstance(loss, dict):
        x, y = float(loss["x"]), float(loss["y_hat"])
        return lambda w: (y - w[0] * w[1] * x) ** 2
    terms = [(float(c), int(i), int(j)) for c, i, j in loss]
    return lambda w: sum(c * w[0] ** i * w[1] ** j for c, i, j in terms)


def first_positive(v) -> list:
    """The vector with its first nonzero component positive."""
    v = [float(x) for x in v]
    first = next(x for x in v if abs(x) > 1e-12)
    return [x if first > 0 else -x for x in v]


def classify(values, critical: bool) -> int:
    if not critical:
        return NOT_CRITICAL
    if min(abs(v) for v in values) < ZERO:
        return INCONCLUSIVE
    if all(v > 0 for v in values):
        return MINIMUM
    return MAXIMUM if all(v < 0 for v in values) else SADDLE


def eigen(H):
    """Eigenvalues descending, and the unit eigenvectors (columns) in the same order."""
    values, vectors = np.linalg.eigh(np.array(H, dtype=float))
    return values[::-1], vectors[:, ::-1]


def escape(H, kind) -> list:
    if kind != SADDLE:
        return [0.0, 0.0]
    return first_positive(eigen(H)[1][:, 1])


def oracle(raw: dict) -> dict:
    f = loss_function(raw)
    theta = torch.tensor([float(x) for x in raw["point"]], dtype=torch.float64)
    g = jacobian(f, theta).numpy()
    H = hessian(f, theta).numpy()
    values, _ = eigen(H)
    critical = bool(np.all(np.abs(g) < ZERO))
    kind = classify(values, critical)
    out = {
        "gradient": g,
        "is_critical": int(critical),
        "hessian": H,
        "eigenvalues": values,
        "type": kind,
        "escape_direction": escape(H, kind),
    }
    if "step" in raw:
        u = torch.tensor([float(x) for x in raw["step"]], dtype=torch.float64)
        out["taylor_change"] = float(torch.dot(torch.tensor(g), u) + 0.5 * u @ torch.tensor(H) @ u)
        out["actual_loss"] = float(f(theta + u))
    return out


# --- every generated problem ---------------------------------------------------------------


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch_autograd(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        names = [a.name for a in problem.solution.answers]
        assert names == NAMES + STEP_NAMES, problem.id  # a generated problem always has a step
        matches(problem, oracle(raw))


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_are_what_the_difficulty_promises(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        truth = oracle(raw)
        values, kind = truth["eigenvalues"], truth["type"]
        assert all(x == int(x) for x in raw["step"]) and 0 < max(map(abs, raw["step"])) <= 2, problem.id
        if difficulty == "easy":
            assert set(raw["loss"]) == {"x", "y_hat"} and raw["loss"]["x"] in (1, 2) and raw["loss"]["y_hat"] in (1, 2)
            assert all(2 * x == int(2 * x) and abs(x) <= 2 for x in raw["point"]), problem.id
        else:
            degrees = [i + j for _, i, j in raw["loss"]]
            assert all(c == int(c) for c, _, _ in raw["loss"]) and all(x == int(x) for x in raw["point"])
            if difficulty == "medium":
                assert max(degrees) == 2 and any((i, j) == (1, 1) for _, i, j in raw["loss"]), problem.id
            else:
                assert max(degrees) in (3, 4), problem.id
        # a zero eigenvalue only on easy's valley, where it is the point (type 4, said in the question)
        if min(abs(values)) < ZERO:
            assert difficulty == "easy" and kind == INCONCLUSIVE, problem.id
        else:
            assert abs(values[0] - values[1]) > 1e-6, problem.id  # no repeated eigenvalue
        if kind == SADDLE:  # the step goes downhill at a saddle point
            u = np.array(raw["step"], dtype=float)
            assert u @ truth["hessian"] @ u < 0, problem.id
        assert max(abs(truth["hessian"]).ravel()) <= 32, problem.id


def test_every_type_and_mistake_occurs_in_the_default_seeds():
    kinds, names = set(), set()
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            kinds.add(problem.answer("type").value)
            names |= {m.name for m in problem.mistakes}
    assert kinds == {NOT_CRITICAL, MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE}
    assert names == set(registry.family(TOPIC).MISTAKE_NAMES)


# --- the syllabus's canonical instances (known values, SYLLABUS.md 4.24) ---------------------

LEE = {"loss": {"x": 1, "y_hat": 1}, "point": [0, 0], "step": [1, 1]}
QUADRATIC = {"loss": [[1, 2, 0], [-2, 1, 1], [3, 0, 2]], "point": [0, 0]}  # w₁² - 2w₁w₂ + 3w₂²
CUBIC = [[1, 3, 0], [-3, 1, 0], [1, 0, 2]]  # w₁³ - 3w₁ + w₂²
MAXIMUM_LOSS = {"loss": [[-1, 2, 0], [1, 1, 1], [-1, 0, 2]], "point": [0, 0]}  # -w₁² + w₁w₂ - w₂²


def answers(raw: dict) -> dict:
    return {a.name: a.value for a in registry.from_params(TOPIC, raw).solution.answers}


def close(a, b, tol=1e-9) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=0, atol=tol)


def test_lee_at_the_origin_is_a_saddle_point_with_an_escape():
    got = answers(LEE)
    r = 2**-0.5
    assert got["gradient"] == [0, 0] and got["is_critical"] == 1
    assert got["hessian"] == [[0, -2], [-2, 0]] and got["eigenvalues"] == [2, -2]
    assert got["type"] == SADDLE and close(got["escape_direction"], [r, r])
    assert got["taylor_change"] == -2  # ½·λ₂·‖u‖² = ½·(-2)·2
    assert got["actual_loss"] == 0  # L(1, 1) = 0 < L(0, 0) = 1
    matches(registry.from_params(TOPIC, LEE), oracle(LEE))


def test_a_quadratic_form_at_the_origin_is_a_minimum():
    got = answers(QUADRATIC)
    assert got["hessian"] == [[2, -2], [-2, 6]] and got["type"] == MINIMUM
    assert close(got["eigenvalues"], [4 + 2 * 2**0.5, 4 - 2 * 2**0.5])
    assert got["escape_direction"] == [0, 0] and "taylor_change" not in got


@pytest.mark.parametrize(
    "point, H, kind, direction",
    [([1, 0], [[6, 0], [0, 2]], MINIMUM, [0, 0]), ([-1, 0], [[-6, 0], [0, 2]], SADDLE, [1, 0])],
)
def test_the_cubic_has_a_minimum_and_a_saddle_point(point, H, kind, direction):
    got = answers({"loss": CUBIC, "point": point})
    assert got["gradient"] == [0, 0] and got["hessian"] == H and got["type"] == kind
    assert close(got["escape_direction"], direction)


def test_a_negative_definite_quadratic_is_a_maximum():
    got = answers(MAXIMUM_LOSS)
    assert got["eigenvalues"] == [-1, -3] and got["type"] == MAXIMUM


def test_the_quartic_valley_and_a_point_off_the_critical_points():
    # (w₁² - 1)² + w₂² = w₁⁴ - 2w₁² + 1 + w₂²: minima at (±1, 0), a saddle point at (0, 0)
    quartic = [[1, 4, 0], [-2, 2, 0], [1, 0, 0], [1, 0, 2]]
    assert answers({"loss": quartic, "point": [1, 0]})["type"] == MINIMUM
    assert answers({"loss": quartic, "point": [0, 0]})["type"] == SADDLE
    off = answers({"loss": quartic, "point": [2, 1], "step": [-1, 0]})
    assert off["is_critical"] == 0 and off["type"] == NOT_CRITICAL and off["gradient"] == [24, 2]
    # on Lee's valley w₁w₂ = ŷ/x the Hessian is singular: inconclusive, though L = 0 is its minimum
    valley = answers({"loss": {"x": 2, "y_hat": 1}, "point": [1, 0.5]})
    assert valley["type"] == INCONCLUSIVE and close(valley["eigenvalues"], [10, 0])


# --- mistakes ------------------------------------------------------------------------------


def wrong_variants(raw: dict, truth: dict) -> dict:
    """{mistake: [answers it gives]} recomputed in numpy from the oracle's numbers."""
    H, g, critical = np.array(truth["hessian"]), np.array(truth["gradient"]), truth["is_critical"] == 1
    step = np.array(raw.get("step", [0, 0]), dtype=float)
    has_step = "step" in raw

    def typed(kind, matrix):
        return {"type": kind, "escape_direction": escape(matrix, kind)}

    out = {}
    if critical and np.linalg.det(H) > ZERO:
        out["det_only"] = [typed(MINIMUM, H)]
    if critical:
        d = np.diag(H)
        kind = INCONCLUSIVE if min(abs(d)) < ZERO else MINIMUM if all(d > 0) else MAXIMUM if all(d < 0) else SADDLE
        out["diagonal_signs"] = [typed(kind, H)]
    if abs(H[0, 1]) > ZERO:
        out["cross_term_factor"] = []
        for factor in (0.5, 2.0):
            W = H.copy()
            W[0, 1] = W[1, 0] = H[0, 1] * factor
            values = eigen(W)[0]
            wrong = {"hessian": W, "eigenvalues": values} | typed(classify(values, critical), W)
            if has_step:
                wrong["taylor_change"] = g @ step + 0.5 * step @ W @ step
            out["cross_term_factor"].append(wrong)
    if not critical:
        wrong = {"is_critical": 1} | typed(classify(truth["eigenvalues"], True), H)
        if has_step:
            wrong["taylor_change"] = 0.5 * step @ H @ step
        out["gradient_not_checked"] = [wrong]
    if critical and truth["type"] != MINIMUM:
        out["zero_gradient_minimum"] = [typed(MINIMUM, H)]
    if truth["type"] == SADDLE:
        out["escape_wrong_eigenvalue"] = [{"escape_direction": first_positive(eigen(H)[1][:, 0])}]
    if has_step:
        out["taylor_without_half"] = [{"taylor_change": g @ step + step @ H @ step}]
    return out


def moves(problem, name, wrong) -> bool:
    answer = problem.answer(name)
    return not answer.check.widened(2).accepts(np.asarray(wrong, dtype=float).tolist(), answer.value, answer.scale)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        truth = oracle(raw)
        expected = wrong_variants(raw, truth)
        declared = {}
        for mistake in problem.mistakes:
            declared.setdefault(mistake.name, []).append(mistake.answers)
        for name, variants in declared.items():
            for answers_ in variants:
                assert answers_, (problem.id, name)
                if name == "escape_not_normalised":  # u before dividing by |u|: parallel, not unit
                    u = np.array(answers_["escape_direction"])
                    assert abs(np.linalg.norm(u) - 1) > 0.002, problem.id
                    assert close(first_positive(u / np.linalg.norm(u)), truth["escape_direction"], 1e-9)
                    continue
                assert any(
                    all(close(value, wrong[answer]) for answer, value in answers_.items()) for wrong in expected[name]
                ), (problem.id, name, answers_)
                for answer, value in answers_.items():
                    assert moves(problem, answer, value), (problem.id, name, answer)
        for name, variants in expected.items():  # every wrong computation that shows is declared
            shows = any(moves(problem, a, v) for wrong in variants for a, v in wrong.items())
            assert shows == (name in declared), (problem.id, name)


def judged(raw: dict, name: str, typed):
    problem = registry.from_params(TOPIC, raw)
    verdict = judge(problem, problem.answer(name), typed)
    assert verdict.kind == WRONG, (name, typed)
    return verdict.mistake.name if verdict.mistake else None


@pytest.mark.parametrize(
    "raw, answer, typed, mistake",
    [
        (MAXIMUM_LOSS, "type", MINIMUM, "det_only"),
        (LEE, "type", INCONCLUSIVE, "diagonal_signs"),  # H₁₁ = H₂₂ = 0 taken for "no sign"
        (QUADRATIC, "hessian", [[2, -1], [-1, 6]], "cross_term_factor"),
        (QUADRATIC, "hessian", [[2, -4], [-4, 6]], "cross_term_factor"),
        ({"loss": CUBIC, "point": [2, 0]}, "type", MINIMUM, "gradient_not_checked"),
        ({"loss": CUBIC, "point": [2, 0]}, "is_critical", 1, "gradient_not_checked"),
        ({"loss": CUBIC, "point": [-1, 0]}, "type", MINIMUM, "zero_gradient_minimum"),
        (LEE, "escape_direction", [0.7071, -0.7071], "escape_wrong_eigenvalue"),
        (LEE, "escape_direction", [1, 1], "escape_not_normalised"),
        (LEE, "taylor_change", -4, "taylor_without_half"),
    ],
)
def test_each_named_mistake_is_recognised_when_typed(raw, answer, typed, mistake):
    assert judged(raw, answer, typed) == mistake


# --- parameters the user types -------------------------------------------------------------


def with_(**changes):
    return {"loss": CUBIC, "point": [1, 0], "step": [1, 1]} | changes


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"loss": CUBIC}, ["missing", "point"]),
        (with_(pt=[1, 0]), ["unknown", "'pt'"]),
        (with_(loss="w1^3 - 3*w1 + w2^2"), ["'loss'", "[c, i, j]"]),
        (with_(loss=[[1, 5, 0]]), ["'loss'", "0-4"]),
        (with_(loss=[[1, 2]]), ["'loss'"]),
        (with_(loss=[[1, 1.5, 0]]), ["'loss'"]),
        (with_(loss=[[1, -1, 0]]), ["'loss'"]),
        (with_(loss=[[1, 1, 0]] * 13), ["'loss'", "1-12 terms"]),
        (with_(loss={"x": 1}), ["'loss'", "y_hat"]),
        (with_(loss={"x": 0, "y_hat": 1}), ["'loss'", "x = 0"]),
        (with_(loss=[[3, 0, 0]]), ["'loss'", "constant"]),
        (with_(loss=[[1, 1, 0], [-1, 1, 0]]), ["'loss'", "constant"]),
        (with_(point=[1]), ["'point'", "[w₁, w₂]"]),
        (with_(point=[1, 2, 3]), ["'point'"]),
        (with_(point=[1000, 0]), ["'point'", "100"]),
        (with_(point="origin"), ["'point'"]),
        (with_(step=[1]), ["'step'"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


def test_bad_parameters_in_chinese():
    refused(TOPIC, with_(loss=[[1, 5, 0]]), ["参数 'loss'"], lang="zh")
    refused(TOPIC, with_(loss={"x": 0, "y_hat": 1}), ["参数 'loss'"], lang="zh")
    refused(TOPIC, with_(point=[1]), ["参数 'point'"], lang="zh")


def test_a_homework_solved_from_the_command_line_matches_torch():
    """As a homework brings it: w₁³ + w₂³ - 3w₁w₂ at (1, 1), with decimals and a fraction typed."""
    args = ["solve", TOPIC, "--param", "loss=[[1,3,0],[1,0,3],[-3,1,1]]", "--param", "point=[1,1]"]
    args += ["--param", "step=[0.5, -1/2]", "--format", "json"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    got = {a["name"]: a["value"] for a in json.loads(out.output)["problems"][0]["answers"]}
    raw = {"loss": [[1, 3, 0], [1, 0, 3], [-3, 1, 1]], "point": [1, 1], "step": [0.5, -0.5]}
    expected = oracle(raw)
    assert list(got) == NAMES + STEP_NAMES
    for name, value in got.items():
        assert close(value, expected[name]), name
    assert got["type"] == MINIMUM and got["eigenvalues"] == [9, 3]


def test_a_bad_parameter_on_the_command_line_is_one_sentence():
    out = CliRunner().invoke(main, ["solve", TOPIC, "--param", "loss=[[1,9,0]]", "--param", "point=[0,0]"])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "parameter 'loss' must be" in out.output


def test_the_sheet_speaks_the_course_chinese():
    problems = [
        generated_all(TOPIC, d, SEEDS)[k] for d, k in zip(DIFFICULTIES, (2, 1, 5))
    ]  # a saddle, a maximum, a point off
    zh = render(problems, "json", solutions=True, lang="zh")  # the question, steps and answers in Chinese
    for term in ("临界点", "海森矩阵", "特征值", "鞍点", "局部极小值", "局部极大值", "梯度", "泰勒展开", "逃离方向"):
        assert term in zh, term
