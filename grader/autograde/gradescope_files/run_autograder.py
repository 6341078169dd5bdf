#!/usr/bin/env python3
"""mlexam's run_autograder for Gradescope, written into autograder.zip by `mlexam gradescope`.

Gradescope runs it as root once it has put the student's files in $AUTOGRADER_ROOT/submission
(AUTOGRADER_ROOT defaults to /autograder; set it to try the bundle anywhere). It finds the one
submission, whatever its name, and grades it with the mlexam that setup.sh installed in
$AUTOGRADER_ROOT/venv:

    MLEXAM_SEED=SEED mlexam grade FILE --model TASK --gradescope results.json [--allow-unisolated]

so the learner's code runs in the strongest sandbox the machine allows. The hidden cases'
visibility then follows the bundle's choice. It ALWAYS leaves $AUTOGRADER_ROOT/results/results.json:
when nothing can be graded, a zero whose output says why in one sentence. Students read that
file: it never holds a traceback or the seed. The grader's own log (its report, its errors, a
traceback if this script fails) goes to standard output, which Gradescope shows instructors only.

The standard library only, so that it still writes its zero when the installation failed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

CONFIG = "mlexam_gradescope.json"  # beside this script in the zip: task, private seed, options
SUFFIXES = (".py", ".ipynb")
SKIPPED = (".", "__")  # .git, .ipynb_checkpoints, __MACOSX, __pycache__: never the submission
SHOWN = 5  # file names listed in a reason


class NotGraded(Exception):
    """Nothing can be graded; the message is the sentence the student reads."""


def main() -> int:
    started = time.monotonic()
    root = Path(os.environ.get("AUTOGRADER_ROOT") or "/autograder")
    results = root / "results" / "results.json"
    try:
        reason = grade(root, results)
    except NotGraded as why:
        reason = str(why)
    except Exception:
        traceback.print_exc(file=sys.stdout)  # the instructor's log
        reason = "the autograder itself failed; your instructor can read its log."
    if reason is None:
        return 0
    reason = " ".join(reason.split())
    zero = {
        "score": 0.0,
        "execution_time": round(time.monotonic() - started, 3),
        "output": "Your submission was not graded: " + reason + ("" if reason.endswith(".") else "."),
    }
    print(zero["output"])
    try:
        write_json(results, zero)
    except OSError as error:
        print(f"cannot write {results}: {error}", file=sys.stderr)
        return 1
    return 0


def grade(root: Path, results: Path) -> str | None:
    """Grade the submission into `results`; None when mlexam wrote it, else the reason for a zero."""
    settings = read_settings(root / "source" / CONFIG)
    task, seed = settings["task"], settings["seed"]
    results.parent.mkdir(parents=True, exist_ok=True)
    protect(root)
    if results.exists():
        results.unlink()
    submission = find_submission(root / "submission", task)
    mlexam = root / "venv" / "bin" / "mlexam"
    if not os.access(mlexam, os.X_OK):
        return "mlexam is not installed in this autograder (setup.sh did not finish); tell your instructor."
    command = [str(mlexam), "grade", str(submission), "--model", task]
    command += ["--gradescope", str(results), "--timeout", str(settings["timeout"])]
    command += ["--budget", str(settings["budget"])]
    if settings["allow_unisolated"]:
        command.append("--allow-unisolated")
    limit = 2 * settings["budget"] + 60  # the grader's own start-up and clean-up, generously
    print(f"grading {submission} as {task}", flush=True)
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=limit,
            cwd=root,
            env={**os.environ, "MLEXAM_SEED": str(seed)},  # not on the command line, which any user can read
        )
    except subprocess.TimeoutExpired:
        return f"grading took longer than {limit:g} seconds and was stopped."
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    if done.returncode == 0 and results.is_file():
        set_hidden_visibility(results, settings["hidden_visibility"])
        return None
    sentence = error_sentence(done.stderr)
    if done.returncode == 2 and sentence:
        return hide_seed(sentence, seed)
    return f"the grader stopped unexpectedly (exit status {done.returncode}); your instructor can read its log."


def read_settings(path: Path) -> dict:
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
        task, seed = settings["task"], settings["seed"]
        if not (isinstance(task, str) and isinstance(seed, int)):
            raise ValueError(path)
        return {
            "task": task,
            "seed": seed,
            "hidden_visibility": settings.get("hidden_visibility", "after_due_date"),
            "timeout": float(settings.get("timeout", 4.0)),
            "budget": float(settings.get("budget", 60.0)),
            "allow_unisolated": bool(settings.get("allow_unisolated", False)),
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        traceback.print_exc(file=sys.stdout)
        raise NotGraded("the autograder's settings are missing or damaged; tell your instructor.") from None


def protect(root: Path) -> None:
    """The private settings (and Gradescope's submission metadata) are root's alone, and nobody
    else may write results: learner code runs as another user and, where the container allows
    no namespaces, sees this disk. setup.sh did the same to the settings when the image was built."""
    private = ((root / "source", 0o700), (root / "source" / CONFIG, 0o600), (root / "submission_metadata.json", 0o600))
    for path, mode in private:
        try:
            os.chmod(path, mode)
        except OSError:
            pass
    try:
        results = root / "results"
        os.chmod(results, os.stat(results).st_mode & 0o755)
    except OSError:
        pass


def find_submission(folder: Path, task: str) -> Path:
    """The one .py or .ipynb file (any case of suffix, maybe in a subfolder) in `folder`; of
    several, the one named `task`, else the one named after it; else NotGraded naming them."""
    if not folder.is_dir():
        raise NotGraded(f"nothing was submitted; submit {task}.py or {task}.ipynb.")
    found = []
    for top, dirs, names in os.walk(folder):  # symbolic links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith(SKIPPED))
        for name in sorted(names):
            path = Path(top, name)
            if not name.startswith(SKIPPED) and (path.is_symlink() or path.is_file()):
                found.append(path)
    candidates = [p for p in found if p.suffix.lower() in SUFFIXES]
    chosen = candidates if len(candidates) == 1 else []
    for rule in (lambda p: p.stem.lower() == task, lambda p: named_after(p, task)):
        if len(chosen) != 1:
            chosen = [p for p in candidates if rule(p)]
    if len(chosen) == 1:
        if chosen[0].is_symlink():
            raise NotGraded(f"{listing(folder, chosen)} is a symbolic link; submit the file itself.")
        return chosen[0]
    if not candidates:
        what = f" (the submission holds {listing(folder, found)})" if found else ""
        raise NotGraded(f"no .py or .ipynb file was submitted{what}; submit {task}.py or {task}.ipynb.")
    raise NotGraded(
        f"{len(candidates)} Python files were submitted ({listing(folder, candidates)}) and not exactly one "
        f"is named after {task}; submit one file, {task}.py or {task}.ipynb."
    )


def named_after(path: Path, task: str) -> bool:
    """`task` as a word of the file's name: alice_pca.py and pca (2).ipynb are named after pca."""
    return re.search(rf"(^|[^a-z]){re.escape(task)}($|[^a-z])", path.stem.lower()) is not None


def listing(folder: Path, paths: list) -> str:
    names = [p.relative_to(folder).as_posix() for p in paths]
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def set_hidden_visibility(results: Path, visibility: str) -> None:
    """mlexam marks every hidden case with a visibility other than "visible": give them the bundle's."""
    data = json.loads(results.read_text(encoding="utf-8"))
    for test in data.get("tests", []):
        if test.get("visibility") != "visible":
            test["visibility"] = visibility
    write_json(results, data)


def error_sentence(stderr: str) -> str | None:
    """mlexam's one sentence for an error the user caused ("Error: ..."), if it printed one."""
    lines = [line[len("Error: ") :].strip() for line in stderr.splitlines() if line.startswith("Error: ")]
    return lines[-1] if lines and lines[-1] else None


def hide_seed(text: str, seed: int) -> str:
    """Students never read the seed, even where an error message would repeat it."""
    return re.sub(rf"(?<![0-9]){seed}(?![0-9])", "(private)", text)


def write_json(path: Path, data: dict) -> None:
    """The whole file or nothing (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    sys.exit(main())
