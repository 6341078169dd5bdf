"""Shared test settings."""

import os

# Every family is checked over at least this many seeds per difficulty.
SEEDS = range(int(os.environ.get("MLEXAM_TEST_SEEDS", "300")))
DIFFICULTIES = ("easy", "medium", "hard")
