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

from exercises.core.number_text import plain_exponent

__all__ = ["AnswerSyntaxError", "Parsed", "parse_answer", "format_number"]

MAX_LENGTH = 500
MAX_DEPTH = 50

_FLOAT_MAX = sys.float_info.max
_INT_MAX = int(_FLOAT_MAX)
_LOG10_MAX = math.log10(_FLOAT_MAX)  # 308.25...


class AnswerSyntaxError(ValueError):
    """Typed text that cannot be understood; str(error) is one sentence that says where,
    e.g. "cannot read '3/' at position 3: a number or '(' is missing after '/'."
    Also has .position (0-based index in the normalized text, or None)."""

    def __init__(self, message: str, position: int | None = None):
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
                f"the answer is not valid UTF-8 text (byte {error.start + 1} cannot be read)."
            ) from None
    elif not isinstance(text, str):
        raise TypeError(f"parse_answer expects a str, not {type(text).__name__}")
    text = text.strip()
    if text.endswith(("。", "．")):  # the full stop a Chinese input method adds at the end
        text = text[:-1].rstrip()
    if len(text) > MAX_LENGTH:
        raise AnswerSyntaxError(f"answer is longer than {MAX_LENGTH} characters.")
    if not text.isascii():
        text = _SUPERSCRIPT_RUN.sub(_superscript, text)
        text = _SUBSCRIPT_RUN.sub(_subscript, text)
        for i, ch in enumerate(text):
            if ch > "\x7f" and unicodedata.category(ch) == "No":
                raise _error(
                    text,
                    i,
                    i + 1,
                    f"'{ch}' is not read as a number here; write fractions with '/', as in 1/2, and powers with '^'",
                )
        text = unicodedata.normalize("NFKC", text).translate(_AFTER_NFKC).strip()
        if len(text) > MAX_LENGTH:
            raise AnswerSyntaxError(f"answer is longer than {MAX_LENGTH} characters.")
    if not text:
        raise AnswerSyntaxError("the answer is empty.")
    if not text.isprintable():
        for i, ch in enumerate(text):
            if not ch.isprintable() and ch not in "\n\r":
                raise _error(
                    text,
                    i,
                    i,
                    f"the answer contains the invisible character U+{ord(ch):04X}, which cannot be part of an answer",
                )
    return text


def _error(text: str, position: int, end: int, problem: str) -> AnswerSyntaxError:
    """'cannot read '<text up to end>' at position <position + 1>: <problem>.'"""
    shown = text[: max(end, 0)]
    if len(shown) > 30:
        shown = "…" + shown[-29:]
    return AnswerSyntaxError(f"cannot read '{shown}' at position {position + 1}: {problem}.", position)


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
_KNOWN = "numbers, + - * / ^, e, pi and log, ln, log2, log10 (lg), exp, sqrt, sigmoid (σ)"
_ENDS_OPERAND = frozenset(("num", "name", ")", "]", "%"))
_STARTS_OPERAND = frozenset(("num", "name", "(", "[", "√"))
_CLOSERS = {")": "(", "]": "["}
_HINTS = {
    "=": "type only the value, without '='",
    "'": "quotes cannot be part of an answer",
    '"': "quotes cannot be part of an answer",
    "{": "write lists with [ ]",
    "}": "write lists with [ ]",
    ".": "a '.' must be part of a number, as in 0.5",
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
            problem = _HINTS.get(ch, f"the character '{ch}' cannot be part of an answer")
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
                raise _error(text, position, end, f"brackets are nested more than {MAX_DEPTH} deep")
        elif kind in _CLOSERS:
            if not stack:
                raise _error(text, position, end, f"'{piece}' has no matching '{_CLOSERS[kind]}'")
            opener = stack.pop()
            if opener.kind != _CLOSERS[kind]:
                raise _error(
                    text, position, end, f"'{piece}' does not close the '{opener.kind}' at position {opener.start + 1}"
                )
        tokens.append(token)
        space, position = False, end
    tokens.append(_Tok("end", "", length, length, space))
    return tokens


_FUNCTION_DIGITS = re.compile(r"(log|ln|exp|sqrt)_?([0-9]+)")


def _unknown_name(name: str, after: str) -> str:
    m = _FUNCTION_DIGITS.fullmatch(_canonical(name))
    if m and m.group(1) == "log" and after.startswith("("):
        return f"unknown name '{name}'; for a log in base {m.group(2)}, write log(x, {m.group(2)})"
    if m and not after.startswith("("):
        return f"unknown name '{name}'; write {m.group(1)}({m.group(2)}): a function needs parentheses"
    return f"unknown name '{name}': answers use {_KNOWN}"


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

    def fail(self, position: int, end: int, problem: str):
        raise _error(self.text, position, end, problem)

    def fail_at(self, token: _Tok, problem: str):
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
            self.fail(0, len(self.text), "each shape needs the same number of sizes, as in 27x27x16; 12x12x64")
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
                self.fail_at(token, "this number is too large")
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
                    f"'{closer}' is missing to close the '{opener.text}' at position {opener.start + 1}",
                )
            else:
                self.fail_at(token, f"'{token.text}' cannot follow '{self.tokens[self.i - 1].text}' here")

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
                        f"element {k} is a list but element 1 is a number; a list holds numbers, or rows of a matrix",
                    )
        elif first.kind == "vector":
            kind = "matrix"
            width = len(first.items)
            for k, item in enumerate(items[1:], 2):
                if item.kind == "number":
                    self.fail(
                        item.start,
                        item.end,
                        f"row {k} is a number but row 1 is a list; a matrix needs rows of the same length",
                    )
                if item.kind == "vector" and len(item.items) != width:
                    self.fail(
                        item.start,
                        item.end,
                        f"row {k} has {_count(len(item.items))} but row 1 has {width}; "
                        f"a matrix needs rows of the same length",
                    )
                if item.kind == "matrix":
                    first = item
                    break
        if first.kind == "matrix":
            self.fail(
                first.start, first.end, "a list of matrices is not an answer; answers are numbers, vectors or matrices"
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
                missing = "an operator" if not token.space else "an operator or ','"
                self.fail_at(token, f"{missing} is missing before '{token.text}'")
            elif kind == "[":
                if split and token.space:
                    return left
                self.fail_at(token, "a ',' is missing before '['")
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
                self.fail_at(self.peek(), "'%' is written twice")
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
                self.fail(token.start, self.peek().end, f"'{kind}{closer}' has nothing inside")
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
                "'x' only stands between the sizes of a shape, as in 14x14x6, or between two numbers to multiply them",
            )
        self.missing_operand(token)

    def missing_operand(self, token: _Tok):
        before = self.tokens[self.i - 1] if self.i > 0 else None
        at = token.start
        if before is None:
            self.fail(at, token.end, f"a number is missing before '{token.text}'")
        if before.kind in ("+", "-", "*", "/", "^", "x", "√"):
            self.fail(at, token.end, f"a number or '(' is missing after '{before.text}'")
        if before.kind == ",":
            self.fail(at, token.end, "a number is missing after ','")
        if before.kind == ";":
            self.fail(at, token.end, "a row is missing after ';'")
        self.fail(at, token.end, f"a number is missing after '{before.text}'")

    def literal(self, token: _Tok) -> _Node:
        text = token.text
        if "." in text or "e" in text or "E" in text:
            value = float(text)
            if math.isinf(value):
                self.fail_at(token, "this number is too large")
            if value == 0 and any(c in "123456789" for c in text.lower().partition("e")[0]):
                self.fail_at(token, "this number is too close to zero to be represented")
        else:
            value = int(text)
            if value > _INT_MAX:
                self.fail_at(token, "this number is too large")
        return _Node(value, format_number(value), _ATOM, token.start, token.end, computed=False, op="literal")

    def function(self, token: _Tok, name: str) -> _Node:
        opening = self.peek()
        if opening.kind != "(":
            argument = opening.text if opening.kind == "num" else "..."
            self.fail_at(token, f"write {token.text}({argument}): a function needs its argument in parentheses")
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
                self.fail_at(after, f"';' separates matrix rows and cannot be used inside {name}(...)")
            if after.kind == "end":
                self.fail(
                    after.start, after.start, f"')' is missing to close '{token.text}(' at position {opening.start + 1}"
                )
            self.fail_at(after, f"'{after.text}' cannot follow '{self.tokens[self.i - 2].text}' inside {name}(...)")
        allowed = (1, 2) if name == "log" else (1,)
        if len(args) not in allowed:
            self.fail(
                token.start,
                after.end,
                "log takes one number, or two as in log(8, 2)" if name == "log" else f"{name} takes one number",
            )
        return self.call(name, token, args, after.end)

    # -- computing, with every check before the work
    def number(self, node: _Node, token: _Tok, what: str) -> None:
        if node.kind != "number":
            hint = (
                "; a space before a sign glued to a number starts a new element, so write '1 - 2' to subtract"
                if node.split
                else ""
            )
            self.fail(node.start, node.end, f"{what} works on numbers but {node.text} is a list{hint}")

    def checked(self, value, position: int, end: int, what: str):
        if isinstance(value, int):
            if abs(value) > _INT_MAX:
                self.fail(position, end, f"the result of {what} is too large")
        elif math.isinf(value):
            self.fail(position, end, f"the result of {what} is too large")
        elif math.isnan(value):
            self.fail(position, end, f"the result of {what} is not a number")
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
                    self.fail(position, right.end, "division by zero")
                value = a / b
            else:
                value = self.pow(a, b, position, right.end)
        except OverflowError:
            self.fail(position, right.end, f"the result of {what} is too large")
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
                self.fail(position, end, "division by zero (0 to a negative power)")
            return 0 if isinstance(a, int) and isinstance(b, int) else 0.0
        integral_b = isinstance(b, int) or float(b).is_integer()
        if a < 0 and not integral_b:
            self.fail(position, end, "a negative number to a fractional power has no real value")
        if abs(a) == 1:
            if integral_b:
                sign = -1 if a < 0 and int(b) % 2 else 1
                return sign if isinstance(a, int) and isinstance(b, int) and b > 0 else float(sign)
        elif b * math.log10(abs(a)) > _LOG10_MAX + 1:  # estimate before computing anything
            self.fail(position, end, "the result of '^' is too large")
        if isinstance(a, int) and isinstance(b, int) and b > 0:
            return a**b
        try:
            return math.pow(a, b)
        except OverflowError:
            self.fail(position, end, "the result of '^' is too large")

    def call(self, name: str, token: _Tok, args: list[_Node], end: int) -> _Node:
        for arg in args:
            self.number(arg, token, f"{name}(...)")
        x = args[0].value
        position = token.start
        if name == "sqrt":
            if x < 0:
                self.fail(position, end, "square root of a negative number")
            value = math.sqrt(x)
        elif name == "sigmoid":
            value = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        elif name == "exp":
            if x > 709.8:
                self.fail(position, end, "the result of exp is too large")
            try:
                value = math.exp(x)
            except OverflowError:
                self.fail(position, end, "the result of exp is too large")
        else:
            if x <= 0:
                self.fail(position, end, f"log of a non-positive number ({format_number(x)})")
            if len(args) == 2:
                base = args[1].value
                if base <= 0 or base == 1:
                    self.fail(position, end, "the base of a log must be positive and not 1")
                value = math.log2(x) if base == 2 else math.log10(x) if base == 10 else math.log(x) / math.log(base)
            else:
                value = {"log": math.log, "ln": math.log, "log2": math.log2, "log10": math.log10}[name](x)
        value = self.checked(value, position, end, name)
        return _Node(value, f"{name}({', '.join(arg.text for arg in args)})", _ATOM, position, end)


_CLOSER_OF = {"(": ")", "[": "]"}


def _count(n: int) -> str:
    return f"{n} number" if n == 1 else f"{n} numbers"


def parse_answer(text: str) -> Parsed:
    """Read a typed answer: a number, a vector, a matrix or a shape (see the module docstring)."""
    text = _normalize(text)
    tokens = _tokenize(text)
    try:
        return _Parser(text, tokens).answer()
    except RecursionError:  # only if the caller is already deep: nesting is capped at 50
        raise AnswerSyntaxError("the answer is nested too deeply to read.") from None
