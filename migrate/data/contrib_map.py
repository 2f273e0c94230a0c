"""What each ``tf.contrib`` symbol becomes in TF2, per target profile: one table, read by ``migrate/rules/contrib*.py``.

Provenance: the contrib symbols real TF1 code uses (the census in shared/API_INVENTORY.md)
plus the rest of each contrib module they belong to, matched by hand against the TF 1.15
contrib sources (tensorflow/contrib/*/python/...) and checked against the two installed
profiles: ``.venv`` (TensorFlow 2.15.1, Keras 2, tensorflow-addons 0.23) and ``.venv-latest``
(TensorFlow 2.21, Keras 3, no addons). tensorflow-probability is installed in neither, so
``contrib.distributions`` is a finding. Helper tables for layers, RNN cells and optimizers
(``contrib.layers`` layer functions, ``contrib.rnn``, ``contrib.opt``) live in keras_map.

A target is a display string that the rules can also build:

- ``tf.X``            core TensorFlow (``ctx.ref("X")``)
- ``tfa.X``           tensorflow-addons, imported as ``tfa`` (only on the tf2.15 profile)
- ``projector.X``     ``from tensorboard.plugins import projector``
- ``"literal"``       a Python string constant (ModeKeys values are plain strings)
- ``None``            nothing exists on that profile: the code is left with an ERROR finding

Keys ending in ``.*`` cover a whole module (``contrib.keras.*`` -> ``tf.keras.*``); the
exact key wins over the longest such prefix. ``rule`` names the code that reads the row:
TFM200 renames references, TFM201 reports (advice rows), the others rewrite calls and only
document themselves here. ``fallback`` is a ``tf.compat.v1`` form that still runs, used (with
a warning) when nothing native exists and ``--no-fallback`` is not given.

Checked by tests/contrib/test_contrib_map.py (every ``tf.``/``tfa.`` target resolves on its
profile). To extend: add a row; the rules, ``tf-migrate explain`` and docs/api_map.md
(``python tools/gen_api_map.py``) pick it up.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrate.data.mapping import SAME, Mapping


@dataclass(frozen=True)
class Row:
    tf2: str | None  # default profile (tf2.15 + addons)
    latest: str | None = SAME  # --target latest (Keras 3, core only)
    notes: str = ""
    rule: str = "TFM200"
    fallback: str | None = None  # a tf.compat.v1 form that runs on both profiles
    positional: int | None = None  # a rename is only exact with at most this many positional arguments
    before: str = ""
    after: str = ""

    def form(self, target: str) -> str | None:
        return self.tf2 if target != "latest" or self.latest == SAME else self.latest


def _advice(notes: str, fallback: str | None = None) -> Row:
    return Row(None, None, notes, rule="TFM201", fallback=fallback)


_NO_ADDONS = "tensorflow-addons is not available with Keras 3 (--target latest) and core has no equivalent"
_TFP = ("tensorflow-probability is not installed in either profile: install it and use "
        "tfp.distributions.{name} (same class names; check the parameter names)")

TABLE: dict[str, Row] = {
    # -- modules that moved whole into core
    "contrib.keras.*": Row("tf.keras.*", notes="contrib.keras was the Keras 2.0 API, moved to tf.keras",
                           before="m = tf.contrib.keras.models.Sequential()", after="m = tf.keras.models.Sequential()"),
    "contrib.keras.api.keras.*": Row("tf.keras.*", notes="contrib.keras was the Keras 2.0 API, moved to tf.keras"),
    "contrib.framework.nest.*": Row("tf.nest.*", notes="only the functions tf.nest kept are renamed"),
    "contrib.framework.nest.is_sequence": Row("tf.nest.is_nested", notes="renamed is_nested"),
    "contrib.signal.*": Row("tf.signal.*", notes="contrib.signal moved to tf.signal"),
    "contrib.linalg.*": Row("tf.linalg.*", notes="contrib.linalg operators moved to tf.linalg"),
    "contrib.cluster_resolver.*": Row("tf.distribute.cluster_resolver.*", notes="moved to tf.distribute"),
    "contrib.data.*": Row("tf.data.experimental.*", notes="contrib.data transformations moved to tf.data.experimental "
                          "(use them with dataset.apply as before)",
                          before="ds = ds.apply(tf.contrib.data.shuffle_and_repeat(1000))",
                          after="ds = ds.apply(tf.data.experimental.shuffle_and_repeat(1000))"),
    "contrib.data.Dataset": Row("tf.data.Dataset", notes="TF 1.3's contrib Dataset: map(num_threads=) is "
                                "num_parallel_calls= in tf.data"),
    "contrib.data.TextLineDataset": Row("tf.data.TextLineDataset"),
    "contrib.data.TFRecordDataset": Row("tf.data.TFRecordDataset"),
    "contrib.data.FixedLengthRecordDataset": Row("tf.data.FixedLengthRecordDataset"),
    "contrib.data.batch_and_drop_remainder": Row(
        None, None, "TFM211 rewrites ds.apply(batch_and_drop_remainder(n)) as ds.batch(n, drop_remainder=True) (what "
        "contrib's function did); elsewhere (kept in a name) use dataset.batch(batch_size, drop_remainder=True)",
        rule="TFM201", before="ds = ds.apply(tf.contrib.data.batch_and_drop_remainder(32))",
        after="ds = ds.batch(32, drop_remainder=True)"),
    "contrib.data.padded_batch_and_drop_remainder": Row(
        None, None, "TFM211 rewrites ds.apply(padded_batch_and_drop_remainder(n, shapes, values)) as "
        "ds.padded_batch(n, shapes, values, drop_remainder=True); elsewhere use that method", rule="TFM201"),
    "contrib.data.sliding_window_batch": _advice(
        "use dataset.window(size, shift, stride, drop_remainder=True).flat_map(lambda w: w.batch(size))"),
    "contrib.data.Iterator": _advice("iterate the dataset directly (for batch in dataset) or use iter(dataset)"),
    "contrib.data.CheckpointInputPipelineHook": Row(
        "tf.data.experimental.CheckpointInputPipelineHook", None,
        "an estimator hook; estimators are gone from TF >= 2.16: checkpoint the iterator with tf.train.Checkpoint"),
    "contrib.util.make_tensor_proto": Row("tf.make_tensor_proto"),
    "contrib.util.make_ndarray": Row("tf.make_ndarray"),
    "contrib.util.constant_value": Row("tf.get_static_value", notes="renamed get_static_value"),
    # -- contrib.summary (the TF2-style summaries of TF 1.x)
    "contrib.summary.create_file_writer": Row("tf.summary.create_file_writer", notes="same arguments"),
    "contrib.summary.create_summary_file_writer": Row("tf.summary.create_file_writer", notes="contrib alias"),
    "contrib.summary.SummaryWriter": Row("tf.summary.SummaryWriter"),
    "contrib.summary.flush": Row("tf.summary.flush", notes="same arguments"),
    "contrib.summary.scalar": Row(
        "tf.summary.scalar", rule="TFM202",
        notes="contrib(name, tensor, family=None, step=None) defaulted step to the global step; TF2 (name, data, "
              "step=None) needs step= or tf.summary.experimental.set_step: rewritten only when step is passed "
              "and family is not",
        before="tf.contrib.summary.scalar('loss', loss, step=step)", after="tf.summary.scalar('loss', loss, step=step)"),
    "contrib.summary.histogram": Row("tf.summary.histogram", rule="TFM202",
                                     notes="as scalar: rewritten only when step is passed and family is not"),
    "contrib.summary.image": Row("tf.summary.image", rule="TFM202",
                                 notes="contrib(name, tensor, bad_color, max_images, family, step); TF2 (name, data, "
                                       "step, max_outputs): rewritten when step is passed and only name/tensor/"
                                       "max_images (-> max_outputs) are; TF2 expects values in [0, 1] for floats"),
    "contrib.summary.audio": _advice("use tf.summary.audio(name, data, sample_rate, step=step, max_outputs=...): "
                                     "TF2 wants float32 data shaped [k, t, c] in [-1, 1]"),
    "contrib.summary.always_record_summaries": Row("tf.summary.record_if(True)", rule="TFM202",
                                                   notes="a context manager in both"),
    "contrib.summary.never_record_summaries": Row("tf.summary.record_if(False)", rule="TFM202",
                                                  notes="a context manager in both"),
    "contrib.summary.record_summaries_every_n_global_steps": _advice(
        "use tf.summary.record_if(lambda: tf.equal(step % n, 0)) with your step variable"),
    "contrib.summary.initialize": _advice("TF2 summary writers need no initialize: delete the call (eager code)"),
    "contrib.summary.all_summary_ops": _advice("graph-mode only: TF2 writes summaries as they run; delete it"),
    "contrib.summary.summary_writer_initializer_op": _advice("graph-mode only: TF2 writers need no initializer"),
    "contrib.summary.generic": _advice("use tf.summary.write(tag, tensor, step, metadata=...)"),
    "contrib.summary.graph": _advice("use tf.summary.trace_on(graph=True) + tf.summary.trace_export"),
    "contrib.summary.create_db_writer": _advice("the SQLite summary writer was removed; use tf.summary.create_file_writer"),
    # -- contrib.eager
    "contrib.eager.Variable": Row("tf.Variable", notes="the eager ResourceVariable is TF2's tf.Variable"),
    "contrib.eager.enable_eager_execution": Row(
        "tf.compat.v1.enable_eager_execution", notes="TF2 runs eagerly by default: delete this call",
        before="tf.contrib.eager.enable_eager_execution()", after="tf.compat.v1.enable_eager_execution()"),
    "contrib.eager.executing_eagerly": Row("tf.executing_eagerly"),
    "contrib.eager.in_eager_mode": Row("tf.executing_eagerly"),
    "contrib.eager.defun": Row("tf.function", notes="defun traced like tf.function (no autograph in defun)"),
    "contrib.eager.py_func": Row("tf.py_function"),
    "contrib.eager.Checkpoint": Row("tf.train.Checkpoint"),
    "contrib.eager.GradientTape": Row("tf.GradientTape"),
    "contrib.eager.Iterator": Row(
        "iter(dataset)", rule="TFM202", notes="tfe.Iterator(dataset) is iter(dataset) in TF2",
        before="it = tfe.Iterator(dataset)", after="it = iter(dataset)"),
    "contrib.eager.implicit_gradients": _advice(
        "compute gradients with tf.GradientTape: with tf.GradientTape() as tape: loss = f(); "
        "grads = tape.gradient(loss, variables)"),
    "contrib.eager.implicit_value_and_gradients": _advice("use tf.GradientTape (tape.gradient) and keep the value"),
    "contrib.eager.gradients_function": _advice("use tf.GradientTape with tape.watch on the inputs"),
    "contrib.eager.value_and_gradients_function": _advice("use tf.GradientTape with tape.watch on the inputs"),
    "contrib.eager.Network": _advice("subclass tf.keras.Model (layers as attributes, call(self, inputs))"),
    "contrib.eager.Saver": _advice("use tf.train.Checkpoint(model=..., optimizer=...).save / restore"),
    "contrib.eager.metrics.*": _advice("use the tf.keras.metrics classes (update_state / result / reset_state)"),
    "contrib.eager.num_gpus": _advice("use len(tf.config.list_physical_devices('GPU'))"),
    "contrib.eager.restore_variables_on_create": _advice("use tf.train.Checkpoint(...).restore(path); "
                                                         "restores are deferred until the variables exist"),
    # -- contrib.lite / TOCO
    "contrib.lite.TFLiteConverter": Row("tf.lite.TFLiteConverter",
                                        notes="TF2's converter is built with from_keras_model / from_saved_model / "
                                              "from_concrete_functions; from_session is tf.compat.v1 only"),
    "contrib.lite.TocoConverter": Row("tf.lite.TFLiteConverter", notes="TocoConverter was renamed TFLiteConverter"),
    "contrib.lite.Interpreter": Row("tf.lite.Interpreter"),
    "contrib.lite.OpsSet": Row("tf.lite.OpsSet"),
    "contrib.lite.Optimize": Row("tf.lite.Optimize"),
    "contrib.lite.TFLiteConverter.from_session": _advice(
        "TF2's TFLiteConverter has no from_session: use from_keras_model(model) or "
        "from_concrete_functions([fn.get_concrete_function()])",
        fallback="tf.compat.v1.lite.TFLiteConverter.from_session"),
    "contrib.lite.TocoConverter.from_session": _advice(
        "TF2's TFLiteConverter has no from_session: use from_keras_model(model) or from_concrete_functions",
        fallback="tf.compat.v1.lite.TFLiteConverter.from_session"),
    "contrib.lite.TFLiteConverter.from_frozen_graph": _advice(
        "frozen graphs are TF1: export a SavedModel and use tf.lite.TFLiteConverter.from_saved_model",
        fallback="tf.compat.v1.lite.TFLiteConverter.from_frozen_graph"),
    "contrib.lite.TocoConverter.from_frozen_graph": _advice(
        "frozen graphs are TF1: export a SavedModel and use tf.lite.TFLiteConverter.from_saved_model",
        fallback="tf.compat.v1.lite.TFLiteConverter.from_frozen_graph"),
    "contrib.lite.TFLiteConverter.from_keras_model_file": _advice(
        "load the model (tf.keras.models.load_model) and use tf.lite.TFLiteConverter.from_keras_model(model)",
        fallback="tf.compat.v1.lite.TFLiteConverter.from_keras_model_file"),
    "contrib.lite.TFLiteConverter.from_saved_model": _advice(
        "TF2's from_saved_model(saved_model_dir, signature_keys=None, tags=None) takes no input/output arrays",
        fallback="tf.compat.v1.lite.TFLiteConverter.from_saved_model"),
    "contrib.lite.toco_convert": _advice("use tf.lite.TFLiteConverter (from_keras_model / from_concrete_functions)",
                                         fallback="tf.compat.v1.lite.toco_convert"),
    # -- contrib.tensorboard / training / framework / util
    "contrib.tensorboard.plugins.projector": Row("projector", notes="from tensorboard.plugins import projector"),
    "contrib.tensorboard.plugins.projector.*": Row(
        "projector.*", notes="moved to the tensorboard package (same protos); visualize_embeddings takes a logdir "
        "(a FileWriter still works: it calls get_logdir())",
        before="config = tf.contrib.tensorboard.plugins.projector.ProjectorConfig()",
        after="config = projector.ProjectorConfig()"),
    "contrib.training.HParams": Row(
        None, None, "TFM212: types.SimpleNamespace(...) when only attributes are read; when its methods are called "
        "(parse, values, add_hparam, to_json...) the TF 1.15 class (migrate/runtime/contrib_hparams.py, without the "
        "HParamDef protobuf round trip) is written into the file. Left with this error for a hparam_def argument: "
        "use a dict, a dataclass or absl flags (tensorboard.plugins.hparams.api logs tuning runs, it is not a "
        "container)", rule="TFM201",
        before="hp = tf.contrib.training.HParams(lr=0.1)\nprint(hp.lr)", after="hp = types.SimpleNamespace(lr=0.1)\nprint(hp.lr)"),
    "contrib.training.*": _advice("contrib.training (queues, bucketing, state savers) was removed: use tf.data "
                                  "(bucket_by_sequence_length, batching) and Keras fit"),
    "contrib.framework.get_or_create_global_step": _advice(
        "TF2 has no global step collection: keep a counter (optimizer.iterations or a tf.Variable)",
        fallback="tf.compat.v1.train.get_or_create_global_step"),
    "contrib.framework.get_global_step": _advice(
        "TF2 has no global step collection: use optimizer.iterations",
        fallback="tf.compat.v1.train.get_global_step"),
    "contrib.framework.get_variables": _advice("use model.variables / layer.trainable_variables (no collections in TF2)"),
    "contrib.framework.get_model_variables": _advice("use model.variables (no MODEL_VARIABLES collection in TF2)"),
    "contrib.framework.get_variables_to_restore": _advice(
        "use tf.train.Checkpoint(model=model).restore(path) (restores by object, not by name)"),
    "contrib.framework.assign_from_checkpoint_fn": _advice(
        "use tf.train.Checkpoint(...).restore(path).expect_partial(); for TF1 name-based checkpoints "
        "read values with tf.train.load_variable"),
    "contrib.framework.arg_scope": Row(
        None, None, "TFM210 expands a literal scope over contrib layer functions: each default is written into "
        "every call of a listed function inside the with (unless the call passes it; nested scopes compose, the inner "
        "wins; slim.repeat/stack calls get them too) and the with is dropped. Left with this error when the scope is "
        "bound with 'as', its keywords come from an unseen **dict, or the block calls a function of the file that "
        "calls layers: pass the arguments to each layer, or bind them once with functools.partial",
        rule="TFM201",
        before="with slim.arg_scope([slim.conv2d], padding='VALID'):\n    net = slim.conv2d(x, 8, [3, 3])",
        after="net = slim.conv2d(x, 8, [3, 3], padding='VALID')  # then converted by TFM300 / TFM206"),
    "contrib.framework.add_arg_scope": _advice("no arg_scope in TF2: delete the decorator"),
    "contrib.opt.AdamWOptimizer": Row(
        "tf.keras.optimizers.AdamW", rule="TFM213",
        notes="contrib shrinks w by weight_decay*w before each Adam step (not scaled by the learning rate). The "
              "graph-to-eager pass (keras_map) writes Keras AdamW(weight_decay=wd / learning_rate), exact for a "
              "constant learning rate; a file kept in graph mode gets TFM213's tf.compat.v1.train.AdamOptimizer "
              "subclass with contrib's decay written into it (same minimize(global_step=), decay_var_list)",
        before="opt = tf.contrib.opt.AdamWOptimizer(1e-4, learning_rate=1e-3)",
        after="opt = tf.keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=1e-4 / 1e-3, epsilon=1e-08)"),
    "contrib.opt.MomentumWOptimizer": Row(
        "tf.keras.optimizers.SGD", rule="TFM213",
        notes="as AdamW: Keras SGD(momentum=, weight_decay=wd / learning_rate) when converted; in graph mode a "
              "tf.compat.v1.train.MomentumOptimizer subclass with contrib's decay written into the file"),
    "contrib.framework.list_variables": Row("tf.train.list_variables"),
    "contrib.framework.load_variable": Row("tf.train.load_variable"),
    "contrib.framework.is_tensor": Row("tf.is_tensor"),
    "contrib.framework.argsort": Row("tf.argsort"),
    "contrib.framework.sort": Row("tf.sort"),
    # -- contrib.learn
    "contrib.learn.ModeKeys.TRAIN": Row("tf.estimator.ModeKeys.TRAIN", '"train"',
                                        "estimators are gone from TF >= 2.16: the value is the string 'train'"),
    "contrib.learn.ModeKeys.EVAL": Row("tf.estimator.ModeKeys.EVAL", '"eval"',
                                       "estimators are gone from TF >= 2.16: the value is the string 'eval'"),
    "contrib.learn.ModeKeys.INFER": Row("tf.estimator.ModeKeys.PREDICT", '"infer"',
                                        "contrib's INFER is PREDICT in tf.estimator (both are the string 'infer')"),
    "contrib.learn.RunConfig": _advice(
        "tf.estimator.RunConfig takes different arguments (model_dir, save_checkpoints_steps...), and estimators "
        "are gone from TF >= 2.16: train with Keras fit and tf.keras.callbacks.ModelCheckpoint"),
    "contrib.learn.datasets.mnist.read_data_sets": _advice(
        "use tf.keras.datasets.mnist.load_data(): numpy uint8 images 28x28 (divide by 255, reshape to 784) and "
        "integer labels (not one-hot), no validation split"),
    "contrib.learn.datasets.load_dataset": _advice("use tf.keras.datasets (mnist, boston_housing...) or tensorflow-datasets"),
    "contrib.learn.datasets.base.maybe_download": _advice("use tf.keras.utils.get_file(fname, origin)"),
    "contrib.learn.preprocessing.VocabularyProcessor": _advice(
        "use tf.keras.layers.TextVectorization(max_tokens, output_sequence_length=max_document_length) and "
        "adapt() it on the texts (its tokenizer and id order differ: ids are not the same)"),
    "contrib.learn.*": _advice("contrib.learn (the TF 1.0 Estimator API) was removed: use Keras models "
                               "(compile / fit / evaluate)"),
    # -- contrib.rnn left by the graph-to-eager pass (which turns cells into Keras cells, see keras_map):
    #    contrib.rnn re-exported the core TF1 cells, so tf.compat.v1.nn.rnn_cell is the very same class.
    **{f"contrib.rnn.{name}": Row(
        f"tf.compat.v1.nn.rnn_cell.{name} (fallback)", rule="TFM208",
        fallback=f"tf.compat.v1.nn.rnn_cell.{name}",
        notes="contrib.rnn re-exported the core TF1 cell, so this is the same class; Keras 3 has no "
              "tf.compat.v1.nn.rnn_cell, so on latest TFM303 switches the file to tf-keras (TF_USE_LEGACY_KERAS=1)")
       for name in ("RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell",
                    "DropoutWrapper", "ResidualWrapper", "DeviceWrapper", "LSTMStateTuple")},
    **{f"contrib.rnn.{name}": Row(
        f"tf.compat.v1.nn.{name} (fallback)", rule="TFM208", fallback=f"tf.compat.v1.nn.{name}",
        notes="contrib.rnn re-exported the core TF1 function (graph mode; the cells it needs are tf.compat.v1 too)")
       for name in ("static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn")},
    # -- contrib.image: tensorflow-addons on tf2.15
    **{f"contrib.image.{name}": Row(f"tfa.image.{name}", None, _NO_ADDONS if name != "rotate" else (
        "tfa.image.rotate keeps contrib's zero fill and interpolation; on latest there is no core op: use "
        "keras.layers.RandomRotation for augmentation or tf.raw_ops.ImageProjectiveTransformV3"), positional=3,
        before=f"y = tf.contrib.image.{name}(x, a)" if name == "rotate" else "",
        after=f"y = tfa.image.{name}(x, a)" if name == "rotate" else "")
       for name in ("rotate", "transform", "translate", "angles_to_projective_transforms", "compose_transforms",
                    "translations_to_projective_transforms", "connected_components", "dense_image_warp",
                    "interpolate_spline", "sparse_image_warp")},
    # -- contrib.crf: tensorflow-addons tfa.text on tf2.15
    **{f"contrib.crf.{name}": Row(f"tfa.text.{name}", None, "same signature in tfa.text; " + _NO_ADDONS)
       for name in ("crf_log_likelihood", "crf_decode", "viterbi_decode", "crf_sequence_score", "crf_log_norm",
                    "crf_unary_score", "crf_binary_score")},
    "contrib.crf.CrfForwardRnnCell": _advice("not in tensorflow-addons; use tfa.text.crf_forward (tf2.15 only)"),
    # -- contrib.seq2seq
    "contrib.seq2seq.sequence_loss": Row(
        "tf.math.divide_no_nan(tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, "
        "logits=logits) * weights), tf.reduce_sum(weights)); other options: tfa.seq2seq.sequence_loss",
        "the same core expression (default averaging only; other options: none)",
        "with the default averaging (over time and batch) and no softmax_loss_function this is exactly TF 1.15's "
        "formula in core ops, on both profiles; other options use tensorflow-addons' port (same signature and "
        "semantics) on tf2.15 and are an error on latest. weights is written twice, so it must be a name or a "
        "pure constructor (tf.ones, tf.sequence_mask...)", rule="TFM209",
        before="loss = tf.contrib.seq2seq.sequence_loss(logits, targets, weights)",
        after="loss = tf.math.divide_no_nan(tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits("
              "labels=targets, logits=logits) * weights), tf.reduce_sum(weights))"),
    "contrib.legacy_seq2seq.sequence_loss_by_example": Row(
        "tf.add_n([tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(target, [-1]), logits=logit) * "
        "weight for logit, target, weight in zip(logits, targets, weights)]) / (tf.add_n(weights) + 1e-12)",
        notes="TF 1.x's per-example loss over lists of per-timestep tensors, in core ops (the division only with "
              "the default average_across_timesteps=True); weights is written twice, so it must be a name or a "
              "pure constructor; a softmax_loss_function is an error", rule="TFM209",
        before="loss = tf.contrib.legacy_seq2seq.sequence_loss_by_example([logits], [targets], [w])",
        after="loss = tf.add_n([... for logit, target, weight in zip([logits], [targets], [w])]) / (tf.add_n([w]) + 1e-12)"),
    "contrib.seq2seq.tile_batch": Row("tfa.seq2seq.tile_batch", None, _NO_ADDONS),
    "contrib.seq2seq.*": _advice(
        "the decoder API changed: tfa.seq2seq (tf2.15 only) has BasicDecoder(cell, sampler, output_layer) with "
        "samplers instead of helpers, and attention mechanisms as Keras layers; on latest rebuild the decoder "
        "with Keras RNN layers"),
    "contrib.legacy_seq2seq.*": _advice(
        "graph-era seq2seq builders were removed: rebuild the model with Keras (Embedding, LSTM/GRU, Attention)"),
    # -- contrib.losses.metric_learning: tensorflow-addons tfa.losses on tf2.15 (call rule, see TFM205)
    "contrib.losses.metric_learning.triplet_semihard_loss": Row(
        'tfa.losses.triplet_semihard_loss(..., distance_metric="squared-L2")', None,
        "contrib used squared Euclidean distances; tfa's default is 'L2' (not squared), so the rewrite pins "
        "distance_metric='squared-L2'. " + _NO_ADDONS, rule="TFM205",
        before="loss = tf.contrib.losses.metric_learning.triplet_semihard_loss(labels, emb)",
        after='loss = tfa.losses.triplet_semihard_loss(labels, emb, distance_metric="squared-L2")'),
    "contrib.losses.metric_learning.lifted_struct_loss": Row(
        "tfa.losses.lifted_struct_loss", None, "same arguments and (non-squared) distances. " + _NO_ADDONS),
    "contrib.losses.metric_learning.*": _advice(
        "no drop-in replacement: tfa.losses (tf2.15 only) has npairs_loss / contrastive_loss with other arguments"),
    # -- contrib.losses (contrib's (logits, labels) argument order; call rule TFM204)
    **{f"contrib.losses.{name}": Row(
        tf2, notes="contrib took (logits|predictions, labels); with the default weights=1.0 the loss is the mean "
        "over all elements (SUM_BY_NONZERO_WEIGHTS), written with core ops; other weights, label_smoothing or "
        f"scope fall back to tf.compat.v1.losses.{name} with keyword arguments", rule="TFM204",
        fallback=f"tf.compat.v1.losses.{name}", before=before, after=after)
       for name, tf2, before, after in (
           ("softmax_cross_entropy", "tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(...))",
            "loss = tf.contrib.losses.softmax_cross_entropy(logits, y)",
            "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=logits))"),
           ("sparse_softmax_cross_entropy", "tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(...))", "", ""),
           ("sigmoid_cross_entropy", "tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(...))", "", ""),
           ("mean_squared_error", "tf.reduce_mean(tf.math.squared_difference(predictions, labels))", "", ""),
           ("absolute_difference", "tf.reduce_mean(tf.abs(predictions - labels))", "", ""),
       )},
    "contrib.losses.log_loss": _advice("use tf.keras.losses.BinaryCrossentropy (epsilon differs: contrib 1e-7 inside "
                                       "the log)", fallback="tf.compat.v1.losses.log_loss"),
    "contrib.losses.hinge_loss": _advice("contrib returned the unreduced per-element loss: use "
                                         "tf.maximum(0.0, 1.0 - (2.0 * labels - 1.0) * logits)"),
    "contrib.losses.cosine_distance": _advice("use tf.keras.losses.cosine_similarity (sign and axis differ: "
                                              "contrib's loss is 1 - cos)",
                                              fallback="tf.compat.v1.losses.cosine_distance"),
    "contrib.losses.get_total_loss": _advice("no loss collections in TF2: add the losses (and model.losses) yourself "
                                             "(the v1 function sums the same LOSSES + REGULARIZATION_LOSSES collections)",
                                             fallback="tf.compat.v1.losses.get_total_loss"),
    "contrib.losses.get_regularization_losses": _advice("use model.losses (Keras collects regularization losses)",
                                                        fallback="tf.compat.v1.losses.get_regularization_losses"),
    "contrib.losses.add_loss": _advice("no loss collections in TF2: add the loss to your total (or layer.add_loss)"),
    # -- contrib.metrics
    "contrib.metrics.confusion_matrix": Row("tf.math.confusion_matrix"),
    "contrib.metrics.accuracy": Row(
        "tf.reduce_mean(tf.cast(tf.equal(predictions, labels), tf.float32))", rule="TFM204",
        notes="the non-streaming contrib accuracy; rewritten when weights is not passed",
        fallback=None),
    **{f"contrib.metrics.{name}": Row(
        None, None, f"streaming metrics are Keras metric objects in TF2: use tf.keras.metrics.{keras}() with "
        f"update_state(...) and result()" + ("" if name in ("streaming_mean_iou", "f1_score") else
                                             "; in a file kept in graph mode TFM215 writes the tf.compat.v1.metrics "
                                             "function contrib called, arguments by keyword"),
        rule="TFM201" if name in ("streaming_mean_iou", "f1_score") else "TFM215")
       for name, keras in (("streaming_accuracy", "Accuracy"), ("streaming_mean", "Mean"), ("streaming_auc", "AUC"),
                           ("streaming_precision", "Precision"), ("streaming_recall", "Recall"),
                           ("streaming_mean_squared_error", "MeanSquaredError"),
                           ("streaming_mean_absolute_error", "MeanAbsoluteError"),
                           ("streaming_root_mean_squared_error", "RootMeanSquaredError"),
                           ("streaming_mean_iou", "MeanIoU"), ("streaming_true_positives", "TruePositives"),
                           ("streaming_false_positives", "FalsePositives"), ("f1_score", "F1Score"))},
    "contrib.metrics.aggregate_metric_map": _advice(
        "Keras metric objects need no aggregation: call result(). TFM216 writes TF 1.15's four-line Python function "
        "into the file (it splits {name: (value, update)} into two dicts)"),
    "contrib.metrics.aggregate_metrics": _advice(
        "Keras metric objects need no aggregation: call result(). TFM216 writes TF 1.15's Python function into the "
        "file"),
    # -- contrib.layers pieces that are not layers (layer functions: keras_map / TFM206 fallback)
    "contrib.layers.xavier_initializer": Row(
        'tf.keras.initializers.GlorotUniform(seed=) / VarianceScaling(TRUNC * 1.0, "fan_avg", "truncated_normal")',
        rule="TFM203", fallback="tf.compat.v1.glorot_uniform_initializer / tf.compat.v1.variance_scaling_initializer",
        notes="uniform=True is GlorotUniform exactly. uniform=False: contrib drew a truncated normal with stddev "
              "sqrt(1.3 * factor / n); Keras divides sqrt(scale / n) by 0.87962566103423978, so scale = factor * "
              "1.3 * 0.87962566103423978**2 (TRUNC = 1.0058...) gives the same distribution (GlorotNormal would be "
              "0.3% narrower). Keras initializers repeat their values when one unseeded instance is called twice, so "
              "an initializer kept in a variable (reused) becomes the stateful tf.compat.v1 initializer instead. "
              "Same distribution, not the same random stream.",
        before="w = tf.Variable(tf.contrib.layers.xavier_initializer()([784, 10]), name='w')",
        after="w = tf.Variable(tf.keras.initializers.GlorotUniform()([784, 10]), name='w')"),
    "contrib.layers.xavier_initializer_conv2d": Row(
        "as xavier_initializer", rule="TFM203", notes="contrib alias of xavier_initializer"),
    "contrib.layers.variance_scaling_initializer": Row(
        'tf.keras.initializers.VarianceScaling(scale, mode.lower(), "uniform" | "truncated_normal")', rule="TFM203",
        fallback="tf.compat.v1.variance_scaling_initializer",
        notes="defaults factor=2.0, mode='FAN_IN', uniform=False (He); for the truncated normal the scale is "
              "factor * 1.3 * 0.87962566103423978**2 (contrib's 1.3 vs Keras' 0.8796 truncation correction); "
              "mode and uniform must be literals. Reused instances: see xavier_initializer",
        before="init = tf.contrib.layers.variance_scaling_initializer(uniform=True)",
        after='init = tf.keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")'),
    "contrib.layers.l2_regularizer": Row(
        "tf.keras.regularizers.L2(scale / 2)", rule="TFM207",
        notes="contrib computed scale * sum(w**2) / 2 (tf.nn.l2_loss); Keras L2(l2) computes l2 * sum(w**2): the "
              "factor is halved (folded when the scale is a literal). scale=0.0 meant no regularizer (None)",
        before="reg = tf.contrib.layers.l2_regularizer(0.001)", after="reg = tf.keras.regularizers.L2(0.0005)"),
    "contrib.layers.l1_regularizer": Row("tf.keras.regularizers.L1(scale)", rule="TFM207",
                                         notes="both scale * sum(|w|)"),
    "contrib.layers.l1_l2_regularizer": Row(
        "tf.keras.regularizers.L1L2(l1=scale_l1, l2=scale_l2 / 2)", rule="TFM207",
        notes="defaults scale_l1=1.0, scale_l2=1.0; the l2 half is halved as for l2_regularizer"),
    **{f"contrib.layers.{name}": Row(
        f"tf.compat.v1.layers.{target} (fallback)", rule="TFM206",
        notes="normally converted to a Keras layer by the graph-to-eager pass (see keras_map); a call it leaves "
              f"becomes tf.compat.v1.layers.{target} with contrib's defaults written out ({defaults}); Keras 3 has no "
              "tf.compat.v1.layers, so on latest TFM303 switches the file to tf-keras (TF_USE_LEGACY_KERAS=1). "
              "Variable names differ (no TF1 checkpoint by name)")
       for name, target, defaults in (
           ("fully_connected", "dense", "activation=tf.nn.relu"), ("linear", "dense", "no activation"),
           ("conv2d_transpose", "conv2d_transpose", "activation=tf.nn.relu, padding='SAME'"),
           ("conv2d", "conv2d", "activation=tf.nn.relu, padding='SAME'"),
           ("convolution2d", "conv2d", "activation=tf.nn.relu, padding='SAME'"),
           ("convolution2d_transpose", "conv2d_transpose", "activation=tf.nn.relu, padding='SAME'"),
           ("max_pool2d", "max_pooling2d", "strides=2"), ("avg_pool2d", "average_pooling2d", "strides=2"),
           ("flatten", "flatten", "none"), ("dropout", "dropout", "rate=1 - keep_prob, training=True"),
           ("batch_norm", "batch_normalization", "momentum=0.999, scale=False, training=True"))},
    "contrib.layers.layer_norm": _advice(
        "the graph-to-eager pass converts it when it converts the program; here it was left: use "
        "tf.keras.layers.LayerNormalization(axis=<begin_norm_axis..last>, epsilon=1e-12) (contrib's epsilon; "
        "Keras' default is 1e-3)"),
    "contrib.layers.embed_sequence": _advice(
        "the graph-to-eager pass converts it when it converts the program; here it was left: use "
        "tf.keras.layers.Embedding(vocab_size, embed_dim)"),
    "contrib.layers.repeat": _advice("call the layer in a Python loop (Keras layers are objects: create one per "
                                     "repetition)"),
    "contrib.layers.stack": _advice("call the layers in a Python loop over the argument list, or build a "
                                    "tf.keras.Sequential"),
    "contrib.layers.sum_regularizer": _advice("pass one Keras regularizer (tf.keras.regularizers.L1L2) or a "
                                              "function returning the sum of the penalties"),
    "contrib.layers.apply_regularization": _advice("add sum(reg(w) for w in weights) to the loss, or use "
                                                   "Keras layers' kernel_regularizer and model.losses"),
    "contrib.layers.optimize_loss": _advice(
        "no TF2 counterpart: build the optimizer (tf.keras.optimizers.*) and apply tape gradients; "
        "the graph-to-eager pass (TFM3xx) converts whole training loops. In a file kept in graph mode TFM214 writes "
        "TF 1.15's optimize_loss (on tf.compat.v1, same variables, summaries and clipping) into the file"),
    "contrib.training.create_train_op": _advice(
        "no TF2 counterpart: a GradientTape step (the graph-to-eager pass converts whole loops). In a file kept in "
        "graph mode TFM214 writes TF 1.15's create_train_op (tf.compat.v1) into the file"),
    "contrib.slim.learning.create_train_op": _advice(
        "no TF2 counterpart: a GradientTape step with tf.clip_by_norm per gradient. In a file kept in graph mode "
        "TFM214 writes slim's create_train_op (tf.compat.v1: UPDATE_OPS, per-gradient clipping, check_numerics, "
        "returns the loss) into the file as slim_create_train_op"),
    **{f"contrib.layers.{name}": _advice(
        "summaries are written explicitly in TF2: tf.summary.histogram / scalar inside a writer.as_default() block")
       for name in ("summarize_activations", "summarize_activation", "summarize_tensors", "summarize_tensor",
                    "summarize_collection", "summarize_variables", "summarize_weights", "summarize_biases")},
    # -- whole modules with no TF2 counterpart
    "contrib.distributions.*": _advice(_TFP),
    "contrib.bayesflow.*": _advice("use tensorflow-probability (not installed in either profile)"),
    "contrib.factorization.*": _advice("no TF2 equivalent (KMeans, WALS, GMM were dropped); use sklearn.cluster.KMeans"),
    "contrib.tensor_forest.*": _advice("no TF2 equivalent; use TensorFlow Decision Forests or sklearn.ensemble"),
    "contrib.boosted_trees.*": _advice("no TF2 equivalent; use TensorFlow Decision Forests"),
    "contrib.slim.nets.*": _advice("the slim model zoo is not in TF2: use tf.keras.applications"),
    "contrib.slim.model_analyzer.analyze_vars": Row(
        None, None, "TFM223 writes TF 1.15's analyze_vars into the file as slim_analyze_vars (it reads only the "
        "variables' names, dtypes and shapes, so it runs on TF2 variables)", rule="TFM223"),
    "contrib.slim.learning.*": _advice("slim.learning.train drives queue runners and a Supervisor: write a Keras "
                                       "fit or a tf.GradientTape loop"),
    "contrib.quantize.*": _advice("use the TensorFlow Model Optimization toolkit (tfmot.quantization.keras)"),
    "contrib.predictor.*": _advice("use tf.saved_model.load(export_dir).signatures['serving_default']"),
    "contrib.cudnn_rnn.*": _advice("tf.keras.layers.LSTM / GRU use cuDNN kernels automatically on GPU"),
    "contrib.compiler.*": _advice("use tf.function(jit_compile=True)"),
    "contrib.tpu.*": _advice("use tf.distribute.TPUStrategy"),
    "contrib.distribute.*": _advice("use tf.distribute (MirroredStrategy, ...) with Keras fit"),
    # rewritten by migrate/rules/distribute.py (signatures of TF 1.15.5's contrib/distribute)
    "contrib.distribute.MirroredStrategy": Row("tf.distribute.MirroredStrategy", rule="TFM135",
                                               notes="num_gpus=N -> devices=['/gpu:0', ...]; cross_tower_ops -> "
                                                     "cross_device_ops"),
    "contrib.distribute.CollectiveAllReduceStrategy": Row(
        "tf.distribute.MultiWorkerMirroredStrategy", rule="TFM135",
        notes="cluster from TF_CONFIG as before; every visible GPU of a worker (num_gpus_per_worker is reported)"),
    "contrib.distribute.ParameterServerStrategy": Row(
        "tf.compat.v1.distribute.experimental.ParameterServerStrategy", rule="TFM135",
        notes="the v1 class Estimator takes; TF2's ParameterServerStrategy needs a ClusterCoordinator"),
    "contrib.distribute.OneDeviceStrategy": Row("tf.distribute.OneDeviceStrategy", rule="TFM135"),
    "contrib.distribute.AllReduceCrossDeviceOps": _advice(
        "all_reduce_alg='nccl' (the default) is tf.distribute.NcclAllReduce(num_packs=...), 'hierarchical_copy' "
        "tf.distribute.HierarchicalCopyAllReduce(num_packs=...)"),
    "contrib.distribute.DistributeConfig": Row(
        None, None, "RunConfig(experimental_distribute=DistributeConfig(train_distribute=a, eval_distribute=b)) -> "
        "RunConfig(train_distribute=a, eval_distribute=b)", rule="TFM136"),
    "contrib.gan.*": _advice("TF-GAN is a separate package (tensorflow-gan); or write the GAN loop with GradientTape"),
    "contrib.graph_editor.*": _advice("no TF2 counterpart: graphs are traced from Python functions (tf.function)"),
    "contrib.timeseries.*": _advice("no TF2 counterpart: build the model with Keras layers"),
}

# TF-Slim re-exported contrib.layers and contrib.framework (and contrib.losses as slim.losses).
SLIM_ALIASES = {
    "contrib.slim.losses.": ("contrib.losses.",),
    "contrib.slim.": ("contrib.layers.", "contrib.framework."),
}


def aliases(key: str) -> list[str]:
    """Other spellings of a table key (the slim re-exports)."""
    found = []
    for alias, targets in SLIM_ALIASES.items():
        for target in targets:
            if key.startswith(target) and not key.endswith(".*"):
                found.append(alias + key[len(target):])
    return found


def canonical(symbol: str) -> str:
    """``contrib.slim.l2_regularizer`` -> ``contrib.layers.l2_regularizer`` (a slim spelling -> its table key)."""
    for alias, targets in SLIM_ALIASES.items():
        if symbol.startswith(alias):
            rest = symbol[len(alias):]
            for target in targets:
                if target + rest in TABLE:
                    return target + rest
    return symbol


def lookup(symbol: str) -> tuple[str, Row, str] | None:
    """(key, row, rest) for a symbol: its exact key, else its nearest covering ancestor.

    An ancestor covers a symbol through a ``module.*`` key, or through the exact key of a
    class or module that is renamed or reported as a whole (``contrib.lite.TFLiteConverter``
    covers ``contrib.lite.TFLiteConverter.from_keras_model``). ``rest`` is what follows the
    ancestor (``".from_keras_model"``), to append to its target.
    """
    symbol = canonical(symbol)
    if symbol in TABLE:
        return symbol, TABLE[symbol], ""
    parts = symbol.split(".")
    for end in range(len(parts) - 1, 1, -1):
        ancestor, rest = ".".join(parts[:end]), "." + ".".join(parts[end:])
        row = TABLE.get(ancestor)
        if row is not None and row.rule in ("TFM200", "TFM201") and all(
                form is None or form == SAME or form.replace(".", "").replace("_", "").isalnum()
                for form in (row.tf2, row.latest)):
            return ancestor, row, rest
        if ancestor + ".*" in TABLE:
            return ancestor + ".*", TABLE[ancestor + ".*"], rest
    return None


def symbols_of(rule: str) -> frozenset[str]:
    """The exact symbols (slim spellings included) whose rows a rule reads."""
    keys = [k for k, row in TABLE.items() if row.rule == rule and not k.endswith(".*")]
    return frozenset(keys + [a for k in keys for a in aliases(k)])


def prefixes_of(rule: str) -> tuple[str, ...]:
    """The prefixes a rule watches: its ``module.*`` rows, and the members of its exact rows (see `lookup`)."""
    modules = [k[:-1] for k, row in TABLE.items() if row.rule == rule and k.endswith(".*")]
    members = [k + "." for k in symbols_of(rule)]
    return tuple(sorted(set(modules + members)))


# docs/api_map.md sections: the big contrib modules get their own, the rest share one.
_SECTIONS = {"data", "eager", "framework", "image", "keras", "layers", "learn", "lite", "losses", "metrics", "seq2seq",
             "summary"}


def _family(key: str) -> str:
    module = key.split(".")[1]
    return f"contrib.{module}" if module in _SECTIONS else "contrib (other modules)"


MAPPINGS: tuple[Mapping, ...] = tuple(
    Mapping(key, row.tf2, row.latest, row.notes, row.before, row.after, family=_family(key))
    for key, row in sorted(TABLE.items())
)
