"""Checking, in two halves that share nothing but the idea of a verdict.

`grader.practice` judges what a student types at `mlexam practice`: the typed-answer
parser, the verdicts (correct, rounded too coarsely, wrong, or a named mistake), the
drill and mock-exam loop, the progress store (SQLite) and the spaced-repetition scheduler.

`grader.autograde` judges the code a learner writes for `mlexam grade`: the task registry
(references in solutions/, starters in exercises/starters/), the sandbox that runs the
learner's code in another process, the comparison of its outputs with the reference's,
grading, and the reports (text, JSON, Gradescope, CSV gradebook).
"""
