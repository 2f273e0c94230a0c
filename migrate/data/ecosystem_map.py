"""The rest of the TF1 ecosystem: estimators, v1 losses and metrics, saving, TFRecord, devices.

Provenance: hand-written from the TensorFlow 2.15.1 and tensorflow-estimator 2.15.0
sources installed in ``.venv`` (``tensorflow/python/ops/losses/losses_impl.py``,
``tensorflow/python/ops/metrics_impl.py``, ``tensorflow_estimator/python/estimator/
canned/{dnn,linear,optimizers}.py``, ``.../inputs/numpy_io.py``) and checked by
running them: ``tests/ecosystem/test_numerics.py`` compares every converted loss,
the metric notes and the estimator defaults below against the real TF 1 code
paths (``tf.compat.v1``, ``tf.compat.v1.estimator``) on TF 2.15. Regenerate: by hand
(there is no generator); ``tests/ecosystem/test_map.py`` checks every row's TF1 and
TF2 names against the installed TensorFlow.

Tables read by code:

LOSSES              v1 ``tf.losses`` function -> (Keras loss class, v1 parameter order,
                    v1 parameters carried to the Keras constructor {v1: keras}).
                    Read by ``migrate.rules.losses_metrics.V1Loss``.
METRICS             v1 streaming metric -> (Keras metric class or None, note).
SAVING              v1 SavedModel / frozen-graph symbol -> the TF2 recipe its finding gives.
ESTIMATOR_DEFAULTS  canned estimator -> what the TF1 class (``tf.compat.v1.estimator``)
                    and the TF2 class (``tf.estimator`` on TF 2.x) do by default.
                    Read by ``migrate.rules.estimators``.
"""

from __future__ import annotations

from migrate.data.mapping import Mapping

# v1 losses -> Keras losses that compute the same number when ``weights`` is a scalar and
# ``reduction`` is the v1 default (SUM_BY_NONZERO_WEIGHTS): sum(w * l) / count(w != 0) over the
# broadcast weights is the plain mean for a non-zero scalar w (0 for w == 0, as Keras gives too).
# Keras' SUM_OVER_BATCH_SIZE of a per-example mean over the last axis is the mean over all
# elements, which is what the v1 loss takes. (class, v1 params, {v1 param: keras constructor kw})
LOSSES: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {
    "losses.mean_squared_error": ("keras.losses.MeanSquaredError",
                                  ("labels", "predictions", "weights", "scope", "loss_collection", "reduction"), {}),
    "losses.absolute_difference": ("keras.losses.MeanAbsoluteError",
                                   ("labels", "predictions", "weights", "scope", "loss_collection", "reduction"), {}),
    "losses.huber_loss": ("keras.losses.Huber",
                          ("labels", "predictions", "weights", "delta", "scope", "loss_collection", "reduction"),
                          {"delta": "delta"}),
    "losses.sigmoid_cross_entropy": (
        "keras.losses.BinaryCrossentropy",
        ("multi_class_labels", "logits", "weights", "label_smoothing", "scope", "loss_collection", "reduction"),
        {"label_smoothing": "label_smoothing"}),
    "losses.softmax_cross_entropy": (
        "keras.losses.CategoricalCrossentropy",
        ("onehot_labels", "logits", "weights", "label_smoothing", "scope", "loss_collection", "reduction"),
        {"label_smoothing": "label_smoothing"}),
    "losses.sparse_softmax_cross_entropy": (
        "keras.losses.SparseCategoricalCrossentropy",
        ("labels", "logits", "weights", "scope", "loss_collection", "reduction"), {}),
}
FROM_LOGITS = frozenset({"losses.sigmoid_cross_entropy", "losses.softmax_cross_entropy",
                         "losses.sparse_softmax_cross_entropy"})
# v1 wrapped these labels in stop_gradient (losses_impl.softmax_cross_entropy); so does the rewrite.
STOP_LABEL_GRADIENT = frozenset({"losses.softmax_cross_entropy"})

# v1 losses with no Keras twin computing the same number: reported with the formula.
LOSSES_REPORTED = {
    "losses.log_loss": "v1 computes -y*log(p+eps) - (1-y)*log(1-p+eps) (eps=1e-7 added, not clipped); "
                       "keras.losses.BinaryCrossentropy clips p to [eps, 1-eps] instead. Write it with tf.math ops",
    "losses.hinge_loss": "v1 always maps labels {0,1} to {-1,1}; keras.losses.Hinge does so only when every "
                         "label is 0 or 1. Use tf.reduce_mean(tf.nn.relu(1 - (2 * labels - 1) * logits))",
    "losses.cosine_distance": "v1 returns 1 - sum(l * p, axis) of already-normalized inputs; "
                              "keras.losses.CosineSimilarity normalizes and negates. Write it with tf.reduce_sum",
    "losses.mean_pairwise_squared_error": "no Keras loss; write the pairwise differences with tf ops",
    "losses.compute_weighted_loss": "reduction over v1 weights and the LOSSES collection; in TF2 "
                                    "use tf.reduce_sum(w * l) / tf.math.count_nonzero(w) or a Keras loss's sample_weight",
    "losses.add_loss": "the LOSSES collection is gone: keep the loss tensor and add it to the training loss yourself",
    "losses.get_losses": "the LOSSES collection is gone: keep the loss tensors in a Python list",
    "losses.get_regularization_loss": "use tf.add_n(model.losses) (Keras layers collect their regularization losses)",
    "losses.get_regularization_losses": "use model.losses (Keras layers collect their regularization losses)",
    "losses.get_total_loss": "use loss + tf.add_n(model.losses): the sum of your losses and the Keras regularization losses",
    "losses.Reduction": "tf.keras.losses.Reduction (Keras 2) / a string reduction (Keras 3); "
                        "SUM_BY_NONZERO_WEIGHTS has no Keras twin",
}

# v1 streaming metrics -> Keras metric objects (update_state / result / reset_state).
METRICS: dict[str, tuple[str | None, str]] = {
    "metrics.accuracy": ("keras.metrics.Accuracy",
                         "compares labels == predictions element-wise (no argmax!): pass class ids, or use "
                         "SparseCategoricalAccuracy on logits"),
    "metrics.precision": ("keras.metrics.Precision", "predictions are cast to bool (threshold 0.5 in Keras)"),
    "metrics.recall": ("keras.metrics.Recall", "predictions are cast to bool (threshold 0.5 in Keras)"),
    "metrics.auc": ("keras.metrics.AUC", "num_thresholds=200 and curve='ROC' by default in both; for ROC Keras' "
                    "default summation ('interpolation') is v1's 'trapezoidal' (measured equal); for curve='PR' Keras "
                    "interpolates (Davis & Goadrich), v1 did not: the numbers differ"),
    "metrics.mean": ("keras.metrics.Mean", "weights -> sample_weight"),
    "metrics.mean_squared_error": ("keras.metrics.MeanSquaredError", ""),
    "metrics.mean_absolute_error": ("keras.metrics.MeanAbsoluteError", ""),
    "metrics.root_mean_squared_error": ("keras.metrics.RootMeanSquaredError", ""),
    "metrics.true_positives": ("keras.metrics.TruePositives", ""),
    "metrics.false_positives": ("keras.metrics.FalsePositives", ""),
    "metrics.true_negatives": ("keras.metrics.TrueNegatives", ""),
    "metrics.false_negatives": ("keras.metrics.FalseNegatives", ""),
    "metrics.mean_iou": ("keras.metrics.MeanIoU", "num_classes -> num_classes"),
    "metrics.mean_cosine_distance": (None, "1 - keras.metrics.CosineSimilarity of normalized inputs"),
    "metrics.mean_per_class_accuracy": (None, "keras has no per-class accuracy: use a confusion matrix"),
    "metrics.mean_relative_error": (None, "no Keras metric: keras.metrics.Mean of |p - l| / normalizer"),
    "metrics.mean_tensor": (None, "no Keras metric: keep a running sum with tf.Variable"),
    "metrics.percentage_below": (None, "keras.metrics.Mean of tf.cast(values < threshold, tf.float32)"),
    "metrics.precision_at_k": (None, "keras.metrics.Precision(top_k=k) for dense labels"),
    "metrics.recall_at_k": (None, "keras.metrics.Recall(top_k=k) for dense labels"),
    "metrics.precision_at_thresholds": ("keras.metrics.Precision", "thresholds=[...]"),
    "metrics.recall_at_thresholds": ("keras.metrics.Recall", "thresholds=[...]"),
    "metrics.sensitivity_at_specificity": ("keras.metrics.SensitivityAtSpecificity", ""),
    "metrics.specificity_at_sensitivity": ("keras.metrics.SpecificityAtSensitivity", ""),
}

# What the canned estimators build by default, read off tensorflow-estimator 2.15.0 and measured by
# tests/ecosystem/test_numerics.py. "v1" is the TF1 class (tf.compat.v1.estimator.X, and tf.estimator.X
# in TF 1.x), "v2" the TF 2.x class. The learning rate in v2 DNN models is the Keras optimizer's own
# default (dnn.py: get_optimizer_instance_v2(optimizer) passes none); linear models pass 0.2.
ESTIMATOR_DEFAULTS = {
    "DNNClassifier": {"v1": ("Adagrad", 0.05, "sum"), "v2": ("Adagrad", 0.001, "sum_over_batch_size")},
    "DNNRegressor": {"v1": ("Adagrad", 0.05, "sum"), "v2": ("Adagrad", 0.001, "sum_over_batch_size")},
    "LinearClassifier": {"v1": ("Ftrl", 0.2, "sum"), "v2": ("Ftrl", 0.2, "sum_over_batch_size")},
    "LinearRegressor": {"v1": ("Ftrl", 0.2, "sum"), "v2": ("Ftrl", 0.2, "sum_over_batch_size")},
}
# numpy_input_fn defaults (estimator/inputs/numpy_io.py).
NUMPY_INPUT_FN = ("x", "y", "batch_size", "num_epochs", "shuffle", "queue_capacity", "num_threads")
NUMPY_INPUT_DEFAULTS = {"batch_size": "128", "num_epochs": "1", "queue_capacity": "1000"}

_SAVE = "tf.saved_model.save(model_or_module, export_dir, signatures=serve.get_concrete_function(tf.TensorSpec(shape, dtype)))"
_LOAD = "obj = tf.saved_model.load(export_dir); outputs = obj.signatures['serving_default'](input_name=tensor)"
_SIGNATURE = "a signature is a concrete function: signatures={'serving_default': serve.get_concrete_function(spec)}"
_FREEZE = ("from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2; "
           "frozen = convert_variables_to_constants_v2(tf.function(f).get_concrete_function(spec)); "
           "frozen.graph.as_graph_def() is the frozen GraphDef (tf.io.write_graph writes it)")

# TF1 symbol -> what to write in TF2. Read by migrate.rules.saving (TFM268, TFM269).
SAVING = {
    "saved_model.builder.SavedModelBuilder": _SAVE,
    "saved_model.Builder": _SAVE,
    "saved_model.simple_save": _SAVE,
    "saved_model.loader.load": _LOAD,
    "saved_model.loader.maybe_saved_model_directory": "tf.saved_model.contains_saved_model(export_dir)",
    "saved_model.maybe_saved_model_directory": "tf.saved_model.contains_saved_model(export_dir)",
    "saved_model.signature_def_utils.build_signature_def": _SIGNATURE,
    "saved_model.signature_def_utils.predict_signature_def": _SIGNATURE,
    "saved_model.signature_def_utils.classification_signature_def": _SIGNATURE,
    "saved_model.signature_def_utils.regression_signature_def": _SIGNATURE,
    "saved_model.signature_def_utils.is_valid_signature": _SIGNATURE,
    "saved_model.build_signature_def": _SIGNATURE,
    "saved_model.predict_signature_def": _SIGNATURE,
    "saved_model.classification_signature_def": _SIGNATURE,
    "saved_model.regression_signature_def": _SIGNATURE,
    "saved_model.utils.build_tensor_info": "inputs are tf.TensorSpec(shape, dtype, name) of the concrete function",
    "saved_model.build_tensor_info": "inputs are tf.TensorSpec(shape, dtype, name) of the concrete function",
    "saved_model.utils.get_tensor_from_tensor_info": "call the loaded signature function instead of fetching tensors",
    "saved_model.get_tensor_from_tensor_info": "call the loaded signature function instead of fetching tensors",
    "saved_model.main_op.main_op": "not needed: tf.saved_model.load restores variables and tables itself",
    "saved_model.main_op.main_op_with_restore": "not needed: tf.saved_model.load restores variables itself",
    "saved_model.main_op_with_restore": "not needed: tf.saved_model.load restores variables itself",
    "graph_util.convert_variables_to_constants": _FREEZE,
    "graph_util.extract_sub_graph": "a concrete function already holds only what its outputs need; freeze it (" + _FREEZE + ")",
    "graph_util.remove_training_nodes": "trace the function with training=False before freezing it",
    "graph_util.tensor_shape_from_node_def_name": "read shapes off the concrete function's outputs",
    "graph_util.must_run_on_cpu": "no TF2 API: placement is automatic",
}

_EST_AFTER = (
    "model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation='relu'), tf.keras.layers.Dense(3)])\n"
    "model.compile(optimizer=tf.keras.optimizers.Adagrad(learning_rate=0.05, epsilon=0.0),\n"
    "              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction='sum'),\n"
    "              metrics=['accuracy'])\n"
    "model.fit(train_ds.take(1000), verbose=0)\n"
    "accuracy = model.evaluate(test_ds, return_dict=True, verbose=0)['accuracy']"
)
_ESTIMATOR_NOTE = (
    "Gone from TF >= 2.16. TF1 class defaults: Adagrad lr 0.05 (DNN) / Ftrl lr 0.2 (linear), training loss "
    "summed over the batch; the TF2 class: Adagrad at Keras' lr 0.001 / Ftrl 0.2, mean over the batch "
    "(measured). v1 Adagrad has no epsilon: the TF1 form passes epsilon=0.0 to Keras. "
    "Features are concatenated in the sorted order of the feature-column keys, cast to float32. "
    "steps -> Dataset.take(steps); model_dir checkpoints are not carried over (use "
    "tf.keras.callbacks.BackupAndRestore/ModelCheckpoint). evaluate() keys other than 'accuracy', "
    "'loss', 'average_loss' don't exist on the Keras model; predict() dicts are rebuilt from the logits "
    "(no all_class_ids/all_classes). n_classes=2 is one sigmoid logit"
)
_CUSTOM_NOTE = (
    "Gone from TF >= 2.16. Rewrite the model_fn as a tf.keras.Model (layers in __init__/call), "
    "the loss/optimizer from the TRAIN branch as compile(...) or a tf.GradientTape train step, the "
    "eval_metric_ops as Keras metrics, and the input_fn as a tf.data.Dataset passed to fit/evaluate"
)


# tf.contrib.learn (the TF 1.0 estimator API), read off TF 1.15.5's
# tensorflow_core/contrib/learn/python/learn/estimators/{dnn,head,estimator}.py and learn_io/data_feeder.py
# (.venv-tf1). Read by migrate.rules.contrib_learn.
#   dnn.py: _LEARNING_RATE = 0.05, optimizer "Adagrad" when none is given (optimize_loss builds the
#     tf.train optimizer of that name: AdagradOptimizer's initial_accumulator_value 0.1 is Keras' too);
#     hidden layers are contrib.layers.fully_connected (glorot uniform kernel, zero bias, activation_fn
#     default nn.relu), logits one more fully_connected without activation; dropout only in TRAIN.
#   head.py: _compute_weighted_loss without weights is reduce_mean: the training loss is the batch MEAN
#     (unlike tf.estimator's v1 heads, which sum); n_classes=2 is the binary logistic head (one logit,
#     class 1 when logit > 0); evaluate() reports 'loss' (streaming mean of the batch losses),
#     'accuracy' for classifiers, 'global_step'.
#   estimator.py / data_feeder.py: fit(x, y) without batch_size feeds the whole array as one batch each step
#     (_get_in_out_shape: batch_size = x_shape[0]); evaluate(x, y) likewise, one epoch; predict(x) one pass;
#     predict() yields class ids (classifiers) / scores (regressors), as_iterable=True by default.
CONTRIB_LEARN_DNN = {
    "contrib.learn.DNNClassifier": "classifier",
    "contrib.learn.DNNRegressor": "regressor",
}
CONTRIB_LEARN_LR = 0.05
# optimizer names contrib.learn accepts -> (Keras class, keyword that keeps the v1 numerics or "").
# v1 Adagrad divides by sqrt(accum) (Keras adds epsilon), v1 Adam's epsilon is 1e-8 (Keras 1e-7).
CONTRIB_LEARN_OPTIMIZERS = {"Adagrad": ("Adagrad", "epsilon=0.0"), "Adam": ("Adam", "epsilon=1e-08"),
                            "SGD": ("SGD", "")}
# evaluate() keys the Keras model reports under the same name and value.
CONTRIB_LEARN_KEYS = {"classifier": ("loss", "accuracy"), "regressor": ("loss",)}
# tf.contrib.learn.datasets bundled CSVs that scikit-learn ships too. TF 1.15's iris.csv keeps the two UCI
# values scikit-learn corrected (rows 35 and 38, 0-based 34 and 37; checked against TF 1.15.5's
# load_dataset('iris') in .venv-tf1): the helper puts TF1's values back so the data is the same.
CONTRIB_LEARN_IRIS_FIXES = (("34, 3", "0.1"), ("37, 1:3", "(3.1, 1.5)"))


def _rows() -> tuple[Mapping, ...]:
    rows: list[Mapping] = []
    add = rows.append
    for name in ("DNNClassifier", "DNNRegressor", "LinearClassifier", "LinearRegressor"):
        add(Mapping(f"estimator.{name}", "keras.Sequential + compile/fit/evaluate", "keras.Sequential + compile/fit/evaluate",
                    _ESTIMATOR_NOTE, before=f"est = tf.estimator.{name}(...)\nest.train(input_fn, steps=1000)",
                    after=_EST_AFTER, family="estimator"))
    for name in ("DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor", "BaselineClassifier",
                 "BaselineRegressor", "DNNEstimator",
                 "LinearEstimator"):
        add(Mapping(f"estimator.{name}", None, None,
                    "no automatic conversion: build the Keras model by hand (wide & deep: a functional model "
                    "concatenating a linear and a DNN branch; boosted trees: TensorFlow Decision Forests)",
                    family="estimator"))
    add(Mapping("estimator.inputs.numpy_input_fn", "data.Dataset.from_tensor_slices", "data.Dataset.from_tensor_slices",
                "batch_size 128, num_epochs 1 (None: repeat), shuffle through a 1000-element queue -> "
                ".shuffle(queue_capacity).repeat(num_epochs).batch(batch_size); converted together with the "
                "canned estimator that consumes it, else reported",
                before="fn = tf.estimator.inputs.numpy_input_fn(x={'x': X}, y=Y, num_epochs=None, shuffle=True)",
                after="ds = tf.data.Dataset.from_tensor_slices((X, Y)).shuffle(1000).repeat().batch(128)",
                family="estimator"))
    add(Mapping("estimator.inputs.pandas_input_fn", "data.Dataset.from_tensor_slices((dict(df), labels))",
                "data.Dataset.from_tensor_slices((dict(df), labels))", "reported, not converted", family="estimator"))
    for name in ("Estimator", "EstimatorSpec", "ModeKeys", "RunConfig", "TrainSpec", "EvalSpec",
                 "train_and_evaluate"):
        add(Mapping(f"estimator.{name}", None, None, _CUSTOM_NOTE, family="estimator"))
    add(Mapping("keras.estimator.model_to_estimator", "the Keras model itself", "the Keras model itself",
                "est = model; est.train(input_fn=numpy_input_fn(...), steps) -> est.fit(dataset.take(steps)), "
                "evaluate -> evaluate(dataset, return_dict=True): the model's compiled loss/optimizer are what the "
                "estimator used. Refused: other input functions, predict (dicts keyed by output names), the keys "
                "'global_step' and 'acc' (TF2 Keras says 'accuracy')",
                before="est = tf.keras.estimator.model_to_estimator(keras_model=model)\nest.train(input_fn=fn, steps=100)",
                after="est = model\nest.fit(ds.take(100), verbose=0)",
                family="estimator"))
    for symbol, (cls, params, carried) in LOSSES.items():
        first = ", ".join(params[:2])
        extra = ", from_logits=True" if symbol in FROM_LOGITS else ""
        add(Mapping(symbol, f"{cls}({extra[2:]})", "same",
                    "v1 default reduction SUM_BY_NONZERO_WEIGHTS with scalar weights = the mean Keras takes; "
                    "converted when weights is absent or a number, reduction/loss_collection not given; the loss "
                    "no longer joins the LOSSES collection (refused when the file reads it)"
                    + ("; labels stay out of the gradient (tf.stop_gradient), as in v1" if symbol in STOP_LABEL_GRADIENT else ""),
                    before=f"loss = tf.losses.{symbol.split('.')[-1]}({first})",
                    after=f"loss = tf.{cls}({extra[2:]})({first})", family="losses"))
    for symbol, note in LOSSES_REPORTED.items():
        add(Mapping(symbol, None, None, note, family="losses"))
    for symbol, (cls, note) in METRICS.items():
        add(Mapping(symbol, cls, "same",
                    "v1 returns (value, update_op) backed by local variables; a Keras metric object has "
                    "update_state(...) and result(). " + note, family="metrics",
                    before=f"acc, acc_op = tf.{symbol}(labels, predictions)" if cls else "",
                    after=(f"m = tf.{cls}()\nm.update_state(labels, predictions)\nacc = m.result()" if cls else "")))
    for symbol, recipe in SAVING.items():
        add(Mapping(symbol, None, None, f"graph/session based; TF2: {recipe}", family="saving"))
    add(Mapping("python_io.tf_record_iterator", "(r.numpy() for r in tf.data.TFRecordDataset(path))", "same",
                "yields the same bytes in the same order (eager execution); with options (compression) it is reported",
                before="for record in tf.python_io.tf_record_iterator(path):\n    print(len(record))",
                after="for record in (r.numpy() for r in tf.data.TFRecordDataset(path)):\n    print(len(record))",
                family="records"))
    add(Mapping("io.tf_record_iterator", "(r.numpy() for r in tf.data.TFRecordDataset(path))", "same",
                "as tf.python_io.tf_record_iterator", family="records"))
    add(Mapping("device", "device", "same",
                "reported when a `with tf.device('/gpu:0')` block wraps model building: TF2 places ops itself "
                "(soft placement on by default); use tf.config.set_visible_devices to hide devices, keep tf.device "
                "only around specific calls, and tf.distribute.MirroredStrategy for several GPUs",
                family="devices"))
    return tuple(rows)


MAPPINGS: tuple[Mapping, ...] = _rows()

