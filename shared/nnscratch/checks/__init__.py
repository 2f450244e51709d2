"""The visible checks that the lesson notebooks call.

``core`` judges a function and explains the verdict; ``fixtures`` holds the expected
results (made by ``python -m autograder build``); one module per lesson (``neuron``, ...)
lists the inputs and the check of every graded function.
"""
