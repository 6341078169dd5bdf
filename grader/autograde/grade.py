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
from exercises.core.lang import T, Text, same
from grader.autograde import BUDGET_SECONDS, TIMEOUT_SECONDS
from grader.autograde.messages import cell_note, sandbox_message
from grader.autograde.tasks import infer_model, task, tasks
from solutions.core.cases import Case, Compare

if TYPE_CHECKING:  # compare.py imports numpy: only when a case is judged
    from grader.autograde.compare import Judgement

FD_EPS = 1e-6
FD_RULE = Compare(rtol=1e-4, atol=1e-6)  # learner's gradient vs central differences of its own loss
HIDDEN_KIND = {  # what a hidden case's failure says: its kind only
    "shape": T("wrong shape", "形状不符"),
    "type": T("wrong type", "类型不符"),
    "nan": T("NaN or infinite values", "含 NaN 或无穷大"),
    "value": T("wrong values", "数值不符"),
    "gradient": T("wrong gradient (it also disagrees with your own loss)", "梯度有误（与你自己的损失函数也不一致）"),
    "exception": T("raised an exception", "抛出了异常"),
    "timeout": T("took too long", "超时"),
    "memory": T("used too much memory", "内存超限"),
    "crashed": T("crashed", "崩溃"),
    "exited": T("exited before returning", "在返回结果前退出"),
    "syntax": T("syntax error", "语法错误"),
    "refused_import": T("imports a module this task does not allow", "导入了本题不允许使用的模块"),
    "missing_function": T("a function is missing", "缺少函数"),
    "load_error": T("the file could not be loaded", "文件无法加载"),
    "bad_output": T("returned something other than numbers", "返回的不是数值"),
    "sandbox": T("not run: the grader's machine failed", "未运行：评分机器出现故障"),
    "modified_input": T("changed its inputs in place", "原地修改了输入"),
}
NOT_RUN = T("not run", "未运行")  # the isolation of a submission whose code never ran


@dataclass(frozen=True)
class TestResult:
    name: str
    visible: bool
    points: float
    max_points: float
    status: str  # "passed" or "failed"
    kind: str  # what went wrong: "ok", "value", "shape", "nan", "exception", "timeout", ...
    message: str | Text  # what the learner is told (hidden cases: the kind only)
    output: str = ""  # what the learner's code printed during this case (visible cases only)
    edge: str | Text | None = None
    inputs: str = ""  # the case's inputs, shown when a visible case fails


@dataclass
class Report:
    """One submission graded. What a learner reads is a Text (or a plain string), shown in the
    language in use when the report is written (grader/autograde/report.py), not when the
    submission was graded: grading happens on worker threads for a folder."""

    submission: str
    model: str
    seed: int
    isolation: str | Text
    tests: list[TestResult] = field(default_factory=list)
    seconds: float = 0.0
    error: str | Text | None = None  # why nothing could be graded (syntax error, missing file)
    notes: tuple[str | Text, ...] = ()  # a notebook's cells that failed (the cells after each one still ran)

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
        raise _no_such_file(path)
    from grader.autograde.notebook import MAX_BYTES

    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(
                T(
                    "{name} is larger than {mb} MB; the grader does not read it.",
                    "{name} 大于 {mb} MB，评分程序不读取它。",
                    name=path.name,
                    mb=MAX_BYTES // 10**6,
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise UserError(
            T(
                "cannot read {path}: {error}.",
                "无法读取 {path}：{error}。",
                path=str(path),
                error=error.strerror or error,
            )
        ) from None
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
        raise UserError(
            T(
                "cannot read {path}: Python could not decode it ({error}).",
                "无法读取 {path}：Python 无法解码它（{error}）。",
                path=str(path),
                error=str(error),
            )
        ) from None
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
        raise _no_such_file(path)
    model = model or infer_model(path)
    if model is None:
        raise UserError(
            T(
                "cannot tell which model {name} implements; name the file after one ({models}) or pass --model.",
                "无法判断 {name} 实现的是哪个模型；请用模型名命名文件（{models}），或使用 --model 指定。",
                name=path.name,
                models=", ".join(tasks()),
            )
        )
    report = Report(str(path), model, seed, NOT_RUN)
    code = load_code(path)
    try:
        if isinstance(code, str):  # a notebook's cells are compiled one by one, and one may fail
            ast.parse(code, filename=path.name)
    except SyntaxError as error:
        report.error = T(
            "SyntaxError at line {line}: {message}",
            "SyntaxError（第 {line} 行）：{message}",
            line=str(error.lineno),
            message=error.msg,
        )
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
        report.error = T("not graded: {error}", "未评分：{error}", error=sandbox_message(str(error)))
        return _not_run(report, task(model).cases(seed), "sandbox", started)
    report.isolation = sandbox.isolation_text()  # after the run, which settled it (no extra probe)
    report.notes = tuple(cell_note(note) for note in outcomes.notes)
    report.tests = [_judge(case, outcomes[slice(*checks[case.name])]) for case in cases]
    report.seconds = time.perf_counter() - started
    return report


def _no_such_file(path: Path) -> UserError:
    return UserError(T("cannot read {path}: no such file.", "无法读取 {path}：没有这个文件。", path=str(path)))


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
        return _failed(case, main.status, sandbox_message(main.message), main.output)
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
            T(
                "{detail}; it does agree with central differences of your own {loss}(), so {loss}() is probably "
                "wrong too",
                "{detail}；但它与你自己的 {loss}() 的中心差分结果一致，所以 {loss}() 很可能也有错",
                detail=wrong.detail,
                loss=case.gradient_of,
            ),
        )
    return Judgement(
        False,
        "gradient",
        T(
            "{detail}; it also disagrees with central differences of your own {loss}(): check the derivative",
            "{detail}；它与你自己的 {loss}() 的中心差分结果也不一致：请检查求导",
            detail=wrong.detail,
            loss=case.gradient_of,
        ),
    )


def _number(value) -> float | None:
    """A returned number as a float: an int, a float or a 0-d array alike; else None."""
    import numpy as np

    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "biuf":
        return float(value)
    return float(value) if isinstance(value, (int, float)) else None


def _failed(case: Case, kind: str, detail: Text, output: str = "") -> TestResult:
    if not case.visible:
        return TestResult(
            case.name,
            False,
            0.0,
            case.points,
            "failed",
            kind,
            HIDDEN_KIND.get(kind) or same(kind.replace("_", " ")),
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
