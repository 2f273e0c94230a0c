"""What the graph-to-eager pass (``migrate.graph``, rule TFM300) does with each TF1 graph construct.

Provenance: the TF 2.15 "Migrate to TF2" sections of the ``tf.compat.v1``
docstrings (``help(tf.compat.v1.Session)``, ``placeholder``, ``train.Saver``,
``summary.FileWriter``, ``global_variables_initializer``) and the TF2 migration
guide's "TF1 vs TF2" pages. Symbols are relative to ``tensorflow`` with
``compat.v1.`` folded away, as the engine gives them.
"""

from __future__ import annotations

from migrate.data.mapping import Mapping

SESSIONS = frozenset({"Session", "InteractiveSession"})
PLACEHOLDERS = frozenset({"placeholder", "placeholder_with_default"})
INITIALIZERS = frozenset({
    "global_variables_initializer", "initialize_all_variables", "local_variables_initializer",
    "initialize_local_variables", "variables_initializer", "tables_initializer",
})
VARIABLES = frozenset({"Variable", "get_variable"})
# Ops whose result is a structure of tensors (a namedtuple, tuple or list): TF1's sess.run returned the same
# structure of numpy arrays (TopKV2(values=array, indices=array) on TF 1.15.5), so an eager result is converted
# per field (tf.nest.map_structure), not with one .numpy().
STRUCTURED = frozenset({
    "nn.top_k", "math.top_k", "unique", "unique_with_counts", "nn.moments", "nn.weighted_moments",
    "nn.sufficient_statistics", "nn.normalize_moments", "linalg.svd", "svd", "linalg.eigh", "self_adjoint_eig",
    "linalg.qr", "qr", "meshgrid", "split", "unstack", "nn.fused_batch_norm",
})
# Expression statements that only reset or seed graph-global state: gone in eager TF2.
DROPPED_CALLS = frozenset({"reset_default_graph"})
# ``with`` blocks that only scope names or placement: their bodies are kept, the block goes.
TRANSPARENT_WITH = frozenset({"name_scope", "variable_scope", "device"})
SAVERS = frozenset({"train.Saver"})
WRITERS = frozenset({"summary.FileWriter"})
SUMMARY_OPS = frozenset({"summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text"})
SUMMARY_MERGES = frozenset({"summary.merge_all", "summary.merge"})
CONFIGS = frozenset({"ConfigProto"})
GLOBAL_STEPS = frozenset({"train.get_or_create_global_step", "train.get_global_step", "train.create_global_step"})
TRAINABLE = frozenset({"trainable_variables"})
GLOBAL_VARIABLES = frozenset({"global_variables", "all_variables"})
# Look-ups of the checkpoint state file a Saver.save wrote (Checkpoint.save writes it too, Checkpoint.write does not).
CHECKPOINT_LOOKUPS = frozenset({"train.latest_checkpoint", "train.get_checkpoint_state"})
# Graph-only symbols that may not remain in a converted block: the output would not run eagerly.
FATAL = SESSIONS | PLACEHOLDERS | INITIALIZERS | frozenset({"get_default_session", "get_variable"})

MAPPINGS = (
    Mapping("Session", "(removed) call tf.functions directly", notes=(
        "A session ran pieces of a graph; TF2 runs eagerly. Each sess.run(fetches, feed_dict) becomes a call of a "
        "@tf.function whose arguments are the fed placeholders and whose body is the code the fetches depend on."),
        before="with tf.Session() as sess:\n    c = sess.run(cost, {x: bx})",
        after="@tf.function\ndef compute_cost(x):\n    ...\n    return cost\n\nc = compute_cost(bx).numpy()",
        family="graph"),
    Mapping("InteractiveSession", "(removed) tensor.eval()/op.run() become function calls",
            notes="The default session is gone; .eval(feed_dict) and .run(feed_dict) are calls like sess.run.",
            family="graph"),
    Mapping("placeholder", "an argument of a tf.function, with a tf.TensorSpec of the same dtype and shape",
            notes="input_signature keeps the placeholder's dtype and shape, so fed numpy arrays are cast as before "
                  "and a new batch size does not retrace.",
            before="x = tf.placeholder(tf.float32, [None, 784])",
            after="@tf.function(input_signature=[tf.TensorSpec([None, 784], tf.float32)])\ndef f(x): ...",
            family="graph"),
    Mapping("placeholder_with_default", "an argument; call sites that did not feed it pass the default",
            family="graph"),
    Mapping("global_variables_initializer", "(removed) variables are initialized when created",
            notes="sess.run(init) statements are dropped.", family="graph"),
    Mapping("get_variable", "tf.Variable(initializer(shape), name=...)",
            notes="The v1 default initializer for floats is glorot_uniform; the conversion writes it explicitly.",
            before='w = tf.get_variable("w", [784, 10])',
            after='w = tf.Variable(tf.keras.initializers.GlorotUniform()([784, 10]), name="w")', family="graph"),
    Mapping("train.Optimizer.minimize", "tf.GradientTape + optimizer.apply_gradients inside the train step",
            notes="The loss is computed under the tape; the fetched values are those of the same forward pass, "
                  "before the update, exactly like sess.run([train_op, loss]). var_list defaults to the trainable "
                  "variables the loss read (tape.watched_variables()); global_step is incremented after the update.",
            family="graph"),
    Mapping("reset_default_graph", "(removed) there is no default graph to reset in eager TF2", family="graph"),
    Mapping("ConfigProto", "tf.config calls", notes=(
        "device_count={'GPU': 0} -> tf.config.set_visible_devices([], 'GPU'); gpu_options.allow_growth -> "
        "tf.config.experimental.set_memory_growth; per_process_gpu_memory_fraction has no exact TF2 form "
        "(a logical device with memory_limit in MB): reported. A tf.GPUOptions held in a name that only "
        "ConfigProto(gpu_options=...) reads is converted where it is built."), family="graph"),
    Mapping("train.Saver", "tf.train.Checkpoint of the variables, layers and optimizers", notes=(
        "Saver() and Saver(tf.global_variables()) save every variable: the Checkpoint tracks every variable, "
        "Keras layer and optimizer of the block. Saver([w, b]) / Saver({'name': w}) save exactly those "
        "(keys: the variable names / the dict keys). save(sess, path) -> write(path) (exact path), or save(path) "
        "when the program looks checkpoints up (latest_checkpoint, get_checkpoint_state); "
        "checkpoint_exists(prefix) -> tf.io.gfile.exists(prefix + '.index')."),
        before="saver = tf.train.Saver([w, b])\nsaver.save(sess, path)",
        after="saver = tf.train.Checkpoint(w=w, b=b)\nsaver.write(path)", family="graph"),
    Mapping("variable_scope", "(removed) a tf.Module per model-building function; sharing = reusing the instance",
            notes=(
                "with tf.variable_scope(...) blocks that only name things go, their bodies stay. A function that "
                "creates variables (get_variable, tf.layers) becomes a tf.Module: variables in __init__, computation "
                "in __call__, one instance per call site; a later call under variable_scope(<the same literal "
                "name>, reuse=True) shares the first call's instance, as TF1 shared the variables. Refused (TFM301, "
                "the file stays in graph mode) for reuse=tf.AUTO_REUSE, a computed scope name, or calls in loops "
                "or conditionals. Variable names lose the scope prefix (no TF1 checkpoint by name)."),
            before='with tf.variable_scope("model"):\n    out = tower(x)\n'
                   'with tf.variable_scope("model", reuse=True):\n    eval_out = tower(x)',
            after="tower_model = Tower()  # class Tower(tf.Module): variables in __init__\n"
                  "out = tower_model(x)\neval_out = tower_model(x)", family="graph"),
    Mapping("train.Saver.restore", "checkpoint.restore(path) on the tf.train.Checkpoint the Saver became",
            notes=(
                "saver.restore(sess, path) -> checkpoint.restore(path): it matches the tracked objects, not "
                "variable names, so it reads checkpoints written by the converted program, not TF1 checkpoints "
                "(their keys are variable names; tf.train.load_checkpoint reads those). The restore is "
                "deferred for variables created later and does not report missing values unless asked "
                "(.assert_consumed())."),
            before="saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))",
            after="saver.restore(tf.train.latest_checkpoint(ckpt_dir))", family="graph"),
    Mapping("train.CheckpointManager", "tf.train.CheckpointManager", notes=(
        "the same class in TF 1.15 and TF2. It is what keeps the last max_to_keep checkpoints: "
        "Saver(max_to_keep=n) becomes a Checkpoint, whose save() keeps every file, and the conversion says so "
        "(a finding); wrap the Checkpoint in CheckpointManager(checkpoint, directory, max_to_keep=n) and call "
        "manager.save() to prune as TF1 did. keep_checkpoint_every_n_hours has the same name there."),
        before="saver = tf.train.Saver(max_to_keep=3)\nsaver.save(sess, ckpt_dir + '/model.ckpt', global_step=step)",
        after="checkpoint = tf.train.Checkpoint(w=w, b=b)\n"
              "manager = tf.train.CheckpointManager(checkpoint, ckpt_dir, max_to_keep=3)\nmanager.save()",
        family="graph"),
    Mapping("Graph", "(removed) graph = tf.Graph(), with graph.as_default() and Session(graph=graph) go",
            notes="Refused when other code reads the graph.", family="graph"),
    Mapping("losses.log_loss", "its v1 formula with tf.math ops (inside converted graph code)", notes=(
        "-y*log(p+eps) - (1-y)*log(1-p+eps), averaged: exactly v1 with weights 1.0. Keras BinaryCrossentropy "
        "clips p to [eps, 1-eps] instead of adding eps, so it is not used."), family="graph"),
)
