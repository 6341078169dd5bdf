"""Problems to text, Markdown, LaTeX, HTML and JSON.

Every piece of mathematics is printed by sympy (pretty, latex, MathML); the
jinja2 templates in `templates/` hold prose and layout only. A step prints as
the chain  lhs = formula = substituted = exact ≈ decimal,  leaving out a link
that would repeat the one before it, and the exact value when it is too long
to help (the decimal still follows).
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.pretty_symbology import pretty_symbol
from sympy.printing.pretty.stringpict import prettyForm, stringPict
from sympy.printing.str import StrPrinter

from exercises.core import lang as language
from exercises.core.columns import DEFAULT_WIDTH, beside, cells, fit, value_lines, width_of, wrap
from exercises.core.lang import same
from exercises.core.model import Lines, Math, Problem, Step, exact_text, in_written_order, number, plain
from exercises.core.number_text import decimal_text
from exercises.core.symbols import Named, Num, Written, as_exact

TEMPLATES = Path(__file__).parent / "templates"
LARGEST_EXACT = 16  # expression nodes beyond which an exact value is not shown
LONGEST_EXACT = 60  # nor beyond this many characters


# --- the numbers ------------------------------------------------------------


def _decimal(value):
    """(decimal form of an exact value, whether it was rounded), or None for integers."""
    if isinstance(value, sp.MatrixBase):
        entries = [_decimal(x) for x in value]
        if all(e is None for e in entries):
            return None
        nums = [e[0] if e else Num(f"d{i}", x, str(x), False, True) for i, (e, x) in enumerate(zip(entries, value))]
        return sp.ImmutableMatrix(value.rows, value.cols, nums), any(e and e[1] for e in entries)
    value = as_exact(value)
    if value.is_Integer:
        return None
    text = decimal_text(number(value))
    rounded = not (value.is_Rational and sp.Rational(text) == value)
    return Num("d", value, text, rounded, True), rounded


def value_text(value, decimals: int = 0) -> str:
    """An answer as a student would type it: 4 significant digits (and at least
    the decimals its tolerance asks for), lists in brackets."""
    if isinstance(value, list):
        return "[" + ", ".join(value_text(x, decimals) for x in value) + "]"
    return decimal_text(value, decimals=decimals)


def _short(expr, width: int = LONGEST_EXACT) -> bool:
    """Small enough that showing the exact value helps: at most LARGEST_EXACT
    nodes and `width` characters (a matrix: each entry a quarter of that)."""
    if isinstance(expr, sp.MatrixBase):
        return all(_short(x, width // 4) for x in expr)
    for count, _ in enumerate(sp.preorder_traversal(expr)):
        if count >= LARGEST_EXACT:
            return False
    return len(_MEASURE.doprint(expr)) <= width


class _Unsorted(StrPrinter):
    """sympy's one-line text without sorting the terms of sums: as long as the
    sorted text, and much faster, for measuring."""

    def _as_ordered_terms(self, expr, order=None):
        return list(expr.args)


_MEASURE = _Unsorted()


# --- the three math printers --------------------------------------------------


def _matmul_factors(expr):
    """(sign, factors) of a matrix product. sympy's printers ask the product
    whether it could extract a minus sign, which multiplies explicit matrices
    out; a leading negative number is the only sign a shown product carries."""
    args = list(expr.args)
    if args[0].is_Number and args[0].is_negative:
        args[0] = -args[0]
        return "-", args[1:] if args[0] == 1 else args
    return "", args


def _negated(term):
    """-term when `term` is written with a leading minus sign, else None."""
    if isinstance(term, sp.MatMul):
        sign, factors = _matmul_factors(term)
        if not sign:
            return None
        return factors[0] if len(factors) == 1 else sp.MatMul(*factors, evaluate=False)
    return -term if term.could_extract_minus_sign() else None


class _KeepSums:
    """Sums print in the order the formula wrote them when it chose one (a sum
    of matrices, W x + b, or one built unevaluated, N + 2P - D(F-1) - 1); other
    sums in sympy's usual order (n - 1)."""

    def _as_ordered_terms(self, expr, order=None):
        if isinstance(expr, sp.MatAdd) or in_written_order(expr):
            return list(expr.args)
        return super()._as_ordered_terms(expr, order)

    def _signed_terms(self, expr, order=None):
        """(sign, term) for each term of a sum in printing order: no sign first, then
        "+", or "-" and the term without its minus sign (a matrix product negated
        without multiplying its matrices out, as sympy's printers do)."""
        for i, term in enumerate(self._as_ordered_terms(expr, order=order)):
            negated = _negated(term) if i else None
            yield ("" if not i else "+" if negated is None else "-"), (term if negated is None else negated)


class _Pretty(_KeepSums, PrettyPrinter):
    def _print_MatAdd(self, expr):
        """Matrices joined by ' + ' and ' - ' (sympy's printer writes X -1ₙ⋅x̄ᵀ)."""
        joined = None
        for sign, term in self._signed_terms(expr):
            form = self._print(term)
            joined = form if joined is None else prettyForm(*stringPict.next(joined, f" {sign} ", form))
        return joined


class _Latex(_KeepSums, LatexPrinter):
    def _print_Add(self, expr, order=None):
        tex = ""
        for sign, term in self._signed_terms(expr, order):
            printed = self._print(term)
            tex += (f" {sign} " if sign else "") + (
                rf"\left({printed}\right)" if self._needs_add_brackets(term) else printed
            )
        return tex

    def _print_OneMatrix(self, expr):
        """The vector of ones, 𝟙 in text (sympy writes a bare 1: w₀ 1)."""
        return r"\mathbf{1}"

    def _print_MatMul(self, expr):
        sign, args = _matmul_factors(expr)
        printed = [
            self._print(x) if isinstance(x, sp.Mul) else self.parenthesize(x, PRECEDENCE["Mul"], False) for x in args
        ]
        return ("- " if sign else "") + " ".join(printed)


MATHML_ACCENTS = {"bar": "\u00af", "hat": "^", "tilde": "~", "dot": "\u02d9", "vec": "\u2192"}


class _MathML(_KeepSums, MathMLPresentationPrinter):
    """sympy's MathML printer, keeping the case of named functions (H, IG)."""

    def doprint(self, expr):
        """The MathML text, as sympy's printer writes it (non-ASCII as character
        references), serialized without minidom's per-node overhead."""
        out = io.StringIO()
        _write_xml(self._print(expr), out)
        return out.getvalue().encode("ascii", "xmlcharrefreplace").decode()

    def mathml_tag(self, e):
        if isinstance(e, AppliedUndef):
            return e.func.__name__
        return super().mathml_tag(e)

    def _print_MatMul(self, expr):
        sign, args = _matmul_factors(expr)
        row = self.dom.createElement("mrow")
        for i, arg in enumerate(([sign] if sign else []) + args):
            if i and not (sign and i == 1):
                row.appendChild(self._operator("&InvisibleTimes;"))
            row.appendChild(
                self._operator(arg) if isinstance(arg, str) else self.parenthesize(arg, PRECEDENCE["Mul"], False)
            )
        return row

    def _print_OneMatrix(self, expr):
        """The vector of ones, 𝟙 as in text (sympy writes a bare 1)."""
        mi = self.dom.createElement("mi")
        mi.appendChild(self.dom.createTextNode("𝟙"))
        return mi

    def _print_Mul(self, expr):
        """−(p) for minus a sum kept unevaluated (sympy's printer drops the parentheses)."""
        if len(expr.args) == 2 and expr.args[0] == -1 and expr.args[1].is_Add:
            row = self.dom.createElement("mrow")
            row.appendChild(self._operator("-"))
            row.appendChild(self.parenthesize(expr.args[1], PRECEDENCE["Mul"], False))
            return row
        return super()._print_Mul(expr)

    def _print_Add(self, expr, order=None):
        row = self.dom.createElement("mrow")
        for sign, term in self._signed_terms(expr, order):
            if sign:
                row.appendChild(self._operator(sign))
            row.appendChild(self._print(term))
        return row

    def _operator(self, text):
        mo = self.dom.createElement("mo")
        mo.appendChild(self.dom.createTextNode(text))
        return mo

    def _print_Exp1(self, expr):
        """e as a letter, not the double-struck ⅇ of &ExponentialE;."""
        mi = self.dom.createElement("mi")
        mi.appendChild(self.dom.createTextNode("e"))
        return mi

    def _print_Symbol(self, sym, style="plain"):
        """A symbol, with an accent for a name ending in bar, hat, tilde, dot or vec (xbar: x̄),
        as the other printers read it."""
        name = sym.name
        for modifier, accent in MATHML_ACCENTS.items():
            if name.endswith(modifier) and len(name) > len(modifier):
                over = self.dom.createElement("mover")
                over.setAttribute("accent", "true")
                over.appendChild(super()._print_Symbol(sp.Symbol(name[: -len(modifier)]), style))
                over.appendChild(self._operator(accent))
                return over
        return super()._print_Symbol(sym, style)


def _write_xml(node, out) -> None:
    """`node.toxml()` of an element tree (text nodes write themselves)."""
    if node.nodeType != node.ELEMENT_NODE:
        node.writexml(out)
        return
    out.write("<" + node.tagName)
    if node.hasAttributes():
        for name, value in node.attributes.items():
            out.write(f' {name}="{_attribute(value)}"')
    if not node.childNodes:
        out.write("/>")
        return
    out.write(">")
    for child in node.childNodes:
        _write_xml(child, out)
    out.write(f"</{node.tagName}>")


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").replace(">", "&gt;")


TO_SUPERSCRIPT = str.maketrans("0123456789-xyzn", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ˣʸᶻⁿ")


class _Linear(_KeepSums, StrPrinter):
    """Mathematics on one line of Unicode, for prose in plain text: 1/√dₖ, λ₁², x̄ᵀ, C - λ₁⋅I,
    σ(z), ∂L/∂W₁, e⁻ᶻ, -η⋅∂L/∂W."""

    def _print(self, expr, **kwargs):
        """Named and Written objects by their written forms (their own string form is
        sympy's: dL/dW_1, σ spelled by its definition)."""
        if isinstance(expr, Named):
            return expr.text
        if isinstance(expr, Written):
            return f"{expr.written_name}({', '.join(self._print(arg) for arg in expr.args)})"
        return super()._print(expr, **kwargs)

    def _print_Symbol(self, expr):
        return pretty_symbol(expr.name)

    _print_MatrixSymbol = _print_Symbol

    def _print_Exp1(self, expr):
        return "e"

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", "⋅")

    def _print_MatMul(self, expr):
        sign, factors = _matmul_factors(expr)
        return sign + "⋅".join(self.parenthesize(f, PRECEDENCE["Mul"], strict=False) for f in factors)

    def _print_exp(self, expr):
        return self._print_Pow(sp.Pow(sp.E, expr.args[0], evaluate=False))

    def _print_Pow(self, expr, rational=False):
        if expr.base == sp.E:  # e⁻ᶻ when the exponent has superscript letters, else exp(...)
            exponent = self._print(expr.exp)
            raised = exponent.translate(TO_SUPERSCRIPT)
            return "e" + raised if not any(c.isascii() for c in raised) else f"exp({exponent})"
        if expr.exp.is_Rational and expr.exp < 0:
            inverse = expr.base if expr.exp == -1 else sp.Pow(expr.base, -expr.exp, evaluate=False)
            return "1/" + self.parenthesize(inverse, PRECEDENCE["Mul"], strict=True)
        base = self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=False)
        if expr.exp == sp.S.Half:
            return "√" + base
        if expr.exp.is_Integer and 1 < expr.exp < 10:
            return base + str(expr.exp).translate(TO_SUPERSCRIPT)
        return base + "^" + self.parenthesize(expr.exp, PRECEDENCE["Pow"], strict=False)

    def _print_floor(self, expr):
        return f"⌊{self._print(expr.args[0])}⌋"

    def _print_ceiling(self, expr):
        return f"⌈{self._print(expr.args[0])}⌉"

    def _print_Transpose(self, expr):
        return self.parenthesize(expr.arg, PRECEDENCE["Pow"], strict=False) + "ᵀ"

    def _print_Relational(self, expr):
        relation = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥"}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {relation} {self._print(expr.rhs)}"


class _Printers:
    """The same expression as LaTeX, MathML and Unicode text (in two dimensions, or on one line)."""

    def __init__(self):
        self._latex = {m: _Latex({"mul_symbol": m}) for m in (None, "dot")}
        self._mathml = {m: _MathML({"mul_symbol": m}) for m in (None, "dot")}
        self._pretty = _Pretty({"use_unicode": True, "wrap_line": False})
        self._linear = _Linear()

    @staticmethod
    def _mul(numbers: bool):
        return "dot" if numbers else None

    # Formulas repeat from problem to problem of a family: print each once.
    def latex(self, expr, numbers=False) -> str:
        return self._latex_of(_frozen(expr), numbers)

    def mathml(self, expr, numbers=False) -> str:
        return self._mathml_of(_frozen(expr), numbers)

    def text(self, expr) -> tuple[list[str], int]:
        return self._text_of(_frozen(expr))

    def line(self, expr) -> str:
        """The expression on one line of Unicode (inside prose)."""
        return self._line_of(_frozen(expr))

    @lru_cache(maxsize=4096)  # noqa: B019
    def _line_of(self, expr) -> str:
        return self._linear.doprint(expr)

    @lru_cache(maxsize=4096)  # noqa: B019  (the one Printers object lives as long as the process)
    def _latex_of(self, expr, numbers) -> str:
        return self._latex[self._mul(numbers)].doprint(expr)

    @lru_cache(maxsize=4096)  # noqa: B019
    def _mathml_of(self, expr, numbers) -> str:
        out = self._mathml[self._mul(numbers)].doprint(expr)
        return out.replace("<mo>-</mo>", "<mo>\u2212</mo>").replace("<mn>-", "<mn>\u2212")  # a minus sign

    @lru_cache(maxsize=4096)  # noqa: B019
    def _text_of(self, expr) -> tuple[list[str], int]:
        form = self._pretty._print(expr)
        lines = form.render(wrap_line=False).split("\n")
        return lines, form.baseline


def _frozen(expr):
    return sp.ImmutableMatrix(expr) if isinstance(expr, sp.MatrixBase) else expr


PRINT = None


def printers() -> _Printers:
    global PRINT
    if PRINT is None:
        PRINT = _Printers()
    return PRINT


# --- steps as chains ----------------------------------------------------------


@dataclass(frozen=True)
class Link:
    relation: str  # "", "=", "≈"
    expr: object
    numbers: bool  # holds numbers: multiplication shown with a dot


def chain(step: Step) -> list[Link]:
    """lhs = formula = substituted = exact ≈ decimal, without repeated links."""
    links = [Link("", step.lhs, False)]

    def add(relation, expr, numbers, against=links):
        if all(expr != link.expr for link in links) and not any(_shows(link.expr, expr) for link in against):
            links.append(Link(relation, expr, numbers))

    if step.formula is not None:
        add("=", step.formula, False)
    if step.substituted is not None:
        add("=", step.substituted, True)
    decimal = _decimal(step.exact)
    if decimal is None or _short(step.exact):
        add("=", step.exact, True)
    if decimal is not None:  # repeats the numbers put in only when nothing stands between them
        add("≈" if decimal[1] else "=", decimal[0], True, against=links[-1:])
    return links


def _shows(shown, value) -> bool:
    """True when `shown` (a number standing for a symbol, a fraction of two such integers in
    lowest terms, a function of such numbers, or a matrix of them) already reads exactly as
    `value`: the chain would write 3/7 = 3/7, 0.55 = 0.55 or tanh(2) = tanh(2)."""
    if isinstance(shown, sp.MatrixBase) and isinstance(value, sp.MatrixBase):
        return shown.shape == value.shape and all(_shows(a, b) for a, b in zip(shown, value))
    if isinstance(value, Num):  # a decimal link
        return isinstance(shown, Num) and shown.text == value.text
    if isinstance(shown, Num):
        return not shown.rounded and shown.value == value
    if isinstance(shown, sp.Function) and type(shown) is type(value) and len(shown.args) == len(value.args):
        return all(a == b or _shows(a, b) for a, b in zip(shown.args, value.args))  # tanh(2) = tanh(2)
    if getattr(shown, "is_Mul", False) and len(shown.args) == 2 and getattr(value, "is_Rational", False):
        top, bottom = sp.fraction(shown)
        return (
            isinstance(top, Num)
            and isinstance(bottom, Num)
            and top.value.is_Integer
            and bottom.value == value.q
            and top.value == value.p
        )
    return False


def latex_chain(links: list[Link], aligned: bool) -> str:
    p = printers()
    rel = {"=": "=", "≈": r"\approx"}
    parts = [p.latex(link.expr, link.numbers) for link in links]
    if not aligned:
        return parts[0] + "".join(f" {rel[link.relation]} {t}" for link, t in zip(links[1:], parts[1:]))
    rows = [f"{parts[0]} &{rel[links[1].relation]} {parts[1]}"] if len(links) > 1 else [parts[0]]
    rows += [f"&{rel[link.relation]} {t}" for link, t in zip(links[2:], parts[2:])]
    return " \\\\\n".join(rows)


def mathml_chain(links: list[Link]) -> str:
    p = printers()
    rel = {"=": "=", "≈": "≈"}
    rows = []
    for i, link in enumerate(links[1:] or links):
        lhs = p.mathml(links[0].expr) if i == 0 else ""
        op = f"<mo>{rel[link.relation]}</mo>" if len(links) > 1 else ""
        rhs = p.mathml(link.expr, link.numbers) if len(links) > 1 else ""
        rows.append(  # displaystyle: fractions at full size, as in a displayed equation
            f'<mtr><mtd class="lhs" displaystyle="true">{lhs}</mtd>'
            f'<mtd class="rhs" displaystyle="true"><mrow>{op}{rhs}</mrow></mtd></mtr>'
        )
    return f'<math display="block"><mtable>{"".join(rows)}</mtable></math>'


def text_chain(links: list[Link], width: int = DEFAULT_WIDTH) -> str:
    """Side by side when it fits in `width` columns, else one link per line (each cut
    where it would pass `width`, see `columns.fit`)."""
    p = printers()
    blocks = [p.text(link.expr) for link in links]
    joined = [blocks[0]]
    for link, block in zip(links[1:], blocks[1:]):
        joined += [([f" {link.relation} "], 0), block]
    flat = beside(joined)
    if width_of(flat) <= width or len(links) < 2:
        return "\n".join(flat)
    blank = [" " * width_of(blocks[0][0])]
    lines = []
    for i, (link, block) in enumerate(zip(links[1:], blocks[1:])):
        lead = blocks[0] if i == 0 else (blank, 0)
        lines += fit([lead, ([f" {link.relation} "], 0)], block, width)
    return "\n".join(lines)


# --- questions ------------------------------------------------------------------


def say(text, fmt: str, lang: str) -> str:
    """A Text in `lang`, escaped for `fmt`, its mathematics printed inline by the format's
    printer. (A plain str, not yet translated, is shown as it is written.)"""
    if text is None:
        return ""
    if isinstance(text, str):
        text = same(text)
    escape = {"html": html.escape, "tex": latex_escape, "md": _markdown_escape}.get(fmt)
    return text.show(lang, escape, lambda math: inline_math(math.expr, fmt))


def inline_math(expr, fmt: str) -> str:
    """A formula inside a sentence, in `fmt`."""
    p = printers()
    if fmt == "text":
        return p.line(expr)
    if fmt == "html":
        return f"<math>{p.mathml(expr)}</math>"
    return {"tex": r"\(%s\)", "md": "$%s$", "json": "$%s$"}[fmt] % p.latex(expr)


def _markdown_escape(text: str) -> str:
    """Prose for Markdown: the characters that would start emphasis, code or a link."""
    return "".join("\\" + c if c in "\\`*_[]<>#" else c for c in text)


def question_parts(problem: Problem, fmt: str, width: int = DEFAULT_WIDTH, lang: str | None = None) -> list:
    """The question as ("para" | "display" | "lines", rendered text): prose and inline
    math merged into paragraphs, display math on its own, a list of lines as a list of
    texts; escaped for `fmt` (in text, display math fits `width` once indented by 4)."""
    lang = lang or language.current()
    p = printers()
    pieces = []
    for part in problem.solution.question.parts:
        if isinstance(part, Lines):
            pieces.append(("lines", [say(item, fmt, lang) for item in part.items]))
        elif not isinstance(part, Math):
            pieces.append(("inline", say(part, fmt, lang)))
        elif not part.display:
            pieces.append(("inline", inline_math(part.expr, fmt)))
        elif fmt == "html":
            pieces.append(("display", f'<math display="block">{p.mathml(part.expr)}</math>'))
        elif fmt == "text":
            pieces.append(("display", "\n".join(fit([], p.text(part.expr), width - 4))))
        else:
            pieces.append(("display", p.latex(part.expr)))
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "inline" and out and out[-1][0] == "para":
            out[-1] = ("para", out[-1][1] + _space(lang) + text)
        else:
            out.append(("para" if kind == "inline" else kind, text))
    return out


def _space(lang: str) -> str:
    """Between two sentences of a paragraph: a space, none after a Chinese full stop."""
    return "" if lang == "zh" else " "


# --- whole sheets -----------------------------------------------------------------

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "“": "``",  # typographic quotes, as pdflatex spells them
    "”": "''",
    "‘": "`",
    "’": "'",
}
LATEX_SYMBOLS = {
    "½": r"\tfrac{1}{2}",
    "·": r"\cdot",
    "⊙": r"\odot",
    "∘": r"\circ",
    "×": r"\times",
    "√": r"\surd",
    "≈": r"\approx",
    "≤": r"\le",
    "≥": r"\ge",
    "≠": r"\ne",
    "∂": r"\partial",
    "Σ": r"\Sigma",
    "∑": r"\sum",
    "∈": r"\in",
    "→": r"\to",
    "←": r"\leftarrow",
    "∞": r"\infty",
    "𝟙": r"\mathbf{1}",
    "ᵀ": r"^{T}",
    "⁺": r"^{+}",
    "′": r"'",
    "−": "-",
}
GREEK_SPELLING = {"lamda": "lambda"}  # Unicode's spelling of λ
LATIN_LOOKING = dict(zip(("alpha beta epsilon zeta eta iota kappa mu nu omicron rho tau chi").split(), "ABEZHIKMNOPTX"))
CAPITAL_GREEK = {"gamma", "delta", "theta", "lambda", "xi", "pi", "sigma", "upsilon", "phi", "psi", "omega"}
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₖᵢⱼ", "0123456789kij"))
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))


def _latex_char(c: str) -> str:
    """A character of prose for pdflatex: math symbols, Greek letters, sub- and superscripts."""
    if c in LATEX_SPECIALS:
        return LATEX_SPECIALS[c]
    if c in SUBSCRIPTS:  # before the Latin letters: ᵢ is LATIN SUBSCRIPT SMALL LETTER I
        return r"\textsubscript{%s}" % SUBSCRIPTS[c]
    if c in SUPERSCRIPTS:
        return r"\textsuperscript{%s}" % SUPERSCRIPTS[c]
    if c.isascii() or c.isalpha() and unicodedata.name(c, "").startswith("LATIN"):
        return c
    if c in LATEX_SYMBOLS:
        return r"\ensuremath{%s}" % LATEX_SYMBOLS[c]
    name = unicodedata.name(c, "")
    if name.startswith(("GREEK SMALL LETTER", "GREEK CAPITAL LETTER")) and len(name.split()) == 4:
        letter = GREEK_SPELLING.get(name.split()[-1].lower(), name.split()[-1].lower())
        if "CAPITAL" in name:
            return r"\ensuremath{\%s}" % letter.capitalize() if letter in CAPITAL_GREEK else LATIN_LOOKING[letter]
        return r"\ensuremath{\%s}" % letter if letter != "omicron" else "o"
    return c  # kept as it is: the sheet then needs XeLaTeX (see `assemble`), never a "?"


def latex_escape(text: str) -> str:
    return "".join(_latex_char(c) for c in text)


def _step_view(step: Step, fmt: str, width: int, lang: str) -> dict:
    links = chain(step)
    if fmt == "text":
        math = text_chain(links, width - 4)  # the template indents it by 4
    elif fmt == "html":
        math = mathml_chain(links)
    else:
        math = latex_chain(links, aligned=fmt in ("md", "tex"))
    return {"title": say(step.title, fmt, lang), "math": math, "note": say(step.note, fmt, lang)}


def piece(problem: Problem, fmt: str, solutions: bool, width: int = DEFAULT_WIDTH, lang: str | None = None) -> dict:
    """Everything the sheet needs of one problem, as strings ready for `fmt` (escaped)
    and numbers, so that it can be made in another process; in `lang` (default: the
    language in use), text laid out in `width` columns."""
    lang = lang or language.current()
    if fmt == "json":
        return _json_entry(problem, solutions, lang)
    view = {
        "id": problem.id,
        "title": say(problem.title, fmt, lang),
        "difficulty": problem.difficulty,
        "question": question_parts(problem, fmt, width, lang),
        "width": width,
        "w": SHEET_WORDS[lang],
    }
    if solutions:
        view["steps"] = [_step_view(s, fmt, width, lang) for s in problem.solution.steps]
        view["answers"] = [_answer_view(a, fmt, width, lang) for a in problem.solution.answers]
    return view


def _answer_view(answer, fmt: str, width: int, lang: str) -> dict:
    decimals = answer.check.decimals or 0
    text = value_text(answer.value, decimals)
    label = say(answer.label, fmt, lang)
    if fmt != "text":
        return {"label": label, "text": text, "math": typeset_value(answer.value, decimals, fmt)}
    matrix = isinstance(answer.value, list) and answer.value and isinstance(answer.value[0], list)
    rows = [value_text(row, decimals) for row in answer.value] if matrix else None
    colon = SHEET_WORDS[lang]["colon"]
    return {"label": label, "text": text, "lines": value_lines(label + colon, text, rows, width - 3)}


def typeset_value(value, decimals: int, fmt: str) -> str:
    """An answer as inline mathematics (LaTeX, Markdown or HTML): a number, a list as a row
    vector, a list of rows as a matrix; each entry as the answer key writes it."""
    if not isinstance(value, list):
        rows = None
    elif value and isinstance(value[0], list):
        rows = [[decimal_text(x, decimals=decimals) for x in row] for row in value]
    else:
        rows = [[decimal_text(x, decimals=decimals) for x in value]]
    if fmt == "html":
        if rows is None:
            body = _mathml_number(decimal_text(value, decimals=decimals))
        else:
            cells = "".join(
                "<mtr>" + "".join(f"<mtd>{_mathml_number(x)}</mtd>" for x in row) + "</mtr>" for row in rows
            )
            body = f"<mrow><mo>[</mo><mtable>{cells}</mtable><mo>]</mo></mrow>"
        return f"<math>{body}</math>"
    if rows is None:
        body = decimal_text(value, decimals=decimals)
    else:
        body = r"\begin{bmatrix}" + r" \\ ".join(" & ".join(row) for row in rows) + r"\end{bmatrix}"
    return (r"\(%s\)" if fmt == "tex" else "$%s$") % _latex_number(body)


def _mathml_number(text: str) -> str:
    """A number in MathML, with a minus sign; 1.5e-5 as 1.5 × 10⁻⁵."""
    mantissa, _, exponent = text.replace("-", "\u2212").partition("e")
    if not exponent:
        return f"<mn>{mantissa}</mn>"
    return f"<mrow><mn>{mantissa}</mn><mo>×</mo><msup><mn>10</mn><mn>{exponent}</mn></msup></mrow>"


def _latex_number(text: str) -> str:
    r"""1.5e-5 as 1.5 \cdot 10^{-5} in LaTeX."""
    return re.sub(r"(\d)e([+-]?\d+)", r"\1 \\cdot 10^{\2}", text)


SHEET_WORDS = {  # the sheet's own headings; {n} is a problem's number
    "en": {
        "title": "Machine learning exam practice",
        "problem": "Problem {n}",
        "heading": "Problem {n}: {title}",
        "solution": "Solution",
        "answers": "Answers",
        "answer_key": "Answer key",
        "points": "({n} points)",
        "total": "{n} points in all",
        "colon": ": ",  # between a label and its value
        "stop": ". ",  # between a step's title and its note
    },
    "zh": {
        "title": "机器学习考试练习",
        "problem": "第 {n} 题",
        "heading": "第 {n} 题　{title}",
        "solution": "解答",
        "answers": "答案",
        "answer_key": "答案与解析",
        "points": "（{n} 分）",
        "total": "共 {n} 分",
        "colon": "：",
        "stop": "。",
    },
}


@cache
def _environment(fmt: str):
    import jinja2

    options = dict(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if fmt == "tex":  # LaTeX is full of braces: use other delimiters
        options.update(
            block_start_string="<%",
            block_end_string="%>",
            variable_start_string="<<",
            variable_end_string=">>",
            comment_start_string="<#",
            comment_end_string="#>",
        )
    env = jinja2.Environment(autoescape=(fmt == "html"), **options)
    env.filters["tex"] = latex_escape
    env.filters["wrap"] = lambda text, width, hang="", indent="": "\n".join(wrap(text, width, indent, hang))
    env.filters["cells"] = cells
    if fmt == "html":
        env.filters["markup"] = jinja2.utils.markupsafe.Markup
    return env


def text_macros():
    """The plain-text macros of one problem (question, step, answers, solution),
    called with a `piece(problem, "text", ...)`; the practice drill prints with them."""
    return _environment("text").get_template("problem.text.j2").module


def render(
    problems: list[Problem],
    fmt: str,
    *,
    solutions: bool,
    key: bool = False,
    width: int = DEFAULT_WIDTH,
    lang: str | None = None,
) -> str:
    """The sheet of `problems` in `fmt`, in `lang` (default: the language in use; text in
    `width` columns). With `key`, the worked solutions follow all the questions as an
    answer key instead of each problem."""
    lang = lang or language.current()
    pieces = [piece(p, fmt, solutions, width, lang) for p in problems]
    return assemble(pieces, fmt, solutions=solutions, key=key, lang=lang)


def assemble(
    pieces: list[dict],
    fmt: str,
    *,
    solutions: bool,
    key: bool = False,
    lang: str | None = None,
    points: int | None = None,
    space: float | None = None,
) -> str:
    """The sheet from the problems' pieces, in order; with `points`, each problem shows
    what it is worth; with `space` (LaTeX and HTML), that many centimetres are left
    blank under each question to write the answer in."""
    lang = lang or language.current()
    if fmt == "json":
        return json.dumps({"lang": lang, "problems": pieces}, indent=2, ensure_ascii=False) + "\n"
    views = [dict(view, number=i) for i, view in enumerate(pieces, 1)]
    template = _environment(fmt).get_template(f"sheet.{fmt}.j2")
    context = dict(
        w=SHEET_WORDS[lang], lang=lang, problems=views, solutions=solutions, key=key, points=points, space=space
    )
    out = template.render(**context, unicode=False, cjk=False)
    if fmt == "tex" and not out.isascii():  # a character pdflatex cannot set: XeLaTeX, ctex for CJK
        out = template.render(**context, unicode=True, cjk=any(_is_cjk(c) for c in out))
    return out


CJK_BLOCKS = (("\u2e80", "\u9fff"), ("\uac00", "\ud7af"), ("\uf900", "\ufaff"), ("\uff00", "\uffef"))


def _is_cjk(c: str) -> bool:
    """Chinese, Japanese or Korean script, or their full-width punctuation."""
    return any(low <= c <= high for low, high in CJK_BLOCKS)


def _json_entry(problem: Problem, solutions: bool, lang: str) -> dict:
    """The public JSON form of a problem (see README): the names, id and numbers are the
    same in every language; titles, question and labels are in `lang`."""
    entry = {
        "id": problem.id,
        "topic": problem.topic,
        "seed": problem.seed,
        "difficulty": problem.difficulty,
        "lang": lang,
        "title": say(problem.title, "json", lang),
        "params": problem.params.to_json(),
        "question": "\n\n".join(_json_part(kind, text) for kind, text in question_parts(problem, "json", lang=lang)),
    }
    if solutions:
        entry["answers"] = [
            {
                "name": a.name,
                "label": say(a.label, "json", lang),
                "value": a.value,
                "exact": exact_text(a.exact),
                "check": a.check.to_json(),
                **({"scale": a.scale} if a.scale is not None else {}),
            }
            for a in problem.solution.answers
        ]
        entry["steps"] = [
            {
                "title": say(s.title, "json", lang),
                "latex": latex_chain(chain(s), aligned=False),
                "value": plain(s.exact),
            }
            for s in problem.solution.steps
        ]
    return entry


def _json_part(kind: str, text) -> str:
    return {"para": lambda: text, "display": lambda: f"$${text}$$", "lines": lambda: "\n".join(text)}[kind]()
