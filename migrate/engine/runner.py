"""Run the migration over many files, in parallel when asked."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from migrate.engine import project
from migrate.engine.cache import Cache
from migrate.engine.context import Options
from migrate.engine.files import read_source
from migrate.engine.notebook import migrate_notebook
from migrate.engine.rule import Rule, select_rules
from migrate.engine.source import SourceError, migrate_python
from migrate.findings import Finding, FileResult, Severity

_RULES: list[Rule] | None = None  # per process: built once, reused for every file


def rules_for(codes: tuple[str, ...]) -> list[Rule]:
    global _RULES
    if _RULES is None or tuple(r.code for r in _RULES) != codes:
        _RULES = [cls() for cls in select_rules() if cls.code in codes]
    return _RULES


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, so a container's limit counts), as ruff does."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _source_or_none(path: Path) -> bytes | None:
    try:
        return read_source(path) if path.suffix == ".py" else None
    except SourceError:
        return None


def migrate_bytes(data: bytes, name: str, rules: list[Rule], options: Options) -> tuple[bytes, list[Finding]]:
    migrate = migrate_notebook if name.endswith(".ipynb") else migrate_python
    return migrate(data, name, rules, options)


def process(path: Path, codes: tuple[str, ...], options: Options) -> FileResult:
    result = FileResult(str(path))
    start = time.process_time()
    try:
        result.original = read_source(path)
        result.migrated, result.findings = migrate_bytes(result.original, str(path), rules_for(codes), options)
    except SourceError as exc:
        result.error = str(exc)
    except RecursionError:
        result.error = "too deeply nested to parse"
    except Exception as exc:  # a bug in a rule must cost one file, not the whole run
        result.error = f"internal error in tf-migrate ({type(exc).__name__}: {exc}); please report it"
    if result.error:
        result.migrated = None
        result.findings = [Finding("TFM001", Severity.ERROR, result.error, str(path))]
    elif not result.changed:  # nothing was rewritten: no finding may count as a fix (a second pass)
        result.findings = [replace(f, fixed=False) for f in result.findings if not (f.fixed and not f.needs_attention)]
    if not result.error:
        result.tf1_left  # noqa: B018  (computed here, in the worker, off the engine's last pass: see idiom._resolved)
    result.seconds = time.process_time() - start
    return result


def _die_with_parent() -> None:
    """Worker initializer: a worker must not outlive the run (SIGKILL of the parent included)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's handler, inherited by the fork: terminate() kills
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


def _lost(unit: list[Path]) -> list[FileResult]:
    message = "the worker process migrating this file died (killed, or out of memory); not migrated"
    return [FileResult(str(p), error=message, findings=[Finding("TFM001", Severity.ERROR, message, str(p))])
            for p in unit]


def _parallel(units: list[list[Path]], codes, options, jobs: int) -> Iterator[list[FileResult]]:
    """Results per unit, in order. A worker that dies costs the unit it was running, not the run:
    after a break the units left are run one at a time, so the one that breaks again is known."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent)
    futures = [pool.submit(project.process_unit, unit, codes, options) for unit in units]
    try:
        for k, future in enumerate(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                yield from _isolated(units[k:], codes, options)
                return
    finally:
        if pool:  # on SIGTERM/Ctrl-C too: running workers are stopped, not waited for
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                if process.is_alive():
                    process.terminate()


def _isolated(units, codes, options) -> Iterator[list[FileResult]]:
    pool = None
    try:
        for unit in units:
            pool = pool or ProcessPoolExecutor(max_workers=1, initializer=_die_with_parent)
            try:
                yield pool.submit(project.process_unit, unit, codes, options).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False)
                pool = None
                yield _lost(unit)
    finally:
        if pool:
            pool.shutdown(wait=False, cancel_futures=True)


def run(
    paths: list[Path],
    codes: tuple[str, ...],
    options: Options,
    jobs: int = 1,
    progress: Callable[[Iterable[FileResult], int], Iterable[FileResult]] | None = None,
    cache: Cache | None = None,
) -> Iterator[FileResult]:
    """Yield one result per path, in input order.

    Files that import each other are migrated together, as one unit (``engine/project.py``).
    With a ``cache``, a unit whose files, settings and tool are all unchanged is read back from it.
    """
    sources = [_source_or_none(p) for p in paths]
    groups = project.units(paths, sources)
    units = [[paths[i] for i in group] for group in groups]
    inputs: list[list[bytes] | None] = [None] * len(units)
    keys: list[str | None] = [None] * len(units)
    hits: dict[int, list[FileResult]] = {}
    if cache is not None:
        for k, group in enumerate(groups):
            inputs[k] = [sources[i] if sources[i] is not None else _raw(paths[i]) for i in group]
            if all(data is not None for data in inputs[k]):
                keys[k] = cache.key(units[k], inputs[k], codes, options, [project._roots(p) for p in units[k]])
                found = cache.get(keys[k], inputs[k])
                if found is not None:
                    hits[k] = found
    todo = [unit for k, unit in enumerate(units) if k not in hits]
    if jobs > 1 and len(todo) > 1:
        computed = _parallel(todo, codes, options, jobs)
    else:
        computed = (project.process_unit(unit, codes, options) for unit in todo)
    per_unit = _merged(len(units), hits, computed, cache, keys, inputs)
    results = project.in_input_order(groups, per_unit)
    try:
        yield from (progress(results, len(paths)) if progress else results)
    finally:
        per_unit.close()
        close = getattr(computed, "close", None)
        if close:
            close()


def _raw(path: Path) -> bytes | None:
    """A notebook's bytes, for its cache key."""
    try:
        return read_source(path)
    except SourceError:
        return None


def _merged(count, hits, computed, cache, keys, inputs) -> Iterator[list[FileResult]]:
    """Each unit's results in order: read from the cache, else the next computed one (then stored)."""
    computed = iter(computed)
    for k in range(count):
        if k in hits:
            yield hits[k]
            continue
        results = next(computed)
        if cache is not None and keys[k] is not None:
            cache.put(keys[k], inputs[k], results)
        yield results
