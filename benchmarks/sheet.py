"""Wall time of `mlexam generate all --count 17 --format html -o sheet.html`
(about 100 problems with worked solutions), median of N cold runs, and the
same for the other formats, in English and in Chinese.

Usage: python benchmarks/sheet.py [--runs 5] [--count 17]
Issues #2 and #10 ask for the HTML sheet in under 1.5 s on a 2-core machine, in either language.

The runs go round the commands (one run of each, then again), so that a slow spell of a
shared machine falls on all of them alike; CPU is the seconds the command and its workers
spent computing (user + system), which the machine's other load disturbs less.

The commands run as an installed mlexam does, with its bytecode cached: PYTHONDONTWRITEBYTECODE
is dropped from their environment and a first run, not counted, writes the .pyc files
(compiling thirty family modules from source costs about a quarter of a second).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import command

ROOT = Path(__file__).resolve().parent.parent
SHEETS = [("en", f) for f in ("html", "text", "md", "tex", "json")] + [("zh", "html"), ("zh", "tex")]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=17)
    options = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; command: {' '.join(command())}")
    wall = {sheet: [] for sheet in SHEETS}
    cpu = {sheet: [] for sheet in SHEETS}
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        command() + ["generate", "all", "--count", "1", "--format", "json"],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(options.runs):
            for lang, fmt in SHEETS:
                out = Path(tmp) / f"sheet-{lang}.{fmt}"
                args = command() + ["generate", "all", "--count", str(options.count), "--seed", "1", "--solutions"]
                args += ["--format", fmt, "--lang", lang, "-o", str(out)]
                cpu_before, start = children_cpu(), time.perf_counter()
                subprocess.run(args, check=True, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
                wall[lang, fmt].append(time.perf_counter() - start)
                cpu[lang, fmt].append(children_cpu() - cpu_before)
        for lang, fmt in SHEETS:
            times = wall[lang, fmt]
            size = (Path(tmp) / f"sheet-{lang}.{fmt}").stat().st_size / 1024
            print(
                f"generate all --count {options.count} --format {fmt:<5} --lang {lang} "
                f"median {statistics.median(times):.2f} s  (min {min(times):.2f}, max {max(times):.2f}; "
                f"CPU {statistics.median(cpu[lang, fmt]):.2f} s; {size:.0f} KiB)"
            )
    print(f"load afterwards {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
