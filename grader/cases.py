"""What a coding task's test case is, shared by `solutions/<task>.py` (which makes
the cases and their expected outputs with the reference implementation, in the
grader's process) and the grader (which sends only the inputs to the learner's
process and compares what comes back).

Inputs and outputs are plain data: numpy arrays of numbers, Python ints and
floats. Expected outputs and hidden inputs never leave the grader's process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How outputs are compared (see grader/compare.py).
ALLCLOSE = "allclose"            # same shape, |a - b| <= atol + rtol |b| everywhere
EXACT = "exact"                  # same shape, equal (integers, labels, predictions)
COLUMNS_UP_TO_SIGN = "columns_up_to_sign"   # PCA components: each column may be negated
ROWS_UP_TO_SIGN = "rows_up_to_sign"         # the same, one component per row
UP_TO_RELABEL = "up_to_relabel"  # cluster labels: equal after a one-to-one renaming


@dataclass(frozen=True)
class Compare:
    mode: str = ALLCLOSE
    rtol: float = 1e-6
    atol: float = 1e-8


@dataclass(frozen=True)
class Case:
    """One call of one learner function, and what it must return."""

    name: str                      # unique within the task, e.g. "loss/visible/2-features"
    function: str                  # the learner's function to call
    inputs: dict[str, Any]         # keyword arguments: numpy arrays, ints, floats, bools, strings
    expected: Any                  # the reference's output: an array, a number, or a tuple of them
    visible: bool = True           # visible: inputs, expected and received are shown on failure
    compare: Compare = field(default_factory=Compare)
    points: float = 1.0
    # For gradient cases: the learner's loss function and which input the gradient is
    # taken with respect to, so the gradient is also checked against central finite
    # differences of the learner's own loss.
    gradient_of: str | None = None
    wrt: str | None = None
    edge: str | None = None        # a named edge case: "one class only", "duplicate points", "ties"


def reference_case(name: str, reference, inputs: dict, **options) -> Case:
    """A case whose expected output is `reference(**inputs)`, computed here in the grader."""
    return Case(name, reference.__name__, inputs, reference(**inputs), **options)
