"""TF1 distribution: ``tf.contrib.distribute`` strategies -> ``tf.distribute``, and what TF1 did by hand reported.

Signatures read off TF 1.15.5 (``.venv-tf1``: ``tensorflow/contrib/distribute/python/*.py``):
``MirroredStrategy(devices=None, num_gpus=None, num_gpus_per_worker=None, cross_device_ops=None,
auto_shard_dataset=False, cross_tower_ops=None)``, ``CollectiveAllReduceStrategy(num_gpus_per_worker=0,
communication=AUTO)``, ``ParameterServerStrategy(num_gpus_per_worker=0)``, ``OneDeviceStrategy(device)``,
``DistributeConfig(train_distribute=None, eval_distribute=None, remote_cluster=None)``.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls

MIRRORED = "contrib.distribute.MirroredStrategy"
COLLECTIVE = "contrib.distribute.CollectiveAllReduceStrategy"
PARAMETER_SERVER = "contrib.distribute.ParameterServerStrategy"
ONE_DEVICE = "contrib.distribute.OneDeviceStrategy"
STRATEGIES = {
    MIRRORED: ("distribute.MirroredStrategy", ("devices", "num_gpus", "num_gpus_per_worker", "cross_device_ops",
                                                "auto_shard_dataset", "cross_tower_ops")),
    COLLECTIVE: ("distribute.MultiWorkerMirroredStrategy", ("num_gpus_per_worker", "communication")),
    PARAMETER_SERVER: ("compat.v1.distribute.experimental.ParameterServerStrategy", ("num_gpus_per_worker",)),
    ONE_DEVICE: ("distribute.OneDeviceStrategy", ("device",)),
}


def _devices(count: cst.BaseExpression) -> cst.BaseExpression:
    """contrib's device list for ``num_gpus=count``: the first ``count`` GPUs, or the CPU for 0."""
    if isinstance(count, cst.Integer):
        n = int(count.value)
        names = [f"/gpu:{i}" for i in range(n)] or ["/cpu:0"]
        return cst.List([cst.Element(cst.SimpleString(repr(name))) for name in names])
    code = cst.Module([]).code_for_node(count)
    return cst.parse_expression(f'[f"/gpu:{{i}}" for i in range({code})] or ["/cpu:0"]')


class ContribStrategy(Rule):
    """``tf.contrib.distribute.MirroredStrategy(num_gpus=2)`` -> ``tf.distribute.MirroredStrategy(devices=['/gpu:0', '/gpu:1'])``.

    TF1 pattern: TF 1.13-1.15's contrib strategies, passed to Keras (``with
    strategy.scope()``) or to ``RunConfig(train_distribute=...)``. Replacement: the TF2
    class with the same devices: ``num_gpus``/``num_gpus_per_worker`` become contrib's
    device list (``/gpu:0`` ... or ``/cpu:0`` for 0; unset: every local GPU, as both
    do), ``cross_tower_ops`` is ``cross_device_ops``; ``CollectiveAllReduceStrategy`` is
    ``MultiWorkerMirroredStrategy`` (cluster from TF_CONFIG, as before; ``communication``
    -> ``communication_options``), which uses every visible GPU of a worker: a warning when
    ``num_gpus_per_worker`` is given; ``ParameterServerStrategy`` is the v1 class Estimator
    still takes (TF2's own needs a ClusterCoordinator). Refuses (reported, left) for
    ``auto_shard_dataset=True``, ``*args``/``**kwargs`` and arguments contrib did not have.
    """

    code = "TFM135"
    family = "devices"
    safety = Safety.REVIEW
    description = "tf.contrib.distribute strategies -> tf.distribute with the same devices"
    symbols = frozenset(STRATEGIES)
    examples = (
        Example("import tensorflow as tf\nstrategy = tf.contrib.distribute.MirroredStrategy(num_gpus=2)\n",
                "import tensorflow as tf\nstrategy = tf.distribute.MirroredStrategy(devices=['/gpu:0', '/gpu:1'])\n",
                "num_gpus: contrib's device list"),
        Example("import tensorflow as tf\ns = tf.contrib.distribute.MirroredStrategy(['/cpu:0', '/cpu:1'], "
                "cross_tower_ops=tf.contrib.distribute.AllReduceCrossDeviceOps())\n",
                "import tensorflow as tf\ns = tf.distribute.MirroredStrategy(['/cpu:0', '/cpu:1'], "
                "cross_device_ops=tf.contrib.distribute.AllReduceCrossDeviceOps())\n",
                "devices kept, cross_tower_ops renamed"),
        Example("import tensorflow as tf\ns = tf.contrib.distribute.MirroredStrategy(num_gpus_per_worker=n)\n",
                "import tensorflow as tf\ns = tf.distribute.MirroredStrategy(devices=[f\"/gpu:{i}\" for i in "
                "range(n)] or [\"/cpu:0\"])\n",
                "a computed count"),
        Example("import tensorflow as tf\n"
                "s = tf.contrib.distribute.CollectiveAllReduceStrategy(num_gpus_per_worker=2)\n",
                "import tensorflow as tf\ns = tf.distribute.MultiWorkerMirroredStrategy()\n",
                "collective all-reduce across the TF_CONFIG cluster (a warning: every visible GPU)"),
        Example("import tensorflow as tf\ns = tf.contrib.distribute.OneDeviceStrategy('/cpu:0')\n",
                "import tensorflow as tf\ns = tf.distribute.OneDeviceStrategy('/cpu:0')\n"),
        Example("import tensorflow as tf\ns = tf.contrib.distribute.MirroredStrategy(auto_shard_dataset=True)\n",
                None, "auto_shard_dataset: refused"),
        Example("import tensorflow as tf\ns = tf.distribute.MirroredStrategy()\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        target, params = STRATEGIES[symbol]
        bound = _calls.bind(updated, params)
        if bound is None:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} with arguments tf-migrate can't bind: use tf.{target}", fixed=False)
            return None
        auto_shard = bound.pop("auto_shard_dataset", None)
        if auto_shard is not None and not (isinstance(auto_shard.value, cst.Name) and auto_shard.value.value == "False"):
            ctx.report(original, self.code, Severity.ERROR,
                       "auto_shard_dataset=True: TF2 shards datasets itself (tf.data.experimental.DistributeOptions."
                       "auto_shard_policy); left as is", fixed=False)
            return None
        args: list[cst.Arg] = []
        if symbol == MIRRORED:
            count = bound.pop("num_gpus", None) or bound.pop("num_gpus_per_worker", None)
            if "devices" in bound:
                args.append(bound.pop("devices"))
            elif count is not None:
                args.append(_calls.keyword(cst.Arg(_devices(count.value)), "devices"))
            ops = bound.pop("cross_device_ops", None) or bound.pop("cross_tower_ops", None)
            if ops is not None:
                args.append(_calls.keyword(ops, "cross_device_ops"))
        elif symbol == COLLECTIVE:
            count = bound.pop("num_gpus_per_worker", None)
            communication = bound.pop("communication", None)
            if communication is not None:
                options = cst.Call(ctx.ref("distribute.experimental.CommunicationOptions"),
                                   [_calls.keyword(communication, "implementation")])
                args.append(_calls.keyword(cst.Arg(options), "communication_options"))
            if count is not None:
                ctx.report(original, self.code, Severity.WARNING,
                           "MultiWorkerMirroredStrategy uses every GPU a worker sees (TF1: num_gpus_per_worker="
                           f"{cst.Module([]).code_for_node(count.value)}): hide the others with CUDA_VISIBLE_DEVICES "
                           "or tf.config.set_visible_devices", fixed=True)
        elif symbol == PARAMETER_SERVER:
            if bound.pop("num_gpus_per_worker", None) is not None:
                ctx.report(original, self.code, Severity.WARNING,
                           "the v1 ParameterServerStrategy uses every GPU a worker sees (TF1: num_gpus_per_worker)",
                           fixed=True)
            ctx.report(original, self.code, Severity.WARNING,
                       "kept as the v1 ParameterServerStrategy (Estimator's; cluster from TF_CONFIG): TF2's "
                       "tf.distribute.ParameterServerStrategy trains through a ClusterCoordinator or Keras fit",
                       fixed=True)
        else:
            args.append(bound.pop("device"))
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} -> tf.{target}", fixed=True)
        return cst.Call(ctx.replace(original.func, ctx.ref(target)), _calls.rebuild(
            cst.Call(cst.Name("f"), []), [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]).args)


class DistributeConfig(Rule):
    """``RunConfig(experimental_distribute=tf.contrib.distribute.DistributeConfig(train_distribute=a, eval_distribute=b))`` -> ``RunConfig(train_distribute=a, eval_distribute=b)``.

    TF1 pattern: contrib's bundle of the estimator's training and evaluation strategies.
    Replacement: RunConfig's own ``train_distribute`` / ``eval_distribute`` arguments
    (TF 1.15 and 2.15 both have them; the strategies themselves go through TFM135). Refuses
    (left, reported) for ``remote_cluster`` (the standalone-client mode TF2 dropped), a
    DistributeConfig not passed directly to RunConfig, and a RunConfig that also sets
    train_distribute / eval_distribute itself.
    """

    code = "TFM136"
    family = "devices"
    description = "RunConfig(experimental_distribute=DistributeConfig(...)) -> RunConfig(train_distribute=, eval_distribute=)"
    symbols = frozenset({"estimator.RunConfig", "contrib.distribute.DistributeConfig"})
    examples = (
        Example("import tensorflow as tf\nconfig = tf.estimator.RunConfig(experimental_distribute="
                "tf.contrib.distribute.DistributeConfig(train_distribute=a, eval_distribute=b))\n",
                "import tensorflow as tf\nconfig = tf.estimator.RunConfig(train_distribute=a, eval_distribute=b)\n"),
        Example("import tensorflow as tf\nd = tf.contrib.distribute.DistributeConfig(train_distribute=a)\n", None,
                "not passed to RunConfig: reported"),
        Example("import tensorflow as tf\nconfig = tf.estimator.RunConfig(train_distribute=a)\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        if symbol == "contrib.distribute.DistributeConfig":
            parents = ctx.metadata.resolve(ParentNodeProvider)
            arg = parents.get(original)
            call = parents.get(arg) if isinstance(arg, cst.Arg) else None
            if not (isinstance(call, cst.Call) and ctx.symbol(call.func) == "estimator.RunConfig"
                    and arg.keyword is not None and arg.keyword.value == "experimental_distribute"):
                ctx.report(original, self.code, Severity.ERROR,
                           "tf.contrib.distribute.DistributeConfig is gone: pass train_distribute= / eval_distribute= "
                           "to tf.estimator.RunConfig", fixed=False)
            return None
        at = next((i for i, a in enumerate(original.args)
                   if a.keyword is not None and a.keyword.value == "experimental_distribute"), None)
        if at is None:
            return None
        inner = original.args[at].value
        if not (isinstance(inner, cst.Call) and ctx.symbol(inner.func) == "contrib.distribute.DistributeConfig"):
            return None
        bound = _calls.bind(inner, ("train_distribute", "eval_distribute", "remote_cluster"))
        given = {a.keyword.value for a in original.args if a.keyword is not None}
        if bound is None or "remote_cluster" in bound or given & {"train_distribute", "eval_distribute"}:
            ctx.report(inner, self.code, Severity.ERROR,
                       "DistributeConfig with remote_cluster, or next to train_/eval_distribute: TF2 has no "
                       "standalone-client mode; pass the strategies as RunConfig(train_distribute=, eval_distribute=)",
                       fixed=False)
            return None
        updated_inner = updated.args[at].value
        moved = _calls.bind(updated_inner, ("train_distribute", "eval_distribute", "remote_cluster"))
        args = [*updated.args[:at],
                *(_calls.keyword(moved[k], k) for k in ("train_distribute", "eval_distribute") if k in moved),
                *updated.args[at + 1:]]
        ctx.report(original, self.code, Severity.INFO,
                   "DistributeConfig unpacked into RunConfig's train_distribute / eval_distribute", fixed=True)
        return _calls.rebuild(updated, args)


def _mentions(node: cst.CSTNode, name: str | None) -> bool:
    """Does ``node`` read ``name`` (None: any name at all)?"""
    found = []

    class V(cst.CSTVisitor):
        def visit_Name(self, n):
            found.append(name is None or n.value == name)

    node.visit(V())
    return any(found)


def _computes_gradients(node: cst.CSTNode, ctx) -> bool:
    found = []

    class V(cst.CSTVisitor):
        def visit_Call(self, n):
            found.append((isinstance(n.func, cst.Attribute) and n.func.attr.value == "compute_gradients")
                         or ctx.symbol(n.func) == "gradients")

    node.visit(V())
    return any(found)


class TowerLoop(Rule):
    """``for i in range(n): with tf.device('/gpu:%d' % i): ... opt.compute_gradients(loss)``: multi-GPU towers, reported.

    TF1 pattern: the CIFAR-10 multi-GPU recipe: one tower per device built in a loop,
    variables shared through ``reuse_variables()``, each tower's gradients collected and
    averaged by hand (``average_gradients``) before one ``apply_gradients``. TF2 replaces the
    whole construct with ``tf.distribute.MirroredStrategy``: one replica per device, the
    all-reduce instead of the hand-written average. It is not rewritten: the averaging equals
    the full-batch gradient only for per-example mean losses over equal splits without
    batch statistics, which the code can't show. The finding names the loop and gives the
    recipe. Not reported for a device loop that computes no gradients (placement only: TFM271).
    """

    code = "TFM137"
    family = "devices"
    description = "Report multi-GPU tower loops (tf.device per loop index + compute_gradients) with the MirroredStrategy recipe"
    symbols = frozenset({"device"})
    examples = (
        Example("import tensorflow as tf\ntower_grads = []\nfor i in range(2):\n"
                "    with tf.device('/gpu:%d' % i):\n        loss = tower_loss(i)\n"
                "        tower_grads.append(opt.compute_gradients(loss))\n", None, "reported with the recipe"),
        Example("import tensorflow as tf\nfor i in range(2):\n    with tf.device('/gpu:%d' % i):\n"
                "        y = f(x)\n", None, "no gradients: placement only (TFM271)"),
    )

    def on_call(self, original, updated, symbol, ctx):
        if not original.args or not _mentions(original.args[0].value, None):
            return None  # tf.device('/cpu:0'): no loop index in it, and no parent pass over the file for it
        parents = ctx.metadata.resolve(ParentNodeProvider)
        item = parents.get(original)
        block = parents.get(item) if isinstance(item, cst.WithItem) else None
        loop = block
        while loop is not None and not isinstance(loop, (cst.For, cst.FunctionDef, cst.Module)):
            loop = parents.get(loop)
        if not isinstance(block, cst.With) or not isinstance(loop, cst.For) or not isinstance(loop.target, cst.Name):
            return None
        if not original.args or not _mentions(original.args[0].value, loop.target.value):
            return None
        if not _computes_gradients(block.body, ctx):
            return None
        count = cst.Module([]).code_for_node(loop.iter)
        ctx.report(loop, self.code, Severity.WARNING,
                   f"multi-GPU towers (one per device over {count}, gradients averaged by hand): TF2 uses "
                   "strategy = tf.distribute.MirroredStrategy(); create the model and the optimizer under "
                   "strategy.scope(), write one tower's step (GradientTape; loss through tf.nn.compute_average_loss "
                   "with the global batch size) and call it with strategy.run(step, args=(batch,)) on "
                   "strategy.experimental_distribute_dataset(dataset); the all-reduce replaces the averaging "
                   "(tf-migrate does not rewrite it: the hand-written average equals the full-batch gradient only "
                   "for per-example mean losses over equal splits)" + (_KEPT if ctx.graph_mode else ""), fixed=False)
        return None


# A tower loop is graph code: where the graph-to-eager pass refused the file (TFM301), it runs as written.
_KEPT = "; this file stays in graph mode (TFM301/TFM302), where the towers run as written through tf.compat.v1"


class BetweenGraphReplication(Rule):
    """``tf.train.replica_device_setter`` / ``SyncReplicasOptimizer``: TF1's hand-built parameter-server training, reported.

    TF1 pattern: between-graph replication: a ``ClusterSpec`` from ``--ps_hosts`` /
    ``--worker_hosts`` flags, a ``tf.train.Server`` per task, variables placed on the ps
    jobs by ``replica_device_setter``, optionally synchronous updates through
    ``SyncReplicasOptimizer``, and a ``MonitoredTrainingSession(master=server.target)``.
    TF2 has none of the graph-placement pieces; the cluster comes from ``TF_CONFIG`` and the
    strategy does the placement. Reported once per file (at the first such call) with the
    recipe: ``MultiWorkerMirroredStrategy`` for synchronous data-parallel training (what
    SyncReplicasOptimizer approximated), ``ParameterServerStrategy`` + ``ClusterCoordinator``
    for asynchronous ps training; ``tf.distribute.Server`` still starts a ps task. The code
    is left (it runs in graph mode through tf.compat.v1).
    """

    code = "TFM138"
    family = "devices"
    description = "Report between-graph replication (replica_device_setter, SyncReplicasOptimizer) with the tf.distribute recipe"
    symbols = frozenset({"train.replica_device_setter", "train.SyncReplicasOptimizer"})
    examples = (
        Example("import tensorflow as tf\nwith tf.device(tf.train.replica_device_setter(cluster=cluster)):\n"
                "    w = tf.Variable(0.0)\n", None, "reported with the recipe"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "with tf.device(tf.train.replica_device_setter(cluster=cluster)):\n    w = tf.Variable(0.0)\n"
                "opt = tf.train.SyncReplicasOptimizer(opt, replicas_to_aggregate=2)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "with tf.device(tf.compat.v1.train.replica_device_setter(cluster=cluster)):\n    w = tf.Variable(0.0)\n"
                "opt = tf.compat.v1.train.SyncReplicasOptimizer(opt, replicas_to_aggregate=2)\n",
                "a file kept in graph mode reaches them through tf.compat.v1, where TF2 still has them"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        # The rule claims these names from TFM900, so it also gives them TFM900's graph-mode spelling.
        if not (ctx.graph_mode and ctx.options.fallback and not ctx.compat_alias) or ctx.spelled_compat(original):
            return None
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} kept in graph mode as tf.compat.v1.{symbol}", fixed=True)
        return ctx.replace(original, ctx.ref(f"compat.v1.{symbol}"))

    def on_call(self, original, updated, symbol, ctx):
        if any(f.code == self.code and not f.fixed for f in ctx.findings):  # one setup per file: reported once
            return None
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol}: between-graph replication (ps/worker tasks, variables placed on the ps jobs). TF2: "
                   "the cluster comes from TF_CONFIG ({'cluster': {'ps': ps_hosts, 'worker': worker_hosts}, 'task': "
                   "{'type': job_name, 'index': task_index}}); synchronous training (SyncReplicasOptimizer) is "
                   "tf.distribute.MultiWorkerMirroredStrategy, asynchronous ps training "
                   "tf.distribute.ParameterServerStrategy(TFConfigClusterResolver()) with "
                   "tf.distribute.coordinator.ClusterCoordinator; ps tasks run tf.distribute.Server(...).join(). "
                   + ("This file stays in graph mode, where it runs through tf.compat.v1" if ctx.graph_mode
                      else "Left as is"), fixed=False)
        return None
