"""Autograder timings from issue #4, as cold `mlexam grade` processes:

1. one submission of one task (a correct one, so every case runs to the end);
2. a folder of N submissions of one task (correct ones and typical bugs mixed),
   graded with --jobs J and a CSV gradebook;
3. (issue #8) the sandbox alone on a module whose two functions loop forever, 5
   calls each, 1 s per call: a function that timed out fails its later calls at
   once, so this costs about one wall limit per function plus worker start-ups;
4. (issue #8) `mlexam grade` at default limits on a submission of the task with the
   most functions, every one of them looping forever (the issue's bound: 30 s).

Usage: python benchmarks/grading.py [--task logistic_regression] [--runs 5] [--folder 100] [--jobs 2]
                                    [--timeouts-only]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import ROOT, command  # noqa: E402


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def timeouts(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from grader.autograde.sandbox import Call, Limits, run

    source = "def spin(x):\n    while True:\n        pass\n\ndef loop(x):\n    while True:\n        x += 1\n"
    calls = [Call(name, [k]) for k in range(5) for name in ("spin", "loop")]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        outcomes = run(source, calls, Limits(wall_seconds=1))
        times.append(time.perf_counter() - start)
        assert [o.status for o in outcomes] == ["timeout"] * len(calls), outcomes
    print(
        f"two functions that loop forever, 5 calls each, 1 s wall limit: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}; {runs} runs; the bound is about 2 x 1 s per function)"
    )


def every_function_loops(base: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    import inspect

    from grader.autograde.tasks import task, tasks

    name = max(tasks(), key=lambda t: len(task(t).FUNCTIONS))
    module = task(name)
    source = "".join(
        f"def {f}({', '.join(inspect.signature(getattr(module, f)).parameters)}):\n    while True:\n        pass\n\n"
        for f in module.FUNCTIONS
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.py"
        path.write_text(source)
        seconds = wall(base + [str(path)])
    print(f"{name}, all {len(module.FUNCTIONS)} functions looping forever, default limits: {seconds:.1f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", default="logistic_regression")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeouts-only", action="store_true", help="only figure 3 (no CLI runs)")
    options = parser.parse_args()
    timeouts(options.runs)
    if options.timeouts_only:
        return
    sources = sorted((ROOT / "tests" / "submissions" / options.task).glob("*.py"))
    correct = ROOT / "tests" / "submissions" / options.task / "correct_alt.py"
    base = command() + ["grade"]
    every_function_loops(base)
    one = [wall(base + [str(correct), "--model", options.task]) for _ in range(options.runs)]
    print(
        f"one {options.task} submission: median {statistics.median(one):.2f} s "
        f"(min {min(one):.2f}, max {max(one):.2f}; {options.runs} cold runs)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        for i in range(options.folder):
            shutil.copy(sources[i % len(sources)], folder / f"student{i:03d}.py")
        seconds = wall(
            base
            + [
                str(folder),
                "--model",
                options.task,
                "--jobs",
                str(options.jobs),
                "--csv",
                str(Path(tmp) / "grades.csv"),
            ]
        )
        print(
            f"a folder of {options.folder} submissions ({len(sources)} kinds, correct and buggy), "
            f"--jobs {options.jobs}: {seconds:.1f} s ({seconds / options.folder * 1000:.0f} ms each)"
        )


if __name__ == "__main__":
    main()
