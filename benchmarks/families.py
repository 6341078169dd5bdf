"""Per family, in one process: ms per problem to generate (solve exactly) and to
render to each format, over N medium problems after a short warm-up.

Usage: python benchmarks/families.py [--count 17] [--difficulty medium]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercises.core import registry  # noqa: E402
from exercises.core.render import piece  # noqa: E402
from exercises.core.words import FORMATS  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=17)
    parser.add_argument("--difficulty", default="medium")
    options = parser.parse_args()
    print(f"{options.count} {options.difficulty} problems per family, ms per problem")
    width = max(map(len, registry.topics()))
    print(f"{'family':<{width}} {'generate':>8} " + " ".join(f"{fmt:>6}" for fmt in FORMATS))
    for topic in registry.topics():
        for fmt in FORMATS:  # warm-up: imports, printers, first-use caches
            piece(registry.generate(topic, options.difficulty, 10**6), fmt, True)
        start = time.perf_counter()
        problems = [registry.generate(topic, options.difficulty, s) for s in range(1, options.count + 1)]
        row = [(time.perf_counter() - start) / options.count * 1000]
        for fmt in FORMATS:
            start = time.perf_counter()
            for problem in problems:
                piece(problem, fmt, True)
            row.append((time.perf_counter() - start) / options.count * 1000)
        print(f"{topic:<{width}} {row[0]:8.1f} " + " ".join(f"{x:6.1f}" for x in row[1:]))


if __name__ == "__main__":
    main()
