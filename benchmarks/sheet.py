"""Wall time of `mlexam generate all --count 17 --format html -o sheet.html`
(about 100 problems with worked solutions), median of N cold runs, and the
same for the other formats, in English and in Chinese.

Usage: python benchmarks/sheet.py [--runs 5] [--count 17]
Issues #2 and #10 ask for the HTML sheet in under 1.5 s on a 2-core machine, in either language.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import command

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=17)
    options = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; command: {' '.join(command())}")
    with tempfile.TemporaryDirectory() as tmp:
        for lang, fmt in [("en", f) for f in ("html", "text", "md", "tex", "json")] + [("zh", "html"), ("zh", "tex")]:
            out = Path(tmp) / f"sheet.{fmt}"
            args = command() + [
                "generate",
                "all",
                "--count",
                str(options.count),
                "--seed",
                "1",
                "--solutions",
                "--format",
                fmt,
                "--lang",
                lang,
                "-o",
                str(out),
            ]
            times = []
            for _ in range(options.runs):
                start = time.perf_counter()
                subprocess.run(args, check=True, stderr=subprocess.DEVNULL, cwd=ROOT)
                times.append(time.perf_counter() - start)
            size = out.stat().st_size / 1024
            print(
                f"generate all --count {options.count} --format {fmt:<5} --lang {lang} "
                f"median {statistics.median(times):.2f} s  (min {min(times):.2f}, max {max(times):.2f}; "
                f"{size:.0f} KiB)"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
