# Everything a fresh machine needs, from nothing but Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
LATEST := .venv-latest
JOBS ?= 2

.PHONY: setup demo test test-latest setup-latest tables api-map corpus benchmark clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

# The main job on the embedded default: migrate the bundled legacy examples,
# then train legacy and modern twins side by side.
demo: setup
	@mkdir -p runs/demo
	$(BIN)/tf-migrate rewrite -q legacy_examples --out-dir runs/demo/migrated --report runs/demo/report.md; test $$? -le 1
	@sed -n '3,5p' runs/demo/report.md; echo "(migrated copy: runs/demo/migrated/, every finding: runs/demo/report.md)"
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/tf-migrate verify --quick --out runs/demo/verify

# Tests that run migrated code on the second profile find it in $(LATEST).
test: setup setup-latest
	$(BIN)/python -m pytest -n $(JOBS) -q

# Second profile: the newest TensorFlow (Keras 3) with tf-keras, no addons.
setup-latest: $(LATEST)/.installed
$(LATEST)/.installed: pyproject.toml
	@test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check tensorflow tf-keras tensorboard numpy libcst scikit-learn absl-py tqdm matplotlib pytest
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

tables: setup
	$(BIN)/python tools/gen_api_tables.py

api-map: setup
	$(BIN)/python tools/gen_api_map.py

# The proof of the graph-to-eager and contrib rewrites: every corpus program, original on the
# runtime, migrated on both profiles (docs/corpus_results.md). About 30 minutes on 2 cores.
corpus: setup setup-latest
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python tools/corpus.py --jobs $(JOBS)

benchmark: setup
	$(BIN)/python benchmarks/bench_rewrite.py

clean:
	rm -rf runs build *.egg-info .pytest_cache
