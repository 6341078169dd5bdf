"""Numbers as text, written one way everywhere: worked solutions, answer keys, the
drill's echo of a typed answer. No heavy imports (no sympy, no numpy), so the
practice parser can use it too."""

import math


def plain_exponent(text: str) -> str:
    """A float's text with a plain exponent: 1e-05 -> 1e-5, 1.5e+16 -> 1.5e16."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def decimal_text(value, sig: int = 4, decimals: int = 0) -> str:
    """`value` rounded to `sig` significant digits (and at least `decimals`
    decimals), as an exam writes it."""
    x = float(value)
    if x == 0:
        return "0"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    whole = len(str(int(abs(x)))) if abs(x) >= 1 else 0
    digits = max(sig, whole, whole + decimals if abs(x) >= 1 else 0)
    if abs(x) < 1 and decimals:
        digits = max(sig, decimals + 1 + math.floor(math.log10(abs(x))))
    return plain_exponent(f"{x:.{digits}g}")
