"""knn_classify against scipy.spatial.distance.cdist (distances, cosine similarity = 1 - cosine
distance), sklearn's MinMaxScaler (scaling) and KNeighborsClassifier with algorithm="brute"
(neighbours, vote shares, prediction)."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MinMaxScaler

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

CANONICAL = {  # SYLLABUS 4.3: A (2,3), (4,4), (5,-3); B (4,5), (2,-3), (2,4); q = (2,1), k = 3
    "train": [[2, 3], [4, 4], [5, -3], [4, 5], [2, -3], [2, 4]],
    "labels": ["A", "A", "A", "B", "B", "B"],
    "query": [2, 1],
    "k": 3,
}
COSINE = {"train": [[5, 5], [6, 4], [2, 0], [0, 3]], "labels": ["A", "A", "B", "B"], "query": [1, 1], "k": 2}
SCIPY = {"euclidean": "euclidean", "manhattan": "cityblock", "minkowski": "minkowski", "chebyshev": "chebyshev"}


def oracle(raw):
    train, query = np.array(raw["train"], dtype=float), np.array([raw["query"]], dtype=float)
    expected = {}
    if raw["normalise"] == "minmax":
        scaler = MinMaxScaler().fit(train)
        train, query = scaler.transform(train), scaler.transform(query)
        expected["query_scaled"] = query[0]
    metric = raw["metric"]
    extra = {"p": raw["p"]} if metric == "minkowski" else {}
    if metric == "cosine":
        expected["distances"] = 1 - cdist(query, train, "cosine")[0]
    else:
        expected["distances"] = cdist(query, train, SCIPY[metric], **extra)[0]
    model = KNeighborsClassifier(
        n_neighbors=raw["k"],
        metric=metric,
        algorithm="brute",
        weights="distance" if raw["weighted"] else "uniform",
        **({"p": raw["p"]} if metric == "minkowski" else {}),
    ).fit(train, raw["labels"])
    expected["neighbours"] = list(model.kneighbors(query, return_distance=False)[0] + 1)
    expected["shares"] = model.predict_proba(query)[0]  # votes / their sum, classes sorted
    expected["prediction"] = list(model.classes_).index(model.predict(query)[0]) + 1
    return expected


def assert_matches(problem):
    raw = problem.params.to_json()
    expected = oracle(raw)
    for name in ("query_scaled", "distances"):
        if name in expected:
            assert np.allclose(problem.answer(name).value, expected[name], rtol=1e-9, atol=1e-12), (problem.id, name)
    assert problem.answer("neighbours").value == expected["neighbours"], problem.id
    votes = np.array(problem.answer("votes").value, dtype=float)
    assert np.allclose(votes / votes.sum(), expected["shares"], rtol=1e-9), problem.id
    if not raw["weighted"]:
        assert votes.sum() == raw["k"], problem.id
    assert problem.answer("prediction").value == expected["prediction"], problem.id


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_scipy_and_sklearn(difficulty, seeds):
    for seed in seeds:
        assert_matches(generated("knn_classify", difficulty, seed))


def test_canonical_instance_euclidean_and_manhattan_disagree():
    euclidean = registry.from_params("knn_classify", CANONICAL)
    assert euclidean.answer("distances").value == pytest.approx([2, 13**0.5, 5, 20**0.5, 4, 3])
    assert euclidean.answer("neighbours").value == [1, 6, 2]
    assert euclidean.answer("votes").value == [2, 1]
    assert euclidean.answer("prediction").value == 1  # A
    assert_matches(euclidean)
    manhattan = registry.from_params("knn_classify", CANONICAL | {"metric": "manhattan"})
    assert manhattan.answer("distances").value == [2, 5, 7, 6, 4, 3]
    assert manhattan.answer("neighbours").value == [1, 6, 5]
    assert manhattan.answer("prediction").value == 2  # B
    assert_matches(manhattan)


def test_canonical_cosine_instance():
    cosine = registry.from_params("knn_classify", COSINE | {"metric": "cosine"})
    assert cosine.answer("distances").value == pytest.approx([1, 0.980581, 0.707107, 0.707107], abs=1e-6)
    assert cosine.answer("prediction").value == 1  # A
    assert_matches(cosine)
    euclidean = registry.from_params("knn_classify", COSINE)
    assert euclidean.answer("distances").value == pytest.approx([5.656854, 5.830952, 1.414214, 2.236068], abs=1e-6)
    assert euclidean.answer("prediction").value == 2  # B
    # k = 3: the 3rd and 4th similarities tie; the lower point number is the nearer
    tied = registry.from_params("knn_classify", COSINE | {"metric": "cosine", "k": 3})
    assert tied.answer("neighbours").value == [1, 2, 3]


def test_minkowski_scaling_and_weighted_votes():
    raw = {"train": [[1, 10], [4, 90], [9, 40], [2, 70]], "labels": [0, 1, 1, 0], "query": [3, 20], "k": 3}
    minkowski = registry.from_params("knn_classify", raw | {"metric": "minkowski", "p": 3})
    assert_matches(minkowski)
    assert minkowski.answer("distances").value[0] == pytest.approx((2**3 + 10**3) ** (1 / 3))
    scaled = registry.from_params("knn_classify", raw | {"normalise": "minmax", "weighted": True})
    # x' = (x - min) / (max - min): q' = ((3 - 1)/8, (20 - 10)/80)
    assert scaled.answer("query_scaled").value == pytest.approx([1 / 4, 1 / 8])
    assert_matches(scaled)
    distances = scaled.answer("distances").value
    nearest = scaled.answer("neighbours").value
    labels = raw["labels"]
    expected = [sum(1 / distances[i - 1] for i in nearest if labels[i - 1] == c) for c in (0, 1)]
    assert scaled.answer("votes").value == pytest.approx(expected)


def test_generated_parameters_fit_the_difficulty():
    for seed in SEEDS:
        easy = generated("knn_classify", "easy", seed).params
        assert easy.metric == "euclidean" and easy.k in (1, 3) and 5 <= len(easy.train) <= 6
        assert easy.classes == ("A", "B") and easy.normalise == "none" and not easy.weighted
        medium = generated("knn_classify", "medium", seed).params
        assert medium.metric in ("manhattan", "minkowski") and medium.k in (3, 5) and 6 <= len(medium.train) <= 8
        assert medium.p == 3 and medium.classes == ("A", "B")
        hard = generated("knn_classify", "hard", seed).params
        assert hard.metric in ("chebyshev", "cosine") and hard.k in (3, 5) and 8 <= len(hard.train) <= 10
        assert hard.classes == ("A", "B", "C")
        assert hard.metric == "chebyshev" or (hard.normalise == "none" and not hard.weighted)
        for params in (easy, medium, hard):
            if params.normalise == "none":
                assert all(-5 <= v <= 9 for x in (*params.train, params.query) for v in x)
    hard = [generated("knn_classify", "hard", seed).params for seed in SEEDS]
    assert {p.metric for p in hard} == {"chebyshev", "cosine"}
    assert any(p.normalise == "minmax" for p in hard) and any(p.weighted for p in hard)


def test_named_mistakes():
    problem = registry.from_params("knn_classify", CANONICAL)
    # Manhattan instead of Euclidean: nearest 1, 6, 5
    verdict = judge(problem, problem.answer("neighbours"), [1, 6, 5])
    assert verdict.kind == WRONG and verdict.mistake.name == "wrong_metric"
    verdict = judge(problem, problem.answer("votes"), [1, 0])  # the nearest alone
    assert verdict.kind == WRONG and verdict.mistake.name == "k_equals_one"
    # cosine similarities 0.868, 0.949, 0.537, 0.908, 0.124, 0.8: the least similar are 5, 3, 6
    cosine = registry.from_params("knn_classify", CANONICAL | {"metric": "cosine"})
    verdict = judge(cosine, cosine.answer("neighbours"), [5, 3, 6])
    assert verdict.kind == WRONG and verdict.mistake.name == "similarity_ascending"
    raw = {"train": [[1, 10], [4, 90], [9, 40], [2, 70]], "labels": [0, 1, 1, 0], "query": [3, 100], "k": 1}
    scaled = registry.from_params("knn_classify", raw | {"normalise": "minmax"})
    # range over the training points and the query: feature 2 in [10, 100]
    verdict = judge(scaled, scaled.answer("query_scaled"), [2 / 8, 1.0])
    assert verdict.kind == WRONG and verdict.mistake.name == "query_normalised_with_own_range"
    raw_distances = [float(np.hypot(3 - a, 100 - b)) for a, b in raw["train"]]
    verdict = judge(scaled, scaled.answer("distances"), raw_distances)
    assert verdict.kind == WRONG and verdict.mistake.name == "not_normalised"


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"train": None}, "missing parameter: train"),
        ({"train": [[2, 3], [4]]}, "rows differ in length"),
        ({"labels": ["A", "B"]}, "one for each of the 6 training points"),
        ({"labels": ["A"] * 6}, "give at least two classes"),
        ({"labels": ["A", "A", "A", "B", "B", ["B"]]}, "parameter 'labels' must be"),
        ({"query": [2]}, "parameter 'query' must be"),
        ({"k": 7}, "parameter 'k' must be"),
        ({"k": 0}, "parameter 'k' must be"),
        ({"k": 1.5}, "parameter 'k' must be"),
        ({"metric": "hamming"}, "parameter 'metric' must be one of"),
        ({"p": 2}, "give it with metric=minkowski"),
        ({"metric": "minkowski", "p": 0}, "parameter 'p' must be"),
        ({"normalise": "zscore"}, "parameter 'normalise' must be one of"),
        ({"weighted": "maybe"}, "parameter 'weighted' must be"),
        ({"train": [[2, 3], [4, 3], [5, 3], [4, 3], [2, 3], [2, 3]], "normalise": "minmax"}, "feature 2 has the same"),
        ({"query": [0, 0], "metric": "cosine"}, "the query is the zero vector"),
        ({"metric": "cosine", "weighted": True}, "with metric=cosine leave 'weighted' false"),
        ({"query": [2, 3], "weighted": True}, "the query lies on training point 1"),
        ({"neighbours": 3}, "unknown parameter 'neighbours'"),
    ],
)
def test_bad_parameters_name_the_problem(change, phrase):
    raw = {key: value for key, value in (CANONICAL | change).items() if value is not None}
    with pytest.raises(ParamError, match=phrase):
        registry.from_params("knn_classify", raw)
