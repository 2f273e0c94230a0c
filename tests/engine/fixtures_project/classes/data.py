"""Toy data (numpy only)."""
import numpy as np


def make(n=300, seed=1):
    rng = np.random.RandomState(seed)
    x = rng.randn(n, 5).astype(np.float32)
    y = (x[:, 1] - x[:, 3] + 0.3 * x[:, 0] > 0).astype(np.int64)
    return x, np.eye(2, dtype=np.float32)[y]
