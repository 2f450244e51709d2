"""Visible checks for lesson 04, multi-layer perceptrons and backpropagation.

``check_<name>(fn)`` runs your function on the small inputs of :func:`visible_inputs` and
compares with the expected results stored in ``fixtures/04_mlp_backprop.json`` (see ``core``).
``EXERCISES`` says how each function is judged and holds its hints.

* The layer functions come in forward/backward pairs. A backward function is called with a
  cache built as the lesson pins it (``linear_forward``: ``(X, W, b)``; ``relu_forward``: its
  input ``U``; ``sigmoid_forward`` and ``tanh_forward``: their output), so it is judged on
  its own, whatever your forward function does.
* ``mse_loss`` and ``mlp_loss_and_grad`` return a loss and its gradient: the gradient is also
  compared with central differences of *your own* loss (h = 1e-5, relative error <= 1e-6).
  When ``mlp_loss_and_grad`` is wrong, the message says which gradient is wrong first,
  counting from the output layer, and how (the expected gradients are listed, and compared,
  from the output layer down).
* One ``mlp_loss_and_grad`` case has integer inputs and weights, so some ReLU pre-activations
  are exactly 0, on the kink. Backpropagation with the lesson's f'(0) = 0 is exact there;
  central differences average the two slopes, so that case is compared with the expected
  gradients only (see :func:`on_the_kink`).
* ``numerical_gradient`` is tried on the scalar functions at the end of this module.
* ``mlp_init`` gets a copy of a random generator in a fixed state: draw exactly as the
  docstring says, and your weights are the expected ones.
"""
from __future__ import annotations

import numpy as np

from .core import Exercise, Prediction, check_functions, compare

LESSON = "04_mlp_backprop"


# ---------------------------------------------------------------- scalar functions for numerical_gradient
def wavy(x):
    """``sum(sin(x) * x**2)``: smooth, curved, of any shape."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(np.sin(x) * x * x))


def weighted_squares(x):
    """``sum(c * x**2)`` with ``c = 1, 2, 3, ...`` in the order of ``x``'s entries: every entry
    has its own weight, so a gradient written to the wrong index shows."""
    x = np.asarray(x, dtype=float)
    c = np.arange(1.0, x.size + 1.0).reshape(x.shape)
    return float(np.sum(c * x * x * x) / 3.0 + np.sum(c * x * x))


def log_sum_exp(x):
    """``log(sum(exp(x)))`` over all entries (computed without overflow)."""
    x = np.asarray(x, dtype=float)
    m = float(np.max(x))
    return m + float(np.log(np.sum(np.exp(x - m))))


# ---------------------------------------------------------------- the visible inputs
def _params(sizes, seed, bias=0.3):
    """Parameters of an MLP with layer sizes ``sizes``, fixed by ``seed``, non-zero biases."""
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = np.round(rng.normal(0.0, 1.0, size=(sizes[l - 1], sizes[l])), 2)
        params[f"b{l}"] = np.round(rng.normal(0.0, bias, size=sizes[l]), 2)
    return params


# Integer inputs and weights: U1 = X_kink @ W1 + b1 is exactly 0 at (1, 0) and (3, 3), ReLU's kink.
X_kink = np.array([[1.0, 2.0, -1.0], [0.0, 1.0, 1.0], [2.0, -1.0, 0.0], [-1.0, 0.0, 2.0]])
_KINK = {"W1": np.array([[1.0, -1.0, 0.0, 2.0], [-1.0, 1.0, 1.0, 0.0], [1.0, 0.0, -2.0, 1.0]]),
         "b1": np.array([0.0, 1.0, -1.0, 0.0]),
         "W2": np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0], [-1.0, 0.0, 1.0], [1.0, 0.0, -1.0]]),
         "b2": np.array([0.0, 1.0, -1.0])}


def on_the_kink(args) -> bool:
    """Is this ``mlp_loss_and_grad`` case one of the kink cases: ReLU, and integer inputs and
    weights, chosen so that some hidden pre-activations are exactly 0?

    There the loss has a kink along some parameters. Backpropagation with the lesson's
    f'(0) = 0 gives the expected gradient exactly; central differences straddle the kink and
    average the two slopes, so these cases are not checked against central differences.
    """
    if args.get("activation") != "relu":
        return False
    arrays = [np.asarray(args["X"], dtype=float), *(np.asarray(v, dtype=float) for v in args["params"].values())]
    return all(np.array_equal(a, np.round(a)) for a in arrays)


def _gradient_checked(args) -> bool:
    """Small enough for central differences, and no pre-activation on ReLU's kink."""
    return sum(np.size(v) for v in args["params"].values()) <= 80 and not on_the_kink(args)


def visible_inputs() -> dict:
    """The arguments of every visible check, by function name (in signature order)."""
    X = np.array([[1.0, -2.0], [0.5, 0.0], [-1.5, 3.0]])
    W = np.array([[0.2, -0.4, 1.0, 0.0], [0.7, 0.1, -0.3, 0.5]])
    b = np.array([0.1, -0.2, 0.0, 0.3])
    X3 = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-2.0, 1.0, 0.0], [0.0, 3.0, 1.0]])
    W3 = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.6, 0.4, 0.9]])
    b3 = np.array([0.5, 0.0, -0.25])
    U = np.array([[-1.5, 0.0, 2.0], [0.3, -0.2, 0.0]])
    U3 = np.array([[[1.0, -1.0], [0.0, 2.5]], [[-3.0, 0.5], [4.0, -0.1]]])
    U_huge = np.array([[-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4]])
    G = np.array([[0.5, -1.0, 2.0], [1.0, 0.25, -0.75]])
    G3 = np.array([[[0.5, 2.0], [-1.0, 1.0]], [[1.5, -0.5], [2.0, 3.0]]])
    S_out = np.array([[0.1, 0.5, 0.9], [0.3, 0.999, 0.02]])         # sigmoid outputs
    T_out = np.array([[-0.9, 0.0, 0.5], [0.99, -0.3, 0.7]])         # tanh outputs
    X4 = np.array([[1.0, 0.5, -0.5, 2.0], [-1.0, 0.0, 1.5, 0.5], [0.25, -2.0, 0.0, 1.0],
                   [2.0, 1.0, 1.0, -1.0], [-0.5, 0.75, -1.25, 0.0]])
    dout3 = np.array([[1.0, -0.5, 0.25], [0.0, 2.0, -1.0], [0.5, 0.5, 0.5], [-1.0, 1.0, 0.0]])
    dout4 = np.array([[1.0, -1.0, 0.5, 0.0], [0.2, 0.3, -0.4, 1.0], [-2.0, 0.0, 1.0, 0.5]])
    Yp = np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 0.5], [-0.5, -1.5, 1.0], [0.0, 0.25, 3.0]])
    Yt = np.array([[1.0, 1.0, 0.0], [1.5, -0.5, 0.5], [0.0, -1.0, 2.0], [0.5, 0.0, 2.0]])
    return {
        "linear_forward": [dict(X=X, W=W, b=b), dict(X=X3, W=W3, b=b3),
                           dict(X=X[1:2], W=W, b=b), dict(X=X[:, :1], W=W[:1], b=b)],
        "linear_backward": [dict(dout=dout3, cache=(X3, W3, b3)), dict(dout=dout4, cache=(X, W, b)),
                            dict(dout=dout4[2:3], cache=(X[2:3], W, b)),
                            dict(dout=dout3[:, :2], cache=(X3, W3[:, :2], b3[:2]))],
        "relu_forward": [dict(U=U), dict(U=U3), dict(U=np.array([-2.0, 0.0, 3.0])), dict(U=U[1:])],
        "relu_backward": [dict(dout=G, cache=U), dict(dout=G3, cache=U3), dict(dout=G[:1], cache=U[:1])],
        "sigmoid_forward": [dict(U=U), dict(U=U3), dict(U=U_huge)],
        "sigmoid_backward": [dict(dout=G, cache=S_out), dict(dout=G[1:], cache=S_out[1:]),
                             dict(dout=np.ones((2, 3)), cache=S_out)],
        "tanh_forward": [dict(U=U), dict(U=U3), dict(U=U_huge)],
        "tanh_backward": [dict(dout=G, cache=T_out), dict(dout=G[1:], cache=T_out[1:]),
                          dict(dout=np.ones((2, 3)), cache=T_out)],
        "mse_loss": [dict(Y_pred=Yp, Y=Yt), dict(Y_pred=Yp[1:2], Y=Yt[1:2]),
                     dict(Y_pred=Yp[:, :1], Y=Yt[:, :1]), dict(Y_pred=Yt, Y=Yt)],
        "numerical_gradient": [dict(f=wavy, x=np.array([0.5, -1.0, 2.0, 3.0]), h=1e-5),
                               dict(f=weighted_squares, x=np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0]]), h=1e-5),
                               dict(f=log_sum_exp, x=np.array([[[0.1, 2.0], [-1.0, 0.5]], [[3.0, 0.0], [1.0, -2.0]]]), h=1e-4),
                               dict(f=wavy, x=np.array([1.0, -0.5, 2.5]), h=1e-2),
                               dict(f=weighted_squares, x=np.array([0.7]), h=1e-5)],
        "mlp_init": [dict(layer_sizes=[3, 4, 2], rng=np.random.default_rng(0)),
                     dict(layer_sizes=[2, 5, 3, 4], rng=np.random.default_rng(1)),
                     dict(layer_sizes=[5, 2], rng=np.random.default_rng(2)),
                     dict(layer_sizes=[4, 6, 5, 3, 2], rng=np.random.default_rng(3))],
        "mlp_loss_and_grad": [
            dict(params=_params([3, 3, 3], 0), X=X3, y=np.array([0, 2, 1, 1]), activation="relu"),
            dict(params=_params([4, 3, 3, 3], 1), X=X4, y=np.array([2, 0, 1, 1, 0]), activation="sigmoid"),
            dict(params=_params([4, 5, 3], 2), X=X4[:1], y=np.array([2]), activation="tanh"),
            dict(params=_params([3, 2], 3), X=X3, y=np.array([1, 0, 0, 1]), activation="relu"),
            dict(params=_params([4, 4, 3, 4, 3], 4), X=X4, y=np.array([0, 1, 2, 2, 1]), activation="relu"),
            dict(params=_params([4, 3, 2], 5), X=X4, y=np.array([1, 0, 1, 1, 0]), activation="tanh"),
            dict(params=_KINK, X=X_kink, y=np.array([1, 0, 0, 2]), activation="relu"),   # U1[1, 0] = U1[3, 3] = 0
        ],
        "mlp_predict": [
            dict(params=_params([3, 4, 3], 6), X=X3, activation="relu"),
            dict(params=_params([4, 3, 5, 4], 7), X=X4, activation="sigmoid"),
            dict(params=_params([3, 2], 8), X=X3, activation="relu"),
            dict(params=_params([4, 5, 3], 9), X=X4[3:4], activation="tanh"),
            dict(params={**_params([4, 3, 3], 10), "b2": np.array([-9.0, -8.0, -9.5])}, X=X4,
                 activation="relu"),
        ],
    }


# ---------------------------------------------------------------- locating a wrong backward pass
def _how(got, want, N: int, name: str, layer: int, L: int, activation: str, kink: bool = False) -> str:
    """How gradient ``got`` of parameter ``name`` differs from ``want`` (``kink``: the case puts
    pre-activations exactly on ReLU's kink)."""
    g = np.asarray(got, dtype=float)
    w = np.asarray(want, dtype=float)
    if g.shape != w.shape:
        text = f"it has shape {g.shape} instead of {w.shape}, the shape of {name}"
        if g.ndim == 2 and g.shape == w.shape[::-1]:
            text += " (transposed: dW = A.T @ delta, with A the layer's input)"
        elif name.startswith("b"):
            text += " (a bias gradient sums delta over the batch, the rows)"
        return text + "."
    if not np.isfinite(g).all():
        return "it contains nan or inf."
    scale = np.abs(w).max(initial=0.0)
    if scale > 0:
        ratios = [(N, f"it is N = {N} times too large: the loss is a mean, so 1/N belongs in "
                      "delta of the scores, (P - Y) / N"),
                  (1.0 / N, f"it is N = {N} times too small: 1/N is applied twice (once in delta "
                            "of the scores is enough; the other gradients only sum)"),
                  (-1.0, "its sign is flipped: delta of the scores is (P - Y) / N, not (Y - P) / N")]
        for ratio, text in ratios:
            if N != 1 or ratio == -1.0:
                if np.allclose(g, ratio * w, rtol=1e-6, atol=1e-12 * scale):
                    return text + "."
    if layer == L:
        return ("this is the output layer, so the scores' delta (P - Y) / N or the input of this "
                "layer (the activation of the layer below) is wrong.")
    if kink:
        return (f"everything above hidden layer {layer} is right, and this case puts some "
                "pre-activations exactly on ReLU's kink, U = 0 (its inputs and weights are "
                "integers), where the lesson takes f'(0) = 0. Backpropagation with that f' gives "
                "the expected gradients exactly. Gradients estimated numerically (central "
                "differences) instead of by backpropagation average the kink's two slopes there; "
                "f'(0) = 1 (U >= 0 instead of U > 0) passes the delta through. Compute the "
                "gradients with the backward pass and relu_backward's f'(0) = 0.")
    return (f"everything above hidden layer {layer} is right, so the mistake is in the delta that "
            f"enters it: the delta of layer {layer + 1} times W{layer + 1}.T (not W{layer + 1}), then "
            f"multiplied entry by entry by the derivative f' of this layer's activation "
            f"({activation}) at this layer's pre-activation U{layer}. Is f' missing, or computed "
            "from the wrong quantity?")


def locate_backprop_error(got, expected, args) -> str | None:
    """For a wrong ``mlp_loss_and_grad``: the first wrong gradient counting from the output,
    and how it is wrong; or why the loss is wrong."""
    if not (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], dict)):
        return None
    loss, grads = got
    want_loss, want = expected
    L = len(want) // 2
    N = int(np.shape(args["X"])[0])
    lines = []
    if compare(loss, want_loss, "loss") is not None:
        lines.append("The loss itself is wrong, so start with the forward pass: every hidden layer "
                     "is affine then the activation, the last layer is affine only (no activation "
                     "on the scores), and the loss is the mean cross-entropy over the batch.")
    for layer in range(L, 0, -1):
        for name in (f"W{layer}", f"b{layer}"):
            if name not in grads:
                lines.append(f"grads has no {name!r}: the network has {L} layers here "
                             f"(keys W1..W{L}); does your code handle any depth?")
                return " ".join(lines)
            if compare(grads[name], want[name], name) is None:
                continue
            where = "the output layer" if layer == L else f"hidden layer {layer}"
            lines.append(f"Counting from the output, the first wrong gradient is grads[{name!r}] "
                         f"({where}, of {L} layers): "
                         + _how(grads[name], want[name], N, name, layer, L, args["activation"],
                                on_the_kink(args)))
            return " ".join(lines)
    return " ".join(lines) or None


# ---------------------------------------------------------------- the exercises
_W_T = ("the upstream gradient must go through W.T, not W: dX = dout @ W.T has the shape "
        "(N, D) of X")

EXERCISES = {
    "collapse_prediction": Prediction(choices=("a", "b", "c")),
    "linear_forward": Exercise(
        outputs=("out", "cache"),
        hints=("A batch of inputs times the weight matrix gives one row of scores per input; "
               "the bias is added to every row.",
               "With X of shape (N, D) and W of shape (D, M), X @ W has shape (N, M), and NumPy "
               "broadcasting adds b of shape (M,) to each row.",
               "Return two things: the scores, and the tuple of the three inputs (in the order "
               "X, W, b) for the backward pass.")),
    "relu_forward": Exercise(
        outputs=("out", "cache"),
        hints=("ReLU keeps positive numbers and replaces negative ones by 0, entry by entry.",
               "np.maximum (with an m at the end) compares entry by entry; np.max reduces an "
               "array to its largest value. You want the first, with 0.0 as second argument.",
               "Return the result and the input U itself as the cache (never change U in "
               "place).")),
    "sigmoid_forward": Exercise(
        outputs=("out", "cache"), forbid_warnings=True,
        hints=("1 / (1 + exp(-u)) overflows for u = -1e4 (exp(1e4) is inf). Only exponentiate "
               "numbers <= 0.",
               "With e = exp(-|u|): for u >= 0 the sigmoid is 1 / (1 + e); for u < 0 it is "
               "e / (1 + e) (multiply numerator and denominator by exp(u)).",
               "np.where(condition, a, b) picks entry by entry; both branches are computed, so "
               "both must be safe. The cache is the output.")),
    "tanh_forward": Exercise(
        outputs=("out", "cache"), forbid_warnings=True,
        hints=("NumPy's np.tanh is accurate and never overflows; writing tanh with exponentials "
               "overflows for large |u|.",
               "The cache is the output of the layer, not its input: tanh_backward will need "
               "tanh(U).")),
    "linear_backward": Exercise(
        outputs=("dX", "dW", "db"),
        phrases={"mismatch in its core dimension": _W_T, "shapes": _W_T},
        hints=("Every gradient has the shape of the array it belongs to: dX like X (N, D), dW "
               "like W (D, M), db like b (M,).",
               "Only one product of dout (N, M) with W or W.T gives (N, D); only one product of "
               "X or X.T with dout gives (D, M).",
               "Every sample adds the same b, so db collects dout from every row: a sum over "
               "axis 0, not a mean (the 1/N is already inside dout).")),
    "relu_backward": Exercise(
        hints=("Where the ReLU was active (U > 0) it is the identity and passes dout through; "
               "elsewhere it is constant and passes 0.",
               "Multiply dout by the boolean mask of U > 0 (strictly: at U = 0 the derivative "
               "is taken as 0). Build a new array; do not zero entries of dout in place.")),
    "sigmoid_backward": Exercise(
        hints=("The cache holds s = sigmoid(U), the output, not U.",
               "The derivative of the sigmoid is s (1 - s), written with the output s itself; "
               "do not apply the sigmoid to the cache again.",
               "The chain rule: multiply the upstream gradient dout, entry by entry, by that "
               "derivative.")),
    "tanh_backward": Exercise(
        hints=("The cache holds t = tanh(U), the output, not U.",
               "The derivative of tanh is 1 - t squared, written with the output t itself.",
               "Multiply the upstream gradient dout, entry by entry, by that derivative.")),
    "numerical_gradient": Exercise(
        phrases={"modified its input `x` in place": (
            "x must hold exactly its original values when the function returns: save the entry "
            "before nudging it and put the saved value back afterwards (adding h and subtracting "
            "h again can leave a rounding error)")},
        hints=("One entry at a time: nudge x[index] up by h, evaluate f; down by h, evaluate f; "
               "the difference divided by 2h estimates that entry of the gradient.",
               "np.ndindex(x.shape) yields every index (a tuple) of an array of any shape; fill "
               "an array of zeros shaped like x, one entry per index.",
               "Keep the entry's value in a variable first; write value + h into x, evaluate, "
               "then value - h, evaluate, and finally write the kept value back. Use the h you "
               "are given.")),
    "mlp_init": Exercise(
        hints=("layer_sizes = [D, H1, ..., K] describes L = len(layer_sizes) - 1 affine layers; "
               "layer l maps layer_sizes[l - 1] inputs to layer_sizes[l] outputs.",
               "Loop l = 1, ..., L in this order; draw only the weights, with one call each of "
               "rng.normal(0.0, std, size=(fan_in, fan_out)), std = sqrt(2 / fan_in); the biases "
               "are np.zeros(fan_out).",
               "Keys are strings such as f\"W{l}\" and f\"b{l}\", counting from 1.")),
    "mlp_loss_and_grad": Exercise(
        outputs=("loss", "grads"), gradients={"params": "grads"},
        gradient_when=_gradient_checked,
        explain=locate_backprop_error,
        phrases={"mismatch in its core dimension": "the upstream gradient must go through W.T, "
                 "not W, on its way down (a matrix-product shape error)",
                 "KeyError": "your code expects a parameter that is not there: the number of "
                 "layers is half the number of entries of params: 1, 2, 3, ..."},
        hints=("The forward pass is a loop over l = 1..L: linear_forward, then (except for the "
               "last layer) the activation's forward. Append every cache to a list as you go.",
               "Pick the forward/backward pair of the activation once, e.g. from a dict "
               "{\"relu\": (relu_forward, relu_backward), ...}. The number of layers L is half "
               "the number of entries of params.",
               "softmax_cross_entropy(scores, y) gives the loss and the first delta. Then loop "
               "l = L, L - 1, ..., 1: for a hidden layer first the activation's backward, then "
               "linear_backward, which returns dW_l, db_l and the delta for the layer below.",
               "Store the gradients under the same keys as params (\"W3\", \"b3\", ...); the "
               "delta returned for the input X is simply not used.")),
    "mlp_predict": Exercise(
        hints=("Run the forward pass as in mlp_loss_and_grad, without caches and without the "
               "loss.",
               "No activation on the last layer, and no softmax needed: it keeps the order of the "
               "scores. The class is the argmax of each row (axis=1).")),
    "regions_prediction": Prediction(rtol=0.0),
    "vanishing_prediction": Prediction(choices=("a", "b", "c")),
    "mse_loss": Exercise(
        outputs=("loss", "dY_pred"), gradients={"Y_pred": "dY_pred"},
        gradient_when=lambda args: not np.array_equal(args["Y_pred"], args["Y"]),  # no 0 / 0
        hints=("The loss is the sum over all entries of the squared residual R = Y_pred - Y, "
               "divided by the number of rows N only (not by N * K).",
               "The derivative of r squared is 2 r; the 1/N of the mean stays in the gradient.")),
}

__getattr__ = check_functions(LESSON, EXERCISES)
