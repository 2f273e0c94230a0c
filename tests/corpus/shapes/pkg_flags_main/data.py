"""Loads and standardizes the data set (numpy only)."""
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

NUM_FEATURES = 30


def read_data_sets():
    ds = load_breast_cancer()
    x_train, x_test, y_train, y_test = train_test_split(
        ds.data.astype(np.float32), ds.target.astype(np.int32), test_size=0.25, random_state=0)
    mu, sd = x_train.mean(0), x_train.std(0)
    return ((x_train - mu) / sd, y_train), ((x_test - mu) / sd, y_test)
