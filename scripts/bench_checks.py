#!/usr/bin/env python3
"""Measure mistranslation detection on mtqa's own data: the seed story and the corpora.

For every story in corpora/*/ the flawed translation is checked against its injected errors
(errors.json), and the correct translation is checked for false alarms. A finding matches an
error when their categories agree and their target spans overlap (source spans when the error
has no target span). Prints per-category precision and recall, false alarms on correct
translations, the seed's known errors found, and time per story.

Usage: python scripts/bench_checks.py [--checks numbers,names,...] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtqa.checks import check, list_checks  # noqa: E402
from mtqa.data import Finding, Span, severity_rank  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402
from mtqa.io import read_story  # noqa: E402

# Findings of these categories may answer an error of the key category.
SAME = {"date": {"date", "number"}, "number": {"number", "date"}}


def _overlap(a: dict | None, b: Span | None) -> bool:
    return a is not None and b is not None and a["start"] < b.end and b.start < a["end"]


def matches(error: dict, finding: Finding) -> bool:
    if finding.category not in SAME.get(error["category"], {error["category"]}):
        return False
    if error.get("target_span"):
        return _overlap(error["target_span"], finding.target_span)
    return _overlap(error.get("source_span"), finding.source_span)


def cases():
    """(name, source path, translation path, src lang, tgt lang, errors or None for a correct one)."""
    seed = json.loads((ROOT / "seeds/known_errors.json").read_text(encoding="utf-8"))
    yield "seed", ROOT / seed["source_file"], ROOT / seed["translation_file"], "el", "en", seed["errors"]
    for pair in sorted(p.parent for p in (ROOT / "corpora").glob("*/errors.json")):
        spec = json.loads((pair / "errors.json").read_text(encoding="utf-8"))
        src_lang, tgt_lang = spec["src_lang"], spec["tgt_lang"]
        by_story = defaultdict(list)
        for error in spec["errors"]:
            by_story[error["story"]].append(error)
        for source in sorted(pair.glob(f"*.{src_lang}.txt")):
            story = source.name[: -len(f".{src_lang}.txt")]
            yield (f"{pair.name}/{story}", source, pair / f"{story}.flawed.{tgt_lang}.txt", src_lang, tgt_lang,
                   by_story[story])
            yield (f"{pair.name}/{story} (correct)", source, pair / f"{story}.{tgt_lang}.txt", src_lang, tgt_lang, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checks", default=None, help="comma-separated checks (default: all)")
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="print every finding and missed error")
    args = parser.parse_args(argv)
    checks = args.checks.split(",") if args.checks else None
    encoder = get_encoder(args.model)
    tp_f: Counter[str] = Counter()  # findings that match an error, by finding category
    all_f: Counter[str] = Counter()
    tp_e: Counter[str] = Counter()  # errors found, by error category
    all_e: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    correct_stories = correct_sentences = flagged_sentences = 0
    seed_found: list[str] = []
    seed_extra: list[str] = []
    times = []
    for name, src_path, tgt_path, src_lang, tgt_lang, errors in cases():
        src, tgt = read_story(src_path, src_lang), read_story(tgt_path, tgt_lang)
        start = time.perf_counter()
        report = check(src, tgt, checks=checks, model=encoder)
        times.append(time.perf_counter() - start)
        findings = [f for f in report.findings if severity_rank(f.severity) >= severity_rank("minor")]
        if errors is None:
            correct_stories += 1
            correct_sentences += len(tgt.segments)
            flagged = {j for f in findings if f.target_span for j, seg in enumerate(tgt.segments)
                       if f.target_span.start < seg.end and seg.start < f.target_span.end}
            flagged_sentences += len(flagged)
            for f in findings:
                false_alarms[f.category] += 1
                if args.show:
                    print(f"  FALSE ALARM {name}: [{f.category}/{f.severity}] {f.message}")
            continue
        for f in findings:
            all_f[f.category] += 1
            hit = any(matches(e, f) for e in errors)
            tp_f[f.category] += hit
            if name == "seed" and not hit and severity_rank(f.severity) >= 1:
                seed_extra.append(f"[{f.category}/{f.severity}] {f.message}")
            if args.show and not hit:
                print(f"  UNMATCHED {name}: [{f.category}/{f.severity}] {f.message}")
        for e in errors:
            all_e[e["category"]] += 1
            found = any(matches(e, f) for f in findings)
            tp_e[e["category"]] += found
            if name == "seed" and found:
                seed_found.append(e["id"])
            if args.show and not found:
                print(f"  MISSED {name}: [{e['category']}] {e.get('source_text')!r} -> {e.get('target_text')!r}")
    categories = sorted(set(all_e) | set(all_f))
    rows = []
    for cat in categories:
        precision = tp_f[cat] / all_f[cat] if all_f[cat] else None
        recall = tp_e[cat] / all_e[cat] if all_e[cat] else None
        rows.append((cat, all_e[cat], all_f[cat], precision, recall, false_alarms[cat]))
    result = {
        "checks": [c["name"] for c in list_checks()] if checks is None else checks,
        "rows": rows,
        "correct_stories": correct_stories,
        "false_alarm_sentence_rate": flagged_sentences / max(correct_sentences, 1),
        "seed_found": seed_found,
        "seed_extra_major": seed_extra,
        "median_seconds_per_story": sorted(times)[len(times) // 2],
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"checks: {', '.join(result['checks'])}")
    print(f"{'category':<13} {'errors':>6} {'found':>6} {'precision':>9} {'recall':>7} {'false alarms on correct':>24}")
    for cat, n_err, n_find, p, r, fa in rows:
        ps = f"{p:.2f}" if p is not None else "-"
        rs = f"{r:.2f}" if r is not None else "-"
        print(f"{cat:<13} {n_err:>6} {n_find:>6} {ps:>9} {rs:>7} {fa:>24}")
    print(f"correct translations: {correct_stories} stories, {100 * result['false_alarm_sentence_rate']:.1f}% of "
          f"sentences flagged")
    print(f"seed: found {len(seed_found)}/5 known errors ({', '.join(seed_found)}); "
          f"other major/critical findings: {len(seed_extra)}")
    for line in seed_extra:
        print(f"  {line}")
    print(f"median time per story pair: {result['median_seconds_per_story']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
