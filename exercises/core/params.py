"""Reading parameters a user typed (`--param NAME=VALUE`, JSON) into exact values.

Every reader names the parameter and the expected form when the value does not
fit, so the CLI can print one clear sentence. JSON is parsed with `json.loads`
only; decimals become exact fractions ("0.1" is 1/10), and a fraction such as
3/4 (quoted or not, inside arrays too) is read by `fractions.Fraction`, never
evaluated. Full-width punctuation and digits from a Chinese input method are read
as their ASCII forms; choices ignore case and accept aliases (MSE, cross_entropy).

Every error is a `T(english, chinese)`; a family's `form` (a str or a Text) is one of its
values, so it is shown in the language of the sentence around it.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from fractions import Fraction

import sympy as sp

from exercises.core.errors import ParamError
from exercises.core.lang import T, Text, join
from exercises.core.symbols import as_exact


def _reject_constant(name):
    raise ValueError(name)


# Outside JSON strings: a fraction such as 1/2 or -3/4, read as the string "1/2".
_BARE_FRACTION = re.compile(r'("(?:[^"\\]|\\.)*")|(?<![\w.])(-?\d+)\s*/\s*(\d+)(?![\w.])')
# Quotes and separators a Chinese input method types that NFKC leaves alone.
_IME = str.maketrans({"“": '"', "”": '"', "、": ","})


def parse_value(name: str, text: str):
    """A JSON value; a bare word (`mse`) is taken as a string, a bare fraction (1/2) as
    the string "1/2"; full-width punctuation and digits are read as ASCII."""
    text = unicodedata.normalize("NFKC", text).translate(_IME)
    text = _BARE_FRACTION.sub(lambda m: m.group(1) or f'"{m.group(2)}/{m.group(3)}"', text)
    try:
        return json.loads(text, parse_float=Fraction, parse_constant=_reject_constant)
    except ValueError:
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", text.strip()):
            return text.strip()
        raise ParamError(
            T(
                "parameter '{name}' is not valid JSON: {text}.",
                "参数 '{name}' 不是合法的 JSON：{text}。",
                name=name,
                text=repr(text[:60]),
            )
        ) from None


def require(raw: dict, names: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    """Unknown parameters are named first (with the closest valid name: a misspelt name is
    not 'missing'), then missing ones."""
    unknown = [n for n in raw if n not in names and n not in optional]
    if unknown:
        close = difflib.get_close_matches(unknown[0], names + optional, n=1, cutoff=0.5)
        hint = T(" (did you mean '{name}'?)", "（您是指 '{name}' 吗？）", name=close[0]) if close else ""
        raise ParamError(
            T(
                "unknown parameter '{name}'{hint}; this topic takes {names}.",
                "未知参数 '{name}'{hint}；本题型的参数为 {names}。",
                name=unknown[0],
                hint=hint,
                names=join(names + optional),
            )
        )
    missing = [n for n in names if n not in raw]
    if missing:
        raise ParamError(
            T(
                "missing parameter{s}: {names} (give each as --param NAME=VALUE).",
                "缺少参数：{names}（每个参数用 --param 名称=值 给出）。",
                s="s" if len(missing) > 1 else "",
                names=join(missing),
            )
        )


def _number(value) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):  # from Python callers; JSON text arrives as Fraction
        return Fraction(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?(/\d+)?\s*", value):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _must_be(name: str, form: str | Text, got: Text | str = "") -> ParamError:
    """ "parameter 'x' must be <form>." and what was wrong, if said; `form` is a family's
    Text (or a plain string), shown in the language of the sentence."""
    return ParamError(
        T(
            "parameter '{name}' must be {form}{got}.",
            "参数 '{name}' 应为：{form}{got}。",
            name=name,
            form=form,
            got=got,
        )
    )


def number(name: str, value, form: str | Text, low=None, high=None, *, integer: bool = False):
    """One exact number (sympy Rational/Integer) within [low, high]."""
    x = _number(value)
    if x is None or (integer and x.denominator != 1):
        raise _must_be(name, form)
    if (low is not None and x < low) or (high is not None and x > high):
        raise _must_be(name, form, T("; got {value}", "；实际为 {value}", value=str(value)))
    return sp.Integer(x.numerator) if x.denominator == 1 else sp.Rational(x.numerator, x.denominator)


def vector(name: str, value, form: str | Text, length: tuple[int, int], **bounds) -> tuple:
    """A list of numbers whose length lies in [length[0], length[1]]."""
    if not isinstance(value, list) or not length[0] <= len(value) <= length[1]:
        raise _must_be(name, form)
    return tuple(number(name, x, form, **bounds) for x in value)


def matrix(name: str, value, form: str | Text, rows: tuple[int, int], cols: tuple[int, int], **bounds) -> tuple:
    """A list of equally long lists of numbers (rows x cols within the ranges)."""
    if not isinstance(value, list) or not rows[0] <= len(value) <= rows[1]:
        raise _must_be(name, form)
    table = tuple(vector(name, row, form, cols, **bounds) for row in value)
    if len({len(row) for row in table}) != 1:
        raise _must_be(name, form, T("; its rows differ in length", "；但它各行的长度不同"))
    return table


def choice(name: str, value, options: tuple[str, ...], aliases: dict[str, str] | None = None) -> str:
    """One of `options`, in any case, or one of its `aliases` (alias -> option)."""
    aliases = aliases or {}
    word = value.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(value, str) else None
    if word in options:
        return word
    if word in aliases:
        return aliases[word]
    also = T(" (or {aliases})", "（或 {aliases}）", aliases=join(aliases)) if aliases else ""
    raise ParamError(
        T(
            "parameter '{name}' must be one of {options}{also}.",
            "参数 '{name}' 应为 {options} 之一{also}。",
            name=name,
            options=join(options),
            also=also,
        )
    )


def to_json(value):
    """Exact parameters back to JSON: integers stay integers, a rational that a float keeps
    exactly becomes that float, any other (1/3) the string "1/3", which reads back exactly."""
    if isinstance(value, (tuple, list)):
        return [to_json(x) for x in value]
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    value = as_exact(value)
    if value.is_Integer:
        return int(value)
    if Fraction(repr(float(value))) == Fraction(int(value.p), int(value.q)):
        return float(value)
    return f"{value.p}/{value.q}"
