"""``tf-migrate rewrite PATH...``: migrate files, notebooks and trees.

Default: print a unified diff and write nothing. Exit status: 0 nothing to
change, 1 something would change (or changed), 2 a file could not be
processed, 3 both.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from pathlib import Path

from migrate import config, report
from migrate.engine import runner
from migrate.engine.cache import enabled_by_environment as cache_enabled
from migrate.engine.context import Options
from migrate.engine.files import Selection, copy_atomic, discover_all, write_atomic
from migrate.engine.rule import select_rules
from migrate.engine.source import SourceError
from migrate.findings import FileResult, Finding, Severity

PROGRESS_MIN_FILES = 5


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("rewrite", help="migrate TF1 code to TF2", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories ('-' reads stdin)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite files in place")
    mode.add_argument("--out-dir", type=Path, metavar="DIR", help="write a migrated copy of the tree to DIR")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when something would change")
    parser.add_argument("--diff", action="store_true", help="with --check/--write: also print the diff")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write every finding to FILE (.json, .md or .sarif)")
    parser.add_argument("--output-format", choices=("text", *report.FORMATS), default="text",
                        help="text (default): diffs on stdout, findings on stderr; json, markdown, sarif (2.1.0, for "
                             "code scanning) or github (annotation lines for CI logs): that report on stdout instead")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="settings for every path from FILE (else each file's nearest pyproject.toml "
                             "with [tool.tf-migrate])")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out paths matching GLOB (git wildmatch, relative to the current directory; "
                             "repeatable; adds to the config's exclude)")
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply --exclude, exclude and .gitignore to paths named on the command line too "
                             "(for pre-commit and editors)")
    parser.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                        help="migrate files .gitignore lists too")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the path of the code read from stdin: for its settings, findings and notebook-ness")
    parser.add_argument("-v", "--verbose", action="store_true", help="per file: CPU time and the rules that fired")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour findings and diffs (auto: on a terminal, unless NO_COLOR is set)")
    parser.add_argument("--select", type=_codes, metavar="CODES", help="only these rule codes/families (comma-separated)")
    parser.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these rule codes/families")
    parser.add_argument("--no-fallback", dest="fallback", action="store_false", default=None,
                        help="leave code that can't be migrated untouched instead of falling back to tf.compat.v1")
    parser.add_argument("--target", choices=("tf2.15", "latest"), default=None, help="TensorFlow profile to target")
    parser.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                        help="parallel worker processes (default: the CPUs this process may use)")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="migrate every file again (default: unchanged files' results are read back from "
                             "$TF_MIGRATE_CACHE_DIR or ~/.cache/tf-migrate; TF_MIGRATE_NO_CACHE=1 also turns it off)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    parser.set_defaults(handler=main)


def _codes(text: str) -> list[str]:
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:  # `--select ''` must not quietly mean "every rule"
        raise argparse.ArgumentTypeError("needs at least one rule code, prefix or family")
    return codes


def _refuse(message: str) -> int:
    print(f"tf-migrate: error: {message}", file=sys.stderr)
    return 2


def main(args: argparse.Namespace) -> int:
    if not args.paths:
        if not args.stdin_filename:
            return _refuse("give a PATH, or '-' with --stdin-filename")
        args.paths = ["-"]
    if args.report and args.report.suffix not in (".json", ".md", ".sarif"):
        return _refuse("--report must end in .json, .md or .sarif")
    try:
        resolver = config.Resolver(args.config)
        selection = Selection([(Path.cwd(), args.exclude)], gitignore=args.respect_gitignore,
                              force=args.force_exclude, config_excludes=resolver.excludes)
        if "-" in args.paths:
            if len(args.paths) > 1:
                return _refuse("'-' (standard input) cannot be combined with other paths")
            if args.write or args.out_dir:
                return _refuse(f"{'--write' if args.write else '--out-dir'} cannot be used with '-': the result goes to stdout")
            name = Path(args.stdin_filename) if args.stdin_filename else None
            codes, options = _plan(resolver.for_path(name or Path(".")), args)
            if name is not None and selection.excluded_as_named(name):
                codes = ()  # --force-exclude: an excluded file passes through unchanged (as ruff does)
            return _stdin(codes, options, args)
        if args.out_dir:
            problem = _out_dir_problem(args.paths, args.out_dir)
            if problem:
                return _refuse(problem)
        paths, skipped = discover_all(args.paths, selection)
        if args.out_dir:  # `--out-dir migrated .` must not migrate (or copy) an earlier run's output
            out_resolved = args.out_dir.resolve()
            paths = [p for p in paths if out_resolved not in p.resolve().parents]
        groups = _groups(paths, resolver, args)
    except (config.ConfigError, ValueError) as exc:
        print(f"tf-migrate: error: {exc}", file=sys.stderr)
        return 2
    painter = _Painter(args.color)
    progress = _progress_bar if len(paths) > PROGRESS_MIN_FILES and sys.stderr.isatty() and not args.quiet else None
    results = []
    for path, reason in skipped:
        result = FileResult(str(path))
        result.findings.append(Finding("TFM003", Severity.WARNING, reason, str(path)))
        _emit(result, args, painter)
        results.append(result)
    jobs = max(1, args.jobs) if args.jobs is not None else runner.available_cpus()
    cache = runner.Cache.open() if args.cache and cache_enabled() else None
    for codes, options, members in groups:  # one run per settings: files of a config migrate together
        with contextlib.closing(runner.run(members, codes, options, jobs=jobs, progress=progress, cache=cache)) as run:
            for result in run:  # closed on SIGTERM / Ctrl-C too: the workers are stopped, not waited for
                _emit(result, args, painter)
                results.append(result)
    if args.out_dir:
        try:
            _copy_tree(args.paths, results, args.out_dir)
        except (OSError, SourceError, shutil.Error) as exc:
            if isinstance(exc, shutil.Error):
                exc = "; ".join(f"{a}: {why}" for a, _, why in exc.args[0][:3])
            print(f"tf-migrate: error: cannot write {args.out_dir}: {exc}", file=sys.stderr)
            return _status(results) | 2
    status = _status(results) | _write_report(results, args)
    _print_format(results, args)
    print(painter.summary(report.summary_line(results)), file=sys.stderr)
    return status


def _plan(settings: config.Settings, args) -> tuple[tuple[str, ...], Options]:
    """Rule codes and options for files governed by ``settings``; flags win over the config."""
    rules = select_rules(args.select or settings.get("select"), args.ignore or settings.get("ignore"))
    options = Options(
        fallback=settings.get("fallback", True) if args.fallback is None else args.fallback,
        target=args.target or settings.get("target", "tf2.15"),
    )
    return tuple(r.code for r in rules), options


def _groups(paths: list[Path], resolver: config.Resolver, args) -> list:
    """Paths by the (codes, options) their config gives, in order of first appearance."""
    groups: dict[Path | None, tuple[tuple[str, ...], Options, list[Path]]] = {}
    for path in paths:
        settings = resolver.for_path(path)
        if settings.path not in groups:
            try:
                groups[settings.path] = (*_plan(settings, args), [])
            except ValueError as exc:
                raise config.ConfigError(f"{settings.path}: [tool.tf-migrate] {exc}" if settings.path else exc) from None
        groups[settings.path][2].append(path)
    return list(groups.values())


def _print_format(results: list[FileResult], args) -> None:
    if args.output_format == "text":
        return
    text = report.FORMATS[args.output_format](results)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _close_stdout()


def _write_report(results: list[FileResult], args) -> int:
    """Write ``--report`` if asked: 0, or 2 when it can't be written."""
    if not args.report:
        return 0
    write = {".json": report.to_json, ".md": report.to_markdown, ".sarif": report.to_sarif}[args.report.suffix]
    text = write(results)
    try:  # surrogateescape: a file name that is not UTF-8 is written as its own bytes
        write_atomic(args.report, text.encode("utf-8", "surrogateescape"))
    except (OSError, SourceError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        print(f"tf-migrate: error: cannot write report {args.report}: {why}", file=sys.stderr)
        return 2
    return 0


def _emit(result: FileResult, args, painter: _Painter) -> None:
    text = args.output_format == "text"  # else the chosen report, at the end, says it all
    if args.verbose:
        fired = sorted({f.code for f in result.findings if f.fixed})
        said = sorted({f.code for f in result.findings if not f.fixed} - set(fired))
        print(f"{result.path}: {result.seconds:.3f} s CPU; rules fired: {', '.join(fired) or 'none'}"
              + (f"; reported: {', '.join(said)}" if said else ""), file=sys.stderr)
    if result.failed:
        if text:
            print(painter.finding(f"{result.path}: error: {result.error} (left untouched)"), file=sys.stderr)
        return
    if result.changed:
        if args.write:
            try:
                links = os.stat(result.path).st_nlink if os.path.exists(result.path) else 1
                write_atomic(Path(result.path), result.migrated, expected=result.original)
                if links > 1:
                    result.findings.append(Finding(
                        "TFM004", Severity.WARNING, f"had {links} hard links: this name now holds the migrated file, "
                        "the other names keep the original", result.path))
            except (SourceError, OSError) as exc:
                result.error = f"not written: {exc}"
                result.migrated = None  # nothing changed on disk: count it as failed, not as changed
                result.findings.append(Finding("TFM002", Severity.ERROR, result.error, result.path))
                print(painter.finding(f"{result.path}: error: {result.error}"), file=sys.stderr)
                return
        if not args.quiet and (args.diff or (text and not (args.write or args.check or args.out_dir))):
            _write_diff(painter.diff(report.unified_diff(result)))
        elif args.check and not args.quiet and text:
            print(f"would rewrite {result.path}", file=sys.stderr)
    if not args.quiet and text:
        for finding in report.needs_attention(result):
            print(painter.finding(finding.format()), file=sys.stderr)


def _write_diff(text: str) -> None:
    try:
        sys.stdout.write(text)
    except BrokenPipeError:  # `| head`: the reader is gone; the run (and --write) goes on
        _close_stdout()
    except UnicodeEncodeError:
        # A non-UTF-8 source (latin-1 with a coding line) reaches the diff as surrogate escapes:
        # print its original bytes so the patch still applies, instead of crashing mid-run.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
        sys.stdout.buffer.flush()


def _close_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _out_dir_problem(inputs: list[str], out_dir: Path) -> str | None:
    """Why ``--out-dir`` can't be written as asked: it is an input, or two inputs land on one path."""
    out = out_dir.resolve()
    seen: dict[Path, str] = {}
    for raw in inputs:
        source = Path(raw)
        real = source.resolve()
        if out == real:
            return f"--out-dir {out_dir} is the input {raw} itself"
        target = _target(source, out)
        if target == real:  # `--out-dir . src`: the copy would overwrite the input
            return f"--out-dir {out_dir} would write {raw}'s copy over {raw} itself"
        if target in seen:
            return f"--out-dir: {seen[target]} and {raw} would both be written to {target}"
        seen[target] = raw
    return None


def _target(source: Path, out_dir: Path) -> Path:
    name = source.name if source.name not in ("", "..") else source.resolve().name
    return out_dir if source == Path(".") or not name else out_dir / name


def _status(results: list[FileResult]) -> int:
    return (1 if any(r.changed for r in results) else 0) | (2 if any(r.failed for r in results) else 0)


def _stdin(codes, options, args) -> int:
    if args.output_format != "text" and not args.check:
        return _refuse(f"--output-format {args.output_format} with '-' needs --check: stdout holds the migrated code")
    try:
        data = sys.stdin.buffer.read()
    except (AttributeError, OSError, ValueError):  # stdin closed (`<&-`) or not readable
        return _refuse("cannot read standard input")
    name = args.stdin_filename or "<stdin>"  # an editor's buffer: findings, and .ipynb-ness, by its file name
    result = FileResult(name, original=data)
    try:
        if b"\0" in data:  # the same refusal as for files (read_source)
            raise SourceError("binary input (contains NUL bytes)")
        result.migrated, result.findings = runner.migrate_bytes(data, name, runner.rules_for(codes), options)
        if args.check:  # a gate prints no code: the exit status says it, --diff shows it
            if args.diff and result.changed:
                _write_diff(report.unified_diff(result))
        else:
            sys.stdout.buffer.write(result.migrated)
    except (SourceError, RecursionError) as exc:
        result.error = str(exc) if isinstance(exc, SourceError) else "too deeply nested to parse"
        if not args.check:
            sys.stdout.buffer.write(data)
        print(f"{name}: error: {exc} (passed through unchanged)", file=sys.stderr)
    if args.output_format == "text":
        for finding in report.needs_attention(result):
            print(finding.format(), file=sys.stderr)
    _print_format([result], args)
    return _status([result]) | _write_report([result], args)


def _copy_tree(inputs: list[str], results: list[FileResult], out_dir: Path) -> None:
    """Mirror each input under ``out_dir`` (all files, modes kept), then write migrated files."""
    # Match results to inputs by the path as walked, not as resolved: a symlinked file is copied
    # as a regular file and must get the migrated content too, wherever its target lives.
    migrated = {Path(r.path): r.migrated for r in results if r.changed and not r.failed}
    out_resolved = out_dir.resolve()

    def skip(folder, names):
        ignored = set(shutil.ignore_patterns(".git", "__pycache__")(folder, names))
        return ignored | {n for n in names if Path(folder, n).resolve() == out_resolved}

    for raw in inputs:
        source = Path(raw)
        target = _target(source, out_dir)
        if source.is_dir():
            # symlinks copied as symlinks: nothing from outside the tree, no `ln -s . loop` recursion
            shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True, ignore=skip, copy_function=copy_atomic)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_atomic(str(source), str(target))
        for path, data in migrated.items():
            if source.is_dir():
                try:
                    destination = target / path.relative_to(source)
                except ValueError:
                    continue
            elif path == source:
                destination = target
            else:
                continue
            mode = destination.stat().st_mode & 0o7777
            destination.chmod(mode | 0o200)  # our own fresh copy: a read-only source stays read-only after
            write_atomic(destination, data)
            destination.chmod(mode)


class _Painter:
    """ANSI colour for a person at a terminal: auto = stderr is a TTY and NO_COLOR is unset or empty
    (no-color.org); never in a pipe, a file or CI logs unless ``--color always``."""

    _SEVERITY = {" error ": "\033[31m", " warning ": "\033[33m", ": error:": "\033[31m"}

    def __init__(self, mode: str) -> None:
        if mode == "auto":
            on = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
            self.on, self.diff_on = on, on and sys.stdout.isatty()
        else:
            self.on = self.diff_on = mode == "always"

    def finding(self, line: str) -> str:
        if not self.on:
            return line
        for word, colour in self._SEVERITY.items():
            if word in line:
                head, _, tail = line.partition(word)
                return f"\033[1m{head}\033[0m{colour}{word}\033[0m{tail}"
        return line

    def summary(self, line: str) -> str:
        return f"\033[1m{line}\033[0m" if self.on else line

    def diff(self, text: str) -> str:
        if not self.diff_on:
            return text
        colours = {"+": "\033[32m", "-": "\033[31m", "@": "\033[36m"}
        out = []
        for line in text.splitlines(keepends=True):
            colour = "\033[1m" if line.startswith(("+++", "---")) else colours.get(line[:1])
            out.append(f"{colour}{line.rstrip(chr(10))}\033[0m\n" if colour else line)
        return "".join(out)


def _progress_bar(results, total):
    try:
        from tqdm import tqdm
    except ImportError:  # the base install has no tqdm: no bar, the same run
        return results
    return tqdm(results, total=total, unit="file", file=sys.stderr, leave=False)
