"""Realistic wrong implementations of the lesson-02 graded functions."""
import numpy as np

from . import Bug


# ---------------------------------------------------------------- binary training, with knobs
def _train(mistake=lambda di, si: di * si <= 0, update_always=False, sign=1.0, use_lr=True,
           stop=True, record_clean=True, shuffle="epoch", cumulative=False, extra_bias=False,
           normalise_in_place=False):
    """A perceptron_train with one thing changed (the defaults give the right one)."""
    def perceptron_train(X, d, lr=1.0, max_epochs=100, rng=None):
        if normalise_in_place:
            X *= np.asarray(d)[:, None]                 # "x <- d x", so a mistake is x @ w <= 0
            d = np.ones(len(d))
        X = np.asarray(X, dtype=float)
        if extra_bias:
            X = np.hstack([np.ones((len(X), 1)), X])
        d = np.asarray(d, dtype=float)
        N = len(X)
        w = np.zeros(X.shape[1])
        step = lr if use_lr else 1.0
        once = rng.permutation(N) if (rng is not None and shuffle == "once") else None
        mistakes, total = [], 0
        for _ in range(max_epochs):
            if rng is None or shuffle == "never":
                order = np.arange(N)
            elif shuffle == "once":
                order = once
            else:
                order = rng.permutation(N)
            count = 0
            for i in order:
                wrong = mistake(d[i], X[i] @ w)
                if wrong or update_always:
                    w = w + sign * step * d[i] * X[i]
                count += int(wrong)
            total += count
            if count or record_clean:
                mistakes.append(total if cumulative else count)
            if count == 0 and stop:
                break
        return w, mistakes
    return perceptron_train


def _train_shuffles_X_only(X, d, lr=1.0, max_epochs=100, rng=None):
    X, d = np.asarray(X, dtype=float), np.asarray(d, dtype=float)
    w, mistakes = np.zeros(X.shape[1]), []
    for _ in range(max_epochs):
        Xe = X if rng is None else X[rng.permutation(len(X))]
        count = 0
        for x, di in zip(Xe, d):                            # d keeps the old order
            if di * (x @ w) <= 0:
                w = w + lr * di * x
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, mistakes


# ---------------------------------------------------------------- multi-class training, with knobs
def _multi(update="both", bias=True, stop=True, infer_K=False, use_b_in_score=True,
           shuffle_in_place=False, sign=1.0):
    def multiclass_perceptron_train(X, y, K, lr=1.0, max_epochs=100, rng=None):
        if shuffle_in_place and rng is not None:
            order = rng.permutation(len(X))
            X[:] = X[order]
            y[:] = y[order]
            rng = None
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        if infer_K:
            K = int(y.max()) + 1
        N, D = X.shape
        W, b, mistakes = np.zeros((D, K)), np.zeros(K), []
        for _ in range(max_epochs):
            order = np.arange(N) if rng is None else rng.permutation(N)
            count = 0
            for i in order:
                scores = X[i] @ W + (b if use_b_in_score else 0.0)
                k, t = int(np.argmax(scores)), int(y[i])
                if k == t:
                    continue
                count += 1
                W[:, t] += sign * lr * X[i]
                if bias:
                    b[t] += sign * lr
                if update == "both":
                    W[:, k] -= sign * lr * X[i]
                    if bias:
                        b[k] -= sign * lr
                elif update == "all others":
                    others = np.arange(K) != t
                    W[:, others] -= lr * X[i][:, None]
                    if bias:
                        b[others] -= lr
            mistakes.append(count)
            if count == 0 and stop:
                break
        return W, b, mistakes
    return multiclass_perceptron_train


def _argmax_last(S):
    S = np.asarray(S)
    return S.shape[1] - 1 - np.argmax(S[:, ::-1], axis=1)


def _novikoff(normalise="norm", R_bias=True, reduce=np.min, square=True, check=True):
    """A novikoff_bound with one thing changed (the defaults give the right one)."""
    def novikoff_bound(X, d, w):
        X, d, w = np.asarray(X, dtype=float), np.asarray(d, dtype=float), np.asarray(w, dtype=float)
        scores = d * (X @ w)
        if check and (not np.any(w) or np.min(scores) <= 0):
            raise ValueError("w does not separate the data")
        scale = {"norm": np.linalg.norm(w), "none": 1.0, "norm2": w @ w,
                 "no bias": np.linalg.norm(w[1:])}[normalise]
        gamma = float(reduce(scores) / scale)
        R = float(np.max(np.linalg.norm(X if R_bias else X[:, 1:], axis=1)))
        return gamma, R, (R / gamma) ** 2 if square else R / gamma
    return novikoff_bound


BUGS = [
    # add_bias
    Bug("add_bias", "the column of ones is appended last; it must be the first column (feature 0)",
        lambda X: np.hstack([X, np.ones((len(X), 1))])),
    Bug("add_bias", "the new column holds zeros; the bias feature is the constant 1",
        lambda X: np.hstack([np.zeros((len(X), 1)), X])),
    Bug("add_bias", "the bias column is missing: X is returned unchanged", lambda X: np.asarray(X, dtype=float)),
    Bug("add_bias", "a row of ones was added instead of a column",
        lambda X: np.vstack([np.ones((1, np.shape(X)[1])), X])),
    # perceptron_predict
    Bug("perceptron_predict", "np.sign gives 0 for a score of exactly 0; the perceptron predicts +1 there",
        lambda X, w: np.sign(X @ w)),
    Bug("perceptron_predict", "a score of exactly 0 gives -1; use >= 0 so that it gives +1",
        lambda X, w: np.where(X @ w > 0, 1, -1)),
    Bug("perceptron_predict", "the labels are 0/1 (a step); the perceptron's labels are -1/+1",
        lambda X, w: np.where(X @ w >= 0, 1, 0)),
    Bug("perceptron_predict", "these are the scores X @ w; return their sign (+1 or -1)",
        lambda X, w: X @ w),
    # perceptron_criterion
    Bug("perceptron_criterion", "the criterion is averaged; it is a sum over the samples",
        lambda X, d, w: float(np.mean(np.maximum(0.0, -d * (X @ w))))),
    Bug("perceptron_criterion", "correctly classified samples must contribute 0, not -d w.x: "
        "take max(0, -d w.x) before summing", lambda X, d, w: float(np.sum(-d * (X @ w)))),
    Bug("perceptron_criterion", "this counts the misclassified samples; the criterion sums "
        "how far (-d w.x) they are on the wrong side",
        lambda X, d, w: float(np.sum(np.where(X @ w >= 0, 1, -1) != d))),
    Bug("perceptron_criterion", "the sign is flipped: use max(0, -d w.x)",
        lambda X, d, w: float(np.sum(np.maximum(0.0, d * (X @ w))))),
    Bug("perceptron_criterion", "one value per sample is returned; sum them into one number",
        lambda X, d, w: np.maximum(0.0, -d * (X @ w))),
    # perceptron_train
    Bug("perceptron_train", "`d * (x @ w) < 0` never fires at w = 0, so training from zero never "
        "starts: a point on the boundary is a mistake too (use <= 0)",
        _train(mistake=lambda di, si: di * si < 0)),
    Bug("perceptron_train", "the weights are updated on correctly classified samples too; "
        "update only when d * (x @ w) <= 0", _train(update_always=True)),
    Bug("perceptron_train", "training does not stop after the first epoch without mistakes",
        _train(stop=False)),
    Bug("perceptron_train", "the last, mistake-free epoch is missing from `mistakes`; its 0 "
        "must be included", _train(record_clean=False)),
    Bug("perceptron_train", "the update has the wrong sign: w <- w + lr d x",
        _train(sign=-1.0)),
    Bug("perceptron_train", "`lr` is ignored in the update w <- w + lr d x", _train(use_lr=False)),
    Bug("perceptron_train", "the mistake test uses the prediction (perceptron_predict(x, w) != d); "
        "with sign(0) = +1 a point on the boundary with d = +1 is never updated. "
        "Use d * (x @ w) <= 0", _train(mistake=lambda di, si: (1.0 if si >= 0 else -1.0) != di)),
    Bug("perceptron_train", "a second bias column was added: X already has one", _train(extra_bias=True)),
    Bug("perceptron_train", "`mistakes` is cumulative; count each epoch's updates separately",
        _train(cumulative=True)),
    Bug("perceptron_train", "the order is shuffled once before training; draw rng.permutation(N) "
        "at the start of every epoch", _train(shuffle="once")),
    Bug("perceptron_train", "`rng` is ignored: when it is given, visit the samples in the order "
        "rng.permutation(N), a new one each epoch", _train(shuffle="never")),
    Bug("perceptron_train", "X is shuffled but d is not, so samples lose their labels: index both "
        "with the same permutation", _train_shuffles_X_only),
    Bug("perceptron_train", "multiplies X by the labels in place", _train(normalise_in_place=True),
        expect="modified its input `X` in place"),
    # novikoff_bound
    Bug("novikoff_bound", "the margin is not divided by ||w||: the theorem needs a unit vector, and "
        "gamma must not change when w is scaled", _novikoff(normalise="none")),
    Bug("novikoff_bound", "divided by ||w||^2 instead of ||w||", _novikoff(normalise="norm2")),
    Bug("novikoff_bound", "the bias weight is left out of ||w||: the unit vector includes it",
        _novikoff(normalise="no bias")),
    Bug("novikoff_bound", "R leaves out the bias feature; the theorem's x_i include it",
        _novikoff(R_bias=False)),
    Bug("novikoff_bound", "the margin is the smallest d_i x_i . w / ||w||, not the average",
        _novikoff(reduce=np.mean)),
    Bug("novikoff_bound", "the bound is (R / gamma)^2, squared", _novikoff(square=False)),
    Bug("novikoff_bound", "a w that does not separate the data is accepted", _novikoff(check=False),
        expect="instead of raising ValueError"),
    # predictions
    Bug("xor_prediction", "every epoch ends where it started", lambda: "b"),
    Bug("xor_prediction", "brings it back to (0, 0, 0)", lambda: "d"),
    Bug("shift_prediction", "the margin gamma shrinks", lambda: "a"),
    Bug("shift_prediction", "the perceptron needs many more updates", lambda: "c"),
    # multiclass_predict
    Bug("multiclass_predict", "argmax over axis 0 picks a sample per class; take it over the "
        "classes, axis=1", lambda X, W, b: np.argmax(X @ W + b, axis=0)),
    Bug("multiclass_predict", "the bias b is ignored", lambda X, W, b: np.argmax(X @ W, axis=1)),
    Bug("multiclass_predict", "argmin picks the lowest score; the prediction is the highest (argmax)",
        lambda X, W, b: np.argmin(X @ W + b, axis=1)),
    Bug("multiclass_predict", "ties go to the last class; np.argmax gives the first",
        lambda X, W, b: _argmax_last(X @ W + b)),
    Bug("multiclass_predict", "these are the scores X @ W + b; return the index of the largest one per row",
        lambda X, W, b: X @ W + b),
    # multiclass_perceptron_train
    Bug("multiclass_perceptron_train", "only the true class's column is updated; also subtract lr x "
        "from the predicted class's column (and lr from its bias)", _multi(update="true only")),
    Bug("multiclass_perceptron_train", "the biases b are never updated: on a mistake the true "
        "class's bias gains lr and the predicted class's bias loses it",
        _multi(bias=False)),
    Bug("multiclass_perceptron_train", "lr x is subtracted from every other class; only the "
        "predicted class k loses it", _multi(update="all others")),
    Bug("multiclass_perceptron_train", "the update is reversed: add lr x to the true class y, "
        "subtract it from the predicted class k", _multi(sign=-1.0)),
    Bug("multiclass_perceptron_train", "training does not stop after the first epoch without mistakes",
        _multi(stop=False)),
    Bug("multiclass_perceptron_train", "the prediction during training ignores b: use argmax(x @ W + b)",
        _multi(use_b_in_score=False)),
    Bug("multiclass_perceptron_train", "the number of classes is taken from y; use the argument K "
        "(some classes may have no sample)", _multi(infer_K=True)),
    Bug("multiclass_perceptron_train", "shuffles X and y in place", _multi(shuffle_in_place=True),
        expect="in place"),
]
