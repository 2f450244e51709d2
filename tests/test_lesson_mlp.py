"""Lesson 04 facts: the backprop locator says which gradient is wrong first and how (the first line
of the message names the same one); the hidden inputs cover every depth, activation and a batch of
one; the kink cases catch gradients estimated numerically."""
import numpy as np
import pytest

from autograder import reference
from autograder.bugs import mlp as bugs
from autograder.hidden import hidden_inputs
from nnscratch.checks import mlp
from nnscratch.checks.core import compare

LESSON = "04_mlp_backprop"


def feedback(fn):
    with pytest.raises(AssertionError) as info:
        mlp.check_mlp_loss_and_grad(fn)
    return str(info.value)


@pytest.mark.parametrize("knobs, says", [
    (dict(no_fprime=True), ["first wrong gradient is grads['W1']", "hidden layer 1", "f'"]),
    (dict(fprime_of_output=True), ["first wrong gradient is grads['W2']", "hidden layer 2", "sigmoid"]),
    (dict(sign=-1.0), ["first wrong gradient is grads['W2']", "sign is flipped"]),
    (dict(no_N=True), ["The loss itself is wrong", "N = 4 times too large"]),
    (dict(db_mean=True), ["first wrong gradient is grads['b2']", "N = 4 times too small"]),
    (dict(no_transpose=True), ["first wrong gradient is grads['W1']", "W2.T (not W2)"]),
    (dict(one_hidden=True), ["grads has no 'W3'", "any depth"]),
])
def test_the_locator_names_the_first_wrong_gradient_from_the_output_and_how(knobs, says):
    message = feedback(bugs._mlp(**knobs))
    for phrase in says:
        assert phrase in message, message


def test_the_locator_is_silent_on_a_right_result():
    case = {"args": mlp.visible_inputs()["mlp_loss_and_grad"][0]}
    ref = reference.load(LESSON)["mlp_loss_and_grad"]
    got = ref(*case["args"].values())
    assert mlp.locate_backprop_error(got, got, case["args"]) is None


def test_hidden_networks_cover_every_depth_activation_and_a_batch_of_one():
    cases = hidden_inputs(LESSON)["mlp_loss_and_grad"]
    depths = {len(c["params"]) // 2 - 1 for c in cases}
    assert depths >= {0, 1, 2, 3, 4}
    assert {c["activation"] for c in cases} == {"relu", "sigmoid", "tanh"}
    assert any(len(c["X"]) == 1 for c in cases)
    small = [c for c in cases if mlp.EXERCISES["mlp_loss_and_grad"].gradient_when(c)]
    assert len(small) >= 4   # gradient-checked against central differences


def header_key(message):
    """The gradient the first line of a failure names: "`grads`['W2'] has wrong values"."""
    first = message.split("\n")[0]
    return first.split("`grads`[")[1].split("]")[0].strip("'") if "`grads`[" in first else None


@pytest.mark.parametrize("bug", [b for b in bugs.BUGS if b.function == "mlp_loss_and_grad"],
                         ids=lambda b: b.mistake[:40])
def test_the_first_line_names_the_gradient_the_locator_names(bug):
    message = feedback(bug.code)
    located = message.split("the first wrong gradient is grads[")
    if header_key(message) is None or len(located) == 1:
        return   # the loss or the keys are wrong: nothing to locate
    assert header_key(message) == located[1].split("]")[0].strip("'"), message


def test_a_forgotten_f_prime_is_named():
    assert "Likely mistake: f' forgotten in the backward pass" in feedback(bugs._mlp(no_fprime=True))


def kink_cases(cases):
    return [c for c in cases if mlp.on_the_kink(c)]


def pre_activations(case):
    """U_1, ..., U_{L-1} of a ReLU network (the hidden layers)."""
    A, out = case["X"], []
    for l in range(1, len(case["params"]) // 2):
        U = A @ case["params"][f"W{l}"] + case["params"][f"b{l}"]
        out.append(U)
        A = np.maximum(U, 0.0)
    return out


@pytest.mark.parametrize("where", ["visible", "hidden"])
def test_kink_cases_put_pre_activations_exactly_on_zero_and_skip_central_differences(where):
    cases = (mlp.visible_inputs() if where == "visible" else hidden_inputs(LESSON))["mlp_loss_and_grad"]
    kinks = kink_cases(cases)
    assert kinks and all(c["activation"] == "relu" for c in kinks)
    for case in kinks:
        assert (pre_activations(case)[0] == 0).any() and (pre_activations(case)[0] > 0).any()
        assert not mlp.EXERCISES["mlp_loss_and_grad"].gradient_when(case)


@pytest.mark.parametrize("where", ["visible", "hidden"])
def test_numerical_gradients_pass_every_case_but_the_kinks(where):
    """Why the kink cases exist: elsewhere central differences agree with backpropagation
    within the checks' tolerance; on the kink they do not, and the reference (f'(0) = 0) does."""
    cases = (mlp.visible_inputs() if where == "visible" else hidden_inputs(LESSON))["mlp_loss_and_grad"]
    ref = reference.load(LESSON)["mlp_loss_and_grad"]
    numerical = bugs._mlp_numerical()
    for case in cases:
        wrong = compare(numerical(*case.values()), ref(*case.values()), "result") is not None
        assert wrong == mlp.on_the_kink(case)


def test_a_numerical_mlp_loss_and_grad_is_told_about_the_kink_and_backpropagation():
    message = feedback(bugs._mlp_numerical(h=1e-6))   # another h than the catalogue's: no exact match
    assert "ReLU's kink, U = 0" in message and "instead of by backpropagation" in message, message
