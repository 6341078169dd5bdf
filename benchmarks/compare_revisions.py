"""One cold `mlexam grade` of a correct submission, alternating between git revisions of this
project in the same minutes, so that a noisy machine slows every revision alike.

Each revision is checked out in a temporary git worktree and imported ahead of the installed
copy; the submission is tests/submissions/<task>/correct_alt.py of the current tree.

Usage: python benchmarks/compare_revisions.py REV [REV ...] [--task logistic_regression] [--runs 10]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = (
    "import sys; root = sys.argv.pop(1); sys.path.insert(0, root); import mlexam; "
    "assert mlexam.__file__.startswith(root); sys.argv = ['mlexam', 'grade', sys.argv[1], '--model', sys.argv[2]]; "
    "getattr(mlexam, 'entry', mlexam.main)()"
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("revisions", nargs="+")
    parser.add_argument("--task", default="logistic_regression")
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    submission = ROOT / "tests" / "submissions" / options.task / "correct_alt.py"
    with tempfile.TemporaryDirectory() as tmp:
        trees = {}
        for rev in options.revisions:
            trees[rev] = Path(tmp) / rev
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(trees[rev]), rev], check=True
            )
        times = {rev: [] for rev in options.revisions}
        try:
            for _ in range(options.runs):
                for rev, tree in trees.items():
                    start = time.perf_counter()
                    command = [sys.executable, "-c", RUN, str(tree), str(submission), options.task]
                    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                    times[rev].append(time.perf_counter() - start)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    for rev, values in times.items():
        print(
            f"{rev}: median {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f}; "
            f"{options.runs} cold runs of one {options.task} submission)"
        )


if __name__ == "__main__":
    main()
