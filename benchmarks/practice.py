"""The practice drill's two timings from issue #3:

1. From pressing Enter to the verdict: parse the typed text, judge it, save it
   (one SQLite transaction), in-process, over every answer of N problems of every
   family typed as a student would; median, 99th percentile and max.
2. The slowest item of the parser's hostile corpus (tests/test_answers.py).
3. `mlexam practice` showing its first question: a cold process in a
   pseudo-terminal, from spawn to the first answer prompt; median of N runs.

Usage: python benchmarks/practice.py [--problems 20] [--runs 5]
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def verdict_latency(problems: int) -> list[float]:
    from exercises.core import registry
    from exercises.core.render import value_text
    from grader.practice.answers import parse_answer
    from grader.practice.progress import AnswerRecord, Store
    from grader.practice.verdicts import judge

    times = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.sqlite3") as store:
        for topic in registry.topics():
            for seed in range(problems):
                problem = registry.generate(topic, "medium", seed)
                for answer in problem.solution.answers:
                    text = value_text(answer.value, answer.check.decimals or 0)
                    start = time.perf_counter()
                    verdict = judge(problem, answer, parse_answer(text).value)
                    store.record_answer(
                        AnswerRecord(
                            session="bench",
                            mode="practice",
                            problem_id=problem.id,
                            topic=topic,
                            difficulty="medium",
                            seed=seed,
                            answer=answer.name,
                            typed=text,
                            verdict=verdict.kind,
                            mistake=None,
                            hints=0,
                            seconds=0.0,
                            at=datetime.now(timezone.utc),
                        )
                    )
                    times.append(time.perf_counter() - start)
    return times


def hostile_worst(repeats: int = 20) -> tuple[str, float]:
    """The slowest item of the tests' hostile corpus (best of `repeats` runs each)."""
    from grader.practice.answers import AnswerSyntaxError, parse_answer
    from tests.test_answers import HOSTILE

    worst = ("", 0.0)
    for name, text in HOSTILE.items():
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            try:
                parse_answer(text)
            except AnswerSyntaxError:
                pass
            best = min(best, time.perf_counter() - start)
        worst = max(worst, (name, best), key=lambda item: item[1])
    return worst


def first_question(runs: int) -> list[float]:
    import pexpect

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            start = time.perf_counter()
            child = pexpect.spawn(
                sys.executable,
                [str(ROOT / "mlexam.py"), "practice", "--count", "1", "--db", str(Path(tmp) / f"{run}.sqlite3")],
                cwd=str(ROOT),
                encoding="utf-8",
                timeout=30,
            )
            child.expect(r"\)> ")
            times.append(time.perf_counter() - start)
            child.sendline("quit")
            child.expect(pexpect.EOF)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    latency = sorted(verdict_latency(options.problems))
    p99 = latency[int(0.99 * (len(latency) - 1))]
    print(
        f"Enter -> verdict (parse + judge + save), {len(latency)} answers: "
        f"median {statistics.median(latency) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms, "
        f"max {latency[-1] * 1000:.2f} ms"
    )
    name, seconds = hostile_worst()
    print(f"hostile corpus ({name} is the slowest item): {seconds * 1000:.2f} ms")
    first = first_question(options.runs)
    print(
        f"mlexam practice -> first question prompt, {options.runs} cold runs: "
        f"median {statistics.median(first):.2f} s (min {min(first):.2f}, max {max(first):.2f})"
    )


if __name__ == "__main__":
    main()
