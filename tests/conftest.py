"""Shared test settings."""

import os

from exercises.core.words import DIFFICULTIES  # noqa: F401  (tests import it from here)

# Every family is checked over at least this many seeds per difficulty.
SEEDS = range(int(os.environ.get("MLEXAM_TEST_SEEDS", "300")))
