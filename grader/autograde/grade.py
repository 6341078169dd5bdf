"""Grading a submission: the task's cases, the learner's code run in the sandbox,
every output compared in this process, and a report.

The task (its reference module and cases) comes from the task registry,
grader/autograde/tasks.py.
"""

from __future__ import annotations

import ast
import io
import time
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exercises.core.errors import UserError
from grader.autograde import BUDGET_SECONDS, TIMEOUT_SECONDS
from grader.autograde.tasks import infer_model, task, tasks
from solutions.core.cases import Case, Compare

if TYPE_CHECKING:  # compare.py imports numpy: only when a case is judged
    from grader.autograde.compare import Judgement

FD_EPS = 1e-6
FD_RULE = Compare(rtol=1e-4, atol=1e-6)  # learner's gradient vs central differences of its own loss
HIDDEN_KIND = {
    "shape": "wrong shape",
    "type": "wrong type",
    "nan": "NaN or infinite values",
    "value": "wrong values",
    "gradient": "wrong gradient (it also disagrees with your own loss)",
    "exception": "raised an exception",
    "timeout": "took too long",
    "memory": "used too much memory",
    "crashed": "crashed",
    "exited": "exited before returning",
    "syntax": "syntax error",
    "refused_import": "imports a module this task does not allow",
    "missing_function": "a function is missing",
    "load_error": "the file could not be loaded",
    "bad_output": "returned something other than numbers",
    "sandbox": "not run: the grader's machine failed",
    "modified_input": "changed its inputs in place",
}


@dataclass(frozen=True)
class TestResult:
    name: str
    visible: bool
    points: float
    max_points: float
    status: str  # "passed" or "failed"
    kind: str  # what went wrong: "ok", "value", "shape", "nan", "exception", "timeout", ...
    message: str  # what the learner is told (hidden cases: the kind only)
    output: str = ""  # what the learner's code printed during this case (visible cases only)
    edge: str | None = None
    inputs: str = ""  # the case's inputs, shown when a visible case fails


@dataclass
class Report:
    submission: str
    model: str
    seed: int
    isolation: str
    tests: list[TestResult] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None  # why nothing could be graded (syntax error, missing file)
    notes: tuple[str, ...] = ()  # a notebook's cells that failed (the cells after each one still ran)

    @property
    def score(self) -> float:
        return sum(t.points for t in self.tests)

    @property
    def max_score(self) -> float:
        return sum(t.max_points for t in self.tests)


def load_code(path: Path):
    """The learner's code, read as text only: a .py file's source, or a Jupyter notebook's
    code cells as Python (grader/autograde/notebook.py: IPython's transformer, cell numbers)."""
    if not path.is_file():
        raise UserError(f"cannot read {path}: no such file.")
    from grader.autograde.notebook import MAX_BYTES

    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(f"{path.name} is larger than {MAX_BYTES // 10**6} MB; the grader does not read it.")
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}.") from None
    if path.suffix.lower() != ".ipynb":
        return python_text(data, path)
    from grader.autograde.notebook import notebook_cells

    return notebook_cells(data, path)


def load_source(path: Path) -> str:
    """The learner's code as one text (a notebook's cells one after another)."""
    code = load_code(path)
    return code if isinstance(code, str) else "\n".join(cell.source for cell in code)


def python_text(data: bytes, path: Path) -> str:
    """A .py file's text read as Python reads it: a UTF-8 BOM, a PEP 263 coding line,
    CRLF or CR line ends."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)  # "utf-8-sig" drops the BOM
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read {path}: Python could not decode it ({error}).") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def grade(
    path: Path,
    model: str | None = None,
    seed: int = 0,
    timeout: float = TIMEOUT_SECONDS,
    budget: float = BUDGET_SECONDS,
) -> Report:
    """Grade one submission; never raises for anything the learner's code does. The
    sandbox's worker starts first: its Python and numpy load while this process imports
    the task and builds the cases."""
    from grader.autograde import sandbox

    started = time.perf_counter()
    if not path.is_file():
        raise UserError(f"cannot read {path}: no such file.")
    model = model or infer_model(path)
    if model is None:
        raise UserError(
            f"cannot tell which model {path.name} implements; name the file after one "
            f"({', '.join(tasks())}) or pass --model."
        )
    report = Report(str(path), model, seed, "not run")
    code = load_code(path)
    try:
        if isinstance(code, str):  # a notebook's cells are compiled one by one, and one may fail
            ast.parse(code, filename=path.name)
    except SyntaxError as error:
        report.error = f"SyntaxError at line {error.lineno}: {error.msg}"
        return _not_run(report, task(model).cases(seed), "syntax", started)
    source = code if isinstance(code, str) else [(cell.number, cell.source) for cell in code]
    try:
        with sandbox.prepare(source, sandbox.Limits(wall_seconds=timeout, budget_seconds=budget)) as prepared:
            module = task(model)
            cases = module.cases(seed)
            # Visible cases run first: the learner's module lives on from call to call, so a
            # hidden call could keep its inputs and raise them in a later case, whose message
            # students see only if it is visible.
            calls, checks = [], {}
            for case in sorted(cases, key=lambda c: not c.visible):
                first = len(calls)
                calls.append(_call(module, case.function, case.inputs))
                calls += _gradient_calls(module, case)
                checks[case.name] = (first, len(calls))
            outcomes = prepared.run(calls)
    except sandbox.SandboxError as error:  # the machine's failure: this submission is not graded, nor scored
        report.error = f"not graded: {error}"
        return _not_run(report, task(model).cases(seed), "sandbox", started)
    report.isolation = sandbox.isolation()  # after the run, which settled it (no extra probe)
    report.notes = outcomes.notes
    report.tests = [_judge(case, outcomes[slice(*checks[case.name])]) for case in cases]
    report.seconds = time.perf_counter() - started
    return report


def _not_run(report: Report, cases: list, kind: str, started: float) -> Report:
    """Every case failed for the one reason in report.error (the code never ran)."""
    report.tests = [_failed(case, kind, report.error) for case in cases]
    report.seconds = time.perf_counter() - started
    return report


def _call(module, function: str, inputs: dict):
    """The call `function(**inputs)` made positionally, in the order of the reference's
    parameters, so that a learner may name them as they like. A parameter the inputs omit
    before one they give takes the reference's default; trailing ones are left out."""
    import inspect

    from grader.autograde import sandbox

    parameters = list(inspect.signature(getattr(module, function)).parameters.values())
    names = [p.name for p in parameters]
    last = max((names.index(name) for name in inputs), default=-1)
    args = []
    for parameter in parameters[: last + 1]:
        if parameter.name in inputs:
            args.append(inputs[parameter.name])
        elif parameter.default is not inspect.Parameter.empty:
            args.append(parameter.default)
        else:
            raise ValueError(f"{module.__name__}: a case of {function} gives no {parameter.name}")
    unchanged = tuple(names[: len(args)]) if function in getattr(module, "INPUTS_UNCHANGED", ()) else ()
    return sandbox.Call(function, args, unchanged)


def _gradient_calls(module, case: Case) -> list:
    """The learner's own loss at wrt ± eps in every coordinate, for a gradient case."""
    import numpy as np

    if not case.gradient_of:
        return []
    x = np.asarray(case.inputs[case.wrt], dtype=float)
    calls = []
    for i in range(x.size):
        for sign in (1, -1):
            moved = x.copy().ravel()
            moved[i] += sign * FD_EPS
            inputs = {**case.inputs, case.wrt: moved.reshape(x.shape)}
            calls.append(_call(module, case.gradient_of, inputs))
    return calls


def _judge(case: Case, outcomes) -> TestResult:
    from grader.autograde.compare import compare

    main, losses = outcomes[0], outcomes[1:]
    if main.status != "ok":
        return _failed(case, main.status, main.message, main.output)
    judgement = compare(case, main.value)
    if judgement.passed:
        return TestResult(case.name, case.visible, case.points, case.points, "passed", "ok", "", "", case.edge)
    if case.gradient_of:
        judgement = _diagnose_gradient(case, main.value, losses, judgement)
    return _failed(case, judgement.kind, judgement.detail, main.output)


def _diagnose_gradient(case: Case, gradient, losses, wrong: Judgement) -> Judgement:
    """A gradient that differs from the reference's, compared with central differences of
    the learner's own loss: agreeing, the loss is likely wrong too; disagreeing, the
    derivative is. (A gradient equal to the reference's passes whatever the loss does.)"""
    import numpy as np

    from grader.autograde.compare import Judgement, compare_one, finite_difference_gradient

    values = [_number(o.value) if o.status == "ok" else None for o in losses]
    if any(v is None for v in values):
        return wrong
    shape = np.shape(case.inputs[case.wrt])
    if isinstance(gradient, tuple):  # e.g. backward() -> (dW1, db1, dW2, db2): the one shaped like wrt
        gradient = next((g for g in gradient if np.shape(g) == shape), None)
        if gradient is None:
            return wrong
    numeric = finite_difference_gradient(values, FD_EPS, shape)
    if compare_one(numeric, gradient, FD_RULE).passed:
        return Judgement(
            False,
            wrong.kind,
            f"{wrong.detail}; it does agree with central differences of your own {case.gradient_of}(), "
            f"so {case.gradient_of}() is probably wrong too",
        )
    return Judgement(
        False,
        "gradient",
        f"{wrong.detail}; it also disagrees with central differences of your own {case.gradient_of}(): "
        "check the derivative",
    )


def _number(value) -> float | None:
    """A returned number as a float: an int, a float or a 0-d array alike; else None."""
    import numpy as np

    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "biuf":
        return float(value)
    return float(value) if isinstance(value, (int, float)) else None


def _failed(case: Case, kind: str, detail: str, output: str = "") -> TestResult:
    if not case.visible:
        return TestResult(
            case.name,
            False,
            0.0,
            case.points,
            "failed",
            kind,
            HIDDEN_KIND.get(kind, kind.replace("_", " ")),
            "",
            case.edge,
        )
    return TestResult(case.name, True, 0.0, case.points, "failed", kind, detail, output, case.edge, _inputs_text(case))


def _inputs_text(case: Case) -> str:
    import numpy as np

    parts = []
    for name, value in case.inputs.items():
        text = (
            np.array2string(
                value, precision=4, threshold=12, edgeitems=2, separator=", ", max_line_width=10**6
            ).replace("\n", "")
            if isinstance(value, np.ndarray)
            else repr(value)
        )
        parts.append(f"{name} = {text}")
    return "; ".join(parts)
