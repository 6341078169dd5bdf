"""Judging typed answers: parser, verdicts, drill, progress store, scheduler (see grader/__init__.py)."""
