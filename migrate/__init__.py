"""tf-migrate: rewrite TensorFlow 1.x programs into idiomatic TensorFlow 2.

The package has three parts:

* the codemod (`migrate.engine`, `migrate.rules`, the `tf-migrate rewrite` CLI),
* a compatibility runtime that runs unmodified TF1 scripts (`migrate.runtime`),
* an equivalence harness that trains TF1 programs and their TF2 twins side by
  side (`migrate.verify`).
"""

__version__ = "0.1.0"
