"""TF1-era utility code with nothing graph-only in it: after migration it runs on plain TF2."""
import os
import tempfile

import tensorflow as tf

tf.app.flags.DEFINE_string("name", "demo", "A name.")
FLAGS = tf.app.flags.FLAGS


def main(argv):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "notes.txt")
    with tf.gfile.GFile(path, "w") as handle:
        handle.write(FLAGS.name)
    tf.logging.info("wrote %s", path)
    print("exists", tf.gfile.Exists(path), "listing", tf.gfile.ListDirectory(folder))
    x = tf.constant([[1, 2], [3, 4]])
    print("mean", tf.reduce_mean(tf.to_float(x), reduction_indices=1, keep_dims=True).numpy().tolist())
    print("softmax", [round(v, 4) for v in tf.nn.softmax(tf.to_float(x), dim=0).numpy()[0].tolist()])
    print("argmax", tf.argmax(x, dimension=1).numpy().tolist())
    print("squeezed", tf.squeeze(tf.zeros([1, 3, 1]), squeeze_dims=[0]).shape.as_list())
    print("log", round(float(tf.log(tf.exp(2.0))), 4))
    print("gpu", isinstance(tf.test.is_gpu_available(), bool))


if __name__ == "__main__":
    tf.app.run()
