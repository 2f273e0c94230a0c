"""A model class in `model.py`, a trainer in `trainer.py`, the wiring in `main.py`.

Imitates: "tensorflow project template"-style repositories (a `BaseModel` with `init_saver`,
a `Trainer(sess, model, data, config)` whose `train_epoch`/`train_step` run the session, a
`main.py` that creates the session and hands it to the trainer).
Constructs: `from model import MLPModel`, `from trainer import Trainer`, a config dict,
`self.is_training` bool placeholder, `tf.layers.dense` + `tf.layers.dropout(training=)`,
`self.global_step_tensor = tf.Variable(0, trainable=False)`, `minimize(global_step=)`,
`self.saver = tf.train.Saver(max_to_keep=1)`, the trainer saving with `model.save(sess)`
into a temp dir, `sess.run(model.global_step_tensor)`.
Entry: `main.py`. Data: wine, standardized. Expected accuracy: about 0.98.
"""
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

from model import MLPModel
from trainer import Trainer

np.random.seed(0)
tf.set_random_seed(0)


def get_data():
    wine = load_wine()
    x_train, x_test, y_train, y_test = train_test_split(
        wine.data.astype(np.float32), wine.target.astype(np.int64), test_size=0.3, random_state=0)
    mu, sd = x_train.mean(0), x_train.std(0)
    return (x_train - mu) / sd, (x_test - mu) / sd, y_train, y_test


def main():
    config = {"learning_rate": 0.005, "num_epochs": 30, "batch_size": 16,
              "checkpoint_dir": tempfile.mkdtemp(prefix="pkg_model_trainer_")}
    data = get_data()
    model = MLPModel(config)
    sess = tf.Session()
    trainer = Trainer(sess, model, data, config)
    trainer.train()
    print("global step:", sess.run(model.global_step_tensor))
    acc = trainer.test()
    sess.close()
    print("final accuracy: %.4f" % acc)


if __name__ == "__main__":
    main()
