"""The check machinery itself: verdicts and messages on hand-made right and wrong answers."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from nnscratch.checks import core
from nnscratch.checks.fixtures import decode, dumps, encode


def case(args, expected, mistakes=()):
    return {"args": args, "expected": expected, "mistakes": list(mistakes)}


Z = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])


# ------------------------------------------------------------------ compare
def test_compare_accepts_equal_and_close_values():
    assert core.compare(Z + 1e-12, Z, "out") is None
    assert core.compare((Z, 2.0), (Z, 2.0), "out") is None
    assert core.compare({"W": Z}, {"W": Z}, "grads") is None


def test_compare_locates_the_largest_error():
    got = Z.copy()
    got[1, 2] = 5.0
    message = core.compare(got, Z, "the result")
    assert "1 of 6 entries differ" in message
    assert "largest error 6 at index (1, 2): expected -1, got 5" in message


@pytest.mark.parametrize("got, phrase", [
    (Z.T, "did you transpose?"),
    (np.float64(1.0), "did you sum or average over the batch?"),
    (Z[:, :, None], "has shape (2, 3, 1)"),
    (None, "did you forget `return`?"),
    ("text", "should be numeric"),
])
def test_compare_explains_wrong_kinds_and_shapes(got, phrase):
    assert phrase in core.compare(got, Z, "the result")


def test_compare_names_the_wrong_part_of_a_tuple_or_dict():
    assert "out[1]" in core.compare((Z, 1.0), (Z, 2.0), "out")
    assert "keys ['W'], expected ['W', 'b']" in core.compare({"W": Z}, {"W": Z, "b": 1.0}, "grads")
    assert "grads['b']" in core.compare({"W": Z, "b": 0.0}, {"W": Z, "b": 1.0}, "grads")
    assert "tuple of 2 values" in core.compare(Z, (Z, Z), "out")


# A notebook that patches NumPy inside its own kernel can fool these checks *there*; it
# cannot fool the grader, which replays the record in its own process. That guarantee is
# tested end to end by the hostile corpus ("patches-numpy" in tests/test_hostile.py).


def test_compare_unwraps_objects_that_claim_equality():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    assert core.compare((Z + 1).view(Liar), Z, "out") is not None


# ------------------------------------------------------------------ diagnose
def test_diagnose_recognises_generic_patterns():
    assert core.diagnose(-Z, Z, []) == "the sign is flipped"
    square = np.arange(4.0).reshape(2, 2)
    assert core.diagnose(square.T, square, []) == "the result is transposed"
    assert "nan or inf" in core.diagnose(np.array([np.inf, 1.0]), np.array([1.0, 1.0]), [])
    assert core.diagnose(Z * 3, Z, []) is None


def test_diagnose_prefers_a_known_mistake():
    mistakes = [{"mistake": "forgot the bias", "output": Z - 1}]
    assert core.diagnose(Z - 1, Z, mistakes) == "forgot the bias"


# ------------------------------------------------------------------ call
def test_call_reports_unfinished_functions():
    def stub(z):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="stub is not implemented yet"):
        core.call(stub, "stub", {"z": Z})


def test_call_reports_exceptions_with_the_inputs():
    with pytest.raises(AssertionError, match=r"f\(z=array of shape \(2, 3\).*raised ZeroDivisionError"):
        core.call(lambda z: 1 / 0, "f", {"z": Z})


def test_call_catches_in_place_modification_without_harming_the_caller():
    def scale(z):
        z *= 2
        return z

    original = Z.copy()
    with pytest.raises(AssertionError, match="modified its input `z` in place"):
        core.call(scale, "scale", {"z": Z})
    assert np.array_equal(Z, original)


def test_call_forbids_overflow_warnings_only_when_asked():
    naive = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    big = {"z": np.array([-1e4, 0.0])}
    assert core.call(naive, "sigmoid", big)[0] == 0.0
    with pytest.raises(AssertionError, match="overflow"):
        core.call(naive, "sigmoid", big, forbid_warnings=True)


def test_call_ignores_underflow():
    out = core.call(lambda z: np.exp(-np.abs(z)), "f", {"z": np.array([1e4])}, forbid_warnings=True)
    assert out[0] == 0.0


def test_call_forbids_named_numpy_functions_during_the_call_only():
    softplus = lambda z: np.logaddexp(0.0, z)  # noqa: E731
    original = np.logaddexp
    with pytest.raises(AssertionError, match="raised ForbiddenFunction: np.logaddexp is not allowed "
                                             "in softplus") as info:
        core.call(softplus, "softplus", {"z": Z}, forbid=("logaddexp",))
    assert "Likely mistake: " + core.FORBIDDEN_HINT in str(info.value)
    assert np.logaddexp is original
    assert np.allclose(core.call(softplus, "softplus", {"z": Z}), original(0.0, Z))
    with pytest.raises(AssertionError, match="np.logaddexp is not allowed"):   # and its methods
        core.call(lambda z: np.logaddexp.reduce(z), "softplus", {"z": Z}, forbid=("logaddexp",))


def test_raises_are_checked_before_a_custom_check():
    def strict(kind):
        if kind not in ("a", "b"):
            raise ValueError(f"kind must be 'a' or 'b', got {kind!r}")
        return 1

    exercise = core.Exercise(custom=lambda fn: fn("a") + fn("b"),
                             raises=(core.Raises({"kind": "c"}, ValueError),))
    assert core.run("f", exercise, strict, None) == 3
    with pytest.raises(AssertionError, match="instead of raising ValueError"):
        core.run("f", exercise, lambda kind: 1, None)


def test_call_rejects_non_functions():
    with pytest.raises(AssertionError, match="expected a function, got 3"):
        core.call(3, "f", {})


# ------------------------------------------------------------------ the runner / check_raises
def test_run_passes_and_counts(capsys):
    cases = [case({"z": Z}, Z * 2), case({"z": Z[0]}, Z[0] * 2)]
    assert core.run("double", core.Exercise(), lambda z: z * 2, cases) == 2
    assert capsys.readouterr().out == "double: all 2 visible checks passed.\n"


def test_run_message_names_function_inputs_and_mistake():
    cases = [case({"z": Z, "a": 2.0}, Z * 2, [{"mistake": "the slope is ignored", "output": Z}])]
    with pytest.raises(AssertionError) as info:
        core.run("scale", core.Exercise(), lambda z, a: z, cases)
    message = str(info.value)
    assert message.startswith("scale(z=array of shape (2, 3), dtype float64, a=2.0)")
    assert "Likely mistake: the slope is ignored." in message


def test_check_raises():
    def strict(kind):
        if kind not in ("a", "b"):
            raise ValueError(f"kind must be 'a' or 'b', got {kind!r}")

    core.check_raises(strict, "strict", {"kind": "c"}, ValueError, mentions=("'a'", "'b'"))
    with pytest.raises(AssertionError, match="does not mention 'z'"):
        core.check_raises(strict, "strict", {"kind": "c"}, ValueError, mentions=("z",))
    with pytest.raises(AssertionError, match="returned 1 instead of raising ValueError"):
        core.check_raises(lambda kind: 1, "lax", {"kind": "c"}, ValueError)


# ------------------------------------------------------------------ fixtures
arrays = hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
                    elements=st.floats(allow_nan=True, allow_infinity=True))


@given(arrays, st.floats(allow_nan=False), st.text(max_size=5))
def test_fixtures_round_trip_exactly(array, number, text):
    value = {"case": (array, number, text, None, [1, 2]), "x": {"nested": array}}
    back = decode(encode(value))
    assert back["case"][0].shape == array.shape and back["case"][0].dtype == array.dtype
    assert np.array_equal(back["case"][0], array, equal_nan=True)
    assert back["case"][1:] == (number, text, None, [1, 2])
    assert isinstance(back["case"], tuple)
    assert dumps(value) == dumps(back)


def test_fixtures_store_generators_by_state_and_functions_by_path():
    rng = np.random.default_rng(7)
    rng.normal(size=3)
    back = decode(encode({"rng": rng, "f": core.describe}))
    assert back["f"] is core.describe
    assert np.array_equal(back["rng"].normal(size=5), rng.normal(size=5))
    with pytest.raises(ValueError, match="top-level function"):
        encode(lambda x: x)
    assert core.describe(rng) == "a numpy random Generator"


# ------------------------------------------------------------------ backward passes
def _tanh_layer(backward):
    """``(out, dX)`` of a tanh layer, as a backward exercise's ``compose`` returns them."""
    def judged(X, dout):
        out = np.tanh(X)
        return out, backward(dout, out)
    return judged


TANH = core.Exercise(outputs=("out", "dX"), gradients={"X": "dX"}, upstream="dout")
X3, DOUT = np.array([[0.3, -1.2], [2.0, 0.1]]), np.array([[1.0, -0.5], [0.25, 2.0]])


def test_a_backward_pass_is_compared_with_central_differences_of_sum_out_times_dout():
    right = _tanh_layer(lambda dout, out: dout * (1 - out ** 2))
    expected = right(X3, DOUT)
    assert core.run("tanh_backward", TANH, right, [case({"X": X3, "dout": DOUT}, expected)]) == 1
    # A wrong backward pass whose values were (wrongly) taken as the expected ones: only the
    # central differences of sum(out * dout) can tell, and they say where.
    wrong = _tanh_layer(lambda dout, out: dout * (1 - out))
    with pytest.raises(AssertionError) as info:
        core.run("tanh_backward", TANH, wrong, [case({"X": X3, "dout": DOUT}, wrong(X3, DOUT))])
    message = str(info.value)
    assert "central differences of sum(out * dout) with `out` from your forward pass" in message
    assert "dX: shape (2, 2), relative error" in message


def test_a_wrong_backward_of_a_right_forward_is_located_by_central_differences():
    right = _tanh_layer(lambda dout, out: dout * (1 - out ** 2))
    ignores_dout = _tanh_layer(lambda dout, out: 1 - out ** 2)
    with pytest.raises(AssertionError) as info:
        core.run("tanh_backward", TANH, ignores_dout, [case({"X": X3, "dout": DOUT}, right(X3, DOUT))])
    message = str(info.value)
    assert "`dX` has wrong values" in message
    assert "Central differences of sum(out * dout) with `out` from your forward pass (which is right)" in message
