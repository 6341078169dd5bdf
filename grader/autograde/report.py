"""Grading reports: text for the learner's terminal, JSON (schema below), a
Gradescope results.json, and a CSV gradebook for a whole class.

JSON: {"submission", "model", "seed" (null unless --instructor), "isolation", "seconds", "error",
"notes" (a notebook's cells that failed: "cell N, line L: ..." or "cell N: ..."), "score", "max_score",
"tests": [{"name", "visible", "edge", "status", "score", "max_score", "kind", "message",
"output", "inputs"}]}.

Every report is written in the language in use (`--lang`): the words a person reads
(messages, notes, the isolation, edges, headings) are Texts, shown when the report is
written. What a program reads never changes with the language: JSON keys, the CSV
gradebook's header, case names, "status", "kind", the Gradescope results.json keys and
visibilities, the model's id.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from exercises.core.lang import T, Text, same
from grader.autograde import messages
from grader.autograde.grade import Report

GRADESCOPE_VISIBILITY = {True: "visible", False: "after_published"}
NOTES_HEADING = T(
    "notebook cells that failed (the cells after each one still ran):",
    "出错的 notebook 单元格（其后的单元格仍照常运行）：",
)
NOTES_TITLE = T(  # the heading at the start of a line of its own (Markdown feedback)
    "Notebook cells that failed (the cells after each one still ran):",
    "出错的 notebook 单元格（其后的单元格仍照常运行）：",
)
PASS, FAIL = T("PASS", "通过"), T("FAIL", "未通过")
HIDDEN = T(" (hidden)", "（隐藏用例）")


def _edge(test) -> Text:
    return T(" [edge: {edge}]", "（边界情况：{edge}）", edge=test.edge) if test.edge else same("")


def text(report: Report, instructor: bool = False) -> str:
    """The report a learner reads, in the language in use; the instructor's view also names
    the seed of the cases."""
    seed = T(" (seed {seed})", "（种子 {seed}）", seed=report.seed) if instructor else same("")
    lines = [
        T(
            "{submission}: {model}{seed}",
            "{submission}：{model}{seed}",
            submission=report.submission,
            model=report.model,
            seed=seed,
        ),
        T("isolation: {isolation}", "隔离方式：{isolation}", isolation=report.isolation),
    ]
    if report.error:
        lines.append(T("could not run: {error}", "无法运行：{error}", error=report.error))
    if report.notes:
        lines.append(NOTES_HEADING)
        lines += [f"  {note}" for note in report.notes]
    for test in report.tests:
        if test.status == "passed":
            lines.append(
                T("  {PASS} {name}{edge}", "  {PASS} {name}{edge}", PASS=PASS, name=test.name, edge=_edge(test))
            )
            continue
        where = same("") if test.visible else HIDDEN
        lines.append(
            T(
                "  {FAIL} {name}{where}{edge}: {message}",
                "  {FAIL} {name}{where}{edge}：{message}",
                FAIL=FAIL,
                name=test.name,
                where=where,
                edge=_edge(test),
                message=test.message,
            )
        )
        if test.inputs:
            lines.append(T("       inputs: {inputs}", "       输入：{inputs}", inputs=test.inputs))
            lines.append(T("       {where}", "       {where}", where=_full_case(report, test)))
        if test.output:  # quoted line by line, so nothing printed can pass for part of the report
            printed = str(messages.printed(test.output)).strip()[:400].splitlines()
            lines.append(T("       the code printed:", "       代码的输出："))
            lines += [f"       | {line}" for line in printed]
    passed = len([t for t in report.tests if t.status == "passed"])
    lines.append(
        T(
            "Score: {score} / {max_score}  ({passed} of {cases} cases; {seconds:.2f} s)",
            "得分：{score} / {max_score}（通过 {passed}/{cases} 个测试用例；用时 {seconds:.2f} 秒）",
            score=_points(report.score),
            max_score=_points(report.max_score),
            passed=passed,
            cases=len(report.tests),
            seconds=report.seconds,
        )
    )
    return "\n".join(str(line) for line in lines) + "\n"


def _full_case(report: Report, test) -> Text:
    """Where the learner finds a visible case in full (the public cases are those of seed 0)."""
    if report.seed != 0:
        return T("the inputs above are abbreviated", "以上输入为节选")
    return T(
        "full case: mlexam cases {model} --visible --case '{name}'",
        "完整用例：mlexam cases {model} --visible --case '{name}'",
        model=report.model,
        name=test.name,
    )


def _shown(value) -> str | None:
    """What a learner reads (a Text or a string), in the language in use."""
    return None if value is None else str(value)


def to_dict(report: Report, instructor: bool = False) -> dict:
    """The JSON report; "seed" is null except in the instructor's view."""
    return {
        "submission": report.submission,
        "model": report.model,
        "seed": report.seed if instructor else None,
        "isolation": str(report.isolation),
        "seconds": round(report.seconds, 3),
        "error": _shown(report.error),
        "notes": [str(note) for note in report.notes],
        "score": report.score,
        "max_score": report.max_score,
        "tests": [
            {
                "name": t.name,
                "visible": t.visible,
                "edge": _shown(t.edge),
                "status": t.status,
                "score": t.points,
                "max_score": t.max_points,
                "kind": t.kind,
                "message": str(t.message),
                "output": str(messages.printed(t.output)),
                "inputs": t.inputs,
            }
            for t in report.tests
        ],
    }


def to_json(report: Report, instructor: bool = False) -> str:
    return json.dumps(to_dict(report, instructor), indent=2) + "\n"


def gradescope(report: Report) -> str:
    """Gradescope's autograder results.json: hidden cases are shown after grades are published.
    Students read it: it never names the seed."""
    tests = []
    for t in report.tests:
        output = str(t.message) if t.status == "failed" else ""
        if t.inputs:
            output += str(
                T(
                    "\ninputs: {inputs}\n{where}",
                    "\n输入：{inputs}\n{where}",
                    inputs=t.inputs,
                    where=_full_case(report, t),
                )
            )
        tests.append(
            {
                "name": t.name,
                "score": t.points,
                "max_score": t.max_points,
                "status": "passed" if t.status == "passed" else "failed",
                "output": output,
                "visibility": GRADESCOPE_VISIBILITY[t.visible],
            }
        )
    result = {
        "score": report.score,
        "execution_time": round(report.seconds, 3),
        "output": str(
            T(
                "{model}; isolation: {isolation}",
                "{model}；隔离方式：{isolation}",
                model=report.model,
                isolation=report.isolation,
            )
        )
        + (str(T("\ncould not run: {error}", "\n无法运行：{error}", error=report.error)) if report.error else "")
        + "".join(f"\n{line}" for line in ([NOTES_HEADING, *report.notes] if report.notes else [])),
        "tests": tests,
    }
    return json.dumps(result, indent=2) + "\n"


# Names of LMS exports: Canvas "lastfirst[_LATE]_<user id>_<submission id>_<file>",
# Moodle "<Full Name>_<participant id>_assignsubmission_file_" (a folder or a prefix).
_CANVAS = re.compile(r"^[a-z]+(?:_late)?_(?P<id>\d+)_\d+_", re.IGNORECASE)
_MOODLE = re.compile(r"^.+?_(?P<id>\d+)_assign(?:submission|ment)_", re.IGNORECASE)


def student_of(submission: str, root: Path | None = None) -> str:
    """Who handed the submission in: the id in a Canvas or Moodle export name (of the file or
    of a folder above it), else the per-student subfolder under `root`, else the file's stem."""
    path = Path(submission)
    names = [path.name] + [parent.name for parent in path.parents]
    for name in names:
        match = _CANVAS.match(name) or _MOODLE.match(name)
        if match:
            return match["id"]
    if root is not None and path.parent != root and root in path.parents:
        return path.relative_to(root).parts[0]
    return path.stem


def _functions(report: Report) -> dict[str, float]:
    """Points scored per learner function (a case is named `function/...`)."""
    points: dict[str, float] = {}
    for t in report.tests:
        function = t.name.split("/", 1)[0]
        points[function] = points.get(function, 0.0) + t.points
    return points


def reason(report: Report) -> str:
    """Why nothing was scored, in the words a learner may read: the error, else the first
    failure (a hidden case's kind only)."""
    if report.error:
        return str(report.error)
    failed = [t for t in report.tests if t.status == "failed"]
    if report.score or not failed:
        return ""
    first = next((t for t in failed if t.visible), failed[0])
    return str(T("{name}: {message}", "{name}：{message}", name=first.name, message=first.message))


def gradebook(reports: list[Report], root: Path | None = None) -> str:
    """One row per submission: the student, the score, points per function, the isolation
    level, the time taken and, for every zero, the reason (the words in the language in use)."""
    functions = list(dict.fromkeys(f for r in reports for f in _functions(r)))
    out = io.StringIO()
    writer = csv.writer(out)
    # The header stays English in every language: spreadsheets and LMS imports read these
    # columns by name (like the JSON keys); only the cells a person reads are translated.
    writer.writerow(
        [
            "student",
            "submission",
            "model",
            "score",
            "max_score",
            "percent",
            *functions,
            "passed",
            "cases",
            "isolation",
            "seconds",
            "error",
        ]
    )
    for r in reports:
        passed = sum(t.status == "passed" for t in r.tests)
        percent = 100 * r.score / r.max_score if r.max_score else 0
        per_function = _functions(r)
        writer.writerow(
            [
                student_of(r.submission, root),
                r.submission,
                r.model,
                _points(r.score),
                _points(r.max_score),
                f"{percent:.1f}",
                *[_points(per_function[f]) if f in per_function else "" for f in functions],
                passed,
                len(r.tests),
                str(r.isolation),
                f"{r.seconds:.2f}",
                reason(r),
            ]
        )
    return out.getvalue()


def feedback(report: Report) -> str:
    """The learner's report as a Markdown file (the student's view: no seed, hidden cases by kind
    only), in the language in use."""
    lines = [
        T(
            "# {model}: {score} / {max_score}",
            "# {model}：{score} / {max_score}",
            model=report.model,
            score=_points(report.score),
            max_score=_points(report.max_score),
        ),
        "",
        T(
            "Submission: `{name}`. Isolation: {isolation}.",
            "提交的文件：`{name}`。隔离方式：{isolation}。",
            name=Path(report.submission).name,
            isolation=report.isolation,
        ),
        "",
    ]
    if report.error:
        lines += [T("**Could not run:** {error}", "**无法运行：**{error}", error=report.error), ""]
    if report.notes:
        lines += [NOTES_TITLE, "", *[f"- {note}" for note in report.notes], ""]
    for t in report.tests:
        if t.status == "passed":
            lines.append(T("- {PASS} `{name}`", "- {PASS} `{name}`", PASS=PASS, name=t.name))
            continue
        lines.append(
            T(
                "- **{FAIL}** `{name}`{hidden}: {message}",
                "- **{FAIL}** `{name}`{hidden}：{message}",
                FAIL=FAIL,
                name=t.name,
                hidden=same("") if t.visible else HIDDEN,
                message=t.message,
            )
        )
        if t.inputs:
            lines.append(T("  - inputs: `{inputs}`", "  - 输入：`{inputs}`", inputs=t.inputs))
        if t.output:
            printed = str(messages.printed(t.output)).strip()[:400].splitlines()
            lines.append(T("  - the code printed:", "  - 代码的输出："))
            lines += ["", "    ```", *[f"    {line}" for line in printed], "    ```", ""]
    return "\n".join(str(line) for line in lines) + "\n"


def _points(x: float) -> str:
    return f"{x:g}"


def _exact(value):
    """Inputs and outputs as JSON: arrays as nested lists (floats round-trip exactly), tuples as lists."""
    if isinstance(value, tuple):
        return [_exact(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def visible_cases(task: str, cases: list, fmt: str) -> str:
    """Every visible case in full: its inputs and expected output, so a learner can run it."""
    import numpy as np

    shown = [c for c in cases if c.visible]
    if fmt == "json":
        rows = [
            {
                "name": c.name,
                "function": c.function,
                "inputs": {k: _exact(v) for k, v in c.inputs.items()},
                "expected": _exact(c.expected),
            }
            for c in shown
        ]
        return json.dumps({"task": task, "cases": rows}, indent=2) + "\n"
    lines = []
    expected = T("expected", "期望输出")  # the JSON's key stays "expected"
    with np.printoptions(precision=17, threshold=10**6, linewidth=100):
        for c in shown:
            lines.append(f"{c.name}: {c.function}({', '.join(c.inputs)})")
            for name, value in c.inputs.items():
                lines.append(f"  {name} = {value!r}")
            lines.append(f"  {expected} = {c.expected!r}")
    return "\n".join(lines) + "\n"
