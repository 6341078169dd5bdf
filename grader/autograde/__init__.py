"""Judging learners' code: task registry, sandbox and worker, comparison, grading, reports
(see grader/__init__.py)."""
