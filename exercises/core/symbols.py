"""The sympy pieces every family shares: exam functions, named symbols and shown numbers.

`log2` and `sigmoid` print the way a course writes them (log₂, σ) in every
printer and evaluate exactly; `Ln` is the natural logarithm written ln. `Named` is a
matrix symbol with printed forms of its own (∂L/∂W₁), `ProductSymbol` a product of matrices
taken as one symbol (Q Kᵀ). `Num` is a number standing in for a symbol in a
worked step, so a formula and its substituted form print in the same order; `Ordered`
is a sum printed in the order given. `SigmoidSlope` (σ′), `Hadamard` (∘) and `SumOver`
(Σₖ) are notation for sentences only. `Bars` (|x|), `Norm` (‖w‖) and `PositivePart`
(max(0, x)) print so everywhere and evaluate on a number; `Maximum` is max(a, b) as
notation (sympy's Max prints Max).

An object's `_sympystr` is its sympy string, the exact form JSON keeps (σ spelled by its
definition); the one-line Unicode printer of sentences writes Written and Named objects by
their written forms instead.
"""

from fractions import Fraction

import mpmath
import sympy as sp
from sympy.core.evalf import evalf, evalf_table
from sympy.core.symbol import Str
from sympy.printing.precedence import PRECEDENCE

from exercises.core.number_text import decimal_text


def is_short_decimal(value) -> bool:
    """True when a rational value is written exactly by at most 4 decimals."""
    if not isinstance(value, sp.Rational):
        return False
    q = value.q
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1 and value == sp.Rational(decimal_text(value, 4))


SUBSCRIPTS = str.maketrans("0123456789kij", "₀₁₂₃₄₅₆₇₈₉ₖᵢⱼ")


class Written:
    """Printing for a one-argument function written the way a course writes it:
    NAME (with an optional SUBSCRIPT) in LaTeX, Unicode text and MathML."""

    NAME = ""
    SUBSCRIPT = ""
    LATEX = ""

    def _latex(self, printer, exp=None):
        tex = r"%s{\left(%s \right)}" % (self.LATEX, printer._print(self.args[0]))
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)

    @property
    def written_name(self) -> str:
        """The name in Unicode: log₂, σ, F₁."""
        return self.NAME + self.SUBSCRIPT.translate(SUBSCRIPTS)

    def _pretty(self, printer):
        return printer._print_Function(self, func_name=self.written_name)

    def _mathml_presentation(self, printer):
        if self.SUBSCRIPT:
            head = _msub(printer, self.NAME, self.SUBSCRIPT)
        else:
            head = printer.dom.createElement("mi")
            head.appendChild(printer.dom.createTextNode(self.NAME))
        return _mathml_call(printer, head, self.args[0])


class log2(Written, sp.Function):
    """Base-2 logarithm; exact on rationals: log2(12) = 2 + log2(3)."""

    NAME, SUBSCRIPT, LATEX = "log", "2", r"\log_2"

    @classmethod
    def eval(cls, x):
        if not (x.is_Rational and x.is_positive):
            return None
        if x == 1:
            return sp.S.Zero
        exponents: dict[int, int] = {}
        for part, sign in ((x.p, 1), (x.q, -1)):
            for prime, k in sp.factorint(part).items():
                exponents[prime] = exponents.get(prime, 0) + sign * k
        if len(exponents) == 1 and 2 not in exponents and list(exponents.values()) == [1]:
            return None  # log2 of an odd prime stays as it is
        return sp.Add(*[k * (1 if prime == 2 else cls(sp.Integer(prime))) for prime, k in exponents.items()])

    def _eval_evalf(self, prec):
        x = self.args[0]._eval_evalf(prec)
        if x is None or not x.is_Number:
            return None
        with mpmath.workprec(prec + 10):
            return sp.Float(mpmath.log(x._to_mpmath(prec + 10), 2), precision=prec)

    def _eval_is_real(self):
        return self.args[0].is_positive

    def _sympystr(self, printer):
        return f"log({printer._print(self.args[0])}, 2)"


class sigmoid(Written, sp.Function):
    """Logistic sigmoid σ(z) = 1 / (1 + e^(-z)).

    Backprop values nest σ inside σ and repeat h and y many times, so the
    numeric value is registered in sympy's evalf table and memoized per
    argument; `eval` folds only σ(0) = 1/2 (asking a nested argument whether it
    is zero costs a numeric evaluation each time).
    """

    NAME, LATEX = "σ", r"\sigma"

    @classmethod
    def eval(cls, z):
        if z.is_Number and z.is_zero:
            return sp.Rational(1, 2)
        return None

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_evalf(self, prec):
        return sp.Float._new(_sigmoid_mpf(self.args[0], prec), prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_extended_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_derivative(self, s):
        return self * (1 - self) * sp.diff(self.args[0], s)

    def _sympystr(self, printer):
        return f"1/(1 + exp(-({printer._print(self.args[0])})))"


class Ln(Written, sp.log):
    """The natural logarithm as a course writes it (ln).

    It stays unevaluated: log's own evaluation asks a dozen assumptions about its
    argument, which costs about a millisecond for a number shown in a step; exact
    values use sympy's `log` (see `exercises.core.evaluate`). Its numeric value is log's.
    """

    NAME, LATEX = "ln", r"\ln"

    @classmethod
    def eval(cls, arg, base=None):
        return None

    def _eval_evalf(self, prec):
        return sp.log(self.args[0], evaluate=False)._eval_evalf(prec)

    def _sympystr(self, printer):
        return f"log({printer._print(self.args[0])})"


_SIGMOID_VALUES: dict = {}


def _sigmoid_mpf(z, prec: int):
    """σ(z) as an mpmath value accurate to `prec` bits, memoized per argument."""
    hit = _SIGMOID_VALUES.get(z)
    if hit is None or hit[0] < prec + 20:
        work = max(prec + 20, 128)
        re, im, _, _ = evalf(z, work, {"maxprec": 4 * work + 200})
        if im:
            raise NotImplementedError("σ of a complex number")
        with mpmath.workprec(work):
            value = (1 / (1 + mpmath.exp(-mpmath.mpf(re or mpmath.libmp.fzero))))._mpf_
        if len(_SIGMOID_VALUES) > 4096:
            _SIGMOID_VALUES.clear()
        hit = _SIGMOID_VALUES[z] = (work, value)
    return hit[1]


evalf_table[sigmoid] = lambda expr, prec, options: (_sigmoid_mpf(expr.args[0], prec), None, prec, None)


def _msub(printer, base: str, sub: str):
    msub = printer.dom.createElement("msub")
    for tag, text in (("mi", base), ("mn", sub)):
        node = printer.dom.createElement(tag)
        node.appendChild(printer.dom.createTextNode(text))
        msub.appendChild(node)
    return msub


def _mathml_call(printer, head, arg):
    mrow = printer.dom.createElement("mrow")
    mrow.appendChild(head)
    mrow.appendChild(_mathml_parens(printer, printer._print(arg)))
    return mrow


def _mathml_parens(printer, inner):
    mrow = printer.dom.createElement("mrow")
    for text, node in (("(", None), (None, inner), (")", None)):
        if node is None:
            node = printer.dom.createElement("mo")
            node.appendChild(printer.dom.createTextNode(text))
        mrow.appendChild(node)
    return mrow


class SigmoidSlope(Written, sp.Function):
    """σ′(z), the sigmoid's derivative as a course writes it (notation for sentences:
    it does not evaluate)."""

    NAME, LATEX = "σ′", r"\sigma'"


class Hadamard(sp.Expr):
    """The elementwise product a ∘ b ∘ ... of vectors or of their entries (notation for
    sentences: it does not evaluate)."""

    precedence = PRECEDENCE["Mul"]

    def _factors(self, printer):
        return [printer.parenthesize(f, PRECEDENCE["Mul"], strict=False) for f in self.args]

    def _sympystr(self, printer):
        return " ∘ ".join(self._factors(printer))

    def _latex(self, printer):
        return r" \circ ".join(self._factors(printer))

    def _mathml_presentation(self, printer):
        row = printer.dom.createElement("mrow")
        for i, factor in enumerate(self._factors(printer)):
            if i:
                row.appendChild(_mo(printer, "∘"))
            row.appendChild(factor)
        return row


class SumOver(sp.Expr):
    """coefficient · Σ_index body, without limits: ½ Σₖ (yₖ - tₖ)², -Σₖ [tₖ⋅ln(yₖ) + ...]
    (notation for sentences; the coefficient is ½, -1 or 1)."""

    precedence = PRECEDENCE["Mul"]
    LEADS = {sp.S.Half: ("½ ", r"\frac{1}{2} "), sp.S.NegativeOne: ("-", "-"), sp.S.One: ("", "")}

    def _sympystr(self, printer):
        coefficient, body, index = self.args
        inner = printer._print(body)
        inner = f"[{inner}]" if body.is_Add else inner
        return f"{self.LEADS[coefficient][0]}Σ{printer._print(index).translate(SUBSCRIPTS)} {inner}"

    def _latex(self, printer):
        coefficient, body, index = self.args
        inner = printer._print(body)
        inner = f"[{inner}]" if body.is_Add else inner  # plain brackets: a long line may break at the +
        return rf"{self.LEADS[coefficient][1]}\sum_{{{printer._print(index)}}} {inner}"

    def _mathml_presentation(self, printer):
        coefficient, body, index = self.args
        row = printer.dom.createElement("mrow")
        if coefficient != 1:
            row.appendChild(printer._print(coefficient) if coefficient != -1 else _mo(printer, "−"))
        under = printer.dom.createElement("munder")
        under.appendChild(_mo(printer, "∑"))
        under.appendChild(printer._print(index))
        row.appendChild(under)
        if body.is_Add:
            row.appendChild(_mo(printer, "["))
        row.appendChild(printer._print(body))
        if body.is_Add:
            row.appendChild(_mo(printer, "]"))
        return row


def _mo(printer, text: str):
    mo = printer.dom.createElement("mo")
    mo.appendChild(printer.dom.createTextNode(text))
    return mo


def _mn(printer, text: str):
    mn = printer.dom.createElement("mn")
    mn.appendChild(printer.dom.createTextNode(text))
    return mn


class Ordered(sp.Add):
    """A sum that prints its terms in the order given (y - t, not -t + y); build it
    with evaluate=False."""

    def as_ordered_terms(self, order=None, data=False):
        return list(self.args)


class Num(sp.Symbol):
    """A number shown in place of the symbol `name` inside a substituted formula.

    It sorts like the symbol it replaces, so `-p₁ log₂ p₁ - p₂ log₂ p₂` keeps its
    order once the numbers are in; it prints as a fraction, an exact decimal
    (when the course gave a decimal) or a 4-significant-digit decimal.
    """

    def __new__(cls, name: str, value, text: str, rounded: bool, bare: bool = False):
        obj = sp.Symbol.__xnew__(cls, name)
        obj.value, obj.text, obj.rounded, obj.bare = value, text, rounded, bare
        return obj

    def __getnewargs_ex__(self):
        return ((self.name, self.value, self.text, self.rounded, self.bare), {})

    def _hashable_content(self):
        return (self.name, self.text, self.bare)

    def __str__(self) -> str:
        """The name of the symbol it replaces: sympy sorts the factors of a product by the
        str() of their atoms, and a number must sort where its symbol did (√(q₁² + q₂²)⋅√(x₁² + x₂²)
        keeps that order with q = (5, -1), x = (1, 5) put in). Printers use its text."""
        return self.name

    @property
    def _parens(self) -> bool:
        """Negative numbers wear parentheses, except alone in a matrix cell."""
        return self.text.startswith("-") and not self.bare

    @property
    def precedence(self):
        if self._parens:
            return PRECEDENCE["Atom"]  # printed with its own parentheses
        if "/" in self.text or "e" in self.text:  # 1/2, 6.104e-5 = 6.104 ⋅ 10⁻⁵: a product
            return PRECEDENCE["Mul"]
        return PRECEDENCE["Atom"]

    def _shown(self):
        if isinstance(self.value, sp.Rational) and not self.rounded and "/" in self.text:
            return self.value
        return None

    def _sympystr(self, printer):
        return f"({self.text})" if self._parens else self.text

    def _latex(self, printer):
        body = self.text
        if "/" in body:
            p, q = body.lstrip("-").split("/")
            body = ("-" if body.startswith("-") else "") + r"\frac{%s}{%s}" % (p, q)
        elif "e" in body:  # 6.104e-5 as 6.104 ⋅ 10⁻⁵
            mantissa, exponent = body.split("e")
            body = r"%s \cdot 10^{%s}" % (mantissa, exponent)
        return r"\left(%s\right)" % body if self._parens else body

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        # a fraction binds like a division: (16/3)², not 16/3²
        binding = prettyForm.DIV if "/" in self.text and not self._parens else prettyForm.ATOM
        return prettyForm(self._sympystr(printer), binding=binding)

    def _mathml_presentation(self, printer):
        shown = self._shown()
        if shown is not None:
            node = printer._print(shown)
        elif "e" in self.text:  # 6.104e-5 as 6.104 × 10⁻⁵
            mantissa, exponent = self.text.split("e")
            node = printer.dom.createElement("mrow")
            power = printer.dom.createElement("msup")
            for text in ("10", exponent):
                power.appendChild(_mn(printer, text))
            for child in (_mn(printer, mantissa), _mo(printer, "×"), power):
                node.appendChild(child)
        else:
            node = _mn(printer, self.text)
        return _mathml_parens(printer, node) if self._parens else node


class Named(sp.MatrixSymbol):
    r"""A matrix symbol with printed forms of its own, for names sympy cannot spell from a
    plain string: Named("dL/dW_1", h, d, "∂L/∂W₁", r"\frac{\partial L}{\partial W_{1}}").

    `name` is its plain-text (sympy string) form, `text` its Unicode form (pretty
    printer, MathML), `latex` its LaTeX. All three are arguments of the expression,
    so it hashes, compares and rebuilds (xreplace, doit, pickling) like any sympy object.
    """

    def __new__(cls, name, rows, cols, text, latex):
        name, text, latex = (Str(x) if isinstance(x, str) else x for x in (name, text, latex))
        return sp.Basic.__new__(cls, name, sp.Integer(rows), sp.Integer(cols), text, latex)

    @property
    def text(self) -> str:
        return self.args[3].name

    @property
    def latex(self) -> str:
        return self.args[4].name

    def _sympystr(self, printer):
        return self.name

    def _latex(self, printer):
        return self.latex

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self.text)

    def _mathml_presentation(self, printer):
        mi = printer.dom.createElement("mi")
        mi.appendChild(printer.dom.createTextNode(self.text))
        return mi


class Spelled(sp.Symbol):
    r"""A scalar symbol with printed forms of its own, as `Named` is for matrices:
    Spelled("∂L/∂w₀", r"\frac{\partial L}{\partial w_{0}}"). Its name is its text, so a
    product sorts it among plain symbols by that text: a gradient's ∂ comes after the
    Latin and Greek letters, and η⋅∂L/∂w₀ prints in that order."""

    def __new__(cls, text: str, latex: str):
        obj = sp.Symbol.__xnew__(cls, text)
        obj.latex = latex
        return obj

    def __getnewargs_ex__(self):
        return ((self.name, self.latex), {})

    def _hashable_content(self):
        return (self.name, self.latex)

    @classmethod
    def class_key(cls):
        return sp.Symbol.class_key()

    def _sympystr(self, printer):
        return self.name

    def _latex(self, printer):
        return self.latex

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self.name)

    def _mathml_presentation(self, printer):
        mi = printer.dom.createElement("mi")
        mi.appendChild(printer.dom.createTextNode(self.name))
        return mi


class ProductSymbol(sp.MatrixSymbol):
    """A product of matrices as one matrix symbol of its shape, so that a formula can take
    the product's numbers as a whole (S = Q Kᵀ / √d_k with the entries of Q Kᵀ put in);
    every printer prints the product itself: ProductSymbol("QK^T", MatMul(Q, K.T))."""

    def __new__(cls, name, product):
        return sp.Basic.__new__(cls, Str(name) if isinstance(name, str) else name, product)

    @property
    def product(self) -> sp.MatrixExpr:
        return self.args[1]

    @property
    def shape(self):
        return self.product.shape

    def _sympystr(self, printer):
        return printer._print(self.product)

    def _latex(self, printer):
        return printer._print(self.product)

    def _pretty(self, printer):
        return printer._print(self.product)

    def _mathml_presentation(self, printer):
        return printer._print(self.product)


def as_exact(value) -> sp.Basic:
    """A value we computed, as a sympy object: ints and Fractions become Rationals.
    (Never used on text a user typed; that goes through json and Fraction.)"""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return sp.Rational(value)
    raise TypeError(f"not an exact value: {value!r}")


class Bars(sp.Function):
    """|x| or ‖x‖ around a symbol, in every printer; |number| evaluates."""

    nargs = 1
    is_commutative = True
    LEFT = RIGHT = "|"
    LATEX = (r"\left|", r"\right|")

    @classmethod
    def eval(cls, x):
        return abs(x) if x.is_Number and cls.LEFT == "|" else None

    def _sympystr(self, printer):
        return f"{self.LEFT}{printer._print(self.args[0])}{self.RIGHT}"

    def _latex(self, printer, exp=None):
        tex = f"{self.LATEX[0]}{printer._print(self.args[0])}{self.LATEX[1]}"
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        form = printer._print(self.args[0])
        form = prettyForm(*form.left(self.LEFT))
        return prettyForm(*form.right(self.RIGHT))

    def _mathml_presentation(self, printer):
        row = printer.dom.createElement("mrow")
        for text, node in ((self.LEFT, None), (None, printer._print(self.args[0])), (self.RIGHT, None)):
            if node is None:
                node = printer.dom.createElement("mo")
                node.appendChild(printer.dom.createTextNode(text))
            row.appendChild(node)
        return row


class Norm(Bars):
    """‖w‖, the Euclidean norm of a vector symbol (a name: its value is given)."""

    LEFT = RIGHT = "‖"
    LATEX = (r"\left\|", r"\right\|")


class PositivePart(sp.Function):
    """max(0, x), written so in every printer; evaluates on a number."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        return sp.Max(0, x) if x.is_Number else None

    def _written(self):
        return sp.Function("max")(sp.S.Zero, self.args[0])

    def _sympystr(self, printer):
        return printer._print(self._written())

    def _latex(self, printer, exp=None):
        return r"\max\left(0, %s\right)" % printer._print(self.args[0])

    def _pretty(self, printer):
        return printer._print(self._written())

    def _mathml_presentation(self, printer):
        return printer._print(self._written())


class Maximum(sp.Function):
    """max(a, b) as a course writes it (notation for sentences: it does not evaluate)."""

    def _sympystr(self, printer):
        return "max(%s)" % ", ".join(printer._print(a) for a in self.args)

    def _latex(self, printer, exp=None):
        return r"\max\left(%s\right)" % ", ".join(printer._print(a) for a in self.args)

    def _pretty(self, printer):
        return printer._print_Function(self, func_name="max")

    def _mathml_presentation(self, printer):
        row, inner = printer.dom.createElement("mrow"), printer.dom.createElement("mrow")
        for i, arg in enumerate(self.args):
            if i:
                comma = printer.dom.createElement("mo")
                comma.appendChild(printer.dom.createTextNode(","))
                inner.appendChild(comma)
            inner.appendChild(printer._print(arg))
        for tag, node in (("mi", "max"), ("mo", "("), (None, inner), ("mo", ")")):
            if tag:
                element = printer.dom.createElement(tag)
                element.appendChild(printer.dom.createTextNode(node))
                node = element
            row.appendChild(node)
        return row
