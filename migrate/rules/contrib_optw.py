"""``tf.contrib.opt.AdamWOptimizer`` in a file kept in graph mode -> a ``tf.compat.v1`` Adam subclass written into the file."""

from __future__ import annotations

import textwrap

import libcst as cst

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules._contrib_inline import LocalNames, runtime_source
from migrate.rules._header import code_start

# contrib optimizer -> (its v1 base class, its __init__ parameters after weight_decay with contrib's defaults)
OPTIMIZERS = {
    "contrib.opt.AdamWOptimizer": ("train.AdamOptimizer", "learning_rate=0.001, beta1=0.9, beta2=0.999, "
                                   "epsilon=1e-8, use_locking=False, name=\"AdamW\""),
    "contrib.opt.MomentumWOptimizer": ("train.MomentumOptimizer", "learning_rate, momentum, use_locking=False, "
                                       "name=\"MomentumW\", use_nesterov=False"),
}


def _methods() -> str:
    """The decoupled-decay methods of the runtime port (TF 1.15's DecoupledWeightDecayExtension), dedented."""
    text = runtime_source("contrib_training", "extend_with_decoupled_weight_decay")
    start = text.index("        def minimize(")
    end = text.index("    DecoupledWeightDecay.__name__")
    return textwrap.dedent(text[start:end]).rstrip() + "\n"


def class_source(symbol: str, tf: str) -> str:
    base, params = OPTIMIZERS[symbol]
    name = symbol.rsplit(".", 1)[1]
    args = ", ".join(f"{p.split('=')[0].strip()}={p.split('=')[0].strip()}" for p in params.split(", "))
    head = (f"class {name}({tf}.compat.v1.{base}):\n"
            f"    \"\"\"tf.contrib.opt.{name} (TF 1.15): shrinks each variable by weight_decay * var (not scaled by the\n"
            f"    learning rate) before the {base.rsplit('.', 1)[1]} update.\"\"\"\n\n"
            f"    def __init__(self, weight_decay, {params}):\n"
            f"        super().__init__({args})\n"
            "        self._weight_decay = weight_decay\n"
            "        self._decay_var_list = None\n\n")
    return head + textwrap.indent(_methods(), "    ").replace("tf1.", f"{tf}.compat.v1.")


class _Replace(LocalNames):
    def __init__(self, ctx):
        super().__init__(ctx, {symbol: symbol.rsplit(".", 1)[1] for symbol in OPTIMIZERS})

    def leave_ImportFrom(self, original, updated):
        # ``from tensorflow.contrib.opt import AdamWOptimizer``: the class written into the file takes the name
        # (RemoveImportsVisitor would see it still read), so the alias goes here
        if isinstance(updated.names, cst.ImportStar) or cst.Module([]).code_for_node(updated.module or cst.Name("")) \
                != "tensorflow.contrib.opt":
            return updated
        names = {s.rsplit(".", 1)[1] for s in OPTIMIZERS}
        kept = [a for a in updated.names if a.asname is not None or a.name.value not in names]
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=kept)


class ContribDecoupledWeightDecay(Rule):
    """``tf.contrib.opt.AdamWOptimizer(wd, lr)`` in graph-mode code -> the same optimizer written into the file.

    TF1 pattern: contrib's decoupled-weight-decay optimizers (AdamW,
    MomentumW): each step first shrinks every variable by ``weight_decay *
    var`` -- not scaled by the learning rate -- then applies the base update.
    The graph-to-eager pass converts them to Keras (``weight_decay / lr``);
    when it keeps the file in graph mode (``disable_eager_execution``), a Keras
    optimizer has no ``minimize(loss, global_step=...)`` building a v1 train
    op, so the replacement is a subclass of the ``tf.compat.v1.train``
    optimizer with contrib's decay (the port in
    ``migrate/runtime/contrib_training.py``), written after the imports: same
    constructor, same ``minimize``/``apply_gradients(decay_var_list=)``,
    same numbers, both profiles. A warning: it is graph-era code to replace
    by the Keras form once the program is converted. Refuses when the class
    name is taken in the file and with ``--no-fallback``.
    """

    code = "TFM213"
    family = "contrib"
    safety = Safety.REVIEW
    description = "contrib.opt AdamW/MomentumW in graph-mode code -> a tf.compat.v1 optimizer subclass in the file"
    program = True
    symbols = frozenset(OPTIMIZERS)
    examples = (
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "opt = tf.contrib.opt.AdamWOptimizer(1e-4, learning_rate=1e-3)\n",
                "import tensorflow as tf\n\n" + class_source("contrib.opt.AdamWOptimizer", "tf") + "\n\n"
                "tf.compat.v1.disable_eager_execution()\n"
                "opt = AdamWOptimizer(1e-4, learning_rate=1e-3)\n", "a file kept in graph mode"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib.opt import AdamWOptimizer\n"
                "tf.compat.v1.disable_eager_execution()\nopt = AdamWOptimizer(1e-4)\n",
                "import tensorflow as tf\n\n" + class_source("contrib.opt.AdamWOptimizer", "tf") + "\n\n"
                "tf.compat.v1.disable_eager_execution()\nopt = AdamWOptimizer(1e-4)\n", "a from-import"),
        Example("import tensorflow as tf\nopt = tf.contrib.opt.AdamWOptimizer(1e-4, learning_rate=1e-3)\n", None,
                "not graph mode: left to the graph-to-eager pass (reported)"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nAdamWOptimizer = None\n"
                "opt = tf.contrib.opt.AdamWOptimizer(1e-4)\n", None, "the name is taken: reported"),
    )

    def on_module(self, module, ctx):
        symbols = set(ctx.symbols.values())
        if not symbols & set(OPTIMIZERS) or not ctx.graph_mode or not ctx.options.fallback:
            return None
        own = {n for n, b in ctx.names.module_scope.bindings.items()
               if all((q or "").startswith("tensorflow.contrib") for q, _ in b)}
        taken = (set(ctx.names.module_scope.bindings) - own) & {s.rsplit(".", 1)[1] for s in OPTIMIZERS}
        if taken:
            ctx.report(module.body[0], self.code, Severity.ERROR,
                       f"tf.contrib.opt.{sorted(taken)[0]} not replaced: the name is taken in this file", fixed=False)
            return None
        tf = ctx.tf_alias if ctx.tf_alias and not ctx.compat_alias else None
        if tf is None:
            return None
        replace = _Replace(ctx)
        rewritten = module.visit(replace)
        body = list(rewritten.body)
        at = code_start(body)
        block = []
        for symbol in sorted(replace.found):
            block += list(cst.parse_module(class_source(symbol, tf)).body)
        block[0] = block[0].with_changes(leading_lines=[cst.EmptyLine()])
        rest = body[at:]
        if rest:
            rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *rest[0].leading_lines])
        rewritten = rewritten.with_changes(body=[*body[:at], *block, *rest])
        ctx.report(module.body[0], self.code, Severity.WARNING,
                   f"{', '.join('tf.' + s for s in sorted(replace.found))} kept for graph mode as a tf.compat.v1 "
                   "optimizer subclass with contrib's decoupled weight decay, written into this file (convert the "
                   "program to use tf.keras.optimizers.AdamW with weight_decay = wd / learning_rate)", fixed=True)
        return rewritten
