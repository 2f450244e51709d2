"""Realistic wrong implementations of the lesson-04 graded functions."""
import numpy as np

from . import Bug


# ---------------------------------------------------------------- layers
def _linear_forward_no_bias(X, W, b):
    X, W = np.asarray(X, dtype=float), np.asarray(W, dtype=float)
    return X @ W, (X, W, b)


def _linear_forward_cache_order(X, W, b):
    X, W, b = (np.asarray(a, dtype=float) for a in (X, W, b))
    return X @ W + b, (W, X, b)


def _linear_forward_cache_output(X, W, b):
    X, W, b = (np.asarray(a, dtype=float) for a in (X, W, b))
    out = X @ W + b
    return out, (out, W, b)


def _linear_backward(no_transpose=False, dW_transposed=False, db_mean=False, db_rows=False,
                     extra_N=False):
    def linear_backward(dout, cache):
        X, W, b = (np.asarray(a, dtype=float) for a in cache)
        dout = np.asarray(dout, dtype=float)
        dX = dout @ W if no_transpose else dout @ W.T
        dW = dout.T @ X if dW_transposed else X.T @ dout
        if extra_N:
            dW = dW / len(X)
        db = dout.mean(axis=0) if db_mean else (dout if db_rows else dout.sum(axis=0))
        return dX, dW, db
    return linear_backward


def _relu_forward_caches_output(U):
    out = np.maximum(np.asarray(U, dtype=float), 0.0)
    return out, out


def _relu_forward_in_place(U):
    U[U < 0] = 0.0
    return U, U


def _relu_forward_np_max(U):
    U = np.asarray(U, dtype=float)
    return np.max(U, 0), U


def _relu_backward_ge(dout, cache):
    return np.asarray(dout, dtype=float) * (np.asarray(cache) >= 0)


def _relu_backward_mask_only(dout, cache):
    return (np.asarray(cache) > 0).astype(float)


def _relu_backward_in_place(dout, cache):
    dout[np.asarray(cache) <= 0] = 0.0
    return dout


def _sigmoid_naive(U):
    out = 1.0 / (1.0 + np.exp(-np.asarray(U, dtype=float)))
    return out, out


def _sigmoid_caches_input(U):
    U = np.asarray(U, dtype=float)
    e = np.exp(-np.abs(U))
    return np.where(U >= 0, 1 / (1 + e), e / (1 + e)), U


def _sigmoid_abs(U):
    out = 1.0 / (1.0 + np.exp(-np.abs(np.asarray(U, dtype=float))))
    return out, out


def _sigmoid_backward_reapplied(dout, cache):
    s = 1.0 / (1.0 + np.exp(-np.asarray(cache, dtype=float)))
    return np.asarray(dout, dtype=float) * s * (1 - s)


def _sigmoid_backward_no_dout(dout, cache):
    out = np.asarray(cache, dtype=float)
    return out * (1 - out)


def _sigmoid_backward_half(dout, cache):
    return np.asarray(dout, dtype=float) * (1 - np.asarray(cache, dtype=float))


def _tanh_exp(U):
    U = np.asarray(U, dtype=float)
    out = (np.exp(U) - np.exp(-U)) / (np.exp(U) + np.exp(-U))
    return out, out


def _tanh_caches_input(U):
    U = np.asarray(U, dtype=float)
    return np.tanh(U), U


def _tanh_backward_reapplied(dout, cache):
    t = np.tanh(np.asarray(cache, dtype=float))
    return np.asarray(dout, dtype=float) * (1 - t * t)


def _tanh_backward_no_square(dout, cache):
    return np.asarray(dout, dtype=float) * (1 - np.asarray(cache, dtype=float))


def _tanh_backward_no_dout(dout, cache):
    t = np.asarray(cache, dtype=float)
    return 1 - t * t


# ---------------------------------------------------------------- losses and gradient checks
def _mse(mean_all=False, no_two=False, sign=1.0, no_N=False):
    def mse_loss(Y_pred, Y):
        R = np.asarray(Y_pred, dtype=float) - np.asarray(Y, dtype=float)
        n = R.size if mean_all else (1 if no_N else R.shape[0])
        return float(np.sum(R * R) / n), sign * (1.0 if no_two else 2.0) * R / n
    return mse_loss


def _numerical(forward=False, not_restored=False, h_fixed=None, one_h=False, flat=False):
    def numerical_gradient(f, x, h=1e-5):
        step = h if h_fixed is None else h_fixed
        grad = np.zeros(x.shape)
        for index in np.ndindex(x.shape):
            saved = x[index]
            if forward:
                f0 = f(x)
                x[index] = saved + step
                grad[index] = (f(x) - f0) / step
            else:
                x[index] = saved + step
                f_plus = f(x)
                x[index] = saved - step
                f_minus = f(x)
                grad[index] = (f_plus - f_minus) / (step if one_h else 2 * step)
            if not not_restored:
                x[index] = saved
        return grad.ravel() if flat else grad
    return numerical_gradient


# ---------------------------------------------------------------- initialisation
def _init(scale=lambda fan_in, fan_out: np.sqrt(2.0 / fan_in), transposed=False, random_bias=False,
          zeros=False, reverse=False):
    def mlp_init(layer_sizes, rng):
        params = {}
        layers = list(range(1, len(layer_sizes)))
        for l in (layers[::-1] if reverse else layers):
            fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
            std = scale(fan_in, fan_out)
            if zeros:
                W = np.zeros((fan_in, fan_out))
            elif transposed:
                W = rng.normal(0.0, std, size=(fan_out, fan_in)).T
            else:
                W = rng.normal(0.0, std, size=(fan_in, fan_out))
            params[f"W{l}"] = W
            params[f"b{l}"] = rng.normal(0.0, std, size=fan_out) if random_bias else np.zeros(fan_out)
        return {key: params[key] for l in layers for key in (f"W{l}", f"b{l}")}
    return mlp_init


# ---------------------------------------------------------------- the network, with knobs
def _act(name, relu_ge=False):
    if name == "relu":
        if relu_ge:   # f'(0) = 1
            return lambda U: np.maximum(U, 0.0), lambda U, A: (U >= 0).astype(float)
        return lambda U: np.maximum(U, 0.0), lambda U, A: (U > 0).astype(float)
    if name == "sigmoid":
        def sig(U):
            e = np.exp(-np.abs(U))
            return np.where(U >= 0, 1 / (1 + e), e / (1 + e))
        return sig, lambda U, A: A * (1 - A)
    return np.tanh, lambda U, A: 1 - A * A


def _mlp(no_fprime=False, fprime_of_output=False, no_transpose=False, db_mean=False, no_N=False,
         sign=1.0, output_activation=False, one_hidden=False, activation_ignored=False, relu_ge=False):
    """An mlp_loss_and_grad with one thing changed (the defaults give the right one)."""
    def mlp_loss_and_grad(params, X, y, activation="relu"):
        f, fprime = _act("relu" if activation_ignored else activation, relu_ge)
        if fprime_of_output:   # f'(A) instead of f'(U): the derivative formula applied to the output
            _, d = _act(activation)
            fprime = lambda U, A: d(A, f(A))  # noqa: E731
        L = 2 if one_hidden else len(params) // 2
        X = np.asarray(X, dtype=float)
        A, inputs, pre = X, [], []
        for l in range(1, L + 1):
            inputs.append(A)
            U = A @ params[f"W{l}"] + params[f"b{l}"]
            pre.append(U)
            A = f(U) if (l < L or output_activation) else U
        N = X.shape[0]
        Z = A - A.max(axis=1, keepdims=True)
        P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(np.exp(Z).sum(axis=1)) - Z[np.arange(N), y]))
        if no_N:
            loss *= N
        Y = np.eye(A.shape[1])[y]
        delta = sign * (P - Y) / (1 if no_N else N)
        if output_activation:
            delta = delta * fprime(pre[-1], A)
        grads = {}
        for l in range(L, 0, -1):
            grads[f"W{l}"] = inputs[l - 1].T @ delta
            grads[f"b{l}"] = delta.mean(axis=0) if db_mean else delta.sum(axis=0)
            if l > 1:
                W = params[f"W{l}"]
                delta = delta @ (W if no_transpose else W.T)
                if not no_fprime:
                    delta = delta * fprime(pre[l - 2], inputs[l - 1])
        return loss, grads
    return mlp_loss_and_grad


def _mlp_numerical(h=1e-5):
    """An mlp_loss_and_grad with no backward pass: every gradient entry is a central difference
    of the (right) loss. It agrees with backpropagation to about 1e-10 wherever the loss is
    smooth, and differs where a pre-activation sits exactly on ReLU's kink."""
    loss_of = _mlp()

    def mlp_loss_and_grad(params, X, y, activation="relu"):
        point = {key: np.array(value, dtype=float) for key, value in params.items()}
        grads = {}
        for key, value in point.items():
            grad = np.zeros(value.shape)
            for index in np.ndindex(value.shape):
                saved = value[index]
                value[index] = saved + h
                up = loss_of(point, X, y, activation)[0]
                value[index] = saved - h
                down = loss_of(point, X, y, activation)[0]
                value[index] = saved
                grad[index] = (up - down) / (2 * h)
            grads[key] = grad
        return loss_of(point, X, y, activation)[0], grads
    return mlp_loss_and_grad


def _predict(axis=1, output_activation=False, one_hidden=False, activation_ignored=False):
    def mlp_predict(params, X, activation="relu"):
        f, _ = _act("relu" if activation_ignored else activation)
        L = 2 if one_hidden else len(params) // 2
        A = np.asarray(X, dtype=float)
        for l in range(1, L + 1):
            A = A @ params[f"W{l}"] + params[f"b{l}"]
            if l < L or output_activation:
                A = f(A)
        return np.argmax(A, axis=axis)
    return mlp_predict


BUGS = [
    Bug("collapse_prediction", "A composition of affine maps is affine", lambda: "c"),
    Bug("collapse_prediction", "single straight line", lambda: "b"),
    Bug("linear_forward", "the bias b is not added", _linear_forward_no_bias),
    Bug("linear_forward", "the cache is (W, X, b): keep the order (X, W, b) that linear_backward "
        "unpacks", _linear_forward_cache_order),
    Bug("linear_forward", "the cache holds the output instead of the input X", _linear_forward_cache_output),
    Bug("relu_forward", "the cache holds the output max(U, 0); relu_backward needs the input U",
        _relu_forward_caches_output),
    Bug("relu_forward", "in place", _relu_forward_in_place, expect="modified its input `U` in place"),
    Bug("relu_forward", "np.max reduces the array (to its largest values along an axis); the entry-wise "
        "maximum is np.maximum(U, 0.0)", _relu_forward_np_max),
    Bug("sigmoid_forward", "naive formula", _sigmoid_naive, expect="overflow"),
    Bug("sigmoid_forward", "the cache holds the input U; sigmoid_backward expects the output",
        _sigmoid_caches_input),
    Bug("sigmoid_forward", "exp(-|U|) used for both signs: 1 / (1 + exp(-|u|)) is the sigmoid of |u|, "
        "wrong for u < 0", _sigmoid_abs),
    Bug("tanh_forward", "tanh from exponentials", _tanh_exp, expect="emitted a warning"),
    Bug("tanh_forward", "the cache holds the input U; tanh_backward expects the output",
        _tanh_caches_input),
    Bug("linear_backward", "dX = dout @ W: the upstream gradient must go through W.T",
        _linear_backward(no_transpose=True), expect="W.T"),
    Bug("linear_backward", "dW is transposed: dW = X.T @ dout has the shape (D, M) of W",
        _linear_backward(dW_transposed=True), expect="transpose"),
    Bug("linear_backward", "db averages dout over the batch; it must sum (the 1/N is already in dout)",
        _linear_backward(db_mean=True)),
    Bug("linear_backward", "db is not summed over the batch: one bias gradient per row instead of a "
        "sum over the rows", _linear_backward(db_rows=True)),
    Bug("linear_backward", "dW divided by N again: the 1/N of the mean is already in dout",
        _linear_backward(extra_N=True)),
    Bug("relu_backward", "the derivative at U = 0 is taken as 1 (U >= 0); the contract takes it as 0 "
        "(U > 0)", _relu_backward_ge),
    Bug("relu_backward", "the upstream gradient dout is ignored: multiply it by the derivative",
        _relu_backward_mask_only),
    Bug("relu_backward", "in place", _relu_backward_in_place, expect="modified its input `dout` in place"),
    Bug("sigmoid_backward", "the sigmoid is applied to the cache again: the cache already holds the "
        "output s, and the derivative is s (1 - s)", _sigmoid_backward_reapplied),
    Bug("sigmoid_backward", "the upstream gradient dout is ignored: multiply it by the derivative",
        _sigmoid_backward_no_dout),
    Bug("sigmoid_backward", "the derivative of the sigmoid is s (1 - s), not 1 - s", _sigmoid_backward_half),
    Bug("tanh_backward", "tanh is applied to the cache again: the cache already holds the output t, "
        "and the derivative is 1 - t**2", _tanh_backward_reapplied),
    Bug("tanh_backward", "the derivative of tanh is 1 - t**2, not 1 - t", _tanh_backward_no_square),
    Bug("tanh_backward", "the upstream gradient dout is ignored: multiply it by the derivative",
        _tanh_backward_no_dout),
    Bug("numerical_gradient", "one-sided (forward) differences (f(x + h) - f(x)) / h: their error "
        "shrinks like h, not h**2; use central differences", _numerical(forward=True)),
    Bug("numerical_gradient", "not restored", _numerical(not_restored=True),
        expect="modified its input `x` in place"),
    Bug("numerical_gradient", "the difference f(x + h) - f(x - h) is divided by h instead of 2h",
        _numerical(one_h=True)),
    Bug("numerical_gradient", "the step h you are given is ignored", _numerical(h_fixed=1e-5)),
    Bug("numerical_gradient", "the gradient is flattened: it must have the shape of x",
        _numerical(flat=True)),
    Bug("mlp_init", "std sqrt(1 / fan_in) instead of the He scale sqrt(2 / fan_in)",
        _init(scale=lambda fi, fo: np.sqrt(1.0 / fi))),
    Bug("mlp_init", "2 / fan_in used as the standard deviation; it is the variance (std = sqrt(2 / fan_in))",
        _init(scale=lambda fi, fo: 2.0 / fi)),
    Bug("mlp_init", "the scale uses fan_out; the He scale uses fan_in, the number of inputs of the layer",
        _init(scale=lambda fi, fo: np.sqrt(2.0 / fo))),
    Bug("mlp_init", "symmetric initialisation: all weights equal (zeros), so every unit of a layer "
        "computes the same and gets the same gradient", _init(zeros=True)),
    Bug("mlp_init", "weights drawn with shape (fan_out, fan_in) and transposed: draw "
        "size=(fan_in, fan_out) directly", _init(transposed=True)),
    Bug("mlp_init", "the biases are drawn at random too: they start at zero, and drawing them "
        "changes the numbers the next weights get", _init(random_bias=True)),
    Bug("mlp_init", "the layers are drawn in reverse order: draw W1 first, then W2, ...",
        _init(reverse=True)),
    Bug("mlp_loss_and_grad", "f' forgotten in the backward pass: the delta of a hidden layer must be "
        "multiplied by the derivative of its activation", _mlp(no_fprime=True)),
    Bug("mlp_loss_and_grad", "f' computed from the post-activation A as if it were U",
        _mlp(fprime_of_output=True), expect="hidden layer"),
    Bug("mlp_loss_and_grad", "the delta goes down through W instead of W.T",
        _mlp(no_transpose=True), expect="W.T"),
    Bug("mlp_loss_and_grad", "bias gradients averaged over the batch; they must be summed (the 1/N "
        "is already in the delta)", _mlp(db_mean=True), expect="grads['b"),
    Bug("mlp_loss_and_grad", "the loss is summed over the batch instead of averaged",
        _mlp(no_N=True), expect="times too large"),
    Bug("mlp_loss_and_grad", "the sign of the delta is flipped", _mlp(sign=-1.0), expect="sign is flipped"),
    Bug("mlp_loss_and_grad", "an activation is applied to the output scores; the last layer is "
        "affine only", _mlp(output_activation=True), expect="The loss itself is wrong"),
    Bug("mlp_loss_and_grad", "the network always has exactly one hidden layer (W1, b1, W2, b2); the "
        "number of layers is half the number of entries of params", _mlp(one_hidden=True),
        expect="any depth"),
    Bug("mlp_loss_and_grad", "the activation argument is ignored (always ReLU)",
        _mlp(activation_ignored=True)),
    Bug("mlp_loss_and_grad", "gradients estimated numerically (central differences of the loss) "
        "instead of by backpropagation: where a pre-activation is exactly at ReLU's kink, U = 0, "
        "central differences average the two slopes, while backpropagation with f'(0) = 0 is exact",
        _mlp_numerical()),
    Bug("mlp_loss_and_grad", "ReLU's derivative at U = 0 taken as 1 (U >= 0); the lesson takes "
        "f'(0) = 0 (U > 0), as relu_backward does", _mlp(relu_ge=True)),
    Bug("mlp_predict", "argmax over axis 0 (the samples) instead of axis 1 (the classes)", _predict(axis=0)),
    Bug("mlp_predict", "an activation is applied to the output scores; the last layer is affine only",
        _predict(output_activation=True)),
    Bug("mlp_predict", "the network always has exactly one hidden layer; the number of layers is half "
        "the number of entries of params", _predict(one_hidden=True)),
    Bug("mlp_predict", "the activation argument is ignored (always ReLU)", _predict(activation_ignored=True)),
    Bug("regions_prediction", "1 + 3 + 3 = 7 regions", lambda: 8),
    Bug("regions_prediction", "three lines in general position", lambda: 6),
    Bug("vanishing_prediction", "at most 1/4", lambda: "a"),
    Bug("vanishing_prediction", "the gradient shrinks layer after layer", lambda: "c"),
    Bug("mse_loss", "the mean is over all N * K entries; it must be over the N rows only (sum over "
        "the K outputs)", _mse(mean_all=True)),
    Bug("mse_loss", "the factor 2 of the derivative of r**2 is missing", _mse(no_two=True)),
    Bug("mse_loss", "the sign of the gradient is flipped (Y - Y_pred instead of Y_pred - Y)", _mse(sign=-1.0)),
    Bug("mse_loss", "the loss is not divided by N (a sum, not a mean over the rows)", _mse(no_N=True)),
]
