#!/usr/bin/env python3
"""mlexam's run_autograder for Gradescope, written into autograder.zip by `mlexam gradescope`.

Gradescope runs it as root once it has put the student's files in $AUTOGRADER_ROOT/submission
(AUTOGRADER_ROOT defaults to /autograder; set it to try the bundle anywhere). It finds the one
submission, whatever its name, and grades it with the mlexam that setup.sh installed in
$AUTOGRADER_ROOT/venv:

    MLEXAM_SEED=SEED MLEXAM_LANG=LANG mlexam grade FILE --model TASK --gradescope results.json [--allow-unisolated]

so the learner's code runs in the strongest sandbox the machine allows. The hidden cases'
visibility then follows the bundle's choice. It ALWAYS leaves $AUTOGRADER_ROOT/results/results.json:
when nothing can be graded, a zero whose output says why in one sentence. Students read that
file: it never holds a traceback or the seed. The grader's own log (its report, its errors, a
traceback if this script fails) goes to standard output, which Gradescope shows instructors only.

The bundle's language ("lang" in its settings, "en" or "zh", baked in by `mlexam gradescope
--lang`; English when absent) is the language of results.json: mlexam grades with MLEXAM_LANG
set to it, whatever the image's locale, and this script's own sentences are in it too.

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


LANGS = ("en", "zh")
LANGUAGE = "en"  # the bundle's language, set by main() from the settings before anything is said


def say(en: str, zh: str, **values) -> str:
    """A sentence in the bundle's language (this script imports nothing of mlexam's)."""
    return (zh if LANGUAGE == "zh" else en).format(**values)


class NotGraded(Exception):
    """Nothing can be graded; the message is the sentence the student reads (made with say())."""


def bundle_language(root: Path) -> str:
    """The language in the bundle's settings; English if they say none (or cannot be read)."""
    try:
        chosen = json.loads((root / "source" / CONFIG).read_text(encoding="utf-8")).get("lang", "en")
    except (OSError, ValueError, AttributeError):
        return "en"
    return chosen if chosen in LANGS else "en"


def main() -> int:
    global LANGUAGE
    started = time.monotonic()
    root = Path(os.environ.get("AUTOGRADER_ROOT") or "/autograder")
    results = root / "results" / "results.json"
    LANGUAGE = bundle_language(root)
    try:
        reason = grade(root, results)
    except NotGraded as why:
        reason = str(why)
    except Exception:
        traceback.print_exc(file=sys.stdout)  # the instructor's log
        reason = say(
            "the autograder itself failed; your instructor can read its log.",
            "自动评分程序本身出错了；你的老师可以查看它的日志。",
        )
    if reason is None:
        return 0
    reason = " ".join(reason.split())
    if LANGUAGE == "zh":
        output = "你的提交未被评分：" + reason + ("" if reason.endswith(("。", ".")) else "。")
    else:
        output = "Your submission was not graded: " + reason + ("" if reason.endswith(".") else ".")
    zero = {
        "score": 0.0,
        "execution_time": round(time.monotonic() - started, 3),
        "output": output,
    }
    print(zero["output"])
    try:
        write_json(results, zero)
    except OSError as error:
        print(
            say("cannot write {results}: {error}", "无法写入 {results}：{error}", results=results, error=error),
            file=sys.stderr,
        )
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
        return say(
            "mlexam is not installed in this autograder (setup.sh did not finish); tell your instructor.",
            "这个自动评分程序中没有安装 mlexam（setup.sh 没有运行完）；请告诉你的老师。",
        )
    command = [str(mlexam), "grade", str(submission), "--model", task]
    command += ["--gradescope", str(results), "--timeout", str(settings["timeout"])]
    command += ["--budget", str(settings["budget"])]
    if settings["allow_unisolated"]:
        command.append("--allow-unisolated")
    limit = 2 * settings["budget"] + 60  # the grader's own start-up and clean-up, generously
    print(
        say("grading {submission} as {task}", "正在按 {task} 评分：{submission}", submission=submission, task=task),
        flush=True,
    )
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=limit,
            cwd=root,
            # the seed not on the command line, which any user can read; the bundle's language, not the image's locale
            env={**os.environ, "MLEXAM_SEED": str(seed), "MLEXAM_LANG": settings["lang"]},
        )
    except subprocess.TimeoutExpired:
        return say(
            "grading took longer than {limit:g} seconds and was stopped.",
            "评分用时超过 {limit:g} 秒，已被终止。",
            limit=limit,
        )
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    if done.returncode == 0 and results.is_file():
        set_hidden_visibility(results, settings["hidden_visibility"])
        return None
    sentence = error_sentence(done.stderr)
    if done.returncode == 2 and sentence:
        return hide_seed(sentence, seed)
    return say(
        "the grader stopped unexpectedly (exit status {code}); your instructor can read its log.",
        "评分程序意外停止（退出状态 {code}）；你的老师可以查看它的日志。",
        code=done.returncode,
    )


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
            "lang": settings.get("lang", "en") if settings.get("lang", "en") in LANGS else "en",
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        traceback.print_exc(file=sys.stdout)
        raise NotGraded(
            say(
                "the autograder's settings are missing or damaged; tell your instructor.",
                "自动评分程序的设置文件缺失或已损坏；请告诉你的老师。",
            )
        ) from None


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
        raise NotGraded(
            say(
                "nothing was submitted; submit {task}.py or {task}.ipynb.",
                "没有提交任何文件；请提交 {task}.py 或 {task}.ipynb。",
                task=task,
            )
        )
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
            raise NotGraded(
                say(
                    "{name} is a symbolic link; submit the file itself.",
                    "{name} 是符号链接；请提交文件本身。",
                    name=listing(folder, chosen),
                )
            )
        return chosen[0]
    if not candidates:
        what = (
            say(" (the submission holds {files})", "（提交的内容是：{files}）", files=listing(folder, found))
            if found
            else ""
        )
        raise NotGraded(
            say(
                "no .py or .ipynb file was submitted{what}; submit {task}.py or {task}.ipynb.",
                "没有提交 .py 或 .ipynb 文件{what}；请提交 {task}.py 或 {task}.ipynb。",
                what=what,
                task=task,
            )
        )
    raise NotGraded(
        say(
            "{n} Python files were submitted ({files}) and not exactly one is named after {task}; "
            "submit one file, {task}.py or {task}.ipynb.",
            "提交了 {n} 个 Python 文件（{files}），但其中并非恰好一个以 {task} 命名；"
            "请只提交一个文件：{task}.py 或 {task}.ipynb。",
            n=len(candidates),
            files=listing(folder, candidates),
            task=task,
        )
    )


def named_after(path: Path, task: str) -> bool:
    """`task` as a word of the file's name: alice_pca.py and pca (2).ipynb are named after pca."""
    return re.search(rf"(^|[^a-z]){re.escape(task)}($|[^a-z])", path.stem.lower()) is not None


def listing(folder: Path, paths: list) -> str:
    names = [p.relative_to(folder).as_posix() for p in paths]
    more = say(" and {n} more", " 等另外 {n} 个", n=len(names) - SHOWN) if len(names) > SHOWN else ""
    return say(", ", "、").join(names[:SHOWN]) + more


def set_hidden_visibility(results: Path, visibility: str) -> None:
    """mlexam marks every hidden case with a visibility other than "visible": give them the bundle's."""
    data = json.loads(results.read_text(encoding="utf-8"))
    for test in data.get("tests", []):
        if test.get("visibility") != "visible":
            test["visibility"] = visibility
    write_json(results, data)


ERROR_PREFIXES = ("Error: ", "错误：", "错误: ")  # click's, and a translated one


def error_sentence(stderr: str) -> str | None:
    """mlexam's one sentence for an error the user caused ("Error: ..."), if it printed one."""
    lines = [
        line[len(prefix) :].strip()
        for line in stderr.splitlines()
        for prefix in ERROR_PREFIXES
        if line.startswith(prefix)
    ]
    return lines[-1] if lines and lines[-1] else None


def hide_seed(text: str, seed: int) -> str:
    """Students never read the seed, even where an error message would repeat it."""
    return re.sub(rf"(?<![0-9]){seed}(?![0-9])", say("(private)", "（保密）"), text)


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
