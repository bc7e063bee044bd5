"""Benchmark statistical (eflomal) and combined word alignment against the neural aligner.

Usage: python scripts/bench_word_align_stat.py [--encoder e5-small] [--gold tests/data/word_align_gold.jsonl]
                                               [--corpus-dir .mtqa-cache/po] [--runs 2] [--time-pairs 13000]

For each language pair of the gold file (``el-en``, ``de-en``) eflomal is trained on the gold
sentences plus ``<corpus-dir>/<lang>.tsv`` when present (``scripts/fetch_po_corpus.py`` writes it;
without it, on the gold sentences alone). Prints AER/P/R/F1 for: the neural aligner (default
settings), eflomal with each symmetrization, and combinations (:mod:`mtqa.align.combine`) over a
small grid of vote settings; then eflomal's training time for ``--time-pairs`` pairs.
eflomal cannot be seeded, so eflomal rows are the mean over ``--runs`` runs (± the spread).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mtqa.align.combine import (  # noqa: E402
    DEFAULT_MIN_SIMILARITY,
    DEFAULT_THRESHOLD,
    DEFAULT_WEIGHT,
    CombinedAligner,
    combine,
)
from mtqa.align.statistical import SYMMETRIZATIONS, EflomalAligner, iter_tsv_pairs  # noqa: E402
from mtqa.align.word import WordAligner  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402
from mtqa.metrics.alignment import load_gold_jsonl, word_alignment_scores  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def scores(gold: list[dict], pred: list[set]) -> dict[str, float]:
    return word_alignment_scores([g["S"] for g in gold], [g["P"] for g in gold], pred)


def fmt(name: str, per_lang: dict[str, list[dict]], langs: list[str]) -> str:
    """One table row: mean AER per language (± half the spread over runs), then all pairs."""
    cells = []
    for key in langs + ["all"]:
        runs = per_lang[key]
        aers = [r["aer"] for r in runs]
        spread = f"±{(max(aers) - min(aers)) / 2:.3f}" if len(aers) > 1 else "      "
        cells.append(f"{np.mean(aers):>7.3f}{spread}")
    a = per_lang["all"]
    p, r, f = (np.mean([x[k] for x in a]) for k in ("precision", "recall", "f1"))
    return f"{name:<44} " + " ".join(cells) + f" {p:>6.3f} {r:>6.3f} {f:>6.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default="e5-small")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "word_align_gold.jsonl")
    ap.add_argument("--corpus-dir", type=Path, default=ROOT / ".mtqa-cache" / "po")
    ap.add_argument("--runs", type=int, default=2, help="eflomal runs to average (it cannot be seeded)")
    ap.add_argument("--time-pairs", type=int, default=13000)
    args = ap.parse_args(argv)

    gold = load_gold_jsonl(args.gold)
    langs = sorted({g["lang"] for g in gold})
    by_lang = {lang: [g for g in gold if g["lang"] == lang] for lang in langs}
    corpora = {lang: args.corpus_dir / f"{lang}.tsv" for lang in langs}
    for lang, path in corpora.items():
        n = sum(1 for _ in iter_tsv_pairs(path)) if path.is_file() else 0
        print(f"{lang}: {len(by_lang[lang])} gold pairs; training corpus {path if n else '(none)'}: {n} pairs")

    encoder = get_encoder(args.encoder)
    neural_aligner = WordAligner(encoder)
    comb = CombinedAligner(neural_aligner)
    neural = {lang: neural_aligner.align_batch([(g["src"], g["tgt"]) for g in by_lang[lang]]) for lang in langs}
    mats = {lang: comb.matrices(neural[lang]) for lang in langs}

    def row(pred: dict[str, list[set]]) -> dict[str, dict]:
        out = {lang: scores(by_lang[lang], pred[lang]) for lang in langs}
        out["all"] = scores([g for lang in langs for g in by_lang[lang]], [p for lang in langs for p in pred[lang]])
        return out

    header = f"{'aligner':<44} " + " ".join(f"{'AER ' + k:>13}" for k in langs + ["all"]) + f" {'P':>6} {'R':>6} {'F1':>6}"
    print(header)
    print(fmt("neural (e5-small, layer 7, argmax, word)", {k: [v] for k, v in row(
        {lang: [r.link_set() for r in neural[lang]] for lang in langs}).items()}, langs))

    stat_runs: list[dict[str, list]] = []  # run -> lang -> results (union, probability = agreement)
    stat_gold_only: list[dict[str, list]] = []
    train_time = {}
    for run in range(args.runs):
        res, res0 = {}, {}
        for lang in langs:
            pairs = [(g["src"], g["tgt"]) for g in by_lang[lang]]
            spans = [(r.source_spans, r.target_spans) for r in neural[lang]]
            t0 = time.perf_counter()
            extra = iter_tsv_pairs(corpora[lang]) if corpora[lang].is_file() else None
            res[lang] = EflomalAligner(symmetrization="union").align_batch(pairs, extra_training=extra, spans=spans)
            train_time[lang] = time.perf_counter() - t0
            res0[lang] = EflomalAligner(symmetrization="union").align_batch(pairs, spans=spans)
        stat_runs.append(res)
        stat_gold_only.append(res0)

    # Each symmetrization is a separate eflomal run (the directional links are not kept).
    sym_results: dict[str, list[dict[str, list]]] = {"union": stat_runs}
    for sym in SYMMETRIZATIONS:
        if sym == "union":
            continue
        sym_results[sym] = []
        for _ in range(args.runs):
            res = {}
            for lang in langs:
                pairs = [(g["src"], g["tgt"]) for g in by_lang[lang]]
                spans = [(r.source_spans, r.target_spans) for r in neural[lang]]
                extra = iter_tsv_pairs(corpora[lang]) if corpora[lang].is_file() else None
                res[lang] = EflomalAligner(symmetrization=sym).align_batch(pairs, extra_training=extra, spans=spans)
            sym_results[sym].append(res)

    def stat_row(runs: list[dict[str, list]]) -> dict[str, list[dict]]:
        rows = [row({lang: [r.link_set() for r in run[lang]] for lang in langs}) for run in runs]
        return {k: [r[k] for r in rows] for k in langs + ["all"]}

    print(fmt("eflomal gold only, union", stat_row(stat_gold_only), langs))
    for sym in SYMMETRIZATIONS:
        print(fmt(f"eflomal gold+po, {sym}", stat_row(sym_results[sym]), langs))

    # Combinations: the vote of mtqa.align.combine over a small grid.
    grid = []
    for sym, (w, t), ms in itertools.product(
        ("grow-diag-final-and", "intersection", "union"),
        ((1.0, 1.0), (1.0, 1.2), (1.0, 1.4), (0.5, 0.5), (0.6, 0.8), (1.0, 0.5)),
        (0.0, 0.3, 0.4, 0.5),
    ):
        runs = []
        for run in sym_results[sym]:
            pred = {
                lang: [
                    combine(n, s, probabilities=p, similarities=sim, weight=w, threshold=t, min_similarity=ms).link_set()
                    for n, s, (p, sim) in zip(neural[lang], run[lang], mats[lang])
                ]
                for lang in langs
            }
            runs.append(row(pred))
        grid.append((f"combined {sym[:13]} w{w:g} t{t:g} minsim{ms:g}", {k: [r[k] for r in runs] for k in langs + ["all"]}))
    grid.sort(key=lambda x: np.mean([r["aer"] for r in x[1]["all"]]))
    print("combined, best 12 of the grid (sorted by AER all):")
    for name, per in grid[:12]:
        print(fmt(name, per, langs))
    key = f"combined grow-diag-fin w{DEFAULT_WEIGHT:g} t{DEFAULT_THRESHOLD:g} minsim{DEFAULT_MIN_SIMILARITY:g}"
    default = [g for g in grid if g[0] == key]
    if default:
        print(fmt(f"DEFAULT: {key[9:]}", default[0][1], langs))

    for lang in langs:
        print(f"eflomal time, {lang}, gold + corpus: {train_time[lang]:.1f} s")
    # Training time for N pairs: the first N of the biggest corpus (repeated if it is smaller).
    big = max((p for p in corpora.values() if p.is_file()), key=lambda p: p.stat().st_size, default=None)
    if big is not None:
        corpus = list(iter_tsv_pairs(big))
        sample = list(itertools.islice(itertools.cycle(corpus), args.time_pairs))
        for samplers in (1, 3):
            t0 = time.perf_counter()
            EflomalAligner(n_samplers=samplers).align_batch(sample[:1], extra_training=sample[1:])
            print(f"eflomal time, {len(sample)} pairs of {big.name}, {samplers} sampler(s): "
                  f"{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
