"""Realistic wrong implementations of the lesson-03 graded functions."""
import numpy as np

from . import Bug


# ---------------------------------------------------------------- correct pieces the bugs reuse
def _softmax(S):
    E = np.exp(S - np.max(S, axis=1, keepdims=True))
    return E / np.sum(E, axis=1, keepdims=True)


def _one_hot(y, K):
    return np.eye(K)[y]


def _lse_loss(S, y):
    m = np.max(S, axis=1, keepdims=True)
    lse = (m + np.log(np.sum(np.exp(S - m), axis=1, keepdims=True)))[:, 0]
    return lse - S[np.arange(len(y)), y]          # per-sample losses


def _sigmoid(s):
    e = np.exp(-np.abs(s))
    return np.where(s >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ---------------------------------------------------------------- softmax
def _softmax_naive(S):
    E = np.exp(S)
    return E / np.sum(E, axis=1, keepdims=True)


def _softmax_columns(S):
    E = np.exp(S - np.max(S, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def _softmax_global_max(S):
    E = np.exp(S - np.max(S))
    return E / np.sum(E, axis=1, keepdims=True)


def _softmax_no_keepdims(S):
    E = np.exp(S - np.max(S, axis=1, keepdims=True))
    return E / np.sum(E, axis=1)


def _softmax_in_place(S):
    S -= np.max(S, axis=1, keepdims=True)
    np.exp(S, out=S)
    S /= np.sum(S, axis=1, keepdims=True)
    return S


# ---------------------------------------------------------------- one_hot
def _one_hot_off_by_one(y, K):
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y - 1] = 1.0
    return Y


def _one_hot_ignores_K(y, K):
    return np.eye(np.max(y) + 1)[y]


def _one_hot_transposed(y, K):
    return np.eye(K)[:, y]


def _one_hot_int(y, K):
    Y = np.zeros((len(y), K), dtype=int)
    Y[np.arange(len(y)), y] = 1
    return Y


# ---------------------------------------------------------------- cross_entropy
def _ce_columns(P, y):
    return -np.mean(np.log(P[:, y]))


def _ce_all_entries(P, y):
    return -np.mean(_one_hot(y, P.shape[1]) * np.log(P))


# ---------------------------------------------------------------- softmax_cross_entropy
def _sce(loss_fn=None, grad_fn=None):
    def softmax_cross_entropy(S, y):
        N, K = S.shape
        loss = loss_fn(S, y) if loss_fn else np.mean(_lse_loss(S, y))
        dS = grad_fn(S, y) if grad_fn else (_softmax(S) - _one_hot(y, K)) / N
        return loss, dS
    return softmax_cross_entropy


def _sce_naive(S, y):
    P = _softmax_naive(S)
    N, K = S.shape
    return -np.mean(np.log(P[np.arange(N), y])), (P - _one_hot(y, K)) / N


def _sce_log_of_softmax(S, y):
    P = _softmax(S)
    N, K = S.shape
    return -np.mean(np.log(P[np.arange(N), y])), (P - _one_hot(y, K)) / N


# ---------------------------------------------------------------- logistic_loss_and_grad
def _logistic(loss="stable", sign=1.0, scale="mean", db_zero=False):
    def logistic_loss_and_grad(X, y, w, b):
        N = X.shape[0]
        s = X @ w + b
        if loss == "naive":
            p = 1.0 / (1.0 + np.exp(-s))
            value = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        elif loss == "log_sigmoid":
            p = _sigmoid(s)
            value = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        else:
            p = _sigmoid(s)
            value = np.mean(np.logaddexp(0.0, s) - y * s)
        ds = sign * (p - y) / (N if scale == "mean" else 1.0)
        return value, X.T @ ds, 0.0 if db_zero else float(np.sum(ds))
    return logistic_loss_and_grad


def _logistic_db_divided_twice(X, y, w, b):
    s = X @ w + b
    ds = (_sigmoid(s) - y) / X.shape[0]
    return np.mean(np.logaddexp(0.0, s) - y * s), X.T @ ds, float(np.mean(ds))


# ---------------------------------------------------------------- softmax_regression_loss_and_grad
def _regression(bias=True, sign=1.0, scale="mean", dW="X.T @ dS", db="axis0"):
    def softmax_regression_loss_and_grad(X, y, W, b):
        N, K = X.shape[0], W.shape[1]
        S = X @ W + (b if bias else 0.0)
        loss = np.mean(_lse_loss(S, y))
        dS = sign * (_softmax(S) - _one_hot(y, K)) / (N if scale == "mean" else 1.0)
        grad_W = dS.T @ X if dW == "transposed" else X.T @ dS
        grad_b = {"axis0": np.sum(dS, axis=0), "axis1": np.sum(dS, axis=1),
                  "zero": np.zeros(K)}[db]
        return loss, grad_W, grad_b
    return softmax_regression_loss_and_grad


# ---------------------------------------------------------------- gradient_descent
def _gd_in_place(loss_and_grad, params, lr, n_steps):
    losses = []
    for _ in range(n_steps):
        loss, grads = loss_and_grad(params)
        losses.append(float(loss))
        for key in params:
            params[key] -= lr * grads[key]
    return params, losses


def _gd_shallow_copy(loss_and_grad, params, lr, n_steps):
    params = dict(params)           # a new dict, but the same arrays
    losses = []
    for _ in range(n_steps):
        loss, grads = loss_and_grad(params)
        losses.append(float(loss))
        for key in params:
            params[key] -= lr * grads[key]
    return params, losses


def _gd_rebinds_callers_dict(loss_and_grad, params, lr, n_steps):
    losses = []
    for _ in range(n_steps):
        loss, grads = loss_and_grad(params)
        losses.append(float(loss))
        for key in params:
            params[key] = params[key] - lr * grads[key]
    return params, losses


def _gd(order="before", sign=-1.0, once=False, keep_initial=False):
    def gradient_descent(loss_and_grad, params, lr, n_steps):
        current = {k: np.array(v, dtype=float) for k, v in params.items()}
        losses = []
        grads = loss_and_grad(current)[1] if once else None
        for _ in range(n_steps):
            loss, fresh = loss_and_grad(current)
            if not once:
                grads = fresh
            if order == "before":
                losses.append(float(loss))
            current = {k: current[k] + sign * lr * grads[k] for k in current}
            if order == "after":
                losses.append(float(loss_and_grad(current)[0]))
        if keep_initial:
            return {k: np.array(v, dtype=float) for k, v in params.items()}, losses
        return current, losses
    return gradient_descent


def _sgd(average_from=0, keep_last=True, shuffle="epoch", loss_after=False, average=True,
         copy=True, lr_scale=1.0):
    """An sgd_polyak with one thing changed (the defaults give the right one)."""
    def sgd_polyak(loss_and_grad, params, X, y, lr, n_epochs, batch_size, rng):
        theta = {k: np.array(v, dtype=float) for k, v in params.items()} if copy else params
        history = [{k: v.copy() for k, v in theta.items()}]
        X, y = np.asarray(X), np.asarray(y)
        N = len(X)
        losses = []
        once = rng.permutation(N) if shuffle == "once" else None
        stop = N if keep_last else N - batch_size + 1
        for _ in range(n_epochs):
            order = once if shuffle == "once" else (np.arange(N) if shuffle == "never" else rng.permutation(N))
            for start in range(0, stop, batch_size):
                batch = order[start:start + batch_size]
                loss, grads = loss_and_grad(theta, X[batch], y[batch])
                if copy:
                    theta = {k: v - lr * lr_scale * grads[k] for k, v in theta.items()}
                else:
                    for k in theta:
                        theta[k] -= lr * grads[k]
                if loss_after:
                    loss = loss_and_grad(theta, X[batch], y[batch])[0]
                losses.append(float(loss))
                history.append({k: v.copy() for k, v in theta.items()})
        kept = history[average_from:] or history[-1:]
        mean = {k: np.mean([h[k] for h in kept], axis=0) for k in theta} if average else \
            {k: v.copy() for k, v in theta.items()}
        return theta, mean, losses
    return sgd_polyak


BUGS = [
    # softmax
    Bug("softmax", "the logits are exponentiated as they are: exp(1e4) overflows", _softmax_naive,
        expect="overflow"),
    Bug("softmax", "normalised over the wrong axis: each row (one sample) must sum to 1, not each "
        "column (axis=1, not axis=0)", _softmax_columns),
    Bug("softmax", "the maximum of the whole array is subtracted, not each row's own maximum",
        _softmax_global_max, expect="each row needs its own maximum"),
    Bug("softmax", "the row sums lose their axis", _softmax_no_keepdims, expect="keepdims=True"),
    Bug("softmax", "overwrites S in place", _softmax_in_place, expect="in place"),
    # one_hot
    Bug("one_hot", "off by one: label c goes in column c (labels are 0..K-1), not c - 1",
        _one_hot_off_by_one),
    Bug("one_hot", "the number of columns is y.max() + 1 instead of K", _one_hot_ignores_K),
    Bug("one_hot", "the result is (K, N): one_hot has one row per sample, shape (N, K)",
        _one_hot_transposed),
    Bug("one_hot", "integer dtype", _one_hot_int, expect="must return a float array"),
    # cross_entropy
    Bug("cross_entropy", "summed over the batch instead of averaged: divide by N",
        lambda P, y: -np.sum(np.log(P[np.arange(len(y)), y]))),
    Bug("cross_entropy", "P[:, y] takes whole columns (an N x N block); take one entry per row "
        "with P[np.arange(N), y]", _ce_columns),
    Bug("cross_entropy", "averaged over all N*K entries of Y * log P instead of over the N samples",
        _ce_all_entries),
    Bug("cross_entropy", "the minus sign is missing: the loss is -log P[i, y_i] >= 0",
        lambda P, y: np.mean(np.log(P[np.arange(len(y)), y]))),
    # softmax_cross_entropy
    Bug("softmax_cross_entropy", "a softmax of the unshifted logits overflows", _sce_naive, expect="overflow"),
    Bug("softmax_cross_entropy", "log(softmax(S)) instead of log-sum-exp", _sce_log_of_softmax,
        expect="log-sum-exp"),
    Bug("softmax_cross_entropy", "dS is missing the 1/N of the mean",
        _sce(grad_fn=lambda S, y: _softmax(S) - _one_hot(y, S.shape[1]))),
    Bug("softmax_cross_entropy", "the sign of dS is flipped: it points uphill, towards a larger loss",
        _sce(grad_fn=lambda S, y: (_one_hot(y, S.shape[1]) - _softmax(S)) / len(y))),
    Bug("softmax_cross_entropy", "the loss is summed over the batch instead of averaged",
        _sce(loss_fn=lambda S, y: np.sum(_lse_loss(S, y)))),
    Bug("softmax_cross_entropy", "dS does not depend on the labels: the derivative of the true "
        "class's -s_y term is missing",
        _sce(grad_fn=lambda S, y: _softmax(S) / len(y))),
    # logistic_loss_and_grad
    Bug("logistic_loss_and_grad", "1 / (1 + exp(-s)) overflows for large negative scores",
        _logistic(loss="naive"), expect="overflow"),
    Bug("logistic_loss_and_grad", "log(sigmoid(s)) is log(0) for huge scores", _logistic(loss="log_sigmoid"),
        expect="Never take the log of a probability"),
    Bug("logistic_loss_and_grad", "the sign of the gradient is flipped: it points uphill, towards a "
        "larger loss", _logistic(sign=-1.0)),
    Bug("logistic_loss_and_grad", "the gradients are missing the 1/N of the mean",
        _logistic(scale="sum")),
    Bug("logistic_loss_and_grad", "db is 0, but the bias moves every score, so the loss depends on it",
        _logistic(db_zero=True)),
    Bug("logistic_loss_and_grad", "db divides by N twice: the 1/N of the mean is applied once too often",
        _logistic_db_divided_twice),
    # softmax_regression_loss_and_grad
    Bug("softmax_regression_loss_and_grad", "db is summed over the wrong axis: it needs one value "
        "per class, collected over the samples", _regression(db="axis1")),
    Bug("softmax_regression_loss_and_grad", "dW is transposed: it must have the shape (D, K) of W",
        _regression(dW="transposed")),
    Bug("softmax_regression_loss_and_grad", "the gradients are missing the 1/N of the mean",
        _regression(scale="sum")),
    Bug("softmax_regression_loss_and_grad", "the sign of the gradients is flipped: they point uphill, "
        "towards a larger loss", _regression(sign=-1.0)),
    Bug("softmax_regression_loss_and_grad", "db is 0, but each bias moves the scores of its class, so "
        "the loss depends on it",
        _regression(db="zero")),
    Bug("softmax_regression_loss_and_grad", "the bias b is not added to the scores",
        _regression(bias=False)),
    # predict
    Bug("predict", "argmax over the wrong axis: one label per row needs axis=1",
        lambda X, W, b: np.argmax(X @ W + b, axis=0)),
    Bug("predict", "the bias b is ignored", lambda X, W, b: np.argmax(X @ W, axis=1)),
    Bug("predict", "argmin instead of argmax: the predicted class has the LARGEST score",
        lambda X, W, b: np.argmin(X @ W + b, axis=1)),
    Bug("predict", "returns the largest score, not its index: use np.argmax",
        lambda X, W, b: np.max(X @ W + b, axis=1)),
    Bug("predict", "labels as floats", lambda X, W, b: np.argmax(X @ W + b, axis=1).astype(float),
        expect="must be an integer array"),
    # accuracy
    Bug("accuracy", "counts the correct predictions instead of taking their fraction",
        lambda y_pred, y: np.sum(y_pred == y)),
    Bug("accuracy", "a percentage: return a fraction in [0, 1]",
        lambda y_pred, y: 100.0 * np.mean(y_pred == y)),
    Bug("accuracy", "the fraction of errors, not of correct predictions",
        lambda y_pred, y: np.mean(y_pred != y)),
    Bug("accuracy", "compares every prediction with every label (an N x N table): both arrays "
        "must have shape (N,)", lambda y_pred, y: np.mean(y_pred[:, None] == y)),
    # gradient_descent
    Bug("gradient_descent", "updates the caller's arrays in place", _gd_in_place, expect="in place"),
    Bug("gradient_descent", "copies the dict but not the arrays, then updates them in place",
        _gd_shallow_copy, expect="in place"),
    Bug("gradient_descent", "writes the new arrays into the caller's dict", _gd_rebinds_callers_dict,
        expect="in place"),
    Bug("gradient_descent", "each loss is recorded after its update; record the loss of the "
        "current parameters before updating them", _gd(order="after")),
    Bug("gradient_descent", "the sign of the step is flipped: it goes up the gradient, not down",
        _gd(sign=1.0)),
    Bug("gradient_descent", "the gradient is computed only once, before the loop",
        _gd(once=True)),
    Bug("gradient_descent", "returns the initial parameters instead of the updated ones",
        _gd(keep_initial=True)),

    # sgd_polyak
    Bug("sgd_polyak", "the average leaves out the starting point theta_0; it is the mean of theta_0 "
        "... theta_n, n + 1 terms", _sgd(average_from=1)),
    Bug("sgd_polyak", "the last, shorter minibatch of each epoch is skipped; slice up to N",
        _sgd(keep_last=False)),
    Bug("sgd_polyak", "the order is drawn once before training; draw rng.permutation(N) at the start "
        "of every epoch", _sgd(shuffle="once")),
    Bug("sgd_polyak", "`rng` is ignored: visit the samples in the order rng.permutation(N), a new one "
        "each epoch", _sgd(shuffle="never")),
    Bug("sgd_polyak", "the loss is recorded after the update; record the minibatch loss before it",
        _sgd(loss_after=True)),
    Bug("sgd_polyak", "the average is the last iterate: nothing was averaged", _sgd(average=False)),
    Bug("sgd_polyak", "updates the caller's parameters in place", _sgd(copy=False),
        expect="modified its input `params` in place"),
    # predictions
    Bug("stepsize_prediction", "oscillating but converging", lambda: "c"),
    Bug("stepsize_prediction", "every step starts downhill, even the divergent ones", lambda: "a"),
    Bug("separable_prediction", "the cross-entropy has no minimiser", lambda: "a"),
    Bug("separable_prediction", "grow without bound (like log t)", lambda: "c"),
]
