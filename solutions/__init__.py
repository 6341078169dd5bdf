"""Reference implementations of the coding tasks (numpy only) and their test cases:
one module per task, discovered from this folder (see solutions/core/cases.py)."""
