#!/usr/bin/env python3
"""Benchmark ``mtqa batch``: 100 story pairs of about 600 words on the CPU, real e5 model.

The stories are synthetic: mtqa has no 100 real ~600-word stories, so each pair is built from the
Greek-English material of the repository (one language pair per story, never mixed): the four
stories of ``corpora/el-en`` in an order that changes with the story (24 orders), each with its
correct or its flawed translation (chosen by the story number's bits), followed by five
consecutive paragraphs of the seed story (``seeds/el`` + ``seeds/en``, paragraph-aligned, at an
offset that changes with the story). That gives about 600 English words per story and a realistic
mix of clean and flawed passages. Sentences recur across stories, so the worker clears the
encoder's caches after every story (as ``mtqa batch`` always does): no story is sped up by
another's cached vectors.

For each ``--jobs`` value the batch runs as ``python -m mtqa batch`` in a fresh run directory; the
script prints wall time, stories per minute, peak resident memory of the whole process tree
(sampled every 0.2 s from /proc; the sum over processes and the largest one; by phase, to show
that memory does not grow with the stories), mtqa's own phase timings from summary.json, the CPU
time of all processes (what the run costs whatever else shares the machine: wall time on a busy
machine says little) and whether the target (100 stories in <= 180 s) is met.

Usage: python scripts/bench_batch.py [--stories 100] [--jobs 1 2] [--model e5-small] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "el-en"
SEED_SOURCE = ROOT / "seeds" / "el" / "000_8eb1468b56704020.txt"
SEED_TARGET = ROOT / "seeds" / "en" / "000_8eb1468b56704020.txt"
TARGET_SECONDS = 180.0


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def build_batch(out_dir: Path, count: int, *, seed_paragraphs: int = 5) -> tuple[Path, Path]:
    """Write ``count`` synthetic Greek stories and their English translations as
    ``out_dir/el/NNN_synthetic.txt`` and ``out_dir/en/NNN_synthetic.txt``; returns the two folders."""
    names = sorted(p.name.split(".")[0] for p in CORPUS.glob("*.el.txt"))
    orders = list(permutations(names))
    seed_src, seed_tgt = _paragraphs(SEED_SOURCE), _paragraphs(SEED_TARGET)
    if len(seed_src) != len(seed_tgt):
        raise SystemExit("the seed story is no longer paragraph-aligned")
    src_dir, tgt_dir = out_dir / "el", out_dir / "en"
    src_dir.mkdir(parents=True, exist_ok=True)
    tgt_dir.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        src_parts, tgt_parts = [], []
        for bit, name in enumerate(orders[k % len(orders)]):
            variant = "flawed.en" if (k >> bit) & 1 else "en"
            src_parts.append((CORPUS / f"{name}.el.txt").read_text(encoding="utf-8").strip())
            tgt_parts.append((CORPUS / f"{name}.{variant}.txt").read_text(encoding="utf-8").strip())
        start = (3 * k) % len(seed_src)
        window = [(start + i) % len(seed_src) for i in range(seed_paragraphs)]
        src_parts += [seed_src[i] for i in window]
        tgt_parts += [seed_tgt[i] for i in window]
        (src_dir / f"{k:03d}_synthetic.txt").write_text("\n\n".join(src_parts) + "\n", encoding="utf-8")
        (tgt_dir / f"{k:03d}_synthetic.txt").write_text("\n\n".join(tgt_parts) + "\n", encoding="utf-8")
    return src_dir, tgt_dir


def _tree_rss(pid: int) -> list[int]:
    """Resident memory in bytes of ``pid`` and all its descendants (Linux /proc)."""
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) * 1024)
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def run_once(src: Path, tgt: Path, run_dir: Path, jobs: int, model: str) -> dict:
    cmd = [sys.executable, "-m", "mtqa", "-q", "batch", str(src), str(tgt), "--src-lang", "el", "--tgt-lang", "en",
           "--out", str(run_dir), "--jobs", str(jobs), "--model", model]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    # Output to files, not pipes: nobody reads a pipe while the run goes, and a full one blocks it.
    log = run_dir.with_suffix(".log")
    with open(log, "w", encoding="utf-8") as handle:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=handle)
    peak_total = peak_one = 0
    # Peak of all processes while the first / second half of the stories ran, then during the
    # batch steps (terminology over all stories, the report): flat halves = memory bounded per story.
    phases = [0, 0, 0]
    stories, total = run_dir / "stories", len(list(src.iterdir()))
    while proc.poll() is None:
        rss = _tree_rss(proc.pid)
        peak_total, peak_one = max(peak_total, sum(rss)), max([peak_one, *rss])
        done = len(list(stories.glob("*.json"))) if stories.is_dir() else 0
        if done:
            phase = 2 if done >= total else int(done * 2 > total)
            phases[phase] = max(phases[phase], sum(rss))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"mtqa batch failed ({proc.returncode}):\n{log.read_text(encoding='utf-8')}")
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    return {"jobs": jobs, "wall": wall, "cpu": cpu, "peak_total": peak_total, "peak_one": peak_one,
            "phases": phases, "load": (load_before, os.getloadavg()[0]), "summary": summary}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--keep", type=Path, default=None, help="build the batch and keep the runs here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="mtqa-bench-batch-"))
    src, tgt = build_batch(work / "input", args.stories)
    cores = len(os.sched_getaffinity(0))
    words = [len(p.read_text(encoding="utf-8").split()) for p in sorted(tgt.iterdir())]
    print(f"batch: {args.stories} synthetic el-en story pairs (4 corpora/el-en stories in a varying order, correct or "
          f"flawed translation, + 5 seed paragraphs), {sum(words) / len(words):.0f} English words per story "
          f"(min {min(words)}, max {max(words)}); model {args.model}; {cores} CPU cores")
    met_any = False
    for jobs in args.jobs:
        result = run_once(src, tgt, work / f"run-jobs{jobs}", jobs, args.model)
        summary = result["summary"]
        timings = summary["timings"]
        met = result["wall"] <= TARGET_SECONDS
        met_any |= met
        print(f"--jobs {jobs}: wall {result['wall']:.1f} s, {args.stories / result['wall'] * 60:.1f} stories/min, "
              f"peak RSS {result['peak_total'] / 2**20:.0f} MiB all processes (largest {result['peak_one'] / 2**20:.0f} MiB); "
              f"{summary['counts']['checked']} checked, {summary['counts']['failed']} failed, "
              f"{summary['counts']['findings']} findings; target <= {TARGET_SECONDS:.0f} s: {'met' if met else 'NOT met'}")
        print("    phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
        print(f"    CPU time {result['cpu']:.0f} s in all processes ({result['cpu'] / args.stories:.2f} s per story; "
              f"{result['cpu'] / max(cores, 1):.0f} s if spread over {cores} dedicated cores); load average "
              f"{result['load'][0]:.1f} -> {result['load'][1]:.1f} (other jobs on the machine slow the wall time); "
              "peak RSS while the first / second half of the stories ran, then in the batch steps: "
              + " / ".join(f"{m / 2**20:.0f}" for m in result["phases"]) + " MiB")
    print(f"runs in {work}")
    return 0 if met_any else 1


if __name__ == "__main__":
    sys.exit(main())
