"""confusion_metrics: every answer against scikit-learn, scored on label arrays rebuilt
from the counts (and the confusion matrix rebuilt from those arrays)."""

import math
from fractions import Fraction

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score

from exercises.core import registry
from exercises.core.columns import cells
from exercises.core.errors import ParamError
from exercises.core.lang import using
from exercises.core.render import render
from tests.problems import DIFFICULTIES, FORMATS, SEEDS, TIERS, generated, refused

TOPIC = "confusion_metrics"


def close(a, b) -> bool:
    if isinstance(b, (list, np.ndarray)):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def binary_labels(tp, fp, fn, tn):
    """y_true, y_pred with 1 = positive."""
    y_true = np.repeat([1, 0, 1, 0], [tp, fp, fn, tn])
    y_pred = np.repeat([1, 1, 0, 0], [tp, fp, fn, tn])
    return y_true, y_pred


def matrix_labels(matrix):
    """y_true, y_pred with class indices: entry (i, j) becomes m_ij pairs (actual i, predicted j)."""
    m = np.array(matrix)
    k = len(m)
    pairs = np.repeat(np.arange(k * k), m.ravel())
    return pairs // k, pairs % k


def sklearn_binary(raw) -> dict:
    y_true, y_pred = binary_labels(raw["tp"], raw["fp"], raw["fn"], raw["tn"])
    assert confusion_matrix(y_true, y_pred, labels=[1, 0]).tolist() == [[raw["tp"], raw["fn"]], [raw["fp"], raw["tn"]]]
    return {
        "accuracy": accuracy_score(y_true, y_pred),
        "precision": precision_score(y_true, y_pred),
        "recall": recall_score(y_true, y_pred),
        "specificity": recall_score(y_true, y_pred, pos_label=0),
        "f1": f1_score(y_true, y_pred),
    }


def sklearn_matrix(raw) -> dict:
    y_true, y_pred = matrix_labels(raw["matrix"])
    k = len(raw["matrix"])
    labels = list(range(k))
    assert confusion_matrix(y_true, y_pred, labels=labels).tolist() == raw["matrix"]
    return {
        "accuracy": accuracy_score(y_true, y_pred),
        "precision": precision_score(y_true, y_pred, labels=labels, average=None).tolist(),
        "recall": recall_score(y_true, y_pred, labels=labels, average=None).tolist(),
        "f1": f1_score(y_true, y_pred, labels=labels, average=None).tolist(),
        "macro_f1": f1_score(y_true, y_pred, labels=labels, average="macro"),
        "micro_f1": f1_score(y_true, y_pred, labels=labels, average="micro"),
    }


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_match_sklearn(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        where = f"{TOPIC}:{difficulty}#{seed} {raw}"
        expected = sklearn_binary(raw) if "tp" in raw else sklearn_matrix(raw)
        assert {a.name for a in problem.solution.answers} == set(expected), where
        for name, value in expected.items():
            assert close(problem.answer(name).value, value), (where, name)


def test_generators_keep_their_promises():
    easy = [generated(TOPIC, "easy", s).params.to_json() for s in SEEDS]
    assert all(sum(r.values()) in (20, 40, 50, 100) for r in easy)
    for r in easy:  # precision, recall and specificity are whole percentages
        for num, den in ((r["tp"], r["tp"] + r["fp"]), (r["tp"], r["tp"] + r["fn"]), (r["tn"], r["tn"] + r["fp"])):
            assert (Fraction(num, den) * 100).denominator == 1, r
    assert len({tuple(r.values()) for r in easy}) > len(easy) // 3  # varied, not a handful
    medium = [generated(TOPIC, "medium", s).params.to_json() for s in SEEDS]
    assert all(r["fp"] != r["fn"] for r in medium)
    hard = [generated(TOPIC, "hard", s).params.to_json() for s in SEEDS]
    assert all(len(r["matrix"]) in (3, 4) and len(r["labels"]) == len(r["matrix"]) for r in hard)


def test_textbook_binary():
    problem = registry.from_params(TOPIC, {"tp": 40, "fp": 10, "fn": 20, "tn": 30})
    values = {a.name: a.exact for a in problem.solution.answers}
    assert values == {
        "accuracy": Fraction(7, 10),
        "precision": Fraction(4, 5),
        "recall": Fraction(2, 3),
        "specificity": Fraction(3, 4),
        "f1": Fraction(8, 11),
    }
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert wrong["precision_recall_swapped"] == {"precision": 2 / 3, "recall": 0.8}
    assert close(wrong["f1_arithmetic_mean"]["f1"], (0.8 + 2 / 3) / 2)


def test_textbook_multiclass():
    # cat: TP 5, FP 2, FN 1; dog: TP 6, FP 2, FN 3; bird: TP 7, FP 1, FN 1 (N = 23)
    raw = {"matrix": [[5, 1, 0], [2, 6, 1], [0, 1, 7]], "labels": ["cat", "dog", "bird"]}
    problem = registry.from_params(TOPIC, raw)
    values = {a.name: a.exact for a in problem.solution.answers}
    f1 = (Fraction(10, 13), Fraction(12, 17), Fraction(7, 8))  # 2TP / (2TP + FP + FN)
    assert values == {
        "accuracy": Fraction(18, 23),
        "precision": (Fraction(5, 7), Fraction(6, 8), Fraction(7, 8)),
        "recall": (Fraction(5, 6), Fraction(6, 9), Fraction(7, 8)),
        "f1": f1,
        "macro_f1": sum(f1) / 3,
        "micro_f1": Fraction(18, 23),
    }
    for name, value in sklearn_matrix(raw).items():
        assert close(problem.answer(name).value, value), name
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert close(wrong["precision_recall_swapped"]["precision"], [5 / 6, 6 / 9, 7 / 8])
    assert close(wrong["macro_micro_swapped"]["micro_f1"], float(sum(f1) / 3))
    # default labels, a 2-class matrix and a class with no true positives (F1 taken as 0, as sklearn)
    problem = registry.from_params(TOPIC, {"matrix": [[0, 3], [2, 5]]})
    assert problem.params.labels == ("class 1", "class 2")
    assert problem.answer("f1").value == [0, 2 * 5 / (2 * 5 + 3 + 2)]
    assert close(problem.answer("f1").value, sklearn_matrix({"matrix": [[0, 3], [2, 5]]})["f1"])


@pytest.mark.parametrize(
    "raw, words",
    [
        ({}, ["tp", "matrix"]),
        ({"tp": 1, "fp": 2, "fn": 3}, ["tn"]),
        ({"tp": 1, "fp": 2, "fn": 3, "tn": 4, "matrix": [[1, 2], [3, 4]]}, ["not both"]),
        ({"tp": 1, "fp": 2, "fn": 3, "tn": 4, "labels": ["a", "b"]}, ["labels"]),
        ({"tp": 1, "fp": 2, "fn": 3, "tn": 4, "beta": 2}, ["beta"]),
        ({"tp": -1, "fp": 2, "fn": 3, "tn": 4}, ["tp"]),
        ({"tp": 1.5, "fp": 2, "fn": 3, "tn": 4}, ["tp"]),
        ({"tp": 1, "fp": "many", "fn": 3, "tn": 4}, ["fp"]),
        ({"tp": 0, "fp": 0, "fn": 0, "tn": 0}, ["all zeros"]),
        ({"labels": ["a", "b"]}, ["labels", "matrix"]),
        ({"matrix": [[1, 2, 3], [4, 5, 6]]}, ["matrix"]),
        ({"matrix": [[1, 2], [3]]}, ["matrix"]),
        ({"matrix": [[1]]}, ["matrix"]),
        ({"matrix": [[1] * 11] * 11}, ["matrix"]),
        ({"matrix": [[1, -2], [3, 4]]}, ["matrix"]),
        ({"matrix": [[1, 2], [3, 4]], "labels": ["a"]}, ["labels"]),
        ({"matrix": [[1, 2], [3, 4]], "labels": ["a", "a"]}, ["labels"]),
        ({"matrix": [[1, 2], [3, 4]], "labels": ["a", 2]}, ["labels"]),
        ({"matrix": [[1, 2], [3, 4]], "labels": ["a", "b"], "weights": [1, 1]}, ["weights"]),
        ({"matrix": [[0, 0], [0, 0]]}, ["all zeros"]),
    ],
)
def test_bad_parameters_are_one_clear_sentence(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "matrix",
    [
        [[1, 0, 0], [2, 0, 0], [0, 0, 3]],  # 'dog' never predicted: its precision is 0/0
        [[1, 0, 1], [0, 0, 0], [0, 1, 3]],  # 'dog' never occurs: its recall is 0/0
        [[5, 0, 1], [2, 0, 1], [0, 0, 7]],
    ],
)
def test_an_undefined_precision_or_recall_is_0_with_a_note_as_in_scikit_learn(matrix):
    problem = registry.from_params(TOPIC, {"matrix": matrix, "labels": ["cat", "dog", "bird"]})
    y_true, y_pred = matrix_labels(matrix)
    labels = [0, 1, 2]
    score = dict(labels=labels, average=None, zero_division=0)
    assert close(problem.answer("precision").value, precision_score(y_true, y_pred, **score))
    assert close(problem.answer("recall").value, recall_score(y_true, y_pred, **score))
    assert close(problem.answer("f1").value, f1_score(y_true, y_pred, **score))
    assert close(
        problem.answer("macro_f1").value, f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)
    )
    notes = [str(s.note) for s in problem.solution.steps if "undefined" in str(s.note)]
    assert len(notes) == 1 and "'dog'" in notes[0] and "zero_division=0" in notes[0]


@pytest.mark.parametrize(
    "raw, undefined",
    [
        ({"tp": 0, "fp": 0, "fn": 3, "tn": 4}, "precision"),
        ({"tp": 0, "fp": 2, "fn": 0, "tn": 4}, "recall"),
        ({"tp": 1, "fp": 0, "fn": 3, "tn": 0}, "specificity"),
    ],
)
def test_binary_metrics_with_a_zero_denominator_are_0_with_a_note(raw, undefined):
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer(undefined).value == 0
    y_true, y_pred = binary_labels(raw["tp"], raw["fp"], raw["fn"], raw["tn"])
    assert close(problem.answer("precision").value, precision_score(y_true, y_pred, zero_division=0))
    assert close(problem.answer("recall").value, recall_score(y_true, y_pred, zero_division=0))
    assert close(problem.answer("f1").value, f1_score(y_true, y_pred, zero_division=0))
    assert any("0/0 is undefined, taken as 0" in str(s.note) for s in problem.solution.steps)


BINARY_TERMS = ["混淆矩阵", "准确率", "查准率", "查全率", "特异度", "F1 分数", "真正例", "假正例", "假反例", "真反例"]
MATRIX_TERMS = [
    "混淆矩阵",
    "准确率",
    "查准率",
    "查全率",
    "F1 分数",
    "宏平均 F1",
    "微平均 F1",
    "真正例",
    "假正例",
    "假反例",
]
MIXED = {"matrix": [[5, 1], [2, 6]], "labels": ["cat", "鸟 bird"]}  # Latin and Chinese names
ENGLISH = ["Class ", "of each class", "in the order", "harmonic", "true positives", "Compute", "undefined"]


@pytest.mark.parametrize(
    "raw, labels, terms",
    [
        ({"tp": 0, "fp": 0, "fn": 3, "tn": 4}, [], BINARY_TERMS),  # precision 0/0: the note too
        # '狗' is never predicted: its precision is 0/0
        ({"matrix": [[5, 0, 1], [2, 0, 1], [0, 0, 7]], "labels": ["猫", "狗", "鸟"]}, ["猫", "狗", "鸟"], MATRIX_TERMS),
        (MIXED, ["cat", "鸟 bird"], MATRIX_TERMS),
    ],
)
def test_a_problem_reads_in_chinese_in_every_format_with_the_labels_as_given(raw, labels, terms):
    problem = registry.from_params(TOPIC, raw)
    undefined = raw != MIXED  # a precision 0/0 (a note on it) in the first two
    for fmt in FORMATS:
        out = render([problem], fmt, solutions=True, lang="zh")
        where = f"{fmt}: {out}"
        assert all(label in out for label in labels), where
        assert all(term in out for term in terms), where
        assert not any(word in out for word in ENGLISH), where
        if fmt != "json":  # JSON holds no notes
            assert ("无定义，按 0 计" in out and "zero" in out and "division=0" in out) == undefined, where
        if fmt == "text":
            assert all(cells(line) <= 80 for line in out.splitlines()), where
    with using("zh"):
        notes = [str(s.note) for s in problem.solution.steps if s.note]
        messages = [str(m.message) for m in problem.mistakes]
    assert any("0/0 无定义" in note and "zero_division=0" in note for note in notes) == undefined, notes
    assert any("查准率与查全率弄反了" in m for m in messages) and any("调和平均" in m for m in messages), messages
    if labels:
        assert any("“狗”" in note for note in notes) == ("狗" in labels), notes
        question = problem.solution.question.parts[0].show("zh")
        spaced = "区分猫、狗、鸟共 3 个类别" if "猫" in labels else "区分 cat、鸟 bird 共 2 个类别"
        assert spaced in question, question


def test_default_class_names_read_as_chinese_class_numbers():
    problem = registry.from_params(TOPIC, {"matrix": [[0, 3], [2, 5]]})
    out = render([problem], "text", solutions=True, lang="zh")
    assert "区分第 1 类、第 2 类共 2 个类别" in out and "第 1 类：查准率" in out and "class 1" not in out
    assert "Class 'class 1': precision" in render([problem], "text", solutions=True, lang="en")


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"tp": 1, "fp": 2, "fn": 3, "tn": 4, "matrix": [[1, 2], [3, 4]]}, ["两者不能同时给出"]),
        ({"labels": ["a", "b"]}, ["'labels'", "请同时给出 'matrix'"]),
        ({}, ["缺少参数", "tp"]),
        ({"tp": 1, "fp": 2, "fn": 3, "tn": 4, "labels": ["a", "b"]}, ["不带类别名称"]),
        ({"matrix": [[1, 2], [3, 4]], "labels": ["a"]}, ["参数 'labels' 必须是", "应有 2 个名称"]),
        ({"matrix": [[0, 0], [0, 0]]}, ["混淆矩阵全为 0"]),
    ],
)
def test_bad_parameters_are_explained_in_chinese(raw, words):
    with using("zh"), pytest.raises(ParamError) as caught:
        registry.from_params(TOPIC, raw)
    with using("zh"):
        message = str(caught.value)
    assert all(word in message for word in words) and message.endswith("。"), message
