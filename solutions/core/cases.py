"""The case contract of a coding task, shared by `solutions/<task>.py` (which makes the
cases and their expected outputs with the reference implementation, in the grader's
process) and the autograder (which sends only the inputs to the learner's process and
compares what comes back).

Inputs and outputs are plain data: numpy arrays of numbers, Python ints and floats.
Expected outputs and hidden inputs never leave the grader's process.

A task imports this module inside its `cases(seed)` only, so that the reference file
itself stays numpy-only at module level and can be graded as a submission.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exercises.core.lang import Text

# How outputs are compared (see grader/autograde/compare.py).
ALLCLOSE = "allclose"  # same shape, |a - b| <= atol + rtol |b| everywhere
EQUAL = "equal"  # same shape, equal (integers, labels, predictions)
COLUMNS_UP_TO_SIGN = "columns_up_to_sign"  # PCA components: each column may be negated
ROWS_UP_TO_SIGN = "rows_up_to_sign"  # the same, one component per row
UP_TO_RELABEL = "up_to_relabel"  # cluster labels: equal after a one-to-one renaming


@dataclass(frozen=True)
class Compare:
    mode: str = ALLCLOSE
    rtol: float = 1e-6
    atol: float = 1e-8


# The comparison presets every task uses.
CLOSED_FORM = Compare(ALLCLOSE, rtol=1e-6, atol=1e-8)  # a formula evaluated once
ITERATIVE = Compare(ALLCLOSE, rtol=1e-5, atol=1e-7)  # many steps of an algorithm: rounding adds up
LABELS = Compare(EQUAL)  # class labels, counts, predictions
CLUSTER_LABELS = Compare(UP_TO_RELABEL)  # cluster ids: any one-to-one renaming is right
COMPONENT_ROWS = Compare(ROWS_UP_TO_SIGN, rtol=1e-6, atol=1e-8)  # one principal axis per row
COMPONENT_COLUMNS = Compare(COLUMNS_UP_TO_SIGN, rtol=1e-6, atol=1e-8)  # one principal axis per column


@dataclass(frozen=True)
class Case:
    """One call of one learner function, and what it must return."""

    name: str  # unique within the task, e.g. "loss/visible/2-features"
    function: str  # the learner's function to call
    inputs: dict[str, Any]  # keyword arguments: numpy arrays, ints, floats, bools, strings
    expected: Any  # the reference's output: an array, a number, or a tuple of them
    visible: bool = True  # visible: inputs, expected and received are shown on failure
    compare: Compare = field(default_factory=Compare)
    points: float = 1.0
    # For gradient cases: the learner's loss function and which input the gradient is
    # taken with respect to. A gradient equal to the reference's passes; a wrong one is
    # also compared with central differences of the learner's own loss, to say whether
    # the derivative or the loss is at fault.
    gradient_of: str | None = None
    wrt: str | None = None
    # A named edge case, in both languages (reports show it): T("ties", "平局"), T("one class only", ...).
    edge: Text | str | None = None


class Cases(list):
    """A task's cases in the order they are added; each expected output is computed
    here, in the grader's process, by calling the reference function."""

    def add(
        self,
        function,
        name: str,
        inputs: dict,
        compare: Compare = CLOSED_FORM,
        *,
        visible: bool,
        points: float = 1.0,
        edge: Text | str | None = None,
        gradient_of: str | None = None,
        wrt: str | None = None,
    ) -> None:
        """The case `<function>/<name>`: `function(**inputs)` is its expected output."""
        self.append(
            Case(
                f"{function.__name__}/{name}",
                function.__name__,
                inputs,
                function(**inputs),
                visible=visible,
                compare=compare,
                points=points,
                gradient_of=gradient_of,
                wrt=wrt,
                edge=edge,
            )
        )
