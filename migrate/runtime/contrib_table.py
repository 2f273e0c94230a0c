"""What ``tf.contrib`` means under the tf-migrate runtime: one table, read by ``migrate.runtime.contrib``.

Where it came from: the contrib symbols real TF1 code uses (the census in
shared/API_INVENTORY.md), each matched by hand against the TF 1.15 contrib
source. An entry is ``"path.under.contrib": "module:attribute.path"``; the
comment says what the target is and why the semantics match. Entries that
point into ``tensorflow.compat.v1`` are the very objects contrib re-exported
in TF 1.x. Entries in ``migrate.runtime.contrib_*`` are rewrites of the contrib
code (same defaults, variable names and collections), because the nearest
TF2 API differs in a default (see the docstrings there).

To regenerate or extend: add a row, then run ``tests/runtime/test_runtime_contrib_table.py``,
which resolves every row against the installed TensorFlow.

``UNSUPPORTED`` names contrib modules or symbols that have no faithful TF2
counterpart; touching one raises ImportError / AttributeError with the reason.
``ALIASES`` lets one contrib module serve another's names (TF-Slim re-exported
contrib.layers and contrib.framework).
"""

_L = "migrate.runtime.contrib_layers"
_T = "migrate.runtime.contrib_training"
_MNIST = "migrate.runtime.mnist_input_data"
_O = "migrate.runtime.contrib_optimizers"
_M = "migrate.runtime.contrib_metrics"
_V1 = "tensorflow.compat.v1"

TABLE = {
    # -- contrib.layers: rewrites of the contrib source (defaults differ from tf.layers / Keras).
    "layers.fully_connected": f"{_L}:fully_connected",  # activation_fn=relu default; vars fully_connected/weights|biases
    "layers.linear": f"{_L}:linear",  # contrib: fully_connected(activation_fn=None)
    "layers.conv2d": f"{_L}:conv2d",  # SAME padding, relu, vars Conv/weights|biases
    "layers.convolution2d": f"{_L}:conv2d",  # contrib alias of conv2d
    "layers.conv2d_transpose": f"{_L}:conv2d_transpose",  # SAME, relu, vars Conv2d_transpose/weights|biases
    "layers.convolution2d_transpose": f"{_L}:conv2d_transpose",  # contrib alias
    "layers.max_pool2d": f"{_L}:max_pool2d",  # stride 2, VALID: == tf.nn.max_pool2d
    "layers.avg_pool2d": f"{_L}:avg_pool2d",  # stride 2, VALID: == tf.nn.avg_pool2d
    "layers.flatten": f"{_L}:flatten",  # reshape to [batch, -1]
    "layers.dropout": f"{_L}:dropout",  # keep_prob -> rate = 1 - keep_prob; identity when not training
    "layers.batch_norm": f"{_L}:batch_norm",  # tf1.layers.BatchNormalization(momentum=decay, scale=False) in scope BatchNorm, as contrib did
    "layers.layer_norm": f"{_L}:layer_norm",  # moments + nn.batch_normalization, epsilon 1e-12 (Keras: 1e-3)
    "layers.embed_sequence": f"{_L}:embed_sequence",  # model variable EmbedSequence/embeddings + embedding_lookup
    "layers.optimize_loss": f"{_O}:optimize_loss",  # contrib source: OptimizeLoss/learning_rate var, UPDATE_OPS, global-norm clipping
    "layers.repeat": f"{_L}:repeat",
    "layers.stack": f"{_L}:stack",
    "layers.xavier_initializer": f"{_L}:xavier_initializer",  # variance scaling factor 1, FAN_AVG, uniform
    "layers.xavier_initializer_conv2d": f"{_L}:xavier_initializer",  # contrib alias
    "layers.variance_scaling_initializer": f"{_L}:variance_scaling_initializer",  # contrib's 1.3 truncation factor kept
    "layers.l1_regularizer": f"{_L}:l1_regularizer",  # scale * sum(|w|)
    "layers.l2_regularizer": f"{_L}:l2_regularizer",  # scale * sum(w**2) / 2, i.e. scale * tf.nn.l2_loss
    "layers.l1_l2_regularizer": f"{_L}:l1_l2_regularizer",
    "layers.sum_regularizer": f"{_L}:sum_regularizer",
    "layers.apply_regularization": f"{_L}:apply_regularization",
    # -- contrib.layers summaries (see contrib_summaries): histogram, or scalar for rank 0
    "layers.summarize_tensor": "migrate.runtime.contrib_summaries:summarize_tensor",
    "layers.summarize_tensors": "migrate.runtime.contrib_summaries:summarize_tensors",
    "layers.summarize_activation": "migrate.runtime.contrib_summaries:summarize_activation",
    "layers.summarize_activations": "migrate.runtime.contrib_summaries:summarize_activations",
    "layers.summarize_collection": "migrate.runtime.contrib_summaries:summarize_collection",
    "layers.summarize_variables": "migrate.runtime.contrib_summaries:summarize_variables",
    "layers.summarize_weights": "migrate.runtime.contrib_summaries:summarize_weights",
    "layers.summarize_biases": "migrate.runtime.contrib_summaries:summarize_biases",
    # -- contrib.framework
    "framework.arg_scope": f"{_L}:arg_scope",  # same stacking/override rules as contrib
    "framework.add_arg_scope": f"{_L}:add_arg_scope",
    "framework.has_arg_scope": f"{_L}:has_arg_scope",
    "framework.arg_scoped_arguments": f"{_L}:arg_scoped_arguments",
    "framework.current_arg_scope": f"{_L}:current_arg_scope",
    "framework.get_variables": f"{_L}:get_variables",  # scope regex + ':'-terminated suffix, as contrib
    "framework.get_model_variables": f"{_L}:get_model_variables",  # MODEL_VARIABLES collection
    "framework.assign_from_checkpoint_fn": f"{_L}:assign_from_checkpoint_fn",  # Saver(var_list).restore; ignore_missing_vars via NewCheckpointReader
    "framework.get_variables_to_restore": f"{_L}:get_variables_to_restore",
    "framework.get_or_create_global_step": f"{_V1}:train.get_or_create_global_step",  # moved to tf.train in 1.x
    "framework.get_global_step": f"{_V1}:train.get_global_step",
    # -- contrib.losses / slim.losses: tf.losses with contrib's (logits, labels) argument order.
    "losses.softmax_cross_entropy": "migrate.runtime.contrib_losses:softmax_cross_entropy",
    "losses.sparse_softmax_cross_entropy": "migrate.runtime.contrib_losses:sparse_softmax_cross_entropy",
    "losses.sigmoid_cross_entropy": "migrate.runtime.contrib_losses:sigmoid_cross_entropy",
    "losses.mean_squared_error": "migrate.runtime.contrib_losses:mean_squared_error",
    # these three kept their signatures when contrib.losses was folded into tf.losses
    "losses.get_total_loss": f"{_V1}:losses.get_total_loss",
    "losses.get_regularization_losses": f"{_V1}:losses.get_regularization_losses",
    "losses.add_loss": f"{_V1}:losses.add_loss",
    # -- contrib.rnn: TF 1.x contrib.rnn re-exported the core rnn_cell classes; these are the same objects.
    "rnn.RNNCell": f"{_V1}:nn.rnn_cell.RNNCell",
    "rnn.BasicRNNCell": f"{_V1}:nn.rnn_cell.BasicRNNCell",
    "rnn.BasicLSTMCell": f"{_V1}:nn.rnn_cell.BasicLSTMCell",  # forget_bias=1.0, vars rnn/basic_lstm_cell/kernel
    "rnn.LSTMCell": f"{_V1}:nn.rnn_cell.LSTMCell",
    "rnn.GRUCell": f"{_V1}:nn.rnn_cell.GRUCell",
    "rnn.MultiRNNCell": f"{_V1}:nn.rnn_cell.MultiRNNCell",
    "rnn.DropoutWrapper": f"{_V1}:nn.rnn_cell.DropoutWrapper",  # input/output/state_keep_prob: keep probabilities, as in TF1
    "rnn.ResidualWrapper": f"{_V1}:nn.rnn_cell.ResidualWrapper",
    "rnn.DeviceWrapper": f"{_V1}:nn.rnn_cell.DeviceWrapper",
    "rnn.LSTMStateTuple": f"{_V1}:nn.rnn_cell.LSTMStateTuple",
    "rnn.static_rnn": f"{_V1}:nn.static_rnn",
    "rnn.static_bidirectional_rnn": f"{_V1}:nn.static_bidirectional_rnn",
    "rnn.static_state_saving_rnn": f"{_V1}:nn.static_state_saving_rnn",
    # -- contrib.opt
    "opt.LazyAdamOptimizer": f"{_T}:LazyAdamOptimizer",  # v1 Adam + contrib's sparse path (only rows present move)
    "opt.AdamWOptimizer": f"{_T}:AdamWOptimizer",  # decoupled decay var -= wd * var before Adam, as contrib
    "opt.MomentumWOptimizer": f"{_T}:MomentumWOptimizer",
    "opt.extend_with_decoupled_weight_decay": f"{_T}:extend_with_decoupled_weight_decay",
    # -- contrib.metrics: tf.metrics with contrib's (predictions, labels) order (see contrib_metrics)
    "metrics.accuracy": f"{_M}:accuracy",
    "metrics.streaming_accuracy": f"{_M}:streaming_accuracy",
    "metrics.streaming_mean": f"{_M}:streaming_mean",
    "metrics.streaming_precision": f"{_M}:streaming_precision",
    "metrics.streaming_recall": f"{_M}:streaming_recall",
    "metrics.streaming_auc": f"{_M}:streaming_auc",
    "metrics.streaming_mean_squared_error": f"{_M}:streaming_mean_squared_error",
    "metrics.streaming_mean_absolute_error": f"{_M}:streaming_mean_absolute_error",
    "metrics.aggregate_metrics": f"{_M}:aggregate_metrics",
    "metrics.aggregate_metric_map": f"{_M}:aggregate_metric_map",
    # -- contrib.data (TF 1.4+): contrib re-exported tf.data; map(num_threads=) of TF 1.2/1.3 raises TypeError
    "data.Dataset": f"{_V1}:data.Dataset",
    "data.TextLineDataset": f"{_V1}:data.TextLineDataset",
    "data.TFRecordDataset": f"{_V1}:data.TFRecordDataset",
    "data.FixedLengthRecordDataset": f"{_V1}:data.FixedLengthRecordDataset",
    "data.Iterator": f"{_V1}:data.Iterator",
    "data.shuffle_and_repeat": f"{_V1}:data.experimental.shuffle_and_repeat",
    "data.map_and_batch": f"{_V1}:data.experimental.map_and_batch",
    "data.unbatch": f"{_V1}:data.experimental.unbatch",
    "data.parallel_interleave": f"{_V1}:data.experimental.parallel_interleave",
    "data.batch_and_drop_remainder": "migrate.runtime.contrib_data:batch_and_drop_remainder",
    "data.padded_batch_and_drop_remainder": "migrate.runtime.contrib_data:padded_batch_and_drop_remainder",
    # -- contrib.seq2seq / legacy_seq2seq
    "seq2seq.sequence_loss": f"{_T}:sequence_loss",  # TF 1.15 semantics (div_no_nan)
    "legacy_seq2seq.sequence_loss": f"{_T}:legacy_sequence_loss",
    "legacy_seq2seq.sequence_loss_by_example": f"{_T}:sequence_loss_by_example",
    "legacy_seq2seq.rnn_decoder": f"{_T}:rnn_decoder",
    # -- contrib.learn.datasets.mnist: the tutorial reader, on migrate.datasets (never downloads)
    "learn.datasets.mnist.read_data_sets": f"{_MNIST}:read_data_sets",
    "learn.datasets.mnist.DataSet": f"{_MNIST}:DataSet",
    "learn.python.learn.datasets.mnist.read_data_sets": f"{_MNIST}:read_data_sets",  # same module, long path
    "learn.python.learn.datasets.mnist.DataSet": f"{_MNIST}:DataSet",
    # -- contrib.training: HParams (pure Python, ported; see contrib_hparams) and create_train_op
    "training.HParams": "migrate.runtime.contrib_hparams:HParams",
    "training.create_train_op": f"{_O}:create_train_op",  # returns the loss, updates as dependencies
    # -- slim.learning: only create_train_op (per-gradient clip_gradient_norm, check_numerics)
    "slim.learning.create_train_op": f"{_O}:slim_create_train_op",
    # -- contrib.learn.preprocessing: pure-Python text vocabulary (ported; see contrib_text)
    "learn.preprocessing.VocabularyProcessor": "migrate.runtime.contrib_text:VocabularyProcessor",
    "learn.preprocessing.CategoricalVocabulary": "migrate.runtime.contrib_text:CategoricalVocabulary",
    "learn.preprocessing.tokenizer": "migrate.runtime.contrib_text:tokenizer",
    # -- contrib.tensorboard.plugins.projector: moved into the tensorboard package; same proto, and
    #    visualize_embeddings still accepts a FileWriter (it calls get_logdir()).
    "tensorboard.plugins.projector.ProjectorConfig": "tensorboard.plugins.projector:ProjectorConfig",
    "tensorboard.plugins.projector.EmbeddingInfo": "tensorboard.plugins.projector:EmbeddingInfo",
    "tensorboard.plugins.projector.visualize_embeddings": "tensorboard.plugins.projector:visualize_embeddings",
    # -- contrib.util
    "util.make_tensor_proto": f"{_V1}:make_tensor_proto",
    "util.make_ndarray": f"{_V1}:make_ndarray",
}

# TF-Slim exported contrib.layers and contrib.framework at its top level.
ALIASES = {
    "slim": ("layers", "framework"),
    "slim.losses": ("losses",),
}

UNSUPPORTED = {
    "factorization": "no TF2 equivalent (KMeans, WALS, GMM were dropped); use sklearn.cluster.KMeans",
    "tensor_forest": "no TF2 equivalent; use sklearn.ensemble or TensorFlow Decision Forests",
    "boosted_trees": "no TF2 equivalent in TF 2.15 (tf.estimator.BoostedTrees was removed); use TensorFlow Decision Forests",
    "eager": "eager execution is the TF2 default; port the script to TF2 instead of running it on the v1 runtime",
    "learn.preprocessing": "only VocabularyProcessor, CategoricalVocabulary and tokenizer are ported",
    "learn.ModeKeys": "use tf.estimator.ModeKeys (contrib's INFER is PREDICT there)",
    "learn.RunConfig": "use tf.estimator.RunConfig (different arguments)",
    "learn.datasets.base": "maybe_download and friends download; the runtime never downloads",
    "learn": "contrib.learn (Estimators of TF 1.0) was removed; only datasets.mnist and preprocessing are provided",
    "tensorboard": "only plugins.projector is provided (from the tensorboard package)",
    "training": "contrib.training (queues, bucketing, SequenceQueueingStateSaver) was removed; only HParams and create_train_op are provided",
    "slim.learning": "slim.learning.train drives queue runners and Supervisor; write the training loop (create_train_op is provided)",
    "slim.nets": "the slim model zoo is not bundled",
    "legacy_seq2seq.embedding_attention_seq2seq": "not ported (a whole attention model builder); rebuild it with tf.keras layers",
    "legacy_seq2seq.model_with_buckets": "not ported (bucketing over a list of graphs); pad batches or use tf.data bucketing",
    "rnn.LayerNormBasicLSTMCell": "not in TF2 core; tfa.rnn.LayerNormLSTMCell is a Keras cell with other variables",
}
