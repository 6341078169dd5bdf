"""Wall time of the two test tiers: the default tier (the README's `python -m pytest`)
and the stress tier (`python -m pytest -m stress`), each in a fresh process.

Usage: python benchmarks/suite.py [--tier default|stress|both]
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIERS = {"default": [], "stress": ["-m", "stress"]}


def run(tier: str) -> tuple[float, str]:
    """Seconds of wall time and pytest's closing line."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TIERS[tier]]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    if done.returncode != 0:
        sys.exit(f"the {tier} tier failed:\n{done.stdout[-3000:]}")
    return seconds, summary[-1].strip("= ") if summary else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=("default", "stress", "both"), default="both")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    for tier in TIERS if args.tier == "both" else [args.tier]:
        seconds, summary = run(tier)
        print(f"{tier:<8} {seconds:7.1f} s   {summary}")


if __name__ == "__main__":
    main()
