"""Benchmark glossary training on the gettext corpus: speed, memory and precision against a reference.

Usage: python scripts/bench_glossary_train.py [--corpus-dir .mtqa-cache/po] [--reference-dir corpora/terms]
                                              [--runs el,de,de-50k] [--min-count 3]

Runs (each in its own process, so peak RSS is that run's alone):

- ``el``: all of ``<corpus-dir>/el-en.tsv`` (23,287 Greek–English pairs);
- ``de``: all of ``<corpus-dir>/de-en.tsv`` (36,501 German–English pairs);
- ``de-50k``: the speed target, 50,000 pairs: the de-en pairs followed by the first 13,499 of
  them again, the whole shuffled (seed 0). Only 36,501 pairs are distinct, so its precision says
  little beyond the ``de`` row (repeated pairs count twice); it is there for time and memory.

``scripts/fetch_po_corpus.py`` builds the corpus. Each row: pairs, wall-clock seconds of
:func:`mtqa.terms.train.train_glossary` (reading, tokenizing, eflomal, counting, both passes),
peak RSS of the process, candidates kept (min count 3, no top-k), precision of the top 100 and
top 500 judged against ``corpora/terms/<lang>-en.tsv`` (target must match; see
:func:`mtqa.terms.train.score_against_reference`) and the share of those entries the reference
judges at all (coverage). A second table gives precision when a variant may match too.
eflomal cannot be seeded, so counts and precision move slightly between runs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = ("el", "de", "de-50k")
SPEED_PAIRS = 50_000


def _pairs(run: str, corpus_dir: Path) -> list[tuple[str, str]] | object:
    from mtqa.align.statistical import iter_tsv_pairs

    lang = run.split("-")[0]
    path = corpus_dir / f"{lang}-en.tsv"
    if run != "de-50k":
        return iter_tsv_pairs(path)  # streamed, as the CLI streams a TSV corpus
    pairs = list(iter_tsv_pairs(path))
    pairs = (pairs * (SPEED_PAIRS // len(pairs) + 1))[:SPEED_PAIRS]
    random.Random(0).shuffle(pairs)
    return pairs


def one(run: str, corpus_dir: Path, reference_dir: Path, min_count: int) -> dict:
    """Train one run in this process and return its row (printed as JSON for the parent)."""
    from mtqa.io import read_glossary
    from mtqa.terms.train import score_against_reference, train_glossary

    lang = run.split("-")[0]
    pairs = _pairs(run, corpus_dir)
    start = time.perf_counter()
    result = train_glossary(pairs, lang, "en", min_count=min_count)
    seconds = time.perf_counter() - start
    reference = read_glossary(reference_dir / f"{lang}-en.tsv", lang, "en")
    row = {"run": run, "pairs": result.pairs, "seconds": seconds,
           "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "candidates": len(result.glossary), "signature": result.signature.format()}
    for k in (100, 500):
        row[f"at{k}"] = score_against_reference(result.glossary, reference, k)
    return row


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:5.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-dir", type=Path, default=ROOT / ".mtqa-cache" / "po")
    ap.add_argument("--reference-dir", type=Path, default=ROOT / "corpora" / "terms")
    ap.add_argument("--runs", default=",".join(RUNS), help=f"comma-separated, from {', '.join(RUNS)}")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--one", choices=RUNS, help=argparse.SUPPRESS)  # child process: one run, JSON out
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.corpus_dir, args.reference_dir, args.min_count)))
        return 0
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    for run in runs:
        if run not in RUNS:
            ap.error(f"unknown run {run!r}")
        if not (args.corpus_dir / f"{run.split('-')[0]}-en.tsv").is_file():
            print(f"no {args.corpus_dir}/{run.split('-')[0]}-en.tsv: run scripts/fetch_po_corpus.py", file=sys.stderr)
            return 2
    rows = []
    for run in runs:
        cmd = [sys.executable, __file__, "--one", run, "--corpus-dir", str(args.corpus_dir),
               "--reference-dir", str(args.reference_dir), "--min-count", str(args.min_count)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'run':<8} {'pairs':>7} {'seconds':>8} {'RSS MB':>7} {'cands':>6} {'P@100':>6} {'P@500':>6} "
          f"{'cov@100':>7} {'cov@500':>7}")
    for r in rows:
        a, b = r["at100"], r["at500"]
        print(f"{r['run']:<8} {r['pairs']:>7} {r['seconds']:>8.1f} {r['rss_mb']:>7.0f} {r['candidates']:>6} "
              f"{_pct(a['precision']):>6} {_pct(b['precision']):>6} {_pct(a['coverage']):>7} {_pct(b['coverage']):>7}")
    print("\nprecision when a variant may match too (entries judged):")
    for r in rows:
        a, b = r["at100"], r["at500"]
        print(f"{r['run']:<8} P@100 {_pct(a['precision_any'])} ({a['judged']})   "
              f"P@500 {_pct(b['precision_any'])} ({b['judged']})")
    print(f"\nsignature ({rows[0]['run']}): {rows[0]['signature']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
