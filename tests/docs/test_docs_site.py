"""The reference site: its committed sources are what tools/gen_docs.py generates now, every handled symbol has
one anchor on its module's page, and the built site, opened in headless Chromium, finds ``fully_connected``.

The browser test needs Debian's ``chromium`` and ``chromium-driver`` (``make setup-browser``, run by
``make test`` when it can install them) and ``mkdocs``/``mkdocs-material``/``selenium`` (the ``docs`` extra);
it skips, saying which is missing, without them.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from migrate.explain import handled, module_of

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "tools" / "gen_docs.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["gen_docs"] = gen
_spec.loader.exec_module(gen)

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def _page(module: str) -> str:
    return (gen.OUT / gen.page_path(module)).read_text()


def test_the_committed_site_sources_are_up_to_date():
    assert gen.stale(gen.render()) == [], "docs/site_src is stale: run make docs (python tools/gen_docs.py)"


def test_check_mode_fails_on_a_changed_missing_or_extra_page(tmp_path, monkeypatch):
    monkeypatch.setattr(gen, "OUT", tmp_path)
    monkeypatch.setattr(gen, "render", lambda: {"index.md": "# new\n", "modules/tf.md": "# tf\n"})
    (tmp_path / "index.md").write_text("# old\n")
    (tmp_path / "gone.md").write_text("# a page no symbol has any more\n")
    assert gen.stale(gen.render(), tmp_path) == ["gone.md", "index.md", "modules/tf.md"]
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0 and not (tmp_path / "gone.md").exists()


def test_every_handled_symbol_has_exactly_one_anchor_on_its_module_page():
    pages: dict[str, str] = {}
    for symbol in handled():
        module = module_of(symbol)
        text = pages.setdefault(module, _page(module))
        assert text.count(f"{{ #{gen.anchor(symbol)} }}") == 1, symbol
    for text in pages.values():
        anchors = re.findall(r"\{ #([^ ]+) \}", text)
        assert len(anchors) == len(set(anchors))


def test_the_pages_are_per_module():
    for module in ("tf.contrib.layers", "tf.train", "tf.layers", "tf.nn", "tf.contrib.rnn", "tf"):
        assert f"\ntitle: '{module}'\n" in _page(module) and f"\n# {module}\n" in _page(module)
    assert "## tf.train.Optimizer.minimize" in _page("tf.train")  # a class member stays on its module's page
    assert "## tf.contrib.layers.fully_connected" not in _page("tf.contrib")


def test_a_symbol_shows_its_forms_notes_and_examples_per_profile_keras_first():
    section = _page("tf.contrib.layers").split("## tf.contrib.layers.fully_connected ")[1].split("\n## ")[0]
    assert section.index("| keras |") < section.index("| contrib.layers |")
    assert "`tf.keras.layers.Dense`" in section and "`tf.compat.v1.layers.dense (fallback)`" in section
    assert "fully\\_connected defaults to activation\\_fn=relu" in section  # the note, Markdown-escaped
    assert '=== "tf2.15"' in section and '=== "latest"' in section
    assert "dense = tf.keras.layers.Dense(32, activation=tf.nn.relu)" in section


def test_a_rule_example_is_shown_as_tf_migrate_outputs_it_on_each_profile():
    section = _page("tf").split("## tf.log ")[1].split("\n## ")[0]
    assert "tf-migrate --target tf2.15:" in section and "tf-migrate --target latest:" in section
    assert section.count("y = tf.math.log(x)") >= 2 and section.index('=== "latest"') < section.rindex("tf.math.log(x)")


def test_a_profile_without_the_form_says_so():
    section = _page("tf.contrib.image").split("## tf.contrib.image.rotate ")[1].split("\n## ")[0]
    assert "`tfa.image.rotate`" in section and "nothing: an error finding" in section


def test_long_notes_are_lists_not_giant_cells():
    section = _page("tf.contrib.layers").split("## tf.contrib.layers.batch_norm ")[1].split("\n## ")[0]
    assert section.count("\n- ") >= 5
    longest = max(len(cell) for page in (gen.OUT / "modules").glob("*.md")
                  for line in page.read_text().splitlines() if line.startswith("|") for cell in line.split(" | "))
    assert longest < 300  # the old api_map.md had table cells of 743 characters: notes are lists under the table


def test_the_tutorial_pattern_pages_show_both_profiles_and_the_findings():
    names = {p.name for p in gen.patterns()}
    assert names >= {"mnist_input_data", "variable_scope_towers", "keep_prob", "saver_max_to_keep",
                     "queue_runners", "estimators"}
    saver = (gen.OUT / "patterns" / "saver_max_to_keep.md").read_text()
    assert '=== "tf2.15"' in saver and '=== "latest"' in saver and "tf.train.Checkpoint(" in saver
    assert "max\\_to\\_keep is not kept" in saver  # the conversion's finding, on the page
    towers = (gen.OUT / "patterns" / "variable_scope_towers.md").read_text()
    assert "class Tower(tf.Module):" in towers
    queues = (gen.OUT / "patterns" / "queue_runners.md").read_text()
    assert "tf.data.Dataset.from_tensor_slices" in queues and "TFM280" in queues  # queues -> tf.data


def test_the_index_links_every_module_page_and_pattern():
    index = (gen.OUT / "index.md").read_text()
    for module in {module_of(s) for s in handled()}:
        assert f"]({gen.page_path(module)})" in index
    for pattern in gen.patterns():
        assert f"](patterns/{pattern.name}.md)" in index


# --- the built site in a real browser --------------------------------------------------------------------------------

def _missing() -> str | None:
    if not (CHROMIUM and DRIVER):
        return "chromium / chromedriver are not installed (make setup-browser; Debian: apt-get install chromium " \
               "chromium-driver)"
    for module in ("mkdocs", "material", "selenium"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[docs]')"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                            "-d", str(out)], capture_output=True, text=True, timeout=600,
                           env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert build.returncode == 0, build.stderr[-3000:]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)  # Debian's driver: nothing is downloaded
    yield driver
    driver.quit()


def test_the_built_site_search_finds_fully_connected(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{site}/?q=fully_connected")  # Material opens its search with ?q=
    links = WebDriverWait(browser, 60).until(
        lambda d: [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")])
    assert any(link.endswith("/modules/tf.contrib.layers/?h=fully_connected#contrib.layers.fully_connected")
               for link in links), links


def test_the_built_page_shows_both_profile_tabs_at_the_anchor(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/modules/tf.contrib.layers/#contrib.layers.fully_connected")
    heading = browser.find_element(By.ID, "contrib.layers.fully_connected")
    assert heading.text.startswith("tf.contrib.layers.fully_connected")
    labels = [label.text for label in browser.find_elements(By.CSS_SELECTOR, ".tabbed-labels label")]
    assert "tf2.15" in labels and "latest" in labels
    code = " ".join(block.text for block in browser.find_elements(By.CSS_SELECTOR, "pre code"))
    assert "tf.keras.layers.Dense(32, activation=tf.nn.relu)" in code


def test_renamed_and_resigned_names_get_a_generated_call_as_tf_migrate_rewrites_it():
    from migrate.explain import registry

    sections = {}
    for module in {"tf", "tf.nn", "tf.math", "tf.io", "tf.image"}:
        for chunk in _page(module).split("\n## ")[1:]:
            sections[chunk.split(" { #")[0]] = chunk
    argmax = sections["tf.argmax"]
    assert "y = tf.argmax(input, dimension=dimension)" in argmax and "y = tf.argmax(input, axis=dimension)" in argmax
    gather = sections["tf.gather"]  # v2 moved name after axis: a fourth positional argument is pinned by keyword
    assert "tf.gather(params, indices, validate_indices, name)" in gather and "validate_indices, name=name)" in gather
    shown = [s for s, rows in registry().items() if rows[0].family in ("renames", "arguments") and f"tf.{s}" in sections]
    assert len(shown) > 100
    for symbol in shown:
        assert sections[f"tf.{symbol}"].count("tf-migrate --target") >= 2, symbol  # a tab per profile
