"""The codemod never imports TensorFlow: loading every rule must not (it costs seconds per CLI start)."""

import subprocess
import sys


def test_loading_the_cli_and_every_rule_does_not_import_tensorflow():
    code = ("import sys, migrate.cli\n"
            "from migrate.engine.source import default_rules, migrate_python\n"
            "default_rules()\n"
            "migrate_python(b'import tensorflow as tf\\nh = tf.contrib.training.HParams(a=1)\\n', 'x.py')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
