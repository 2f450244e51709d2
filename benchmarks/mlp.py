"""How fast the course's reference MLP trains: ``python benchmarks/mlp.py``.

One epoch of minibatch SGD on random data (20 000 samples, 784-256-256-10, ReLU, batch 128)
with the reference ``mlp_loss_and_grad`` of lesson 04, in float32 and float64, against

* the floor: the same matrix products alone (3 forward, 5 backward: no dX for the input);
* PyTorch on the CPU, when it happens to be installed (never a dependency).

Prints seconds per epoch and the ratio to the floor. Nothing is asserted.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import reference  # noqa: E402

SIZES, N, BATCH, LR = [784, 256, 256, 10], 20_000, 128, 0.01


def batches(X, y):
    for start in range(0, len(X), BATCH):
        yield X[start:start + BATCH], y[start:start + BATCH]


def epoch_reference(ref, params, X, y) -> None:
    for Xb, yb in batches(X, y):
        _, grads = ref["mlp_loss_and_grad"](params, Xb, yb)
        for key in params:
            params[key] -= LR * grads[key]


def epoch_floor(params, X, y) -> None:
    """Only the matrix products one SGD step needs (the weights are not updated: random
    updates would soon overflow, and an update costs little beside the products)."""
    W1, W2, W3 = params["W1"], params["W2"], params["W3"]
    for Xb, _ in batches(X, y):
        H1 = Xb @ W1
        H2 = H1 @ W2
        S = H2 @ W3
        G2 = S @ W3.T
        G1 = G2 @ W2.T
        H2.T @ S, H1.T @ G2, Xb.T @ G1


def epoch_torch(torch, X, y, dtype) -> None:
    layers = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                 torch.nn.ReLU(), torch.nn.Linear(256, 10)).to(dtype)
    optimizer = torch.optim.SGD(layers.parameters(), lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for start in range(0, N, BATCH):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(layers(Xt[start:start + BATCH]), yt[start:start + BATCH])
        loss.backward()
        optimizer.step()


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    ref = reference.load("04_mlp_backprop")
    rng = np.random.default_rng(0)
    try:
        import torch
        torch.set_num_threads(2)
    except ImportError:
        torch = None
    print(f"one epoch: {N} samples, {'-'.join(map(str, SIZES))}, ReLU, batch {BATCH}")
    for dtype in (np.float32, np.float64):
        X = rng.normal(size=(N, SIZES[0])).astype(dtype)
        y = rng.integers(0, SIZES[-1], size=N)
        params = {k: v.astype(dtype) for k, v in ref["mlp_init"](SIZES, np.random.default_rng(1)).items()}
        floor = min(timed(lambda: epoch_floor(dict((k, v.copy()) for k, v in params.items()), X, y))
                    for _ in range(2))
        ours = min(timed(lambda: epoch_reference(ref, dict((k, v.copy()) for k, v in params.items()), X, y))
                   for _ in range(2))
        grads_dtype = ref["mlp_loss_and_grad"](params, X[:2], y[:2])[1]["W1"].dtype
        line = (f"  {np.dtype(dtype).name}: reference {ours:6.2f} s, matmul floor {floor:6.2f} s, "
                f"ratio {ours / floor:4.2f} (target <= 1.5; the reference computes in {grads_dtype})")
        if torch is not None:
            tdtype = torch.float32 if dtype == np.float32 else torch.float64
            line += f", PyTorch CPU {timed(lambda: epoch_torch(torch, X, y, tdtype)):6.2f} s"
        print(line)


if __name__ == "__main__":
    main()
