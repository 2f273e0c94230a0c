"""Frozen graphs, GraphDef protocol buffers and TFLite conversion: the TF2 form of each TF1 piece.

Read by ``migrate.rules.freezing`` (TFM290, TFM291) and ``migrate.rules.tflite`` (TFM292-TFM294).
Sources: TensorFlow's own ``tf_upgrade_v2`` tables (``tensorflow/tools/compatibility/renames_v2.py``,
TF 2.15.1) for the protocol-buffer names, ``tensorflow/lite/python/lite.py`` (TF 1.15.5 and 2.15.1)
for the converters' attributes, and the TF2 migration guide ("Migrate TF1 frozen graphs" /
``tf.compat.v1.wrap_function``) for loading a GraphDef. Checked by hand against both versions
(``hasattr`` on tensorflow 1.15.5 and 2.15.1, 2026-12-02); edit here, not in the rules.
"""

from __future__ import annotations

# Names TF1 exported at the top level that TF2 exports only as tf.compat.v1.X -- the same object, valid in eager
# TF2 (the GraphDef protocol buffers of tensorflow.core.framework.*_pb2, and wrap_function, the TF2 way to run a
# GraphDef) -- so the rename is exact; tf_upgrade_v2 does the same.
PROTOS = {
    "wrap_function": "compat.v1.wrap_function",
    "GraphDef": "compat.v1.GraphDef",
    "NodeDef": "compat.v1.NodeDef",
    "AttrValue": "compat.v1.AttrValue",
    "MetaGraphDef": "compat.v1.MetaGraphDef",
    "GraphOptions": "compat.v1.GraphOptions",
}

# Session.run's parameters (TF 1.15 ``Session.run(fetches, feed_dict=None, options=None, run_metadata=None)``).
SESSION_RUN_PARAMS = ("fetches", "feed_dict", "options", "run_metadata")

# Where the TF1 program ran an imported GraphDef, the TF2 program calls this function (written into the file).
FROZEN_FUNCTION = "frozen_graph_function"
FROZEN_FUNCTION_SOURCE = '''\
# Written by tf-migrate (TFM290): GraphDefs have no TF2 loader; importing one in
# tf.compat.v1.wrap_function and pruning it to the named tensors is the TF2 way.
def frozen_graph_function(graph, inputs, outputs):
    """``graph`` as a function of the ``inputs`` tensors (or names) returning ``outputs`` as numpy, like Session.run."""
    graph_def = graph.as_graph_def()
    wrapped = {tf}.compat.v1.wrap_function(lambda: {tf}.graph_util.import_graph_def(graph_def, name=""), [])

    def element(tensor):
        return wrapped.graph.as_graph_element(getattr(tensor, "name", tensor))

    feeds = [element(tensor) for tensor in inputs]
    pruned = wrapped.prune(feeds, {tf}.nest.map_structure(element, outputs))

    def call(*values):
        results = pruned(*[{tf}.convert_to_tensor(v, t.dtype) for v, t in zip(values, feeds)])
        return {tf}.nest.map_structure(lambda t: t.numpy(), results)

    return call
'''

# TFLite: the v1 converter's constructors and what TF2 has for each (``tf.lite.TFLiteConverter`` in TF2
# has from_saved_model / from_keras_model / from_concrete_functions only).
# (``tf.contrib.lite.*`` is the contrib table's: migrate/data/contrib_map.py.)
V1_CONVERTERS = ("lite.TocoConverter", "lite.TFLiteConverter")
FROM_FROZEN_GRAPH_PARAMS = ("graph_def_file", "input_arrays", "output_arrays", "input_shapes")
FROM_SESSION_PARAMS = ("sess", "input_tensors", "output_tensors")
# Attributes both converters have with the same meaning (TFLiteConverterBase in TF 1.15 and 2.15).
SHARED_ATTRIBUTES = frozenset({
    "optimizations", "representative_dataset", "target_spec", "allow_custom_ops", "experimental_new_converter",
    "convert",
})
FROZEN_CONCRETE_FUNCTION = "frozen_graph_concrete_function"
FROZEN_CONCRETE_FUNCTION_SOURCE = '''\
# Written by tf-migrate (TFM292): GraphDefs have no TF2 loader; importing one in
# tf.compat.v1.wrap_function and pruning it to the named tensors gives the concrete function to convert.
def frozen_graph_concrete_function(graph_def_file, input_arrays, output_arrays):
    """The frozen GraphDef in ``graph_def_file`` as a concrete function from ``input_arrays`` to ``output_arrays``."""
    graph_def = {tf}.compat.v1.GraphDef()
    with {tf}.io.gfile.GFile(graph_def_file, "rb") as f:
        graph_def.ParseFromString(f.read())
    wrapped = {tf}.compat.v1.wrap_function(lambda: {tf}.graph_util.import_graph_def(graph_def, name=""), [])
    tensors = lambda names: [wrapped.graph.get_tensor_by_name(n if ":" in n else n + ":0") for n in names]
    return wrapped.prune(tensors(input_arrays), tensors(output_arrays))
'''
# Graph-mode-only TFLite entry points: no TF2 form at the call site; tf.compat.v1 in a graph-mode file.
SESSION_ONLY = {
    "lite.TocoConverter.from_session": "tf.lite.TFLiteConverter.from_concrete_functions([f.get_concrete_function()]) "
                                       "of the tf.function computing the outputs (or from_saved_model)",
    "lite.TFLiteConverter.from_session": "tf.lite.TFLiteConverter.from_concrete_functions([f.get_concrete_function()]) "
                                         "of the tf.function computing the outputs (or from_saved_model)",
    "lite.toco_convert": "tf.lite.TFLiteConverter.from_concrete_functions([f.get_concrete_function()]).convert()",
    "lite.TocoConverter.from_keras_model_file": "tf.lite.TFLiteConverter.from_keras_model("
                                                "tf.keras.models.load_model(path))",
    "lite.TFLiteConverter.from_keras_model_file": "tf.lite.TFLiteConverter.from_keras_model("
                                                  "tf.keras.models.load_model(path))",
}

# tf.saved_model.loader.load(sess, tags, export_dir, import_scope=None, **saver_kwargs) (TF 1.15 loader_impl.py).
LOADER_PARAMS = ("sess", "tags", "export_dir")
LOADED_NAME = "loaded_model"
SAVED_MODEL_FUNCTION = "saved_model_function"
SAVED_MODEL_FUNCTION_SOURCE = '''\
# Written by tf-migrate (TFM294): tf.saved_model.load reads a TF1 SavedModel as an object whose prune()
# gives a TF2 function between named tensors, which is what Session.run of those names computed.
def saved_model_function(loaded, inputs, outputs):
    """``loaded`` (tf.saved_model.load) pruned to the named tensors, returning numpy values like Session.run."""
    pruned = loaded.prune(list(inputs), outputs)

    def call(*values):
        results = pruned(*[{tf}.convert_to_tensor(v, t.dtype) for v, t in zip(values, pruned.inputs)])
        return {tf}.nest.map_structure(lambda t: t.numpy(), results)

    return call
'''
