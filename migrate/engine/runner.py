"""Run the migration over many files, in parallel when asked."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

from migrate.engine import project
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
    return result


def run(
    paths: list[Path],
    codes: tuple[str, ...],
    options: Options,
    jobs: int = 1,
    progress: Callable[[Iterable[FileResult], int], Iterable[FileResult]] | None = None,
) -> Iterator[FileResult]:
    """Yield one result per path, in input order.

    Files that import each other are migrated together, as one unit (``engine/project.py``).
    """
    groups = project.units(paths, [_source_or_none(p) for p in paths])
    units = [[paths[i] for i in group] for group in groups]
    if jobs > 1 and len(units) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        chunk = max(1, len(units) // (jobs * 8))
        per_unit = pool.map(project.process_unit, units, [codes] * len(units), [options] * len(units), chunksize=chunk)
    else:
        pool = None
        per_unit = (project.process_unit(unit, codes, options) for unit in units)
    results = project.in_input_order(groups, per_unit)
    try:
        yield from (progress(results, len(paths)) if progress else results)
    finally:
        if pool:
            pool.shutdown()
