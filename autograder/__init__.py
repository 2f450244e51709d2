"""Instructor tooling for Neural Networks from Scratch.

``python -m autograder build [--check]``             regenerate course/ from solutions/
``python -m autograder check NOTEBOOK [--json]``     grade one notebook in a fresh kernel
``python -m autograder grade LESSON SUBMISSIONS --out DIR``   grade a class with nbgrader
"""
import sys

# Every grading process imports nbformat, which imports jsonschema, which (when the optional
# rfc3987-syntax package is installed, as JupyterLab's dependencies install it) compiles about
# forty grammars at import time, 1.8 s, to check "iri" string formats. No notebook schema
# uses them; without that package jsonschema simply skips that format.
sys.modules.setdefault("rfc3987_syntax", None)
