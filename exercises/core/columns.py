"""Plain text in a given number of columns.

A piece of pretty-printed mathematics is a block: its lines and its baseline (the
row the operators sit on). Blocks are set side by side with their baselines
aligned, and a block too wide for the line is cut where a written formula would
be: before a `+`, `-`, `⋅`, `=` or `≈` on the baseline, or after a comma, and
never inside brackets or parentheses (so a matrix stays whole, beside its
equation). The rest continues on the next lines, indented.
"""

from __future__ import annotations

import re
import unicodedata

Block = tuple[list[str], int]  # lines, baseline row

DEFAULT_WIDTH = 80  # when the terminal's width cannot be told (a pipe, a file)
OPERATORS = "+-−⋅×=≈"
OPENERS, CLOSERS = "([{⎡⎢⎣⎛⎜⎝⎧⎨⎩", ")]}⎤⎥⎦⎞⎟⎠⎫⎬⎭"


def beside(blocks: list[Block]) -> list[str]:
    """The blocks side by side, baselines aligned, trailing blanks removed."""
    above = max(b for _, b in blocks)
    below = max(len(lines) - b for lines, b in blocks)
    out = [""] * (above + below)
    for lines, baseline in blocks:
        w = max(map(len, lines))
        top = above - baseline
        for row in range(above + below):
            i = row - top
            out[row] += (lines[i] if 0 <= i < len(lines) else "").ljust(w)
    return [line.rstrip() for line in out]


def width_of(lines: list[str]) -> int:
    return max(map(len, lines), default=0)


def _cuts(lines: list[str], baseline: int) -> tuple[list[int], list[int]]:
    """Columns where the block may be cut, outside every bracket and blank in every row
    but the baseline: (good cuts, where the baseline has a blank before an operator
    (` + `) or after a comma; close cuts, at a multiplication dot set close (`⋅`, which
    then starts the next piece))."""
    w = width_of(lines)
    rows = [line.ljust(w) for line in lines]
    base = rows[baseline]
    depth = [0] * len(rows)
    good, close = [], []
    for c in range(w):
        for r, row in enumerate(rows):
            depth[r] += (row[c] in OPENERS) - (row[c] in CLOSERS)
        if c == 0 or c + 2 >= w or any(depth) or any(row[c] != " " for r, row in enumerate(rows) if r != baseline):
            continue
        if base[c] == " " and (base[c + 1] in OPERATORS and base[c + 2] == " " or base[c - 1] == ","):
            good.append(c)
        elif base[c] == "⋅":
            close.append(c)
    return good, close


def _columns(lines: list[str], baseline: int, start: int, end: int) -> Block:
    """Columns start..end of a block, without blank rows above or below, nor blank
    columns on the left."""
    cut = [line[start:end].rstrip() for line in lines]
    filled = [r for r, line in enumerate(cut) if line] or [baseline]
    top, bottom = min(filled[0], baseline), max(filled[-1], baseline)
    shift = min(len(line) - len(line.lstrip()) for line in cut if line) if any(cut) else 0
    return [line[shift:] for line in cut[top : bottom + 1]], baseline - top


def fit(prefix: list[Block], block: Block, width: int, hang: int = 2) -> list[str]:
    """`prefix` then `block`, cut into pieces where it would pass `width` (at a good cut
    if one fits, else at a close one): the first piece beside the prefix, each further
    one on new lines indented `hang` columns more than the block started. A piece that
    cannot be cut stays whole."""
    lines, baseline = block
    start_col = sum(width_of(lines) for lines, _ in prefix)  # `beside` pads each block to its width
    indent = min(start_col + hang, width // 3)
    end_col = width_of(lines)
    good, close = _cuts(lines, baseline)
    out, start, room = [], 0, width - start_col
    while True:
        if end_col - start <= room:
            end = end_col
        else:
            end = next(
                (c for cuts in (good, good + close) for c in sorted(cuts, reverse=True) if start < c <= start + room),
                None,
            )
            end = end or min((c for c in good + close if c > start), default=end_col)
        piece = _columns(lines, baseline, start, end)
        out += beside([*prefix, piece] if not out else [([" " * indent], 0), piece])
        if end == end_col:
            return out
        start, room = end, width - indent


def cells(text: str) -> int:
    """Terminal columns `text` takes: two for a wide (CJK) character, none for a combining mark."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


NO_LINE_START = set("，。、；：？！）」』】》〉…,.;:?!)]}%")  # never the first thing on a line
NO_LINE_END = set("（「『【《〈([{")  # never the last


def _pieces(text: str) -> list[str]:
    """The units a line may break between: words, single spaces, and each wide character
    (Chinese breaks between any two characters), punctuation kept with its neighbour."""
    units: list[str] = []
    for token in re.findall(r"\s+|[^\s]", text):
        c = token[0]
        joins = units and not c.isspace() and not units[-1].isspace()
        wide = cells(c) == 2 and c not in NO_LINE_START
        if joins and (c in NO_LINE_START or units[-1][-1] in NO_LINE_END or not (wide or cells(units[-1][-1]) == 2)):
            units[-1] += token
        else:
            units.append(" " if c.isspace() else token)
    return _keep_numbers_with_words(units)


def _keep_numbers_with_words(units: list[str]) -> list[str]:
    """A number set off by spaces inside Chinese (第 3 层) stays on the line of its words."""
    out: list[str] = []
    for unit in units:
        if len(out) >= 2 and out[-1] == " " and _number_in_chinese(out[-2], unit):
            out[-2:] = [out[-2] + " " + unit]
        else:
            out.append(unit)
    return out


def _number_in_chinese(before: str, after: str) -> bool:
    wide = cells(before[-1]) == 2 or cells(after[0]) == 2
    return wide and (before[-1].isdigit() or after[0].isdigit())


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """`text` filled into lines of at most `width` columns (counting a Chinese character as
    two), the first line starting with `indent`, the others with `hang` (default `indent`).
    A word longer than the line (a path) is kept whole."""
    hang = indent if hang is None else hang
    lines, line = [], indent
    for unit in _pieces(" ".join(text.split())):
        if unit == " ":
            if line.strip():
                line += " "
            continue
        if line.strip() and cells(line + unit) > width:
            lines.append(line.rstrip())
            line = hang
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def value_lines(label: str, value: str, rows: list[str] | None, width: int) -> list[str]:
    """`label` (ending in its colon) and the value on one line when they fit; else the
    label, then the value below it indented: a matrix one row per line (`rows`), a list
    filled after its commas."""
    line = label + (" " if label.endswith(":") else "") + value
    if cells(line) <= width:
        return [line]
    out = wrap(label, width)
    pad = "   "
    if rows:
        shown = ["[" + rows[0]] + rows[1:]
        shown = [s + "," for s in shown[:-1]] + [shown[-1] + "]"]
        for k, row in enumerate(shown):
            lead = pad + " " * (k > 0)  # under the first row's inner bracket
            out += wrap(row, width, lead, lead + "  ")
    else:
        out += wrap(value, width, pad, pad + " ")
    return out
