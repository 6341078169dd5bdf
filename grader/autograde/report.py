"""Grading reports: text for the learner's terminal, JSON (schema below), a
Gradescope results.json, and a CSV gradebook for a whole class.

JSON: {"submission", "model", "seed" (null unless --instructor), "isolation", "seconds", "error",
"notes" (a notebook's cells that failed: "cell N, line L: ..." or "cell N: ..."), "score", "max_score",
"tests": [{"name", "visible", "edge", "status", "score", "max_score", "kind", "message",
"output", "inputs"}]}.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from grader.autograde.grade import Report

GRADESCOPE_VISIBILITY = {True: "visible", False: "after_published"}
NOTES_HEADING = "notebook cells that failed (the cells after each one still ran):"


def text(report: Report, instructor: bool = False) -> str:
    """The report a learner reads; the instructor's view also names the seed of the cases."""
    seed = f" (seed {report.seed})" if instructor else ""
    lines = [f"{report.submission}: {report.model}{seed}", f"isolation: {report.isolation}"]
    if report.error:
        lines.append(f"could not run: {report.error}")
    if report.notes:
        lines.append(NOTES_HEADING)
        lines += [f"  {note}" for note in report.notes]
    for test in report.tests:
        where = "" if test.visible else " (hidden)"
        edge = f" [edge: {test.edge}]" if test.edge else ""
        if test.status == "passed":
            lines.append(f"  PASS {test.name}{edge}")
            continue
        lines.append(f"  FAIL {test.name}{where}{edge}: {test.message}")
        if test.inputs:
            lines.append(f"       inputs: {test.inputs}")
            lines.append(f"       {_full_case(report, test)}")
        if test.output:  # quoted line by line, so nothing printed can pass for part of the report
            printed = test.output.strip()[:400].splitlines()
            lines.append("       the code printed:")
            lines += [f"       | {line}" for line in printed]
    lines.append(
        f"Score: {_points(report.score)} / {_points(report.max_score)}  "
        f"({len([t for t in report.tests if t.status == 'passed'])} of {len(report.tests)} cases; "
        f"{report.seconds:.2f} s)"
    )
    return "\n".join(lines) + "\n"


def _full_case(report: Report, test) -> str:
    """Where the learner finds a visible case in full (the public cases are those of seed 0)."""
    if report.seed != 0:
        return "the inputs above are abbreviated"
    return f"full case: mlexam cases {report.model} --visible --case '{test.name}'"


def to_dict(report: Report, instructor: bool = False) -> dict:
    """The JSON report; "seed" is null except in the instructor's view."""
    return {
        "submission": report.submission,
        "model": report.model,
        "seed": report.seed if instructor else None,
        "isolation": report.isolation,
        "seconds": round(report.seconds, 3),
        "error": report.error,
        "notes": list(report.notes),
        "score": report.score,
        "max_score": report.max_score,
        "tests": [
            {
                "name": t.name,
                "visible": t.visible,
                "edge": t.edge,
                "status": t.status,
                "score": t.points,
                "max_score": t.max_points,
                "kind": t.kind,
                "message": t.message,
                "output": t.output,
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
        output = t.message if t.status == "failed" else ""
        if t.inputs:
            output += f"\ninputs: {t.inputs}\n{_full_case(report, t)}"
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
        "output": f"{report.model}; isolation: {report.isolation}"
        + (f"\ncould not run: {report.error}" if report.error else "")
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
        return report.error
    failed = [t for t in report.tests if t.status == "failed"]
    if report.score or not failed:
        return ""
    first = next((t for t in failed if t.visible), failed[0])
    return f"{first.name}: {first.message}"


def gradebook(reports: list[Report], root: Path | None = None) -> str:
    """One row per submission: the student, the score, points per function, the isolation
    level, the time taken and, for every zero, the reason."""
    functions = list(dict.fromkeys(f for r in reports for f in _functions(r)))
    out = io.StringIO()
    writer = csv.writer(out)
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
                r.isolation,
                f"{r.seconds:.2f}",
                reason(r),
            ]
        )
    return out.getvalue()


def feedback(report: Report) -> str:
    """The learner's report as a Markdown file (the student's view: no seed, hidden cases by kind only)."""
    lines = [f"# {report.model}: {_points(report.score)} / {_points(report.max_score)}", ""]
    lines += [f"Submission: `{Path(report.submission).name}`. Isolation: {report.isolation}.", ""]
    if report.error:
        lines += [f"**Could not run:** {report.error}", ""]
    if report.notes:
        lines += [NOTES_HEADING[0].upper() + NOTES_HEADING[1:], "", *[f"- {note}" for note in report.notes], ""]
    for t in report.tests:
        hidden = "" if t.visible else " (hidden)"
        if t.status == "passed":
            lines.append(f"- PASS `{t.name}`")
            continue
        lines.append(f"- **FAIL** `{t.name}`{hidden}: {t.message}")
        if t.inputs:
            lines.append(f"  - inputs: `{t.inputs}`")
        if t.output:
            lines.append("  - the code printed:")
            lines += ["", "    ```", *[f"    {line}" for line in t.output.strip()[:400].splitlines()], "    ```", ""]
    return "\n".join(lines) + "\n"


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
    with np.printoptions(precision=17, threshold=10**6, linewidth=100):
        for c in shown:
            lines.append(f"{c.name}: {c.function}({', '.join(c.inputs)})")
            for name, value in c.inputs.items():
                lines.append(f"  {name} = {value!r}")
            lines.append(f"  expected = {c.expected!r}")
    return "\n".join(lines) + "\n"
