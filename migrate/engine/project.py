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
from migrate.engine import helper_moves, star_imports
from migrate.engine.context import Options
from migrate.engine.files import read_source
from migrate.engine.names import NameResolver
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
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    found: set[int] = set()
    for node in ast.walk(tree):
        found |= _resolved(path, node, known, submodules=True)
    found.discard(known.get(path.resolve()))
    return found


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


# -- what a file builds ---------------------------------------------------------------


@dataclass(frozen=True)
class GraphCode:
    """Why a source counts as graph code: the first such construct and its line."""

    construct: str
    line: int
    graph_mode: bool  # it turns eager execution off (kept in graph mode already)
    sessions: bool = False  # it runs a tf.Session / InteractiveSession


def graph_code(source: bytes | None) -> GraphCode | None:
    """The graph code in ``source``, or None when it would run as it is in eager TF2."""
    if source is None or b"tensorflow" not in source:
        return None
    analysis = analysis_of(source)  # the engine's own parse, when it just migrated this text
    if analysis is not None:
        module, resolver = analysis
    else:
        try:
            module = cst.parse_module(source)
        except (cst.ParserSyntaxError, RecursionError):
            return None
        resolver = NameResolver()
        module.visit(resolver)
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
    from migrate.engine.runner import process  # runner groups files with this module

    judged: dict[bytes, GraphCode | None] = {}  # graph_code of inputs and outputs, while their parse is at hand

    def processed(path: Path, settings: Options) -> FileResult:
        result = process(path, codes, settings)
        if len(paths) > 1 and "TFM300" in codes and not result.failed:
            for source in (result.original, result.migrated):
                if source not in judged:
                    judged[source] = graph_code(source)
        return result

    def judge(source: bytes | None, i: int) -> GraphCode | None:
        if source and settings[i].star_imports:  # what it builds, with the TensorFlow its star imports give it
            source = star_imports.for_judging(source, settings[i].star_imports)
        return judged[source] if source in judged else graph_code(source)

    settings = [options] * len(paths)
    sources = [_source_or_none(p) for p in paths] if len(paths) > 1 else []
    if any(b"import *" in s for s in sources if s):  # ``from utils import *`` handing this file ``tf``
        planned = star_imports.plan(paths, sources, _star_resolver(paths))
        settings = [replace(options, star_imports=found) if found else options for found in planned]
    results = [processed(path, settings[i]) for i, path in enumerate(paths)]
    if len(paths) > 1 and "TFM300" in codes:
        for lib, user, name in _class_moves(paths, [r.original for r in results]):
            moved = _convert_across(paths, results, lib, user, name, codes, options)
            if moved is not None:
                results[lib], results[user] = moved
        for move in helper_moves.find(paths, [r.original for r in results], _star_resolver(paths)):
            moved = helper_moves.convert(move, paths, results, codes, settings[move.user], _same_imports, _migrate)
            if moved is not None:
                results[move.lib], results[move.user] = moved
    if "TFM300" not in codes:
        return results
    forced = _make_consistent(paths, results, settings, codes, judge) if len(paths) > 1 else set()
    for i, result in enumerate(results):
        if i not in forced and options.fallback and not result.failed:
            reason = _unconverted_library(result)
            if reason:
                results[i] = process(paths[i], codes, replace(settings[i], graph_unit=reason))
    return results


def _unconverted_library(result: FileResult) -> str:
    """The TFM301 message for a module left with names TF2 lacks that no session of its own runs ("": none).

    Left as they were, those names fail on TF2 wherever the module is imported; through tf.compat.v1 the
    module runs under a caller kept in graph mode, the form TF1 code still runs in.
    """
    if any(f.code in ("TFM301", "TFM302") for f in result.findings):
        return ""  # the graph pass decided about this file already (kept in graph mode, or refused)
    absent = [name for name in absent_in_tf2(result.migrated) if name.startswith("tf.") and name != "tf.contrib"
              and not name.startswith(("tf.contrib.", "tf.examples", "tf.__"))]
    if not absent or _at_module_level(result.migrated, absent) or graph_code(result.migrated) is None:
        return ""
    listed = ", ".join(absent[:3]) + (", ..." if len(absent) > 3 else "")
    return (f"this module keeps TF1 graph code ({listed}) and runs no session of its own: its TF1-only names go "
            "through tf.compat.v1, so it runs when the program calling it stays in graph mode "
            "(tf.compat.v1.disable_eager_execution())")


def _at_module_level(source: bytes, absent: list[str]) -> bool:
    """Does a statement outside the module's functions and classes reach one of ``absent`` (``tf.placeholder``)?

    Then the file is a script or a snippet, not a library of graph builders: its TF1-only names stay
    reported as they are (TFM900) rather than hidden behind tf.compat.v1.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    outside = [s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                                          ast.Import, ast.ImportFrom))]
    for statement in outside:
        for node in ast.walk(statement):
            if isinstance(node, ast.Attribute):
                try:
                    dotted = ast.unparse(node)
                except (ValueError, RecursionError):
                    continue
                if any(dotted == a or dotted.startswith(a + ".") for a in absent):
                    return True
    return False


def _make_consistent(paths, results, settings, codes, judge) -> set[int]:
    """Reprocess the files of a unit that must follow its graph-mode files (module docstring); their indexes."""
    from migrate.engine.runner import process

    before = [judge(r.original, i) if not r.failed else None for i, r in enumerate(results)]
    after = [judge(r.migrated, i) if not r.failed else None for i, r in enumerate(results)]
    if all(code is None for code in after):
        return set()
    sources = [r.original for r in results]
    known = {p.resolve(): i for i, p in enumerate(paths) if p.suffix == ".py"}
    imports = [imported_files(p, s, known) if s else set() for p, s in zip(paths, sources)]
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


def _migrate(code: bytes, path: str, codes: tuple[str, ...], options: Options):
    from migrate.engine.runner import migrate_bytes, rules_for

    return migrate_bytes(code, path, rules_for(codes), options)


def _source_or_none(path: Path) -> bytes | None:
    try:
        return read_source(path) if path.suffix == ".py" else None
    except (OSError, SourceError):
        return None  # the file's own pass reports what is wrong with it


def _star_resolver(paths: list[Path]):
    known = {p.resolve(): i for i, p in enumerate(paths) if p.suffix == ".py"}
    return lambda path, node: _resolved(path, node, known, submodules=False)


def _closure(i: int, imports: list[set[int]]) -> set[int]:
    """The files ``i`` imports, directly or through others."""
    seen, todo = set(), list(imports[i])
    while todo:
        j = todo.pop()
        if j not in seen and j != i:
            seen.add(j)
            todo += imports[j]
    return seen


# -- a model class defined in one file and run from another ----------------------------


def _class_moves(paths: list[Path], sources: list[bytes | None]) -> list[tuple[int, int, str]]:
    """(library, user, class name): ``from lib import Model`` in the one file of the unit that uses it.

    The library's class builds graph code (placeholders) and has no session of its own; the user file
    creates the instances and runs them. Another file using the same class: no move (its run sites
    would be needed too), the unit then stays in graph mode as a whole.
    """
    known = {p.resolve(): i for i, p in enumerate(paths) if p.suffix == ".py"}
    users: dict[tuple[int, str], list[int]] = {}
    for i, (path, source) in enumerate(zip(paths, sources)):
        if path.suffix != ".py" or not source or b"import" not in source:
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and not any(a.name == "*" for a in node.names):
                for lib in _resolved(path, node, known, submodules=False) - {i}:
                    for alias in node.names:
                        if alias.asname is None:
                            users.setdefault((lib, alias.name), []).append(i)
    moves = []
    for (lib, name), found in users.items():
        source = sources[lib] or b""
        if len(set(found)) == 1 and b"placeholder" in source and b"Session" not in source:
            moves.append((lib, found[0], name))
    return moves


def _convert_across(paths, results, lib, user, name, codes, options) -> tuple[FileResult, FileResult] | None:
    """Convert class ``name`` of file ``lib`` together with its run sites in file ``user``; None: can't.

    The class is put into the user file right after its import (a fresh parse, so the engine resolves
    it like any class of that file), the file is migrated, and the converted class goes back to the
    library. Only when every name the class reads from its own module is an import the user file
    binds the same way (``tf``, ``np``), so the class means the same thing in both places.
    """
    from migrate.engine.runner import migrate_bytes, rules_for

    library, using = results[lib], results[user]
    if library.failed or using.failed:
        return None
    try:
        lib_module, user_module = cst.parse_module(library.original), cst.parse_module(using.original)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    classes = [s for s in lib_module.body if isinstance(s, cst.ClassDef) and s.name.value == name]
    if len(classes) != 1 or not _same_imports(classes[0], lib_module, user_module):
        return None
    at = next((i for i, s in enumerate(user_module.body) if _imports_name(s, name)), None)
    if at is None:
        return None
    cls = classes[0].with_changes(leading_lines=[cst.EmptyLine(indent=False)] * 2)
    combined = user_module.with_changes(body=[*user_module.body[:at + 1], cls, *user_module.body[at + 1:]])
    inserted_from = len(user_module.code_for_node(user_module.with_changes(body=user_module.body[:at + 1]))
                        .splitlines()) + 1
    class_lines = len(combined.code_for_node(cls).splitlines())
    try:
        migrated, findings = migrate_bytes(combined.bytes, str(paths[user]), rules_for(codes), options)
        out = cst.parse_module(migrated)
    except Exception:  # noqa: BLE001  (the files are then migrated one by one, as before)
        return None
    converted = [s for s in out.body if isinstance(s, cst.ClassDef) and s.name.value == name]
    if len(converted) != 1 or any(f.code in ("TFM301", "TFM302") for f in findings) or \
            not any("Module" in cst.Module([]).code_for_node(b.value) for b in converted[0].bases):
        return None
    rest = [s for s in out.body if s is not converted[0]]
    user_result = FileResult(str(paths[user]), original=using.original, migrated=out.with_changes(body=rest).bytes)
    lib_start = lib_module.code_for_node(lib_module.with_changes(body=lib_module.body[:lib_module.body.index(classes[0])]))
    class_start = len(lib_start.splitlines()) + len(classes[0].leading_lines) + 1
    moved_findings = []
    for finding in findings:
        if inserted_from + 2 <= finding.line < inserted_from + class_lines:
            moved_findings.append(replace(finding, path=str(paths[lib]), line=finding.line - inserted_from - 2 + class_start))
        else:
            shift = class_lines if finding.line >= inserted_from + class_lines else 0
            user_result.findings.append(replace(finding, line=finding.line - shift))
    new_lib = lib_module.with_changes(body=[converted[0].with_changes(leading_lines=classes[0].leading_lines)
                                            if s is classes[0] else s for s in lib_module.body])
    lib_result = FileResult(str(paths[lib]), original=library.original)
    try:
        lib_result.migrated, lib_result.findings = migrate_bytes(new_lib.bytes, str(paths[lib]), rules_for(codes), options)
    except Exception:  # noqa: BLE001
        return None
    lib_result.findings = moved_findings + lib_result.findings
    return lib_result, user_result


def _imports_name(statement, name: str) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar)
        and any(a.asname is None and cst.Module([]).code_for_node(a.name) == name for a in small.names)
        for small in statement.body)


def _same_imports(cls: cst.ClassDef, lib: cst.Module, user: cst.Module) -> bool:
    """Is every module-level name the class reads an import, bound identically in the user file?"""
    lib_resolver, user_resolver = NameResolver(), NameResolver()
    lib.visit(lib_resolver)
    user.visit(user_resolver)
    inside = _node_ids(cls)
    read = {ref.base for ref in lib_resolver.references.values() if id(ref.node) in inside}
    for name in read:
        bindings = lib_resolver.module_scope.bindings.get(name)
        if not bindings or name == cls.name.value:
            continue  # a builtin or local name (a local shadows: the resolver put it in the method's scope)
        qualified = {q for q, _ in bindings}
        if None in qualified or qualified != {q for q, _ in user_resolver.module_scope.bindings.get(name, [])}:
            return False
    return True


def _node_ids(container) -> set[int]:
    found: set[int] = set()

    class _All(cst.CSTVisitor):
        def on_visit(self, inner):
            found.add(id(inner))
            return True

    container.visit(_All())
    return found


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
