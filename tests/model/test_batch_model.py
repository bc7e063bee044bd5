"""mtqa batch with the real model over the corpora: every flawed translation gets findings, most
labelled errors are found where they are, and the report holds every finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.batch import run_batch

pytestmark = pytest.mark.model

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


def _overlap(finding: dict, error: dict) -> bool:
    """The finding covers part of the labelled error (on the target side; on the source side for
    an error with no target text, like a dropped clause)."""
    side = "target_span" if error.get("target_span") else "source_span"
    a, b = finding[side], error[side]
    return bool(a) and a["start"] < b["end"] and b["start"] < a["end"]


@pytest.mark.parametrize("pair", ["el-en", "de-en", "ru-en", "zh-en"])
def test_a_batch_of_flawed_translations(pair, e5, tmp_path):
    src_lang = pair.split("-")[0]
    folder = CORPORA / pair
    names = sorted(p.name.split(".")[0] for p in folder.glob(f"*.{src_lang}.txt"))
    summary = run_batch(folder, folder, src_lang=src_lang, tgt_lang="en", out_dir=tmp_path / "run", device="cpu",
                        source_pattern=f"*.{src_lang}.txt", target_pattern="*.flawed.en.txt")
    data = summary.data
    assert not summary.failed and data["counts"]["checked"] == len(names)
    assert "model:e5-small@" in data["signature"]
    assert {s["id"] for s in data["ranked"] if s["worst"] in {"major", "critical"}} == set(names)
    findings = [json.loads(line) for line in (tmp_path / "run" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = json.loads((folder / "errors.json").read_text(encoding="utf-8"))["errors"]
    found = [e for e in gold if any(f["story"] == e["story"] and _overlap(f, e) for f in findings)]
    assert len(found) >= 0.6 * len(gold), [e["target_text"] for e in gold if e not in found]
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert all(f'data-ref="{f["id"]}"' in page for f in findings)
    assert data["terminology"]["score"] is not None
    print(pair, data["timings"], f"{len(found)}/{len(gold)} labelled errors found")
