"""English and Chinese: text in both languages, and the language in use.

Whatever a user reads is a `Text`: an English and a Chinese template, written side by
side where the text is made (in the family, beside its mathematics; in the command that
prints it), with the same named fields filled from one set of values when it is shown:

    T("Layer {i}: pooling {f}x{f}.", "第 {i} 层：{f}x{f} 池化。", i=2, f=3)

A value is a number or a string (formatted with the field's spec), another `Text`
(shown in the same language) or a piece of mathematics (`model.Math`, printed inline by
the output format's printer). A field without a value is refused when the Text is made;
a brace meant as a brace is doubled, `{{`.

Two templates rather than a gettext catalogue: the Chinese sentence is written with the
English one and the values it needs (word order differs, and most sentences are built
from the problem's numbers), so a family reads top to bottom in both languages and a new
one cannot be written without its Chinese.

The language in use is a context variable, set once per command from `--lang`,
`MLEXAM_LANG` or the locale; `str(text)` shows a Text in it.
"""

from __future__ import annotations

import contextvars
import os
import string
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

LANGS = ("en", "zh")
_LANGUAGE = contextvars.ContextVar("mlexam_language", default="en")
_FIELDS = string.Formatter()


def current() -> str:
    return _LANGUAGE.get()


def use(lang: str) -> None:
    """Show every Text in `lang` from now on (a command sets it once)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    _LANGUAGE.set(lang)


@contextmanager
def using(lang: str):
    """Show every Text in `lang` inside the block."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def from_environment(environ=None) -> str | None:
    """The language the environment asks for: MLEXAM_LANG (None when it names no
    language of ours), else the locale (LC_ALL, LC_MESSAGES, LANG; zh_* is Chinese),
    else English."""
    environ = os.environ if environ is None else environ
    asked = environ.get("MLEXAM_LANG", "").strip().lower()
    if asked:
        return asked if asked in LANGS else None
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@dataclass(frozen=True)
class Text:
    """One thing to say, in both languages (see the module docstring)."""

    en: str
    zh: str
    values: tuple = ()  # (name, value) pairs

    def __str__(self) -> str:
        return self.show(current())

    def __add__(self, other) -> Text:
        return T("{a}{b}", "{a}{b}", a=self, b=other)

    def __radd__(self, other) -> Text:
        return T("{a}{b}", "{a}{b}", a=other, b=self)

    def show(self, lang: str, escape: Callable[[str], str] | None = None, math: Callable | None = None) -> str:
        """The text in `lang`; `escape` applied to the words and plain values (for LaTeX
        or HTML), `math` to the pieces of mathematics (else they print as Unicode)."""
        template = self.zh if lang == "zh" else self.en
        values = dict(self.values)
        out = []
        for literal, name, spec, _ in _FIELDS.parse(template):
            out.append(escape(literal) if escape else literal)
            if name is None:
                continue
            value = values[name]
            if isinstance(value, Text):
                out.append(value.show(lang, escape, math))
            elif math is not None and hasattr(value, "expr"):
                out.append(math(value))
            else:
                shown = format(value, spec or "")
                out.append(escape(shown) if escape else shown)
        return "".join(out)


def T(en: str, zh: str, **values) -> Text:
    """A Text: the English and the Chinese template, and the values of their fields."""
    for template in (en, zh):
        names = {name for _, name, _, _ in _FIELDS.parse(template) if name is not None}
        if names - values.keys():
            raise KeyError(f"no value for {sorted(names - values.keys())} in {template!r}")
    return Text(en, zh, tuple(values.items()))


def same(text: str) -> Text:
    """Words that read the same in both languages (a name, a formula, a number)."""
    literal = text.replace("{", "{{").replace("}", "}}")
    return Text(literal, literal)


def join(items: Iterable, sep: Text | None = None) -> Text:
    """The items one after another, `sep` between them (by default ", " and "、")."""
    items = list(items)
    sep = T(", ", "、") if sep is None else sep
    names = [f"i{k}" for k in range(len(items))]
    values = dict(zip(names, items), sep=sep)
    template = "{sep}".join("{%s}" % name for name in names)
    return T(template, template, **values) if items else same("")
