"""A training table of categorical attributes and a class column, as decision-tree
problems (ID3, CART) take it: read from a user's parameters, counted per attribute value
and class, and shown in a question.

    table    rows of values, one row per sample: its attributes, then its class
    columns  the names of the attribute columns, then the class column's name

Values (and classes) are listed in the order they first appear in the table, and a part
of the table (the samples of one branch) keeps the whole table's orders, so that its
counts line up with the whole table's. `Table.counts(j)` is the branches x classes count
table of attribute j, the form the `entropy` family takes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from exercises.core.columns import cells
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, Text, join
from exercises.core.model import Math

FORM_TABLE = T(
    "a list of 4-60 rows, one per sample: its 1-6 attribute values, then its class, each a name or an integer, "
    'e.g. [["sunny", "high", "no"], ["rain", "normal", "yes"], ["sunny", "normal", "yes"], ["rain", "high", "no"]]',
    "4-60 行的列表，每行一个样本：先是它的 1-6 个属性取值，最后是它的类别，每项是一个名称或整数，"
    '例如 [["sunny", "high", "no"], ["rain", "normal", "yes"], ["sunny", "normal", "yes"], ["rain", "high", "no"]]',
)
FORM_COLUMNS = T(
    "a list of distinct names, one per column of 'table' (the attributes, then the class), "
    'e.g. ["Outlook","Humidity","Play"]; by default A1, A2, ... and y',
    "互不相同的名称列表，与 'table' 的各列一一对应（先是各属性，最后是类别），"
    '例如 ["Outlook","Humidity","Play"]；默认为 A1、A2、… 和 y',
)
TIE = 1e-12  # scores closer than this are equal
ROWS = (4, 60)
ATTRIBUTES = (1, 6)
MOST_VALUES = 6  # per attribute, and classes
LONGEST_NAME = 20


def _first_seen(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # attribute names, then the class column's name
    rows: tuple[tuple[str, ...], ...]  # attribute values, then the class
    levels: tuple[tuple[str, ...], ...] = ()  # each attribute's values, in the whole table's order
    classes: tuple[str, ...] = ()  # in the whole table's order

    @classmethod
    def of(cls, columns, rows) -> Table:
        """The whole table: orders of values and classes as they first appear."""
        columns, rows = tuple(columns), tuple(tuple(row) for row in rows)
        levels = tuple(_first_seen(row[j] for row in rows) for j in range(len(columns) - 1))
        return cls(columns, rows, levels, _first_seen(row[-1] for row in rows))

    @property
    def attributes(self) -> tuple[str, ...]:
        return self.columns[:-1]

    @property
    def label(self) -> str:
        return self.columns[-1]

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, j: int) -> tuple[str, ...]:
        """The values attribute j (0-based) takes in these rows, in the whole table's order."""
        present = {row[j] for row in self.rows}
        return tuple(v for v in self.levels[j] if v in present)

    def class_counts(self) -> tuple[int, ...]:
        """How many rows of each class (in the whole table's order; absent classes count 0)."""
        return tuple(sum(row[-1] == c for row in self.rows) for c in self.classes)

    def counts(self, j: int) -> tuple[tuple[int, ...], ...]:
        """Class counts of each branch of attribute j: one row per value taken, one column per class."""
        return tuple(self.where(j, v).class_counts() for v in self.values(j))

    def where(self, j: int, value: str) -> Table:
        """The rows whose attribute j has `value` (the samples of one branch)."""
        return Table(self.columns, tuple(row for row in self.rows if row[j] == value), self.levels, self.classes)

    def shown(self) -> Math:
        """The table for a question, displayed on its own."""
        return Math(Grid(self.columns, self.rows), display=True)

    def to_json(self) -> dict:
        return {"table": [list(row) for row in self.rows], "columns": list(self.columns)}


def default_columns(attributes: int) -> tuple[str, ...]:
    """A1, A2, ... and y, when the user names no column."""
    return (*(f"A{j}" for j in range(1, attributes + 1)), "y")


def read_table(raw: dict) -> Table:
    """The table of `raw["table"]` and its column names `raw.get("columns")`: every row the
    same length, a value a short name or an integer, at least two classes and every
    attribute taking at least two values."""
    rows = raw["table"]
    if not isinstance(rows, list) or not ROWS[0] <= len(rows) <= ROWS[1]:
        raise _malformed()
    width = len(rows[0]) if isinstance(rows[0], list) else 0
    if not ATTRIBUTES[0] + 1 <= width <= ATTRIBUTES[1] + 1:
        raise _malformed()
    table = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != width:
            raise ParamError(
                T(
                    "parameter 'table' must be {form}; row {i} has {got} entries, not {k} like row 1.",
                    "参数 'table' 应为：{form}；第 {i} 行有 {got} 项，而不是像第 1 行那样有 {k} 项。",
                    form=FORM_TABLE,
                    i=i,
                    got=len(row) if isinstance(row, list) else 1,
                    k=width,
                )
            )
        table.append(tuple(_name("table", value, FORM_TABLE, i) for value in row))
    columns = raw.get("columns", list(default_columns(width - 1)))
    if not isinstance(columns, list) or len(columns) != width:
        raise ParamError(
            T(
                "parameter 'columns' must be {form}; it needs {k} names, one per column of 'table'.",
                "参数 'columns' 应为：{form}；需要 {k} 个名称，与 'table' 的各列一一对应。",
                form=FORM_COLUMNS,
                k=width,
            )
        )
    names = tuple(_name("columns", name, FORM_COLUMNS) for name in columns)
    if len(set(names)) != width:
        raise ParamError(
            T(
                "parameter 'columns' must be {form}; two columns have the same name.",
                "参数 'columns' 应为：{form}；有两列的名称相同。",
                form=FORM_COLUMNS,
            )
        )
    result = Table.of(names, table)
    if not 2 <= len(result.classes) <= MOST_VALUES:
        raise ParamError(
            T(
                "the class column '{label}' must hold 2-{most} different classes; it holds {k}.",
                "类别列 '{label}' 应有 2-{most} 个不同的类别；实际有 {k} 个。",
                label=names[-1],
                most=MOST_VALUES,
                k=len(result.classes),
            )
        )
    for name, values in zip(result.attributes, result.levels):
        if not 2 <= len(values) <= MOST_VALUES:
            raise ParamError(
                T(
                    "attribute '{name}' must take 2-{most} different values to split the samples; it takes {k}.",
                    "属性 '{name}' 应有 2-{most} 个不同的取值才能划分样本；实际有 {k} 个。",
                    name=name,
                    most=MOST_VALUES,
                    k=len(values),
                )
            )
    return result


def _malformed() -> ParamError:
    return ParamError(T("parameter 'table' must be {form}.", "参数 'table' 应为：{form}。", form=FORM_TABLE))


def _name(parameter: str, value, form: Text, row: int | None = None) -> str:
    """A value or a column name: a short non-empty string, or an integer written as one."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip() and len(value.strip()) <= LONGEST_NAME and value.isprintable():
        return value.strip()
    where = T("; row {i}", "；第 {i} 行", i=row) if row is not None else ""
    raise ParamError(
        T(
            "parameter '{name}' must be {form}{where}: {value} is not a name of 1-{most} characters or an integer.",
            "参数 '{name}' 应为：{form}{where}：{value} 不是 1-{most} 个字符的名称或整数。",
            name=parameter,
            form=form,
            where=where,
            value=repr(value)[:30],
            most=LONGEST_NAME,
        )
    )


# ---------------------------------------------------------------- generating and choosing

THEMES = (  # attributes (name, values), then the class column (name, classes)
    (
        (
            ("Outlook", ("sunny", "overcast", "rain")),
            ("Temperature", ("hot", "mild", "cool")),
            ("Humidity", ("high", "normal")),
            ("Wind", ("weak", "strong")),
        ),
        ("Play", ("yes", "no")),
    ),
    (
        (
            ("Age", ("young", "middle", "old")),
            ("Employed", ("yes", "no")),
            ("House", ("own", "rent")),
            ("Credit", ("fair", "good", "excellent")),
        ),
        ("Loan", ("approve", "reject")),
    ),
    (
        (
            ("Age", ("youth", "middle", "senior")),
            ("Income", ("high", "medium", "low")),
            ("Student", ("yes", "no")),
            ("Credit", ("fair", "excellent")),
        ),
        ("Buys", ("yes", "no")),
    ),
    (
        (
            ("Education", ("high", "low")),
            ("Experience", ("long", "short", "none")),
            ("City", ("big", "small")),
            ("English", ("good", "poor")),
        ),
        ("Salary", ("high", "low")),
    ),
)


def draw_table(dice, rows: int, attributes: int, most_values: int) -> Table:
    """A table of `rows` samples from one of THEMES: `attributes` attributes of at most
    `most_values` values each, in the theme's order, and 2 classes. The class follows one
    attribute in 3 samples of 4 (so that some attribute tells the classes apart); a draw with
    one class, or an attribute taking one value, is drawn again."""
    pool, (label, classes) = dice.choice(THEMES)
    chosen = [
        (name, values[:most_values])
        for name, values in (pool[i] for i in sorted(dice.sample(range(len(pool)), attributes)))
    ]
    key = dice.integer(0, attributes - 1)
    order = dice.sample(classes, len(classes))
    leaning = {v: order[i % len(order)] for i, v in enumerate(chosen[key][1])}
    table = []
    for _ in range(rows):
        values = [dice.choice(vs) for _, vs in chosen]
        label_of = leaning[values[key]] if dice.integer(1, 4) <= 3 else dice.choice(classes)
        table.append((*values, label_of))
    result = Table.of([name for name, _ in chosen] + [label], table)
    if len(result.classes) < 2 or any(len(values) < 2 for values in result.levels):
        raise Redraw("one class only, or an attribute with one value")
    return result


def first_best(scores, pick=max) -> int:
    """Position of the largest (or, pick=min, the smallest) score; ties within TIE -> the first."""
    target = pick(scores)
    return next(i for i, x in enumerate(scores) if abs(x - target) <= TIE)


# ---------------------------------------------------------------- questions


def split_counts_intro(counts) -> list:
    """A question's opening for one split given by its class counts (branches x classes)."""
    return [
        T(
            "A node of a decision tree holds {n} samples of {k} classes. An attribute A splits it into "
            "{b} branches with these class counts (one row per branch, one column per class):",
            "决策树的一个结点有 {n} 个样本，共 {k} 个类别。属性 A 把它划分为 {b} 个分支，"
            "各分支的类别计数如下（每行一个分支，每列一个类别）：",
            n=sum(map(sum, counts)),
            k=len(counts[0]),
            b=len(counts),
        ),
        Math(sp.Matrix(counts), display=True),
    ]


def table_intro(table: Table) -> list:
    """A question's opening for a table of samples: its attributes numbered A₁, A₂, ..., then the table."""
    numbering = join(
        T("{A} ({a})", "{A}（{a}）", A=Math(sp.Symbol(f"A_{j}")), a=a) for j, a in enumerate(table.attributes, 1)
    )
    return [
        T(
            "A training set of {n} samples has the attributes {numbering} and the class {label}:",
            "某训练集有 {n} 个样本，属性为 {numbering}，类别为 {label}：",
            n=len(table),
            numbering=numbering,
            label=table.label,
        ),
        table.shown(),
    ]


# ---------------------------------------------------------------- printing


@dataclass(frozen=True)
class Grid:
    """A table of words under a header, the last column (the class) set apart: a block of
    text, a LaTeX array or a MathML table, as every printer asks (see `render.printers`)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def _lines(self) -> list[str]:
        table = [self.header, *self.rows]
        widths = [max(cells(row[j]) for row in table) for j in range(len(self.header))]

        def line(row):
            padded = [x + " " * (w - cells(x)) for x, w in zip(row, widths)]
            return ("  ".join(padded[:-1]) + " │ " + padded[-1]).rstrip()

        rule = "──".join("─" * w for w in widths[:-1]) + "─┼─" + "─" * widths[-1]
        return [line(self.header), rule, *(line(row) for row in self.rows)]

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        lines = self._lines()
        longest = max(map(len, lines))  # padded here: sympy would centre a shorter line
        return prettyForm("\n".join(line.ljust(longest) for line in lines), baseline=len(lines) // 2)

    def _sympystr(self, printer):
        return "; ".join(", ".join(row) for row in (self.header, *self.rows))

    def _latex(self, printer):
        from exercises.core.render import latex_escape

        def line(row):
            return " & ".join(r"\text{%s}" % latex_escape(x) for x in row)

        spec = "l" * (len(self.header) - 1) + "|l"
        body = " \\\\ ".join(line(row) for row in self.rows)
        return r"\begin{array}{%s} %s \\ \hline %s \end{array}" % (spec, line(self.header), body)

    def _mathml_presentation(self, printer):
        dom = printer.dom
        table = dom.createElement("mtable")
        table.setAttribute("columnlines", " ".join(["none"] * (len(self.header) - 2) + ["solid"]))
        table.setAttribute("rowlines", " ".join(["solid"] + ["none"] * (len(self.rows) - 1)))
        table.setAttribute("columnalign", "left")
        for row in (self.header, *self.rows):
            tr = dom.createElement("mtr")
            for x in row:
                td, text = dom.createElement("mtd"), dom.createElement("mtext")
                text.appendChild(dom.createTextNode(x))
                td.appendChild(text)
                tr.appendChild(td)
            table.appendChild(tr)
        return table
