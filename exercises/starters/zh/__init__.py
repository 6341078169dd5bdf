"""The starters' docstrings in Chinese, one module per task: MODULE (the starter's module
docstring) and FUNCTIONS (each function's), each written as the string literal that takes the
English one's place in `mlexam starter TASK --lang zh`. The code stays the English starter's
(grader/autograde/tasks.py, starter_text)."""
