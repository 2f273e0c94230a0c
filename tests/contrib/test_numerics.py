"""The contrib rewrites compute what TF1 computed: each migrated snippet is executed and compared.

References: the tf-migrate runtime's ports of the contrib code (``migrate.runtime.contrib_layers`` /
``contrib_losses``, which keep contrib's defaults and formulas), ``tf.compat.v1`` ops, or the
documented formula written in numpy. Regularizers and losses are compared value for value;
initializers draw from a random stream TF2 does not share with TF1, so their *distributions* are
compared on a large tensor (sample std, support), which is what contrib documented.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from migrate.engine.context import Options  # noqa: E402
from migrate.engine.source import default_rules, migrate_python  # noqa: E402
from migrate.rules.contrib_init import TRUNC  # noqa: E402
from migrate.runtime import contrib_layers as ref_layers  # noqa: E402
from migrate.runtime import contrib_losses as ref_losses  # noqa: E402

RULES = default_rules()
RNG = np.random.default_rng(0)


@pytest.fixture(autouse=True)
def seeded():
    """Each test draws from TensorFlow's global seed 0 (graphs built in a test take theirs from tf1.set_random_seed):
    unseeded, the narrower-glorot check compared a seeded draw with an unseeded one, 3.5 standard deviations of the
    contrib draw's std from its bound (10 draws: ratios 0.9954-0.9975, bound < 0.9985); seeds 0-4 give 0.9961-0.9968,
    and the dropout check's zero fraction 0.197-0.202 (bound 0.2 +- 0.01)."""
    tf.random.set_seed(0)


def run(snippet: str, **inputs):
    """Migrate ``import tensorflow as tf`` + snippet, execute it, return its namespace."""
    code = "import tensorflow as tf\n" + snippet
    out, findings = migrate_python(code.encode(), "t.py", RULES, Options())
    text = out.decode()
    assert "contrib" not in text, (text, findings)
    namespace = dict(inputs)
    exec(compile(text, "<migrated>", "exec"), namespace)  # noqa: S102 -- our own migrated test snippet
    return namespace, text


# --- regularizers: exact values ----------------------------------------------------------------

W = RNG.normal(size=(7, 5)).astype(np.float32)


@pytest.mark.parametrize(
    ("snippet", "reference"),
    [
        ("reg = tf.contrib.layers.l2_regularizer(0.001)", ref_layers.l2_regularizer(0.001)),
        ("reg = tf.contrib.layers.l2_regularizer(scale)", ref_layers.l2_regularizer(0.003)),
        ("reg = tf.contrib.layers.l1_regularizer(0.01)", ref_layers.l1_regularizer(0.01)),
        ("reg = tf.contrib.layers.l1_l2_regularizer(0.01, 0.02)", ref_layers.l1_l2_regularizer(0.01, 0.02)),
        ("reg = tf.contrib.layers.l1_l2_regularizer()", ref_layers.l1_l2_regularizer()),
    ],
    ids=["l2 literal (folded)", "l2 variable scale", "l1", "l1_l2", "l1_l2 defaults"],
)
def test_regularizer_penalty_equals_contribs(snippet, reference):
    namespace, _ = run(snippet, scale=0.003)
    got = float(namespace["reg"](tf.constant(W)))
    assert got == pytest.approx(float(reference(tf.constant(W))), rel=1e-6)


def test_l2_penalty_is_the_documented_half_sum_of_squares():
    namespace, text = run("reg = tf.contrib.layers.l2_regularizer(0.001)")
    assert "L2(0.0005)" in text
    assert float(namespace["reg"](tf.constant(W))) == pytest.approx(0.001 * float(np.sum(W.astype(np.float64) ** 2)) / 2,
                                                                    rel=1e-5)


# --- initializers: same distribution ------------------------------------------------------------

SHAPE = (1000, 1000)  # 1e6 draws: the sample std is known to ~0.1%


def _std(values) -> float:
    return float(np.std(np.asarray(values, dtype=np.float64)))


def test_truncation_constant_makes_keras_stddev_equal_contribs():
    for factor, n in ((1.0, 500.0), (2.0, 784.0)):
        keras_stddev = math.sqrt(TRUNC * factor / n) / 0.87962566103423978
        assert keras_stddev == pytest.approx(math.sqrt(1.3 * factor / n), rel=1e-12)


@pytest.mark.parametrize(
    ("snippet", "reference"),
    [
        ("init = f(tf.contrib.layers.xavier_initializer())", ref_layers.xavier_initializer()),
        ("init = f(tf.contrib.layers.xavier_initializer(uniform=False))", ref_layers.xavier_initializer(uniform=False)),
        ("init = f(tf.contrib.layers.variance_scaling_initializer())", ref_layers.variance_scaling_initializer()),
        ("init = f(tf.contrib.layers.variance_scaling_initializer(factor=1.0, mode='FAN_AVG', uniform=True))",
         ref_layers.variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=True)),
        ("init = f(tf.contrib.layers.variance_scaling_initializer(2.0, 'FAN_OUT'))",
         ref_layers.variance_scaling_initializer(2.0, "FAN_OUT")),
        ("init = tf.contrib.layers.xavier_initializer(uniform=False)", ref_layers.xavier_initializer(uniform=False)),
    ],
    ids=["xavier uniform", "xavier normal (truncated)", "variance scaling defaults (He, truncated)",
         "variance scaling uniform fan_avg", "variance scaling fan_out", "kept in a name: stateful v1 form"],
)
def test_initializer_draws_from_contribs_distribution(snippet, reference):
    namespace, text = run(snippet, f=lambda init: init)
    got = np.asarray(namespace["init"](SHAPE, dtype=tf.float32))
    want = np.asarray(reference(SHAPE, dtype=tf.float32))
    assert _std(got) == pytest.approx(_std(want), rel=5e-3)
    assert abs(float(np.mean(got))) < 1e-3
    # same support: uniform bounds, or the truncation at two (untruncated) standard deviations
    assert np.max(np.abs(got)) == pytest.approx(np.max(np.abs(want)), rel=1e-2)


def test_glorot_normal_would_have_been_measurably_narrower():
    """The reason for the TRUNC constant: Keras' GlorotNormal is 0.3% narrower than contrib's xavier normal."""
    contrib = _std(ref_layers.xavier_initializer(uniform=False)(SHAPE, dtype=tf.float32))
    glorot = _std(tf.keras.initializers.GlorotNormal(seed=1)(SHAPE))
    assert glorot < contrib * 0.9985


def test_a_reused_initializer_keeps_drawing_new_values():
    namespace, text = run("init = tf.contrib.layers.xavier_initializer()")
    assert "compat.v1.glorot_uniform_initializer" in text
    a, b = namespace["init"]((4, 4)), namespace["init"]((4, 4))
    assert not np.allclose(a, b)
    keras = tf.keras.initializers.GlorotUniform()  # the trap the stateful form avoids
    assert np.allclose(keras((4, 4)), keras((4, 4)))


# --- losses: contrib's argument order and reduction ------------------------------------------------

LOGITS = RNG.normal(size=(6, 4)).astype(np.float32)
ONEHOT = np.eye(4, dtype=np.float32)[RNG.integers(0, 4, size=6)]
SPARSE = np.argmax(ONEHOT, axis=1).astype(np.int32)
MULTI = (RNG.random((6, 4)) > 0.5).astype(np.int32)  # integer labels: contrib cast them to the logits' dtype
PRED = RNG.normal(size=(6, 3)).astype(np.float32)
TRUE = RNG.normal(size=(6, 3)).astype(np.float32)
WEIGHTS = np.array([[1.0], [0.0], [2.0], [1.0], [0.0], [0.5]], dtype=np.float32)


@pytest.mark.parametrize(
    ("snippet", "reference"),
    [
        ("loss = tf.contrib.losses.softmax_cross_entropy(z, y)", lambda: ref_losses.softmax_cross_entropy(LOGITS, ONEHOT)),
        ("loss = tf.contrib.losses.sparse_softmax_cross_entropy(z, s)",
         lambda: ref_losses.sparse_softmax_cross_entropy(LOGITS, SPARSE)),
        ("loss = tf.contrib.losses.sigmoid_cross_entropy(z, m)",
         lambda: ref_losses.sigmoid_cross_entropy(LOGITS, MULTI.astype(np.float32))),
        ("loss = tf.contrib.losses.mean_squared_error(p, t)", lambda: ref_losses.mean_squared_error(PRED, TRUE)),
        ("loss = tf.contrib.losses.absolute_difference(p, t)",
         lambda: tf.compat.v1.losses.absolute_difference(TRUE, PRED)),
        ("loss = tf.contrib.losses.softmax_cross_entropy(z, y, weights=w[:, 0], label_smoothing=0.1)",
         lambda: ref_losses.softmax_cross_entropy(LOGITS, ONEHOT, weights=WEIGHTS[:, 0], label_smoothing=0.1)),
        ("loss = tf.contrib.losses.mean_squared_error(p, t, weights=w)",
         lambda: ref_losses.mean_squared_error(PRED, TRUE, weights=WEIGHTS)),
    ],
    ids=["softmax", "sparse softmax", "sigmoid (int labels)", "mse", "absolute difference",
         "weighted + smoothing (compat.v1 fallback)", "weighted mse (fallback)"],
)
def test_loss_equals_contribs(snippet, reference):
    namespace, _ = run(snippet, z=tf.constant(LOGITS), y=tf.constant(ONEHOT), s=tf.constant(SPARSE),
                       m=tf.constant(MULTI), p=tf.constant(PRED), t=tf.constant(TRUE), w=tf.constant(WEIGHTS))
    assert float(namespace["loss"]) == pytest.approx(float(reference()), rel=1e-6)


def test_weights_change_the_value_so_the_fallback_is_needed():
    plain = float(ref_losses.mean_squared_error(PRED, TRUE))
    weighted = float(ref_losses.mean_squared_error(PRED, TRUE, weights=WEIGHTS))
    assert abs(plain - weighted) > 1e-3


def test_softmax_loss_sends_no_gradient_into_the_labels_as_contrib_did():
    namespace, text = run("def f(z, y):\n    return tf.contrib.losses.softmax_cross_entropy(z, y)\n")
    labels = tf.Variable(ONEHOT)
    with tf.GradientTape() as tape:
        loss = namespace["f"](tf.constant(LOGITS), labels)
    assert tape.gradient(loss, labels) is None


def test_accuracy_equals_the_documented_mean_of_matches():
    predictions = np.array([1, 2, 3, 0, 1], dtype=np.int64)
    labels = np.array([1, 2, 0, 0, 3], dtype=np.int32)  # other dtype: contrib cast predictions to it
    namespace, _ = run("acc = tf.contrib.metrics.accuracy(p, l)", p=tf.constant(predictions), l=tf.constant(labels))
    assert float(namespace["acc"]) == pytest.approx(0.6)


# --- addons pieces (tf2.15 profile) --------------------------------------------------------------


def _contrib_triplet_semihard(labels, embeddings, margin=1.0):
    """contrib.losses.metric_learning.triplet_semihard_loss, written in numpy from its TF 1.15 source."""
    e = embeddings.astype(np.float64)
    d = np.maximum(np.sum(e**2, 1)[:, None] + np.sum(e**2, 1)[None, :] - 2 * e @ e.T, 0.0)  # squared distances
    np.fill_diagonal(d, 0.0)
    same = labels[:, None] == labels[None, :]
    total, count = 0.0, 0
    for a in range(len(labels)):
        negatives = d[a][~same[a]]
        for p in range(len(labels)):
            if p == a or not same[a, p]:
                continue
            outside = negatives[negatives > d[a, p]]
            chosen = outside.min() if outside.size else negatives.max()
            total += max(margin + d[a, p] - chosen, 0.0)
            count += 1
    return total / count


def test_triplet_semihard_loss_keeps_contribs_squared_distances():
    pytest.importorskip("tensorflow_addons")
    labels = np.array([0, 0, 1, 1, 2, 2, 0, 1], dtype=np.int32)
    embeddings = RNG.normal(size=(8, 3)).astype(np.float32) * 0.7
    namespace, text = run("loss = tf.contrib.losses.metric_learning.triplet_semihard_loss(l, e)",
                          l=tf.constant(labels), e=tf.constant(embeddings))
    want = _contrib_triplet_semihard(labels, embeddings)
    assert float(namespace["loss"]) == pytest.approx(want, rel=1e-5)
    import tensorflow_addons as tfa

    default = float(tfa.losses.triplet_semihard_loss(labels, embeddings))  # tfa's own default: non-squared
    assert abs(default - want) > 1e-3


@pytest.mark.parametrize(
    ("options", "kwargs"),
    [("", {}), (", average_across_batch=False", {"average_across_batch": False})],
    ids=["default averaging: core ops", "per-timestep average: tensorflow-addons"],
)
def test_sequence_loss_equals_the_contrib_port(options, kwargs):
    from migrate.runtime import contrib_training

    if kwargs:
        pytest.importorskip("tensorflow_addons")
    logits = RNG.normal(size=(2, 5, 4)).astype(np.float32)
    targets = RNG.integers(0, 4, size=(2, 5)).astype(np.int32)
    weights = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=np.float32)
    namespace, text = run(f"loss = tf.contrib.seq2seq.sequence_loss(z, t, w{options})", z=tf.constant(logits),
                          t=tf.constant(targets), w=tf.constant(weights))
    assert ("tfa." in text) == bool(kwargs)
    want = contrib_training.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights), **kwargs)
    np.testing.assert_allclose(np.asarray(namespace["loss"]), np.asarray(want), rtol=1e-6)


@pytest.mark.parametrize("average", [True, False], ids=["averaged over timesteps", "summed"])
def test_legacy_sequence_loss_by_example_equals_the_contrib_port(average):
    from migrate.runtime import contrib_training

    steps = [RNG.normal(size=(3, 5)).astype(np.float32) for _ in range(4)]
    targets = [RNG.integers(0, 5, size=(3,)).astype(np.int32) for _ in range(4)]
    weights = [np.array([1, 1, 0], np.float32), np.ones(3, np.float32), np.array([0.5, 1, 1], np.float32),
               np.zeros(3, np.float32)]
    namespace, text = run("loss = tf.contrib.legacy_seq2seq.sequence_loss_by_example(z, t, w, "
                          f"average_across_timesteps={average})", z=[tf.constant(v) for v in steps],
                          t=[tf.constant(v) for v in targets], w=[tf.constant(v) for v in weights])
    want = contrib_training.sequence_loss_by_example([tf.constant(v) for v in steps], [tf.constant(v) for v in targets],
                                                     [tf.constant(v) for v in weights], average_across_timesteps=average)
    np.testing.assert_allclose(np.asarray(namespace["loss"]), np.asarray(want), rtol=1e-6)


def test_sequence_loss_with_all_zero_weights_is_zero_as_in_tf_1_15():
    namespace, _ = run("loss = tf.contrib.seq2seq.sequence_loss(z, t, w)", z=tf.zeros((1, 2, 3)),
                       t=tf.zeros((1, 2), tf.int32), w=tf.zeros((1, 2)))
    assert float(namespace["loss"]) == 0.0


# --- layer fallbacks (graph mode, tf2.15) ----------------------------------------------------------


def test_fully_connected_fallback_keeps_the_relu_default():
    x = RNG.normal(size=(5, 3)).astype(np.float32)
    with tf.Graph().as_default():
        namespace, text = run("h = tf.contrib.layers.fully_connected(x, 4)", x=tf.constant(x))
        assert "activation=tf.nn.relu" in text
        kernel, bias = tf.compat.v1.trainable_variables()
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            h, k, b = sess.run([namespace["h"], kernel, bias])
    np.testing.assert_allclose(h, np.maximum(x @ k + b, 0.0), rtol=1e-5, atol=1e-6)


def test_batch_norm_fallback_keeps_decay_and_no_gamma():
    x = RNG.normal(loc=3.0, size=(16, 2)).astype(np.float32)
    with tf.Graph().as_default():
        namespace, _ = run("h = tf.contrib.layers.batch_norm(x)", x=tf.constant(x))
        names = sorted(v.name.split("/")[-1] for v in tf.compat.v1.global_variables())
        assert names == ["beta:0", "moving_mean:0", "moving_variance:0"]  # contrib: scale=False, no gamma
        updates = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
        mean = [v for v in tf.compat.v1.global_variables() if "moving_mean" in v.name][0]
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            h, _ = sess.run([namespace["h"], updates])
            moved = sess.run(mean)
    np.testing.assert_allclose(h, (x - x.mean(0)) / np.sqrt(x.var(0) + 0.001), rtol=1e-4, atol=1e-4)  # training=True
    np.testing.assert_allclose(moved, (1 - 0.999) * x.mean(0), rtol=1e-4)  # decay 0.999, not Keras' 0.99


def test_dropout_fallback_is_on_by_default_with_rate_one_minus_keep_prob():
    x = np.ones((200, 100), dtype=np.float32)
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(0)
        namespace, text = run("h = tf.contrib.layers.dropout(x, keep_prob=0.8)", x=tf.constant(x))
        assert "rate=1 - 0.8" in text and "training=True" in text
        with tf.compat.v1.Session() as sess:
            h = sess.run(namespace["h"])
    assert np.mean(h == 0) == pytest.approx(0.2, abs=0.01)
    assert np.unique(h[h > 0]) == pytest.approx([1 / 0.8])


def test_image_rotate_in_addons_turns_counterclockwise_in_radians_as_contrib_documented():
    pytest.importorskip("tensorflow_addons")
    image = RNG.normal(size=(1, 5, 5, 1)).astype(np.float32)
    namespace, text = run("y = tf.contrib.image.rotate(x, math.pi / 2)", x=tf.constant(image), math=math)
    assert "tfa.image.rotate" in text
    np.testing.assert_allclose(np.asarray(namespace["y"])[0, :, :, 0], np.rot90(image[0, :, :, 0]), atol=1e-5)


def test_crf_log_likelihood_in_addons_is_the_documented_sequence_probability():
    """contrib.crf: log p(tags | inputs) = score(tags) - log sum over every tag sequence of exp(score)."""
    pytest.importorskip("tensorflow_addons")
    import itertools

    unary = RNG.normal(size=(1, 3, 3)).astype(np.float32)
    transitions = RNG.normal(size=(3, 3)).astype(np.float32)
    tags = np.array([[2, 0, 1]], dtype=np.int32)
    namespace, text = run("ll, _ = tf.contrib.crf.crf_log_likelihood(u, t, n, p)", u=tf.constant(unary),
                          t=tf.constant(tags), n=tf.constant([3]), p=tf.constant(transitions))
    assert "tfa.text.crf_log_likelihood" in text

    def score(seq):
        return sum(unary[0, i, s] for i, s in enumerate(seq)) + sum(transitions[a, b] for a, b in zip(seq, seq[1:]))

    log_z = np.logaddexp.reduce([score(seq) for seq in itertools.product(range(3), repeat=3)])
    assert float(namespace["ll"][0]) == pytest.approx(score(tags[0]) - log_z, rel=1e-5)
