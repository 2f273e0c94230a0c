# Everything a fresh machine needs, from nothing but Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
LATEST := .venv-latest
JOBS ?= 2

.PHONY: setup demo test test-full test-latest setup-latest setup-tf1 setup-browser tables api-map docs corpus benchmark clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[runtime,verify,dev]'
	@rm -f $(VENV)/.installed-* && touch $@

# The main job on the embedded default: migrate the bundled legacy examples,
# then train legacy and modern twins side by side.
demo: setup
	@mkdir -p runs/demo
	$(BIN)/tf-migrate rewrite -q legacy_examples --out-dir runs/demo/migrated --report runs/demo/report.md; test $$? -le 1
	@sed -n '3,5p' runs/demo/report.md; echo "(migrated copy: runs/demo/migrated/, every finding: runs/demo/report.md)"
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/tf-migrate verify --quick --seeds 3 --out runs/demo/verify

# Tests that run migrated code on the second profile find it in $(LATEST).
test: setup setup-latest setup-tf1 setup-browser
	$(BIN)/python -m pytest -n $(JOBS) -q --durations=40

# Every slow case too (make test runs a fixed third of each slow test's cases; tests/conftest.py), and the whole corpus.
test-full: setup setup-latest setup-tf1 setup-browser
	TF_MIGRATE_FULL_TESTS=1 TF_MIGRATE_FULL_CORPUS=1 $(BIN)/python -m pytest -n $(JOBS) -q

# Second profile: the newest TensorFlow (Keras 3) with tf-keras, no addons.
setup-latest: $(LATEST)/.installed
$(LATEST)/.installed: pyproject.toml
	@test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[latest]'
	@touch $@

# Optional reference: genuine TensorFlow 1.15 on Python 3.7 (pyenv's 3.7.16), to run the TF1
# originals of tools/corpus.py and tools/real_programs.py. Skipped with a message without 3.7.
TF1 := .venv-tf1
PY37 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.7.16/bin/python $(shell pyenv root 2>/dev/null)/versions/3.7.16/bin/python))
setup-tf1:
	@if [ -f $(TF1)/.installed ]; then echo "$(TF1): genuine TF 1.15 already installed"; \
	elif [ -z "$(PY37)" ]; then echo "setup-tf1: no Python 3.7 interpreter (pyenv 3.7.16); skipping the TF 1.15 reference"; \
	else test -x $(TF1)/bin/python || $(PY37) -m venv $(TF1); \
	  $(TF1)/bin/python -m pip install --quiet --disable-pip-version-check 'tensorflow==1.15.5' 'numpy<1.19' 'protobuf<3.21' 'scikit-learn<0.24' 'scipy<1.6' 'pandas<1.2' 'networkx<2.6' tqdm \
	  && touch $(TF1)/.installed \
	  || { echo "setup-tf1: install failed; tests use the compatibility runtime instead"; rm -rf $(TF1); }; fi

tables: setup
	$(BIN)/python tools/gen_api_tables.py

api-map: setup
	$(BIN)/python tools/gen_api_map.py

# The reference site: docs/site_src/ generated from the rules and tables (committed; a test fails when stale),
# then built into build/site/ (gitignored). Open build/site/index.html, or serve it: mkdocs serve.
docs: setup
	$(BIN)/python tools/gen_docs.py
	$(BIN)/python tools/gen_api_map.py
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build -q

# Headless Chromium and its driver from Debian for tests/docs' browser test (needs root; skipped otherwise).
setup-browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then echo "chromium and chromedriver: installed"; \
	elif [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then echo "setup-browser: not root or no apt-get; the browser test of tests/docs skips"; \
	else (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "setup-browser: install failed; the browser test of tests/docs skips"; fi

# The proof of the graph-to-eager and contrib rewrites: every corpus program, original on the
# runtime, migrated on both profiles (docs/corpus_results.md). About 30 minutes on 2 cores.
corpus: setup setup-latest
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python tools/corpus.py --jobs $(JOBS)

benchmark: setup
	$(BIN)/python benchmarks/bench_rewrite.py

clean:
	rm -rf runs build *.egg-info .pytest_cache
