"""Typed answers, read the way a student writes them on paper.

``parse_answer(text)`` returns ``Parsed(value, echo, kind)`` or raises
``AnswerSyntaxError`` with one sentence that says where the text stopped making
sense. Nothing is ever evaluated by Python: a tokenizer and a recursive-descent
parser compute the value with ``math`` as they read.

Grammar (spaces are free except where SPLIT says otherwise)::

    answer  := shapes | items
    shapes  := shape ((';' | ',') shape)*   the whole answer, possibly inside one () or [];
    shape   := INT ('x' INT)+        x, X, ×, ✕ between plain integers -> kind "shape", several
                                     of one length (27x27x16; 12x12x64) -> kind "shapes"
    items   := row (';' row)*        ';' (or a line break after a number) starts a matrix row
    row     := sum ((',' | SPLIT) sum)*
    sum     := product (('+' | '-') product)*
    product := signed (('*' | '/' | 'x') signed | power)*   juxtaposition: implicit '*'
    signed  := ('+' | '-')* power
    power   := postfix (('^' | '**') signed)?        right-associative; -2^2 = -4, 2^-1 = 0.5
    postfix := atom '%'?                             85% = 0.85
    atom    := NUMBER | e | pi | π | FUNC '(' sum (',' sum)? ')' | '√' postfix
             | '(' items ')' | '[' items ']'
    FUNC    := log | ln | log2 | log10 | lg | exp | sqrt | sigmoid | σ
                                            (log(x, b): base b; log_2, log_10 and log₂ mean
                                            log2, log10; lg is log10; names ignore case)

SPLIT (MATLAB's rule): inside [ ], inside a ( ) group and at the top level, a new
element starts at whitespace followed by a number or '[', or by a sign glued to
what follows: ``1 -2`` is [1, -2], ``1 - 2`` and ``1-2`` are -1. A name or '('
after whitespace multiplies (``2 e``, ``2 (3+1)``); a number never multiplies a
number. Inside a function's parentheses there is no SPLIT (``log2(1 -0.5)`` = -1).

Values: integers typed as integers stay ``int`` through + - * and ^ (a
non-negative integer power); everything else is a ``float``. A ( ) group with
one element is a number, with several a vector (``(0.71, -0.70)``); [ ] is
always a list. Lists hold numbers (kind "vector") or equal-length rows
(kind "matrix"); lists cannot take part in arithmetic.

Decisions on ambiguities (each echo shows how the text was read):

* ``a/b c`` is ``(a/b)*c`` as in standard precedence (``3/4 log2(3/4)`` is
  ``(3/4)*log2(3/4)``); the echo prints the parentheses.
* ``x``/``×`` between plain integers make a shape (``2x3`` is the shape 2 x 3,
  not 6); between anything else they multiply (``0.5×0.2`` = 0.1).
* ``log 2`` (no parentheses) is rejected: "write log(2)"; so is ``log₂8`` ("write
  log_2(8)").
* A full stop at the end (``0.75。``, as a Chinese input method adds it) is dropped.
* A number must fit a float: ``'9'*400`` and ``1e999`` are "too large"; a non-zero
  number that would round to 0 (``1e-400``) is "too close to zero". There is no
  separate limit on the count of digits (at most 500 characters anyway).
* Superscripts are powers (``3²`` = 3^2, ``10⁻³`` = 10^(-3)); subscripts become
  ``_digits`` (``log₂(8)`` = log_2(8)); other number forms (``½``, ``①``) are
  rejected rather than read the way NFKC would (``1½`` -> ``11⁄2``).
* ``bytes`` are decoded as UTF-8 (invalid UTF-8 is an AnswerSyntaxError); any
  other non-``str`` argument is a programming error (TypeError).

Limits: 500 characters (after stripping), brackets nested at most 50 deep
(checked while tokenizing, so the parser's recursion stays shallow), no result
beyond a float's range (powers are estimated with log10 before computing), no
NaN. In messages, "position N" counts characters from 1 in the normalized text;
``AnswerSyntaxError.position`` is the same place counted from 0.
"""

from __future__ import annotations

import math
import numbers
import re
import sys
import unicodedata
from dataclasses import dataclass

from exercises.core.lang import T, Text
from exercises.core.number_text import plain_exponent

__all__ = ["AnswerSyntaxError", "Parsed", "parse_answer", "format_number"]

MAX_LENGTH = 500
MAX_DEPTH = 50

_FLOAT_MAX = sys.float_info.max
_INT_MAX = int(_FLOAT_MAX)
_LOG10_MAX = math.log10(_FLOAT_MAX)  # 308.25...


class AnswerSyntaxError(ValueError):
    """Typed text that cannot be understood; str(error) is one sentence that says where,
    e.g. "cannot read '3/' at position 3: a number or '(' is missing after '/'.", in the
    language in use when it is shown (the message is a `Text`).
    Also has .position (0-based index in the normalized text, or None)."""

    def __init__(self, message: Text, position: int | None = None):
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Parsed:
    value: float | list  # a number, a list of numbers (vector / shape), or a list of rows (matrix)
    echo: str  # what was understood, for "you entered ...", e.g. "3/4 = 0.75"
    kind: str  # "number" | "vector" | "matrix" | "shape" | "shapes" (one per layer: a matrix of sizes)


# --------------------------------------------------------------------------- numbers as text


def format_number(x) -> str:
    """The shortest text that parse_answer reads back as exactly x.

    Integers print all their digits; floats print repr's shortest round-trip digits
    without a trailing '.0' (25000.0 -> '25000') and with a plain exponent
    (1e-05 -> '1e-5', 1.5e+16 -> '1.5e16'). -0.0 prints as '-0.0'. 'inf' and 'nan'
    are printed for completeness but are not answers (parse_answer rejects them),
    nor are integers beyond a float's range."""
    if type(x) is int or isinstance(x, numbers.Integral):
        return str(int(x))
    x = float(x)
    if not math.isfinite(x):
        return repr(x)
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0"
    text = repr(x)
    if "e" in text:
        return plain_exponent(text)
    return text[:-2] if text.endswith(".0") else text


def _short(x) -> str:
    """A computed value for the echo: about four significant digits."""
    if isinstance(x, int) and abs(x) < 10**12:
        return str(x)
    x = float(x)
    if x == 0:
        return "0"
    if 1e4 <= abs(x) < 1e12:
        text = f"{x:.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:.4g}"
    return plain_exponent(text)


def _render(value, number) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_render(v, number) for v in value) + "]"
    return number(value)


# --------------------------------------------------------------------------- normalizing

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")
_SUBSCRIPT_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")

# After NFKC (which already maps full-width forms: （３／４） -> (3/4), ， -> ,  ； -> ;
# ．-> .  ＾-> ^  ［］-> []  and the ideographic space). × ✕ ✖ ⨯ √ π are read by the tokenizer.
_AFTER_NFKC = str.maketrans(
    {
        "−": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",  # minus sign, hyphens, en dash
        "·": "*",
        "⋅": "*",
        "∙": "*",
        "∗": "*",
        "÷": "/",
        "∕": "/",
        "⁄": "/",
        "。": ".",
        "、": ",",
        "【": "[",
        "】": "]",  # Chinese input method in Chinese mode
        "\t": " ",
        "\u200b": " ",
        "\u2060": " ",
        "\ufeff": " ",  # tab, zero-width spaces, BOM
    }
)


_TOO_LONG = T("answer is longer than {n} characters.", "答案超过了 {n} 个字符，太长了。", n=MAX_LENGTH)


def _subscript(match) -> str:
    """log₂(8) -> log_2(8); log₂8 -> log_2 8 (the base kept apart from what follows)."""
    after = match.string[match.end() : match.end() + 1]
    return "_" + match.group().translate(_SUBSCRIPTS) + (" " if after.isdigit() else "")


def _superscript(match) -> str:
    run = match.group().translate(_SUPERSCRIPTS)
    return "^" + run if len(run) == 1 else "^(" + run + ")"


def _normalize(text) -> str:
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise AnswerSyntaxError(
                T(
                    "the answer is not valid UTF-8 text (byte {byte} cannot be read).",
                    "答案不是有效的 UTF-8 文本（第 {byte} 个字节无法读取）。",
                    byte=error.start + 1,
                )
            ) from None
    elif not isinstance(text, str):
        raise TypeError(f"parse_answer expects a str, not {type(text).__name__}")
    text = text.strip()
    if text.endswith(("。", "．")):  # the full stop a Chinese input method adds at the end
        text = text[:-1].rstrip()
    if len(text) > MAX_LENGTH:
        raise AnswerSyntaxError(_TOO_LONG)
    if not text.isascii():
        text = _SUPERSCRIPT_RUN.sub(_superscript, text)
        text = _SUBSCRIPT_RUN.sub(_subscript, text)
        for i, ch in enumerate(text):
            if ch > "\x7f" and unicodedata.category(ch) == "No":
                raise _error(
                    text,
                    i,
                    i + 1,
                    T(
                        "'{ch}' is not read as a number here; write fractions with '/', as in 1/2, and powers with '^'",
                        "'{ch}' 在这里不能当作数来读；分数请用 '/'，如 1/2，乘方请用 '^'",
                        ch=ch,
                    ),
                )
        text = unicodedata.normalize("NFKC", text).translate(_AFTER_NFKC).strip()
        if len(text) > MAX_LENGTH:
            raise AnswerSyntaxError(_TOO_LONG)
    if not text:
        raise AnswerSyntaxError(T("the answer is empty.", "答案是空的。"))
    if not text.isprintable():
        for i, ch in enumerate(text):
            if not ch.isprintable() and ch not in "\n\r":
                raise _error(
                    text,
                    i,
                    i,
                    T(
                        "the answer contains the invisible character U+{code:04X}, which cannot be part of an answer",
                        "答案里有看不见的字符 U+{code:04X}，答案中不能有它",
                        code=ord(ch),
                    ),
                )
    return text


def _error(text: str, position: int, end: int, problem: Text) -> AnswerSyntaxError:
    """'cannot read '<text up to end>' at position <position + 1>: <problem>.'"""
    shown = text[: max(end, 0)]
    if len(shown) > 30:
        shown = "…" + shown[-29:]
    return AnswerSyntaxError(
        T(
            "cannot read '{shown}' at position {at}: {problem}.",
            "在第 {at} 个字符处（'{shown}'），{problem}。",
            shown=shown,
            at=position + 1,
            problem=problem,
        ),
        position,
    )


# --------------------------------------------------------------------------- tokens


class _Tok:
    __slots__ = ("kind", "text", "start", "end", "space")

    def __init__(self, kind, text, start, end, space):
        self.kind, self.text, self.start, self.end, self.space = kind, text, start, end, space


_TOKEN = re.compile(
    r"(?P<space> +)"
    r"|(?P<newline>\r\n?|\n)"
    r"|(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<x>[xX](?![A-Za-z_π])|[×✕✖⨯])"
    r"|(?P<name>[A-Za-z_πσ][A-Za-z0-9_πσ]*)"
    r"|(?P<op>\*\*|[-+*/^%])"
    r"|(?P<punct>[()\[\],;√])"
)

_CONSTANTS = {"e": math.e, "pi": math.pi, "π": math.pi}
_FUNCTIONS = {
    "log": "log",
    "ln": "ln",
    "log2": "log2",
    "log_2": "log2",
    "log10": "log10",
    "log_10": "log10",
    "lg": "log10",
    "exp": "exp",
    "sqrt": "sqrt",
    "sigmoid": "sigmoid",
    "σ": "sigmoid",
}
_KNOWN = T(
    "numbers, + - * / ^, e, pi and log, ln, log2, log10 (lg), exp, sqrt, sigmoid (σ)",
    "数、+ - * / ^、e、pi，以及 log、ln、log2、log10（lg）、exp、sqrt、sigmoid（σ）",
)
_ENDS_OPERAND = frozenset(("num", "name", ")", "]", "%"))
_STARTS_OPERAND = frozenset(("num", "name", "(", "[", "√"))
_CLOSERS = {")": "(", "]": "["}
_QUOTES = T("quotes cannot be part of an answer", "答案里不能有引号")
_BRACES = T("write lists with [ ]", "列表请用 [ ] 来写")
_HINTS = {
    "=": T("type only the value, without '='", "只输入数值，不要写 '='"),
    "'": _QUOTES,
    '"': _QUOTES,
    "{": _BRACES,
    "}": _BRACES,
    ".": T("a '.' must be part of a number, as in 0.5", "'.' 只能出现在数里，如 0.5"),
}


def _canonical(name: str) -> str:
    return name.lower() if name.isascii() else name


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    stack: list[_Tok] = []
    position, length, space = 0, len(text), False
    match = _TOKEN.match
    while position < length:
        m = match(text, position)
        if m is None:
            ch = text[position]
            problem = _HINTS.get(ch) or T(
                "the character '{ch}' cannot be part of an answer", "答案里不能有字符 '{ch}'", ch=ch
            )
            raise _error(text, position, position + 1, problem)
        kind, piece, end = m.lastgroup, m.group(), m.end()
        if kind == "space":
            space, position = True, end
            continue
        if kind == "newline":
            # a row separator after a number, unless a closer, ',' or ';' follows
            rest = text[end:].lstrip(" \r\n")
            if tokens and tokens[-1].kind in _ENDS_OPERAND and rest and rest[0] not in ")],;":
                tokens.append(_Tok(";", piece, position, end, space))
            space, position = True, end
            continue
        if kind == "op":
            kind = "^" if piece == "**" else piece
        elif kind == "punct":
            kind = piece
        elif kind == "name":
            name = _canonical(piece)
            if name not in _CONSTANTS and name not in _FUNCTIONS:
                raise _error(text, position, end, _unknown_name(piece, text[end:].lstrip()))
        token = _Tok(kind, piece, position, end, space)
        if kind in ("(", "["):
            stack.append(token)
            if len(stack) > MAX_DEPTH:
                raise _error(
                    text,
                    position,
                    end,
                    T("brackets are nested more than {n} deep", "括号嵌套超过了 {n} 层", n=MAX_DEPTH),
                )
        elif kind in _CLOSERS:
            if not stack:
                raise _error(
                    text,
                    position,
                    end,
                    T(
                        "'{closer}' has no matching '{opener}'",
                        "'{closer}' 没有对应的 '{opener}'",
                        closer=piece,
                        opener=_CLOSERS[kind],
                    ),
                )
            opener = stack.pop()
            if opener.kind != _CLOSERS[kind]:
                raise _error(
                    text,
                    position,
                    end,
                    T(
                        "'{closer}' does not close the '{opener}' at position {at}",
                        "'{closer}' 与第 {at} 个字符处的 '{opener}' 不配对",
                        closer=piece,
                        opener=opener.kind,
                        at=opener.start + 1,
                    ),
                )
        tokens.append(token)
        space, position = False, end
    tokens.append(_Tok("end", "", length, length, space))
    return tokens


_FUNCTION_DIGITS = re.compile(r"(log|ln|exp|sqrt)_?([0-9]+)")


def _unknown_name(name: str, after: str) -> Text:
    m = _FUNCTION_DIGITS.fullmatch(_canonical(name))
    if m and m.group(1) == "log" and after.startswith("("):
        return T(
            "unknown name '{name}'; for a log in base {base}, write log(x, {base})",
            "不认识 '{name}'；以 {base} 为底的对数请写成 log(x, {base})",
            name=name,
            base=m.group(2),
        )
    if m and not after.startswith("("):
        return T(
            "unknown name '{name}'; write {function}({argument}): a function needs parentheses",
            "不认识 '{name}'；请写成 {function}({argument})：函数要加括号",
            name=name,
            function=m.group(1),
            argument=m.group(2),
        )
    return T(
        "unknown name '{name}': answers use {known}", "不认识 '{name}'：答案里可以用{known}", name=name, known=_KNOWN
    )


# --------------------------------------------------------------------------- parsed pieces

_SUM, _PRODUCT, _SIGNED, _POWER, _ATOM = 1, 2, 3, 4, 5


class _Node:
    """A parsed piece: its value, how to print it, and where it is in the text."""

    __slots__ = ("value", "text", "prec", "op", "computed", "start", "end", "kind", "items", "split")

    def __init__(self, value, text, prec, start, end, computed=True, op=None, kind="number", items=None, split=False):
        self.value, self.text, self.prec, self.op = value, text, prec, op
        self.start, self.end, self.computed = start, end, computed
        self.kind, self.items, self.split = kind, items, split


# --------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, tokens: list[_Tok]):
        self.text, self.tokens, self.i = text, tokens, 0

    # -- helpers
    def peek(self) -> _Tok:
        return self.tokens[self.i]

    def take(self) -> _Tok:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, position: int, end: int, problem: Text):
        raise _error(self.text, position, end, problem)

    def fail_at(self, token: _Tok, problem: Text):
        raise _error(self.text, token.start, token.end, problem)

    # -- the whole answer
    def answer(self) -> Parsed:
        shapes = self.shapes()
        if shapes is not None and len(shapes) == 1:
            return Parsed(shapes[0], " x ".join(map(str, shapes[0])), "shape")
        if shapes is not None:
            return Parsed(shapes, "; ".join(" x ".join(map(str, shape)) for shape in shapes), "shapes")
        rows, separated, split = self.items("end")
        if len(rows) == 1 and len(rows[0]) == 1 and not separated:
            node = rows[0][0]
        else:
            node = self.make_list(rows, split, 0, len(self.text))
        if not node.computed:
            echo = _render(node.value, format_number)
        else:
            echo = f"{node.text} = {_render(node.value, _short)}"
        return Parsed(node.value, echo, node.kind)

    def shapes(self):
        """INT x INT (x INT)*, or several such shapes separated by ';' or ',' (one per layer,
        all of one length), the whole answer, possibly inside one pair of () or []."""
        tokens = self.tokens[:-1]
        if len(tokens) > 2 and tokens[0].kind in ("(", "[") and tokens[-1].kind == _CLOSER_OF[tokens[0].kind]:
            tokens = tokens[1:-1]
        groups, group = [], []
        for token in tokens:
            if token.kind in (",", ";"):
                groups.append(group)
                group = []
            else:
                group.append(token)
        groups.append(group)
        shapes = [self.shape(group) for group in groups]
        if any(shape is None for shape in shapes):
            return None
        if len({len(shape) for shape in shapes}) > 1:
            self.fail(
                0,
                len(self.text),
                T(
                    "each shape needs the same number of sizes, as in 27x27x16; 12x12x64",
                    "每个形状的维数要相同，如 27x27x16; 12x12x64",
                ),
            )
        return shapes

    def shape(self, tokens):
        """INT x INT (x INT)*: the sizes, or None."""
        if len(tokens) < 3 or len(tokens) % 2 == 0:
            return None
        for k, token in enumerate(tokens):
            if k % 2 == 0 and not (token.kind == "num" and token.text.isdigit()):
                return None
            if k % 2 == 1 and token.kind != "x":
                return None
        sizes = [int(token.text) for token in tokens[::2]]
        for size, token in zip(sizes, tokens[::2]):
            if size > _INT_MAX:
                self.fail_at(token, _NUMBER_TOO_LARGE)
        return sizes

    # -- lists
    def items(self, closer: str):
        """row (';' row)* up to closer (not consumed). Returns rows of nodes, whether any
        separator was used, and whether a space before a sign split two elements
        (for the hint when such a list meets arithmetic)."""
        rows: list[list[_Node]] = [[]]
        separated = split = False
        while True:
            rows[-1].append(self.sum(True))
            token = self.peek()
            if token.kind == ",":
                self.i += 1
                separated = True
            elif token.kind == ";":
                self.i += 1
                separated = True
                rows.append([])
            elif token.kind == closer:
                return rows, separated, split
            elif self.splits_here(token):
                separated = True
                split = split or token.kind in ("+", "-")
            elif token.kind == "end":
                opener = self.opener_of(closer)
                self.fail(
                    len(self.text),
                    len(self.text),
                    T(
                        "'{closer}' is missing to close the '{opener}' at position {at}",
                        "缺少 '{closer}'，第 {at} 个字符处的 '{opener}' 没有闭合",
                        closer=closer,
                        opener=opener.text,
                        at=opener.start + 1,
                    ),
                )
            else:
                self.fail_at(
                    token,
                    T(
                        "'{this}' cannot follow '{before}' here",
                        "'{this}' 不能跟在 '{before}' 后面",
                        this=token.text,
                        before=self.tokens[self.i - 1].text,
                    ),
                )

    def opener_of(self, closer: str) -> _Tok:
        """The innermost unclosed opener before the current token."""
        depth = 0
        for token in reversed(self.tokens[: self.i]):
            if token.kind in _CLOSERS:
                depth += 1
            elif token.kind in ("(", "["):
                if depth == 0:
                    return token
                depth -= 1
        return self.tokens[0]

    def splits_here(self, token: _Tok) -> bool:
        """Whitespace followed by a number or '[', or by a sign glued to an operand."""
        if not token.space:
            return False
        if token.kind in ("num", "["):
            return True
        if token.kind in ("+", "-"):
            following = self.tokens[self.i + 1]
            return not following.space and following.kind in _STARTS_OPERAND
        return False

    def make_list(self, rows, split, start, end) -> _Node:
        if len(rows) == 1:
            items = rows[0]
        else:
            items = []
            for row in rows:
                if len(row) == 1 and row[0].kind != "number":
                    items.append(row[0])
                else:
                    items.append(self.list_node(row, row[0].start, row[-1].end, split))
        return self.list_node(items, start, end, split)

    def list_node(self, items: list[_Node], start: int, end: int, split: bool) -> _Node:
        first = items[0]
        if first.kind == "number":
            kind = "vector"
            for k, item in enumerate(items[1:], 2):
                if item.kind != "number":
                    self.fail(
                        item.start,
                        item.end,
                        T(
                            "element {k} is a list but element 1 is a number; "
                            "a list holds numbers, or rows of a matrix",
                            "第 {k} 个元素是列表，但第 1 个元素是数；列表里要么都是数，要么都是矩阵的行",
                            k=k,
                        ),
                    )
        elif first.kind == "vector":
            kind = "matrix"
            width = len(first.items)
            for k, item in enumerate(items[1:], 2):
                if item.kind == "number":
                    self.fail(
                        item.start,
                        item.end,
                        T(
                            "row {k} is a number but row 1 is a list; a matrix needs rows of the same length",
                            "第 {k} 行是一个数，但第 1 行是列表；矩阵的每一行要一样长",
                            k=k,
                        ),
                    )
                if item.kind == "vector" and len(item.items) != width:
                    self.fail(
                        item.start,
                        item.end,
                        T(
                            "row {k} has {count} but row 1 has {width}; a matrix needs rows of the same length",
                            "第 {k} 行有 {count}，但第 1 行有 {width} 个；矩阵的每一行要一样长",
                            k=k,
                            count=_count(len(item.items)),
                            width=width,
                        ),
                    )
                if item.kind == "matrix":
                    first = item
                    break
        if first.kind == "matrix":
            self.fail(
                first.start,
                first.end,
                T(
                    "a list of matrices is not an answer; answers are numbers, vectors or matrices",
                    "答案不能是一组矩阵；答案只能是数、向量或矩阵",
                ),
            )
        return _Node(
            [item.value for item in items],
            "[" + ", ".join(item.text for item in items) + "]",
            _ATOM,
            start,
            end,
            computed=any(item.computed for item in items),
            kind=kind,
            items=items,
            split=split,
        )

    # -- arithmetic
    def sum(self, split: bool) -> _Node:
        left = self.product(split)
        while True:
            token = self.peek()
            if token.kind not in ("+", "-") or (split and self.splits_here(token)):
                return left
            self.i += 1
            right = self.product(split)
            left = self.binary(token, left, right)

    def product(self, split: bool) -> _Node:
        left = self.signed()
        while True:
            token = self.peek()
            kind = token.kind
            if kind in ("*", "/", "x"):
                self.i += 1
                left = self.binary(token, left, self.signed())
            elif kind in ("name", "(", "√"):
                left = self.binary(None, left, self.power())
            elif kind == "num":
                if split and token.space:
                    return left
                missing = (
                    T("an operator is missing before '{this}'", "'{this}' 前面缺少运算符", this=token.text)
                    if not token.space
                    else T(
                        "an operator or ',' is missing before '{this}'",
                        "'{this}' 前面缺少运算符或 ','",
                        this=token.text,
                    )
                )
                self.fail_at(token, missing)
            elif kind == "[":
                if split and token.space:
                    return left
                self.fail_at(token, T("a ',' is missing before '['", "'[' 前面缺少 ','"))
            else:
                return left

    def signed(self) -> _Node:
        signs = []
        while self.peek().kind in ("+", "-"):
            signs.append(self.take())
        node = self.power()
        for sign in reversed(signs):
            node = self.negate(sign, node) if sign.kind == "-" else node
        return node

    def power(self) -> _Node:
        """postfix ('^' signs postfix)*, folded from the right (iteratively)."""
        base = self.postfix()
        chain = []
        while self.peek().kind == "^":
            op = self.take()
            signs = []
            while self.peek().kind in ("+", "-"):
                signs.append(self.take())
            chain.append((op, signs, self.postfix()))
        if not chain:
            return base
        operands = [base] + [operand for _, _, operand in chain]
        exponent = None
        for k in range(len(chain), 0, -1):
            op, signs, operand = chain[k - 1]
            node = operand if exponent is None else self.binary(chain[k][0], operand, exponent)
            for sign in reversed(signs):
                node = self.negate(sign, node) if sign.kind == "-" else node
            exponent = node
        return self.binary(chain[0][0], operands[0], exponent)

    def postfix(self) -> _Node:
        roots = []
        while self.peek().kind == "√":
            roots.append(self.take())
        node = self.atom()
        if self.peek().kind == "%":
            token = self.take()
            self.number(node, token, "'%'")
            if node.op == "literal":  # 12.5% is read as 12.5e-2: one correctly rounded step
                mantissa, _, exponent = self.text[node.start : node.end].lower().partition("e")
                value = float(f"{mantissa}e{int(exponent or 0) - 2}")
            else:
                value = node.value / 100
            node = _Node(value, node.text + "%", _ATOM, node.start, token.end)
            if self.peek().kind == "%":
                self.fail_at(self.peek(), T("'%' is written twice", "'%' 写了两次"))
        for root in reversed(roots):
            node = self.call("sqrt", root, [node], node.end)
        return node

    def atom(self) -> _Node:
        token = self.peek()
        kind = token.kind
        if kind == "num":
            self.i += 1
            return self.literal(token)
        if kind == "name":
            self.i += 1
            name = _canonical(token.text)
            if name in _CONSTANTS:
                return _Node(_CONSTANTS[name], "pi" if name == "π" else name, _ATOM, token.start, token.end)
            return self.function(token, _FUNCTIONS[name])
        if kind in ("(", "["):
            self.i += 1
            closer = ")" if kind == "(" else "]"
            if self.peek().kind == closer:
                self.fail(
                    token.start,
                    self.peek().end,
                    T("'{pair}' has nothing inside", "'{pair}' 里面是空的", pair=kind + closer),
                )
            rows, separated, split_used = self.items(closer)
            end = self.take().end
            if kind == "(" and len(rows) == 1 and len(rows[0]) == 1 and not separated:
                inner = rows[0][0]
                if inner.kind != "number":
                    return inner
                return _Node(inner.value, f"({inner.text})", _ATOM, token.start, end, computed=inner.computed)
            return self.make_list(rows, split_used, token.start, end)
        if kind == "x":
            self.fail_at(
                token,
                T(
                    "'x' only stands between the sizes of a shape, as in 14x14x6, "
                    "or between two numbers to multiply them",
                    "'x' 只能写在形状的各维大小之间（如 14x14x6），或写在两个数之间表示相乘",
                ),
            )
        self.missing_operand(token)

    def missing_operand(self, token: _Tok):
        before = self.tokens[self.i - 1] if self.i > 0 else None
        at = token.start
        if before is None:
            self.fail(
                at, token.end, T("a number is missing before '{this}'", "'{this}' 前面缺少一个数", this=token.text)
            )
        if before.kind in ("+", "-", "*", "/", "^", "x", "√"):
            self.fail(
                at,
                token.end,
                T("a number or '(' is missing after '{before}'", "'{before}' 后面缺少一个数或 '('", before=before.text),
            )
        if before.kind == ",":
            self.fail(at, token.end, T("a number is missing after ','", "',' 后面缺少一个数"))
        if before.kind == ";":
            self.fail(at, token.end, T("a row is missing after ';'", "';' 后面缺少一行"))
        self.fail(
            at, token.end, T("a number is missing after '{before}'", "'{before}' 后面缺少一个数", before=before.text)
        )

    def literal(self, token: _Tok) -> _Node:
        text = token.text
        if "." in text or "e" in text or "E" in text:
            value = float(text)
            if math.isinf(value):
                self.fail_at(token, _NUMBER_TOO_LARGE)
            if value == 0 and any(c in "123456789" for c in text.lower().partition("e")[0]):
                self.fail_at(token, T("this number is too close to zero to be represented", "这个数太接近 0，无法表示"))
        else:
            value = int(text)
            if value > _INT_MAX:
                self.fail_at(token, _NUMBER_TOO_LARGE)
        return _Node(value, format_number(value), _ATOM, token.start, token.end, computed=False, op="literal")

    def function(self, token: _Tok, name: str) -> _Node:
        opening = self.peek()
        if opening.kind != "(":
            argument = opening.text if opening.kind == "num" else "..."
            self.fail_at(
                token,
                T(
                    "write {function}({argument}): a function needs its argument in parentheses",
                    "请写成 {function}({argument})：函数的参数要放在括号里",
                    function=token.text,
                    argument=argument,
                ),
            )
        self.i += 1
        args = []
        while True:
            args.append(self.sum(False))
            after = self.take()
            if after.kind == ")":
                break
            if after.kind == ",":
                continue
            if after.kind == ";":
                self.fail_at(
                    after,
                    T(
                        "';' separates matrix rows and cannot be used inside {name}(...)",
                        "';' 用来分隔矩阵的行，不能用在 {name}(...) 里",
                        name=name,
                    ),
                )
            if after.kind == "end":
                self.fail(
                    after.start,
                    after.start,
                    T(
                        "')' is missing to close '{function}(' at position {at}",
                        "缺少 ')'，第 {at} 个字符处的 '{function}(' 没有闭合",
                        function=token.text,
                        at=opening.start + 1,
                    ),
                )
            self.fail_at(
                after,
                T(
                    "'{this}' cannot follow '{before}' inside {name}(...)",
                    "在 {name}(...) 里，'{this}' 不能跟在 '{before}' 后面",
                    this=after.text,
                    before=self.tokens[self.i - 2].text,
                    name=name,
                ),
            )
        allowed = (1, 2) if name == "log" else (1,)
        if len(args) not in allowed:
            self.fail(
                token.start,
                after.end,
                T("log takes one number, or two as in log(8, 2)", "log 要一个数，或者两个数，如 log(8, 2)")
                if name == "log"
                else T("{name} takes one number", "{name} 只要一个数", name=name),
            )
        return self.call(name, token, args, after.end)

    # -- computing, with every check before the work
    def number(self, node: _Node, token: _Tok, what: str) -> None:
        if node.kind != "number":
            hint = (
                T(
                    "; a space before a sign glued to a number starts a new element, so write '1 - 2' to subtract",
                    "；空格后面紧贴着数的正负号会开始一个新元素，所以减法请写成 '1 - 2'",
                )
                if node.split
                else ""
            )
            self.fail(
                node.start,
                node.end,
                T(
                    "{what} works on numbers but {list} is a list{hint}",
                    "{what} 只能用在数上，但 {list} 是列表{hint}",
                    what=what,
                    list=node.text,
                    hint=hint,
                ),
            )

    def checked(self, value, position: int, end: int, what: str):
        if isinstance(value, int):
            if abs(value) > _INT_MAX:
                self.fail(position, end, _too_large(what))
        elif math.isinf(value):
            self.fail(position, end, _too_large(what))
        elif math.isnan(value):
            self.fail(position, end, T("the result of {what} is not a number", "{what} 的结果不是一个数", what=what))
        return value

    def negate(self, sign: _Tok, node: _Node) -> _Node:
        self.number(node, sign, "'-'")
        text = f"-({node.text})" if node.prec == _POWER else "-" + node.text
        return _Node(-node.value, text, _SIGNED, sign.start, node.end, computed=node.computed)

    def binary(self, token: _Tok | None, left: _Node, right: _Node) -> _Node:
        op = "*" if token is None or token.kind == "x" else token.kind
        where = token if token is not None else right
        what = "'*'" if token is None else f"'{token.text}'"
        self.number(left, where, what)
        self.number(right, where, what)
        a, b = left.value, right.value
        position = where.start
        try:
            if op == "+":
                value = a + b
            elif op == "-":
                value = a - b
            elif op == "*":
                value = a * b
            elif op == "/":
                if b == 0:
                    self.fail(position, right.end, T("division by zero", "除数为 0"))
                value = a / b
            else:
                value = self.pow(a, b, position, right.end)
        except OverflowError:
            self.fail(position, right.end, _too_large(what))
        value = self.checked(value, position, right.end, what)
        if op in ("+", "-"):
            text, prec = f"{left.text} {op} {right.text}", _SUM
        elif op == "^":
            exponent = f"({right.text})" if right.prec == _POWER else right.text
            text, prec = f"{left.text}^{exponent}", _POWER
        else:
            left_text = f"({left.text})" if left.prec < _PRODUCT or (op == "*" and left.op == "/") else left.text
            right_text = f"({right.text})" if right.prec <= _PRODUCT else right.text
            text, prec = f"{left_text}{op}{right_text}", _PRODUCT
        return _Node(value, text, prec, left.start, right.end, op=op)

    def pow(self, a, b, position: int, end: int):
        if b == 0:
            return 1 if isinstance(a, int) and isinstance(b, int) else 1.0
        if a == 0:
            if b < 0:
                self.fail(position, end, T("division by zero (0 to a negative power)", "除数为 0（0 的负数次幂）"))
            return 0 if isinstance(a, int) and isinstance(b, int) else 0.0
        integral_b = isinstance(b, int) or float(b).is_integer()
        if a < 0 and not integral_b:
            self.fail(
                position,
                end,
                T("a negative number to a fractional power has no real value", "负数的分数次幂没有实数值"),
            )
        if abs(a) == 1:
            if integral_b:
                sign = -1 if a < 0 and int(b) % 2 else 1
                return sign if isinstance(a, int) and isinstance(b, int) and b > 0 else float(sign)
        elif b * math.log10(abs(a)) > _LOG10_MAX + 1:  # estimate before computing anything
            self.fail(position, end, _too_large("'^'"))
        if isinstance(a, int) and isinstance(b, int) and b > 0:
            return a**b
        try:
            return math.pow(a, b)
        except OverflowError:
            self.fail(position, end, _too_large("'^'"))

    def call(self, name: str, token: _Tok, args: list[_Node], end: int) -> _Node:
        for arg in args:
            self.number(arg, token, f"{name}(...)")
        x = args[0].value
        position = token.start
        if name == "sqrt":
            if x < 0:
                self.fail(position, end, T("square root of a negative number", "负数不能开平方"))
            value = math.sqrt(x)
        elif name == "sigmoid":
            value = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        elif name == "exp":
            if x > 709.8:
                self.fail(position, end, _too_large("exp"))
            try:
                value = math.exp(x)
            except OverflowError:
                self.fail(position, end, _too_large("exp"))
        else:
            if x <= 0:
                self.fail(
                    position,
                    end,
                    T(
                        "log of a non-positive number ({x})",
                        "对数的真数必须是正数（这里是 {x}）",
                        x=format_number(x),
                    ),
                )
            if len(args) == 2:
                base = args[1].value
                if base <= 0 or base == 1:
                    self.fail(
                        position,
                        end,
                        T("the base of a log must be positive and not 1", "对数的底必须是正数，且不能是 1"),
                    )
                value = math.log2(x) if base == 2 else math.log10(x) if base == 10 else math.log(x) / math.log(base)
            else:
                value = {"log": math.log, "ln": math.log, "log2": math.log2, "log10": math.log10}[name](x)
        value = self.checked(value, position, end, name)
        return _Node(value, f"{name}({', '.join(arg.text for arg in args)})", _ATOM, position, end)


_CLOSER_OF = {"(": ")", "[": "]"}


def _count(n: int) -> Text:
    return T("{n} number", "{n} 个数", n=n) if n == 1 else T("{n} numbers", "{n} 个数", n=n)


_NUMBER_TOO_LARGE = T("this number is too large", "这个数太大了")


def _too_large(what: str) -> Text:
    return T("the result of {what} is too large", "{what} 的结果太大了", what=what)


def parse_answer(text: str) -> Parsed:
    """Read a typed answer: a number, a vector, a matrix or a shape (see the module docstring)."""
    text = _normalize(text)
    tokens = _tokenize(text)
    try:
        return _Parser(text, tokens).answer()
    except RecursionError:  # only if the caller is already deep: nesting is capped at 50
        raise AnswerSyntaxError(T("the answer is nested too deeply to read.", "答案嵌套得太深，读不了。")) from None
