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
    from migrate.runtime import run_script

    try:
        return run_script(args.script, args.script_args)
    except FileNotFoundError as error:
        print(f"tf-migrate run: {error}", file=sys.stderr)
        return 2
    except SyntaxError:
        traceback.print_exc(limit=0)
        print(
            f"tf-migrate run: {args.script} is not valid Python 3 (Python 2 code such as `print x`?); "
            "the runtime runs TF1 code, not Python 2 code",
            file=sys.stderr,
        )
        return 1
    except Exception:  # the script's own failure: show its traceback, like python would
        traceback.print_exc()
        return 1
