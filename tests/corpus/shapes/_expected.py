"""What the migration of each `tests/corpus/shapes` program must look like once the core handles it.

Source: written with the programs (issue 11, "Proof": before/after expectations on the
conversion's structure); `has` lists constructs the `--target tf2.15` output must contain,
`gone` TF1 names that must not survive (on top of `GONE`, which applies to every program).
Both are regular expressions matched against the output's code with docstrings removed and
comments dropped (`ast.unparse`), all files of a multi-file program together.

`xfail` records the current state honestly: the capability the core still lacks, as measured
by `tools/corpus.py` / `tf-migrate rewrite --out-dir` at the commit named in tests/corpus/README.md.
The tests use `strict=True`, so an entry whose program starts converting fails loudly until its
`xfail` is removed here.
"""

from typing import NamedTuple

# TF1-only names that idiomatic TF2 output never contains.
GONE = (
    r"\bcompat\.v1\b", r"\bplaceholder(_with_default)?\(", r"\bSession\(", r"\bInteractiveSession\b",
    r"\bfeed_dict=", r"\bglobal_variables_initializer\b", r"\binitialize_all_variables\b",
    r"\bget_variable\(", r"\bvariable_scope\(", r"\bcontrib\b", r"\binput_data\b",
    r"\benable_eager_execution\b", r"\breset_default_graph\b", r"\bmake_(one_shot|initializable)_iterator\b",
    r"\bget_default_graph\b", r"\btf\.app\b", r"\btf\.logging\b", r"\btf\.train\.Saver\b",
    r"\btf\.summary\.FileWriter\b", r"\btf\.layers\b", r"\btf\.train\.\w+Optimizer\b", r"\btfe\b",
)

CLASS = r"class \w+\((tf\.Module|tf\.keras\.Model|tf\.keras\.layers\.Layer)\)"
STEP = r"tf\.GradientTape\(\)|\.fit\("  # a training step exists (custom or Keras fit)
FUNCTION = r"@tf\.function"
DENSE = r"tf\.keras\.layers\.Dense\("
CHECKPOINT = r"tf\.train\.Checkpoint\("


class Expect(NamedTuple):
    has: tuple = ()
    gone: tuple = ()
    xfail: str | None = None  # the missing capability, while the core lacks it


# Why an entry does not convert yet (the capability the core lacks; measured at the commit in the README).
CLASS_MODELS = "class-based models: a graph built across methods is not turned into a tf.Module/Keras class (TFM301)"
PACKAGE = "multi-file programs: the package is kept in graph mode as a unit, not converted together (TFM301)"
SESSION_USE = "a session used other than to run fetches (helpers, saver, sess.graph, two sessions): TFM301"
IDIOMATIC_BUT = "yet the report calls the file idiomatic"
R = {
    "trainer": PACKAGE + "; the session is handed to Trainer",
    "tower": PACKAGE + "; an evaluation tower built on tf.constant test data is refused",
    "contrib_reg": PACKAGE + "; regularization losses of contrib layers built in another file are refused",
    "lookup": "a layer kernel looked up with get_default_graph().get_tensor_by_name is kept (TFM900)",
    "static_dim": "a variable sized from a graph tensor's static shape (dim) is refused (TFM301)",
    "run_vars": "a helper that receives the session and runs the variables handed to it is refused (TFM301)",
    "helper_twice": "a layer-building helper called twice (dense_bn_relu) is refused (TFM301)",
    "xavier": "contrib xavier on get_variable becomes tf.compat.v1.glorot_uniform_initializer (not idiomatic, no open finding)",
}
MNIST_LOAD = r"tf\.keras\.datasets\.mnist\.load_data\("
X = Expect

EXPECTED = {
    # class-based models
    "class_model_placeholders": X((CLASS, STEP)),
    "class_model_sess_name": X((CLASS, STEP, r"def train\(", r"def predict\(", r"def get_accuracy\("), (r"self\.sess\b",)),
    "class_ensemble_two_models": X((CLASS, STEP, r"def predict\("), (r"self\.sess\b",)),
    "class_model_lazy_properties": X((CLASS, STEP), (r"@property", r"_prediction\b", r"tf\.placeholder")),
    "scope_helper_dimension_value": X((STEP, CHECKPOINT, r"create_file_writer"),
                                     (r"\.value\b",)),
    "class_model_define_scope": X((CLASS, STEP), (r"define_scope", r"doublewrap", r"variable_scope")),
    "class_model_config_evaluate": X((CLASS, STEP, r"def evaluate\(x_, y_\)"), (r"\bsess\b", r"None\.")),
    "class_model_fit_score": X((CLASS, STEP, r"def fit\(", r"def score\(")),
    # multi-file packages (main.py + siblings)
    "pkg_ops_get_variable": X((r"class FcLayer\(tf\.Module\)", r"ops\.FcLayer\(128\)", STEP)),
    "pkg_model_trainer": X((CLASS, STEP, r"class Trainer", CHECKPOINT), xfail=R["trainer"]),
    "pkg_cnn_ops_reuse": X((r"def conv2d\(", r"def linear\(", STEP), xfail=R["tower"]),
    "pkg_flags_main": X((r"class Inference\(tf\.Module\)", STEP, r"absl"), (r"def training\(", r"def do_eval\(sess")),
    "main_guard_session_helpers": X((STEP, r"def train\(\):", r"def test\(\):"), (r"\bsess\b",)),
    "module_placeholders_train_function": X((STEP, r"def train_neural_network\(\):", r"class NeuralNetworkModel\(tf\.Module\)")),
    "pkg_fully_connected_feed": X((r"class Inference\(tf\.Module\)", STEP, CHECKPOINT, r"create_file_writer",
                                   r"def fill_feed_dict\(data_set\)", r"def do_eval\(data_set\)"),
                                  (r"def training\(", r"sess\b")),
    "pkg_contrib_network": X((DENSE, r"tf\.keras\.layers\.Flatten\(", r"GlorotUniform|glorot_uniform", STEP),
                             xfail=R["contrib_reg"]),
    # expression fetches
    "fetch_accuracy_times_100": X((FUNCTION, STEP)),
    "fetch_argmax_created_in_run": X((FUNCTION, STEP)),
    "fetch_shape_and_round": X((STEP, r"tf\.round\(tf\.sigmoid\(")),
    "eval_times_100_interactive": X((FUNCTION, STEP), (r"\.eval\(", r"\.run\(")),
    "fetch_list_of_expressions": X((DENSE, STEP, r"tf\.nn\.softmax\("), (r"get_tensor_by_name",), xfail=R["lookup"]),
    # graph tensors used outside runs
    "tensor_printed_and_inspected": X((STEP,), xfail=R["static_dim"]),
    "tensor_passed_to_helpers": X((DENSE, STEP, r"def build_metrics\(", r"def report_weights\("), xfail=R["run_vars"]),
    "graph_built_after_session": X((STEP, r"tf\.nn\.top_k\(")),
    "tensor_values_to_numpy": X((STEP, r"def predict_cls\(")),
    # sessions passed around
    "session_helpers_train_eval": X((DENSE, STEP, r"def evaluate\(", r"def train_epoch\("), (r"\bsess\b",)),
    "saver_restore_helper_session": X((DENSE, STEP, CHECKPOINT, r"def load_and_evaluate\(")),
    "saver_import_meta_graph": X((STEP, CHECKPOINT), (r"import_meta_graph", r"get_tensor_by_name"), xfail=SESSION_USE),
    "session_graph_filewriter": X((STEP, r"tf\.summary\.create_file_writer\(", r"tf\.summary\.scalar\(")),
    "two_graphs_two_sessions": X((DENSE, STEP, r"def build_model\("), (r"tf\.Graph\(",), xfail=SESSION_USE),
    # tf.contrib in otherwise convertible code
    "contrib_conv_flatten_fc": X((r"tf\.keras\.layers\.Conv2D\(", r"tf\.keras\.layers\.MaxPool(ing)?2D\(",
                                  r"tf\.keras\.layers\.Flatten\(", DENSE, r"tf\.keras\.layers\.Dropout\(", STEP)),
    "contrib_batch_norm_inplace": X((r"tf\.keras\.layers\.BatchNormalization\(", DENSE, STEP, r"phase=True")),
    "contrib_rnn_lstm_rows": X((r"LSTMCell\(|tf\.keras\.layers\.LSTM\(", STEP)),
    "contrib_xavier_get_variable": X((r"GlorotUniform|glorot_uniform", STEP)),
    # the TF1 eager API
    "eager_enable_keras_model": X((CLASS, STEP, r"tf\.keras\.optimizers\.Adam\(")),
    "eager_tfe_implicit_gradients": X((STEP,), (r"implicit_gradients", r"Iterator\(")),
    "eager_tfe_alias_value_and_gradients": X((STEP, r"tf\.keras\.Sequential\("), (r"implicit_value_and_gradients",)),
    "eager_minimize_callable": X((CHECKPOINT, r"tf\.keras\.optimizers\.SGD\(")),
    # MNIST through input_data
    "mnist_input_data_softmax": X((MNIST_LOAD, STEP), (r"tutorials",)),
    "mnist_input_data_mlp_validation": X((MNIST_LOAD, STEP), (r"tutorials",)),
    "mnist_input_data_cnn_reshape": X((MNIST_LOAD, STEP), (r"tutorials",)),
    # reset_default_graph, iterators, flags, InteractiveSession
    "reset_graph_private_ops_coursera": X((STEP, r"def model\(", r"def forward_propagation\("),
                                          (r"(?m)^from tensorflow\.python\.framework import ops",)),
    "iterator_reinitializable_train_test": X((DENSE, STEP, r"tf\.data\.Dataset"),
                                             (r"from_structure", r"make_initializer", r"OutOfRangeError")),
    "app_flags_single_file": X((DENSE, STEP, r"absl")),
    "interactive_session_notebook": X((DENSE, STEP), (r"\.eval\(",)),
}
