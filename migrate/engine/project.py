"""Files that import each other are one program: they are migrated as one unit.

``main.py`` converted to eager TF2 while the ``ops.py`` it calls keeps
``tf.get_variable`` / ``tf.variable_scope`` does not run on TF2 (and an eager
``tf.function`` calling a helper that makes variables would make new ones on
every trace). So the files given to one run are grouped into units, the
connected components of the imports between them, and each unit is made
consistent after a first pass over its files:

- when no file of the unit is left building graph code, nothing changes;
- otherwise every file of the unit whose source builds graph code and is not
  already kept in graph mode is migrated again with ``Options.graph_unit`` set:
  the eager rule then keeps it in graph mode (TFM302's fallback in files that
  run sessions, ``tf.compat.v1`` names in library files) and reports a TFM301
  saying which file of the unit forced it, and why.

Before that, a model class or layer helpers defined in one file and run from another are converted
with their run sites where that can be done (``engine/moves.py``), so such a unit need not stay in
graph mode. The unit's files are read once (``files.read_once``) and each parsed by ``ast`` at most
once (``UnitFiles``) for the plans made between the passes.

Imports are resolved the way Python would find them when the program runs:
from the importing file's directory (a script's ``sys.path[0]``), from the
directory above its outermost package (``from pkg.models import Model``), and
relative to its package (``from . import ops``). Only files of the run are
linked: a module of the same name elsewhere (a third-party ``utils``) is not.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.data import graph_map as G
from migrate.data import tf_api
from migrate.engine import class_moves, helper_moves, moves, star_imports
from migrate.engine.context import Options
from migrate.engine.files import read_once, read_source
from migrate.engine.names import NameResolver, dotted_name
from migrate.engine.source import SourceError
from migrate.engine.transformer import analysis_of, tf_symbol
from migrate.findings import FileResult
from migrate.graph.idiom import absent_in_tf2

# Symbols whose presence means graph code that eager TF2 can't run as written (whatever the spelling).
GRAPH_BUILDING = G.FATAL | G.GLOBAL_STEPS | frozenset({
    "variable_scope", "get_variable", "get_collection", "get_collection_ref", "add_to_collection",
    "get_default_graph", "Graph", "global_variables", "all_variables", "trainable_variables",
    "train.Saver", "summary.FileWriter", "summary.merge_all",
})
_GRAPH_PREFIXES = ("layers.", "nn.rnn_cell.", "contrib.", "GraphKeys.")
_GRAPH_MODE = frozenset({"disable_eager_execution", "disable_v2_behavior"})


# -- the import graph ------------------------------------------------------------------


def _roots(path: Path) -> list[Path]:
    """Directories an absolute import in ``path`` is looked up from."""
    folder = path.parent
    roots = [folder]
    while (folder / "__init__.py").exists() and folder.parent != folder:
        folder = folder.parent
    if folder != path.parent:
        roots.append(folder)  # above the outermost package: ``import pkg.models``
    return roots


def _module_files(base: Path, dotted: str) -> list[Path]:
    parts = [p for p in dotted.split(".") if p]
    target = base.joinpath(*parts) if parts else base
    return [target.with_suffix(".py") if parts else base / "__init__.py", target / "__init__.py"]


def imported_files(path: Path, source: bytes, known: dict[Path, int]) -> set[int]:
    """Indexes (into the run's files) of the files ``path`` imports."""
    return _imported(path, _parsed(source), known)


def _imported(path: Path, tree: ast.Module | None, known: dict[Path, int]) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree) if tree is not None else ():
        found |= _resolved(path, node, known, submodules=True)
    found.discard(known.get(path.resolve()))
    return found


def _parsed(source: bytes | None) -> ast.Module | None:
    if source is None:
        return None
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _resolved(path: Path, node: ast.AST, known: dict[Path, int], submodules: bool) -> set[int]:
    """The files of the run one import statement names (``from pkg import models``: also pkg/models.py)."""
    candidates: list[Path] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            for root in _roots(path):
                candidates += _module_files(root, alias.name)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            bases = [base]
        else:
            bases = _roots(path)
        for base in bases:
            module = node.module or ""
            candidates += _module_files(base, module)
            for alias in node.names if submodules else ():
                candidates += _module_files(base, f"{module}.{alias.name}")
    return {known[c.resolve()] for c in candidates if c.resolve() in known}


def units(paths: list[Path], sources: list[bytes | None]) -> list[list[int]]:
    """The connected components of the import graph, as indexes in input order, by first index."""
    known = {}
    for i, path in enumerate(paths):
        if path.suffix == ".py":
            known.setdefault(path.resolve(), i)
    parent = list(range(len(paths)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = [imported_files(path, source, known) if path.suffix == ".py" and source and b"import" in source else set()
             for path, source in zip(paths, sources)]
    # A file without TensorFlow that imports nothing of the run (an empty __init__.py, numpy helpers)
    # carries no graph code between the files that import it: two scripts sharing it stay apart.
    inert = {j for j, source in enumerate(sources) if not edges[j] and b"tensorflow" not in (source or b"")}
    for i, found in enumerate(edges):
        for j in found - inert:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(paths)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


class UnitFiles:
    """The files of one unit as read once, each parsed by Python's ``ast`` at most once, for every
    planner that looks at them before or between the passes (star imports, moves, the import graph)."""

    def __init__(self, paths: list[Path], sources: list[bytes | None]) -> None:
        self.paths, self.sources = paths, sources
        self.known = {p.resolve(): i for i, p in enumerate(paths) if p.suffix == ".py"}
        self._trees: dict[int, ast.Module | None] = {}

    def tree(self, i: int) -> ast.Module | None:
        """File ``i``'s tree (None: not a Python file, unreadable, or not Python's syntax)."""
        if i not in self._trees:
            self._trees[i] = _parsed(self.sources[i]) if self.paths[i].suffix == ".py" else None
        return self._trees[i]

    def resolve(self, i: int, node: ast.AST) -> set[int]:
        """The files of the unit an import statement of file ``i`` loads (``from pkg import models``: pkg)."""
        return _resolved(self.paths[i], node, self.known, submodules=False)

    def imports(self, i: int) -> set[int]:
        """The files of the unit file ``i`` imports (``from pkg import models``: also pkg/models.py)."""
        return _imported(self.paths[i], self.tree(i), self.known)


# -- what a file builds ---------------------------------------------------------------


@dataclass(frozen=True)
class GraphCode:
    """Why a source counts as graph code: the first such construct and its line."""

    construct: str
    line: int
    graph_mode: bool  # it turns eager execution off (kept in graph mode already)
    sessions: bool = False  # it runs a tf.Session / InteractiveSession


def graph_code(source: bytes | None, analysis: tuple[cst.Module, NameResolver] | None = None) -> GraphCode | None:
    """The graph code in ``source``, or None when it would run as it is in eager TF2.

    ``analysis``: the parse and name resolution of ``source`` when the caller has them.
    """
    if source is None or b"tensorflow" not in source:
        return None
    analysis = analysis or _analysis(source)
    if analysis is None:
        return None
    module, resolver = analysis
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    found = []
    for reference in resolver.references.values():
        qualified = resolver.qualified_names(reference.node)
        symbol = tf_symbol(qualified) if qualified else None
        if symbol is None:
            continue
        if symbol in _GRAPH_MODE:
            found.append((reference.node, symbol, True))
        elif symbol in GRAPH_BUILDING or symbol.startswith(_GRAPH_PREFIXES) or (
                symbol in tf_api.V1_ONLY and not any(q.startswith("tensorflow.compat.v1.") for q in qualified)):
            found.append((reference.node, symbol, False))
        elif symbol == "Variable" and _in_plain_function(reference.scope):
            found.append((reference.node, "Variable (created by a function: new variables on every call)", False))
    if not found:
        return None
    positions = wrapper.resolve(PositionProvider)
    lines = [(positions[node].start.line if node in positions else 0, symbol, mode) for node, symbol, mode in found]
    line, symbol, _ = min(lines)
    sessions = any(symbol in G.SESSIONS for _, symbol, _ in lines)
    return GraphCode(f"tf.{symbol}", line, any(mode for _, _, mode in lines), sessions)


def _analysis(source: bytes) -> tuple[cst.Module, NameResolver] | None:
    """``source`` parsed and its names resolved: the engine's own, when it just migrated this text."""
    analysis = analysis_of(source)
    if analysis is not None:
        return analysis
    try:
        module = cst.parse_module(source)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    resolver = NameResolver()
    module.visit(resolver)
    return module, resolver


class _GraphCodes:
    """``graph_code`` of each text the unit's passes judge, computed once per text."""

    def __init__(self) -> None:
        self._known: dict[bytes | None, GraphCode | None] = {}

    def __call__(self, source: bytes | None, analysis=None) -> GraphCode | None:
        if source not in self._known:
            self._known[source] = graph_code(source, analysis)
        return self._known[source]


def _in_plain_function(scope) -> bool:
    """A function scope not inside a class (a ``tf.Module`` method creates its variables once)."""
    kinds = []
    while scope is not None:
        kinds.append(scope.kind)
        scope = scope.parent
    return "function" in kinds and "class" not in kinds


# -- one unit ------------------------------------------------------------------------


def process_unit(paths: list[Path], codes: tuple[str, ...], options: Options) -> list[FileResult]:
    """Migrate the files of one unit (see the module docstring); one result per path, in order."""
    with read_once():  # the plans and every pass of a file see the same bytes, read from disk once
        return _process_unit(paths, codes, options)


def _process_unit(paths: list[Path], codes: tuple[str, ...], options: Options) -> list[FileResult]:
    from migrate.engine.runner import process  # runner groups files with this module

    files = UnitFiles(paths, [_source_or_none(p) for p in paths]) if len(paths) > 1 else None
    converting = "TFM300" in codes
    settings = [options] * len(paths)
    if files and any(b"import *" in s for s in files.sources if s):  # ``from utils import *`` handing this file ``tf``
        settings = [replace(options, star_imports=found) if found else options for found in star_imports.plan(files)]
    graph_codes = _GraphCodes()
    results = []
    for path, settings_i in zip(paths, settings):
        results.append(process(path, codes, settings_i))
        if files and converting and not results[-1].failed:
            for source in (results[-1].original, results[-1].migrated):  # judged while their parse is at hand
                graph_codes(source)
    if not converting:
        return results
    if files:
        for move in [*class_moves.find(files), *helper_moves.find(files)]:
            moved = moves.convert(move, paths, results, codes, settings[move.user])
            if moved is not None:
                results[move.lib], results[move.user] = moved
    forced = _make_consistent(files, results, settings, codes, graph_codes) if files else set()
    for i, result in enumerate(results):
        if i not in forced and options.fallback and not result.failed:
            reason = _unconverted_library(result, graph_codes)
            if reason:
                results[i] = process(paths[i], codes, replace(settings[i], graph_unit=reason))
    return results


def _unconverted_library(result: FileResult, graph_codes: _GraphCodes) -> str:
    """The TFM301 message for a module left with names TF2 lacks that no session of its own runs ("": none).

    Left as they were, those names fail on TF2 wherever the module is imported; through tf.compat.v1 the
    module runs under a caller kept in graph mode, the form TF1 code still runs in.
    """
    if any(f.code in ("TFM301", "TFM302") for f in result.findings):
        return ""  # the graph pass decided about this file already (kept in graph mode, or refused)
    absent = [name for name in absent_in_tf2(result.migrated) if name.startswith("tf.") and name != "tf.contrib"
              and not name.startswith(("tf.contrib.", "tf.examples", "tf.__"))]
    analysis = _analysis(result.migrated) if absent else None
    if analysis is None or _at_module_level(analysis[0], absent) or graph_codes(result.migrated, analysis) is None:
        return ""
    listed = ", ".join(absent[:3]) + (", ..." if len(absent) > 3 else "")
    return (f"this module keeps TF1 graph code ({listed}) and runs no session of its own: its TF1-only names go "
            "through tf.compat.v1, so it runs when the program calling it stays in graph mode "
            "(tf.compat.v1.disable_eager_execution())")


def _at_module_level(module: cst.Module, absent: list[str]) -> bool:
    """Does a statement outside the module's functions and classes reach one of ``absent`` (``tf.placeholder``)?

    Then the file is a script or a snippet, not a library of graph builders: its TF1-only names stay
    reported as they are (TFM900) rather than hidden behind tf.compat.v1.
    """
    dotted: set[str] = set()

    class _Dotted(cst.CSTVisitor):
        def visit_Attribute(self, node):
            dotted.add(dotted_name(node))

    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else (statement,):
            if not isinstance(small, (cst.FunctionDef, cst.ClassDef, cst.Import, cst.ImportFrom)):
                small.visit(_Dotted())
    return any(d == a or d.startswith(a + ".") for d in dotted for a in absent)


def _make_consistent(files: UnitFiles, results, settings, codes, graph_codes: _GraphCodes) -> set[int]:
    """Reprocess the files of a unit that must follow its graph-mode files (module docstring); their indexes."""
    from migrate.engine.runner import process

    def judge(source: bytes | None, i: int) -> GraphCode | None:
        if source and settings[i].star_imports:  # what it builds, with the TensorFlow its star imports give it
            source = star_imports.for_judging(source, settings[i].star_imports)
        return graph_codes(source)

    paths = files.paths
    before = [judge(r.original, i) if not r.failed else None for i, r in enumerate(results)]
    after = [judge(r.migrated, i) if not r.failed else None for i, r in enumerate(results)]
    if all(code is None for code in after):
        return set()
    imports = [files.imports(i) for i in range(len(paths))]
    reach = [_closure(i, imports) for i in range(len(paths))]
    converted = {i for i, code in enumerate(before) if code is not None and code.sessions and after[i] is None}
    graph_mode = {i for i, code in enumerate(after) if code is not None and code.graph_mode}
    graph_libs = {i for i, code in enumerate(after) if code is not None and not code.graph_mode}
    # eager code calling graph code, or both modes in one process: the unit goes to graph mode
    causes = {j for i in converted for j in reach[i] & graph_libs}
    causes |= {g for i in converted for g in graph_mode if g in reach[i] or i in reach[g]}
    if causes:
        forced = (converted | graph_libs) - graph_mode
    else:  # graph-mode files calling libraries left with TF1-only names: those get tf.compat.v1 names
        forced = {j for g in graph_mode for j in reach[g] & graph_libs}
        causes = graph_mode
    names = _short_names(paths)
    for i in sorted(forced):
        if not results[i].failed:
            reason = _reason(i, sorted(causes), before, after, imports, names)
            results[i] = process(paths[i], codes, replace(settings[i], graph_unit=reason))
    return forced


def _source_or_none(path: Path) -> bytes | None:
    try:
        return read_source(path) if path.suffix == ".py" else None
    except (OSError, SourceError):
        return None  # the file's own pass reports what is wrong with it


def _closure(i: int, imports: list[set[int]]) -> set[int]:
    """The files ``i`` imports, directly or through others."""
    seen, todo = set(), list(imports[i])
    while todo:
        j = todo.pop()
        if j not in seen and j != i:
            seen.add(j)
            todo += imports[j]
    return seen


def _reason(i, left, before, after, imports, names) -> str:
    """The TFM301 message of file ``i``: which file of its unit keeps it in graph mode, and why."""
    # the nearest cause: a file it imports, then one importing it, then any other
    near = [j for j in left if j in imports[i]] + [j for j in left if i in imports[j]] + [j for j in left if j != i]
    if not near:  # it is the only file left with graph code: the others run in graph mode because of it
        code = before[i]
        users = ", ".join(names[j] for j in range(len(names)) if i in imports[j]) or "the files of its program"
        return (f"its graph code ({code.construct}, line {code.line}) is not converted to eager and {users} "
                "use(s) it: the files of one program are kept in graph mode together")
    j = near[0]
    how = "imported here" if j in imports[i] else ("imports this file" if i in imports[j] else "same program")
    code = after[j]
    if code.graph_mode:
        why = "is kept in graph mode (see its TFM301)"
    else:
        source = before[j] or code
        why = f"keeps graph code the conversion does not make eager ({source.construct}, line {source.line})"
    return f"kept in graph mode with {names[j]} ({how}), which {why}: the files of one program run in one mode"


def _short_names(paths: list[Path]) -> list[str]:
    """Paths relative to their common folder (``ops.py``, ``pkg/models.py``)."""
    resolved = [p.resolve() for p in paths]
    common = resolved[0].parent
    while any(common not in r.parents for r in resolved):
        common = common.parent
    return [str(r.relative_to(common)) for r in resolved]


def in_input_order(groups: list[list[int]], unit_results) -> Iterator[FileResult]:
    """Yield the results of ``unit_results`` (one list per group) in the order of the input paths."""
    ready: dict[int, FileResult] = {}
    following = 0
    for group, results in zip(groups, unit_results):
        ready.update(zip(group, results))
        while following in ready:
            yield ready.pop(following)
            following += 1
