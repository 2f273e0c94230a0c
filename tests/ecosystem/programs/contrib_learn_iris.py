"""Iris with tf.contrib.learn's DNNClassifier, as TF 1.x's examples/learn/iris.py wrote it.

Expected: test accuracy above 0.9 (300 whole-array Adagrad steps at contrib.learn's lr 0.05).
"""
import json

from sklearn import model_selection
import tensorflow as tf

## Data
iris = tf.contrib.learn.datasets.load_dataset("iris")
x_train, x_test, y_train, y_test = model_selection.train_test_split(
    iris.data, iris.target, test_size=0.2, random_state=42)

## Model
feature_columns = tf.contrib.learn.infer_real_valued_columns_from_input(x_train)
classifier = tf.contrib.learn.DNNClassifier(feature_columns=feature_columns, hidden_units=[10, 20, 10],
                                            n_classes=3, optimizer="Adam")

## Train
classifier.fit(x_train, y_train, steps=300)

## Evaluate
predictions = list(classifier.predict(x_test, as_iterable=True))
accuracy = sum(int(p == y) for p, y in zip(predictions, y_test)) / len(y_test)
ev = classifier.evaluate(x_test, y_test)
print("RESULT " + json.dumps({"accuracy": accuracy, "evaluate_accuracy": float(ev["accuracy"])}))
