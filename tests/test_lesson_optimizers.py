"""Lesson 05 facts: the trajectory runner of the optimizer checks, and the answers of the
predictions agree with what the reference functions do."""
import numpy as np
import pytest

from autograder import reference
from nnscratch.checks import optimizers as checks

LESSON = "05_optimizers"


@pytest.fixture(scope="module")
def ref():
    return reference.load(LESSON)


def test_run_steps_feeds_back_the_state_and_counts_t(ref):
    rng = np.random.default_rng(0)
    w, grads = rng.normal(size=(2, 3)), [rng.normal(size=(2, 3)) for _ in range(4)]
    m, v = np.zeros((2, 3)), np.zeros((2, 3))
    ws, ms, vs = checks.run_steps(ref["adam_step"], 2, counts_t=True)(w, grads, m, v, 1, 0.1)
    for k, g in enumerate(grads):
        w, m, v = ref["adam_step"](w, g, m, v, k + 1, lr=0.1)
        assert np.allclose(ws[k], w) and np.allclose(ms[k], m) and np.allclose(vs[k], v)


def test_run_steps_single_step_is_the_function_itself(ref):
    w, g = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    assert np.allclose(checks.run_steps(ref["sgd_step"], 0)(w, g, 0.1), w - 0.1 * g)


def test_epoch_covers_every_sample_once_with_a_smaller_last_batch(ref):
    X, y = np.arange(26.0).reshape(13, 2), np.arange(13)
    batches = list(ref["iterate_minibatches"](X, y, 4, np.random.default_rng(0)))
    assert [len(yb) for _, yb in batches] == [4, 4, 4, 1]
    assert sorted(np.concatenate([yb for _, yb in batches])) == list(range(13))
    assert all(np.array_equal(Xb[:, 0] / 2, yb) for Xb, yb in batches)


def test_lr_one_prediction_matches_gradient_descent_on_x_squared(ref):
    x = np.array(1.0)
    values = []
    for _ in range(6):
        x = ref["sgd_step"](x, 2 * x, 1.0)
        values.append(float(x))
    assert values == [-1.0, 1.0, -1.0, 1.0, -1.0, 1.0] and ref["lr_one_prediction"] == "c"


@pytest.mark.parametrize("g", [250.0, 1.0, 1e-3, -7.0])
def test_adam_first_step_has_the_size_of_the_learning_rate(ref, g):
    w1, _, _ = ref["adam_step"](np.array(3.0), np.array(g), np.array(0.0), np.array(0.0), 1, lr=0.01)
    assert abs(abs(float(w1) - 3.0) - ref["adam_first_step_prediction"]) < 1e-4


def test_adamw_without_decay_is_adam(ref):
    rng = np.random.default_rng(1)
    args = [rng.normal(size=4), rng.normal(size=4), rng.normal(size=4) * 0.1, rng.uniform(size=4) * 0.01, 7]
    adam = ref["adam_step"](*args, lr=0.01)
    adamw = ref["adamw_step"](*args, lr=0.01, weight_decay=0.0)
    assert all(np.allclose(a, b) for a, b in zip(adam, adamw))


def test_train_adam_counts_updates_across_epochs(ref):
    X, y = np.random.default_rng(2).normal(size=(7, 3)), np.random.default_rng(3).normal(size=(7, 1))
    seen = []

    def schedule(t):
        seen.append(t)
        return 0.01

    params = {"W": np.zeros((3, 1)), "b": np.zeros(1)}
    _, losses = ref["train_adam"](checks.least_squares, params, X, y, 3, 2, schedule, np.random.default_rng(0))
    assert seen == list(range(6)) and len(losses) == 6
    assert not params["W"].any()
