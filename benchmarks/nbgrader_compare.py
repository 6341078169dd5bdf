"""nbgrader `autograde` against `mlexam grade` on one submission of one task (issue: record the ratio).

Builds, in a temporary directory, a one-notebook nbgrader course equivalent to mlexam's
logistic_regression task: a solution cell (tests/submissions/logistic_regression/correct_alt.py
between `### BEGIN SOLUTION` / `### END SOLUTION`) and 16 autograded test cells, one per mlexam
case, worth the same points (19): each draws its inputs with numpy from a fixed seed, calls the
learner's function and compares with np.allclose to values from a formula written in the cell;
the gradient cells also check central differences of the learner's own loss, as mlexam does.
Then times cold `nbgrader autograde hw1 --student alice --force` and cold
`mlexam grade correct_alt.py --model logistic_regression`, both to full marks (checked).

nbgrader is installed with pip into its own virtualenv under --cache (reused on later runs).
Jupyter lookups are confined to that virtualenv and an empty config directory, so a user's own
kernels or nbgrader_config.py do not leak in.

Usage: python benchmarks/nbgrader_compare.py [--runs 3] [--cache ~/.cache/mlexam-bench]
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import ROOT, command  # noqa: E402

TASK = "logistic_regression"
SUBMISSION = ROOT / "tests" / "submissions" / TASK / "correct_alt.py"
STUDENT = "alice"
PACKAGES = ["nbgrader", "ipykernel", "numpy"]

# ---------------------------------------------------------------- the notebook's test cells
# One cell per mlexam case, same names and points. Each cell seeds its own generator, so the cells
# are independent of one another (as nbgrader test cells usually are). Tolerances are mlexam's.

PRELUDE = """\
# {name} ({points} point{plural})
import numpy as np
rng = np.random.default_rng([0, {index}])
def ref_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
"""

DATA = """\
n, d = {size}
X = rng.normal(0.0, 1.5, size=(n, d))
w_true = rng.normal(0.0, 1.0, size=d + 1)
y = (rng.random(n) < ref_sigmoid(w_true[0] + X @ w_true[1:])).astype(np.int64)
w = rng.normal(0.0, 1.0, size=d + 1)
"""

VISIBLE_SIZE = "8, 2"
HIDDEN_SIZE = "int(rng.integers(15, 40)), int(rng.integers(2, 6))"

REF_GRADIENT = """\
def ref_gradient(w, X, y):
    r = ref_sigmoid(w[0] + X @ w[1:]) - y
    return np.concatenate([[r.sum()], X.T @ r]) / len(X)
"""

CHECKS = {
    "sigmoid": """\
z = {z}
assert np.allclose(sigmoid(z), ref_sigmoid(z), rtol=1e-6, atol=1e-8)
""",
    "loss": DATA
    + """\
z = w[0] + X @ w[1:]
expected = np.mean(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z)
got = loss(w, X, y)
assert np.ndim(got) == 0 and np.allclose(got, expected, rtol=1e-6, atol=1e-8)
""",
    "gradient": DATA
    + REF_GRADIENT
    + """\
got = gradient(w, X, y)
assert np.shape(got) == w.shape and np.allclose(got, ref_gradient(w, X, y), rtol=1e-6, atol=1e-8)
eps = 1e-6
numeric = np.array([(loss(w + eps * e, X, y) - loss(w - eps * e, X, y)) / (2 * eps) for e in np.eye(len(w))])
assert np.allclose(got, numeric, rtol=1e-4, atol=1e-6)
""",
    "fit": DATA
    + REF_GRADIENT
    + """\
lr, steps = {lr_steps}
expected = np.zeros(d + 1)
for _ in range(steps):
    expected = expected - lr * ref_gradient(expected, X, y)
assert np.allclose(fit(X, y, lr, steps), expected, rtol=1e-5, atol=1e-7)
""",
    "predict_proba": DATA
    + """\
X_new = rng.normal(0.0, 1.5, size=(int(rng.integers(5, 10)), d))
expected = 1.0 / (1.0 + np.exp(-(w[0] + X_new @ w[1:])))
assert np.allclose(predict_proba(w, X_new), expected, rtol=1e-6, atol=1e-8)
""",
    "predict": DATA
    + """\
X_new = rng.normal(0.0, 1.5, size=(int(rng.integers(5, 10)), d))
expected = (w[0] + X_new @ w[1:] >= 0).astype(np.int64)
assert np.array_equal(predict(w, X_new), expected)
""",
}

EDGES = [
    (
        "sigmoid/edge/large-magnitude",
        1,
        """\
z = np.array([-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0])
got = sigmoid(z)
assert np.all(np.isfinite(got)) and np.allclose(got, ref_sigmoid(z), rtol=1e-6, atol=1e-8)
""",
    ),
    (
        "loss/edge/large-scores",
        1,
        """\
X = rng.integers(-3, 4, size=(8, 2)).astype(float)
X[0] = [3.0, -3.0]
y = rng.integers(0, 2, size=8)
y[0] = 0
w = np.array([0.0, 20.0, -20.0])
z = w[0] + X @ w[1:]
expected = np.mean(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z)
got = loss(w, X, y)
assert np.isfinite(got) and np.allclose(got, expected, rtol=1e-6, atol=1e-8)
""",
    ),
    (
        "fit/edge/one-class-only",
        2,
        DATA.format(size="int(rng.integers(6, 15)), 2")
        + REF_GRADIENT
        + """\
y = np.ones(n, dtype=np.int64)
expected = np.zeros(d + 1)
for _ in range(80):
    expected = expected - 0.3 * ref_gradient(expected, X, y)
assert np.allclose(fit(X, y, 0.3, 80), expected, rtol=1e-5, atol=1e-7)
""",
    ),
    (
        "predict/edge/ties",
        1,
        """\
X = rng.integers(-2, 3, size=(8, 2)).astype(float)
X[:3] = [[1.0, 0.0], [2.0, 1.0], [0.0, -1.0]]
X = X[rng.permutation(8)]
w = np.array([1.0, -1.0, 1.0])
expected = (1.0 - X[:, 0] + X[:, 1] >= 0).astype(np.int64)
assert np.array_equal(predict(w, X), expected)
""",
    ),
]


def test_cells() -> list[tuple[str, int, str]]:
    """(case name, points, body) for the 16 cases, in mlexam's order."""
    cells = []
    for tag, size, z, lr_steps in (
        ("visible", VISIBLE_SIZE, "np.round(rng.normal(0.0, 3.0, size=7), 2)", "0.5, 30"),
        (
            "hidden",
            HIDDEN_SIZE,
            "rng.normal(0.0, 4.0, size=(3, 4))",
            "float(np.round(rng.uniform(0.05, 0.5), 2)), int(rng.integers(20, 61))",
        ),
    ):
        for function, body in CHECKS.items():
            cells.append(
                (f"{function}/{tag}/1", 2 if function == "fit" else 1, body.format(size=size, z=z, lr_steps=lr_steps))
            )
    return cells + EDGES


def notebook(solution_source: str) -> dict:
    def cell(cell_type, source, grade_id, **flags):
        meta = {
            "grade": False,
            "grade_id": grade_id,
            "locked": False,
            "schema_version": 3,
            "solution": False,
            "task": False,
            **flags,
        }
        out = {"cell_type": cell_type, "metadata": {"nbgrader": meta}, "source": source}
        if cell_type == "code":
            out.update(execution_count=None, outputs=[])
        return out

    cells = [
        cell(
            "markdown",
            "# Logistic regression\n\nImplement `sigmoid`, `loss`, `gradient`, `fit`, "
            "`predict_proba` and `predict` (see mlexam's logistic_regression task).",
            "intro",
            locked=True,
        ),
        cell("code", f"### BEGIN SOLUTION\n{solution_source.rstrip()}\n### END SOLUTION\n", "solution", solution=True),
    ]
    for index, (name, points, body) in enumerate(test_cells()):
        prelude = PRELUDE.format(name=name, points=points, plural="s" if points > 1 else "", index=index)
        cells.append(
            cell("code", prelude + body, "test_" + re.sub(r"\W", "_", name), grade=True, locked=True, points=points)
        )
    return {
        "cells": cells,
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    }


# ---------------------------------------------------------------- the nbgrader virtualenv


def fail(message: str):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def ensure_nbgrader(cache: Path) -> Path:
    """The virtualenv's bin directory, with nbgrader, ipykernel (and its kernelspec) and numpy."""
    env = cache / "nbgrader-venv"
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    marker = env / ".mlexam-bench-ok"
    if marker.exists() and (bin_dir / "nbgrader").exists():
        return bin_dir
    print(f"installing {' '.join(PACKAGES)} into {env} (a minute or two the first time) ...", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=env.exists()).create(env)
    except Exception as error:  # noqa: BLE001 -- any failure here ends the benchmark
        fail(f"could not create the virtualenv {env}: {error}")
    steps = [
        [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [str(python), "-m", "pip", "install", "--quiet", *PACKAGES],
        [str(python), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
            fail(
                f"`{' '.join(step[2:])}` failed (exit {done.returncode}) in {env}:\n{tail}\n"
                f"(is PyPI reachable? delete {env} to start over)"
            )
    marker.write_text(" ".join(PACKAGES) + "\n")
    return bin_dir


# ---------------------------------------------------------------- timing


def timed(args: list[str], runs: int, cwd: Path, env=None) -> tuple[list[float], str]:
    """Wall-clock seconds of `runs` cold processes, and the last one's output."""
    times, output = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        output = done.stdout + done.stderr
        if done.returncode != 0:
            fail(f"`{' '.join(args)}` exited {done.returncode}:\n{output[-3000:]}")
    return times, output


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "mlexam-bench")
    options = parser.parse_args()
    bin_dir = ensure_nbgrader(options.cache.expanduser())
    nbgrader, python = str(bin_dir / "nbgrader"), str(bin_dir / "python")

    with tempfile.TemporaryDirectory(prefix="nbgrader-bench-") as tmp:
        course = Path(tmp) / "course"
        config_dir = Path(tmp) / "jupyter-config"
        config_dir.mkdir()
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "JUPYTER_PREFER_ENV_PATH": "1",
            "JUPYTER_CONFIG_DIR": str(config_dir),
            "JUPYTER_DATA_DIR": str(Path(tmp) / "jupyter-data"),
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        env.pop("VIRTUAL_ENV", None)
        version = (
            subprocess.run(
                [python, "-c", "import nbgrader; print(nbgrader.__version__)"], env=env, capture_output=True, text=True
            ).stdout.strip()
            or "(version unknown)"
        )

        source = course / "source" / "hw1"
        source.mkdir(parents=True)
        db = course / "gradebook.db"
        (course / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            "c.CourseDirectory.course_id = 'mlexam-bench'\n"
            f"c.CourseDirectory.root = {str(course)!r}\n"
            f"c.CourseDirectory.db_url = {'sqlite:///' + str(db)!r}\n"
        )
        solution = SUBMISSION.read_text()
        (source / f"{TASK}.ipynb").write_text(json.dumps(notebook(solution), indent=1))
        timed([nbgrader, "generate_assignment", "hw1", "--force"], 1, course, env)

        released = json.loads((course / "release" / "hw1" / f"{TASK}.ipynb").read_text())
        blanked = [c for c in released["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
        if len(blanked) != 1 or "BEGIN SOLUTION" in "".join(blanked[0]["source"]):
            fail("generate_assignment did not blank exactly one solution cell")
        blanked[0]["source"] = solution  # the student fills in correct_alt.py
        submitted = course / "submitted" / STUDENT / "hw1"
        submitted.mkdir(parents=True)
        (submitted / f"{TASK}.ipynb").write_text(json.dumps(released, indent=1))

        autograde, log = timed(
            [nbgrader, "autograde", "hw1", "--student", STUDENT, "--force"], options.runs, course, env
        )
        score = subprocess.run(
            [
                python,
                "-c",
                "import sys\nfrom nbgrader.api import Gradebook\n"
                "with Gradebook(sys.argv[1]) as gb:\n"
                "    s = gb.find_submission('hw1', sys.argv[2])\n"
                "    print(s.score, s.max_score, s.code_score, s.max_code_score)\n"
                "    for n in s.notebooks:\n"
                "        for g in n.grades:\n"
                "            if g.auto_score != g.max_score: print('lost:', g.name, g.auto_score, g.max_score)\n",
                "sqlite:///" + str(db),
                STUDENT,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if score.returncode != 0:
            fail(f"could not read the gradebook {db}:\n{score.stderr[-2000:]}")
        got, out_of = (float(x) for x in score.stdout.split()[:2])
        if got != out_of or out_of != 19 or re.search(r"\| (ERROR|CRITICAL)\]", log):
            fail(f"nbgrader did not give full marks ({got:g} / {out_of:g}):\n{score.stdout}\n{log[-3000:]}")
        help_times, _ = timed([nbgrader, "--help"], options.runs, course, env)

    mlexam, report = timed(command() + ["grade", str(SUBMISSION), "--model", TASK], options.runs, ROOT)
    mlexam_score = re.search(r"Score: (\S+) / (\S+)", report)
    if not mlexam_score or mlexam_score.group(1) != mlexam_score.group(2):
        fail(f"mlexam did not give full marks:\n{report[-2000:]}")

    print(
        f"machine: {platform.system()} {platform.machine()}, os.cpu_count() = {os.cpu_count()}, "
        f"Python {platform.python_version()}"
    )
    print(f"nbgrader {version} (virtualenv {bin_dir.parent})")
    print(f"{TASK}, {STUDENT}'s submission = {SUBMISSION.relative_to(ROOT)}, 16 checks, {options.runs} cold runs each:")
    print(f"  nbgrader autograde --force   {summary(autograde)}   score {got:g} / {out_of:g} (gradebook)")
    print(
        f"  mlexam grade                 {summary(mlexam)}   score {mlexam_score.group(1)} / "
        f"{mlexam_score.group(2)} ({' '.join(command()[-1:])})"
    )
    print(f"  ratio nbgrader / mlexam      {statistics.median(autograde) / statistics.median(mlexam):.1f}x (medians)")
    print(f"  nbgrader --help              {summary(help_times)}")


if __name__ == "__main__":
    main()
