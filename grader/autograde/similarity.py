"""Submissions whose code is nearly the same, for the instructor: MOSS-style winnowing.

A source becomes a stream of normalised tokens (Python's own tokenizer: every name is
`V`, every number `N`, every string `S`; keywords, operators and the layout stay;
comments and blank lines go), so renaming variables or reformatting hides nothing.
Each run of K tokens is hashed, and winnowing keeps the smallest hash of every window
of W consecutive hashes (Schleimer, Wilkerson and Aiken, SIGMOD 2003): two files that
share a run of at least K + W - 1 tokens share a fingerprint. The similarity of two
files is the share of the smaller file's fingerprints found in the other, and the
matching regions are the lines those shared fingerprints cover.

(copydetect implements the same algorithm but pulls in matplotlib and tqdm for its HTML
report; Python's tokenizer is all the normalisation Python sources need.)
"""

from __future__ import annotations

import hashlib
import io
import keyword
import tokenize
from dataclasses import dataclass
from itertools import combinations

K = 12  # tokens per hashed run
W = 8  # hashes per winnowing window
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}


@dataclass(frozen=True)
class Match:
    left: str
    right: str
    similarity: float  # share of the smaller file's fingerprints found in the other
    left_lines: tuple[tuple[int, int], ...]  # matching regions, first and last line
    right_lines: tuple[tuple[int, int], ...]


def tokens(source: str) -> list[tuple[str, int]]:
    """(normalised token, line) pairs; a source Python cannot tokenize gives what it read."""
    out = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in SKIPPED:
                continue
            if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
                text = "V"
            elif token.type == tokenize.NUMBER:
                text = "N"
            elif token.type == tokenize.STRING:
                text = "S"
            else:
                text = token.string if token.type == tokenize.OP else tokenize.tok_name[token.type]
            out.append((text, token.start[0]))
    except (tokenize.TokenError, SyntaxError):
        pass
    return out


def fingerprints(source: str) -> dict[int, list[tuple[int, int]]]:
    """Winnowed hash -> the line ranges of the K-token runs it stands for."""
    stream = tokens(source)
    runs = [
        (
            int.from_bytes(hashlib.blake2b(" ".join(t for t, _ in stream[i : i + K]).encode(), digest_size=8).digest()),
            (stream[i][1], stream[i + K - 1][1]),
        )
        for i in range(len(stream) - K + 1)
    ]
    kept: dict[int, list[tuple[int, int]]] = {}
    for start in range(max(len(runs) - W + 1, 1 if runs else 0)):
        window = runs[start : start + W]
        value, lines = min(window, key=lambda run: run[0])
        if lines not in kept.setdefault(value, []):
            kept[value].append(lines)
    return kept


def _regions(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Overlapping or adjacent line ranges merged."""
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return tuple((a, b) for a, b in merged)


def compare(left: str, right: str, a: dict, b: dict) -> Match:
    """How much of two files' fingerprints (see `fingerprints`) they share, and where."""
    shared = a.keys() & b.keys()
    similarity = len(shared) / min(len(a), len(b)) if a and b else 0.0
    return Match(
        left,
        right,
        similarity,
        _regions([span for h in shared for span in a[h]]),
        _regions([span for h in shared for span in b[h]]),
    )


def similar_pairs(sources: dict[str, str], references: dict[str, str], threshold: float) -> list[Match]:
    """Every pair of submissions, and every submission against each reference, at least
    `threshold` similar, most similar first."""
    prints = {name: fingerprints(text) for name, text in {**sources, **references}.items()}
    names = sorted(sources)
    pairs = [compare(x, y, prints[x], prints[y]) for x, y in combinations(names, 2)]
    pairs += [compare(x, ref, prints[x], prints[ref]) for x in names for ref in sorted(references)]
    return sorted((m for m in pairs if m.similarity >= threshold), key=lambda m: -m.similarity)
