"""Data for the lessons: toy 2-D problems, real handwritten digits, MNIST, splitting.

Every toy generator returns ``(X, y)`` with ``X`` of shape ``(N, 2)`` (float64) and
``y`` of shape ``(N,)`` (int64, class labels ``0..K-1``). Classes are as balanced as
possible and the rows come out shuffled. All randomness goes through the ``rng``
argument: pass an int seed (the default ``rng=0`` gives the same data every time) or a
``numpy.random.Generator``.

>>> X, y = make_moons(n_samples=100, noise=0.1, rng=0)
>>> X.shape, y.shape
((100, 2), (100,))
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import tempfile
import urllib.request
from numbers import Real
from pathlib import Path

import numpy as np

__all__ = [
    "make_blobs",
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "load_digits",
    "load_mnist",
    "train_test_split",
    "standardize",
]

RngLike = np.random.Generator | int

_DIGITS_FILE = Path(__file__).parent / "datasets" / "digits_8x8.npz"

# Where load_mnist downloads from, and the MD5 checksum of every file it accepts.
MNIST_URLS = {
    "digits": "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "fashion": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
}
MNIST_FILES = {
    "digits": {
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    "fashion": {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    },
}


# ----------------------------------------------------------------------------------
# Argument checks shared by the functions below
# ----------------------------------------------------------------------------------

def _check_rng(rng: RngLike, func: str) -> np.random.Generator:
    """Turn an int seed or a Generator into a Generator (never the global state)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"{func}: rng seed must be a non-negative int, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{func}: rng must be a numpy.random.Generator or an int seed "
        f"(e.g. rng=0), got {rng!r} ({type(rng).__name__})"
    )


def _check_int(value: int, name: str, func: str, minimum: int = 1) -> int:
    expected = "a positive int" if minimum == 1 else f"an int >= {minimum}"
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{func}: {name} must be {expected}, got {value!r} "
                        f"({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{func}: {name} must be {expected}, got {value!r}")
    return int(value)


def _check_number(value: float, name: str, func: str) -> float:
    if not isinstance(value, Real) or isinstance(value, bool):
        raise TypeError(f"{func}: {name} must be a number, got {value!r} "
                        f"({type(value).__name__})")
    return float(value)


def _check_nonnegative(value: float, name: str, func: str) -> float:
    value = _check_number(value, name, func)
    if not 0 <= value < np.inf:                  # also rejects nan
        raise ValueError(f"{func}: {name} must be a non-negative number, got {value!r}")
    return value


def _split_counts(n_samples: int, n_classes: int) -> np.ndarray:
    """How many samples each class gets: as equal as possible, summing to n_samples."""
    counts = np.full(n_classes, n_samples // n_classes)
    counts[: n_samples % n_classes] += 1
    return counts


def _shuffled(X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    order = rng.permutation(len(y))
    return X[order], y[order].astype(np.int64)


# ----------------------------------------------------------------------------------
# Toy 2-D data sets
# ----------------------------------------------------------------------------------

def make_blobs(n_samples: int = 200, centers: int | np.ndarray = 2, std: float = 1.0,
               rng: RngLike = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs, one per class.

    Parameters
    ----------
    n_samples : int
        Total number of points N (at least the number of classes).
    centers : int or array of shape (K, 2)
        Either the number of classes K (centres evenly spaced on a circle of radius 3
        around the origin) or the K centres themselves.
    std : float
        Standard deviation of every blob (>= 0).
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for one.

    Returns
    -------
    X : ndarray of shape (N, 2), float64
        The points.
    y : ndarray of shape (N,), int64
        The blob (class) of every point, in 0..K-1.
    """
    func = "make_blobs"
    n_samples = _check_int(n_samples, "n_samples", func)
    std = _check_nonnegative(std, "std", func)
    rng = _check_rng(rng, func)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        n_classes = _check_int(centers, "centers", func)
        angles = 2 * np.pi * np.arange(n_classes) / n_classes
        centers = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    else:
        centers = np.asarray(centers, dtype=np.float64)
        if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) == 0:
            raise ValueError(f"{func}: centers must be an int K or an array of shape (K, 2), "
                             f"got an array of shape {centers.shape}")
        n_classes = len(centers)
    if n_samples < n_classes:
        raise ValueError(f"{func}: n_samples must be at least the number of classes "
                         f"({n_classes}), got {n_samples}")

    y = np.repeat(np.arange(n_classes), _split_counts(n_samples, n_classes))
    X = centers[y] + std * rng.standard_normal((n_samples, 2))
    return _shuffled(X, y, rng)


def make_xor(n_samples: int = 200, noise: float = 0.2,
             rng: RngLike = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: four Gaussian clusters at (+-1, +-1).

    A cluster has label 1 when the signs of its centre's coordinates differ
    ((1, -1) and (-1, 1)) and 0 otherwise. With a large ``noise`` some points cross the
    axes but keep the label of their cluster.

    Parameters
    ----------
    n_samples : int
        Total number of points N (at least 4).
    noise : float
        Standard deviation of the Gaussian noise around each centre (>= 0).
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for one.

    Returns
    -------
    X : ndarray of shape (N, 2), float64
    y : ndarray of shape (N,), int64 in {0, 1}
    """
    func = "make_xor"
    n_samples = _check_int(n_samples, "n_samples", func, minimum=4)
    noise = _check_nonnegative(noise, "noise", func)
    rng = _check_rng(rng, func)

    # Going round the quadrants makes the labels alternate 0, 1, 0, 1 (balanced classes).
    centers = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, -1.0], [-1.0, 1.0]])
    cluster = np.repeat(np.arange(4), _split_counts(n_samples, 4))
    X = centers[cluster] + noise * rng.standard_normal((n_samples, 2))
    y = cluster % 2                              # clusters 1 and 3: the signs differ
    return _shuffled(X, y, rng)


def make_moons(n_samples: int = 200, noise: float = 0.1,
               rng: RngLike = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles ("moons").

    Class 0 lies on the upper half of the unit circle centred at (0, 0); class 1 on the
    lower half of the unit circle centred at (1, 0.5). Points are evenly spaced along
    each arc, then Gaussian noise is added to both coordinates.

    Parameters
    ----------
    n_samples : int
        Total number of points N (at least 2).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate (>= 0).
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for one.

    Returns
    -------
    X : ndarray of shape (N, 2), float64
    y : ndarray of shape (N,), int64 in {0, 1}
    """
    func = "make_moons"
    n_samples = _check_int(n_samples, "n_samples", func, minimum=2)
    noise = _check_nonnegative(noise, "noise", func)
    rng = _check_rng(rng, func)

    n0, n1 = _split_counts(n_samples, 2)
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n_samples, 2))
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(X, y, rng)


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
                 rng: RngLike = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: class 0 outside (radius 1), class 1 inside (radius factor).

    Parameters
    ----------
    n_samples : int
        Total number of points N (at least 2).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate (>= 0).
    factor : float
        Radius of the inner circle, strictly between 0 and 1.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for one.

    Returns
    -------
    X : ndarray of shape (N, 2), float64
    y : ndarray of shape (N,), int64 in {0, 1}
    """
    func = "make_circles"
    n_samples = _check_int(n_samples, "n_samples", func, minimum=2)
    noise = _check_nonnegative(noise, "noise", func)
    factor = _check_number(factor, "factor", func)
    if not 0 < factor < 1:
        raise ValueError(f"{func}: factor must be a number in (0, 1), got {factor!r}")
    rng = _check_rng(rng, func)

    n_outer, n_inner = _split_counts(n_samples, 2)
    t_outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)])
    X = np.vstack([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _shuffled(X, y, rng)


def make_spirals(n_samples: int = 300, n_classes: int = 3, noise: float = 0.2,
                 rng: RngLike = 0) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (not linearly separable).

    Arm k starts near the origin and winds outwards to radius 1: a point at radius r
    has angle ``2 pi k / K + 4 r`` plus Gaussian noise.

    Parameters
    ----------
    n_samples : int
        Total number of points N (at least n_classes).
    n_classes : int
        Number of arms K.
    noise : float
        Standard deviation of the noise added to the angle, in radians (>= 0).
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for one.

    Returns
    -------
    X : ndarray of shape (N, 2), float64, inside the unit disc (up to noise-free radius)
    y : ndarray of shape (N,), int64 in 0..K-1
    """
    func = "make_spirals"
    n_samples = _check_int(n_samples, "n_samples", func)
    n_classes = _check_int(n_classes, "n_classes", func)
    noise = _check_nonnegative(noise, "noise", func)
    rng = _check_rng(rng, func)
    if n_samples < n_classes:
        raise ValueError(f"{func}: n_samples must be at least n_classes "
                         f"({n_classes}), got {n_samples}")

    arms = []
    for k, count in enumerate(_split_counts(n_samples, n_classes)):
        radius = np.linspace(0.05, 1.0, count)
        angle = 2 * np.pi * k / n_classes + 4 * radius + noise * rng.standard_normal(count)
        arms.append(radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]))
    X = np.vstack(arms)
    y = np.repeat(np.arange(n_classes), _split_counts(n_samples, n_classes))
    return _shuffled(X, y, rng)


# ----------------------------------------------------------------------------------
# Real digits
# ----------------------------------------------------------------------------------

def load_digits(flatten: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The bundled 8x8 handwritten digits (1797 images, works offline).

    Parameters
    ----------
    flatten : bool
        If True, each image is one row of 64 pixels; otherwise images keep their 8x8 shape.

    Returns
    -------
    X : ndarray of shape (1797, 64) or (1797, 8, 8), float64
        Pixel intensities scaled to [0, 1] (the raw values 0..16 divided by 16).
    y : ndarray of shape (1797,), int64
        The digit shown, 0..9.
    """
    if not isinstance(flatten, (bool, np.bool_)):
        raise TypeError(f"load_digits: flatten must be True or False, got {flatten!r}")
    with np.load(_DIGITS_FILE) as archive:
        images = archive["images"]
        labels = archive["labels"]
    X = images.astype(np.float64) / 16.0
    if flatten:
        X = X.reshape(len(X), -1)
    return X, labels.astype(np.int64)


# ----------------------------------------------------------------------------------
# MNIST and Fashion-MNIST (downloaded once, then read from the cache)
# ----------------------------------------------------------------------------------

def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, path: Path, expected_md5: str) -> None:
    """Download url to path through a temporary file kept only if its MD5 matches."""
    print(f"load_mnist: downloading {url}")
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=60) as response:
            for block in iter(lambda: response.read(1 << 20), b""):
                out.write(block)
    except (OSError, http.client.HTTPException) as error:  # no network, timeout, 404...
        tmp.unlink(missing_ok=True)
        raise ConnectionError(
            f"load_mnist: could not download {url} ({error}); check your internet "
            "connection, or pass base_url= for another mirror; the bundled "
            "load_digits() works offline"
        ) from error
    except BaseException:                        # e.g. Ctrl-C: leave no partial file behind
        tmp.unlink(missing_ok=True)
        raise
    actual = _md5(tmp)
    if actual != expected_md5:
        tmp.unlink()
        raise RuntimeError(
            f"load_mnist: checksum mismatch for {path.name} downloaded from {url}: "
            f"expected MD5 {expected_md5}, got {actual}. The bad file was deleted; "
            "try again, or pass base_url= for another mirror"
        )
    os.replace(tmp, path)


def _read_idx(path: Path) -> np.ndarray:
    """Read a gzipped IDX file of unsigned bytes into an array of its stored shape."""
    with gzip.open(path, "rb") as file:
        raw = file.read()
    # Header: two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions,
    # then one big-endian 32-bit size per dimension.
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"load_mnist: {path} is not an IDX file of unsigned bytes")
    ndim = raw[3]
    if len(raw) < 4 + 4 * ndim:
        raise ValueError(f"load_mnist: {path} is truncated: its header is incomplete")
    shape = tuple(int(n) for n in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    offset = 4 + 4 * ndim
    if len(raw) - offset != int(np.prod(shape)):
        raise ValueError(f"load_mnist: {path} is truncated: header says shape {shape}")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(shape)


def load_mnist(kind: str = "digits", cache_dir: str | os.PathLike | None = None,
               base_url: str | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST or Fashion-MNIST (28x28 greyscale images, 10 classes), downloaded once.

    The four ``.gz`` files (12 MB for MNIST, 30 MB for Fashion-MNIST) are downloaded on the
    first call, checked against the MD5 sums in ``MNIST_FILES`` and kept in ``cache_dir``;
    later calls read the cache and work offline. A cached file with a wrong checksum is
    deleted and downloaded again.
    The arrays take about 440 MB of memory in float64.

    Parameters
    ----------
    kind : {"digits", "fashion"}
        "digits" for MNIST handwritten digits, "fashion" for Fashion-MNIST clothing.
    cache_dir : str or path, optional
        Folder for the downloaded files; default ``~/.cache/nnscratch/<kind>``.
    base_url : str, optional
        Address of the folder holding the four files (a mirror, or a ``file://`` URL);
        default ``MNIST_URLS[kind]``.

    Returns
    -------
    X_train : ndarray of shape (60000, 784), float64 in [0, 1]
    y_train : ndarray of shape (60000,), int64 in 0..9
    X_test : ndarray of shape (10000, 784), float64 in [0, 1]
    y_test : ndarray of shape (10000,), int64 in 0..9

    Raises
    ------
    ValueError
        If kind is unknown.
    ConnectionError
        If a file cannot be downloaded (for example without internet).
    RuntimeError
        If a downloaded file's checksum is wrong (the file is deleted).
    """
    if kind not in MNIST_FILES:
        choices = ", ".join(repr(name) for name in MNIST_FILES)
        raise ValueError(f"load_mnist: kind must be one of {choices}, got {kind!r}")
    if cache_dir is None:
        cache_dir = Path.home() / ".cache" / "nnscratch" / kind
    cache_dir = Path(cache_dir).expanduser()
    cache_dir.mkdir(parents=True, exist_ok=True)
    if base_url is None:
        base_url = MNIST_URLS[kind]
    if not base_url.endswith("/"):
        base_url += "/"

    arrays = {}
    for name, expected_md5 in MNIST_FILES[kind].items():
        path = cache_dir / name
        if path.exists() and _md5(path) != expected_md5:
            print(f"load_mnist: cached {path} has a wrong checksum; deleted it, downloading again")
            path.unlink()
        if not path.exists():
            _download(base_url + name, path, expected_md5)
        arrays[name] = _read_idx(path)

    def images(name: str) -> np.ndarray:
        pixels = arrays[name]
        return pixels.reshape(len(pixels), -1).astype(np.float64) / 255.0

    def labels(name: str) -> np.ndarray:
        return arrays[name].astype(np.int64)

    X_train, y_train = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    X_test, y_test = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    if len(X_train) != len(y_train) or len(X_test) != len(y_test):
        raise ValueError(f"load_mnist: the files in {cache_dir} do not match: "
                         f"{len(X_train)} training images but {len(y_train)} labels, "
                         f"{len(X_test)} test images but {len(y_test)} labels")
    return X_train, y_train, X_test, y_test


# ----------------------------------------------------------------------------------
# Splitting and standardising
# ----------------------------------------------------------------------------------

def train_test_split(X: np.ndarray, y: np.ndarray, test_size: float | int = 0.25,
                     rng: RngLike = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the samples and split them into a training and a test part.

    Parameters
    ----------
    X : array of shape (N, ...)
        Samples, one per row (any number of further dimensions).
    y : array of shape (N,)
        Labels or targets, one per sample.
    test_size : float or int
        Fraction of the samples in the test part (a float in (0, 1), rounded up) or their
        number (an int in 1..N-1).
    rng : numpy.random.Generator or int
        Source of randomness for the shuffle, or a seed for one.

    Returns
    -------
    X_train : ndarray of shape (N - N_test, ...)
    X_test : ndarray of shape (N_test, ...)
    y_train : ndarray of shape (N - N_test,)
    y_test : ndarray of shape (N_test,)
        New arrays; X and y are not modified.
    """
    func = "train_test_split"
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"{func}: X and y must have the same number of rows, "
                         f"got X of shape {X.shape} and y of shape {y.shape}")
    n = len(X)
    if isinstance(test_size, (int, np.integer)) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, Real) and not isinstance(test_size, bool) and 0 < test_size < 1:
        n_test = int(np.ceil(test_size * n))
    else:
        raise ValueError(f"{func}: test_size must be a float in (0, 1) or an int number "
                         f"of samples, got {test_size!r}")
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"{func}: test_size={test_size!r} gives {n_test} test samples out of "
                         f"{n}; both parts need at least one sample")
    rng = _check_rng(rng, func)

    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X_train: np.ndarray, *X_others: np.ndarray) -> tuple[np.ndarray, ...]:
    """Give every feature zero mean and unit variance, using training statistics only.

    The mean and standard deviation of each column of X_train are applied to X_train and
    to every other array (validation, test) so that no test information leaks into
    training. A constant column (std 0) is only centred.

    Parameters
    ----------
    X_train : array of shape (N, D)
        Training samples; their column means and stds are used.
    *X_others : arrays of shape (M, D)
        Further arrays to transform the same way.

    Returns
    -------
    tuple of ndarrays, float64
        ``(X_train_std, *X_others_std)`` with the same shapes as the inputs (a tuple even
        for a single array: ``(X_std,) = standardize(X)``). The inputs are not modified.
    """
    func = "standardize"
    X_train = np.asarray(X_train, dtype=np.float64)
    if X_train.ndim != 2 or len(X_train) == 0:
        raise ValueError(f"{func}: X_train must be a 2-D array of shape (N, D) with N >= 1, "
                         f"got shape {X_train.shape}")
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)

    results = []
    for i, X in enumerate((X_train, *X_others)):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != X_train.shape[1]:
            raise ValueError(f"{func}: array {i} must have shape (M, {X_train.shape[1]}) like "
                             f"X_train, got shape {X.shape}")
        results.append((X - mean) / std)
    return tuple(results)
