"""``tf-migrate run SCRIPT.py [ARGS...]``: run an unmodified TF1 script on the compatibility runtime."""

from __future__ import annotations

import argparse
import sys
import traceback

DESCRIPTION = "Run an unmodified TensorFlow 1 script on TensorFlow 2 (tf.compat.v1 + tf.contrib shims)."


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "run",
        help=DESCRIPTION,
        description=DESCRIPTION
        + " `import tensorflow as tf` inside the script gets the v1 API in graph mode; "
        "tensorflow.examples.tutorials.mnist reads MNIST offline (or a labelled stand-in).",
    )
    parser.add_argument("script", help="path of the TF1 Python script")
    parser.add_argument("script_args", nargs=argparse.REMAINDER, help="arguments passed to the script as sys.argv[1:]")
    parser.set_defaults(handler=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """A missing script is one line and exit 2; anything the script raises is the script's (its
    FileNotFoundError too): its traceback and exit status 1, as ``python script.py`` gives."""
    try:
        with open(args.script, "rb") as handle:
            source = handle.read()
    except FileNotFoundError:
        print(f"tf-migrate run: no such script: {args.script}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"tf-migrate run: cannot read {args.script}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        compile(source, args.script, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:  # exit 1, as python gives for a script that does not compile
        traceback.print_exception(error, limit=0)
        print(f"tf-migrate run: {args.script} is not valid Python 3 (Python 2 code such as `print x`?); "
              "the runtime runs TF1 code, not Python 2 code", file=sys.stderr)
        return 1
    from migrate.runtime import run_script

    try:
        return run_script(args.script, args.script_args)
    except Exception:  # FileNotFoundError and SyntaxError included: raised by the script itself
        traceback.print_exc()
        return 1
