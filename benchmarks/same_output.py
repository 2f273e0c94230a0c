"""Check that a speed change leaves the codemod's output byte for byte as it was.

    .venv/bin/python benchmarks/same_output.py --package /tmp/base --out base.json      # before (an exported rev)
    .venv/bin/python benchmarks/same_output.py --package . --out after.json --compare base.json

Runs ``tf-migrate rewrite --out-dir OUT --report OUT.json`` with the ``migrate`` package found in
``--package`` (``git archive REV migrate | tar -x -C DIR`` exports an older one) over each input set
(``tests/corpus`` as committed at ``--inputs-rev``, ``../shared/tf1_programs``, a generated tree) for both targets, and records the
SHA-256 of every output file, the exit status and the JSON report (findings, idiomatic, tf1_left).
``--compare`` prints every difference and exits 1 when there is one. ``--extra`` passes more
options (``--extra=--no-cache``); run twice with the cache on to check that a cached run says the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (sibling module, not a package)

TARGETS = ("tf2.15", "latest")


def _sets(scratch: Path, generated: int, rev: str) -> dict[str, Path]:
    # tests/corpus as committed: verify runs of other work write runs/ folders into the checkout's copy
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "tests/corpus"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive.stdout, check=True)
    sets = {"tests/corpus": scratch / "tests" / "corpus", "tf1_programs": ROOT.parent / "shared" / "tf1_programs"}
    if generated:
        tree = scratch / "generated"
        corpus.generate(tree, generated, corpus.DEFAULT_SEED)
        sets["generated"] = tree
    return {name: path for name, path in sets.items() if path.is_dir()}


def _run(package: Path, source: Path, target: str, scratch: Path, extra: list[str]) -> dict:
    out = scratch / f"out-{source.name}-{target}"
    report = scratch / f"report-{source.name}-{target}.json"
    env = {**os.environ, "PYTHONPATH": str(package.resolve())}
    cmd = [sys.executable, "-m", "migrate", "rewrite", "-q", "--target", target, "--out-dir", str(out),
           "--report", str(report), *extra, source.name]
    # relative to the set's parent: the report's paths are the same wherever the set lives
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=source.parent)
    files = {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(out.rglob("*")) if p.is_file()}
    data = json.loads(report.read_text()) if report.exists() else {}
    entries = {f["path"]: {k: f[k] for k in ("changed", "error", "idiomatic", "tf1_left", "findings")}
               for f in data.get("files", [])}
    return {"exit": proc.returncode, "summary": proc.stderr.strip().splitlines()[-1:], "files": files, "report": entries}


def _differences(before: dict, after: dict) -> list[str]:
    found = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            found.append(f"{key}: only in {'after' if a is None else 'before'}")
            continue
        if a["exit"] != b["exit"]:
            found.append(f"{key}: exit {a['exit']} -> {b['exit']}")
        for path in sorted(set(a["files"]) | set(b["files"])):
            if a["files"].get(path) != b["files"].get(path):
                found.append(f"{key}: output {path} differs")
        for path in sorted(set(a["report"]) | set(b["report"])):
            if a["report"].get(path) != b["report"].get(path):
                found.append(f"{key}: report entry {path} differs")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, default=ROOT, help="directory holding the migrate package to run")
    parser.add_argument("--out", type=Path, required=True, help="where to write the manifest (.json)")
    parser.add_argument("--compare", type=Path, help="an earlier manifest: report every difference, exit 1 on any")
    parser.add_argument("--generated", type=int, default=60, help="files in the generated tree (0: none)")
    parser.add_argument("--inputs-rev", default="HEAD", help="the commit whose tests/corpus is migrated (default HEAD)")
    parser.add_argument("--extra", action="append", default=[], help="more rewrite options (repeatable)")
    args = parser.parse_args()
    manifest = {}
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        scratch = Path(tmp)
        for name, source in _sets(scratch, args.generated, args.inputs_rev).items():
            for target in TARGETS:
                manifest[f"{name} --target {target}"] = _run(args.package, source, target, scratch, args.extra)
                print(f"{name} --target {target}: {manifest[f'{name} --target {target}']['summary']}", file=sys.stderr)
    args.out.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    if not args.compare:
        return 0
    differences = _differences(json.loads(args.compare.read_text()), manifest)
    for line in differences:
        print(line)
    files = sum(len(v["files"]) for v in manifest.values())
    print(f"{len(differences)} difference(s) over {len(manifest)} runs, {files} output files")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
