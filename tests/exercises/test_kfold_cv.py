"""kfold_cv against scikit-learn: KFold(n_splits=K, shuffle=False) for the folds, their sizes and
the training-set sizes; cross_validate of a DummyRegressor(strategy="mean") for the baseline's
training means and validation MSEs (and the number of fits); numpy for the CV errors and the
argmin. Every answer is recomputed from the problem's JSON parameters, never from the family."""

import json
from functools import cache

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.dummy import DummyRegressor
from sklearn.model_selection import KFold, cross_validate

from exercises.core import registry
from exercises.core.lang import using
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, FORMATS, SEEDS, TIERS, generated, matches, refused

TOPIC = "kfold_cv"
CANONICAL = {"n": 10, "k": 3}  # SYLLABUS 4.25: validation {1-4}, {5-7}, {8-10}; training sizes 6, 7, 7
THREE_MODELS = {
    "errors": [[0.3, 0.4, 0.5], [0.2, 0.6, 0.7], [0.6, 0.8, 0.7]],  # CV 0.4, 0.5, 0.7
    "train_errors": [0.25, 0.05, 0.3],  # model 2 fits its training sets best
}
HOMEWORK_Y = [3, 5, 4, 8, 6, 9, 7]


def oracle(raw: dict) -> dict:
    """Every answer of the problem with parameters `raw`, from scikit-learn and numpy (each set of
    parameters computed once per session)."""
    return _oracle(json.dumps(raw, sort_keys=True))


@cache
def _oracle(key: str) -> dict:
    raw = json.loads(key)
    n, k = raw["n"], raw["k"]
    x = np.zeros((n, 1))
    folds = list(KFold(n_splits=k, shuffle=False).split(x))
    for _, test in folds:  # without shuffling, each validation fold is a block of consecutive samples
        assert np.array_equal(test, np.arange(test[0], test[-1] + 1))
    expected = {
        "fold_sizes": [len(test) for _, test in folds],
        "validation_indices": [[int(test[0]) + 1, int(test[-1]) + 1] for _, test in folds],
        "train_sizes": [len(train) for train, _ in folds],
    }
    rows = [list(map(float, row)) for row in raw.get("errors", [])]
    fits = k
    if "y" in raw:
        y = np.array(raw["y"], dtype=float)
        scored = cross_validate(
            DummyRegressor(strategy="mean"),
            x,
            y,
            cv=KFold(n_splits=k, shuffle=False),
            scoring="neg_mean_squared_error",
            return_estimator=True,
        )
        expected["train_means"] = [float(model.constant_.ravel()[0]) for model in scored["estimator"]]
        expected["fold_mse"] = list(-scored["test_score"])
        rows.append(expected["fold_mse"])
        fits = len(scored["estimator"])
    cv = np.array(rows).mean(axis=1)
    expected["cv_error"] = list(cv)
    expected["selected_model"] = int(np.argmin(cv)) + 1  # numpy's argmin: the first of equal ones
    expected["fits"] = fits
    return expected


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_sklearn_kfold_and_numpy(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        expected = oracle(problem.params.to_json())
        assert [a.name for a in problem.solution.answers] == [name for name in ANSWER_ORDER if name in expected]
        matches(problem, expected)


ANSWER_ORDER = [
    "fold_sizes",
    "validation_indices",
    "train_sizes",
    "train_means",
    "fold_mse",
    "cv_error",
    "selected_model",
    "fits",
]


def answers(problem) -> dict:
    return {a.name: a.value for a in problem.solution.answers}


def test_canonical_instance():
    problem = registry.from_params(TOPIC, CANONICAL | {"errors": [[0.3, 0.4, 0.5], [0.2, 0.6, 0.7]]})
    got = answers(problem)
    assert got["fold_sizes"] == [4, 3, 3]
    assert got["validation_indices"] == [[1, 4], [5, 7], [8, 10]]
    assert got["train_sizes"] == [6, 7, 7]
    assert got["cv_error"] == pytest.approx([0.4, 0.5])  # 1.2 / 3 and 1.5 / 3
    assert got["selected_model"] == 1
    assert got["fits"] == 3
    matches(problem, oracle(problem.params.to_json()))


def test_a_homework_with_targets_solved_from_the_command_line():
    # n = 7, K = 3: folds 1-3, 4-5, 6-7. Fold 1 trains on 8, 6, 9, 7 (mean 7.5): MSE (4.5² + 2.5² + 3.5²)/3;
    # fold 2 on 3, 5, 4, 9, 7 (mean 5.6): (2.4² + 0.4²)/2 = 2.96; fold 3 on 3, 5, 4, 8, 6 (mean 5.2):
    # (3.8² + 1.8²)/2 = 8.84.
    args = ["solve", TOPIC, "--param", f"y={HOMEWORK_Y}", "--param", "k=3", "--param", "errors=[[6, 3, 9]]"]
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    got = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    mse = [38.75 / 3, 2.96, 8.84]
    assert got["fold_sizes"] == [3, 2, 2] and got["validation_indices"] == [[1, 3], [4, 5], [6, 7]]
    assert got["train_sizes"] == [4, 5, 5]
    assert got["train_means"] == pytest.approx([7.5, 5.6, 5.2])
    assert got["fold_mse"] == pytest.approx(mse)
    assert got["cv_error"] == pytest.approx([6, sum(mse) / 3])  # the baseline is model 2
    assert got["selected_model"] == 1 and got["fits"] == 3
    text = CliRunner().invoke(main, args, catch_exceptions=False).output
    assert "kfold_cv:custom" in text and "Solution" in text
    loo = registry.from_params(TOPIC, {"y": HOMEWORK_Y, "k": "loocv"})
    assert loo.params.k == 7 and answers(loo)["fold_sizes"] == [1] * 7
    matches(loo, oracle(loo.params.to_json()))
    # leave-one-out: the baseline's error on sample i is (y_i - mean of the others)²
    others = [(sum(HOMEWORK_Y) - v) / 6 for v in HOMEWORK_Y]
    assert answers(loo)["fold_mse"] == pytest.approx([(v - m) ** 2 for v, m in zip(HOMEWORK_Y, others)])


def test_a_tie_goes_to_the_first_model_and_the_question_says_so():
    problem = registry.from_params(TOPIC, {"n": 9, "k": 3, "errors": [[0.5, 0.4, 0.3], [0.3, 0.4, 0.5]]})
    assert answers(problem)["selected_model"] == 1
    question = " ".join(str(part) for part in problem.solution.question.parts)
    assert "a tie goes to the smaller model number" in question
    untied = registry.from_params(TOPIC, CANONICAL | {"errors": [[0.3, 0.4, 0.5], [0.2, 0.6, 0.7]]})
    assert "tie" not in " ".join(str(part) for part in untied.solution.question.parts)


def named(problem, name, value):
    verdict = judge(problem, problem.answer(name), value)
    assert verdict.kind == WRONG and verdict.mistake is not None, (name, value, verdict)
    return verdict.mistake.name


def test_each_named_mistake_is_recognised():
    problem = registry.from_params(TOPIC, CANONICAL | THREE_MODELS)
    # n mod K = 1 sample left over, put in the last fold: 3, 3, 4
    assert named(problem, "fold_sizes", [3, 3, 4]) == "remainder_in_last_fold"
    assert named(problem, "validation_indices", [[1, 3], [4, 6], [7, 10]]) == "remainder_in_last_fold"
    assert named(problem, "validation_indices", [[0, 3], [4, 6], [7, 9]]) == "zero_based_indices"
    assert named(problem, "train_sizes", [4, 3, 3]) == "train_size_is_n_over_k"
    assert named(problem, "cv_error", [1.2 / 2, 1.5 / 2, 2.1 / 2]) == "divide_by_k_minus_1"
    assert named(problem, "selected_model", 3) == "picked_max"
    assert named(problem, "selected_model", 2) == "training_error_selection"
    # the baseline's mean over all seven targets (6) instead of the training targets
    baseline = registry.from_params(TOPIC, {"y": HOMEWORK_Y, "k": 3})
    leaked = [((3 - 6) ** 2 + (5 - 6) ** 2 + (4 - 6) ** 2) / 3, ((8 - 6) ** 2 + 0) / 2, ((9 - 6) ** 2 + 1) / 2]
    assert named(baseline, "train_means", [6, 6, 6]) == "leaked_validation_mean"
    assert named(baseline, "fold_mse", leaked) == "leaked_validation_mean"
    family = registry.family(TOPIC)
    made = {m.name for m in problem.mistakes} | {m.name for m in baseline.mistakes}
    assert made == set(family.MISTAKE_NAMES)
    with using("zh"):
        assert all(
            "交叉验证" in str(m.message)
            or "折" in str(m.message)
            or "基线" in str(m.message)
            or "编号" in str(m.message)
            for m in problem.mistakes
        )


def test_no_remainder_means_no_remainder_mistake():
    problem = registry.from_params(TOPIC, {"n": 12, "k": 4, "errors": [[1, 2, 3, 4], [2, 2, 2, 3]]})
    assert answers(problem)["fold_sizes"] == [3, 3, 3, 3]
    assert "remainder_in_last_fold" not in {m.name for m in problem.mistakes}


def test_generators_keep_their_promises():
    for seed in SEEDS:
        easy = generated(TOPIC, "easy", seed).params.to_json()
        assert easy["k"] == 3 and easy["n"] in (7, 8, 10, 11) and len(easy["errors"]) == 2 and "y" not in easy
        for row in easy["errors"]:  # tenths whose mean is a tenth
            assert all(round(10 * e, 9) % 1 == 0 for e in row) and round(10 * sum(row), 9) % 3 == 0
        medium = generated(TOPIC, "medium", seed).params.to_json()
        assert 3 <= medium["k"] <= 5 and 10 <= medium["n"] <= 20 and medium["n"] % medium["k"]
        assert len(medium["errors"]) == 3 and "y" not in medium
        hard = generated(TOPIC, "hard", seed).params.to_json()
        assert (hard["k"], hard["n"]) == (6, 6) or (hard["k"] == 5 and hard["n"] in (7, 8, 9, 11, 12))
        assert len(hard["errors"]) == 2 and all(v in range(10) for v in hard["y"])
        for raw in (easy, medium, hard):
            expected = oracle(raw)
            cv = sorted(expected["cv_error"])
            assert cv[1] - cv[0] >= 0.0099 and cv[-1] - cv[-2] >= 0.0099, raw  # no tie, a clear worst
            train = raw["train_errors"]
            assert train.count(min(train)) == 1 and train.index(min(train)) + 1 != expected["selected_model"], raw
    hard = [generated(TOPIC, "hard", seed).params for seed in SEEDS]
    assert any(p.loo for p in hard) and not all(p.loo for p in hard)
    assert len({generated(TOPIC, "hard", seed).answer("selected_model").value for seed in SEEDS}) == 3


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"n": 10}, ["missing parameter", "k"]),
        ({"k": 3, "errors": [[1, 2, 3]]}, ["missing parameter", "n"]),
        ({"n": 10, "k": 3}, ["missing parameter", "errors"]),
        ({"n": 5, "k": 6, "errors": [[1] * 6]}, ["'k'", "6 folds", "n = 5"]),
        ({"n": 10, "k": 1, "errors": [[1]]}, ["'k'"]),
        ({"n": 10, "k": 2.5, "errors": [[1, 2]]}, ["'k'"]),
        ({"n": 10, "k": "ten", "errors": [[1, 2]]}, ["'k'"]),
        ({"n": 50, "k": "loocv", "errors": [[1, 2]]}, ["leave-one-out", "50"]),
        ({"n": 1, "k": 2, "errors": [[1, 2]]}, ["'n'"]),
        ({"n": 10.5, "k": 2, "errors": [[1, 2]]}, ["'n'"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3, 4]]}, ["'errors'", "K = 3", "4 entries"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3], [1, 2]]}, ["'errors'", "differ in length"]),
        ({"n": 10, "k": 3, "errors": [[1, -2, 3]]}, ["'errors'"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3]] * 7}, ["'errors'"]),
        ({"n": 10, "k": 3, "errors": "0.3 0.4 0.5"}, ["'errors'"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3]], "train_errors": [1, 2]}, ["'train_errors'", "1 numbers"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3]], "train_errors": [-1]}, ["'train_errors'"]),
        ({"n": 10, "k": 3, "y": [1, 2, 3]}, ["'n'", "3 targets"]),
        ({"k": 3, "y": [1, 2, "x"]}, ["'y'"]),
        ({"k": 3, "y": [1]}, ["'y'"]),
        ({"k": 2, "y": [1, 2], "train_errors": [1]}, ["'train_errors'"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3]], "folds": 3}, ["unknown parameter 'folds'"]),
    ],
)
def test_bad_parameters_are_one_clear_sentence(raw, words):
    refused(TOPIC, raw, words)
    message = refused(TOPIC, raw, lang="zh")
    assert any("\u4e00" <= c <= "\u9fff" for c in message), message


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"n": 5, "k": 6, "errors": [[1] * 6]}, ["参数 'k'", "K 不能超过 n"]),
        ({"n": 10, "k": 3, "errors": [[1, 2, 3, 4]]}, ["参数 'errors'", "每折一列"]),
        ({"n": 10, "k": 3, "y": [1, 2, 3]}, ["参数 'n'", "目标值"]),
        ({"n": 10, "k": 3}, ["缺少参数", "errors"]),
    ],
)
def test_bad_parameters_are_explained_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")


TERMS = ["K折交叉验证", "验证集", "训练集", "交叉验证误差", "训练误差", "样本数"]
ENGLISH = ["fold", "model", "Model", "samples", "training", "validation", "baseline"]


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_a_problem_reads_in_chinese_in_every_format(difficulty):
    problem = generated(TOPIC, difficulty, 0)
    for fmt in FORMATS:
        out = render([problem], fmt, solutions=True, lang="zh")
        assert all(term in out for term in TERMS), (fmt, [t for t in TERMS if t not in out])
        if fmt == "text":
            words = out.replace(problem.id, "").replace("KFold", "")
            assert not any(word in words for word in ENGLISH), (fmt, [w for w in ENGLISH if w in words])
    if difficulty == "hard":
        out = render([problem], "text", solutions=True, lang="zh")
        assert "基线模型" in out and "均方误差" in out
