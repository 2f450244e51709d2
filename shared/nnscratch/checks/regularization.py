"""Visible checks for lesson 06, regularization, dropout and batch normalisation.

``check_<name>(fn)`` runs your function on the small inputs of :func:`visible_inputs` and
compares with the expected results stored in ``fixtures/06_regularization.json`` (see
``core``). What is judged, beyond the values:

* the penalties return a gradient for every parameter (zeros for the biases), also compared
  with central differences of *your own* penalty value;
* ``dropout_forward`` must raise ``ValueError`` for a drop probability outside [0, 1), and
  is called with a random generator in a known state, so its mask is checked exactly. At
  test time two things that the values cannot show are judged too: ``out`` must be a new
  array (not ``X`` itself or a view of it) and nothing may be drawn from ``rng``. They are
  observed in the call itself (:func:`_observed`), as a third part of the result named
  ``at test time``, so a grading kernel records them as plain data like the values;
* ``early_stopping`` may return ``None``: in the messages a ``None`` is shown as -1;
* ``batchnorm_forward`` is judged on ``out`` only (its cache is yours to design), and
  ``batchnorm_backward`` on the caches of *your* ``batchnorm_forward``: the check runs your
  forward pass, then your ``(dX, dgamma, dbeta)``, and compares them with the expected values
  and with central differences of ``sum(out * dout)``, ``out`` from your forward pass
  (``Exercise(upstream="dout")``).
"""
from __future__ import annotations

import numpy as np

from .core import Exercise, Prediction, Raises, check_functions

LESSON = "06_regularization"


# ---------------------------------------------------------------- the visible inputs
def visible_inputs() -> dict:
    """The arguments of every visible check, by function name (in signature order)."""
    two_layers = {"W1": np.array([[0.5, -1.0], [2.0, 0.0], [-0.25, 1.5]]), "b1": np.array([0.3, -0.7]),
                  "W2": np.array([[1.0, -2.0, 0.5], [0.0, 0.75, -1.25]]), "b2": np.array([0.1, 0.0, -0.2])}
    spread = {"W": np.array([[0.25], [0.25], [0.25], [0.25]]), "b": np.array([2.0])}
    bias_first = {"b1": np.array([1.0, -1.0]), "W1": np.array([[0.0, 3.0], [-2.0, 0.0]]),
                  "W2": np.array([[0.5], [-0.5]]), "b2": np.array([4.0])}
    X = np.array([[1.0, -2.0, 0.5, 3.0], [0.0, 1.5, -1.0, 2.0], [-0.5, 0.25, 4.0, -3.0]])
    dout = np.array([[0.5, -1.0, 2.0, 0.1], [1.0, 0.3, -0.2, -2.0], [0.7, 0.0, 1.5, -0.4]])
    half = np.array([[2.0, 0.0, 2.0, 2.0], [0.0, 0.0, 2.0, 0.0], [2.0, 2.0, 0.0, 2.0]])
    fifth = np.array([[1.25, 1.25, 0.0, 1.25], [0.0, 1.25, 1.25, 1.25], [1.25, 1.25, 1.25, 0.0]])
    W = np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.7], [-0.4, 0.8, 1.1], [0.9, -0.6, 0.0]])
    b = np.array([0.1, -0.3, 0.2])
    Xb = np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0], [-0.5, 0.25, 4.0], [2.0, 1.0, -3.0]])
    return {
        "l2_penalty": [dict(params=two_layers, lam=0.1), dict(params=spread, lam=1.0),
                       dict(params=bias_first, lam=0.5), dict(params=two_layers, lam=0.0)],
        "l1_penalty": [dict(params=two_layers, lam=0.1), dict(params=spread, lam=1.0),
                       dict(params=bias_first, lam=0.5), dict(params={"W": np.zeros((2, 2)), "b": np.ones(2)}, lam=0.3)],
        "dropout_forward": [dict(X=X, p=0.5, train=True, rng=np.random.default_rng(0)),
                            dict(X=X, p=0.2, train=True, rng=np.random.default_rng(1)),
                            dict(X=X, p=0.5, train=False, rng=np.random.default_rng(2)),
                            dict(X=X[:1], p=0.3, train=True, rng=np.random.default_rng(3)),
                            dict(X=X, p=0.0, train=True, rng=np.random.default_rng(4))],
        "dropout_backward": [dict(dout=dout, cache=half), dict(dout=dout, cache=fifth),
                             dict(dout=dout, cache=np.ones((3, 4))), dict(dout=dout[:1], cache=half[:1])],
        "early_stopping": [dict(val_losses=[1.0, 0.8, 0.7, 0.75, 0.9], patience=2),
                           dict(val_losses=[1.0, 0.8, 0.7, 0.75, 0.9], patience=3),
                           dict(val_losses=[0.5, 0.4, 0.45, 0.4, 0.6, 0.7, 0.8], patience=3),
                           dict(val_losses=[0.5, 0.4, 0.45, 0.4, 0.6, 0.7, 0.8], patience=4),
                           dict(val_losses=[0.3, 0.2], patience=0),
                           dict(val_losses=[0.5], patience=1),
                           dict(val_losses=[], patience=2)],
        "dropout_ensemble_linear": [dict(W=W[:3, :2], b=b[:2], x=np.array([1.0, -2.0, 0.5]), p=0.5),
                                    dict(W=W, b=b, x=np.array([0.5, 1.0, -1.0, 2.0]), p=0.2),
                                    dict(W=W[:1, :2], b=b[:2], x=np.array([3.0]), p=0.7),
                                    dict(W=W, b=b, x=np.array([1.0, 0.0, -2.0, 1.0]), p=0.0)],
        "batchnorm_forward": [dict(X=Xb, gamma=np.array([1.0, 2.0, -0.5]), beta=np.array([0.0, 1.0, 3.0]), eps=1e-5),
                              dict(X=Xb[:2, :2], gamma=np.ones(2), beta=np.zeros(2), eps=1e-5),
                              dict(X=np.column_stack([Xb[:, 0], np.full(4, 7.0)]), gamma=np.array([1.5, 1.0]),
                                   beta=np.array([0.5, -1.0]), eps=1e-5),
                              dict(X=Xb, gamma=np.ones(3), beta=np.zeros(3), eps=0.5)],
        "batchnorm_backward": [dict(X=Xb, gamma=np.array([1.0, 2.0, -0.5]), beta=np.array([0.0, 1.0, 3.0]),
                                    dout=Xb[::-1] * np.array([0.5, -1.0, 2.0])),
                               dict(X=Xb[:2, :2], gamma=np.array([0.5, 1.5]), beta=np.zeros(2),
                                    dout=np.array([[1.0, -1.0], [0.5, 2.0]])),
                               dict(X=Xb[:, :1] * 3.0, gamma=np.array([-2.0]), beta=np.array([1.0]),
                                    dout=np.array([[1.0], [0.5], [-0.5], [-2.0]]))],
    }


# ---------------------------------------------------------------- adapting results
class Adapted(Exercise):
    """An exercise whose function is judged through ``compose`` even without ``uses``
    (the part of the result that is checked, or a ``None`` made comparable)."""

    def target(self, fn, *uses):
        if self.uses:
            return super().target(fn, *uses)
        return self.compose(fn)


NONE_AS = -1   # how a returned None is shown and compared


def _none_as_number(early_stopping):
    def judged(val_losses, patience):
        result = early_stopping(val_losses, patience)
        return NONE_AS if result is None else result
    judged.__name__ = getattr(early_stopping, "__name__", "early_stopping")
    return judged


def _in_words(value) -> str:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value == NONE_AS:
        return "None (keep training)"
    return repr(value)


def _explain_stop(got, expected, args) -> str:
    right = _in_words(expected)
    if right != "None (keep training)":
        right += f" (stop, and keep the parameters of epoch {expected})"
    return f"In words: your function returned {_in_words(got)}; the right answer is {right}."


SHARES, DRAWS = "out is X itself or a view of it", "something was drawn from rng"


def _observed(dropout_forward):
    """``dropout_forward`` seen as ``(out, cache, facts)``: at test time ``facts`` says whether
    ``out`` shares memory with ``X`` and whether ``rng`` changed state during the call (an empty
    dict at training, where the mask already shows every draw). They are observed where the
    function runs, on the very arrays it received, so they survive the record of a grading
    kernel, where ``out`` and ``X`` are only numbers."""
    def judged(X, p, train, rng):
        before = rng.bit_generator.state if isinstance(rng, np.random.Generator) else None
        result = dropout_forward(X, p, train, rng)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise TypeError("dropout_forward must return a pair (out, cache)")
        if train:
            return result[0], result[1], {}
        try:
            shares = bool(np.shares_memory(result[0], X))
        except (TypeError, ValueError):
            shares = False
        drawn = before is not None and rng.bit_generator.state != before
        return result[0], result[1], {SHARES: shares, DRAWS: bool(drawn)}
    judged.__name__ = getattr(dropout_forward, "__name__", "dropout_forward")
    return judged


def _explain_dropout(got, expected, args) -> str | None:
    try:
        facts = got[2]
        if facts.get(SHARES):
            return ("What the check saw: at test time np.shares_memory(out, X) is True for yours, so "
                    "out is X itself or a view of it, not a new array.")
        if facts.get(DRAWS):
            return ("What the check saw: at test time the state of rng changed during your call, so "
                    "something was drawn from it.")
    except (TypeError, AttributeError, IndexError, KeyError):
        return None
    return None


def _out_only(forward):
    def judged(X, gamma, beta, eps):
        result = forward(X, gamma, beta, eps)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise TypeError("batchnorm_forward must return a pair (out, cache)")
        return result[0]
    judged.__name__ = getattr(forward, "__name__", "batchnorm_forward")
    return judged


def _with_forward(backward, forward):
    """``(out, dX, dgamma, dbeta)``: the student's forward pass, then their backward pass on
    its cache."""
    def judged(X, gamma, beta, dout):
        out, cache = forward(X, gamma, beta)
        dX, dgamma, dbeta = backward(dout, cache)
        return out, dX, dgamma, dbeta
    judged.__name__ = getattr(backward, "__name__", "batchnorm_backward")
    return judged


def _three_rows(args) -> bool:
    """Central differences are compared from N = 3 rows: with N = 2 every normalised column is
    +-1 whatever X is, so dX is of the size of eps and its relative error means nothing."""
    return np.shape(args["X"])[0] >= 3


def _explain_backward(got, expected, args) -> str | None:
    try:
        same_out = np.allclose(np.asarray(got[0], dtype=float), np.asarray(expected[0], dtype=float),
                               rtol=1e-7, atol=1e-10)
    except (TypeError, ValueError, IndexError):
        return None
    if not same_out:
        return ("`out` comes from YOUR batchnorm_forward, and it is wrong: make batchnorm_forward "
                "pass its checks first.")
    return None


def _no_tiny_weights(args) -> bool:
    """|w| has a kink at 0: central differences are compared when every weight is exactly 0
    (where the subgradient 0 is what they give) or farther from 0 than the step h."""
    return all(np.all((np.asarray(v) == 0) | (np.abs(v) > 1e-3))
               for k, v in args["params"].items() if k.startswith("W"))


def _explain_penalty(got, expected, args) -> str | None:
    try:
        grads = got[1]
        for key, value in args["params"].items():
            if not key.startswith("W") and np.any(np.asarray(grads[key], dtype=float) != 0):
                return f"`{key}` is a bias (its key does not start with W): its gradient must be zeros."
    except (TypeError, KeyError, IndexError, ValueError):
        return None
    return None


_IN_PLACE = {"modified its input `params` in place": (
    "an update such as params[key] *= ... or grads = params (the same dict). Build a new dict of "
    "new arrays: the training loop keeps using params")}

EXERCISES = {
    "l2_penalty": Exercise(outputs=("value", "grads"), gradients={"params": "grads"}, explain=_explain_penalty, phrases=_IN_PLACE, hints=(
        "Loop over params.items(): a key starting with 'W' is a weight, anything else is a bias.",
        "The value adds up lam times the squares of every weight entry; every key, bias or not, "
        "gets an entry in grads (np.zeros_like for a bias).",
        "Differentiate lam * w**2 for one entry w: that expression, applied to the whole array, "
        "is the gradient of a weight array.")),
    "l1_penalty": Exercise(outputs=("value", "grads"), gradients={"params": "grads"},
                           gradient_when=_no_tiny_weights, explain=_explain_penalty, phrases=_IN_PLACE, hints=(
        "Same loop as l2_penalty, with absolute values instead of squares.",
        "The slope of |w| is +1 for w > 0 and -1 for w < 0; at exactly 0 this course uses 0.",
        "One NumPy function gives +1, -1 and 0 in exactly those three cases.")),
    "dropout_forward": Adapted(outputs=("out", "cache", "at test time"), compose=_observed,
                               explain=_explain_dropout, raises=(
        Raises(args=dict(X=np.ones((2, 3)), p=1.0, train=True, rng=np.random.default_rng(0)), error=ValueError,
               mistake="p = 1 is accepted: it drops every unit and divides by 1 - p = 0. Check "
                       "0 <= p < 1 first and raise ValueError otherwise"),
        Raises(args=dict(X=np.ones((2, 3)), p=-0.1, train=True, rng=np.random.default_rng(0)), error=ValueError,
               mistake="a negative p is accepted. Check 0 <= p < 1 first and raise ValueError otherwise"),
        Raises(args=dict(X=np.ones((2, 3)), p=1.5, train=False, rng=np.random.default_rng(0)), error=ValueError,
               mistake="p > 1 is accepted at test time. Check p before looking at `train`")),
        hints=(
        "At test time nothing is dropped: return a copy of X and a mask of ones.",
        "At training draw rng.random(X.shape) once; a unit is kept where the draw is >= p (so "
        "with probability 1 - p).",
        "A kept unit survives with probability 1 - p; divide the boolean mask by the number that "
        "makes the expected value of out equal to X, and multiply X by the result.")),
    "dropout_backward": Exercise(hints=(
        "In the forward pass out = X * M, with M a constant array.",
        "The derivative of X * M with respect to X is M, entry by entry: multiply dout by the "
        "mask, scaling included.")),
    "early_stopping": Adapted(compose=_none_as_number, explain=_explain_stop, hints=(
        "Find the best epoch: the index of the lowest loss. When several epochs tie, take the "
        "first one (np.argmin does).",
        "Count how many epochs came after the best one: len(val_losses) - 1 - best.",
        "Return best when that count is at least patience, else None; an empty list gives None.")),
    "dropout_ensemble_linear": Exercise(hints=(
        "itertools.product((0, 1), repeat=D) enumerates all 2**D masks; a mask with k ones has "
        "probability (1 - p)**k * p**(D - k).",
        "A geometric mean weighted by probabilities is exp of the weighted mean of logs: sum "
        "weight * log softmax(...) over the masks.",
        "Compute log softmax stably (scores minus their max minus log-sum-exp), then exponentiate "
        "the weighted sum (subtract its max first) and divide by the total so the K values sum "
        "to 1.")),
    "batchnorm_forward": Adapted(compose=_out_only, hints=(
        "Every column (feature) is normalised with the mean and variance of that column over the "
        "batch: axis=0.",
        "np.var divides by N (ddof=0), which is what batch normalisation uses. eps goes inside "
        "the square root.",
        "scale X_hat by gamma and shift it by beta; return that with a cache of what the backward pass needs "
        "(X_hat, gamma and 1 / sqrt(var + eps) are enough).")),
    "batchnorm_backward": Exercise(
        outputs=("out", "dX", "dgamma", "dbeta"), uses=("batchnorm_forward",), compose=_with_forward,
        gradients={"X": "dX", "gamma": "dgamma", "beta": "dbeta"}, upstream="dout",
        gradient_when=_three_rows,
        explain=_explain_backward, hints=(
            "dbeta and dgamma: beta_j and gamma_j touch every row of column j, so sum over the "
            "batch (for dgamma weighted by X_hat).",
            "Let g = dout * gamma, the gradient with respect to X_hat. X_hat = (X - mu) * inv_std, "
            "and mu and inv_std depend on every X of the column: three paths from X to X_hat.",
            "Backpropagate through the graph one node at a time: d inv_std = sum(g * (X - mu)); "
            "d var = -0.5 inv_std**3 d inv_std; d mu collects -inv_std * sum(g) and the variance's "
            "share; finally dX = g * inv_std + d var * 2 (X - mu) / N + d mu / N.")),
    "pull_prediction": Prediction(choices=("a", "b", "c"), hints=(
        "The pull of a penalty on a weight is the size of its derivative with respect to that "
        "weight.",
        "Does the derivative of w**2 depend on the size of w? Does the slope of |w|, away from 0?")),
    "stop_prediction": Prediction(rtol=0.0, hints=(
        "Walk through the list one epoch at a time and keep track of the best epoch so far; only a "
        "strictly lower loss makes a new best.",
        "After each epoch, count the epochs since the best one: training stops as soon as that "
        "count reaches the patience, and keeps the best epoch of that moment.")),
    "ensemble_prediction": Prediction(rtol=0.01, hints=(
        "The formula above gives the squared error of an average of k models from v and c: find "
        "k, v and c in the question.",
        "Write the formula as c + (v - c) / k: the shared part c stays whatever k is, only the "
        "uncorrelated part v - c is divided by k.")),
}

__getattr__ = check_functions(LESSON, EXERCISES)
