"""Realistic wrong implementations of the lesson-05 graded functions."""
import numpy as np

from . import Bug


# ---------------------------------------------------------------- iterate_minibatches
def _batches_drop_last(X, y, batch_size, rng=None):
    order = np.arange(len(X)) if rng is None else rng.permutation(len(X))
    for start in range(0, len(X) - batch_size + 1, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def _batches_with_replacement(X, y, batch_size, rng=None):
    N = len(X)
    order = np.arange(N) if rng is None else rng.integers(0, N, size=N)
    for start in range(0, N, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def _batches_unshuffled(X, y, batch_size, rng=None):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


def _batches_separate_orders(X, y, batch_size, rng=None):
    N = len(X)
    ox = np.arange(N) if rng is None else rng.permutation(N)
    oy = np.arange(N) if rng is None else rng.permutation(N)
    for start in range(0, N, batch_size):
        yield X[ox[start:start + batch_size]], y[oy[start:start + batch_size]]


def _batches_fresh_permutation_each_batch(X, y, batch_size, rng=None):
    N = len(X)
    for start in range(0, N, batch_size):
        order = np.arange(N) if rng is None else rng.permutation(N)
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


# ---------------------------------------------------------------- schedules
def _inverse_time_off_by_one(lr0, r, t):
    return lr0 / (1.0 + r * (t + 1))


def _inverse_time_power(lr0, r, t):
    return lr0 / (1.0 + r) ** t


def _inverse_time_no_one(lr0, r, t):
    return lr0 / (r * t) if r * t != 0 else lr0


def _exponential_off_by_one(lr0, lam, t):
    return lr0 * np.exp(-lam * (t + 1))


def _exponential_base_lam(lr0, lam, t):
    return lr0 * lam ** t


def _exponential_positive(lr0, lam, t):
    return lr0 * np.exp(lam * t)


def _step_no_floor(lr0, r, t_u, t):
    return lr0 * r ** (t / t_u)


def _step_off_by_one(lr0, r, t_u, t):
    return lr0 * r ** ((t + 1) // t_u)


def _step_ceil(lr0, r, t_u, t):
    return lr0 * r ** int(np.ceil(t / t_u))


def _linear_no_clamp(lr0, lr_tau, tau, t):
    a = t / tau
    return (1 - a) * lr0 + a * lr_tau


def _linear_swapped(lr0, lr_tau, tau, t):
    if t >= tau:
        return lr_tau
    a = t / tau
    return a * lr0 + (1 - a) * lr_tau


def _linear_off_by_one(lr0, lr_tau, tau, t):
    t = t + 1
    if t >= tau:
        return lr_tau
    a = t / tau
    return (1 - a) * lr0 + a * lr_tau


# ---------------------------------------------------------------- sgd_step
def _sgd_in_place(w, dw, lr):
    w -= lr * dw
    return w


def _sgd_plus(w, dw, lr):
    return w + lr * dw


def _sgd_no_lr(w, dw, lr):
    return w - dw


# ---------------------------------------------------------------- momentum_step
def _momentum_lr_inside(w, dw, v, lr, rho=0.9):
    v = rho * v + lr * dw
    return w - v, v


def _momentum_old_velocity(w, dw, v, lr, rho=0.9):
    return w - lr * v, rho * v + dw


def _momentum_dampened(w, dw, v, lr, rho=0.9):
    v = rho * v + (1 - rho) * dw
    return w - lr * v, v


def _momentum_in_place(w, dw, v, lr, rho=0.9):
    v *= rho
    v += dw
    return w - lr * v, v


# ---------------------------------------------------------------- nesterov_step
def _nesterov_no_lookahead(w, grad_fn, v, lr, rho=0.9):
    v = rho * v + grad_fn(w)
    return w - lr * v, v


def _nesterov_lookahead_without_lr(w, grad_fn, v, lr, rho=0.9):
    v = rho * v + grad_fn(w - rho * v)
    return w - lr * v, v


def _nesterov_lookahead_wrong_sign(w, grad_fn, v, lr, rho=0.9):
    v = rho * v + grad_fn(w + lr * rho * v)
    return w - lr * v, v


def _nesterov_step_from_lookahead(w, grad_fn, v, lr, rho=0.9):
    ahead = w - lr * rho * v
    v = rho * v + grad_fn(ahead)
    return ahead - lr * v, v


# ---------------------------------------------------------------- adagrad_step
def _adagrad_eps_inside(w, dw, r, lr, eps=1e-8):
    r = r + dw * dw
    return w - lr * dw / np.sqrt(r + eps), r


def _adagrad_no_sum(w, dw, r, lr, eps=1e-8):
    r = dw * dw
    return w - lr * dw / (np.sqrt(r) + eps), r


def _adagrad_old_r(w, dw, r, lr, eps=1e-8):
    return w - lr * dw / (np.sqrt(r) + eps), r + dw * dw


def _adagrad_no_sqrt(w, dw, r, lr, eps=1e-8):
    r = r + dw * dw
    return w - lr * dw / (r + eps), r


# ---------------------------------------------------------------- rmsprop_step
def _rmsprop_no_leak(w, dw, r, lr, rho=0.9, eps=1e-8):
    r = rho * r + dw * dw
    return w - lr * dw / (np.sqrt(r) + eps), r


def _rmsprop_eps_inside(w, dw, r, lr, rho=0.9, eps=1e-8):
    r = rho * r + (1 - rho) * dw * dw
    return w - lr * dw / np.sqrt(r + eps), r


def _rmsprop_swapped_weights(w, dw, r, lr, rho=0.9, eps=1e-8):
    r = (1 - rho) * r + rho * dw * dw
    return w - lr * dw / (np.sqrt(r) + eps), r


# ---------------------------------------------------------------- adam_step
def _moments(dw, m, v, beta1, beta2):
    return beta1 * m + (1 - beta1) * dw, beta2 * v + (1 - beta2) * dw * dw


def _adam_correction_next_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = _moments(dw, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def _adam_correction_previous_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = _moments(dw, m, v, beta1, beta2)
    with np.errstate(all="ignore"):
        m_hat, v_hat = m / (1 - beta1 ** (t - 1)), v / (1 - beta2 ** (t - 1))
        return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def _adam_no_correction(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = _moments(dw, m, v, beta1, beta2)
    return w - lr * m / (np.sqrt(v) + eps), m, v


def _adam_eps_inside(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = _moments(dw, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m, v


def _adam_returns_corrected(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v = _moments(dw, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


# ---------------------------------------------------------------- adamw_step
def _adamw_through_gradient(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    dw = dw + weight_decay * w
    m, v = _moments(dw, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def _adamw_decay_without_lr(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m, v = _moments(dw, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps) - weight_decay * w, m, v


def _adamw_decay_after_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m, v = _moments(dw, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w - lr * weight_decay * w, m, v


def _adamw_no_correction(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m, v = _moments(dw, m, v, beta1, beta2)
    return w - lr * (m / (np.sqrt(v) + eps) + weight_decay * w), m, v


# ---------------------------------------------------------------- initialisations
def _xavier_fan_in_only(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))


def _xavier_variance_as_std(fan_in, fan_out, rng):
    return rng.normal(0.0, 2.0 / (fan_in + fan_out), size=(fan_in, fan_out))


def _xavier_transposed(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_out, fan_in)).T


def _xavier_uniform(fan_in, fan_out, rng):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def _he_no_factor_two(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))


def _he_fan_out(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_out), size=(fan_in, fan_out))


def _he_variance_as_std(fan_in, fan_out, rng):
    return rng.normal(0.0, 2.0 / fan_in, size=(fan_in, fan_out))


# ---------------------------------------------------------------- train_adam
def _epoch(X, y, batch_size, rng):
    order = np.arange(len(X)) if rng is None else rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def _adam(w, dw, m, v, t, lr):
    m = 0.9 * m + 0.1 * dw
    v = 0.999 * v + 0.001 * dw * dw
    return w - lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8), m, v


def _train(loss_and_grad, params, X, y, batch_size, n_epochs, lr_schedule, rng, *, reset_each_epoch=False,
           schedule_from_one=False, schedule_by_epoch=False, loss_after=False, shuffle_once=False,
           shared_counter_start=0):
    params = {k: np.array(p, dtype=float) for k, p in params.items()}
    m = {k: np.zeros_like(p) for k, p in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    losses, t = [], shared_counter_start
    order_rng = rng
    batches_once = list(_epoch(X, y, batch_size, rng)) if shuffle_once else None
    for epoch in range(n_epochs):
        if reset_each_epoch:
            t = 0
            m = {k: np.zeros_like(p) for k, p in params.items()}
            v = {k: np.zeros_like(p) for k, p in params.items()}
        for Xb, yb in (batches_once if shuffle_once else _epoch(X, y, batch_size, order_rng)):
            loss, grads = loss_and_grad(params, Xb, yb)
            t += 1
            lr = lr_schedule(epoch if schedule_by_epoch else (t if schedule_from_one else t - 1))
            for k in params:
                params[k], m[k], v[k] = _adam(params[k], grads[k], m[k], v[k], t, lr)
            losses.append(loss_and_grad(params, Xb, yb)[0] if loss_after else loss)
    return params, np.array(losses, dtype=float)


def _train_reset(*args):
    return _train(*args, reset_each_epoch=True)


def _train_schedule_from_one(*args):
    return _train(*args, schedule_from_one=True)


def _train_schedule_by_epoch(*args):
    return _train(*args, schedule_by_epoch=True)


def _train_loss_after(*args):
    return _train(*args, loss_after=True)


def _train_shuffle_once(*args):
    return _train(*args, shuffle_once=True)


def _train_mutates(loss_and_grad, params, X, y, batch_size, n_epochs, lr_schedule, rng):
    trained, losses = _train(loss_and_grad, params, X, y, batch_size, n_epochs, lr_schedule, rng)
    for k in params:
        params[k][...] = trained[k]
    return params, losses


BUGS = [
    Bug("iterate_minibatches", "the last, smaller batch is dropped: range(0, N - batch_size + 1, ...) "
        "skips the leftover samples", _batches_drop_last, expect="last, smaller batch is dropped"),
    Bug("iterate_minibatches", "indices drawn with replacement (rng.integers or rng.choice): some samples "
        "repeat and others are missed; use rng.permutation(N)", _batches_with_replacement,
        expect="drawn with replacement"),
    Bug("iterate_minibatches", "the samples are never shuffled: use the order rng.permutation(N) "
        "when rng is given", _batches_unshuffled, expect="never shuffled"),
    Bug("iterate_minibatches", "X and y are shuffled with two different permutations, so the labels no "
        "longer match their samples", _batches_separate_orders, expect="two different permutations"),
    Bug("iterate_minibatches", "a new permutation is drawn for every batch instead of once per epoch",
        _batches_fresh_permutation_each_batch, expect="once per epoch"),

    Bug("inverse_time_decay", "off by one: t counts from 0, so t = 0 must give lr0 (use t, not t + 1)",
        _inverse_time_off_by_one, expect="off by one"),
    Bug("inverse_time_decay", "lr0 / (1 + r)^t is an exponential decay; inverse time is lr0 / (1 + r t)",
        _inverse_time_power, expect="is an exponential decay"),
    Bug("inverse_time_decay", "the 1 is missing from 1 + r t", _inverse_time_no_one, expect="the 1 is missing"),
    Bug("exponential_decay", "off by one: t counts from 0, so t = 0 must give lr0 (use exp(-lam t))",
        _exponential_off_by_one, expect="off by one"),
    Bug("exponential_decay", "lam ** t instead of exp(-lam t)", _exponential_base_lam, expect="lam ** t"),
    Bug("exponential_decay", "the minus sign of exp(-lam t) is missing: the rate grows",
        _exponential_positive, expect="minus sign"),
    Bug("step_decay", "no floor: r ** (t / t_u) decays smoothly; the rate must stay constant for t_u steps "
        "(use t // t_u)", _step_no_floor, expect="no floor"),
    Bug("step_decay", "off by one: the first drop must happen at t = t_u, not t_u - 1 (use t // t_u)",
        _step_off_by_one, expect="off by one"),
    Bug("step_decay", "ceil instead of floor: the first drop happens at t = 1", _step_ceil,
        expect="ceil instead of floor"),
    Bug("linear_decay", "the rate keeps decreasing after tau: it must stay at lr_tau for t >= tau",
        _linear_no_clamp, expect="must stay at lr_tau"),
    Bug("linear_decay", "the two weights are swapped: t = 0 must give lr0", _linear_swapped,
        expect="weights are swapped"),
    Bug("linear_decay", "off by one: t counts from 0, so t = 0 must give lr0", _linear_off_by_one,
        expect="off by one"),

    Bug("sgd_step", "w modified in place", _sgd_in_place, expect="in place"),
    Bug("sgd_step", "the step goes uphill: w + lr * dw", _sgd_plus, expect="uphill"),
    Bug("sgd_step", "the learning rate is missing: w - dw", _sgd_no_lr, expect="learning rate is missing"),

    Bug("momentum_step", "the learning rate is inside the velocity (v = rho v + lr g, w - v); in this "
        "course v is a sum of raw gradients and the step is w - lr v", _momentum_lr_inside,
        expect="learning rate is inside the velocity"),
    Bug("momentum_step", "w moves along the old velocity: update v first, then step with the new one",
        _momentum_old_velocity, expect="old velocity"),
    Bug("momentum_step", "the gradient is dampened by (1 - rho): that is a leaky average, not this "
        "momentum (v = rho v + g)", _momentum_dampened, expect="dampened by (1 - rho)"),
    Bug("momentum_step", "v modified in place", _momentum_in_place, expect="in place"),

    Bug("nesterov_step", "the gradient is taken at w itself (plain momentum): Nesterov looks ahead, at "
        "w - lr rho v", _nesterov_no_lookahead, expect="taken at w itself"),
    Bug("nesterov_step", "the look-ahead point forgets the learning rate: it is w - lr rho v, not w - rho v",
        _nesterov_lookahead_without_lr, expect="forgets the learning rate"),
    Bug("nesterov_step", "the look-ahead goes the wrong way: w - lr rho v, not w + lr rho v",
        _nesterov_lookahead_wrong_sign, expect="look-ahead goes the wrong way"),
    Bug("nesterov_step", "the step starts from the look-ahead point: the look-ahead is only where the "
        "gradient is evaluated; the step is w - lr v from w", _nesterov_step_from_lookahead,
        expect="starts from the look-ahead point"),

    Bug("adagrad_step", "eps inside the square root: use np.sqrt(r) + eps", _adagrad_eps_inside,
        expect="eps inside the square root"),
    Bug("adagrad_step", "r is replaced by the current squared gradient instead of accumulating "
        "(r = r + g^2)", _adagrad_no_sum, expect="instead of accumulating"),
    Bug("adagrad_step", "the step uses the old r: add the new squared gradient first", _adagrad_old_r,
        expect="uses the old r"),
    Bug("adagrad_step", "the square root is missing: divide by np.sqrt(r) + eps", _adagrad_no_sqrt,
        expect="square root is missing"),

    Bug("rmsprop_step", "no leak: r = rho r + g^2 is missing the (1 - rho) weight on the new squared "
        "gradient", _rmsprop_no_leak, expect="no leak"),
    Bug("rmsprop_step", "eps inside the square root: use np.sqrt(r) + eps", _rmsprop_eps_inside,
        expect="eps inside the square root"),
    Bug("rmsprop_step", "rho and 1 - rho are swapped: the old average keeps the weight rho",
        _rmsprop_swapped_weights, expect="are swapped"),

    Bug("adam_step", "bias correction off by one step: divide by 1 - beta ** t with the t given "
        "(1 at the first step), not t + 1", _adam_correction_next_step, expect="bias correction off by one step"),
    Bug("adam_step", "bias correction off by one step (t - 1): at t = 1 it divides by zero",
        _adam_correction_previous_step, expect="off by one step (t - 1)"),
    Bug("adam_step", "no bias correction: divide m by 1 - beta1 ** t and v by 1 - beta2 ** t before "
        "the step", _adam_no_correction, expect="no bias correction"),
    Bug("adam_step", "eps inside the square root: use np.sqrt(v_hat) + eps", _adam_eps_inside,
        expect="eps inside the square root"),
    Bug("adam_step", "the bias-corrected moments are returned as the state: return m and v, and "
        "correct them only for the step", _adam_returns_corrected, expect="returned as the state"),

    Bug("adamw_step", "AdamW decaying through the gradient (g + weight_decay w enters the moments): that "
        "is Adam + L2; the decay must be added to the step, outside the moments", _adamw_through_gradient,
        expect="decaying through the gradient"),
    Bug("adamw_step", "the decay is not multiplied by the learning rate: w - lr (adam + weight_decay w)",
        _adamw_decay_without_lr, expect="not multiplied by the learning rate"),
    Bug("adamw_step", "the decay uses the parameters after the Adam step: decay the w you were given",
        _adamw_decay_after_step, expect="after the Adam step"),
    Bug("adamw_step", "no bias correction in the Adam part", _adamw_no_correction, expect="no bias correction"),

    Bug("xavier_init", "Xavier with fan_in only: the Glorot variance is 2 / (fan_in + fan_out)",
        _xavier_fan_in_only, expect="with fan_in only"),
    Bug("xavier_init", "the variance is passed as the standard deviation: rng.normal takes "
        "std = sqrt(2 / (fan_in + fan_out))", _xavier_variance_as_std, expect="variance is passed"),
    Bug("xavier_init", "drawn with shape (fan_out, fan_in) and transposed: draw size=(fan_in, fan_out) "
        "directly, so the random numbers land where the checks expect", _xavier_transposed,
        expect="transposed"),
    Bug("xavier_init", "a uniform distribution: this course's Xavier is rng.normal", _xavier_uniform,
        expect="uniform distribution"),
    Bug("he_init", "He without the factor 2: the variance is 2 / fan_in (a ReLU halves the second moment)",
        _he_no_factor_two, expect="without the factor 2"),
    Bug("he_init", "fan_out instead of fan_in: He's forward argument uses fan_in", _he_fan_out,
        expect="fan_out instead of fan_in"),
    Bug("he_init", "the variance is passed as the standard deviation: std = sqrt(2 / fan_in)",
        _he_variance_as_std, expect="variance is passed"),

    Bug("train_adam", "the Adam state and step counter are reset every epoch: create m, v and the "
        "counter once, before the epochs", _train_reset, expect="reset every epoch"),
    Bug("train_adam", "the schedule is called with Adam's t (from 1): the first update uses "
        "lr_schedule(0)", _train_schedule_from_one, expect="schedule is called with Adam's t"),
    Bug("train_adam", "the schedule is indexed by the epoch: it takes the update counter",
        _train_schedule_by_epoch, expect="indexed by the epoch"),
    Bug("train_adam", "the loss is recorded after the update: record the loss computed with the "
        "gradients, before the step", _train_loss_after, expect="recorded after the update"),
    Bug("train_adam", "the data are shuffled once for the whole run: call iterate_minibatches (one "
        "permutation) at every epoch", _train_shuffle_once, expect="shuffled once for the whole run"),
    Bug("train_adam", "the caller's params modified in place", _train_mutates, expect="in place"),

    Bug("lr_one_prediction", "which is -1 for lr = 1", lambda: "d"),
    Bug("lr_one_prediction", "neither converging nor diverging", lambda: "a"),
    Bug("adam_first_step_prediction", "of size lr = 0.01 whatever the size of the gradient", lambda: 2.5),
    Bug("adam_first_step_prediction", "m_hat = g and v_hat = g^2", lambda: 0.1),
]
