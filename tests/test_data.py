"""Tests for nnscratch.data: toy sets, bundled digits, the MNIST loader, splitting."""

import gzip
import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnscratch import data

TOY = {
    "make_blobs": (data.make_blobs, 2),
    "make_xor": (data.make_xor, 2),
    "make_moons": (data.make_moons, 2),
    "make_circles": (data.make_circles, 2),
    "make_spirals": (data.make_spirals, 3),
}


# ------------------------------------------------------------------------- toy sets
@pytest.mark.parametrize("name", TOY)
def test_toy_shapes_dtypes_and_labels(name):
    make, n_classes = TOY[name]
    X, y = make(n_samples=150)
    assert X.shape == (150, 2) and X.dtype == np.float64
    assert y.shape == (150,) and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(n_classes))
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", TOY)
def test_toy_classes_are_balanced(name):
    make, n_classes = TOY[name]
    _, y = make(n_samples=301)
    counts = np.bincount(y, minlength=n_classes)
    assert counts.sum() == 301
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", TOY)
def test_toy_reproducible_with_seed_and_generator(name):
    make, _ = TOY[name]
    X1, y1 = make(rng=7)
    X2, y2 = make(rng=7)
    X3, _ = make(rng=np.random.default_rng(7))
    X4, _ = make(rng=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(X1, X3)
    assert not np.allclose(X1, X4)


@pytest.mark.parametrize("name", TOY)
def test_toy_default_rng_is_reproducible(name):
    make, _ = TOY[name]
    np.testing.assert_array_equal(make()[0], make()[0])


@pytest.mark.parametrize("name", TOY)
def test_toy_does_not_touch_global_random_state(name):
    make, _ = TOY[name]
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    make(rng=1)
    assert np.random.random() == expected


@pytest.mark.parametrize("name", TOY)
def test_toy_rows_are_shuffled(name):
    make, _ = TOY[name]
    _, y = make(n_samples=100)
    assert np.any(np.diff(y) < 0), "labels should not come sorted by class"


@pytest.mark.parametrize("name", TOY)
def test_toy_rejects_bad_arguments(name):
    make, _ = TOY[name]
    with pytest.raises(ValueError, match=rf"{name}: n_samples must be .*got -3"):
        make(n_samples=-3)
    with pytest.raises(TypeError, match=rf"{name}: n_samples must be .*got 2.5"):
        make(n_samples=2.5)
    with pytest.raises(TypeError, match=rf"{name}: rng must be a numpy.random.Generator .*got None"):
        make(rng=None)
    with pytest.raises(ValueError, match=rf"{name}: rng seed must be a non-negative int, got -1"):
        make(rng=-1)


@pytest.mark.parametrize("name", ["make_xor", "make_moons", "make_circles", "make_spirals"])
def test_toy_rejects_negative_noise(name):
    make, _ = TOY[name]
    with pytest.raises(ValueError, match=rf"{name}: noise must be a non-negative number, got -0.1"):
        make(noise=-0.1)
    with pytest.raises(TypeError, match=rf"{name}: noise must be a number, got 'big'"):
        make(noise="big")


def test_blobs_int_centers_on_circle_of_radius_3():
    X, y = data.make_blobs(n_samples=400, centers=4, std=0.0)
    centres = np.array([X[y == k][0] for k in range(4)])
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 3.0)
    for k in range(4):                                   # std 0: every point on its centre
        np.testing.assert_allclose(X[y == k], np.broadcast_to(centres[k], (100, 2)))


def test_blobs_array_centers_and_std():
    centers = np.array([[10.0, 0.0], [-10.0, 5.0], [0.0, -7.0]])
    X, y = data.make_blobs(n_samples=3000, centers=centers, std=0.5)
    assert set(np.unique(y)) == {0, 1, 2}
    for k in range(3):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centers[k], atol=0.1)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.05)


def test_blobs_bad_centers_and_std():
    with pytest.raises(ValueError, match=r"make_blobs: centers must be an int K or an array of "
                                         r"shape \(K, 2\), got an array of shape \(3,\)"):
        data.make_blobs(centers=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"make_blobs: centers must be a positive int, got 0"):
        data.make_blobs(centers=0)
    with pytest.raises(ValueError, match=r"make_blobs: std must be a non-negative number, got -1"):
        data.make_blobs(std=-1.0)
    with pytest.raises(ValueError, match=r"at least the number of classes \(5\), got 3"):
        data.make_blobs(n_samples=3, centers=5)


def test_xor_labels_follow_sign_rule():
    X, y = data.make_xor(n_samples=400, noise=0.2, rng=3)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.int64))
    # the four clusters are equally filled
    quadrant = 2 * (X[:, 0] > 0) + (X[:, 1] > 0)
    np.testing.assert_array_equal(np.bincount(quadrant), [100, 100, 100, 100])


def test_xor_noise_free_points_are_the_corners():
    X, y = data.make_xor(n_samples=8, noise=0.0)
    np.testing.assert_array_equal(np.abs(X), np.ones((8, 2)))
    np.testing.assert_array_equal(y, (X[:, 0] != X[:, 1]).astype(np.int64))


def test_moons_noise_free_lie_on_their_arcs():
    X, y = data.make_moons(n_samples=101, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0)
    assert np.all(upper[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_moons_are_not_linearly_separable_but_interleave():
    X, y = data.make_moons(noise=0.0)
    # the tip of each moon reaches past the other moon's end along x
    assert X[y == 1, 0].min() < X[y == 0, 0].max()
    assert X[y == 0, 0].min() < X[y == 1, 0].min()


def test_circles_radii():
    X, y = data.make_circles(n_samples=200, noise=0.0, factor=0.3)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_circles_with_noise_stay_separated_by_radius():
    X, y = data.make_circles(n_samples=1000, noise=0.05, factor=0.5, rng=2)
    radius = np.linalg.norm(X, axis=1)
    assert radius[y == 1].max() < radius[y == 0].min()


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.5, -0.2])
def test_circles_bad_factor(factor):
    with pytest.raises(ValueError, match=rf"make_circles: factor must be a number in \(0, 1\), "
                                         rf"got {factor}"):
        data.make_circles(factor=factor)


def test_spirals_structure():
    X, y = data.make_spirals(n_samples=300, n_classes=3, noise=0.0)
    radius = np.linalg.norm(X, axis=1)
    assert radius.max() <= 1.0 + 1e-12 and radius.min() > 0
    for k in range(3):
        arm = X[y == k]
        r = np.linalg.norm(arm, axis=1)
        angle = np.arctan2(arm[:, 1], arm[:, 0])
        expected = 2 * np.pi * k / 3 + 4 * r
        # compare angles modulo 2 pi
        np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-12)


def test_spirals_bad_arguments():
    with pytest.raises(ValueError, match=r"make_spirals: n_classes must be a positive int, got 0"):
        data.make_spirals(n_classes=0)
    with pytest.raises(ValueError, match=r"make_spirals: n_samples must be at least n_classes"):
        data.make_spirals(n_samples=2, n_classes=3)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(4, 60), seed=st.integers(0, 2**32 - 1))
def test_toy_sizes_property(n, seed):
    for make, n_classes in TOY.values():
        if n < n_classes:
            continue
        X, y = make(n_samples=n, rng=seed)
        assert X.shape == (n, 2) and y.shape == (n,)
        counts = np.bincount(y, minlength=n_classes)
        assert counts.max() - counts.min() <= 1


# ------------------------------------------------------------------------- digits
def test_load_digits_flat():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(X * 16), np.arange(17))   # values were 0..16
    np.testing.assert_array_equal(np.bincount(y),
                                  [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


def test_load_digits_images_match_flat():
    X, y = data.load_digits()
    images, y2 = data.load_digits(flatten=False)
    assert images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images.reshape(1797, 64), X)
    np.testing.assert_array_equal(y, y2)


def test_load_digits_returns_fresh_arrays():
    X, _ = data.load_digits()
    X[:] = -1
    assert data.load_digits()[0].min() == 0.0


def test_load_digits_bad_flatten():
    with pytest.raises(TypeError, match=r"load_digits: flatten must be True or False, got 'yes'"):
        data.load_digits(flatten="yes")


# ------------------------------------------------------------------------- MNIST loader
def _idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return gzip.compress(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def mnist_server(tmp_path, monkeypatch):
    """Four tiny IDX files in a folder served by a file:// URL, with their MD5s patched in."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28)),
        "train-labels-idx1-ubyte.gz": np.array([0, 1, 2, 3, 4, 9]),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (3, 28, 28)),
        "t10k-labels-idx1-ubyte.gz": np.array([7, 8, 5]),
    }
    folder = tmp_path / "server"
    folder.mkdir()
    checksums = {}
    for name, array in arrays.items():
        raw = _idx_bytes(array)
        (folder / name).write_bytes(raw)
        checksums[name] = hashlib.md5(raw).hexdigest()
    monkeypatch.setitem(data.MNIST_FILES, "digits", checksums)
    return folder, arrays


def test_load_mnist_downloads_parses_and_caches(mnist_server, tmp_path, capsys):
    folder, arrays = mnist_server
    cache = tmp_path / "cache"
    X_train, y_train, X_test, y_test = data.load_mnist(
        "digits", cache_dir=cache, base_url=folder.as_uri())
    assert X_train.shape == (6, 784) and X_test.shape == (3, 784)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    np.testing.assert_allclose(X_train, arrays["train-images-idx3-ubyte.gz"].reshape(6, 784) / 255)
    np.testing.assert_allclose(X_test, arrays["t10k-images-idx3-ubyte.gz"].reshape(3, 784) / 255)
    np.testing.assert_array_equal(y_train, [0, 1, 2, 3, 4, 9])
    np.testing.assert_array_equal(y_test, [7, 8, 5])
    assert 0.0 <= X_train.min() and X_train.max() <= 1.0
    assert sorted(p.name for p in cache.iterdir()) == sorted(arrays)
    assert "downloading" in capsys.readouterr().out

    # second call: served from the cache, even when the URL no longer works
    again = data.load_mnist("digits", cache_dir=cache, base_url=(tmp_path / "gone").as_uri())
    np.testing.assert_array_equal(again[0], X_train)
    assert "downloading" not in capsys.readouterr().out


def test_load_mnist_corrupt_download_is_deleted(mnist_server, tmp_path):
    folder, _ = mnist_server
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(b"not the real file")
    cache = tmp_path / "cache"
    with pytest.raises(RuntimeError, match=r"checksum mismatch for train-labels-idx1-ubyte.gz.*"
                                           r"bad file was deleted"):
        data.load_mnist("digits", cache_dir=cache, base_url=folder.as_uri())
    left = sorted(p.name for p in cache.iterdir())
    assert left == ["train-images-idx3-ubyte.gz"]          # nothing bad, no partial file


def test_load_mnist_corrupt_cache_is_downloaded_again(mnist_server, tmp_path, capsys):
    folder, _ = mnist_server
    cache = tmp_path / "cache"
    first = data.load_mnist("digits", cache_dir=cache, base_url=folder.as_uri())
    (cache / "t10k-labels-idx1-ubyte.gz").write_bytes(b"damaged")
    capsys.readouterr()
    second = data.load_mnist("digits", cache_dir=cache, base_url=folder.as_uri())
    assert "wrong checksum" in capsys.readouterr().out
    np.testing.assert_array_equal(first[3], second[3])


def test_load_mnist_unreachable_url(mnist_server, tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(ConnectionError, match=r"could not download .*check your internet "
                                              r"connection.*load_digits\(\) works offline"):
        data.load_mnist("digits", cache_dir=cache, base_url=(tmp_path / "nowhere").as_uri())
    assert list(cache.iterdir()) == []                       # no partial file left behind


def test_load_mnist_unknown_kind(tmp_path):
    with pytest.raises(ValueError, match=r"load_mnist: kind must be one of 'digits', 'fashion', "
                                         r"got 'letters'"):
        data.load_mnist("letters", cache_dir=tmp_path)


def test_load_mnist_rejects_non_idx_file(mnist_server, tmp_path, monkeypatch):
    folder, _ = mnist_server
    raw = gzip.compress(b"\x00\x00\x0d\x01" + b"\x00" * 8)      # type code 0x0d = float
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(raw)
    monkeypatch.setitem(data.MNIST_FILES["digits"], "train-labels-idx1-ubyte.gz",
                        hashlib.md5(raw).hexdigest())
    with pytest.raises(ValueError, match=r"not an IDX file of unsigned bytes"):
        data.load_mnist("digits", cache_dir=tmp_path / "cache", base_url=folder.as_uri())


def test_mnist_checksum_table_is_complete():
    for kind in ("digits", "fashion"):
        assert len(data.MNIST_FILES[kind]) == 4
        assert kind in data.MNIST_URLS
        for checksum in data.MNIST_FILES[kind].values():
            assert len(checksum) == 32 and int(checksum, 16) >= 0


# ------------------------------------------------------------------------- splitting
def test_train_test_split_partitions_the_samples():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.25)
    assert X_train.shape == (15, 2) and X_test.shape == (5, 2)
    assert y_train.shape == (15,) and y_test.shape == (5,)
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), y)  # none lost
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)                     # rows kept
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)
    assert not np.array_equal(y_train, np.arange(15)), "should be shuffled"


def test_train_test_split_int_size_rounding_and_reproducibility():
    X, y = data.make_blobs(n_samples=10)
    assert len(data.train_test_split(X, y, test_size=3)[1]) == 3
    assert len(data.train_test_split(X, y, test_size=0.21)[1]) == 3      # rounded up
    a = data.train_test_split(X, y, rng=5)
    b = data.train_test_split(X, y, rng=np.random.default_rng(5))
    c = data.train_test_split(X, y, rng=6)
    for left, right in zip(a, b):
        np.testing.assert_array_equal(left, right)
    assert not np.array_equal(a[3], c[3]) or not np.array_equal(a[1], c[1])


def test_train_test_split_works_on_images_and_does_not_mutate():
    images, y = data.load_digits(flatten=False)
    before = images.copy()
    X_train, X_test, _, _ = data.train_test_split(images, y, test_size=0.2)
    assert X_train.shape[1:] == (8, 8) and len(X_train) + len(X_test) == 1797
    X_train[:] = 5
    np.testing.assert_array_equal(images, before)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 50), frac=st.floats(0.01, 0.99), seed=st.integers(0, 1000))
def test_train_test_split_property(n, frac, seed):
    X = np.arange(n)[:, None] * np.ones((1, 3))
    y = np.arange(n)
    n_test = int(np.ceil(frac * n))
    if not 1 <= n_test <= n - 1:
        with pytest.raises(ValueError):
            data.train_test_split(X, y, test_size=frac, rng=seed)
        return
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_size=frac, rng=seed)
    assert len(y_te) == n_test
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(n))
    np.testing.assert_array_equal(X_tr[:, 0], y_tr)


def test_train_test_split_errors():
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match=r"train_test_split: X and y must have the same number "
                                         r"of rows, got X of shape \(10, 2\) and y of shape \(9,\)"):
        data.train_test_split(X, y[:9])
    with pytest.raises(ValueError, match=r"test_size must be a float in \(0, 1\) or an int "
                                         r"number of samples, got 1.5"):
        data.train_test_split(X, y, test_size=1.5)
    with pytest.raises(ValueError, match=r"test_size=10 gives 10 test samples out of 10"):
        data.train_test_split(X, y, test_size=10)
    with pytest.raises(TypeError, match=r"train_test_split: rng must be"):
        data.train_test_split(X, y, rng="seed")


# ------------------------------------------------------------------------- standardize
def test_standardize_statistics_and_others():
    rng = np.random.default_rng(0)
    X_train = rng.normal([5.0, -3.0, 0.0], [2.0, 0.1, 1.0], size=(500, 3))
    X_test = rng.normal([5.0, -3.0, 0.0], [2.0, 0.1, 1.0], size=(50, 3))
    train_copy, test_copy = X_train.copy(), X_test.copy()
    Z_train, Z_test = data.standardize(X_train, X_test)
    np.testing.assert_allclose(Z_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z_train.std(axis=0), 1.0)
    expected = (X_test - X_train.mean(axis=0)) / X_train.std(axis=0)   # training statistics
    np.testing.assert_allclose(Z_test, expected)
    np.testing.assert_array_equal(X_train, train_copy)                  # inputs untouched
    np.testing.assert_array_equal(X_test, test_copy)


def test_standardize_constant_column_and_single_array():
    X = np.array([[1.0, 7.0], [3.0, 7.0], [5.0, 7.0]])
    result = data.standardize(X)
    assert isinstance(result, tuple) and len(result) == 1
    (Z,) = result
    np.testing.assert_array_equal(Z[:, 1], 0.0)
    assert np.all(np.isfinite(Z))
    Z_int = data.standardize(np.array([[1, 2], [3, 4]]))[0]
    assert Z_int.dtype == np.float64


def test_standardize_errors():
    with pytest.raises(ValueError, match=r"standardize: X_train must be a 2-D array of shape "
                                         r"\(N, D\) with N >= 1, got shape \(5,\)"):
        data.standardize(np.zeros(5))
    with pytest.raises(ValueError, match=r"standardize: array 1 must have shape \(M, 3\) like "
                                         r"X_train, got shape \(4, 2\)"):
        data.standardize(np.ones((5, 3)), np.ones((4, 2)))


def test_load_mnist_rejects_mismatched_files(mnist_server, tmp_path, monkeypatch):
    folder, _ = mnist_server
    raw = _idx_bytes(np.array([1, 2]))                          # 2 labels for 6 images
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(raw)
    monkeypatch.setitem(data.MNIST_FILES["digits"], "train-labels-idx1-ubyte.gz",
                        hashlib.md5(raw).hexdigest())
    with pytest.raises(ValueError, match=r"6 training images but 2 labels"):
        data.load_mnist("digits", cache_dir=tmp_path / "cache", base_url=folder.as_uri())


def test_load_mnist_rejects_truncated_idx(mnist_server, tmp_path, monkeypatch):
    folder, _ = mnist_server
    raw = gzip.compress(bytes([0, 0, 8, 1]) + np.array([5], ">u4").tobytes()
                        + b"\x01\x02")                           # header says 5, holds 2
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(raw)
    monkeypatch.setitem(data.MNIST_FILES["digits"], "t10k-labels-idx1-ubyte.gz",
                        hashlib.md5(raw).hexdigest())
    with pytest.raises(ValueError, match=r"is truncated: header says shape \(5,\)"):
        data.load_mnist("digits", cache_dir=tmp_path / "cache", base_url=folder.as_uri())
