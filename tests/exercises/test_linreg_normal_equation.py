"""linreg_normal_equation against numpy (solve, inv, det, lstsq) and scikit-learn
(LinearRegression; Ridge, whose intercept is not penalised, and Ridge without an intercept on
[1, x] for the note's λI)."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge

from exercises.core import registry
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated, refused

TOPIC = "linreg_normal_equation"


def oracle(raw: dict) -> dict:
    x, r = np.array(raw["x"], dtype=float), np.array(raw["r"], dtype=float)
    A = np.hstack([np.ones((len(r), 1)), x])
    D = np.eye(A.shape[1])
    if not raw["penalize_bias"]:
        D[0, 0] = 0
    M = A.T @ A + raw["lam"] * D
    w = np.linalg.solve(M, A.T @ r)
    out = {
        "XtX": A.T @ A,
        "Xtr": A.T @ r,
        "det": np.linalg.det(M),
        "inverse": np.linalg.inv(M),
        "w": w,
        "fitted": A @ w,
        "sse": np.sum((r - A @ w) ** 2),
    }
    if x.shape[1] >= 2:
        out["hat_diag"] = np.diag(A @ np.linalg.inv(M) @ A.T)
    return out


def sklearn_weights(raw: dict):
    x, r = np.array(raw["x"], dtype=float), np.array(raw["r"], dtype=float)
    if raw["lam"] == 0:
        model = LinearRegression().fit(x, r)
        return [model.intercept_, *model.coef_]
    if not raw["penalize_bias"]:
        model = Ridge(alpha=raw["lam"], fit_intercept=True, solver="cholesky").fit(x, r)
        return [model.intercept_, *model.coef_]
    A = np.hstack([np.ones((len(r), 1)), x])
    return list(Ridge(alpha=raw["lam"], fit_intercept=False, solver="cholesky").fit(A, r).coef_)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_numpy_and_sklearn(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        expected = oracle(raw)
        assert [a.name for a in problem.solution.answers] == list(expected), problem.id
        for name, value in expected.items():
            got = np.array(problem.answer(name).value, dtype=float)
            assert np.allclose(got, value, rtol=1e-9, atol=1e-9), (problem.id, name, got, value)
        weights = problem.answer("w").value
        assert np.allclose(weights, sklearn_weights(raw), rtol=1e-7, atol=1e-7), problem.id
        if raw["lam"] == 0:
            A = np.hstack([np.ones((len(raw["r"]), 1)), np.array(raw["x"], dtype=float)])
            assert np.allclose(weights, np.linalg.lstsq(A, np.array(raw["r"], dtype=float), rcond=None)[0])


def test_the_syllabus_instance():
    """x = [1, 2, 3, 4], r = [2, 3, 5, 6]: XᵀX = [[4, 10], [10, 30]], Xᵀr = [16, 47], det 20,
    w = (1/2, 7/5), ŷ = (1.9, 3.3, 4.7, 6.1), SSE 0.2, hat diagonal (0.7, 0.3, 0.3, 0.7);
    ridge λ = 1: D = I gives (26/55, 15/11), the bias unpenalised (13/12, 7/6)."""
    raw = {"x": [1, 2, 3, 4], "r": [2, 3, 5, 6]}
    problem = registry.from_params(TOPIC, raw)
    answer = {a.name: a.value for a in problem.solution.answers}
    assert answer["XtX"] == [[4, 10], [10, 30]] and answer["Xtr"] == [16, 47] and answer["det"] == 20
    assert np.allclose(answer["inverse"], [[1.5, -0.5], [-0.5, 0.2]])
    assert [str(v) for v in problem.answer("w").exact] == ["1/2", "7/5"]
    assert answer["fitted"] == pytest.approx([1.9, 3.3, 4.7, 6.1]) and answer["sse"] == pytest.approx(0.2)
    x = np.array([[1, 1], [1, 2], [1, 3], [1, 4]], dtype=float)
    assert np.diag(x @ np.linalg.inv(x.T @ x) @ x.T) == pytest.approx([0.7, 0.3, 0.3, 0.7])
    note = registry.from_params(TOPIC, raw | {"lam": 1, "penalize_bias": True})
    assert [str(v) for v in note.answer("w").exact] == ["26/55", "15/11"]
    free = registry.from_params(TOPIC, raw | {"lam": 1})
    assert [str(v) for v in free.answer("w").exact] == ["13/12", "7/6"]


def test_two_features_have_the_hat_diagonal():
    raw = {"x": [[1, 2], [2, 0], [3, 1], [0, 1]], "r": [2, 3, 5, 6]}
    problem = registry.from_params(TOPIC, raw)
    A = np.hstack([np.ones((4, 1)), np.array(raw["x"], dtype=float)])
    assert problem.answer("hat_diag").value == pytest.approx(np.diag(A @ np.linalg.pinv(A)))
    assert sum(problem.answer("hat_diag").value) == pytest.approx(3)  # trace of H = number of weights


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_parameters_fit_the_difficulty(difficulty):
    for seed in SEEDS:
        raw = generated(TOPIC, difficulty, seed).params.to_json()
        n, d = len(raw["x"]), len(raw["x"][0])
        assert all(v == int(v) for row in raw["x"] for v in row) and all(0 <= v <= 9 for v in raw["r"])
        if difficulty == "easy":
            assert n in (3, 4) and d == 1 and raw["lam"] == 0 and not raw["penalize_bias"]
            assert len({row[0] for row in raw["x"]}) == n
        elif difficulty == "medium":
            assert n in (4, 5) and d == 1 and raw["lam"] in (1, 2)
        else:
            assert n == 4 and d == 2 and raw["lam"] in (0, 1)
            A = np.hstack([np.ones((4, 1)), np.array(raw["x"], dtype=float)])
            D = np.diag([float(raw["penalize_bias"]), 1, 1])
            assert 1 <= round(np.linalg.det(A.T @ A + raw["lam"] * D)) <= 120


def test_the_notes_slips_are_named():
    """S6: the note's ridge gradient sign; S7: λ multiplied by N (the note's 1/(2N) loss with
    the ½ closed form); S8: the bias penalised through λI when the question leaves it out;
    a fit without the ones column; the 2x2 inverse without the swap, or without dividing by
    the determinant."""
    raw = {"x": [1, 2, 3, 4], "r": [2, 3, 5, 6], "lam": 1}
    problem = registry.from_params(TOPIC, raw)

    def named(answer, typed):
        verdict = judge(problem, problem.answer(answer), typed)
        assert verdict.kind == WRONG
        return verdict.mistake.name

    assert named("w", [26 / 55, 15 / 11]) == "bias_penalty_mismatch"
    A = np.array([[1, 1], [1, 2], [1, 3], [1, 4]], dtype=float)
    times_n = np.linalg.solve(A.T @ A + 4 * np.diag([0, 1]), A.T @ [2, 3, 5, 6])
    assert named("w", list(times_n)) == "lambda_times_n"
    # S6: the note's gradient Xᵀ(r - Xw) + λw set to zero gives (XᵀX - λD)w = Xᵀr
    assert named("w", [-0.375, 1.75]) == "ridge_gradient_sign"
    ols = registry.from_params(TOPIC, {"x": [1, 2, 3, 4], "r": [2, 3, 5, 6]})
    assert judge(ols, ols.answer("w"), [0, 47 / 30]).mistake.name == "no_bias_column"
    assert judge(ols, ols.answer("inverse"), [[0.2, 0.5], [0.5, 1.5]]).mistake.name == "adjugate_not_swapped"
    assert judge(ols, ols.answer("inverse"), [[30, -10], [-10, 4]]).mistake.name == "forgot_det"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"r": [1, 2]}, ["'r'", "4 rows"]),
        ({"x": [[1, 2], [3]]}, ["'x'", "rows differ"]),
        ({"x": [2, 2, 2, 2]}, ["singular", "lam > 0"]),
        ({"x": [[1, 2], [2, 4], [3, 6], [4, 8]]}, ["singular"]),
        ({"lam": -1}, ["'lam'"]),
        ({"penalize_bias": "maybe"}, ["'penalize_bias'"]),
        ({"alpha": 1}, ["unknown parameter 'alpha'"]),
    ],
)
def test_bad_parameters(change, words):
    raw = {"x": [1, 2, 3, 4], "r": [2, 3, 5, 6]} | change
    refused(TOPIC, raw, words)


def test_ridge_makes_a_singular_problem_solvable():
    """A constant feature: XᵀX is singular, XᵀX + λD is not; the slope shrinks to 0 and the
    unpenalised bias is the mean target."""
    problem = registry.from_params(TOPIC, {"x": [2, 2, 2, 2], "r": [1, 2, 3, 4], "lam": 1})
    assert problem.answer("det").value == 4
    assert [str(v) for v in problem.answer("w").exact] == ["5/2", "0"]
