"""Lesson 06 facts: the composed check of batchnorm_backward (which needs the student's
batchnorm_forward), the exact dropout-ensemble identity, and the contracts the checks rely on."""
import itertools

import numpy as np
import pytest

from autograder import reference
from autograder.bugs import catalogue
from autograder.hidden import check as hidden_check
from nnscratch.checks import regularization as checks

LESSON = "06_regularization"


@pytest.fixture(scope="module")
def ref():
    return reference.load(LESSON)


def run_composed(fn, forward):
    checks.check_batchnorm_backward(fn, forward)
    hidden_check(LESSON, "batchnorm_backward", fn, forward)


def test_batchnorm_backward_reference_passes_with_its_forward(ref, capsys):
    run_composed(ref["batchnorm_backward"], ref["batchnorm_forward"])
    out = capsys.readouterr().out
    assert "visible checks passed" in out and "hidden checks passed" in out


def test_batchnorm_backward_without_the_forward_says_what_it_needs(ref):
    with pytest.raises(AssertionError, match="needs your functions batchnorm_forward"):
        checks.check_batchnorm_backward(ref["batchnorm_backward"])


def test_batchnorm_backward_stub_fails_with_not_implemented(ref):
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="not implemented yet"):
        run_composed(stub, ref["batchnorm_forward"])


@pytest.mark.parametrize("bug", [b for b in catalogue(LESSON) if b.function == "batchnorm_backward"],
                         ids=lambda b: b.phrase[:40])
def test_batchnorm_backward_bugs_are_named(ref, bug):
    with pytest.raises(AssertionError) as info:
        run_composed(bug.code, ref["batchnorm_forward"])
    assert bug.phrase in str(info.value)


def test_a_wrong_forward_is_blamed_in_the_backward_check(ref):
    bad_forward = next(b.code for b in catalogue(LESSON) if "wrong axis" in b.mistake)
    with pytest.raises(AssertionError, match="YOUR batchnorm_forward"):
        run_composed(ref["batchnorm_backward"], bad_forward)


@pytest.mark.parametrize("name", ["batchnorm_backward"])
def test_grading_mode_replays_the_composed_check(ref, name, tmp_path, monkeypatch):
    from autograder.execution import write_kernel_inputs
    from autograder.judge import load_records, verdict
    from nnscratch.checks.record import GRADING_DIR, record

    for fn, want in ((ref[name], "passed"),
                     (next(b.code for b in catalogue(LESSON) if b.function == name), "failed visible")):
        folder = tmp_path / want.replace(" ", "_")
        folder.mkdir()
        write_kernel_inputs(folder, LESSON)
        monkeypatch.setenv(GRADING_DIR, str(folder))
        try:
            record(LESSON, name, fn, ref["batchnorm_forward"])
        except Exception:  # noqa: BLE001 - judged below
            pass
        outcome, _ = verdict(LESSON, name, load_records(folder / "records.jsonl"))
        assert outcome == want


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9])
def test_the_dropout_ensemble_of_softmax_regression_is_one_scaled_pass(ref, p):
    rng = np.random.default_rng(int(10 * p))
    W, b, x = rng.normal(size=(6, 4)), rng.normal(size=4), rng.normal(size=6)
    s = (1 - p) * x @ W + b
    closed = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
    np.testing.assert_allclose(ref["dropout_ensemble_linear"](W, b, x, p), closed, rtol=1e-12)


def test_dropout_mask_follows_the_pinned_draw(ref):
    X = np.arange(12.0).reshape(3, 4) + 1
    out, M = ref["dropout_forward"](X, 0.25, True, np.random.default_rng(5))
    keep = np.random.default_rng(5).random(X.shape) >= 0.25
    np.testing.assert_array_equal(M, keep / 0.75)
    np.testing.assert_array_equal(out, X * M)
    out, M = ref["dropout_forward"](X, 0.25, False, None)
    np.testing.assert_array_equal(out, X)
    assert out is not X and np.all(M == 1)


def test_early_stopping_rule(ref):
    stop = ref["early_stopping"]
    assert stop([], 0) is None
    assert stop([1.0, 0.8, 0.7, 0.7, 0.72, 0.69, 0.69, 0.75, 0.8], 3) == 5
    assert stop([1.0, 0.8, 0.7, 0.7, 0.72, 0.69, 0.69, 0.75], 3) is None
    assert stop([0.3, 0.2, 0.2, 0.5], 2) == 1          # ties: the first of the lowest
    assert stop([0.3, 0.2], 0) == 1                    # patience 0 stops at once


def test_batchnorm_gradient_columns_sum_to_zero(ref):
    rng = np.random.default_rng(1)
    X, gamma, beta, dout = rng.normal(size=(7, 3)), rng.normal(size=3), rng.normal(size=3), rng.normal(size=(7, 3))
    dX, _, _ = ref["batchnorm_backward"](dout, ref["batchnorm_forward"](X, gamma, beta)[1])
    np.testing.assert_allclose(dX.sum(axis=0), 0.0, atol=1e-12)


def test_predictions_have_explanations_that_name_the_answer():
    from autograder.hidden import regularization as hidden
    answers = {name: value for name, value in reference.load(LESSON).items() if name.endswith("_prediction")}
    assert len(answers) >= 2
    for name in answers:
        assert hidden.EXPLANATIONS.get(name), name
    for bug in catalogue(LESSON):
        if bug.function.endswith("_prediction"):
            assert bug.phrase in hidden.EXPLANATIONS[bug.function] or bug.phrase == str(answers[bug.function])


def test_the_identity_holds_for_enumerated_masks_by_hand():
    """The notebook's claim, independent of any solution: geometric mean over masks."""
    rng = np.random.default_rng(3)
    D, K, p = 4, 3, 0.3
    W, b, x = rng.normal(size=(D, K)), rng.normal(size=K), rng.normal(size=D)
    log_mean = np.zeros(K)
    for m in itertools.product((0, 1), repeat=D):
        m = np.array(m, dtype=float)
        s = (m * x) @ W + b
        log_mean += (1 - p) ** m.sum() * p ** (D - m.sum()) * (s - np.log(np.exp(s).sum()))
    g = np.exp(log_mean) / np.exp(log_mean).sum()
    s = (1 - p) * x @ W + b
    np.testing.assert_allclose(g, np.exp(s) / np.exp(s).sum(), rtol=1e-12)
