"""Transposed convolution: output size, output values, the matrix view and the parameter count.

One input channel and one output channel, no bias, as PyTorch's conv_transpose2d and
ConvTranspose2d: an N x N input X, an F x F kernel K, stride S, padding P and output
padding P_out (0 <= P_out < S). The output is M x M with

    M = (N - 1)·S - 2P + F + P_out.

Scatter-add: each input entry x_ij (1-based) scales the kernel, and the block x_ij·K is
added to the full output Ỹ, of size (N - 1)·S + F, with its top-left corner at row
(i - 1)·S + 1 and column (j - 1)·S + 1; where blocks overlap, their entries add up. The
kernel is placed as it is, not rotated by 180°:

    Ỹ[(i - 1)S + a, (j - 1)S + b] += x_ij · k_ab      for a, b = 1 .. F.

The padding then removes P rows and columns from each side of Ỹ, and the output padding
adds P_out rows at the bottom and P_out columns at the right: Y[r, c] = Ỹ[r + P, c + P]
(1-based), and 0 beyond the edge of Ỹ (when P_out > P).

Matrix view (note 003): the convolution with the same kernel size, stride and padding
maps an M x M image to an N x N one, y = C·x with the images flattened row by row, so C
is N² x M²; the transposed convolution multiplies the flattened input by Cᵀ, M² x N². It
restores the convolution's input shape, not its values.

A ConvTranspose2d layer from C_in to C_out channels with F x F kernels has

    C_in·C_out·F² + C_out    trainable parameters (weights, and one bias per output channel).

`input` and `kernel` may be given as their sizes N and F only: then only the sizes, the
matrix shapes (and the parameter count) are asked.

Mistakes recognised: the convolution's size ⌊(N + 2P - F)/S⌋ + 1; N·S for (N - 1)·S; + 2P
for - 2P (each with the shapes of C and Cᵀ that follow from the wrong M); the kernel
rotated by 180°; overlapping blocks not added (each block pasted over the earlier ones, in
reading order); the shapes of C and Cᵀ swapped; the biases left out of the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, Text
from exercises.core.model import (
    EXACT,
    Answer,
    Check,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    plain,
    shown,
    shown_mistakes,
    shown_number,
    step,
)
from exercises.core.symbols import Named, Ordered, Spelled

TITLE = "Transposed convolution"
DESCRIPTION = "Output size and values of a transposed convolution, the shapes of C and Cᵀ, the parameter count."
TITLE_ZH = "转置卷积（反卷积）"
DESCRIPTION_ZH = "转置卷积的输出尺寸与输出值（步长、填充、输出填充），矩阵 C 与 Cᵀ 的形状，该层的参数量。"

MAX_ENTRY = 100
MAX_INPUT_ROWS = 6  # an input given as a matrix (the output is computed entry by entry)
MAX_KERNEL_ROWS = 5
MAX_INPUT_SIZE = 1000  # an input given by its size N only
MAX_KERNEL_SIZE = 15
MAX_STRIDE = 10
MAX_PADDING = 20
MAX_CHANNELS = 4096
FORMS = {
    "input": T(
        "the input: an N x N matrix of numbers between -{e} and {e} (N = 1-{r}), e.g. [[1,2],[3,4]], "
        "or only its size N (1-{n}), e.g. 7, when only the sizes are asked",
        "输入：N×N 矩阵，元素为 -{e} 到 {e} 之间的数（N = 1-{r}），例如 [[1,2],[3,4]]；"
        "只求尺寸时也可只给出其大小 N（1-{n}），例如 7",
        e=MAX_ENTRY,
        r=MAX_INPUT_ROWS,
        n=MAX_INPUT_SIZE,
    ),
    "kernel": T(
        "the kernel: an F x F matrix of numbers between -{e} and {e} (F = 1-{r}), e.g. [[1,0],[2,1]], "
        "or only its size F (1-{n}), e.g. 4",
        "卷积核：F×F 矩阵，元素为 -{e} 到 {e} 之间的数（F = 1-{r}），例如 [[1,0],[2,1]]；"
        "也可只给出其大小 F（1-{n}），例如 4",
        e=MAX_ENTRY,
        r=MAX_KERNEL_ROWS,
        n=MAX_KERNEL_SIZE,
    ),
    "stride": T(
        "the stride S, an integer 1-{n} (default 1), e.g. 2",
        "步长 S，1-{n} 的整数（默认为 1），例如 2",
        n=MAX_STRIDE,
    ),
    "padding": T(
        "the padding P, an integer 0-{n} (default 0), e.g. 1: P rows and columns removed from each side of the output",
        "填充 P，0-{n} 的整数（默认为 0），例如 1：从输出的每一边去掉 P 行和 P 列",
        n=MAX_PADDING,
    ),
    "output_padding": T(
        "the output padding P_out, an integer from 0 to S - 1 (default 0), e.g. 1: "
        "added to the output at the bottom and at the right",
        "输出填充 P_out，0 到 S - 1 的整数（默认为 0），例如 1：加在输出的下边和右边",
    ),
    "in_channels": T(
        "the input channels C_in of the layer, an integer 1-{n}, given with out_channels "
        "to ask its parameter count, e.g. 64",
        "该层的输入通道数 C_in，1-{n} 的整数，与 out_channels 一起给出时求该层的参数量，例如 64",
        n=MAX_CHANNELS,
    ),
    "out_channels": T(
        "the output channels C_out of the layer, an integer 1-{n}, given with in_channels, e.g. 32",
        "该层的输出通道数 C_out，1-{n} 的整数，与 in_channels 一起给出，例如 32",
        n=MAX_CHANNELS,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve transposed_conv` takes
NAMES = ("input", "kernel")
OPTIONAL = ("stride", "padding", "output_padding", "in_channels", "out_channels")
DECIMALS = Check(abs_tol=0.001)  # output values of an input or kernel with decimals

Matrix = tuple[tuple[sp.Rational, ...], ...]


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    input: Matrix | int  # N x N, or its size N only
    kernel: Matrix | int  # F x F, or its size F only
    stride: int = 1
    padding: int = 0
    output_padding: int = 0
    in_channels: int | None = None  # both or neither: the layer's parameter count is asked
    out_channels: int | None = None

    @property
    def n(self) -> int:
        return self.input if isinstance(self.input, int) else len(self.input)

    @property
    def f(self) -> int:
        return self.kernel if isinstance(self.kernel, int) else len(self.kernel)

    @property
    def values(self) -> bool:
        """The entries of both the input and the kernel are given: the output is asked."""
        return not isinstance(self.input, int) and not isinstance(self.kernel, int)

    @property
    def channels(self) -> bool:
        return self.in_channels is not None

    @property
    def decimals(self) -> bool:
        return self.values and any(not v.is_Integer for t in (self.input, self.kernel) for row in t for v in row)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        x = _read_table("input", raw["input"], MAX_INPUT_ROWS, MAX_INPUT_SIZE)
        k = _read_table("kernel", raw["kernel"], MAX_KERNEL_ROWS, MAX_KERNEL_SIZE)
        s = _read_int("stride", raw.get("stride", 1), 1, MAX_STRIDE)
        p = _read_int("padding", raw.get("padding", 0), 0, MAX_PADDING)
        op = _read_int("output_padding", raw.get("output_padding", 0), 0, MAX_STRIDE)
        if op >= s:
            raise ParamError(
                T(
                    "parameter 'output_padding' must be smaller than the stride, as in PyTorch: "
                    "at most {most}; got {op}.",
                    "参数 'output_padding' 应小于步长（与 PyTorch 相同）：至多为 {most}；实际为 {op}。",
                    most=s - 1,
                    op=op,
                )
            )
        given = [name for name in ("in_channels", "out_channels") if name in raw]
        if len(given) == 1:
            other = "out_channels" if given[0] == "in_channels" else "in_channels"
            raise ParamError(
                T(
                    "parameter '{name}' needs '{other}' too: give both to ask the layer's parameter count, or neither.",
                    "参数 '{name}' 需要与 '{other}' 一起给出：两者都给出时求该层的参数量，否则都不要给。",
                    name=given[0],
                    other=other,
                )
            )
        c_in = c_out = None
        if given:
            c_in = _read_int("in_channels", raw["in_channels"], 1, MAX_CHANNELS)
            c_out = _read_int("out_channels", raw["out_channels"], 1, MAX_CHANNELS)
        params = cls(x, k, s, p, op, c_in, c_out)
        size = _size(params.n, params.f, s, p, op)
        if size < 1:
            raise ParamError(
                T(
                    "parameter 'padding' removes the whole output: with P = {p} the output size {formula} is {size}; "
                    "use a padding of at most {most}.",
                    "参数 'padding' 把输出全部去掉了：P = {p} 时输出尺寸 {formula} 为 {size}；填充至多为 {most}。",
                    p=p,
                    formula=Math(SIZE),
                    size=size,
                    most=(_size(params.n, params.f, s, 0, op) - 1) // 2,
                )
            )
        return params

    def to_json(self) -> dict:
        out = {
            "input": self.input if isinstance(self.input, int) else read.to_json(self.input),
            "kernel": self.kernel if isinstance(self.kernel, int) else read.to_json(self.kernel),
            "stride": self.stride,
            "padding": self.padding,
            "output_padding": self.output_padding,
        }
        if self.channels:
            out |= {"in_channels": self.in_channels, "out_channels": self.out_channels}
        return out


def _read_int(name: str, value, low: int, high: int) -> int:
    return int(read.number(name, value, FORMS[name], low, high, integer=True))


def _read_table(name: str, value, rows: int, size: int) -> Matrix | int:
    """A square matrix of at most `rows` rows, or (not a list) its size alone."""
    form = FORMS[name]
    if not isinstance(value, list):
        return _read_int(name, value, 1, size)
    if value and all(isinstance(row, list) for row in value) and len(value) > rows:
        raise ParamError(
            T(
                "parameter '{name}' has {got} rows, more than the {rows} this topic computes entry by entry; "
                "give only its size (an integer) to ask the sizes.",
                "参数 '{name}' 有 {got} 行，超过了本题型逐个计算元素时的上限 {rows} 行；"
                "只求尺寸时请只给出其大小（一个整数）。",
                name=name,
                got=len(value),
                rows=rows,
            )
        )
    table = read.matrix(name, value, form, rows=(1, rows), cols=(1, rows), low=-MAX_ENTRY, high=MAX_ENTRY)
    if len(table[0]) != len(table):
        raise ParamError(
            T(
                "parameter '{name}' must be a square matrix ({r} rows of {r} numbers) or its size alone; "
                "got {r} rows of {c}.",
                "参数 '{name}' 应为方阵（{r} 行、每行 {r} 个数）或只给出其大小；实际为 {r} 行 {c} 列。",
                name=name,
                r=len(table),
                c=len(table[0]),
            )
        )
    return table


# ---------------------------------------------------------------- the arithmetic


def _size(n: int, f: int, s: int, p: int, op: int) -> int:
    """M = (N - 1)·S - 2P + F + P_out."""
    return (n - 1) * s - 2 * p + f + op


def _full(x, k, s: int, *, flip: bool = False, overwrite: bool = False) -> list[list[Fraction]]:
    """Ỹ: each block x_ij·K added with its top-left corner at ((i-1)S, (j-1)S) (0-based here).
    A mistake's way: the kernel rotated by 180° (`flip`), or each block pasted over the ones
    before it in reading order instead of added (`overwrite`)."""
    x, k = _fractions(x), _fractions(k)
    n, f = len(x), len(k)
    size = (n - 1) * s + f
    out = [[Fraction(0)] * size for _ in range(size)]
    for i in range(n):
        for j in range(n):
            for a in range(f):
                for b in range(f):
                    w = k[f - 1 - a][f - 1 - b] if flip else k[a][b]
                    r, c = i * s + a, j * s + b
                    out[r][c] = x[i][j] * w if overwrite else out[r][c] + x[i][j] * w
    return out


def _fractions(table) -> list[list[Fraction]]:
    """A table of sympy rationals as Fractions (exact, and much faster to add up)."""
    return [[Fraction(int(v.p), int(v.q)) for v in row] for row in table]


def _crop(full: list[list[Fraction]], p: int, m: int) -> tuple[tuple[Fraction, ...], ...]:
    """Y[r, c] = Ỹ[r + P, c + P], 0 beyond the edge of Ỹ (output padding larger than P)."""
    size = len(full)
    return tuple(
        tuple(full[r + p][c + p] if r + p < size and c + p < size else Fraction(0) for c in range(m)) for r in range(m)
    )


def _output(params: Params, **way) -> tuple[tuple[Fraction, ...], ...]:
    m = _size(params.n, params.f, params.stride, params.padding, params.output_padding)
    return _crop(_full(params.input, params.kernel, params.stride, **way), params.padding, m)


def _exact(table) -> Matrix:
    """Fractions back to sympy rationals."""
    return tuple(tuple(sp.Rational(v.numerator, v.denominator) for v in row) for row in table)


def _conv_size(n: int, f: int, s: int, p: int) -> int:
    """The convolution's output size ⌊(N + 2P - F)/S⌋ + 1, used the wrong way round."""
    return (n + 2 * p - f) // s + 1


# ---------------------------------------------------------------- generation

EASY_INPUTS, EASY_KERNEL = (1, 2, 3, 4, 5), (-1, 0, 1, 2)
MEDIUM_INPUTS, MEDIUM_KERNEL = (-2, -1, 1, 2, 3), (-1, 0, 1, 2)
HARD_INPUTS, HARD_KERNEL = (-3, -2, -1, 1, 2, 3), (-2, -1, 0, 1, 2)
IN_CHANNELS, OUT_CHANNELS = (16, 32, 64, 128, 256), (3, 8, 16, 32, 64)


def generate(dice, difficulty: str) -> Params:
    """easy: a 2x2 input (four different entries 1-5) and a 2x2 kernel (entries -1..2),
    stride 1, no padding; medium: a 2x2 or 3x3 input (nonzero, -2..3) and a 2x2 or 3x3 kernel (-1..2),
    stride 2, no padding; hard: 3x3 input (nonzero, -3..3), 3x3 kernel (-2..2), stride 2,
    padding and output padding 0 or 1 (not both 0), and a ConvTranspose2d layer from C_in to
    fewer C_out channels for the parameter count. Redrawn: a kernel with more than a quarter
    of its entries 0, or one whose 180° rotation, or whose overlapping blocks pasted over
    each other instead of added (when F > S), give the same output."""
    channels = (None, None)
    if difficulty == "easy":  # four different entries, as in the course's example [[1, 2], [3, 4]]
        n, f, s, p, op = 2, 2, 1, 0, 0
        entries = dice.sample(EASY_INPUTS, n * n)
        x = tuple(tuple(entries[r * n : (r + 1) * n]) for r in range(n))
        kernel = EASY_KERNEL
    elif difficulty == "medium":
        n, f, s, p, op = dice.choice((2, 3)), dice.choice((2, 3, 3)), 2, 0, 0
        x = tuple(tuple(dice.choice(MEDIUM_INPUTS) for _ in range(n)) for _ in range(n))
        kernel = MEDIUM_KERNEL
    else:
        n, f, s = 3, 3, 2
        p, op = dice.choice((0, 1, 1)), dice.choice((0, 1))
        if p == op == 0:
            raise Redraw("no padding and no output padding on hard")
        x = tuple(tuple(dice.choice(HARD_INPUTS) for _ in range(n)) for _ in range(n))
        kernel = HARD_KERNEL
        c_in = dice.choice(IN_CHANNELS)
        channels = (c_in, dice.choice([c for c in OUT_CHANNELS if c < c_in]))
    x = tuple(tuple(sp.Integer(v) for v in row) for row in x)
    k = tuple(tuple(sp.Integer(dice.choice(kernel)) for _ in range(f)) for _ in range(f))
    if sum(v == 0 for row in k for v in row) > f * f // 4:
        raise Redraw("a kernel with too many zeros")
    params = Params(x, k, s, p, op, *channels)
    right = _output(params)
    if _output(params, flip=True) == right or (f > s and _output(params, overwrite=True) == right):
        raise Redraw("the rotated kernel, or overlaps pasted over each other, give the right output")
    return params


# ---------------------------------------------------------------- symbols

N, F, S, P = sp.symbols("N F S P")
P_OUT, M = sp.Symbol("P_out"), sp.Symbol("M")
C_IN, C_OUT = sp.symbols("C_in C_out")
SIZE = Ordered(sp.Mul(Ordered(N, -1, evaluate=False), S, evaluate=False), -2 * P, F, P_OUT, evaluate=False)
FULL_SIZE = Ordered(sp.Mul(Ordered(N, -1, evaluate=False), S, evaluate=False), F, evaluate=False)
CONV_SIZE = sp.floor(sp.Mul(Ordered(N, 2 * P, -F, evaluate=False), sp.Pow(S, -1, evaluate=False), evaluate=False)) + 1
PARAMS = Ordered(C_IN * C_OUT * F**2, C_OUT, evaluate=False)
SHAPES = sp.ImmutableMatrix([[N**2, M**2], [M**2, N**2]])
C_SHAPE, CT_SHAPE = (
    Spelled("shape(C)", r"\operatorname{shape}(C)"),
    Spelled("shape(Cᵀ)", r"\operatorname{shape}(C^{T})"),
)
_C = sp.MatrixSymbol("C", 1, 1)
Y = sp.Symbol("Y")  # the output
C_X = sp.Eq(sp.Symbol("y"), sp.MatMul(_C, sp.MatrixSymbol("x", 1, 1)), evaluate=False)  # y = C·x
FULL_Y = Named("Yfull", 1, 1, "Ỹ", r"\tilde{Y}")  # the blocks added, before the padding is removed
_x_ij = Spelled("xᵢⱼ", "x_{ij}")
X_K = sp.MatMul(_x_ij, sp.MatrixSymbol("K", 1, 1))  # the block of x_ij


def _start(i):
    """(i - 1)·S + 1: the first row (or column) of the block of input row i."""
    return Ordered(sp.Mul(Ordered(i, -1, evaluate=False), S, evaluate=False), 1, evaluate=False)


def _eq(a, b) -> sp.Eq:
    """a = b, as written (not evaluated)."""
    return sp.Eq(a, b, evaluate=False)


def _x(i: int, j: int) -> sp.Symbol:
    return sp.Symbol(f"x_{i}{j}")


class _Times(sp.Expr):
    """a × b: the size of a matrix (notation for sentences)."""

    def _sympystr(self, printer):
        return f"{printer._print(self.args[0])} × {printer._print(self.args[1])}"

    def _latex(self, printer):
        return rf"{printer._print(self.args[0])} \times {printer._print(self.args[1])}"

    def _mathml_presentation(self, printer):
        row = printer.dom.createElement("mrow")
        for node in (printer._print(self.args[0]), _mo(printer, "×"), printer._print(self.args[1])):
            row.appendChild(node)
        return row


def _mo(printer, text: str):
    mo = printer.dom.createElement("mo")
    mo.appendChild(printer.dom.createTextNode(text))
    return mo


def _square(n) -> Math:
    """N × N (a size symbol) or 3 × 3."""
    n = sp.Integer(n) if isinstance(n, int) else n
    return Math(_Times(n, n))


# ---------------------------------------------------------------- the solution


def _size_step(params: Params) -> Step:
    note = T(
        "The blocks of the {n} input positions start {s} apart, so the full output has {full} rows and columns",
        "{n} 个输入位置的块依次相隔 {s} 放置，所以完整输出有 {full} 行、{full} 列",
        n=Math(N),
        s=Math(S),
        full=Math(FULL_SIZE),
    )
    if params.padding or params.output_padding:
        note += T(
            "; the padding removes {p} from each side and the output padding adds {op} at one side",
            "；填充从每一边去掉 {p}，输出填充只在一边加上 {op}",
            p=Math(P),
            op=Math(P_OUT),
        )
    return step(
        T("Output size", "输出尺寸"),
        M,
        SIZE,
        {N: params.n, S: params.stride, P: params.padding, F: params.f, P_OUT: params.output_padding},
        note=note + T(".", "。"),
    )


def _rows_text(start: int, f: int) -> Text:
    """Row (or column) `start`, or rows `start` to `start + f - 1`."""
    if f == 1:
        return T("{a}", "{a}", a=start)
    return T("{a} to {b}", "{a} 至 {b}", a=start, b=start + f - 1)


def _block_step(params: Params, i: int, j: int, kernel, shown_kernel, full_symbol, dec: bool) -> Step:
    """x_ij·K, placed at rows (i-1)S+1 .. and columns (j-1)S+1 .. of Ỹ (1-based i, j); the
    kernel K (a Matrix) and K as shown (its numbers) are the same in every block."""
    s, f = params.stride, params.f
    x = _x(i, j)
    value = params.input[i - 1][j - 1]
    block = sp.MatMul(x, sp.MatrixSymbol("K", f, f))
    return Step(
        T(
            "Block of the input entry {x}: the kernel times {x}, for rows {rows} and columns {cols} of {Y}",
            "输入元素 {x} 的块：卷积核乘以 {x}，放在 {Y} 的第 {rows} 行、第 {cols} 列",
            x=Math(x),
            rows=_rows_text((i - 1) * s + 1, f),
            cols=_rows_text((j - 1) * s + 1, f),
            Y=Math(full_symbol),
        ),
        block,
        block,
        sp.MatMul(shown_number(str(x), value, dec), shown_kernel, evaluate=False),
        kernel * value,
    )


def _placed(params: Params, i: int, j: int, size: int) -> sp.ImmutableMatrix:
    """The block of x_ij alone on the full grid (zeros elsewhere)."""
    s = params.stride
    out = sp.zeros(size, size)
    for a, row in enumerate(params.kernel):
        for b, w in enumerate(row):
            out[(i - 1) * s + a, (j - 1) * s + b] = params.input[i - 1][j - 1] * w
    return sp.ImmutableMatrix(out)


def _overlap_note(params: Params, full_symbol) -> Text:
    """Where the blocks overlap (F > S), one entry's sum as an example; else how they lie."""
    n, f, s = params.n, params.f, params.stride
    if f < s:
        return T(
            "Here {fs}: the blocks do not touch, and the entries between them stay 0.",
            "这里 {fs}：各块互不相接，块之间的元素为 0。",
            fs=Math(sp.Lt(F, S, evaluate=False)),
        )
    if f == s:
        return T(
            "Here {fs}: the blocks tile {Y} without overlapping, so each entry comes from one block.",
            "这里 {fs}：各块恰好铺满 {Y} 而不重叠，每个元素只来自一个块。",
            fs=Math(_eq(F, S)),
            Y=Math(full_symbol),
        )
    size = (n - 1) * s + f
    cover = {}
    for i in range(n):
        for j in range(n):
            for a in range(f):
                for b in range(f):
                    cover.setdefault((i * s + a, j * s + b), []).append(params.input[i][j] * params.kernel[a][b])
    (r, c), terms = max(cover.items(), key=lambda item: (len(item[1]), -item[0][0] * size - item[0][1]))
    parts = [shown(f"t{t}", v, True) for t, v in enumerate(terms)]
    total = Ordered(*parts, evaluate=False)
    return T(
        "Where blocks overlap their entries add up; in row {r}, column {c}: {sum}.",
        "各块重叠处的元素相加；例如第 {r} 行第 {c} 列：{sum}。",
        r=r + 1,
        c=c + 1,
        sum=Math(_eq(total, sum(terms))),
    )


def _crop_note(params: Params, size: int, m: int) -> Text:
    """Which rows and columns of Ỹ the output keeps."""
    p, op = params.padding, params.output_padding
    first, last = p + 1, p + m
    padding = T(
        "The padding {p} removes {P} rows and columns from each side of {Y}",
        "填充 {p} 从 {Y} 的每一边去掉 {pv} 行和 {pv} 列",
        p=Math(_eq(P, p)),
        pv=p,
        P=Math(P),
        Y=Math(FULL_Y),
    )
    output = T(
        "the output padding {op} adds {o} rows at the bottom and {o} columns at the right",
        "输出填充 {op} 在下边和右边各加上 {opv} 行（列）",
        op=Math(_eq(P_OUT, op)),
        opv=op,
        o=Math(P_OUT),
    )
    if p and op:
        said = T("{a}, and {b}", "{a}，{b}", a=padding, b=output)
    elif p:
        said = padding
    else:
        said = T(
            "The output padding {op} adds {o} rows of zeros at the bottom and {o} columns of zeros at the right of {Y}",
            "输出填充 {op} 在 {Y} 的下边加上 {opv} 行零、在右边加上 {opv} 列零",
            op=Math(_eq(P_OUT, op)),
            opv=op,
            o=Math(P_OUT),
            Y=Math(FULL_Y),
        )
    beyond = T(" (0 beyond the edge of {Y})", "（超出 {Y} 边缘的部分为 0）", Y=Math(FULL_Y)) if last > size else ""
    return T(
        "{said}: {Yout} is made of rows {first} to {last} and columns {first} to {last} of {Y}{beyond}.",
        "{said}：{Yout} 由 {Y} 的第 {first} 至 {last} 行、第 {first} 至 {last} 列组成{beyond}。",
        said=said,
        Yout=Math(Y),
        Y=Math(FULL_Y),
        first=first,
        last=last,
        beyond=beyond,
    )


def _value_steps(params: Params, m: int) -> tuple[list[Step], Matrix]:
    """The blocks, their sum Ỹ and the cropped output Y."""
    n, s, p, op = params.n, params.stride, params.padding, params.output_padding
    dec = params.decimals
    size = (n - 1) * s + params.f
    cropped = bool(p or op)
    full_symbol = FULL_Y if cropped else Y
    kernel = sp.ImmutableMatrix(params.kernel)
    seen = shown("K", kernel, dec)
    steps = [
        _block_step(params, i, j, kernel, seen, full_symbol, dec) for i in range(1, n + 1) for j in range(1, n + 1)
    ]
    full = _full(params.input, params.kernel, s)
    substituted = None
    if n <= 2:  # the four placed blocks, side by side
        placed = [_placed(params, i, j, size) for i in range(1, n + 1) for j in range(1, n + 1)]
        substituted = sp.MatAdd(*[shown(f"B{b}", block, True) if dec else block for b, block in enumerate(placed)])
    if cropped:
        title = T("Full output: the blocks added", "完整输出：各块相加")
    else:
        title = T("Output: the blocks added (no padding)", "输出：各块相加（没有填充）")
    note = _overlap_note(params, full_symbol)
    steps.append(Step(title, full_symbol, None, substituted, sp.ImmutableMatrix(_exact(full)), note))
    output = _exact(_crop(full, p, m))
    if cropped:
        steps.append(
            Step(
                T("Output: the padding applied to {Y}", "输出：对 {Y} 应用填充", Y=Math(FULL_Y)),
                Y,
                exact=sp.ImmutableMatrix(output),
                note=_crop_note(params, size, m),
            )
        )
    return steps, output


def _shapes_step(params: Params, m: int) -> Step:
    return step(
        T(
            "Matrix view: the shapes of {C} and of {Ct} (rows, columns)",
            "矩阵视角：{C} 和 {Ct} 的形状（行数，列数）",
            C=Math(_C),
            Ct=Math(_C.T),
        ),
        sp.ImmutableMatrix([[C_SHAPE], [CT_SHAPE]]),
        SHAPES,
        {N: params.n, M: m},
        note=T(
            "The convolution with the same kernel size, stride and padding maps an {MM} image ({M2} values, "
            "flattened row by row) to {NN} ({N2} values): {y}, so {C} has {N2} rows and {M2} columns. "
            "The transposed convolution multiplies the {N2} input values by {Ct}: it restores the shape of "
            "the convolution's input, not its values.",
            "卷积核大小、步长和填充都相同的卷积把 {MM} 的图像（按行展开为 {M2} 个值）映射为 {NN}（{N2} 个值）："
            "{y}，所以 {C} 有 {N2} 行、{M2} 列。转置卷积把 {N2} 个输入值乘以 {Ct}："
            "它复原的是卷积输入的形状，而不是原来的值。",
            MM=_square(M),
            NN=_square(N),
            M2=Math(M**2),
            N2=Math(N**2),
            y=Math(C_X),
            C=Math(_C),
            Ct=Math(_C.T),
        ),
    )


def _params_step(params: Params) -> Step:
    return step(
        T(
            "Parameters of the layer: {k} kernels of {ff}, and one bias per output channel",
            "该层的参数量：{k} 个 {ff} 的卷积核，外加每个输出通道一个偏置",
            k=Math(C_IN * C_OUT),
            ff=_square(F),
        ),
        sp.Symbol("params"),
        PARAMS,
        {C_IN: params.in_channels, C_OUT: params.out_channels, F: params.f},
    )


def solve(params: Params) -> Solution:
    m = _size(params.n, params.f, params.stride, params.padding, params.output_padding)
    size = _size_step(params)
    steps, output = [size], None
    if params.values:
        more, output = _value_steps(params, m)
        steps += more
    shapes = _shapes_step(params, m)
    steps.append(shapes)
    answers = [
        Answer(
            "output_size",
            T("output size {M} (the output is {MM})", "输出尺寸 {M}（输出为 {MM}）", M=Math(M), MM=_square(M)),
            size.exact,
            EXACT,
        )
    ]
    if output is not None:
        answers.append(
            Answer(
                "output",
                T("output {Y}, an {MM} matrix", "输出 {Y}（{MM} 矩阵）", Y=Math(Y), MM=_square(M)),
                output,
                DECIMALS if params.decimals else EXACT,
            )
        )
    answers.append(
        Answer(
            "matrix_shapes",
            T(
                "shapes [[rows, columns] of {C}, [rows, columns] of {Ct}]",
                "形状 [[{C} 的行数, 列数], [{Ct} 的行数, 列数]]",
                C=Math(_C),
                Ct=Math(_C.T),
            ),
            tuple(tuple(shapes.exact.row(i)) for i in range(2)),
            EXACT,
        )
    )
    if params.channels:
        count = _params_step(params)
        steps.append(count)
        answers.append(
            Answer(
                "params",
                T("trainable parameters of the layer (weights and biases)", "该层的可训练参数量（权重和偏置）"),
                count.exact,
                EXACT,
            )
        )
    return Solution(_question(params), tuple(steps), tuple(answers))


def _question(params: Params) -> Question:
    s, p, op = params.stride, params.padding, params.output_padding
    if p or op:
        setting = T(
            "stride {s}, padding {p} and output padding {op}",
            "步长 {s}、填充 {p}、输出填充 {op}",
            s=Math(_eq(S, s)),
            p=Math(_eq(P, p)),
            op=Math(_eq(P_OUT, op)),
        )
    else:
        setting = T("stride {s} and no padding", "步长 {s}、没有填充", s=Math(_eq(S, s)))
    parts = []
    if params.values:
        dec = params.decimals
        X, K = sp.MatrixSymbol("X", params.n, params.n), sp.MatrixSymbol("K", params.f, params.f)

        def given(symbol, table):
            matrix = sp.ImmutableMatrix(table)
            return Math(_eq(symbol, shown(str(symbol), matrix, True) if dec else matrix), display=True)

        parts += [
            T(
                "A transposed convolution (one input and one output channel, no bias) with {setting} "
                "takes the {NN} input {X} ({n}) with the {FF} kernel {K} ({f}):",
                "一个转置卷积（1 个输入通道、1 个输出通道、没有偏置），{setting}，"
                "输入为 {NN} 的 {X}（{n}），卷积核为 {FF} 的 {K}（{f}）：",
                setting=setting,
                NN=_square(params.n),
                FF=_square(params.f),
                X=Math(X),
                K=Math(K),
                n=Math(_eq(N, params.n)),
                f=Math(_eq(F, params.f)),
            ),
            given(X, params.input),
            given(K, params.kernel),
            T(
                "As in PyTorch's ConvTranspose2d, each input entry {x} scales the kernel, and the block {xK} "
                "is added to the full output {Y} with its top-left corner in row {row} and column {col}, "
                "overlapping entries summed (the kernel is not rotated).",
                "与 PyTorch 的 ConvTranspose2d 相同：每个输入元素 {x} 乘以卷积核，得到的块 {xK} 加到完整输出 {Y} 上，"
                "其左上角位于第 {row} 行、第 {col} 列，重叠的元素相加（卷积核不旋转）。",
                x=Math(_x_ij),
                xK=Math(X_K),
                Y=Math(FULL_Y),
                row=Math(_start(sp.Symbol("i"))),
                col=Math(_start(sp.Symbol("j"))),
            ),
        ]
    else:
        parts.append(
            T(
                "A transposed convolution with {setting} takes an {NN} input with an {FF} kernel, where {n} and {f}.",
                "一个转置卷积，{setting}，输入为 {NN}，卷积核为 {FF}，其中 {n}、{f}。",
                setting=setting,
                NN=_square(N),
                FF=_square(F),
                n=Math(_eq(N, params.n)),
                f=Math(_eq(F, params.f)),
            )
        )
    if p or op:
        parts.append(
            T(
                "The padding removes {p} rows and columns from each side of the full output, "
                "and the output padding adds {op} rows at the bottom and {op} columns at the right.",
                "填充从完整输出的每一边去掉 {p} 行和 {p} 列，输出填充在下边加上 {op} 行、在右边加上 {op} 列。",
                p=Math(P),
                op=Math(P_OUT),
            )
        )
    asked = T("the output size {M} (the output is {MM})", "输出尺寸 {M}（输出为 {MM}）", M=Math(M), MM=_square(M))
    if params.values:
        asked = T("{asked}, the output {Y}", "{asked}、输出 {Y}", asked=asked, Y=Math(Y))
    parts.append(
        T(
            "Compute {asked}, and, in the matrix view, the shapes (rows, columns) of the matrix {C} of the "
            "convolution with the same kernel size, stride and padding, which maps {MM} images to {NN} ones "
            "as {y} (images flattened row by row), and of {Ct}, by which the transposed convolution multiplies "
            "its flattened input.",
            "求{asked}；并从矩阵的角度，求卷积核大小、步长和填充都相同的卷积的矩阵 {C} 的形状（行数，列数）"
            "（该卷积把 {MM} 的图像映射为 {NN}：{y}，图像按行展开），"
            "以及转置卷积与展开后的输入相乘的矩阵 {Ct} 的形状。",
            asked=asked,
            C=Math(_C),
            Ct=Math(_C.T),
            MM=_square(M),
            NN=_square(N),
            y=Math(C_X),
        )
    )
    if params.channels:
        parts.append(
            T(
                "How many trainable parameters (weights and biases) has a ConvTranspose2d layer with {ff} kernels "
                "from {c_in} input channels to {c_out} output channels?",
                "一个 ConvTranspose2d 层使用 {ff} 的卷积核，从 {c_in} 个输入通道映射到 {c_out} 个输出通道，"
                "它有多少个可训练参数（权重和偏置）？",
                ff=_square(params.f),
                c_in=Math(_eq(C_IN, params.in_channels)),
                c_out=Math(_eq(C_OUT, params.out_channels)),
            )
        )
    return Question.of(*parts)


# ---------------------------------------------------------------- mistakes

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "used_conv_formula": T("the convolution's size formula", "用了卷积的输出尺寸公式"),
    "n_times_s": T("{ns} instead of {n1s}", "用了 {ns} 而不是 {n1s}", ns=Math(N * S), n1s=Math(SIZE.args[0])),
    "padding_added": T("padding added instead of removed", "填充被加上而不是去掉"),
    "kernel_flipped": T("kernel rotated by 180 degrees", "卷积核被旋转了 180°"),
    "overlaps_not_summed": T("overlapping blocks not added", "重叠的块没有相加"),
    "matrix_shapes_swapped": T("shapes of {C} and {Ct} swapped", "{C} 与 {Ct} 的形状弄反了", C=Math(_C), Ct=Math(_C.T)),
    "params_without_bias": T("biases not counted", "参数量漏算了偏置"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    n, f, s, p, op = params.n, params.f, params.stride, params.padding, params.output_padding
    m = _size(n, f, s, p, op)

    def sizes(wrong: int) -> dict:
        """A wrong output size, and the shapes of C and Cᵀ that follow from it."""
        out = {"output_size": wrong}
        if wrong >= 1:
            out["matrix_shapes"] = [[n * n, wrong * wrong], [wrong * wrong, n * n]]
        return out

    right_size = Math(_eq(M, SIZE))
    candidates = [
        Mistake(
            "used_conv_formula",
            T(
                "{conv} is the output size of a convolution; the transposed convolution goes the other way: {right}",
                "{conv} 是卷积的输出尺寸；转置卷积方向相反：{right}",
                conv=Math(CONV_SIZE),
                right=right_size,
            ),
            sizes(_conv_size(n, f, s, p)),
        ),
        Mistake(
            "n_times_s",
            T(
                "the blocks of the {n} input positions start {s} apart, so the last one starts {last} after the "
                "first, not {ns}: {right}",
                "{n} 个输入位置的块依次相隔 {s}，最后一块的起点距第一块 {last}，而不是 {ns}：{right}",
                n=Math(N),
                s=Math(S),
                last=Math(SIZE.args[0]),
                ns=Math(N * S),
                right=right_size,
            ),
            sizes(n * s - 2 * p + f + op),
        ),
        Mistake(
            "padding_added",
            T(
                "in a transposed convolution the padding removes {p} rows and columns from each side of the "
                "output: subtract {twice}, do not add it",
                "转置卷积的填充是从输出的每一边去掉 {p} 行和 {p} 列：应减去 {twice}，而不是加上",
                p=Math(P),
                twice=Math(2 * P),
            ),
            sizes((n - 1) * s + 2 * p + f + op),
        ),
    ]
    if params.values:
        candidates += [
            Mistake(
                "kernel_flipped",
                T(
                    "the transposed convolution places the kernel as it is, not rotated by 180 degrees: "
                    "the block of {x} is {xK}",
                    "转置卷积按原样放置卷积核，不旋转 180°：{x} 的块就是 {xK}",
                    x=Math(_x_ij),
                    xK=Math(X_K),
                ),
                {"output": plain(_output(params, flip=True))},
            ),
            Mistake(
                "overlaps_not_summed",
                T(
                    "where the blocks {xK} overlap, their entries add up (not the last block's value alone)",
                    "各块 {xK} 重叠的地方，元素要相加（而不是只取最后一块的值）",
                    xK=Math(X_K),
                ),
                {"output": plain(_output(params, overwrite=True))},
            ),
        ]
    candidates.append(
        Mistake(
            "matrix_shapes_swapped",
            T(
                "{C} maps the {MM} image to the {NN} one, so it is {shape}; "
                "the transposed convolution multiplies by {Ct}",
                "{C} 把 {MM} 的图像映射为 {NN}，所以它是 {shape}；转置卷积乘以的是 {Ct}",
                C=Math(_C),
                Ct=Math(_C.T),
                MM=_square(M),
                NN=_square(N),
                shape=Math(_Times(N**2, M**2)),
            ),
            {"matrix_shapes": [[m * m, n * n], [n * n, m * m]]},
        )
    )
    if params.channels:
        candidates.append(
            Mistake(
                "params_without_bias",
                T(
                    "each of the {c} output channels also has a bias: {formula}",
                    "{c} 个输出通道各有一个偏置：{formula}",
                    c=Math(C_OUT),
                    formula=Math(PARAMS),
                ),
                {"params": params.in_channels * params.out_channels * f * f},
            )
        )
    return shown_mistakes(candidates, solution)
