"""Realistic wrong implementations of the lesson-06 graded functions."""
import itertools

import numpy as np

from . import Bug


# ---------------------------------------------------------------- penalties
def _penalty(params, lam, value_of, grad_of, weight=lambda key: key.startswith("W")):
    value, grads = 0.0, {}
    for key, P in params.items():
        P = np.asarray(P, dtype=float)
        if weight(key):
            value += lam * float(value_of(P))
            grads[key] = grad_of(P, lam)
        else:
            grads[key] = np.zeros_like(P)
    return value, grads


def _l2_biases_too(params, lam):
    return _penalty(params, lam, lambda P: np.sum(P * P), lambda P, lam: 2 * lam * P, weight=lambda key: True)


def _l2_no_factor_two(params, lam):
    return _penalty(params, lam, lambda P: np.sum(P * P), lambda P, lam: lam * P)


def _l2_half_value(params, lam):
    return _penalty(params, lam, lambda P: 0.5 * np.sum(P * P), lambda P, lam: 2 * lam * P)


def _l2_weights_only(params, lam):
    value, grads = _penalty(params, lam, lambda P: np.sum(P * P), lambda P, lam: 2 * lam * P)
    return value, {k: v for k, v in grads.items() if k.startswith("W")}


def _l1_biases_too(params, lam):
    return _penalty(params, lam, lambda P: np.sum(np.abs(P)), lambda P, lam: lam * np.sign(P),
                    weight=lambda key: True)


def _l1_one_at_zero(params, lam):
    return _penalty(params, lam, lambda P: np.sum(np.abs(P)), lambda P, lam: np.where(P >= 0, lam, -lam))


def _l1_gradient_is_weight(params, lam):
    return _penalty(params, lam, lambda P: np.sum(np.abs(P)), lambda P, lam: lam * P)


# ---------------------------------------------------------------- dropout
def _check_p(p):
    if not 0.0 <= p < 1.0:
        raise ValueError(f"p must be in [0, 1), got {p}")


def _dropout_keep_with_p(X, p, train, rng):
    _check_p(p)
    if not train:
        return X.copy(), np.ones_like(X)
    M = (rng.random(X.shape) < p) / (1.0 - p)
    return X * M, M


def _dropout_no_rescale(X, p, train, rng):
    _check_p(p)
    if not train:
        return X.copy(), np.ones_like(X)
    M = (rng.random(X.shape) >= p).astype(float)
    return X * M, M


def _dropout_scales_at_test(X, p, train, rng):
    _check_p(p)
    if not train:
        M = np.full(X.shape, 1.0 - p)
        return X * M, M
    M = (rng.random(X.shape) >= p) / (1.0 - p)
    return X * M, M


def _dropout_accepts_one(X, p, train, rng):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if not train:
        return X.copy(), np.ones_like(X)
    M = (rng.random(X.shape) >= p) / (1.0 - p)
    return X * M, M


def _dropout_drops_at_test(X, p, train, rng):
    _check_p(p)
    M = (rng.random(X.shape) >= p) / (1.0 - p)
    return X * M, M


def _dropout_returns_input_at_test(X, p, train, rng):
    _check_p(p)
    if not train:
        return X, np.ones_like(X)
    M = (rng.random(X.shape) >= p) / (1.0 - p)
    return X * M, M


def _dropout_draws_at_test(X, p, train, rng):
    _check_p(p)
    keep = rng.random(X.shape) >= p          # drawn before looking at `train`
    if not train:
        return X.copy(), np.ones_like(X)
    M = keep / (1.0 - p)
    return X * M, M


def _dropout_one_mask_per_feature(X, p, train, rng):
    _check_p(p)
    if not train:
        return X.copy(), np.ones_like(X)
    M = np.broadcast_to((rng.random(X.shape[1:]) >= p) / (1.0 - p), X.shape).copy()
    return X * M, M


def _dropout_backward_ignores_mask(dout, cache):
    return dout.copy()


def _dropout_backward_unscaled(dout, cache):
    return dout * (cache > 0)


# ---------------------------------------------------------------- early stopping
def _stop_last_epoch(val_losses, patience):
    if len(val_losses) == 0:
        return None
    best = int(np.argmin(val_losses))
    return len(val_losses) - 1 if len(val_losses) - 1 - best >= patience else None


def _stop_last_of_ties(val_losses, patience):
    if len(val_losses) == 0:
        return None
    losses = np.asarray(val_losses, dtype=float)
    best = len(losses) - 1 - int(np.argmin(losses[::-1]))
    return best if len(losses) - 1 - best >= patience else None


def _stop_one_epoch_late(val_losses, patience):
    if len(val_losses) == 0:
        return None
    best = int(np.argmin(val_losses))
    return best if len(val_losses) - 1 - best > patience else None


def _stop_ignores_patience(val_losses, patience):
    return int(np.argmin(val_losses)) if len(val_losses) else None


# ---------------------------------------------------------------- the dropout ensemble
def _log_softmax(s):
    return s - s.max() - np.log(np.sum(np.exp(s - s.max())))


def _masks(D):
    return (np.array(bits) for bits in itertools.product((0.0, 1.0), repeat=D))


def _ensemble(W, b, x, p, weight_of, combine="geometric", scale=1.0):
    D = len(x)
    acc = np.zeros(W.shape[1])
    for m in _masks(D):
        s = (m * scale * x) @ W + b
        w = weight_of(m, D, p)
        acc += w * (_log_softmax(s) if combine == "geometric" else np.exp(_log_softmax(s)))
    if combine == "geometric":
        acc = np.exp(acc - acc.max())
    return acc / acc.sum()


def _prob(m, D, p):
    return (1 - p) ** m.sum() * p ** (D - m.sum())


def _ensemble_arithmetic(W, b, x, p=0.5):
    return _ensemble(W, b, x, p, _prob, combine="arithmetic")


def _ensemble_unweighted(W, b, x, p=0.5):
    return _ensemble(W, b, x, p, lambda m, D, p: 1.0 / 2 ** D)


def _ensemble_keep_with_p(W, b, x, p=0.5):
    return _ensemble(W, b, x, p, lambda m, D, p: p ** m.sum() * (1 - p) ** (D - m.sum()))


def _ensemble_rescaled_masks(W, b, x, p=0.5):
    return _ensemble(W, b, x, p, _prob, scale=1.0 / (1.0 - p))


def _ensemble_not_normalised(W, b, x, p=0.5):
    D = len(x)
    log_mean = sum(_prob(m, D, p) * _log_softmax((m * x) @ W + b) for m in _masks(D))
    return np.exp(log_mean)


# ---------------------------------------------------------------- batch normalisation
def _bn(X, gamma, beta, eps, axis=0, ddof=0, eps_outside=False):
    mu = X.mean(axis=axis, keepdims=True)
    var = X.var(axis=axis, ddof=ddof, keepdims=True)
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    X_hat = (X - mu) / std
    return gamma * X_hat + beta, (X_hat, gamma, 1.0 / std)


def _bn_rows(X, gamma, beta, eps=1e-5):
    return _bn(X, gamma, beta, eps, axis=1)


def _bn_unbiased(X, gamma, beta, eps=1e-5):
    return _bn(X, gamma, beta, eps, ddof=1)


def _bn_eps_outside(X, gamma, beta, eps=1e-5):
    return _bn(X, gamma, beta, eps, eps_outside=True)


def _bn_no_scale_shift(X, gamma, beta, eps=1e-5):
    out, cache = _bn(X, gamma, beta, eps)
    return cache[0], cache


def _bn_backward_parts(dout, cache):
    X_hat, gamma, inv_std = cache
    return X_hat, dout * gamma, inv_std, dout.shape[0]


def _bn_backward_direct_only(dout, cache):
    X_hat, g, inv_std, N = _bn_backward_parts(dout, cache)
    return g * inv_std, np.sum(dout * X_hat, axis=0), dout.sum(axis=0)


def _bn_backward_no_variance_term(dout, cache):
    X_hat, g, inv_std, N = _bn_backward_parts(dout, cache)
    return inv_std * (g - g.mean(axis=0)), np.sum(dout * X_hat, axis=0), dout.sum(axis=0)


def _bn_backward_no_mean_term(dout, cache):
    X_hat, g, inv_std, N = _bn_backward_parts(dout, cache)
    return inv_std * (g - X_hat * np.mean(g * X_hat, axis=0)), np.sum(dout * X_hat, axis=0), dout.sum(axis=0)


def _bn_backward_dgamma_unweighted(dout, cache):
    X_hat, g, inv_std, N = _bn_backward_parts(dout, cache)
    dX = inv_std / N * (N * g - g.sum(axis=0) - X_hat * np.sum(g * X_hat, axis=0))
    return dX, dout.sum(axis=0), dout.sum(axis=0)


BUGS = [
    Bug("l2_penalty", "the biases are penalised too; only keys starting with W are weights",
        _l2_biases_too),
    Bug("l2_penalty", "the gradient of lam * w**2 is 2 * lam * w: the factor 2 is missing",
        _l2_no_factor_two),
    Bug("l2_penalty", "the value is lam/2 * sum(W**2); this course's penalty is lam * sum(W**2)",
        _l2_half_value),
    Bug("l2_penalty", "grads has no entry for the biases", _l2_weights_only,
        expect="has keys"),
    Bug("l1_penalty", "the biases are penalised too; only keys starting with W are weights",
        _l1_biases_too),
    Bug("l1_penalty", "at a weight of exactly 0 the subgradient must be 0 (np.sign), not +lam",
        _l1_one_at_zero),
    Bug("l1_penalty", "the gradient of lam * |w| is lam * sign(w), not lam * w (that is L2's shape)",
        _l1_gradient_is_weight),
    Bug("dropout_forward", "units are kept with probability p; p is the probability of DROPPING a "
        "unit (keep where rng.random(X.shape) >= p)", _dropout_keep_with_p),
    Bug("dropout_forward", "the kept units are not rescaled by 1 / (1 - p) (inverted dropout)",
        _dropout_no_rescale),
    Bug("dropout_forward", "at test time the input is scaled too; with inverted dropout it passes "
        "unchanged", _dropout_scales_at_test),
    Bug("dropout_forward", "p = 1 accepted", _dropout_accepts_one, expect="p = 1 is accepted"),
    Bug("dropout_forward", "units are dropped at test time too; when train is False nothing is "
        "dropped", _dropout_drops_at_test),
    Bug("dropout_forward", "at test time `out` is X itself, not a copy: a caller that changes out "
        "in place would change X too", _dropout_returns_input_at_test),
    Bug("dropout_forward", "a mask is drawn from rng at test time too (and thrown away): at test "
        "time nothing may be drawn, or every later draw of the generator changes; draw only when "
        "training", _dropout_draws_at_test),
    Bug("dropout_forward", "one mask for a whole column, shared by every example; draw "
        "rng.random(X.shape) so each entry has its own", _dropout_one_mask_per_feature),
    Bug("dropout_backward", "the mask is ignored: dropped units must get zero gradient and kept "
        "ones the 1/(1-p) scale (dX = dout * cache)", _dropout_backward_ignores_mask),
    Bug("dropout_backward", "the 1/(1-p) scale of the forward pass is missing from the gradient: "
        "multiply by the cached mask itself", _dropout_backward_unscaled),
    Bug("early_stopping", "returns the last epoch; training should keep the BEST epoch",
        _stop_last_epoch),
    Bug("early_stopping", "on ties the best epoch is the FIRST of the lowest losses (improving "
        "means strictly lower)", _stop_last_of_ties),
    Bug("early_stopping", "stops one epoch late: stop as soon as len - 1 - best >= patience",
        _stop_one_epoch_late),
    Bug("early_stopping", "the patience is ignored: return None until `patience` epochs have "
        "failed to improve on the best", _stop_ignores_patience),
    Bug("dropout_ensemble_linear", "an arithmetic mean of the probabilities; the ensemble is "
        "their weighted GEOMETRIC mean (a weighted mean of logs), renormalised",
        _ensemble_arithmetic),
    Bug("dropout_ensemble_linear", "every mask has the same weight; a mask with k kept features "
        "has probability (1 - p)**k * p**(D - k)", _ensemble_unweighted),
    Bug("dropout_ensemble_linear", "features are kept with probability p; p is the drop "
        "probability, so a kept feature contributes a factor 1 - p", _ensemble_keep_with_p),
    Bug("dropout_ensemble_linear", "the masks are rescaled by 1 / (1 - p); here masks are plain "
        "0/1 (no rescaling)", _ensemble_rescaled_masks),
    Bug("dropout_ensemble_linear", "the geometric mean is not renormalised: divide by its sum so "
        "the K values sum to 1", _ensemble_not_normalised),
    Bug("batchnorm_forward", "normalised over the wrong axis: each FEATURE (column) is normalised "
        "over the batch, axis=0", _bn_rows),
    Bug("batchnorm_forward", "the unbiased variance (ddof=1); batch norm divides by N (ddof=0)",
        _bn_unbiased),
    Bug("batchnorm_forward", "eps is added after the square root; use sqrt(var + eps)",
        _bn_eps_outside),
    Bug("batchnorm_forward", "gamma and beta are not applied: the output is the normalised X_hat itself",
        _bn_no_scale_shift),
    Bug("batchnorm_backward", "dX ignores that the batch mean and variance depend on X (only the "
        "direct path g * inv_std)", _bn_backward_direct_only),
    Bug("batchnorm_backward", "dX misses the variance term - X_hat * sum(g * X_hat) / N",
        _bn_backward_no_variance_term),
    Bug("batchnorm_backward", "dX misses the mean term - sum(g) / N", _bn_backward_no_mean_term),
    Bug("batchnorm_backward", "dgamma is sum(dout * X_hat) over the batch, not sum(dout)",
        _bn_backward_dgamma_unweighted),
    Bug("pull_prediction", "pull of L2 is 2 lam w", lambda: "a"),
    Bug("pull_prediction", "pull of L2 is 2 lam w", lambda: "c"),
    Bug("stop_prediction", "epoch 5", lambda: 6),
    Bug("stop_prediction", "epoch 5", lambda: 8),
    Bug("ensemble_prediction", "0.55", lambda: 0.1),
    Bug("ensemble_prediction", "0.55", lambda: 0.5),
]
