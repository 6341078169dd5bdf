"""The words the command line and the engine share, with no heavy import (no sympy, no numpy),
so that `mlexam --help` and `mlexam topics` can import them and still start fast."""

DIFFICULTIES = ("easy", "medium", "hard")
FORMATS = ("text", "md", "tex", "html", "json")  # what a sheet renders to
OUTPUT_FORMATS = (*FORMATS, "pdf")  # pdf: the tex sheet typeset by the installed TeX engine
SUFFIX_FORMATS = {
    ".txt": "text",
    ".md": "md",
    ".tex": "tex",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": "pdf",
}
