"""Lesson 04 facts: the backprop locator says which gradient is wrong first and how; the hidden
inputs cover every depth, activation and a batch of one."""
import pytest

from autograder import reference
from autograder.bugs import mlp as bugs
from autograder.hidden import hidden_inputs
from nnscratch.checks import mlp

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
