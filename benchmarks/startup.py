"""Cold-process start-up of `mlexam --help` and `mlexam topics` (median of N runs).

Usage: python benchmarks/startup.py [--runs 21]
Uses the installed `mlexam` console script when it is on PATH, else
`python mlexam.py` from the checkout. Issue #2 asks for under 100 ms each.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command() -> list[str]:
    script = shutil.which("mlexam")
    return [script] if script else [sys.executable, str(ROOT / "mlexam.py")]


def median_ms(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    base = command()
    print(f"command: {' '.join(base)}  ({runs} runs each, median)")
    print(f"python -c pass          {median_ms([sys.executable, '-c', 'pass'], runs):7.1f} ms")
    for extra in (["--help"], ["topics"]):
        print(f"mlexam {' '.join(extra):<16} {median_ms(base + extra, runs):7.1f} ms")


if __name__ == "__main__":
    main()
