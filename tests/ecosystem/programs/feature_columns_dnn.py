"""A canned DNNClassifier on numeric, bucketized and one-hot (vocabulary / identity) feature columns.

Expected: test accuracy above 0.9 on a synthetic rule (class from a colour, a bucket and a sign).
"""
import json

import numpy as np
import tensorflow as tf

## Data
rng = np.random.RandomState(0)


def make(n):
    colour = rng.choice(["red", "green", "blue", "pink"], size=n)  # "pink" is outside the vocabulary
    age = rng.uniform(0, 90, size=n)
    shop = rng.randint(0, 3, size=n)
    score = rng.normal(size=n)
    y = ((colour == "red") ^ (age > 40) ^ (score > 0)).astype(np.int64)
    return {"colour": colour, "age": age, "shop": shop, "score": score}, y


(x_train, y_train), (x_test, y_test) = make(800), make(200)

## Model
columns = [
    tf.feature_column.numeric_column("score"),
    tf.feature_column.bucketized_column(tf.feature_column.numeric_column("age"), boundaries=[20.0, 40.0, 60.0]),
    tf.feature_column.indicator_column(
        tf.feature_column.categorical_column_with_vocabulary_list("colour", ["red", "green", "blue"])),
    tf.feature_column.indicator_column(tf.feature_column.categorical_column_with_identity("shop", 3)),
]
classifier = tf.estimator.DNNClassifier(feature_columns=columns, hidden_units=[32, 16], n_classes=2)

## Train
classifier.train(input_fn=tf.estimator.inputs.numpy_input_fn(
    x={"colour": x_train["colour"], "age": x_train["age"], "shop": x_train["shop"], "score": x_train["score"]},
    y=y_train, batch_size=32, num_epochs=None, shuffle=True), steps=1500)

## Evaluate
accuracy = classifier.evaluate(input_fn=tf.estimator.inputs.numpy_input_fn(
    x={"colour": x_test["colour"], "age": x_test["age"], "shop": x_test["shop"], "score": x_test["score"]},
    y=y_test, shuffle=False))["accuracy"]
print("RESULT " + json.dumps({"accuracy": float(accuracy)}))
