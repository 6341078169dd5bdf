"""Judging learners' code: task registry, sandbox and worker, comparison, grading, reports
(see grader/__init__.py)."""

# Default limits of one submission, shared by the CLI, grade() and the Gradescope bundle.
# 4 s per case is over ten times what the slowest correct style among the test submissions
# takes (pure-Python loops: under 0.3 s per case), and keeps a submission whose every
# function loops forever (six functions at most) under 30 s.
TIMEOUT_SECONDS = 4.0
BUDGET_SECONDS = 60.0
