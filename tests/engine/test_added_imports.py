"""An import several rewrites ask for is written once (libcst 1.9 repeats an aliased name per request)."""

from migrate.engine.source import migrate_python

YOUTUBE_8M_HEADER = (  # youtube_8m/train.py's imports: each module is asked for by every call that moves
    "from tensorflow import flags\nfrom tensorflow import logging\nfrom tensorflow import app\n"
    "FLAGS = flags.FLAGS\nflags.DEFINE_string('x', 'a', 'h')\nflags.DEFINE_integer('n', 1, 'h')\n"
    "logging.info('a')\nlogging.set_verbosity(logging.INFO)\n\n\ndef main(_):\n    pass\n\n\n"
    "if __name__ == '__main__':\n    app.run()\n"
)


def test_each_absl_module_is_imported_once():
    out = migrate_python(YOUTUBE_8M_HEADER.encode(), "train.py")[0].decode()
    (line,) = [l for l in out.splitlines() if l.startswith("from absl import")]
    assert line == "from absl import app as absl_app, flags as absl_flags, logging as absl_logging", out
    assert migrate_python(out.encode(), "train.py")[0].decode() == out
