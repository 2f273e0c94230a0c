"""The MNIST tutorials' ``input_data.read_data_sets`` -> the same splits on ``tf.keras.datasets.mnist``, in the file."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from migrate.engine import nodes
from migrate.engine.names import dotted_name
from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules._header import code_start, first_tensorflow_import

# TF1 reader -> its parameters in order (TF 1.15: tensorflow/contrib/learn/python/learn/datasets/mnist.py and
# datasets/__init__.py; tensorflow/examples/tutorials/mnist/input_data.py re-exports read_data_sets).
_READ = ("train_dir", "fake_data", "one_hot", "dtype", "reshape", "validation_size", "seed", "source_url")
READERS = {
    "examples.tutorials.mnist.input_data.read_data_sets": _READ,
    "contrib.learn.datasets.mnist.read_data_sets": _READ,
    "contrib.learn.python.learn.datasets.mnist.read_data_sets": _READ,
    "contrib.learn.datasets.mnist.load_mnist": ("train_dir",),
    "contrib.learn.python.learn.datasets.mnist.load_mnist": ("train_dir",),
    "contrib.learn.datasets.load_dataset": ("name", "size", "test_with_fake_data"),
    "contrib.learn.python.learn.datasets.load_dataset": ("name", "size", "test_with_fake_data"),
}
MODULES = ("examples.tutorials.mnist", "contrib.learn.datasets.mnist", "contrib.learn.python.learn.datasets.mnist")
KEPT = ("fake_data", "one_hot", "reshape", "validation_size")  # passed on to the written read_mnist
# What a DataSet of TF1 has (public and private): uses of anything else are reported.
MEMBERS = frozenset({"images", "labels", "num_examples", "epochs_completed", "next_batch", "_images", "_labels",
                     "_num_examples", "_epochs_completed", "_index_in_epoch"})
_IMPORTED = tuple(f"tensorflow.{name}." for name in MODULES) + (
    "tensorflow.contrib.learn.datasets.load_dataset.", "tensorflow.contrib.learn.python.learn.datasets.load_dataset.")
WRITTEN = ("read_mnist", "MnistDataSet", "MnistDatasets")

SOURCE = '''\
# TF 1.x's MNIST tutorial reader (tensorflow.examples.tutorials.mnist.input_data.read_data_sets), on
# tf.keras.datasets.mnist; written by tf-migrate after TF 1.15's contrib/learn/python/learn/datasets/mnist.py
# (Apache 2.0). The first validation_size training images are the validation split; next_batch shuffles with
# numpy's global RNG on its first call and at each epoch end, and a batch crossing an epoch ends with the new one's head.
MnistDatasets = collections.namedtuple("MnistDatasets", ["train", "validation", "test"])


class MnistDataSet:
    """Images and labels with TF1's epoch bookkeeping."""

    def __init__(self, images, labels{fake_param}):
        self._images, self._labels = images, labels
{fake_count}        self._epochs_completed = 0
        self._index_in_epoch = 0
{fake_init}
    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def _shuffle(self):
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images, self._labels = self._images[perm], self._labels[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
{fake_batch}        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            images_rest, labels_rest = self._images[start:], self._labels[start:]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = end = batch_size - len(images_rest)
            return (np.concatenate((images_rest, self._images[:end])),
                    np.concatenate((labels_rest, self._labels[:end])))
        self._index_in_epoch += batch_size
        return self._images[start:self._index_in_epoch], self._labels[start:self._index_in_epoch]


def read_mnist(train_dir=None, {fake_read_param}one_hot=False, dtype=np.float32, reshape=True, validation_size=5000):
    """Train, validation and test splits: images float32 in [0, 1] (or uint8 as read), 784 wide or 28x28x1;
    labels uint8, or one-hot rows. train_dir is only created, as TF1 did (it downloaded there).{fake_read}
    if train_dir is not None:
        os.makedirs(train_dir, exist_ok=True)
    (train_images, train_labels), (test_images, test_labels) = {tf}.keras.datasets.mnist.load_data()
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {{len(train_images)}}. Received: {{validation_size}}.")

    def split(images, labels):
        images = images.reshape((-1, 784) if reshape else (-1, 28, 28, 1))
        if dtype != np.uint8:
            images = images.astype(np.float32) / 255.0
        return MnistDataSet(images, np.eye(10)[labels] if one_hot else labels)

    return MnistDatasets(train=split(train_images[validation_size:], train_labels[validation_size:]),
                         validation=split(train_images[:validation_size], train_labels[:validation_size]),
                         test=split(test_images, test_labels))
'''


# The reader's parts for fake_data (fully_connected_feed passes FLAGS.fake_data): written only where a call passes it.
_PLAIN = dict(
    fake_param="",
    fake_count="        self._num_examples = len(images)\n",
    fake_init="",
    fake_read_param="",
    fake_read='"""',
    fake_batch=('        if fake_data:\n'
                '            raise ValueError("fake_data is not served by this reader")\n'),
)
_FAKE = dict(
    fake_param=", fake_one_hot=None",
    fake_count="        self._num_examples = len(images) if fake_one_hot is None else 10000  # TF1's fake sets claimed 10000\n",
    fake_init="        self._fake_one_hot = fake_one_hot\n",
    fake_read_param="fake_data=False, ",
    fake_read=('\n    fake_data: TF1\'s empty sets whose next_batch(n, fake_data=True) gives constant batches."""\n'
               '    if fake_data:\n'
               '        fake = MnistDataSet(np.zeros((0, 784), np.float32), np.zeros((0,), np.uint8), fake_one_hot=one_hot)\n'
               '        return MnistDatasets(train=fake, validation=fake, test=fake)'),
    fake_batch=('        if fake_data:  # TF1\'s unit-test batches: all-ones images, label 0\n'
                '            if self._fake_one_hot is None:\n'
                '                raise AttributeError("next_batch(fake_data=True) needs a set read with fake_data=True")\n'
                '            label = [1] + [0] * 9 if self._fake_one_hot else 0\n'
                '            return [[1] * 784 for _ in range(batch_size)], [label for _ in range(batch_size)]\n'),
)


def written_source(tf: str = "tf", fake_data: bool = False) -> str:
    return SOURCE.format(tf=tf, **(_FAKE if fake_data else _PLAIN))


def _is(node, value: str) -> bool:
    return isinstance(node, cst.Name) and node.value == value


def _keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    nothing = cst.SimpleWhitespace("")
    return cst.Arg(value, keyword=cst.Name(name), equal=cst.AssignEqual(whitespace_before=nothing, whitespace_after=nothing))


def _arguments(call: cst.Call, params: tuple, ctx) -> tuple[list[cst.Arg] | None, str | None]:
    """The keyword arguments for ``read_mnist``, or (None, why not); (None, None): not MNIST (load_dataset)."""
    kept = []
    for i, arg in enumerate(call.args):
        if arg.star or (arg.keyword is None and i >= len(params)):
            return None, "its arguments can't be matched to TF1's parameters"
        name = arg.keyword.value if arg.keyword else params[i]
        value = arg.value
        if name == "name" and not (isinstance(value, cst.SimpleString) and value.evaluated_value == "mnist"):
            return None, None
        if name == "train_dir" and isinstance(value, cst.SimpleString) and "fashion" in value.value.lower():
            return None, "train_dir names Fashion-MNIST (use tf.keras.datasets.fashion_mnist)"
        if name == "test_with_fake_data" and not _is(value, "False"):
            return None, f"{name}= is not served"
        if name == "dtype" and ctx.symbol(value) in ("uint8", "dtypes.uint8"):
            kept.append(_keyword("dtype", cst.parse_expression("np.uint8")))
        elif name == "dtype" and ctx.symbol(value) not in ("float32", "dtypes.float32"):
            return None, "dtype= other than float32 or uint8 is not written"
        if name == "seed" and not _is(value, "None"):
            return None, "seed= (TF1 reseeded numpy with it) is not written"
        if name == "source_url":
            return None, "source_url= names another data set (Fashion-MNIST: tf.keras.datasets.fashion_mnist)"
        if name == "fake_data" and _is(value, "False"):
            continue  # the default
        if name in KEPT:
            kept.append(_keyword(name, value))
        elif name == "train_dir":
            kept.insert(0, cst.Arg(value))
    if "name" in params and not any(a.keyword is None or a.keyword.value == "name" for a in call.args):
        return None, None
    return kept, None


class _Uses(cst.CSTVisitor):
    """The reader calls, the other uses of the MNIST modules, and what each call's result is assigned to."""

    def __init__(self, ctx):
        self.ctx, self.calls, self.refused, self.targets = ctx, {}, [], {}

    def _reference(self, node):
        symbol = self.ctx.symbol(node)
        if symbol is None or not (symbol in READERS or symbol.startswith(MODULES)):
            return
        call = self.ctx.call_of(node)
        if call is None or symbol not in READERS:
            self.refused.append((node, f"{dotted_name(node) or symbol} is used (only the readers are rewritten)"))
            return
        args, why = _arguments(call, READERS[symbol], self.ctx)
        if why:
            self.refused.append((call, why))
        elif args is not None:
            self.calls[id(call)] = args

    def visit_Attribute(self, node):
        self._reference(node)

    def visit_Name(self, node):
        self._reference(node)

    def visit_Assign(self, node):
        if len(node.targets) == 1 and isinstance(node.value, cst.Call):
            self.targets[id(node.value)] = node.targets[0].target


class _Replace(cst.CSTTransformer):
    def __init__(self, calls):
        self.calls = calls

    def leave_Call(self, original, updated):
        args = self.calls.get(id(original))
        return updated if args is None else cst.Call(cst.Name("read_mnist"), args=args)


class MnistInputData(Rule):
    """``input_data.read_data_sets(dir, one_hot=True)`` -> ``read_mnist(dir, one_hot=True)``, written into the file.

    TF1 pattern: the MNIST tutorials' reader (``tensorflow.examples.tutorials.mnist.input_data``, also
    ``tf.contrib.learn.datasets.mnist.read_data_sets`` / ``load_mnist`` / ``load_dataset("mnist")``): train /
    validation / test ``DataSet``s with ``images``, ``labels``, ``num_examples``, ``epochs_completed`` and
    ``next_batch(n)``. TF2 has neither module, so the import alone fails. Replacement: a short numpy reader
    on ``tf.keras.datasets.mnist.load_data()`` written after the imports, with TF1's semantics (validation =
    the first ``validation_size`` training images; images flattened float32 in [0, 1] (``dtype=tf.uint8``:
    as read), ``reshape=False`` 28x28x1; labels uint8, or float64 one-hot; ``next_batch``'s shuffled epochs)
    -- the same batches as the runtime's port (``migrate/runtime/mnist_input_data.py``) for the same numpy
    seed. ``train_dir`` is created as TF1 did (programs write there), not read: Keras keeps MNIST in its cache. Refuses (a warning, the file
    untouched) on other uses of the modules (``input_data.DataSet``), on ``seed``/``source_url``
    or a ``dtype`` other than float32/uint8, on a
    Fashion-MNIST ``train_dir``, and when the names it writes are taken. The result passed to other code is
    reported for review: the written class has TF1's DataSet attributes, public and private.
    """

    code = "TFM117"
    family = "data"
    safety = Safety.SAFE
    description = "MNIST tutorials' input_data.read_data_sets -> a numpy reader on tf.keras.datasets.mnist in the file"
    program = True
    module_words = ("mnist", "load_dataset")  # every module and reader it handles is spelled with one
    prefixes = MODULES + ("contrib.learn.datasets.load_dataset", "contrib.learn.python.learn.datasets.load_dataset")
    examples = (
        Example("import tensorflow as tf\nfrom tensorflow.examples.tutorials.mnist import input_data\n\n"
                "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n"
                "xs, ys = mnist.train.next_batch(100)\n",
                "import tensorflow as tf\nimport collections\nimport os\nimport numpy as np\n\n" + written_source() +
                "\n\nmnist = read_mnist('MNIST_data/', one_hot=True)\nxs, ys = mnist.train.next_batch(100)\n"),
        Example("import tensorflow.examples.tutorials.mnist.input_data as data\nimport numpy as np\n\n"
                "d = data.read_data_sets('/tmp/mnist', False, True, reshape=False, validation_size=0)\n",
                "import numpy as np\nimport collections\nimport os\nimport tensorflow as tf\n\n" + written_source() +
                "\n\nd = read_mnist('/tmp/mnist', one_hot=True, reshape=False, validation_size=0)\n",
                "aliased import, positional arguments"),
        Example("import tensorflow as tf\nd = tf.contrib.learn.datasets.load_dataset('boston')\n", None,
                "load_dataset of another data set"),
        Example("from tensorflow.examples.tutorials.mnist import input_data\n"
                "d = input_data.DataSet(images, labels)\n", None, "another use of the module: reported"),
        Example("import tensorflow as tf\n\ndef read_data_sets(path, one_hot):\n    return path\n\n"
                "mnist = read_data_sets('MNIST_data', one_hot=True)\n", None, "a function of the file's own"),
        Example("import tensorflow as tf\nimport input_data\nmnist = input_data.read_data_sets('d', one_hot=True)\n",
                None, "the user's own input_data module"),
        Example("import tensorflow as tf\nfrom tensorflow.examples.tutorials.mnist import input_data\n"
                "read_mnist = 3\nmnist = input_data.read_data_sets('MNIST_data/')\n", None, "a written name is taken"),
    )

    def on_module(self, module, ctx):
        imports = _imports(ctx.names.imports if ctx.names else nodes.find(module, cst.Import, cst.ImportFrom))
        if not imports and not any(s in READERS or s.startswith(MODULES) for s in ctx.symbols.values()):
            return None
        uses = _Uses(ctx)
        module.visit(uses)
        bindings = ctx.names.module_scope.bindings if ctx.names else {}
        taken = [n for n in WRITTEN if n in bindings] + [n for n, q in (("np", "numpy"), ("collections", "collections"), ("os", "os"))
                                                        if any(b != q for b, _ in bindings.get(n, ()))]
        if taken and (uses.calls or uses.refused):
            uses.refused.append((next(iter(imports or _calls(module))), f"the name {taken[0]} is taken in this file"))
        if uses.refused:
            for node, why in uses.refused:
                ctx.report(node, self.code, Severity.WARNING, f"MNIST tutorial reader not rewritten: {why}; "
                           "TF2 has no tensorflow.examples / tf.contrib.learn: load tf.keras.datasets.mnist", fixed=False)
            return None
        if not uses.calls and not imports:
            return None
        rewritten = module.visit(_Replace(uses.calls))
        edit = CodemodContext()
        for statement in imports:
            _schedule_removal(edit, statement)
        rewritten = RemoveImportsVisitor(edit).transform_module(rewritten)
        if not uses.calls:
            if rewritten.deep_equals(module):  # the imports are still used: load_dataset('iris')
                return None
            ctx.report(imports[0], self.code, Severity.INFO,
                       "unused import of the TF1 MNIST tutorial reader removed (TF2 has no such module)", fixed=True)
            return rewritten
        tf = ctx.tf_alias or ("tensorflow" if "tf" in bindings else "tf")
        if ctx.tf_alias is None:
            AddImportsVisitor.add_needed_import(edit, "tensorflow", asname=None if tf == "tensorflow" else tf)
        AddImportsVisitor.add_needed_import(edit, "collections")
        AddImportsVisitor.add_needed_import(edit, "numpy", asname="np")
        AddImportsVisitor.add_needed_import(edit, "os")
        rewritten = AddImportsVisitor(edit).transform_module(rewritten)
        fake = any(a.keyword is not None and a.keyword.value == "fake_data" for args in uses.calls.values() for a in args)
        rewritten, after = _insert(rewritten, written_source(tf, fake_data=fake))
        # The later passes' findings point into this output: map them back (exact when each call was one line).
        ctx.inserted_lines = (after, len(rewritten.code.splitlines()) - len(module.code.splitlines()))
        own = {n for n, b in bindings.items() if all(isinstance(node, cst.FunctionDef) for _, node in b)}
        to_own = {id(a.value) for c in _calls(module) if isinstance(c.func, cst.Name) and c.func.value in own
                  for a in c.args}  # arguments of the file's own functions: code the user sees next to it
        for call in (c for c in _calls(module) if id(c) in uses.calls):
            ctx.report(call, self.code, Severity.INFO, "MNIST tutorial reader -> read_mnist(), written into the file "
                       "on tf.keras.datasets.mnist (TF1's splits and next_batch; train_dir is created, not read)", fixed=True)
            self._report_escapes(call, uses.targets.get(id(call)), to_own, ctx)
        return rewritten

    def _report_escapes(self, call, target, to_own, ctx):
        """Uses of the data sets object other than ``mnist.<split>.<DataSet member>`` or an argument of a function
        of the file's own: review them."""
        if not isinstance(target, cst.Name):
            ctx.report(call, self.code, Severity.WARNING, "the MNIST data sets are not bound to a plain name: review "
                       "their uses (the written class has TF1 DataSet's attributes)", fixed=True)
            return
        for reference in ctx.names.references.values():
            if reference.base != target.value or not any(n is target for _, n in
                                                         ctx.names.lookup(reference.base, reference.scope)):
                continue
            parts = reference.rest.split(".")[1:]
            if len(parts) >= 2 and parts[0] in ("train", "validation", "test") and parts[1] in MEMBERS or \
                    id(reference.node) in to_own:
                continue
            ctx.report(reference.node, self.code, Severity.WARNING, f"{target.value}{reference.rest} is passed on "
                       "here: review what reads it (the written MnistDataSet has TF1 DataSet's attributes, public and "
                       "private)", fixed=True)


def _module_name(statement) -> str:
    return dotted_name(statement.module) if isinstance(statement, cst.ImportFrom) and statement.module else ""


def _imports(statements: list) -> list:
    """The imports of the MNIST reader modules among ``statements`` (the engine's list of the file's imports)."""
    found = []
    for statement in statements:
        if isinstance(statement, cst.ImportFrom):
            if statement.relative or statement.module is None or isinstance(statement.names, cst.ImportStar):
                continue
            full = [f"{_module_name(statement)}.{a.name.value}" for a in statement.names]
        else:
            full = [dotted_name(a.name) for a in statement.names]
        if any(f"{n}.".startswith(_IMPORTED) for n in full):
            found.append(statement)
    return found


def _schedule_removal(edit, statement) -> None:
    if isinstance(statement, cst.Import):
        for alias in statement.names:
            asname = alias.asname.name.value if alias.asname else None
            RemoveImportsVisitor.remove_unused_import(edit, dotted_name(alias.name), None, asname)
    elif not isinstance(statement.names, cst.ImportStar):
        for alias in statement.names:
            asname = alias.asname.name.value if alias.asname else None
            RemoveImportsVisitor.remove_unused_import(edit, _module_name(statement), alias.name.value, asname)


def _insert(module: cst.Module, source: str) -> tuple[cst.Module, int]:
    """``module`` with ``source`` (its provenance comment included) after the imports, set off by blank lines;
    and the line the inserted code ends on.

    aymericdamien's tutorials read MNIST between imports (``mnist = input_data.read_data_sets(...)`` before
    ``import tensorflow as tf``): the reader then goes before that statement, and the TensorFlow import
    moves up to it -- where the tutorial import had already loaded TensorFlow.
    """
    body, written = list(module.body), cst.parse_module(source)
    at = code_start(body)
    first_use = next((i for i, s in enumerate(body[:at]) if _reads_mnist(s)), None)
    if first_use is not None:
        at, tf_import = first_use, first_tensorflow_import(body)
        if tf_import is not None and tf_import >= at:
            body.insert(at, body.pop(tf_import).with_changes(leading_lines=[]))
            at += 1
    block = list(written.body)
    block[0] = block[0].with_changes(leading_lines=[cst.EmptyLine()] * bool(at) + list(written.header))
    rest = body[at:]
    if rest:
        comments = [line for line in rest[0].leading_lines if line.comment is not None]
        rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *comments])
    head = module.with_changes(body=[*body[:at], *block])
    return head.with_changes(body=[*head.body, *rest]), len(head.code.splitlines())


def _reads_mnist(statement: cst.CSTNode) -> bool:
    return any(isinstance(c.func, cst.Name) and c.func.value == "read_mnist" for c in _calls(statement))


def _calls(module: cst.CSTNode) -> list[cst.Call]:
    return nodes.find(module, cst.Call)
