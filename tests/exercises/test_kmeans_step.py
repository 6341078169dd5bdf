"""kmeans_step against scikit-learn's KMeans (Lloyd, from the given centroids) and numpy (the
coding task's reference for the empty-cluster rule, which scikit-learn does not share):
every answer of every iteration, the canonical instance, the named mistakes and user
parameters."""

import warnings

import numpy as np
import pytest
from sklearn.cluster import KMeans

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from solutions import kmeans as reference
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

TOPIC = "kmeans_step"


# --- the oracle -------------------------------------------------------------------------


def lloyd(X, init, iterations):
    """scikit-learn's Lloyd k-means from `init`, stopped after `iterations` updates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reaching max_iter is what we ask for
        return KMeans(n_clusters=len(init), init=init, n_init=1, max_iter=iterations, algorithm="lloyd", tol=0).fit(X)


def squared_distances(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def oracle(raw: dict) -> dict:
    """Every answer of the problem, from sklearn (centroids, labels, n_iter_) and numpy."""
    X = np.array(raw["points"], dtype=float)
    init = np.array(raw["init"], dtype=float)
    if raw["iterations"] == "stable":
        iterations = lloyd(X, init, 50).n_iter_ - 1  # sklearn also counts the confirming iteration
    else:
        iterations = raw["iterations"]
    out = {}
    before, labels = init, squared_distances(X, init).argmin(axis=1)
    for t in range(1, iterations + 1):
        fitted = lloyd(X, init, t)
        centroids = fitted.cluster_centers_
        out[f"distances_{t}"] = squared_distances(X, before)
        out[f"labels_{t}"] = labels + 1
        out[f"centroids_{t}"] = centroids[:, 0] if X.shape[1] == 1 else centroids
        out[f"sse_{t}"] = float(((X - centroids[labels]) ** 2).sum())
        before, next_labels = centroids, fitted.labels_  # sklearn: the assignment to the final centres
        if t == iterations:
            if raw["iterations"] == "stable":
                out["iterations_to_converge"] = iterations
                assert np.array_equal(next_labels, labels)
            else:
                out["converged"] = int(np.array_equal(next_labels, labels))
        labels = next_labels
    return out


def assert_matches(problem, expected):
    names = [a.name for a in problem.solution.answers]
    assert names == list(expected), (problem.id, names)
    for name, value in expected.items():
        assert np.allclose(problem.answer(name).value, value, rtol=1e-9, atol=1e-9), (problem.id, name)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_sklearn_kmeans(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        assert_matches(problem, oracle(problem.params.to_json()))


# --- the canonical instance ----------------------------------------------------------------

CANONICAL = {"points": [[1, 1], [1, 2], [2, 1], [4, 3], [5, 4], [5, 5]], "init": [[1, 1], [1, 2]]}


def test_canonical_instance():
    problem = registry.from_params(TOPIC, dict(CANONICAL, iterations="stable"))
    value = lambda name: problem.answer(name).value  # noqa: E731
    assert value("labels_1") == [1, 2, 1, 2, 2, 2]
    assert np.allclose(value("centroids_1"), [[1.5, 1], [3.75, 3.5]])
    assert value("sse_1") == pytest.approx(16.25)
    assert value("labels_2") == [1, 1, 1, 2, 2, 2]
    assert np.allclose(value("centroids_2"), [[4 / 3, 4 / 3], [14 / 3, 4]])
    assert value("sse_2") == pytest.approx(4)
    assert value("iterations_to_converge") == 2
    assert value("distances_1")[3] == [13, 10]  # (4,3) to (1,1) and to (1,2)
    assert [str(x) for x in problem.answer("centroids_2").exact[0]] == ["4/3", "4/3"]
    assert lloyd(np.array(CANONICAL["points"], float), np.array(CANONICAL["init"], float), 50).n_iter_ == 3
    two = registry.from_params(TOPIC, dict(CANONICAL, iterations=2, k=2))
    assert two.answer("converged").value == 1
    one = registry.from_params(TOPIC, dict(CANONICAL, iterations=1))
    assert one.answer("converged").value == 0


def test_one_dimensional_points_and_the_default_iterations():
    problem = registry.from_params(TOPIC, {"points": [1, 2, 4, 7, 8, 9], "init": [1, 9]})
    assert_matches(problem, oracle(problem.params.to_json()))
    assert problem.params.iterations == "stable"
    assert problem.answer("centroids_1").value == pytest.approx([7 / 3, 8])


def test_ties_go_to_the_lower_centroid_and_an_empty_cluster_keeps_its_centroid():
    # 3 is equally near 1 and 5: it joins cluster 1; the centroid at 100 wins no point
    problem = registry.from_params(TOPIC, {"points": [[1], [3], [5], [6]], "init": [[1], [5], [100]], "iterations": 1})
    assert problem.answer("labels_1").value == [1, 1, 2, 2]
    assert problem.answer("centroids_1").value == pytest.approx([2, 5.5, 100])
    text = " ".join(str(part) for part in problem.solution.question.parts)
    assert "lower-numbered" in text and "stays where it is" in text
    # scikit-learn moves an empty cluster's centre to a far point; the coding task keeps it, as we do
    X = np.array([[1], [3], [5], [6]], float)
    centroids, labels = reference.fit(X, np.array([[1], [5], [100]], float), 1)
    assert centroids[:, 0] == pytest.approx([2, 5.5, 100])
    assert reference.assign(X, np.array([[1], [5], [100]], float)).tolist() == [0, 0, 1, 1]


# --- generation -------------------------------------------------------------------------------


def test_generated_problems_fit_each_difficulty():
    shapes = {"easy": ((5, 6), (1, 2), 2, 1), "medium": ((6, 8), (2, 2), 2, 2), "hard": ((8, 10), (2, 2), 3, "stable")}
    for difficulty, ((n_low, n_high), (d_low, d_high), k, iterations) in shapes.items():
        for seed in SEEDS:
            problem = generated(TOPIC, difficulty, seed)
            raw = problem.params.to_json()
            points = raw["points"]
            assert n_low <= len(points) <= n_high and d_low <= len(points[0]) <= d_high, problem.id
            assert all(0 <= v <= 9 and isinstance(v, int) for x in points for v in x), problem.id
            assert len({tuple(x) for x in points}) == len(points), problem.id
            assert raw["k"] == k and raw["iterations"] == iterations, problem.id
            assert all(c in points for c in raw["init"]), problem.id
            X, init = np.array(points, float), np.array(raw["init"], float)
            steps = 1 + (problem.answer("iterations_to_converge").value if iterations == "stable" else iterations)
            centroids = init
            for _ in range(steps):  # no tie and no empty cluster in any assignment
                d = np.sort(squared_distances(X, centroids), axis=1)
                assert np.all(d[:, 1] > d[:, 0]), problem.id
                labels = squared_distances(X, centroids).argmin(axis=1)
                assert len(set(labels)) == k, problem.id
                centroids = np.array([X[labels == j].mean(axis=0) for j in range(k)])
            if iterations == "stable":
                assert 2 <= problem.answer("iterations_to_converge").value <= 3, problem.id
            if difficulty == "medium":
                assert problem.answer("labels_1").value != problem.answer("labels_2").value, problem.id


# --- mistakes ------------------------------------------------------------------------------------


def named(problem, name, typed):
    verdict = judge(problem, problem.answer(name), typed)
    assert verdict.kind == WRONG, (name, typed, verdict)
    return verdict.mistake and verdict.mistake.name


def test_the_named_mistakes_of_the_canonical_instance():
    problem = registry.from_params(TOPIC, dict(CANONICAL, iterations="stable"))
    # SSE of iteration 1 to the initial centroids: 0 + 0 + 1 + 10 + 20 + 25
    assert named(problem, "sse_1", 56) == "sse_with_old_centroids"
    X = np.array(CANONICAL["points"], float)
    c = np.array([[1.5, 1], [3.75, 3.5]])
    distances = np.sqrt(((X - c[[0, 1, 0, 1, 1, 1]]) ** 2).sum(axis=1)).sum()
    assert named(problem, "sse_1", round(float(distances), 3)) == "sse_not_squared"
    assert named(problem, "centroids_1", [[1, 1], [1, 2]]) == "centroid_not_updated"
    l1 = np.abs(X[:, None, :] - np.array(CANONICAL["init"], float)[None]).sum(axis=2)
    assert named(problem, "distances_1", l1.tolist()) == "manhattan_assignment"
    # cluster 2 of iteration 1 is (1,2),(4,3),(5,4),(5,5): median (4.5, 3.5), mean (3.75, 3.5)
    assert named(problem, "centroids_1", [[1.5, 1], [4.5, 3.5]]) == "median_centroid"
    assert named(problem, "iterations_to_converge", 3) == "counted_confirming_iteration"


# --- user parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({"points": [[1, 1], [2, 2], [3, 3]]}, "missing parameter: init"),
        ({"points": [[1, 1], [2, 2], [3, 3]], "init": [[1, 1], [2, 2]], "seeds": 1}, "unknown parameter 'seeds'"),
        ({"points": [[1, 1], [2, 2]], "init": [[1, 1], [2, 2]]}, "3-20 points"),
        ({"points": [[1, 1], [2, 2], [3, 3]], "init": [[1, 1], [2, 2], [3, 3]]}, "more points than clusters"),
        ({"points": [[1, 1], [2, 2], [3, 3], [4, 4]], "init": [[1], [2]]}, "2 coordinates"),
        ({"points": [[1, 1], [2, 2], [3, 3], [4, 4]], "init": [[1, 1], [1, 1]]}, "coincide"),
        ({"points": [[1, 1], [2, 2], [3, 3], [4, 4]], "init": [[1, 1], [2, 2]], "k": 3}, "'k' is 3"),
        ({"points": [[1, 1], [2, 2], [3, 3], [4, 4]], "init": [[1, 1], [2, 2]], "iterations": 0}, "iterations"),
        ({"points": [[1, 1], [2, 2], [3, 3], [4, 4]], "init": [[1, 1], [2, 2]], "iterations": "often"}, "stable"),
        ({"points": [[1, 1], [2, "a"], [3, 3]], "init": [[1, 1], [2, 2]]}, "points"),
        ({"points": [[1, 1], [2, 2, 2], [3, 3]], "init": [[1, 1], [2, 2]]}, "rows differ"),
        ({"points": [[1, 1], [2, 2], [3, 3]], "init": [[1, 1]]}, "init"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params(TOPIC, raw)


def test_parameters_round_trip():
    problem = registry.from_params(TOPIC, {"points": [[0.5, 1], [2, 3], [4, 4], [9, 1]], "init": [[0.5, 1], [9, 1]]})
    again = registry.from_params(TOPIC, problem.params.to_json())
    assert again.params == problem.params
    assert_matches(problem, oracle(problem.params.to_json()))
