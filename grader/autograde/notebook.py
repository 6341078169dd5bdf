"""A Jupyter notebook as Jupyter runs it, read as text for grading: its code cells in order,
each turned into Python by IPython's own input transformer. Nothing here runs learner code.

A cell keeps its number (its position among all the notebook's cells, Markdown ones
included, as a student counts them on screen) and its line numbering: line 3 of a cell's
Python is line 3 of the cell, so an error names the line the student sees.

What IPython's transformer makes of a line (`!pip install x` -> `get_ipython().system(...)`,
`x = !ls` -> `x = get_ipython().getoutput('ls')`, `%matplotlib inline` and `%time f(x)` ->
`get_ipython().run_line_magic(...)`, `obj?` -> `get_ipython().run_line_magic('pinfo', 'obj')`)
is kept: the sandbox worker provides `get_ipython()`. Cell magics are not: `%%time`,
`%%timeit` and `%%capture` run ordinary Python, often the graded functions, so their body is
the cell's Python (a `%%timeit` setup statement stands on the magic's line); any other cell
magic (`%%bash`, `%%html`, `%%writefile`, ...) leaves the cell empty.

A file that is not a notebook the grader can read raises UserError, one sentence naming
the file. A cell IPython cannot translate is kept as written: the worker then reports its
syntax error, with the cell and the line, and goes on with the next cell.

nbformat and IPython are imported when a notebook is read, never when this module is.
"""

from __future__ import annotations

import getopt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from exercises.core.errors import UserError
from exercises.core.lang import T, Text

MAX_BYTES = 20_000_000  # a larger file is refused (a notebook with plots is a few MB)
MAX_CELLS = 10_000  # a long notebook has a few hundred
TRANSLATION_BUDGET = 2_000_000  # characters IPython may tokenize for one notebook (a few seconds at most)
BODY_MAGICS = ("time", "timeit", "capture")  # cell magics whose body is the cell's Python
CELL_TYPES = ("code", "markdown", "raw")
TIMEIT_OPTIONS = "n:r:tcp:qov:"  # as IPython's %%timeit parses its line


_SPLITLINES_ONLY = "\x1c\x1d\x1e\x85\u2028\u2029"  # line breaks to str.splitlines, not to Python
_STAND_INS = "\u241c\u241d\u241e\u2405\u2424\u2426"  # printable, so repr() in a translated line keeps them
_HIDE = str.maketrans(_SPLITLINES_ONLY, _STAND_INS)
_SHOW = str.maketrans(_STAND_INS, _SPLITLINES_ONLY)


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based position among all the notebook's cells
    source: str  # Python text, line for line the cell's


def notebook_cells(data: bytes, path: Path) -> list[Cell]:
    """The code cells of the notebook `data` (the bytes of the file at `path`), in order,
    as Python text; UserError naming the file if it is not a notebook the grader can read."""
    name = path.name
    if len(data) > MAX_BYTES:
        raise _unreadable(
            name,
            T(
                "it is {size:.0f} MB, more than the {limit} MB the grader reads",
                "它有 {size:.0f} MB，超过了评分程序读取的上限 {limit} MB",
                size=len(data) / 1e6,
                limit=MAX_BYTES // 10**6,
            ),
        )
    try:
        text = data.decode("utf-8-sig")  # a BOM is tolerated
    except UnicodeDecodeError as error:
        raise _unreadable(
            name,
            T(
                "it is not UTF-8 text (byte {byte} cannot be decoded)",
                "它不是 UTF-8 文本（偏移 {byte} 处的字节无法解码）",
                byte=error.start,
            ),
        ) from None
    sources = _code_sources(text, name)
    translator = _Translator()
    return [Cell(number, translator.python(source)) for number, source in sources]


def _unreadable(name: str, reason: Text) -> UserError:
    return UserError(
        T(
            "{name} is not a readable Jupyter notebook: {reason}.",
            "{name} 不是评分程序能读取的 Jupyter notebook：{reason}。",
            name=name,
            reason=reason,
        )
    )


def _code_sources(text: str, name: str) -> list[tuple[int, str]]:
    """(number, source) of each code cell. The structure the grader relies on is checked here,
    each fault in its own words; nbformat then reads the file. Its schema is not enforced:
    Jupyter opens a notebook whose code cells lack `outputs` or `execution_count`, or that
    carries extra keys, and so does the grader."""
    import nbformat

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise _unreadable(
            name,
            T(
                "it is not JSON ({error} at line {line}, column {column})",
                "它不是 JSON（第 {line} 行第 {column} 列：{error}）",
                error=error.msg,
                line=error.lineno,
                column=error.colno,
            ),
        ) from None
    except RecursionError:
        raise _unreadable(name, T("its JSON is nested too deeply", "它的 JSON 嵌套过深")) from None
    _check_structure(raw, name)
    try:
        notebook = nbformat.reader.reads(text)
    except (
        nbformat.NBFormatError,
        nbformat.ValidationError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ) as error:
        raise _unreadable(
            name,
            T(
                "nbformat cannot read it ({error})",
                "nbformat 无法读取它（{error}）",
                error=_short(str(error) or type(error).__name__),
            ),
        ) from None
    return [(number, cell.source) for number, cell in enumerate(notebook.cells, 1) if cell.cell_type == "code"]


def _check_structure(raw, name: str) -> None:
    if not isinstance(raw, dict):
        raise _unreadable(
            name,
            T(
                "it holds {kind} where a notebook holds a JSON object",
                "它的内容是{kind}，而 notebook 应是一个 JSON 对象",
                kind=_kind(raw),
            ),
        )
    if "nbformat" not in raw:
        raise _unreadable(
            name,
            T(
                "it does not say which notebook format it is in (it has no 'nbformat' field)",
                "它没有说明自己的 notebook 格式（没有 'nbformat' 字段）",
            ),
        )
    version = raw["nbformat"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise _unreadable(
            name,
            T(
                "its 'nbformat' field is {kind}, not a format version",
                "它的 'nbformat' 字段是{kind}，不是格式版本号",
                kind=_kind(raw["nbformat"]),
            ),
        )
    if version < 4:
        raise _unreadable(
            name,
            T(
                "it is in the old notebook format {version}; open it in Jupyter and save it to convert it to format 4",
                "它是旧的 notebook 格式 {version}；请在 Jupyter 中打开并保存，以转换为格式 4",
                version=version,
            ),
        )
    if version > 4:
        raise _unreadable(
            name,
            T(
                "it is in notebook format {version}, and the grader reads format 4",
                "它是 notebook 格式 {version}，而评分程序读取的是格式 4",
                version=version,
            ),
        )
    cells = raw.get("cells")
    if cells is None:
        raise _unreadable(name, T("it has no 'cells' list", "它没有 'cells' 列表"))
    if not isinstance(cells, list):
        raise _unreadable(
            name, T("its 'cells' is {kind}, not a list", "它的 'cells' 是{kind}，不是列表", kind=_kind(cells))
        )
    if len(cells) > MAX_CELLS:
        raise _unreadable(
            name,
            T(
                "it has {n:,} cells, more than the {limit:,} the grader reads",
                "它有 {n:,} 个单元格，超过了评分程序读取的上限 {limit:,} 个",
                n=len(cells),
                limit=MAX_CELLS,
            ),
        )
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            raise _unreadable(
                name,
                T(
                    "cell {number} is {kind}, not a JSON object",
                    "单元格 {number} 是{kind}，不是 JSON 对象",
                    number=number,
                    kind=_kind(cell),
                ),
            )
        kind = cell.get("cell_type")
        if kind not in CELL_TYPES:
            said = (
                T("no cell_type", "没有 cell_type")
                if kind is None
                else T("the cell_type {kind}", "的 cell_type 是{kind}", kind=_kind(kind))
            )
            raise _unreadable(
                name,
                T(
                    "cell {number} has {said}, where 'code', 'markdown' or 'raw' is expected",
                    "单元格 {number} {said}，应为 'code'、'markdown' 或 'raw'",
                    number=number,
                    said=said,
                ),
            )
        if kind != "code":
            continue
        source = cell.get("source")
        if source is None:
            raise _unreadable(
                name, T("code cell {number} has no 'source'", "代码单元格 {number} 没有 'source'", number=number)
            )
        if isinstance(source, list):
            source = next((line for line in source if not isinstance(line, str)), "")
        if not isinstance(source, str):
            raise _unreadable(
                name,
                T(
                    "the source of cell {number} holds {kind}, not text",
                    "单元格 {number} 的 source 中含有{kind}，不是文本",
                    number=number,
                    kind=_kind(source),
                ),
            )


def _kind(value) -> Text:
    """A JSON value in a few words, quoting at most a short string."""
    if isinstance(value, str):
        return T("{text}", " {text}", text=_short(repr(value), 40))
    if isinstance(value, bool):
        return T("{value}", " {value}", value="true" if value else "false")
    if value is None:
        return T("null", " null")
    if isinstance(value, (int, float)):
        return T("the number {number}", "数字 {number}", number=_short(repr(value), 40))
    return T("a list", "一个列表") if isinstance(value, list) else T("an object", "一个对象")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Untranslatable(Exception):
    """IPython's transformer gave up on a cell, or would take more work than the budget allows."""


class _Translator:
    """IPython's input transformer, as IPython applies it to a cell, keeping the cell's line
    numbering and bounded in work for the whole notebook."""

    def __init__(self):
        from IPython.core import inputtransformer2

        self.manager = inputtransformer2.TransformerManager()
        self.manager.token_transformers = [_line_keeping(t) for t in self.manager.token_transformers]
        self.loop_limit = inputtransformer2.TRANSFORM_LOOP_LIMIT
        self.budget = TRANSLATION_BUDGET

    def python(self, source: str) -> str:
        """The cell's Python, line for line; the cell as written if IPython cannot translate it.

        Lines end as Python ends them: at \\n (\\r\\n and \\r become \\n). IPython also splits
        lines where str.splitlines does, at characters Python allows only in strings and comments
        (U+2028, \\x1c, ...); it sees printable stand-ins for them instead, so that its lines are
        Python's, and they are put back after."""
        text = source.replace("\r\n", "\n").replace("\r", "\n")
        hide = any(c in text for c in _SPLITLINES_ONLY) and not any(c in text for c in _STAND_INS)
        try:
            python = self._translate(text.translate(_HIDE) if hide else text)
        except Exception:  # IPython gave up (as it does in Jupyter, failing the cell), or the budget is spent
            return text
        return python.translate(_SHOW) if hide else python

    def _translate(self, text: str) -> str:
        if not text.endswith("\n"):
            text += "\n"
        lines = text.splitlines(keepends=True)
        head = []  # lines that stand for what is not Python: leading blank lines, a kept cell magic's line
        while lines:
            # IPython drops leading blank lines (unless all are blank); the numbering keeps them
            start = next((i for i, line in enumerate(lines) if line and not line.isspace()), 0)
            head += ["\n"] * "".join(lines[:start]).count("\n")
            lines = lines[start:]
            for transform in self.manager.cleanup_transforms:  # dedent, strip >>> and In [1]: prompts
                lines = transform(lines)
            if not lines or not lines[0].startswith("%%") or re.match(r"%%\w+\?", lines[0]):  # as cell_magic
                break
            magic, _, argument = lines[0][2:].rstrip().partition(" ")
            if magic not in BODY_MAGICS:
                return ""
            head.append(self._timeit_setup(argument) if magic == "timeit" else "\n")
            lines = lines[1:]  # the body, a cell of its own to IPython
        python = "".join(head) + "".join(self._token_transforms(lines))
        if python.count("\n") != text.count("\n"):
            raise _Untranslatable("the line numbering changed")
        return python

    def _timeit_setup(self, argument: str) -> str:
        """The setup statement of `%%timeit [options] setup`, on one line, as IPython reads it."""
        try:
            options, _ = getopt.getopt(argument.split(), TIMEIT_OPTIONS)
        except getopt.GetoptError as error:  # a UsageError in Jupyter: the cell fails
            raise _Untranslatable(str(error)) from None
        for option, value in options:  # IPython's parse_options(..., preserve_non_opts=True)
            argument = argument.replace(option, "", 1).replace(value, "", 1)
        setup = argument.lstrip()
        if not setup:
            return "\n"
        python = self._token_transforms([setup + "\n"])
        if len(python) != 1:
            raise _Untranslatable("the setup statement spans lines")
        return python[0]

    def _token_transforms(self, lines: list[str]) -> list[str]:
        """IPython's TransformerManager.do_token_transforms, within the notebook's budget: each
        pass tokenizes the whole cell again, so a huge cell full of magics would take minutes.
        A cell without the characters IPython's syntax needs is plain Python: it costs nothing."""
        if not _may_hold_ipython_syntax(lines):
            return lines
        for _ in range(self.loop_limit):
            cost = sum(map(len, lines))
            if cost > self.budget:
                raise _Untranslatable("over the translation budget")
            self.budget -= cost
            changed, lines = self.manager.do_one_token_transform(lines)
            if not changed:
                return lines
        raise _Untranslatable("IPython's transformations never settle")  # Jupyter raises RuntimeError


def _may_hold_ipython_syntax(lines: list[str]) -> bool:
    """False only for lines IPython's token transformers leave alone: `x = %magic` needs a %,
    `x = !cmd` a !, `obj?` a ?, and an escaped line (`!ls`, `%time`, `,f a`, `;f a`, `/f a`)
    starts, after its indentation, with one of !%,;/? ."""
    text = "".join(lines)
    return "!" in text or "%" in text or "?" in text or any(line.lstrip()[:1] in (",", ";", "/") for line in lines)


def _line_keeping(transformer: type) -> type:
    """`transformer`, made to keep the cell's line count: IPython joins a magic or a shell
    command continued with backslashes (`!pip install a \\` / `b`) into one line; blank
    lines after it take the place of the lines it absorbed."""

    class LineKeeping(transformer):
        def transform(self, lines):
            transformed = super().transform(lines)
            lost = len(lines) - len(transformed)
            transformed[self.start_line + 1 : self.start_line + 1] = ["\n"] * lost
            return transformed

    LineKeeping.__name__ = LineKeeping.__qualname__ = f"LineKeeping{transformer.__name__}"
    return LineKeeping
