"""Instructor tooling for Neural Networks from Scratch.

``python -m autograder build [--check]``             regenerate course/ from solutions/
``python -m autograder check NOTEBOOK [--json]``     grade one notebook in a fresh kernel
``python -m autograder grade LESSON SUBMISSIONS --out DIR``   grade a class with nbgrader
"""
