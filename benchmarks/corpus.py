"""A deterministic tree of TF1 programs written the way the TF1 tutorials were.

Each file is assembled from snippets (imports, flags, data, model, loss,
optimizer, summaries, training loop, evaluation, helpers) with names, sizes
and choices drawn from a seeded ``random.Random``, so the same seed always
gives the same tree. The mix follows ``shared/API_INVENTORY.md``: placeholders,
Variables, reduce_mean with ``reduction_indices``/``keep_dims``, Sessions with
``feed_dict`` loops, v1 softmax cross-entropy, dropout with ``keep_prob``,
v1 optimizers, summaries, Saver, ``tf.app.flags``, ``tf.logging``, ``tf.gfile``,
``tf.contrib`` and private ``tensorflow.python`` imports. Every file parses
under Python 3; most are 50-300 lines and about one in fifty is a big
multi-model module (1,000+ lines).

    python benchmarks/corpus.py OUT_DIR [--files N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import textwrap
from pathlib import Path
from string import Template

DEFAULT_SEED = 20170215  # TF 1.0 release day

_IMPORT_STYLES = ("plain", "plain", "plain", "compat", "compat", "contrib_rnn", "private_ops", "slim", "unaliased")
_X = ("x", "X", "inputs", "images", "features", "x_input")
_Y = ("y", "Y", "y_", "labels", "targets", "y_true")
_KEEP = ("keep_prob", "dropout_keep", "kp", "keep_probability")
_LR = ("learning_rate", "lr", "LEARNING_RATE", "base_lr")
_SESS = ("sess", "session", "s")
_OPT = ("AdamOptimizer", "AdamOptimizer", "GradientDescentOptimizer", "GradientDescentOptimizer",
        "MomentumOptimizer", "RMSPropOptimizer", "AdagradOptimizer")
_ACT = ("relu", "relu", "sigmoid", "tanh", "elu")
_INIT = ("random_normal", "random_normal", "truncated_normal", "random_uniform")
_TOPICS = ("MNIST", "CIFAR-10", "Iris", "a toy regression", "Fashion-MNIST", "text classification",
           "the XOR problem", "house prices", "sentiment analysis", "notMNIST")


def _t(text: str, **names) -> str:
    return Template(textwrap.dedent(text).lstrip("\n")).substitute(**names)


class _File:
    """Names and choices shared by the snippets of one file."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.style = rng.choice(_IMPORT_STYLES)
        self.tf = "tensorflow" if self.style == "unaliased" else "tf"
        self.x, self.y = rng.choice(_X), rng.choice(_Y)
        self.keep = rng.choice(_KEEP)
        self.lr = rng.choice(_LR)
        self.sess = rng.choice(_SESS)
        self.n_in = rng.choice((4, 13, 784, 3072, 100, 2))
        self.n_out = rng.choice((2, 3, 10, 10, 1))
        self.hidden = [rng.choice((16, 32, 64, 128, 256, 512)) for _ in range(rng.randint(1, 4))]
        self.topic = rng.choice(_TOPICS)
        self.has_flags = rng.random() < 0.35
        self.uses_mnist = self.n_in == 784 and rng.random() < 0.6
        self.dropout = rng.random() < 0.5
        self.rnn_module = False
        self.sofar = ""

    def names(self, **extra) -> dict:
        base = dict(tf=self.tf, x=self.x, y=self.y, keep=self.keep, lr=self.lr, sess=self.sess,
                    n_in=self.n_in, n_out=self.n_out, topic=self.topic)
        base.update(extra)
        return base


def _header(f: _File) -> str:
    r = f.rng
    title = r.choice(("A simple", "A basic", "Minimal", "Tutorial:", "Example:")) + " " + r.choice(
        ("multilayer perceptron", "softmax regression", "convolutional network", "recurrent network",
         "logistic regression", "autoencoder", "linear regression", "classifier"))
    lines = [f'"""{title} for {f.topic} with TensorFlow.', ""]
    if r.random() < 0.5:
        lines += ["Author: " + r.choice(("Aymeric Damien", "hunkim", "nlintz", "sjchoi86", "golbin")),
                  "Project: https://github.com/example/tensorflow-examples", ""]
    lines.append('"""')
    out = "\n".join(lines) + "\n"
    if r.random() < 0.4:
        out += "from __future__ import absolute_import\nfrom __future__ import division\nfrom __future__ import print_function\n"
    return out + "\n"


def _imports(f: _File) -> str:
    r = f.rng
    lines = []
    if r.random() < 0.5:
        lines += ["import os", "import sys"] if r.random() < 0.5 else ["import time"]
    lines.append("import numpy as np")
    if f.style in ("plain", "contrib_rnn", "private_ops", "slim"):
        lines.append("import tensorflow as tf")
    elif f.style == "compat":
        lines += ["import tensorflow.compat.v1 as tf", "tf.disable_v2_behavior()"]
    else:
        lines.append("import tensorflow")
    if f.style == "contrib_rnn":
        f.rnn_module = r.random() < 0.7
        lines.append("from tensorflow.contrib import rnn" if f.rnn_module else
                     "from tensorflow.contrib.rnn import BasicLSTMCell")
    if f.style == "private_ops":
        lines.append("from tensorflow.python.framework import ops")
        if r.random() < 0.3:
            lines.append("from tensorflow.python.platform import gfile")
    if f.style == "slim":
        lines.append("import tensorflow.contrib.slim as slim")
    if f.uses_mnist:
        lines.append("from tensorflow.examples.tutorials.mnist import input_data")
    if r.random() < 0.3:
        lines.append("import matplotlib.pyplot as plt")
    out = "\n".join(lines) + "\n\n"
    if f.style == "private_ops":
        out += "ops.reset_default_graph()\n"
    if r.random() < 0.6:
        out += _t("$tf.set_random_seed($seed)\nnp.random.seed($seed)\n", tf=f.tf, seed=r.randint(0, 999))
    return out + "\n"


def _flags(f: _File) -> str:
    if not f.has_flags:
        return ""
    r = f.rng
    extra = "".join(
        _t("flags.DEFINE_$kind('$name', $default, '$help')\n", kind=kind, name=name, default=default, help=help_)
        for kind, name, default, help_ in r.sample([
            ("integer", "batch_size", r.choice((32, 64, 100, 128)), "Batch size."),
            ("integer", "max_steps", r.choice((1000, 2000, 5000)), "Number of steps to run trainer."),
            ("string", "log_dir", "'/tmp/tensorflow/logs'", "Summaries log directory."),
            ("string", "data_dir", "'/tmp/data'", "Directory for storing input data."),
            ("boolean", "fake_data", "False", "If true, uses fake data for unit testing."),
            ("float", "dropout", "0.9", "Keep probability for training dropout."),
        ], r.randint(2, 5)))
    return _t("""
        flags = $tf.app.flags
        FLAGS = flags.FLAGS
        flags.DEFINE_float('$lr', $lrv, 'Initial learning rate.')
        """, tf=f.tf, lr=f.lr, lrv=r.choice(("0.01", "0.001", "0.1", "1e-4"))) + extra + "\n"


def _hyper(f: _File) -> str:
    if f.has_flags:
        return _t("$lr = FLAGS.$lr\n", lr=f.lr) + "training_epochs = %d\nbatch_size = FLAGS.batch_size\ndisplay_step = %d\n\n" % (
            f.rng.choice((5, 10, 15, 25)), f.rng.choice((1, 5, 10)))
    return "# Parameters\n%s = %s\ntraining_epochs = %d\nbatch_size = %d\ndisplay_step = %d\n\n" % (
        f.lr, f.rng.choice(("0.01", "0.001", "0.1", "1e-4", "0.5")), f.rng.choice((5, 10, 15, 25, 100)),
        f.rng.choice((32, 64, 100, 128)), f.rng.choice((1, 5, 10, 50)))


def _data(f: _File) -> str:
    if f.uses_mnist:
        return _t("""
            mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
            n_samples = mnist.train.num_examples


            def next_batch(size):
                return mnist.train.next_batch(size)


            """)
    return _t("""
        # Data: $topic stand-in
        n_samples = $n
        train_X = np.random.rand(n_samples, $n_in).astype(np.float32)
        train_labels = np.random.randint(0, $n_out, size=n_samples)
        train_Y = np.eye($n_out)[train_labels].astype(np.float32)


        def next_batch(size):
            idx = np.random.choice(n_samples, size)
            return train_X[idx], train_Y[idx]


        """, topic=f.topic, n=f.rng.choice((150, 506, 1000, 5000)), n_in=f.n_in, n_out=f.n_out)


def _placeholders(f: _File) -> str:
    out = _t("""
        $x = $tf.placeholder($tf.float32, [None, $n_in], name='$x')
        $y = $tf.placeholder($tf.float32, [None, $n_out], name='$y')
        """, **f.names())
    if f.dropout:
        out += _t("$keep = $tf.placeholder($tf.float32)\n", **f.names())
    return out + "\n"


def _model_mlp(f: _File, prefix: str = "") -> str:
    r = f.rng
    init = r.choice(_INIT)
    sizes = [f.n_in] + f.hidden + [f.n_out]
    lines = ["# Store layers weight & bias", prefix + "weights = {"]
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        key = f"'h{i + 1}'" if i < len(sizes) - 2 else "'out'"
        lines.append(f"    {key}: {f.tf}.Variable({f.tf}.{init}([{a}, {b}])),")
    lines += ["}", prefix + "biases = {"]
    for i, b in enumerate(sizes[1:]):
        key = f"'b{i + 1}'" if i < len(sizes) - 2 else "'out'"
        lines.append(f"    {key}: {f.tf}.Variable({f.tf}.{init}([{b}])),")
    lines += ["}", "", "", f"def {prefix}multilayer_perceptron(x, weights, biases):"]
    prev = "x"
    for i in range(len(f.hidden)):
        act = r.choice(_ACT)
        lines.append(f"    layer_{i + 1} = {f.tf}.add({f.tf}.matmul({prev}, weights['h{i + 1}']), biases['b{i + 1}'])")
        lines.append(f"    layer_{i + 1} = {f.tf}.nn.{act}(layer_{i + 1})")
        if f.dropout and r.random() < 0.6:
            lines.append(f"    layer_{i + 1} = {f.tf}.nn.dropout(layer_{i + 1}, {f.keep})")
        prev = f"layer_{i + 1}"
    lines.append(f"    return {f.tf}.matmul({prev}, weights['out']) + biases['out']")
    lines += ["", "", f"logits = {prefix}multilayer_perceptron({f.x}, {prefix}weights, {prefix}biases)", ""]
    return "\n".join(lines) + "\n"


def _model_layers(f: _File, prefix: str = "") -> str:
    r = f.rng
    side = {784: 28, 3072: 32}.get(f.n_in)
    lines = [f"def {prefix}build_model(inputs, training=False):", f"    with {f.tf}.variable_scope('{prefix}model'):"]
    prev = "inputs"
    if side:
        ch = 3 if side == 32 else 1
        lines.append(f"        net = {f.tf}.reshape(inputs, [-1, {side}, {side}, {ch}])")
        prev = "net"
        for i in range(r.randint(1, 3)):
            filters = r.choice((16, 32, 64))
            lines.append(f"        net = {f.tf}.layers.conv2d({prev}, {filters}, {r.choice((3, 5))}, "
                         f"padding='same', activation={f.tf}.nn.relu, name='conv{i + 1}')")
            lines.append(f"        net = {f.tf}.layers.max_pooling2d(net, 2, 2)")
            prev = "net"
        lines.append(f"        net = {f.tf}.layers.flatten(net)" if r.random() < 0.5 else
                     f"        net = {f.tf}.contrib.layers.flatten(net)")
    for i, h in enumerate(f.hidden):
        lines.append(f"        net = {f.tf}.layers.dense({prev}, {h}, activation={f.tf}.nn.{r.choice(_ACT)}, name='fc{i + 1}')")
        if r.random() < 0.4:
            lines.append(f"        net = {f.tf}.layers.dropout(net, rate={r.choice(('0.25', '0.5'))}, training=training)")
        prev = "net"
    lines.append(f"        return {f.tf}.layers.dense({prev}, {f.n_out}, name='logits')")
    lines += ["", "", f"is_training = {f.tf}.placeholder_with_default(False, shape=(), name='is_training')",
              f"logits = {prefix}build_model({f.x}, training=is_training)", ""]
    return "\n".join(lines) + "\n"


def _model_get_variable(f: _File, prefix: str = "") -> str:
    r = f.rng
    init = r.choice(("tf.contrib.layers.xavier_initializer()", "tf.random_normal_initializer(stddev=0.1)",
                     "tf.truncated_normal_initializer(stddev=0.02)", "tf.zeros_initializer()"))
    init = init.replace("tf.", f.tf + ".")
    lines = [f"def {prefix}fc_layer(inputs, n_in, n_out, name, activation=None):",
             f"    with {f.tf}.variable_scope(name):",
             f"        W = {f.tf}.get_variable('W', shape=[n_in, n_out], initializer={init})",
             f"        b = {f.tf}.get_variable('b', shape=[n_out], initializer={f.tf}.constant_initializer(0.0))",
             f"        out = {f.tf}.matmul(inputs, W) + b",
             f"        {f.tf}.summary.histogram('weights', W)",
             "        if activation is not None:",
             "            out = activation(out)",
             "        return out", "", ""]
    prev, n = f.x, f.n_in
    for i, h in enumerate(f.hidden):
        lines.append(f"h{i + 1} = {prefix}fc_layer({prev}, {n}, {h}, 'fc{i + 1}', activation={f.tf}.nn.{r.choice(_ACT)})")
        if f.dropout:
            lines.append(f"h{i + 1} = {f.tf}.nn.dropout(h{i + 1}, keep_prob={f.keep})")
        prev, n = f"h{i + 1}", h
    lines.append(f"logits = {prefix}fc_layer({prev}, {n}, {f.n_out}, 'out')")
    return "\n".join(lines) + "\n\n"


def _model_rnn(f: _File, prefix: str = "") -> str:
    r = f.rng
    steps = {784: 28, 3072: 32}.get(f.n_in, 1 if f.n_in < 8 else f.n_in // 4 if f.n_in % 4 == 0 else f.n_in)
    width = f.n_in // steps
    units = r.choice((64, 128, 256))
    if f.style == "contrib_rnn":
        if f.rnn_module:
            cell, static = r.choice(("rnn.BasicLSTMCell", "rnn.GRUCell", "rnn.BasicRNNCell")), "rnn.static_rnn"
        else:
            cell, static = "BasicLSTMCell", f.tf + ".nn.static_rnn"
    else:
        cell = f.tf + "." + r.choice(("nn.rnn_cell.BasicLSTMCell", "contrib.rnn.BasicLSTMCell", "nn.rnn_cell.GRUCell"))
        static = f.tf + "." + r.choice(("nn.static_rnn", "contrib.rnn.static_rnn"))
    return _t("""
        n_steps = $steps
        n_width = $width
        n_hidden = $units
        out_W = $tf.Variable($tf.random_normal([n_hidden, $n_out]))
        out_b = $tf.Variable($tf.random_normal([$n_out]))


        def ${prefix}RNN(x, W, b):
            x = $tf.reshape(x, [-1, n_steps, n_width])
            x = $tf.unstack(x, n_steps, 1)
            cell = $cell(n_hidden$fb)
            outputs, states = $static(cell, x, dtype=$tf.float32)
            return $tf.matmul(outputs[-1], W) + b


        logits = ${prefix}RNN($x, out_W, out_b)

        """, cell=cell, static=static, steps=steps, width=width, units=units, prefix=prefix,
        fb=", forget_bias=1.0" if "LSTM" in cell else "", **f.names())


def _model_slim(f: _File, prefix: str = "") -> str:
    lines = [f"def {prefix}slim_net(inputs, is_training=True):",
             "    with slim.arg_scope([slim.fully_connected], activation_fn=tf.nn.relu,",
             "                        weights_regularizer=slim.l2_regularizer(0.0005)):"]
    prev = "inputs"
    for i, h in enumerate(f.hidden):
        lines.append(f"        net = slim.fully_connected({prev}, {h}, scope='fc{i + 1}')")
        if f.rng.random() < 0.5:
            lines.append(f"        net = slim.dropout(net, 0.5, is_training=is_training, scope='dropout{i + 1}')")
        prev = "net"
    lines.append(f"        return slim.fully_connected({prev}, {f.n_out}, activation_fn=None, scope='logits')")
    lines += ["", "", f"logits = {prefix}slim_net({f.x})", ""]
    return "\n".join(lines) + "\n"


def _model(f: _File, prefix: str = "") -> str:
    kinds = [_model_mlp, _model_mlp, _model_layers, _model_get_variable, _model_rnn]
    if f.style == "contrib_rnn":
        kinds = [_model_rnn, _model_rnn, _model_mlp]
    if f.style == "slim":
        kinds = [_model_slim, _model_slim, _model_layers]
    return f.rng.choice(kinds)(f, prefix)


def _loss(f: _File) -> str:
    r = f.rng
    choice = r.randrange(4)
    if choice == 0:
        out = _t("""
            cost = $tf.reduce_mean($tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=$y))
            """, **f.names())
    elif choice == 1:
        out = _t("""
            pred = $tf.nn.softmax(logits)
            cost = $tf.reduce_mean(-$tf.reduce_sum($y * $tf.log(pred + 1e-10), reduction_indices=1))
            """, **f.names())
    elif choice == 2:
        out = _t("""
            cross_entropy = $tf.nn.softmax_cross_entropy_with_logits(labels=$y, logits=logits)
            cost = $tf.reduce_mean(cross_entropy, keep_dims=False)
            """, **f.names())
    else:
        out = _t("""
            cost = $tf.losses.softmax_cross_entropy(onehot_labels=$y, logits=logits)
            """, **f.names())
    if r.random() < 0.3:
        out += _t("""
            l2 = $reg * $tf.add_n([$tf.nn.l2_loss(v) for v in $tf.trainable_variables() if 'bias' not in v.name])
            cost = cost + l2
            """, reg=r.choice(("0.001", "5e-4", "1e-5")), **f.names())
    return out + "\n"


def _optimizer(f: _File) -> str:
    r = f.rng
    opt = r.choice(_OPT)
    args = {"MomentumOptimizer": ", momentum=0.9", "RMSPropOptimizer": ", decay=0.9"}.get(opt, "")
    if opt == "AdamOptimizer" and r.random() < 0.3:
        args = ", beta1=0.9, beta2=0.999, epsilon=1e-08"
    if r.random() < 0.35:
        out = _t("""
            global_step = $tf.Variable(0, trainable=False, name='global_step')
            decayed_lr = $tf.train.exponential_decay($lr, global_step, $steps, 0.96, staircase=True)
            optimizer = $tf.train.$opt(learning_rate=decayed_lr$args)
            """, opt=opt, args=args, steps=r.choice((100, 1000, 10000)), **f.names())
        step = "global_step=global_step"
    else:
        out = _t("optimizer = $tf.train.$opt($lr$args)\n", opt=opt, args=args, **f.names())
        step = ""
    if r.random() < 0.3:
        out += _t("""
            update_ops = $tf.get_collection($tf.GraphKeys.UPDATE_OPS)
            with $tf.control_dependencies(update_ops):
                train_op = optimizer.minimize(cost$step)
            """, step=", " + step if step else "", **f.names())
    else:
        out += _t("train_op = optimizer.minimize(cost$step)\n", step=", " + step if step else "", **f.names())
    return out + "\n"


def _accuracy(f: _File) -> str:
    return _t("""
        correct_prediction = $tf.equal($tf.argmax(logits, 1), $tf.argmax($y, 1))
        accuracy = $tf.reduce_mean($tf.cast(correct_prediction, $tf.float32))

        """, **f.names()) if f.rng.random() < 0.7 else _t("""
        correct_prediction = $tf.equal($tf.argmax(logits, axis=1), $tf.argmax($y, axis=1))
        accuracy = $tf.reduce_mean($tf.to_float(correct_prediction))

        """, **f.names())


def _summaries(f: _File) -> str:
    if f.rng.random() < 0.45:
        return ""
    return _t("""
        $tf.summary.scalar('loss', cost)
        $tf.summary.scalar('accuracy', accuracy)
        merged = $tf.summary.merge_all()

        """, **f.names())


def _train(f: _File) -> str:
    r = f.rng
    has_summary = "merged" in f.sofar
    feed = f"{{{f.x}: batch_x, {f.y}: batch_y" + (f", {f.keep}: {r.choice(('0.5', '0.75', '0.8'))}" if f.dropout else "") + "}"
    test_feed = f"{{{f.x}: test_x, {f.y}: test_y" + (f", {f.keep}: 1.0" if f.dropout else "") + "}"
    fetch = "[train_op, cost, merged]" if has_summary else "[train_op, cost]"
    unpack = "_, c, summary" if has_summary else "_, c"
    log = (f"{f.tf}.logging.info('Epoch %04d cost=%.9f', epoch + 1, avg_cost)" if r.random() < 0.4
           else "print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(avg_cost))")
    saver = r.random() < 0.5
    session = r.choice(("with", "with", "interactive"))
    init = f"{f.tf}.global_variables_initializer()" if r.random() < 0.9 else f"{f.tf}.initialize_all_variables()"
    config = ""
    if r.random() < 0.2:
        config = f"config={f.tf}.ConfigProto(gpu_options={f.tf}.GPUOptions(per_process_gpu_memory_fraction=0.5))"
    test = ("test_x, test_y = mnist.test.images, mnist.test.labels" if f.uses_mnist
            else "test_x, test_y = next_batch(200)")
    body = _t("""
        init = $init
        $saver_line

        def train($sess):
            $sess.run(init)
            $writer
            for epoch in range(training_epochs):
                avg_cost = 0.
                total_batch = int(n_samples / batch_size)
                for i in range(total_batch):
                    batch_x, batch_y = next_batch(batch_size)
                    $unpack = $sess.run($fetch, feed_dict=$feed)
                    avg_cost += c / total_batch
                    $add_summary
                if epoch % display_step == 0:
                    $log
                    $save
            print('Optimization Finished!')
            $test
            print('Accuracy:', $acc)


        """, init=init, sess=f.sess, unpack=unpack, fetch=fetch, feed=feed, log=log, test=test,
        saver_line=f"saver = {f.tf}.train.Saver(max_to_keep={r.choice((1, 3, 5))})\n" if saver else "",
        writer=(f"writer = {f.tf}.summary.FileWriter('/tmp/logs/run{f.index}', {f.sess}.graph)" if has_summary else "pass"),
        add_summary="writer.add_summary(summary, epoch * total_batch + i)" if has_summary else "pass",
        save=f"saver.save({f.sess}, 'model.ckpt', global_step=epoch)" if saver else "pass",
        acc=(f"accuracy.eval(feed_dict={test_feed})" if r.random() < 0.5 else
             f"{f.sess}.run(accuracy, feed_dict={test_feed})"))
    if session == "interactive":
        runner = _t("""
            $sess = $tf.InteractiveSession($config)
            train($sess)
            $sess.close()
            """, config=config, **f.names())
    else:
        runner = _t("""
            with $tf.Session($config) as $sess:
                train($sess)
            """, config=config, **f.names())
    if f.has_flags:
        log_level = f"{f.tf}.logging.set_verbosity({f.tf}.logging.INFO)\n    " if r.random() < 0.7 else ""
        gfile = (f"if {f.tf}.gfile.Exists(FLAGS.log_dir):\n        {f.tf}.gfile.DeleteRecursively(FLAGS.log_dir)\n"
                 f"    {f.tf}.gfile.MakeDirs(FLAGS.log_dir)\n    ") if "log_dir" in f.sofar else ""
        main = ("def main(_):\n    " + log_level + gfile + textwrap.indent(runner, "    ").lstrip() +
                f"\n\nif __name__ == '__main__':\n    {f.tf}.app.run()\n")
    else:
        main = runner if r.random() < 0.5 else "if __name__ == '__main__':\n" + textwrap.indent(runner, "    ")
    return re.sub(r"\n *pass(?=\n)", "", body) + main


def _helpers(f: _File) -> str:
    """Optional utility functions: gfile I/O, TFRecords, tf.data, image ops, estimators."""
    r = f.rng
    pool = [
        _t("""
            def load_labels(path):
                with $tf.gfile.GFile(path, 'r') as fh:
                    return [line.strip() for line in fh.readlines()]


            """, **f.names()),
        _t("""
            def write_records(filename, images, labels):
                writer = $tf.python_io.TFRecordWriter(filename)
                for image, label in zip(images, labels):
                    example = $tf.train.Example(features=$tf.train.Features(feature={
                        'image': $tf.train.Feature(bytes_list=$tf.train.BytesList(value=[image.tostring()])),
                        'label': $tf.train.Feature(int64_list=$tf.train.Int64List(value=[int(label)])),
                    }))
                    writer.write(example.SerializeToString())
                writer.close()


            def count_records(filename):
                return sum(1 for _ in $tf.python_io.tf_record_iterator(filename))


            """, **f.names()),
        _t("""
            def make_dataset(features, labels, batch_size):
                dataset = $tf.data.Dataset.from_tensor_slices((features, labels))
                dataset = dataset.shuffle(1000).repeat().batch(batch_size)
                iterator = dataset.make_one_shot_iterator()
                return iterator.get_next()


            """, **f.names()),
        _t("""
            def preprocess(image, size=$size):
                image = $tf.image.resize_images(image, [size, size])
                image = $tf.image.random_flip_left_right(image)
                image = $tf.image.per_image_standardization(image)
                return $tf.to_float(image) / 255.0


            """, size=r.choice((24, 32, 64, 224)), **f.names()),
        _t("""
            def variable_summaries(var):
                with $tf.name_scope('summaries'):
                    mean = $tf.reduce_mean(var)
                    $tf.summary.scalar('mean', mean)
                    with $tf.name_scope('stddev'):
                        stddev = $tf.sqrt($tf.reduce_mean($tf.square(var - mean)))
                    $tf.summary.scalar('stddev', stddev)
                    $tf.summary.scalar('max', $tf.reduce_max(var))
                    $tf.summary.scalar('min', $tf.reduce_min(var))
                    $tf.summary.histogram('histogram', var)


            """, **f.names()),
        _t("""
            def model_fn(features, labels, mode, params):
                net = $tf.layers.dense(features['x'], params['hidden'], activation=$tf.nn.relu)
                logits = $tf.layers.dense(net, $n_out)
                predictions = $tf.argmax(logits, axis=1)
                if mode == $tf.estimator.ModeKeys.PREDICT:
                    return $tf.estimator.EstimatorSpec(mode, predictions=predictions)
                loss = $tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
                if mode == $tf.estimator.ModeKeys.EVAL:
                    metrics = {'accuracy': $tf.metrics.accuracy(labels=labels, predictions=predictions)}
                    return $tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)
                train_op = $tf.train.AdamOptimizer(params['lr']).minimize(
                    loss, global_step=$tf.train.get_global_step())
                return $tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


            """, **f.names()),
        _t("""
            def normalize(t, axis=1):
                norm = $tf.sqrt($tf.reduce_sum($tf.square(t), reduction_indices=[axis], keep_dims=True))
                return t / (norm + 1e-8)


            def softmax_logits(t):
                return $tf.nn.softmax(t, dim=-1)


            """, **f.names()),
        _t("""
            def restore_latest(sess, saver, ckpt_dir):
                ckpt = $tf.train.get_checkpoint_state(ckpt_dir)
                if ckpt and ckpt.model_checkpoint_path:
                    saver.restore(sess, ckpt.model_checkpoint_path)
                    $tf.logging.info('Restored from %s', ckpt.model_checkpoint_path)
                    return True
                $tf.logging.warning('No checkpoint found in %s', ckpt_dir)
                return False


            """, **f.names()),
        _t("""
            def device_info():
                print('GPU available:', $tf.test.is_gpu_available())
                print('Built with CUDA:', $tf.test.is_built_with_cuda())


            """, **f.names()),
        _t("""
            def plot_history(costs):
                # Plain Python helper: nothing here touches TensorFlow.
                smoothed = []
                running = None
                for c in costs:
                    running = c if running is None else 0.9 * running + 0.1 * c
                    smoothed.append(running)
                return smoothed


            """),
    ]
    return "".join(r.sample(pool, r.randint(0, 4)))


def generate_file(rng: random.Random, index: int) -> str:
    f = _File(rng, index)
    parts = [_header, _imports, _flags, _hyper, _helpers, _data]
    for part in parts:
        f.sofar += part(f)
    big = rng.random() < 0.02
    if big:  # a module that builds and compares many models
        for k in range(rng.randint(8, 14)):
            f.hidden = [rng.choice((16, 32, 64, 128, 256)) for _ in range(rng.randint(1, 5))]
            f.sofar += f"# ---- model variant {k} ----\n"
            f.sofar += _t("with $tf.name_scope('variant$k'):\n", k=k, tf=f.tf)
            block = _placeholders(f) + _model(f, prefix=f"v{k}_") + _loss(f) + _optimizer(f) + _accuracy(f)
            f.sofar += textwrap.indent(block, "    ") + "\n"
            f.sofar += _helpers(f).replace("def ", f"def v{k}_")
    f.sofar += _placeholders(f)
    for part in (_model, _loss, _optimizer, _accuracy, _summaries, _train):
        f.sofar += part(f)
    return f.sofar


def generate(out_dir: Path, files: int = 1000, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``files`` TF1 programs under ``out_dir`` (in sub-packages of 100); return their paths."""
    rng = random.Random(seed)
    paths = []
    for i in range(files):
        path = Path(out_dir, f"pkg{i // 100:02d}", f"{rng.choice(('train', 'model', 'mnist', 'example', 'tutorial'))}_{i:04d}.py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_file(rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    paths = generate(args.out_dir, args.files, args.seed)
    lines = sum(p.read_text().count("\n") for p in paths)
    print(f"{len(paths)} files, {lines} lines in {args.out_dir}")


if __name__ == "__main__":
    main()
