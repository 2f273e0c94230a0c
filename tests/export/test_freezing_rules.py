"""Frozen-graph and TFLite rules beyond their embedded examples: refusals with their reasons, leave-alone, idempotence.

Refusals are checked with the one rule selected (the graph pass would otherwise go on with the
block); the conversions with every rule, as ``tf-migrate rewrite`` runs them.
"""

from __future__ import annotations

import pytest

from migrate.engine.context import Options
from migrate.engine.rule import select_rules
from migrate.engine.source import default_rules, migrate_python

LOADED = ("import tensorflow as tf\n\ndef load_graph(path):\n    graph = tf.Graph()\n    graph_def = tf.GraphDef()\n"
          "    with open(path, 'rb') as f:\n        graph_def.ParseFromString(f.read())\n"
          "    with graph.as_default():\n        tf.import_graph_def(graph_def)\n    return graph\n\n"
          "graph = load_graph('g.pb')\n")


def migrate(source: str, *codes: str, target: str = "tf2.15"):
    rules = [cls() for cls in select_rules(list(codes))] if codes else default_rules()
    out, findings = migrate_python(source.encode(), "f.py", rules, Options(target=target))
    return out.decode(), findings


def assert_refused(source: str, code: str, reason: str) -> None:
    """Rule ``code`` alone leaves ``source`` as it is, with one unfixed finding giving ``reason``."""
    out, findings = migrate(source, code)
    assert out == source
    (finding,) = [f for f in findings if f.code == code]
    assert reason in finding.message and not finding.fixed


def assert_left_alone(source: str, code: str) -> None:
    out, findings = migrate(source, code)
    assert out == source and not [f for f in findings if f.code == code and f.fixed]


@pytest.mark.parametrize(("block", "reason"), [
    ("with tf.Session(graph=graph, config=cfg) as sess:\n    y = sess.run('import/y:0')\n", "passes config"),
    ("with tf.Session(graph=graph) as sess:\n    y = sess.run(tf.identity(graph.get_tensor_by_name('import/y:0')))\n",
     "creates TensorFlow ops"),
    ("with tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0', feed_dict=feeds)\n", "not a dict literal"),
    ("with tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0', {**feeds})\n", "not a dict literal"),
    ("with tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0', options=opts)\n", "other than fetches"),
    ("with tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0')\n    keep(sess)\n", "used other than"),
    ("with tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0')\nz = sess.run('import/z:0')\n",
     "used after the block"),
    ("with tf.Session(graph=graph):\n    y = 1\n", "not bound to a name"),
])
def test_session_over_an_imported_graph_refused_with_the_reason(block, reason):
    assert_refused(LOADED + block, "TFM290", reason)


@pytest.mark.parametrize("source", [
    # a graph that is not (only) an imported GraphDef
    "import tensorflow as tf\ngraph = tf.Graph()\nwith tf.Session(graph=graph) as sess:\n    y = sess.run('y:0')\n",
    "import tensorflow as tf\nwith tf.Graph().as_default() as g:\n    tf.import_graph_def(gd)\n    x = tf.constant(1)\n"
    "with tf.Session(graph=g) as sess:\n    y = sess.run('import/y:0')\n",
    # the name is bound to something else too
    LOADED + "graph = other\nwith tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0')\n",
    LOADED + "def f(graph):\n    with tf.Session(graph=graph) as sess:\n        return sess.run('import/y:0')\n",
    # no graph argument: the default graph
    LOADED + "with tf.Session() as sess:\n    y = sess.run('import/y:0')\n",
    # a local tf that is not TensorFlow
    "import tf\nwith tf.Graph().as_default() as g:\n    tf.import_graph_def(gd)\n"
    "with tf.Session(graph=g) as sess:\n    y = sess.run('import/y:0')\n",
], ids=["plain-graph", "graph-with-more-ops", "rebound", "parameter", "default-graph", "not-tensorflow"])
def test_sessions_left_alone(source):
    assert_left_alone(source, "TFM290")


def test_label_image_shape_converts_with_every_rule_and_a_second_run_changes_nothing():
    source = LOADED + ("inp = graph.get_operation_by_name('import/input')\nout = graph.get_operation_by_name('import/y')\n"
                       "with tf.Session(graph=graph) as sess:\n    start = 1\n"
                       "    results = sess.run(out.outputs[0], {inp.outputs[0]: t})\n    end = 2\n")
    for target in ("tf2.15", "latest"):
        out, findings = migrate(source, target=target)
        assert "tf.Session" not in out and "sess" not in out and "disable_eager_execution" not in out
        assert "\nresults = frozen_graph_function(graph, [inp.outputs[0]], out.outputs[0])(t)" in out
        assert "tf.compat.v1.GraphDef()" in out and out.count("def frozen_graph_function") == 1
        assert {"TFM290", "TFM291"} <= {f.code for f in findings if f.fixed}
        assert migrate(out, target=target)[0] == out


def test_a_taken_helper_name_leaves_the_session():
    source = LOADED + ("def frozen_graph_function():\n    pass\n"
                       "with tf.Session(graph=graph) as sess:\n    y = sess.run('import/y:0')\n")
    assert migrate(source, "TFM290")[0] == source


@pytest.mark.parametrize(("setting", "converted"), [
    ("c.optimizations = [tf.lite.Optimize.DEFAULT]\n", True),
    ("c.allow_custom_ops = True\n", True),
    ("c.inference_type = tf.uint8\n", False),
    ("c.quantized_input_stats = {'input': (0.0, 1.0)}\n", False),
    ("c.post_training_quantize = True\n", False),
])
def test_from_frozen_graph_keeps_the_v1_converter_for_v1_settings(setting, converted):
    source = ("import tensorflow as tf\nc = tf.lite.TocoConverter.from_frozen_graph('g.pb', ['input'], ['out'])\n"
              + setting + "blob = c.convert()\n")
    out, findings = migrate(source)
    assert ("from_concrete_functions([frozen_graph_concrete_function('g.pb', ['input'], ['out'])])" in out) == converted
    assert ("tf.compat.v1.lite.TFLiteConverter.from_frozen_graph(" in out) != converted
    assert migrate(out)[0] == out


def test_from_frozen_graph_in_a_graph_mode_file_keeps_the_v1_converter():
    source = ("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
              "c = tf.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'])\n")
    out, findings = migrate(source)
    assert "tf.compat.v1.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'])" in out
    assert any("graph mode" in f.message for f in findings if f.code == "TFM292")


def test_tflite_names_already_tf2_are_left_alone():
    source = ("import tensorflow as tf\nc = tf.lite.TFLiteConverter.from_concrete_functions([f])\n"
              "i = tf.lite.Interpreter(model_content=c.convert())\n")
    assert migrate(source)[0] == source


SERVE = "import tensorflow as tf\n"


@pytest.mark.parametrize(("block", "reason"), [
    ("with tf.Session(config=cfg) as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n"
     "    y = sess.run('y:0')\n", "other than graph=tf.Graph()"),
    ("with tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d, import_scope='m')\n"
     "    y = sess.run('y:0')\n", "can't be read statically"),
    ("with tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n"
     "    y = sess.run(sess.graph.get_tensor_by_name('y:0'))\n", "used other than"),
    ("with tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n"
     "    y = sess.run(fetch_names)\n", "other than tensor-name literals"),
    ("with tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n"
     "    y = sess.run('y:0', {x: batch})\n", "keyed by tensor names"),
    ("with tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n"
     "    y = sess.run('y:0', {'x:0': tf.ones([1, 3])})\n", "creates TensorFlow ops"),
    ("with tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n    y = sess.run('y:0')\n"
     "z = sess.run('z:0')\n", "used other than"),
])
def test_saved_model_load_refused_with_the_reason(block, reason):
    assert_refused(SERVE + block, "TFM294", reason)


@pytest.mark.parametrize("source", [
    SERVE + "with tf.Session() as sess:\n    y = sess.run('y:0')\n",  # no load: the graph pass's
    SERVE + "with tf.Session() as sess:\n    saver.restore(sess, p)\n    tf.saved_model.loader.load(sess, ['serve'], d)\n",
    SERVE + "loaded_model = 1\nwith tf.Session() as sess:\n    tf.saved_model.loader.load(sess, ['serve'], d)\n"
            "    y = sess.run('y:0')\n",
], ids=["no-load", "load-not-first", "name-taken"])
def test_saved_model_sessions_left_alone(source):
    assert_left_alone(source, "TFM294")


def test_saved_model_load_converts_on_both_profiles_and_a_second_run_changes_nothing():
    source = SERVE + ("with tf.Session(graph=tf.Graph()) as sess:\n"
                      "    tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], d)\n"
                      "    y, z = sess.run(['y:0', 'z:0'], feed_dict={'x:0': a, 'k:0': 0.5})\n")
    for target in ("tf2.15", "latest"):
        out, findings = migrate(source, target=target)
        assert "loaded_model = tf.saved_model.load(d, tags=[tf.saved_model.SERVING])\n" in out
        assert "y, z = saved_model_function(loaded_model, ['x:0', 'k:0'], ['y:0', 'z:0'])(a, 0.5)\n" in out
        assert "sess" not in out and "disable_eager_execution" not in out
        assert migrate(out, target=target)[0] == out


DUMP = ("import tensorflow as tf\nwith tf.Graph().as_default() as graph:\n    tf.import_graph_def(gd, name='')\n"
        "with tf.Session():\n    w = tf.summary.FileWriter(d)\n    w.add_graph(graph)\n")


@pytest.mark.parametrize("source", [
    DUMP + "with tf.Session() as sess:\n    sess.run(op)\n",  # other session code: the file may stay in graph mode
    DUMP.replace("w.add_graph(graph)", "w.add_graph(tf.get_default_graph())"),
    DUMP.replace("tf.summary.FileWriter(d)", "tf.summary.FileWriter(d, graph)"),
    DUMP + "    x = 1\n",  # the idle session holds other code
    DUMP.replace("import tensorflow as tf\n", "import tensorflow as tf\ng = tf.get_default_graph()\n")
        .replace("add_graph(graph)", "add_graph(g)"),
], ids=["other-session", "default-graph", "graph-argument", "more-in-the-block", "bound-to-default-graph"])
def test_graph_dumps_left_alone(source):
    out, findings = migrate(source, "TFM295")
    assert out == source and not [f for f in findings if f.code == "TFM295"]


def test_graph_dump_converts_and_a_second_run_changes_nothing():
    out, _ = migrate(DUMP)
    assert out.endswith("w = tf.summary.create_file_writer(d)\nwith w.as_default():\n    tf.summary.graph(graph)\n")
    assert migrate(out)[0] == out
