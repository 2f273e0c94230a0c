"""Generate docs/api_map.md: a one-screen index of what tf-migrate handles, per TF1 module and per table.

The counts come from ``migrate.explain.registry()`` (every ``migrate/data/*_map.py`` table,
the generated renames and signature tables) and the rules that handle each row from the
rules' own ``symbols``/``prefixes``. The symbols themselves, their forms per profile, notes
and examples are the reference site (``tools/gen_docs.py`` -> ``docs/site_src/``), one page per
module; this file links to those pages. The coverage line at the top counts the contrib
symbols of the vendored census ``migrate/data/api_inventory.md`` ("tf.contrib symbols seen")
that have a row.

    python tools/gen_api_map.py             # write docs/api_map.md
    python tools/gen_api_map.py --check     # exit 1 if the committed file is stale
    python tools/gen_api_map.py --coverage  # print the contrib coverage, symbol by symbol
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from migrate.explain import handlers, module_of, native, registry  # noqa: E402

OUT = ROOT / "docs" / "api_map.md"
INVENTORY = ROOT / "migrate" / "data" / "api_inventory.md"  # the census of 377 public TF1 files, vendored
SECTION = "## tf.contrib symbols seen"


def inventory_symbols(text: str) -> list[str]:
    """The contrib symbols listed in the inventory's "tf.contrib symbols seen" section, relative to ``tensorflow``.

    Lines are ``- module: item 12/3, item (other_module) 1/1, sub.* (a, b), sub (a, b)``;
    a line without ``module:`` lists paths under contrib. ``name (module)`` names the module a
    symbol lives in when it is one word that is not a symbol list; ``name (a, b)`` lists children.
    """
    start = text.find(SECTION)
    if start < 0:
        return []
    body = text[start + len(SECTION):]
    body = body[: body.find("\n## ")] if "\n## " in body else body
    entries, current = [], ""
    for line in body.splitlines():
        if line.startswith("- "):
            entries.append(current)
            current = line[2:]
        elif line.startswith("  ") and current:
            current += " " + line.strip()
        else:
            entries.append(current)
            current = ""
    entries.append(current)
    found = []
    for entry in filter(None, entries):
        module, sep, rest = entry.partition(": ")
        if not sep or " " in module.strip():  # a label ("no TF2 equivalent exists for") or no module
            module, rest = "", rest if sep else entry
        for item in re.split(r"[,;]\s*(?![^()]*\))", rest):
            item = re.sub(r"\s+\d+/\d+$", "", item.strip())
            match = re.fullmatch(r"([\w.*]+)\s*(?:\(([^)]*)\))?", item)
            if not match:
                continue
            name, inner = match.group(1), match.group(2)
            base = f"contrib.{module}." if module else "contrib."
            children = [c.strip() for c in inner.split(",")] if inner else []
            if name.endswith(".*"):
                found += [f"contrib.{name[:-2]}.{c}" for c in children] or [f"{base}{name}"]
            elif len(children) == 1 and children[0].isidentifier() and children[0].islower() and "_" not in children[0] \
                    and children[0] not in ("mnist",):
                found.append(f"contrib.{children[0]}.{name}")  # "arg_scope (framework)"
            elif children:
                found += [f"{base}{name}.{c}" for c in children]
            else:
                found.append(f"{base}{name}")
    return list(dict.fromkeys(found))


def covering_row(symbol: str):
    """The registry key whose rows cover a symbol (exact, a ``module.*`` row, or rows under a module)."""
    rows = registry()
    if symbol in rows:
        return symbol
    under = sorted(k for k in rows if k.startswith(symbol + "."))  # a module or class: its rows are the mapping
    if under:
        return under[0]
    parts = symbol.split(".")
    for end in range(len(parts), 1, -1):
        key = ".".join(parts[:end]) + ".*"
        if key in rows:
            return key
    return None


def coverage(text: str) -> tuple[list[str], list[str], list[str]]:
    """(listed, covered, rewritten to native TF2 on the default profile)."""
    listed = inventory_symbols(text)
    covered = [s for s in listed if covering_row(s)]
    rewritten = [s for s in covered if any(native(m) for m in registry()[covering_row(s)])]
    return listed, covered, rewritten


def _rule(key: str, mapping) -> list[str]:
    probe = key[:-1] + "x" if key.endswith(".*") else key
    return [r.code for r in handlers(probe, [mapping])]


def render(inventory_text: str) -> str:
    listed, covered, rewritten = coverage(inventory_text)
    rows = registry()
    modules: dict[str, list[str]] = {}
    families: dict[str, list[tuple[str, object]]] = {}
    for key in sorted(rows):
        modules.setdefault(module_of(key), []).append(key)
        for mapping in rows[key]:
            families.setdefault(mapping.family or "other", []).append((key, mapping))
    out = [
        "# TF1 → TF2 API map",
        "",
        "<!-- GENERATED by tools/gen_api_map.py from migrate/data/*_map.py, migrate.data.tf_api and the rules; "
        "do not edit. Regenerate: python tools/gen_api_map.py -->",
        "",
        f"**Contrib coverage:** {len(covered)}/{len(listed)} contrib symbols listed in the census of public TF1 code "
        f"(migrate/data/api_inventory.md) have a mapping ({len(rewritten)} rewritten to native TF2 on the default "
        "profile, the rest kept on a tf.compat.v1 fallback or reported with advice). "
        "`python tools/gen_api_map.py --coverage` lists them.",
        "",
        f"{sum(len(v) for v in rows.values())} rows for {len(rows)} TF1 symbols. Each symbol's TF2 form per profile "
        "(`tf2.15`: TensorFlow 2.15, Keras 2, addons; `latest`: Keras 3, core only), the notes on what changed and "
        "its examples are on its module's page of the reference (`make docs` builds it; the sources are in "
        "[site_src/](site_src/index.md)); `tf-migrate explain SYMBOL` prints the same in a terminal.",
        "",
        "## By TF1 module",
        "",
        "| module | symbols | native TF2 on tf2.15 | page |",
        "|---|---|---|---|",
    ]
    for module, keys in sorted(modules.items()):
        count = sum(1 for k in keys if any(native(m) for m in rows[k]))
        out.append(f"| `{module}` | {len(keys)} | {count} | [{module}](site_src/modules/{module}.md) |")
    out += ["", "## By table", "", "| table | rows | rules |", "|---|---|---|"]
    for family, entries in sorted(families.items()):
        codes = sorted({c for key, mapping in entries for c in _rule(key, mapping)})
        out.append(f"| {family} | {len(entries)} | {', '.join(codes) or '—'} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api_map.md is stale")
    parser.add_argument("--coverage", action="store_true", help="print the contrib coverage")
    args = parser.parse_args(argv)
    text = INVENTORY.read_text() if INVENTORY.exists() else ""
    if args.coverage:
        listed, covered, rewritten = coverage(text)
        print(f"contrib symbols handled: {len(covered)}/{len(listed)} ({len(rewritten)} rewritten to native TF2 on "
              f"tf2.15; the rest: a tf.compat.v1 fallback or advice)")
        for symbol in listed:
            key = covering_row(symbol)
            rows = registry().get(key, [])
            state = ("missing" if key is None else "native" if symbol in rewritten
                     else "fallback" if any(m.tf2 for m in rows) else "advice")
            print(f"  {state:<9} tf.{symbol}" + (f"  (row tf.{key})" if key and key != symbol else ""))
        return 0
    content = render(text)
    if args.check:
        if not OUT.exists() or OUT.read_text() != content:
            print(f"{OUT.relative_to(ROOT)} is stale: run python tools/gen_api_map.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
