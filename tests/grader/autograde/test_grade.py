"""`mlexam grade` end to end: references score full marks, starters zero, typical
bugs fail the cases they should, notebooks, reports (text, JSON, Gradescope),
folders of submissions with a gradebook, and bad input in one sentence."""

import csv
import json
import os
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from exercises.core.lang import using
from grader.autograde import sandbox
from grader.autograde.grade import grade
from grader.autograde.tasks import starter_path, task, tasks
from mlexam import main

ROOT = Path(__file__).resolve().parents[3]  # the project: tests/grader/<half>/this file
SUBMISSIONS = ROOT / "tests" / "submissions"


def reference_as_submission(name: str, folder: Path) -> Path:
    """The installed reference file, handed in unchanged as a learner's submission."""
    path = folder / f"{name}.py"
    shutil.copyfile(ROOT / "solutions" / f"{name}.py", path)
    return path


def failed(report) -> set[str]:
    return {t.name for t in report.tests if t.status == "failed"}


@pytest.mark.parametrize("name", tasks())
def test_every_reference_scores_full_marks(name, tmp_path):
    for seed in (0, 1):
        report = grade(reference_as_submission(name, tmp_path), seed=seed)
        assert report.error is None
        assert report.score == report.max_score > 0, [
            (t.name, str(t.message)) for t in report.tests if t.status != "passed"
        ]


@pytest.mark.parametrize("name", tasks())
def test_every_starter_scores_zero_without_crashing(name):
    report = grade(starter_path(name), model=name)
    assert report.score == 0 and report.tests
    visible = [t for t in report.tests if t.visible]
    assert visible and all("NotImplementedError" in str(t.message) for t in visible)


def bugs():
    for path in sorted(SUBMISSIONS.glob("*/*.py")):
        yield pytest.param(path, id=f"{path.parent.name}/{path.stem}")


@pytest.mark.parametrize("name", tasks())
def test_every_task_has_a_correct_alternative_and_some_bugs(name):
    folder = SUBMISSIONS / name
    assert (folder / "correct_alt.py").is_file()
    assert 2 <= len([p for p in folder.glob("*.py") if p.stem != "correct_alt"]) <= 4


@pytest.mark.parametrize("path", list(bugs()))
def test_typical_wrong_implementations_fail_the_cases_they_should(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if path.stem != "correct_alt":
        assert first.startswith("# must fail:"), f"{path} must say which cases it fails"
    prefixes = [n.strip() for n in first.split(":", 1)[1].split(",") if n.strip()]
    for seed in (0, 1, 2):
        report = grade(path, model=path.parent.name, seed=seed)
        if path.stem == "correct_alt":
            assert report.score == report.max_score, (
                seed,
                [(t.name, str(t.message)) for t in report.tests if t.status != "passed"],
            )
            continue
        for prefix in prefixes:
            named = {t.name for t in report.tests if t.name.startswith(prefix)}
            assert named, f"{path.name}: {prefix!r} names no case"
            assert named <= failed(report), (path.name, seed, prefix, sorted(named - failed(report)))
        assert report.score < report.max_score


def variant(tmp_path, task_name: str, extra: str):
    """The task's correct alternative with `extra` appended (overriding some functions), graded."""
    source = (SUBMISSIONS / task_name / "correct_alt.py").read_text(encoding="utf-8")
    path = tmp_path / f"{task_name}.py"
    path.write_text(source + "\n\n" + extra, encoding="utf-8")
    return grade(path)


def mlp_variant(tmp_path, extra: str):
    return variant(tmp_path, "mlp_backprop", "_mean_loss, _backward = loss, backward\n" + extra)


def not_passed(report) -> list:
    return [(t.name, str(t.message)) for t in report.tests if t.status != "passed"]


def gradient_results(report):
    cases = {c.name: c for c in task("mlp_backprop").cases(0)}
    return [t for t in report.tests if cases[t.name].gradient_of]


@pytest.mark.parametrize(
    "loss",
    [
        "    return X.shape[0] * _mean_loss(X, Y_true, W1, b1, W2, b2)\n",  # wrong: no 1/n
        '    raise NotImplementedError("loss")\n',  # not written yet
    ],
)
def test_a_gradient_equal_to_the_reference_passes_whatever_the_learners_loss_does(tmp_path, loss):
    report = mlp_variant(tmp_path, "\n\ndef loss(X, Y_true, W1, b1, W2, b2):\n" + loss)
    gradients = gradient_results(report)
    assert gradients and all(t.status == "passed" for t in gradients), [(t.name, str(t.message)) for t in gradients]
    assert all(t.status == "passed" for t in report.tests if not t.name.startswith("loss/"))


def test_a_wrong_gradient_is_diagnosed_with_the_learners_own_loss(tmp_path):
    """Twice the gradient: with the right loss, the derivative is at fault; with a loss twice as
    large too, gradient and loss agree, so the loss is named."""
    doubled = (
        "\n\ndef backward(X, Y_true, W1, b1, W2, b2):\n"
        "    return tuple(2 * g for g in _backward(X, Y_true, W1, b1, W2, b2))\n"
    )
    visible = [t for t in gradient_results(mlp_variant(tmp_path, doubled)) if t.visible]
    assert visible and all(t.status == "failed" and t.kind == "gradient" for t in visible)
    assert all("disagrees with central differences of your own loss()" in str(t.message) for t in visible)
    both = doubled + "\n\ndef loss(X, Y_true, W1, b1, W2, b2):\n    return 2 * _mean_loss(X, Y_true, W1, b1, W2, b2)\n"
    visible = [t for t in gradient_results(mlp_variant(tmp_path, both)) if t.visible]
    assert visible and all(t.status == "failed" and t.kind == "value" for t in visible)
    assert all("so loss() is probably wrong too" in str(t.message) for t in visible)


def test_a_notebook_is_graded_from_its_code_cells(tmp_path):
    source = (SUBMISSIONS / "knn" / "correct_alt.py").read_text(encoding="utf-8")
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# My kNN\n"], "metadata": {}},
            {
                "cell_type": "code",
                "source": ["%matplotlib inline\n", "!pip list\n"],
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            },
            {
                "cell_type": "code",
                "source": source.splitlines(keepends=True),
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "alice_knn.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    report = grade(path)  # the model is inferred from the file name
    assert report.model == "knn" and report.score == report.max_score


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def write_notebook(path: Path, cells: list) -> Path:
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_a_notebook_scores_as_jupyter_runs_it(tmp_path):
    """The notebook the issue's users handed in: magics, shell escapes, plots, display(), a
    continuation line starting with !=, a %%bash cell and a failing demo cell. It scores what
    its .py twin scores, and the failing cell is named with its line."""
    twin = SUBMISSIONS / "knn" / "correct_alt.py"
    cells = [
        markdown_cell("# k nearest neighbours"),
        code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt\nfrom IPython.display import display\n"),
        code_cell(twin.read_text(encoding="utf-8")),
        code_cell("files = !ls\n%time w = 3\nnp.linalg.norm?\n"),
        code_cell("%%bash\necho this never runs\n"),
        markdown_cell("A demo that breaks:"),
        code_cell("X_demo = np.zeros((2, 2))\nprint(undefined_name)\n"),
        code_cell(
            "y_test = np.array([0, 1, 1])\npred = predict(np.eye(3), y_test, np.eye(3), 1)\n"
            "accuracy = np.mean(pred\n                   != y_test)\n"
            "fig, ax = plt.subplots()\nax.plot([1, 2])\nfig, axes = plt.subplots(2, 2)\n"
            "axes[0, 1].set_title('votes')\nplt.show()\ndisplay(accuracy)\n"
            "if __name__ == '__main__':\n    assert accuracy == 0.0 and w == 3 and files == []\n"
        ),
    ]
    report = grade(write_notebook(tmp_path / "alice_knn.ipynb", cells))
    assert report.score == report.max_score == grade(twin, "knn").max_score, not_passed(report)
    assert tuple(map(str, report.notes)) == ("cell 7, line 2: NameError: name 'undefined_name' is not defined",)
    assert "notebook cells that failed" in text_report(report) and "cell 7" in text_report(report)


def test_errors_in_a_notebooks_functions_name_the_cell_and_its_line(tmp_path):
    cells = [
        code_cell("import numpy as np\n"),
        markdown_cell("## distances"),
        code_cell("def distances(X_train, X, metric):\n    scale = 2\n    raise ValueError('not yet')\n"),
        code_cell("from sklearn.neighbors import KNeighborsClassifier\n"),
        code_cell("def predict(X_train, y_train, X, k, metric='euclidean'):\n    return np.zeros(len(X), dtype=int)\n"),
    ]
    report = grade(write_notebook(tmp_path / "knn.ipynb", cells))
    distances = [t for t in report.tests if t.name.startswith("distances/") and t.visible]
    assert distances and all(str(t.message) == "ValueError: not yet (cell 3, line 3)" for t in distances)
    assert tuple(map(str, report.notes)) == ("cell 4: imports sklearn, which this task does not allow",)
    predict = [t for t in report.tests if t.name.startswith("predict/")]
    assert predict and all(t.kind != "missing_function" for t in predict)  # the cell after the failing one ran


def text_report(report) -> str:
    from grader.autograde import report as reports

    return reports.text(report)


def test_reports_text_json_and_gradescope(tmp_path):
    runner = CliRunner()
    results = tmp_path / "results.json"
    out = runner.invoke(
        main,
        [
            "grade",
            str(starter_path("logistic_regression")),
            "--model",
            "logistic_regression",
            "--gradescope",
            str(results),
        ],
    )
    assert out.exit_code == 0, out.output
    assert "FAIL" in out.output and "Score: 0 /" in out.output and "isolation:" in out.output
    data = json.loads(results.read_text())
    assert set(data) >= {"score", "execution_time", "tests"} and data["score"] == 0
    assert {t["visibility"] for t in data["tests"]} == {"visible", "after_published"}
    assert all(set(t) >= {"name", "score", "max_score", "status", "output", "visibility"} for t in data["tests"])
    out = runner.invoke(
        main, ["grade", str(starter_path("logistic_regression")), "--model", "logistic_regression", "--format", "json"]
    )
    report = json.loads(out.output)
    assert set(report) >= {"submission", "model", "seed", "score", "max_score", "isolation", "tests"}
    hidden = [t for t in report["tests"] if not t["visible"]]
    assert hidden and all(t["inputs"] == "" and t["output"] == "" for t in hidden)


def test_a_folder_of_submissions_and_its_gradebook(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.py").write_text((SUBMISSIONS / "kmeans" / "correct_alt.py").read_text())
    (folder / "bob.py").write_text(starter_path("kmeans").read_text())
    (folder / "carol.py").write_text("def assign(X, centroids)\n    return 0\n")
    (folder / "notes.txt").write_text("not a submission")
    gradebook = tmp_path / "grades.csv"
    out = CliRunner().invoke(main, ["grade", str(folder), "--model", "kmeans", "--jobs", "2", "--csv", str(gradebook)])
    assert out.exit_code == 0, out.output
    rows = {Path(r["submission"]).name: r for r in csv.DictReader(gradebook.open())}
    assert set(rows) == {"alice.py", "bob.py", "carol.py"}
    assert rows["alice.py"]["score"] == rows["alice.py"]["max_score"]
    assert rows["bob.py"]["score"] == "0" and "SyntaxError at line 1" in rows["carol.py"]["error"]


@pytest.mark.parametrize(
    "args, phrase",
    [
        (["grade", "missing.py", "--model", "knn"], "no such file"),
        (["grade", "missing.py"], "no such file"),
        (["grade", str(ROOT / "README.md")], "cannot tell which model"),
        (["grade", str(ROOT / "README.md"), "--model", "nope"], "unknown model 'nope'"),
        (["starter", "nope"], "unknown model"),
    ],
)
def test_bad_input_is_one_sentence(args, phrase, tmp_path):
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 2 and phrase in out.output and "Traceback" not in out.output


def test_syntax_errors_and_missing_functions_are_reported(tmp_path):
    broken = tmp_path / "knn.py"
    broken.write_text("import numpy as np\n\ndef distances(X_train, X, metric)\n    pass\n")
    report = grade(broken)
    assert str(report.error) == "SyntaxError at line 3: expected ':'" and report.score == 0
    partial = tmp_path / "pca.py"
    partial.write_text("import numpy as np\n\ndef center(X):\n    return X - X.mean(axis=0)\n")
    report = grade(partial)
    messages = {str(t.message) for t in report.tests if t.visible and t.status == "failed"}
    assert any("covariance" in m for m in messages)
    assert any(t.status == "passed" for t in report.tests)  # center() itself is right


def test_models_and_starter_commands(tmp_path):
    out = CliRunner().invoke(main, ["models", "--format", "json"])
    listed = json.loads(out.output)["models"]
    assert [m["id"] for m in listed] == tasks()
    for m in listed:
        assert list(task(m["id"]).FUNCTIONS) == m["functions"]
    target = tmp_path / "my_knn.py"
    out = CliRunner().invoke(main, ["starter", "knn", "-o", str(target)])
    assert out.exit_code == 0 and "def predict" in target.read_text()
    out = CliRunner().invoke(main, ["starter", "knn", "-o", str(target)])
    assert out.exit_code == 2 and "exists already" in out.output


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: "\ufeff".encode() + text.encode(),  # UTF-8 with a BOM (Notepad)
        lambda text: ("# -*- coding: latin-1 -*-\n# Müller\n" + text).encode("latin-1"),  # PEP 263
        lambda text: text.replace("\n", "\r\n").encode(),  # Windows line ends
    ],
    ids=["bom", "pep263", "crlf"],
)
def test_sources_are_read_as_python_reads_them(tmp_path, encode):
    source = (SUBMISSIONS / "knn" / "correct_alt.py").read_text(encoding="utf-8")
    path = tmp_path / "knn.py"
    path.write_bytes(encode(source))
    report = grade(path)
    assert report.error is None and report.score == report.max_score, [str(t.message) for t in report.tests][:3]


def test_only_the_instructor_view_names_the_seed(tmp_path):
    """The private seed and the installed reference would regenerate every hidden case."""
    submission = str(SUBMISSIONS / "knn" / "correct_alt.py")
    results = tmp_path / "results.json"
    runner = CliRunner()
    base = ["grade", submission, "--model", "knn", "--seed", "424242"]
    student = runner.invoke(main, [*base, "--gradescope", str(results)])
    assert student.exit_code == 0 and "424242" not in student.output
    assert "424242" not in results.read_text()
    assert json.loads(runner.invoke(main, [*base, "--format", "json"]).output)["seed"] is None
    assert "424242" in runner.invoke(main, [*base, "--instructor"]).output
    assert json.loads(runner.invoke(main, [*base, "--format", "json", "--instructor"]).output)["seed"] == 424242


def test_a_folder_with_subfolders_odd_names_and_broken_files_grades_everything_it_can(tmp_path):
    """Per-student subfolders (as LMSs export them), upper-case suffixes, a file named after no
    task and a hostile notebook each get their row; none stops the others."""
    folder = tmp_path / "export"
    (folder / "alice").mkdir(parents=True)
    (folder / "alice" / "KMEANS.PY").write_text((SUBMISSIONS / "kmeans" / "correct_alt.py").read_text())
    (folder / "bob_kmeans.py").write_text(starter_path("kmeans").read_text())
    (folder / "homework.py").write_text("print('no task in my name')\n")
    (folder / "carol_kmeans.ipynb").write_text('{"cells": "oops"}')
    gradebook = tmp_path / "grades.csv"
    out = CliRunner().invoke(main, ["grade", str(folder), "--csv", str(gradebook)])
    assert out.exit_code == 0 and "Traceback" not in out.output, out.output
    rows = {Path(r["submission"]).name: r for r in csv.DictReader(gradebook.open())}
    assert set(rows) == {"KMEANS.PY", "bob_kmeans.py", "homework.py", "carol_kmeans.ipynb"}
    assert rows["KMEANS.PY"]["score"] == rows["KMEANS.PY"]["max_score"] != "0"
    assert rows["bob_kmeans.py"]["score"] == "0"
    assert "cannot tell which model" in rows["homework.py"]["error"]
    assert "not a readable Jupyter notebook" in rows["carol_kmeans.ipynb"]["error"]


def test_fail_under_sets_the_exit_status_and_folders_refuse_single_file_options(tmp_path):
    runner = CliRunner()
    starter = str(starter_path("knn"))
    assert runner.invoke(main, ["grade", starter, "--model", "knn", "--fail-under", "50"]).exit_code == 1
    correct = str(SUBMISSIONS / "knn" / "correct_alt.py")
    assert runner.invoke(main, ["grade", correct, "--model", "knn", "--fail-under", "100"]).exit_code == 0
    out = runner.invoke(main, ["grade", str(SUBMISSIONS / "knn"), "--gradescope", str(tmp_path / "r.json")])
    assert out.exit_code == 2 and "--gradescope is for one submission" in out.output


def test_parameter_names_are_free_calls_are_positional(tmp_path):
    """A correct `def sigmoid(x)` where the starter says `z` loses nothing."""
    report = variant(
        tmp_path,
        "knn",
        "_distances, _predict = distances, predict\n\n"
        "def distances(a, b, c):\n    return _distances(a, b, c)\n\n"
        "def predict(a, b, c, d, e='euclidean'):\n    return _predict(a, b, c, d, e)\n",
    )
    assert report.score == report.max_score, not_passed(report)


def test_the_visible_cases_can_be_printed_in_full_and_never_the_hidden_ones():
    runner = CliRunner()
    out = runner.invoke(main, ["cases", "knn", "--visible", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    visible = {c.name: c for c in task("knn").cases(0) if c.visible}
    assert [c["name"] for c in data["cases"]] == list(visible)
    for row in data["cases"]:
        case = visible[row["name"]]
        for name, value in case.inputs.items():
            assert np.array_equal(np.asarray(row["inputs"][name]), value)  # exact: floats round-trip
        assert np.array_equal(np.asarray(row["expected"]), case.expected)
    hidden = next(c.name for c in task("knn").cases(0) if not c.visible)
    out = runner.invoke(main, ["cases", "knn", "--visible", "--case", hidden])
    assert out.exit_code == 2 and "no visible case named" in out.output
    report = runner.invoke(main, ["grade", str(starter_path("knn")), "--model", "knn"]).output
    assert "full case: mlexam cases knn --visible --case 'distances/visible/euclidean'" in report


def test_no_hidden_input_reaches_a_message_students_see(tmp_path):
    """A module that keeps every argument it is given and raises all it has seen: the visible
    cases run before any hidden one, so their messages hold no hidden input."""
    path = tmp_path / "knn.py"
    path.write_text(
        "import numpy as np\nSEEN = []\n\n"
        "def _leak(*args):\n"
        "    SEEN.extend(repr(float(np.ravel(a)[0])) for a in args if isinstance(a, np.ndarray) and a.size)\n"
        "    raise ValueError(' '.join(SEEN))\n\n"
        "def distances(X_train, X, metric):\n    _leak(X_train, X)\n\n"
        "def predict(X_train, y_train, X, k, metric='euclidean'):\n    _leak(X_train, X)\n",
        encoding="utf-8",
    )
    report = grade(path)

    def firsts(visible):
        return {
            repr(float(np.ravel(v)[0]))
            for c in task("knn").cases(0)
            if c.visible == visible
            for v in c.inputs.values()
            if isinstance(v, np.ndarray) and v.size
        }

    hidden = firsts(False) - firsts(True)  # values only hidden inputs hold
    visible = [t for t in report.tests if t.visible]
    assert hidden and visible and all(t.status == "failed" and "ValueError" in str(t.message) for t in visible)
    shown = {word for t in visible for word in (str(t.message) + " " + t.output).split()}
    assert not hidden & shown


@pytest.mark.parametrize(
    "task_name, extra, function",
    [
        ("pca", "def center(X):\n    X -= X.mean(axis=0)\n    return X\n", "center"),
        (
            "kmeans",
            "_fit = fit\n\ndef fit(X, centroids, iterations):\n"
            "    new, labels = _fit(X, centroids, iterations)\n    centroids[...] = new\n"
            "    return centroids, labels\n",
            "fit",
        ),
        (
            "mlp_backprop",
            "_mean_loss, _backward = loss, backward\n\ndef train_step(X, Y_true, W1, b1, W2, b2, lr):\n"
            "    grads = _backward(X, Y_true, W1, b1, W2, b2)\n"
            "    for p, g in zip((W1, b1, W2, b2), grads):\n        p -= lr * g\n    return W1, b1, W2, b2\n",
            "train_step",
        ),
    ],
)
def test_right_values_from_inputs_changed_in_place_fail_where_the_contract_forbids_it(
    tmp_path, task_name, extra, function
):
    """The returned values are right, but the caller's arrays were overwritten."""
    report = variant(tmp_path, task_name, extra)
    # Zero iterations write the initial centroids over themselves: nothing changes, nothing fails.
    own = [t for t in report.tests if t.name.startswith(f"{function}/") and t.name != "fit/edge/zero iterations"]
    assert own and all(t.status == "failed" and t.kind == "modified_input" for t in own), not_passed(report)
    assert all("in place" in str(t.message) for t in own)
    assert all(t.status == "passed" for t in report.tests if t not in own), not_passed(report)


def test_lists_of_the_right_numbers_score_like_arrays(tmp_path):
    """A function returning .tolist(), and a tuple of outputs returned as a list, lose nothing."""
    report = variant(
        tmp_path,
        "knn",
        "_distances = distances\n\ndef distances(X_train, X, metric):\n"
        "    return _distances(X_train, X, metric).tolist()\n",
    )
    assert report.score == report.max_score, not_passed(report)
    report = mlp_variant(
        tmp_path, "\ndef backward(X, Y_true, W1, b1, W2, b2):\n    return list(_backward(X, Y_true, W1, b1, W2, b2))\n"
    )
    assert report.score == report.max_score, not_passed(report)


def test_the_gradebook_names_students_scores_each_function_and_gives_a_reason_for_every_zero(tmp_path):
    folder = tmp_path / "export"
    moodle = folder / "Ada Lovelace_4242_assignsubmission_file_"
    moodle.mkdir(parents=True)
    (moodle / "knn.py").write_text((SUBMISSIONS / "knn" / "correct_alt.py").read_text())
    (folder / "smithjohn_LATE_12345_67890_knn.py").write_text(starter_path("knn").read_text())
    (folder / "grace").mkdir()
    (folder / "grace" / "my_knn.py").write_text((SUBMISSIONS / "knn" / "ties_later_index.py").read_text())
    gradebook, feedback = tmp_path / "grades.csv", tmp_path / "feedback"
    args = ["grade", str(folder), "--csv", str(gradebook), "--feedback-dir", str(feedback), "--seed", "777"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    rows = {r["student"]: r for r in csv.DictReader(gradebook.open())}
    assert set(rows) == {"4242", "12345", "grace"}
    assert rows["4242"]["score"] == rows["4242"]["max_score"] and rows["4242"]["error"] == ""
    assert rows["12345"]["score"] == "0" and "NotImplementedError" in rows["12345"]["error"]
    assert float(rows["grace"]["predict"]) < float(rows["4242"]["predict"])
    assert rows["grace"]["distances"] == rows["4242"]["distances"]
    assert all(r["isolation"] and float(r["seconds"]) > 0 for r in rows.values())
    files = sorted(p.name for p in feedback.iterdir())
    assert files == ["12345.md", "4242.md", "grace.md"]
    text = (feedback / "grace.md").read_text()
    assert text.startswith("# knn: ") and "**FAIL**" in text and "777" not in text


# ------------------------------------------------------------------ isolation levels and refusals

AS_ROOT_ON_LINUX = sys.platform.startswith("linux") and os.geteuid() == 0


@pytest.mark.skipif(not AS_ROOT_ON_LINUX, reason="the seccomp level is for a grader running as root")
def test_running_the_installed_reference_scores_zero_at_the_seccomp_level(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "_mode", ("seccomp", "as in Docker's default profile"))
    path = tmp_path / "knn.py"
    path.write_text(f"exec(open({str(ROOT / 'solutions' / 'knn.py')!r}).read())\n")
    report = grade(path)
    assert report.max_score > 0 and report.score == 0
    assert "seccomp filter" in str(report.isolation)
    assert all("PermissionError" in str(t.message) for t in report.tests if t.visible)


def test_a_sandbox_that_cannot_be_set_up_fails_its_submission_and_downgrades_nothing(tmp_path, monkeypatch):
    def broken():
        raise sandbox._SetupFailed("no libseccomp here (simulated)")

    monkeypatch.setattr(sandbox, "_mode", ("seccomp", "as in Docker's default profile"))
    monkeypatch.setattr(sandbox, "_lock_down", broken)
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("alice_knn.py", "bob_knn.py"):
        shutil.copyfile(SUBMISSIONS / "knn" / "correct_alt.py", folder / name)
    gradebook = tmp_path / "grades.csv"
    out = CliRunner().invoke(main, ["grade", str(folder), "--csv", str(gradebook), "--jobs", "2"])
    assert out.exit_code == 0 and "Traceback" not in out.output, out.output
    rows = list(csv.DictReader(gradebook.open()))
    assert len(rows) == 2 and all(r["score"] == "0" for r in rows)
    assert all("not graded: the sandbox could not be set up: no libseccomp here" in r["error"] for r in rows)
    assert sandbox._mode[0] == "seccomp"  # the next submission tries the same level again


def test_folders_and_gradescope_runs_refuse_a_plain_process_unless_allowed(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "_mode", ("plain", "unshare: Operation not permitted"))
    runner = CliRunner()
    correct = SUBMISSIONS / "knn" / "correct_alt.py"
    for args in ([str(correct.parent)], [str(correct), "--model", "knn", "--gradescope", str(tmp_path / "r.json")]):
        out = runner.invoke(main, ["grade", *args])
        assert out.exit_code == 2 and "Traceback" not in out.output, out.output
        assert "refusing to grade" in out.output and "--allow-unisolated" in out.output
        assert "unshare: Operation not permitted" in out.output
    assert not (tmp_path / "r.json").exists()
    out = runner.invoke(
        main, ["grade", str(correct), "--model", "knn", "--gradescope", str(tmp_path / "r.json"), "--allow-unisolated"]
    )
    assert out.exit_code == 0 and "rlimits only" in out.output, out.output
    results = json.loads((tmp_path / "r.json").read_text())
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
    assert "rlimits only" in results["output"]
    out = runner.invoke(main, ["grade", str(correct), "--model", "knn"])  # one file, no Gradescope: graded, and says so
    assert out.exit_code == 0 and "rlimits only" in out.output


# ------------------------------------------------------------------ reports in Chinese

CJK = re.compile(r"[\u4e00-\u9fff]")


def keys(value):
    """The JSON's shape: every key, nested, without the values."""
    if isinstance(value, dict):
        return {k: keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys(v) for v in value]
    return None


def scores(data: dict) -> list:
    return [(t["name"], t.get("status"), t["score"], t["max_score"], t.get("kind")) for t in data["tests"]]


def test_a_report_in_chinese_says_everything_in_chinese_and_scores_as_in_english(tmp_path):
    buggy = SUBMISSIONS / "pca" / "divide_by_n.py"
    runner = CliRunner()
    out = {}
    for lang in ("en", "zh"):
        results = tmp_path / f"results-{lang}.json"
        args = ["grade", str(buggy), "--model", "pca", "--lang", lang]
        text = runner.invoke(main, [*args, "--gradescope", str(results)])
        as_json = runner.invoke(main, [*args, "--format", "json"])
        assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
        out[lang] = text.output, json.loads(as_json.output), json.loads(results.read_text(encoding="utf-8"))
    (en_text, en_json, en_results), (zh_text, zh_json, zh_results) = out["en"], out["zh"]
    assert "FAIL" in en_text and "Score:" in en_text
    assert "得分：" in zh_text and "测试用例" in zh_text and "隔离方式：" in zh_text and "未通过" in zh_text
    words = zh_text.replace(str(buggy), "")
    for t in en_json["tests"]:
        words = words.replace(t["name"], "")  # a case's name is its id: `mlexam cases pca --case NAME`
    assert not re.search(r"\b(FAIL|PASS|Score|isolation|inputs|hidden|edge|value\(s\)|expected)\b", words), words
    failed = [line for line in zh_text.splitlines() if line.startswith("  未通过")]
    assert failed and all(CJK.search(line.split("：", 1)[1]) for line in failed)
    # What a program reads does not change with the language: keys, names, statuses, kinds, scores.
    assert keys(zh_json) == keys(en_json) and keys(zh_results) == keys(en_results)
    assert scores(zh_json) == scores(en_json) and (zh_json["score"], zh_json["max_score"]) == (
        en_json["score"],
        en_json["max_score"],
    )
    assert scores(zh_results) == scores(en_results) and zh_results["score"] == en_results["score"] > 0
    assert [t["visibility"] for t in zh_results["tests"]] == [t["visibility"] for t in en_results["tests"]]
    for report in (zh_json["tests"], zh_results["tests"]):
        messages = [t.get("message", t["output"]) for t in report if t["status"] == "failed"]
        assert messages and all(CJK.search(m) for m in messages)
    assert "数值不符" in zh_text and "期望值" in zh_text and "实际值" in zh_text
    assert "隐藏用例" in zh_text and "隔离方式" in zh_results["output"]


def test_a_folder_graded_in_chinese_keeps_its_gradebooks_header(tmp_path):
    """Submissions are graded on worker threads; the reports are still in the command's language."""
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.py").write_text((SUBMISSIONS / "kmeans" / "correct_alt.py").read_text())
    (folder / "bob.py").write_text(starter_path("kmeans").read_text())
    (folder / "carol.py").write_text("def assign(X, centroids)\n    return 0\n")
    books, feedback = {}, tmp_path / "feedback"
    for lang in ("en", "zh"):
        books[lang] = tmp_path / f"grades-{lang}.csv"
        args = ["grade", str(folder), "--model", "kmeans", "--jobs", "3", "--csv", str(books[lang]), "--lang", lang]
        if lang == "zh":
            args += ["--feedback-dir", str(feedback)]
        out = CliRunner().invoke(main, args)
        assert out.exit_code == 0, out.output
    assert "carol.py: 0 / " in out.output and "SyntaxError（第 1 行）" in out.output
    en, zh = (list(csv.reader(books[lang].open(encoding="utf-8"))) for lang in ("en", "zh"))
    assert zh[0] == en[0] and "error" in zh[0]  # the header a spreadsheet reads, in English
    rows = {Path(r["submission"]).name: r for r in csv.DictReader(books["zh"].open(encoding="utf-8"))}
    assert [r[:10] for r in zh[1:]] == [r[:10] for r in en[1:]]  # the same scores
    assert CJK.search(rows["bob.py"]["error"]) and "NotImplementedError" in rows["bob.py"]["error"]
    assert rows["carol.py"]["error"].startswith("SyntaxError（第 1 行）") and CJK.search(rows["alice.py"]["isolation"])
    bob = (feedback / "bob.md").read_text(encoding="utf-8")
    assert bob.startswith("# kmeans：0 / ") and "**未通过**" in bob and "（隐藏用例）" in bob and "隔离方式" in bob


def test_a_notebooks_failed_cells_are_reported_in_chinese(tmp_path):
    cells = [
        code_cell("import numpy as np\n"),
        code_cell("def distances(X_train, X, metric):\n    scale = 2\n    raise ValueError('not yet')\n"),
        code_cell("from sklearn.neighbors import KNeighborsClassifier\n"),
        code_cell("def predict(X_train, y_train, X, k, metric='euclidean'):\n    return np.zeros(len(X), dtype=int)\n"),
        code_cell("print(undefined_name)\n"),
    ]
    report = grade(write_notebook(tmp_path / "knn.ipynb", cells))
    with using("zh"):
        text = text_report(report)
    assert "出错的 notebook 单元格（其后的单元格仍照常运行）：" in text
    assert "  单元格 3：导入了本题不允许使用的模块 sklearn" in text
    assert "  单元格 5 第 1 行：NameError: name 'undefined_name' is not defined" in text
    assert "ValueError: not yet（单元格 2 第 3 行）" in text
    assert "cell" not in text.replace(str(tmp_path), "")  # no English word of the grader's left


def test_edges_titles_and_hidden_kinds_are_in_both_languages():
    from grader.autograde.grade import HIDDEN_KIND
    from grader.autograde.tasks import description, title

    for name in tasks():
        for case in task(name).cases(0):
            if case.edge:
                assert case.edge.en and case.edge.zh != case.edge.en or case.edge.en == "k = n", case.name
                assert not re.search(r"[A-Za-z]{4,}", case.edge.zh.replace("lambda", "")), case.name
        with using("zh"):
            assert CJK.search(str(title(name))) and CJK.search(str(description(name)))
        assert str(title(name)) == task(name).TITLE and str(description(name)) == task(name).DESCRIPTION
    assert all(CJK.search(kind.zh) for kind in HIDDEN_KIND.values())
