"""The visible checks that the lesson notebooks call.

``core`` judges a function and explains the verdict; ``fixtures`` holds the expected
results (made by ``python -m autograder build``); one module per lesson (``neuron``, ...)
lists the inputs and the check of every graded function.
"""

# lesson id -> the check module of that lesson (nnscratch.checks.<topic>)
TOPICS = {
    "01_neuron": "neuron",
    "02_perceptron": "perceptron",
    "03_logistic_regression": "logistic",
    "04_mlp_backprop": "mlp",
    "05_optimizers": "optimizers",
    "06_regularization": "regularization",
}
