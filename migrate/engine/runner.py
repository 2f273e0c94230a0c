"""Run the migration over many files, in parallel when asked."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

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
    """Yield one result per path, in input order."""
    if jobs > 1 and len(paths) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        chunk = max(1, len(paths) // (jobs * 8))
        results = pool.map(process, paths, [codes] * len(paths), [options] * len(paths), chunksize=chunk)
    else:
        pool = None
        results = (process(p, codes, options) for p in paths)
    try:
        yield from (progress(results, len(paths)) if progress else results)
    finally:
        if pool:
            pool.shutdown()
