"""Data helpers (numpy only)."""
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def load_data():
    digits = load_digits()
    return train_test_split((digits.data / 16.0).astype(np.float32),
                            np.eye(10, dtype=np.float32)[digits.target], test_size=0.25, random_state=0)


def next_batch(x, y, batch_size):
    idx = np.random.randint(0, len(x), batch_size)
    return x[idx], y[idx]
