"""Find TF1 queue-runner input pipelines in a module and build the ``tf.data`` pipeline each one is.

A pipeline is, within one statement list (a module, function or ``with`` body):

1. a producer: ``q = tf.train.string_input_producer(files, ...)`` read by a reader
   (``r = tf.TFRecordReader()`` and ``_, value = r.read(q)``, or a call of a *decoder*:
   a module function whose only use of its parameter is ``reader.read(param)``), or
   ``a, b = tf.train.slice_input_producer([x, y], ...)``;
2. the statements that compute from what was read (the per-example code);
3. a batcher: ``xs, ys = tf.train.batch([x, y], ...)`` / ``shuffle_batch``.

It becomes, where the batcher stood::

    dataset = tf.data.Dataset.from_tensor_slices(files)   # .shuffle(n) when the producer shuffled
    dataset = dataset.repeat(num_epochs)
    dataset = tf.data.TFRecordDataset(dataset)
    def parse_record(value): <per-example code>; return x, y
    dataset = dataset.map(parse_record, num_parallel_calls=num_threads)
    dataset = dataset.shuffle(min_after_dequeue)           # shuffle_batch
    dataset = dataset.batch(batch_size, drop_remainder=not allow_smaller_final_batch)
    xs, ys = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()

which runs in graph mode (the same tensors, ``OutOfRangeError`` at the end) and
which the graph-to-eager pass (TFM300) turns into Python iteration. Anything
the table (``migrate.data.queue_map``) does not map raises ``Refusal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from migrate.data import queue_map as Q
from migrate.engine.context import RuleContext
from migrate.graph.blocks import calls_in, reads, single_statement, target_names
from migrate.graph.plan import Note, Refusal
from migrate.rules import _calls

_CODE = cst.Module([])


def code(node: cst.CSTNode) -> str:
    return _CODE.code_for_node(node)


def _symbol(expr, ctx: RuleContext) -> str | None:
    return ctx.symbol(expr.func) if isinstance(expr, cst.Call) else None


def _bind(call: cst.Call, symbol: str, stage: Q.Stage) -> dict[str, cst.BaseExpression]:
    bound = _calls.bind(call, stage.params)
    if bound is None:
        raise Refusal(call, f"tf.{symbol}() with arguments that can't be matched statically")
    unknown = set(bound) - stage.kept - stage.ignored
    if unknown:
        raise Refusal(call, f"tf.{symbol}({', '.join(sorted(unknown))}=...) has no tf.data form here")
    return {k: a.value for k, a in bound.items() if k in stage.kept}


def _literal_bool(expr: cst.BaseExpression | None, default: bool, call: cst.Call, what: str) -> bool:
    if expr is None:
        return default
    if isinstance(expr, cst.Name) and expr.value in ("True", "False"):
        return expr.value == "True"
    raise Refusal(call, f"{what}= is not a literal True/False: which tf.data stage it needs is known only at run time")


@dataclass
class Decoder:
    """``def read_and_decode(queue): reader = tf.TFRecordReader(); _, value = reader.read(queue); ...``"""

    reader: str  # READERS key
    reader_args: dict[str, cst.BaseExpression]
    function: cst.FunctionDef
    dropped: tuple[int, int]  # indexes of the reader and read statements in its body
    key: str | None  # the read's key name, when the function reads it
    value: str


@dataclass
class Source:
    """What a pipeline reads: file names through a reader, or slices of tensors."""

    stmt: int  # index of the producer statement
    call: cst.Call
    symbol: str
    args: dict[str, cst.BaseExpression]
    params: list[str]  # names the per-example code reads what one record/slice is by
    consumed: list[int] = field(default_factory=list)  # statements that go (reader, read)
    reader: str | None = None
    reader_args: dict[str, cst.BaseExpression] = field(default_factory=dict)
    decoder_call: int | None = None  # the statement calling a decoder with the queue
    with_key: bool = True  # WholeFileReader: the dataset yields (file name, contents), else the contents


def decoders(module: cst.Module, ctx: RuleContext) -> dict[str, Decoder]:
    """Module functions of one parameter whose only use is ``reader.read(param)`` on a reader they make."""
    found = {}
    for statement in module.body:
        if not (isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock)):
            continue
        params = statement.params
        if len(params.params) != 1 or isinstance(params.star_arg, cst.Param) or params.kwonly_params or params.star_kwarg:
            continue
        queue = params.params[0].name.value
        body = list(statement.body.body)
        read = _reader_read(body, queue, ctx)
        if read is None:
            continue
        reader_index, read_index, reader, reader_args, key, value = read
        rest = [s for i, s in enumerate(body) if i not in (reader_index, read_index)]
        if any(queue in reads(s) for s in rest):
            continue
        key_read = key is not None and not key.startswith("_") and any(key in reads(s) for s in rest)
        found[statement.name.value] = Decoder(reader, reader_args, statement, (reader_index, read_index),
                                              key if key_read else None, value)
    return found


def _reader_read(body, queue: str, ctx: RuleContext):
    """(reader index, read index, reader symbol, its arguments, key name, value name) of ``k, v = r.read(queue)``."""
    readers = {}
    for i, statement in enumerate(body):
        small = single_statement(statement)
        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
            continue
        target = small.targets[0].target
        symbol = _symbol(small.value, ctx)
        if symbol in Q.READERS and isinstance(target, cst.Name):
            readers[target.value] = (i, symbol, small.value)
            continue
        value = small.value
        if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
                and isinstance(value.func.value, cst.Name) and value.func.value.value in readers
                and value.args and isinstance(value.args[0].value, cst.Name)
                and value.args[0].value.value == queue):
            method = value.func.attr.value
            index, symbol, call = readers[value.func.value.value]
            if method != "read" or len(value.args) != 1:
                raise Refusal(value, f"{symbol}.{method}() has no tf.data form here (read() does)")
            names = target_names(target)
            if not (isinstance(target, (cst.Tuple, cst.List)) and names and len(names) == 2):
                raise Refusal(value, "reader.read() not unpacked into (key, value)")
            reader_name = value.func.value.value
            if any(reader_name in reads(s) for j, s in enumerate(body) if j not in (index, i)):
                raise Refusal(call, f"the {symbol} is used other than to read() the queue once")
            return index, i, symbol, _bind(call, symbol, Q.READERS[symbol]), names[0], names[1]
    return None


class PipelineBuilder:
    """Convert the pipelines of one statement list; ``notes`` / ``consumed`` collect across lists."""

    def __init__(self, ctx: RuleContext, tf: str, fresh, decoders: dict[str, Decoder],
                 returners: frozenset[str] = frozenset()) -> None:
        self.ctx, self.tf, self.fresh, self.decoders, self.returners = ctx, tf, fresh, decoders, returners
        self.function: str | None = None  # the module function whose body is being converted
        self.datasets: set[str] = set()  # returners that now return the dataset
        self.notes: list[Note] = []
        self.consumed: list[cst.CSTNode] = []  # original statements whose queue constructs are gone
        self.decoded: dict[str, int] = {}  # decoder -> calls converted

    def convert(self, original: list, updated: list) -> list | None:
        """The new statement list, or None when it has no pipeline (``Refusal`` when one can't be converted)."""
        out = list(updated)
        changed = False
        replaced: dict[int, list] = {}
        gone: set[int] = set()
        for i, statement in enumerate(original):
            small = single_statement(statement)
            if isinstance(small, cst.Assign) and _symbol(small.value, self.ctx) in Q.PRODUCERS and i not in gone:
                batch, new, removed = self._pipeline(original, i)
                replaced[batch] = new
                gone |= removed
                changed = True
        if not changed:
            return None
        out = []
        for i, statement in enumerate(updated):
            if i in replaced:
                out += replaced[i]
            elif i not in gone:
                out.append(statement)
        return out

    # -- one pipeline ----------------------------------------------------------------

    def _pipeline(self, body: list, start: int) -> tuple[int, list, set[int]]:
        source = self._source(body, start)
        element = set(source.params)
        moved: list[int] = []
        batch = None
        for j in range(start + 1, len(body)):
            if j in source.consumed:
                continue
            statement = body[j]
            small = single_statement(statement)
            if isinstance(small, cst.Assign) and _symbol(small.value, self.ctx) in Q.BATCHERS:
                batch = j
                break
            if j == source.decoder_call or reads(statement) & element:
                if small is None or not isinstance(small, (cst.Assign, cst.Expr)):
                    raise Refusal(statement, "per-example code of a queue pipeline that is not a plain statement")
                if isinstance(small, cst.Assign):
                    names = [n for t in small.targets for n in (target_names(t.target) or [])]
                    if len(names) != sum(len(target_names(t.target) or [0]) for t in small.targets):
                        raise Refusal(statement, "per-example code assigns to something other than names")
                    element |= set(names)
                moved.append(j)
        if batch is None:
            raise Refusal(source.call, f"tf.{source.symbol}() not followed by tf.train.batch/shuffle_batch in the "
                                       "same block: what the dataset yields is not known")
        after = set().union(*(reads(s) for s in body[batch + 1:])) if batch + 1 < len(body) else set()
        leaked = {n for n in (element | self._queue_names(body, source)) & after if not n.startswith("_")}
        batch_small = single_statement(body[batch])
        if leaked - set(target_names(batch_small.targets[0].target) or []):
            name = sorted(leaked)[0]
            raise Refusal(body[batch], f"{name!r} (a per-example tensor of the queue pipeline) is read after the batch")
        returned = self._returned(body, batch)
        new = self._emit(body, source, moved, batch, returned)
        self.consumed += [body[k] for k in (start, *source.consumed, batch)]
        return batch, new, {start, *source.consumed, *moved, *([batch + 1] if returned else [])}

    def _returned(self, body: list, batch: int) -> bool:
        """The batch is the function's result (``xs, ys = tf.train.batch(...); return xs, ys``), and every
        caller unpacks it: the function returns the dataset and its callers take the next element from it,
        so the graph-to-eager pass sees an iterator where the batches are used."""
        if self.function not in self.returners or batch + 1 >= len(body):
            return False
        small = single_statement(body[batch + 1])
        target = single_statement(body[batch]).targets[0].target
        return (isinstance(small, cst.Return) and small.value is not None
                and code(small.value).strip("()") == code(target).strip("()"))

    def _queue_names(self, body, source: Source) -> set[str]:
        names = set(target_names(single_statement(body[source.stmt]).targets[0].target) or [])
        for k in source.consumed:
            names |= set(target_names(single_statement(body[k]).targets[0].target) or [])
        return names

    def _source(self, body: list, start: int) -> Source:
        small = single_statement(body[start])
        call = small.value
        symbol = _symbol(call, self.ctx)
        args = _bind(call, symbol, Q.PRODUCERS[symbol])
        target = small.targets[0].target
        if symbol == "train.slice_input_producer":
            tensors = args.get("tensor_list")
            names = target_names(target)
            if not (isinstance(tensors, (cst.List, cst.Tuple)) and isinstance(target, (cst.Tuple, cst.List))
                    and names and len(names) == len(tensors.elements)):
                raise Refusal(call, "tf.train.slice_input_producer() of a list not unpacked into as many names")
            return Source(start, call, symbol, args, names)
        if len(small.targets) != 1 or not isinstance(target, cst.Name):
            raise Refusal(call, f"tf.{symbol}() not bound to one name")
        queue = target.value
        users = [j for j, s in enumerate(body) if j != start and queue in reads(s)]
        if len(users) != 1:
            raise Refusal(call, f"the queue {queue!r} is read {len(users)} times: one reader reading it once "
                                "is what a dataset of records is")
        use = single_statement(body[users[0]])
        value = use.value if isinstance(use, cst.Assign) else None
        if (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in self.decoders
                and len(value.args) == 1 and isinstance(value.args[0].value, cst.Name)):
            decoder = self.decoders[value.func.value]
            self.decoded[value.func.value] = self.decoded.get(value.func.value, 0) + 1
            params = [n for n in (decoder.key, decoder.value) if n is not None]
            if decoder.key is not None and decoder.reader != "WholeFileReader":
                raise Refusal(value, f"{value.func.value}() reads the record key, which no tf.data dataset yields")
            return Source(start, call, symbol, args, ["__record__"], [], decoder.reader, decoder.reader_args,
                          users[0], with_key=decoder.key is not None)
        read = _reader_read(body, queue, self.ctx)
        if read is None or read[1] != users[0]:
            callee = next((code(c.func) for c in calls_in(body[users[0]])
                           if any(queue in reads(a.value) for a in c.args)), None)
            by = f" (it is given to {callee}())" if callee else ""
            raise Refusal(call, f"the queue {queue!r} is not read by a reader's read() in the same block or by a "
                                f"decoder function of this module{by}")
        reader_index, read_index, reader, reader_args, key, value_name = read
        rest = body[read_index + 1:]
        key_read = not key.startswith("_") and any(key in reads(s) for s in rest)  # ``_, value = ...``: unused
        if key_read and reader != "WholeFileReader":
            raise Refusal(single_statement(body[read_index]).value, f"the key of {reader}.read() (\"<file>:<record>\") "
                                                                    "is read: no tf.data dataset yields it")
        params = [key, value_name] if reader == "WholeFileReader" else [value_name]
        return Source(start, call, symbol, args, params, [reader_index, read_index], reader, reader_args)

    # -- emission ---------------------------------------------------------------------

    def _emit(self, body: list, source: Source, moved: list[int], batch: int, returned: bool) -> list:
        tf = self.tf
        ds = self.fresh("dataset")
        lines: list[str] = []
        args = source.args
        shuffle = _literal_bool(args.get("shuffle"), True, source.call, "shuffle")
        seed = f", seed={code(args['seed'])}" if "seed" in args else ""
        epochs = args.get("num_epochs")
        epochs = "" if epochs is None or code(epochs) == "None" else code(epochs)
        if source.symbol == "train.slice_input_producer":
            tensors = args["tensor_list"].elements
            first = code(tensors[0].value)
            lines.append(f"{ds} = {tf}.data.Dataset.from_tensor_slices(({', '.join(code(e.value) for e in tensors)},))")
            if shuffle:
                lines.append(f"{ds} = {ds}.shuffle({tf}.shape({first}, out_type={tf}.int64)[0]{seed})")
        else:
            files = args["string_tensor"]
            lines.append(f"{ds} = {tf}.data.Dataset.from_tensor_slices({code(files)})")
            single = isinstance(files, (cst.List, cst.Tuple)) and len(files.elements) == 1
            shuffle = shuffle and not single  # one file name: its permutations are all the same
            if shuffle:
                size = (str(len(files.elements)) if isinstance(files, (cst.List, cst.Tuple))
                        else f"{tf}.size({code(files)}, out_type={tf}.int64)")
                lines.append(f"{ds} = {ds}.shuffle({size}{seed})")
        if shuffle:
            self.notes.append(Note(source.call, f"tf.{source.symbol}(shuffle=True): each epoch is a new permutation, "
                                   "as in TF1, but drawn from tf.data's random stream, not TF1's: the order differs",
                                   exact=False))
        lines.append(f"{ds} = {ds}.repeat({epochs})")
        if source.reader is not None:
            lines += self._records(ds, source)
        stage = self._batch_args(body[batch])
        function = self._map_function(body, source, moved, stage["tensors"])
        parallel = stage.get("num_threads")
        parallel = f", num_parallel_calls={code(parallel)}" if parallel is not None and code(parallel) != "1" else ""
        if parallel:
            self.notes.append(Note(body[batch], "num_threads -> num_parallel_calls: TF1's threads could deliver "
                                   "examples out of order; tf.data's map keeps the input order"))
        statements = [cst.parse_statement(line + "\n") for line in lines]
        if function is not None:
            name, definition = function
            if definition is not None:
                statements.append(definition)
            mapped = cst.parse_statement(f"{ds} = {ds}.map({name}{parallel})\n")
            if definition is None:  # dataset.map(read_and_decode): the call's comments go with it
                mapped = mapped.with_changes(leading_lines=body[source.decoder_call].leading_lines)
            statements.append(mapped)
        batching = len(statements)  # the batcher's stages start here: its comments go with them
        if stage["enqueue_many"]:
            statements.append(cst.parse_statement(f"{ds} = {ds}.unbatch()\n"))
        if "min_after_dequeue" in stage:
            bseed = f", seed={code(stage['seed'])}" if "seed" in stage else ""
            statements.append(cst.parse_statement(f"{ds} = {ds}.shuffle({code(stage['min_after_dequeue'])}{bseed})\n"))
            self.notes.append(Note(body[batch], "tf.train.shuffle_batch -> Dataset.shuffle(min_after_dequeue), as "
                                   "TF 1.15's deprecation note says: a buffer of min_after_dequeue examples where "
                                   "TF1's queue held up to capacity, and tf.data's random stream: the order differs",
                                   exact=False))
        method = "padded_batch" if stage["dynamic_pad"] else "batch"
        drop = "" if stage["allow_smaller_final_batch"] else ", drop_remainder=True"
        statements.append(cst.parse_statement(f"{ds} = {ds}.{method}({code(stage['batch_size'])}{drop})\n"))
        target = code(single_statement(body[batch]).targets[0].target)
        if returned:
            statements.append(cst.parse_statement(f"return {ds}\n"))
            self.datasets.add(self.function)
        else:
            statements.append(cst.parse_statement(f"{target} = {self.next_of(ds)}\n"))
        self.notes.append(Note(source.call, f"queue pipeline (tf.{source.symbol}"
                               + (f", tf.{source.reader}" if source.reader else "")
                               + f", tf.{self.ctx.symbol(single_statement(body[batch]).value.func)}) -> a tf.data "
                               "pipeline: the same records in the same order where TF1's order was defined "
                               "(shuffle=False, one thread)"))
        statements[0] = statements[0].with_changes(leading_lines=body[source.stmt].leading_lines)
        statements[batching] = statements[batching].with_changes(leading_lines=body[batch].leading_lines)
        return statements

    def next_of(self, dataset: str) -> str:
        v1 = self.tf if self.ctx.compat_alias else f"{self.tf}.compat.v1"  # TF2 has the iterator function only there
        return f"{v1}.data.make_one_shot_iterator({dataset}).get_next()"

    def _records(self, ds: str, source: Source) -> list[str]:
        tf, reader, args = self.tf, source.reader, source.reader_args
        dataset = Q.RECORD_DATASETS[reader]
        if reader == "WholeFileReader" and source.with_key:
            return [f"{ds} = {ds}.map(lambda filename: (filename, {tf}.{dataset}(filename)))"]
        if reader == "WholeFileReader":
            return [f"{ds} = {ds}.map({tf}.{dataset})"]
        if reader == "TextLineReader" and "skip_header_lines" in args:
            skip = code(args["skip_header_lines"])
            return [f"{ds} = {ds}.flat_map(lambda filename: {tf}.{dataset}(filename).skip({skip}))"]
        if reader == "FixedLengthRecordReader":
            extra = "".join(f", {k}={code(args[k])}" for k in ("record_bytes", "header_bytes", "footer_bytes")
                            if k in args)
            return [f"{ds} = {tf}.{dataset}({ds}{extra})"]
        return [f"{ds} = {tf}.{dataset}({ds})"]

    def _batch_args(self, statement) -> dict:
        small = single_statement(statement)
        call = small.value
        symbol = self.ctx.symbol(call.func)
        args = _bind(call, symbol, Q.BATCHERS[symbol])
        stage = dict(args)
        tensors = args.get("tensors")
        if isinstance(tensors, (cst.List, cst.Tuple)) and all(isinstance(e.value, cst.Name) for e in tensors.elements):
            stage["tensors"] = [e.value.value for e in tensors.elements]
        elif isinstance(tensors, cst.Name):
            stage["tensors"] = [tensors.value]
        else:
            raise Refusal(call, f"tf.{symbol}() of something other than a list of named tensors")
        if "batch_size" not in args:
            raise Refusal(call, f"tf.{symbol}() without a batch_size")
        for flag in ("enqueue_many", "dynamic_pad", "allow_smaller_final_batch"):
            stage[flag] = _literal_bool(args.get(flag), False, call, flag)
        return stage

    def _map_function(self, body, source: Source, moved: list[int], tensors: list[str]):
        """(name, def or None) of the per-example function, or None when the elements go to the batch as they are."""
        returned = ", ".join(tensors)
        if not moved and source.params == tensors:
            return None
        if source.decoder_call is not None and moved == [source.decoder_call]:
            small = single_statement(body[source.decoder_call])
            if target_names(small.targets[0].target) == tensors and len(tensors) > 1 or (
                    isinstance(small.targets[0].target, cst.Name) and [small.targets[0].target.value] == tensors):
                return small.value.func.value, None  # dataset.map(read_and_decode)
        name = self.fresh("parse_example")
        params = list(source.params)
        statements = []
        for k in moved:
            statement = body[k]
            if k == source.decoder_call:
                params = [self.fresh("key"), self.fresh("record")] if source.with_key else [self.fresh("record")]
                small = single_statement(statement)
                call = small.value.with_changes(args=[cst.Arg(cst.Name(p)) for p in params])
                statement = statement.with_changes(body=[small.with_changes(value=call)])
            statements.append(statement)
        statements.append(cst.parse_statement(f"return {returned}\n"))
        header = cst.parse_statement(f"def {name}({', '.join(params)}):\n    pass\n")
        return name, header.with_changes(body=cst.IndentedBlock(body=statements))


def decoder_function(decoder: Decoder, function: cst.FunctionDef) -> cst.FunctionDef:
    """The decoder (``function``: its node in the result) without its reader: it decodes one record."""
    body = [s for i, s in enumerate(function.body.body) if i not in decoder.dropped]
    param = function.params.params[0].with_changes(name=cst.Name(decoder.value))
    params = [param] if decoder.key is None else [param.with_changes(name=cst.Name(decoder.key)), param]
    return function.with_changes(params=function.params.with_changes(params=params),
                                 body=function.body.with_changes(body=body))


def returners(module: cst.Module) -> frozenset[str]:
    """Module functions every use of which is ``a, b = f(...)`` outside ``f`` (candidates to return a dataset)."""
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    uses = {name: 0 for name in functions}
    unpacked = dict(uses)

    class _Uses(cst.CSTVisitor):
        def visit_Name(self, node):
            if node.value in uses:
                uses[node.value] += 1

        def visit_Assign(self, node):
            value = node.value
            if (len(node.targets) == 1 and isinstance(value, cst.Call) and isinstance(value.func, cst.Name)
                    and value.func.value in unpacked and target_names(node.targets[0].target)):
                unpacked[value.func.value] += 1

    module.visit(_Uses())
    # each use is the unpacked call's callee; the def's own name counts once
    return frozenset(name for name in functions if uses[name] - 1 == unpacked[name] > 0)


def calls_of(module: cst.Module, name: str) -> int:
    return sum(1 for c in calls_in(module) if isinstance(c.func, cst.Name) and c.func.value == name)
