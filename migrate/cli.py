"""The ``tf-migrate`` command line: one subcommand per module in ``migrate.commands``.

Each command module defines ``add_parser(subparsers)``, which registers the
subcommand with ``set_defaults(handler=main)``, and ``main(args) -> int``.
Modules are discovered, so adding a command never edits this file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import signal
import sys
import threading

import migrate
import migrate.commands

# Commands that need an extra of the package: the modules they import, and the extra that brings them.
# The base install (the codemod, explain, the reports) has none of them (pyproject.toml).
EXTRAS = {
    "run": ("runtime", ("tensorflow", "numpy")),
    "verify": ("verify", ("tensorflow", "numpy", "sklearn", "matplotlib", "tensorboard", "tqdm")),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf-migrate", description="Migrate TensorFlow 1.x code to idiomatic TensorFlow 2."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {migrate.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(migrate.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"migrate.commands.{info.name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Exit status: what the command returns; 2, with one line on stderr, for any failure of the tool
    itself (1 means "changes" for ``rewrite``: an uncaught traceback must never look like it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    missing = missing_extra(args.command)
    if missing:
        _say(missing)
        return 2
    previous = _terminate_cleanly()
    try:
        return args.handler(args)
    except BrokenPipeError:  # `| head` closed the pipe: stop printing, not a traceback
        _silence_stdout()
        return 2
    except KeyboardInterrupt:
        _say("tf-migrate: interrupted")
        return 130
    except SystemExit:
        raise
    except Exception as exc:
        _say(f"tf-migrate: internal error ({type(exc).__name__}: {exc}); please report it")
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def missing_extra(command: str | None) -> str | None:
    """The line telling how to install what ``command`` needs, or None when it is installed."""
    import importlib.util

    extra, modules = EXTRAS.get(command, (None, ()))
    absent = [name for name in modules if importlib.util.find_spec(name) is None]
    if not absent:
        return None
    return (f"tf-migrate {command}: needs {', '.join(absent)}, which the base install leaves out; "
            f'install it with: pip install "tf-migrate[{extra}]"')


def _terminate_cleanly():
    """SIGTERM runs the same clean-up as Ctrl-C (temporary files removed, workers stopped)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        import multiprocessing

        for worker in multiprocessing.active_children():  # else interpreter exit waits for them
            worker.terminate()
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass
