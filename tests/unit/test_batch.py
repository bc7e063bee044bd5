"""mtqa.batch in-process (jobs=1, the hash test encoder): outputs, ranking, failures, resume,
refusals, pairing by id / by document alignment / from a segment-pair set, and the rebuilt
check contexts. Parallel, killed and Ray runs are in tests/cli/test_cli_batch.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import mtqa.batch as batch
from mtqa.batch import check_story, read_pair_set, run_batch, story_context, story_filename
from mtqa.data import severity_rank
from mtqa.encoders import get_encoder
from mtqa.errors import UsageError
from mtqa.io import read_story

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "el-en"
NAMES = ["01_ferry_strike", "02_olive_oil_price", "03_crete_earthquake", "04_housing_delivery"]


SRC, TGT = "*.el.txt", "*.flawed.en.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of corpora/el-en: sources *.el.txt, flawed translations *.flawed.en.txt."""
    return shutil.copytree(CORPUS, tmp_path / "el-en")


def _run(corpus, out, **options):
    return run_batch(corpus, corpus, src_lang="el", tgt_lang="en", out_dir=out, model="hash", source_pattern=SRC,
                     target_pattern=TGT, **options)


def _findings(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]


def _stable(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k not in {"run", "timings"}}


def test_a_batch_writes_findings_summary_report_and_one_file_per_story(corpus, tmp_path):
    out = tmp_path / "run"
    ticks = []
    summary = _run(corpus, out, progress=ticks.append)
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data == summary.data and sum(ticks) == 4
    assert data["counts"]["stories"] == data["counts"]["checked"] == 4 and data["counts"]["failed"] == 0
    assert data["matched_by"] == "id" and data["signature"].startswith("mtqa:") and "task:batch" in data["signature"]
    assert sorted(p.name for p in (out / "stories").iterdir()) == sorted(story_filename(n) for n in NAMES)
    findings = _findings(out)
    assert len(findings) == data["counts"]["findings"] == sum(data["counts"]["severity"].values())
    texts = {n: ((corpus / f"{n}.el.txt").read_text(encoding="utf-8"),
                 (corpus / f"{n}.flawed.en.txt").read_text(encoding="utf-8")) for n in NAMES}
    for f in findings:
        assert f["id"].startswith(f["story"] + "#") and f["scope"] in {"story", "batch"}
        for k, side in enumerate(("source", "target")):
            if f[f"{side}_span"]:
                span = f[f"{side}_span"]
                assert f[f"{side}_text"] == texts[f["story"]][k][span["start"]:span["end"]]
    ranked = data["ranked"]
    keys = [(-severity_rank(s["worst"]), -s["penalty"]) for s in ranked]
    assert keys == sorted(keys) and [s["rank"] for s in ranked] == [1, 2, 3, 4]
    assert data["terminology"]["score"] is not None and (out / "terms.json").exists()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert all(f'data-story-id="{n}"' in page for n in NAMES)
    assert json.loads((out / "manifest.json").read_text())["settings"]["model"] == "hash"


def test_a_failing_story_is_recorded_and_the_run_goes_on(corpus, tmp_path, monkeypatch):
    real = batch.check_story

    def flaky(source, target, *args, **kwargs):
        if source.id == "02_olive_oil_price":
            raise RuntimeError("model exploded")
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(batch, "check_story", flaky)
    summary = _run(corpus, tmp_path / "run")
    [failed] = summary.failed
    assert failed["id"] == "02_olive_oil_price" and failed["error"]["type"] == "RuntimeError"
    assert "model exploded" in failed["error"]["message"] and "traceback" in failed["error"]
    assert summary.data["counts"]["checked"] == 3
    assert "02_olive_oil_price" not in {f["story"] for f in _findings(tmp_path / "run")}
    assert 'id="failed"' in (tmp_path / "run" / "report.html").read_text(encoding="utf-8")


def test_resume_keeps_finished_stories_and_redoes_failed_and_damaged_ones(corpus, tmp_path, monkeypatch):
    reference = _run(corpus, tmp_path / "reference")
    out = tmp_path / "run"
    real = batch.check_story
    calls: list[str] = []

    def flaky(source, target, *args, **kwargs):
        calls.append(source.id)
        if source.id == "02_olive_oil_price":
            raise RuntimeError("interrupted")
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(batch, "check_story", flaky)
    assert len(_run(corpus, out).failed) == 1
    damaged = out / "stories" / story_filename("04_housing_delivery")
    damaged.write_text(damaged.read_text(encoding="utf-8")[:200], encoding="utf-8")  # a torn file
    (out / "stories" / ".leftover.json.tmp").write_text("{", encoding="utf-8")
    monkeypatch.setattr(batch, "check_story", lambda s, t, *a, **k: calls.append(s.id) or real(s, t, *a, **k))
    calls.clear()
    resumed = _run(corpus, out, resume=True)
    assert sorted(calls) == ["02_olive_oil_price", "04_housing_delivery"]
    assert resumed.data["run"]["resumed"] == 2 and not resumed.failed
    assert not list((out / "stories").glob(".*.tmp"))
    assert _findings(out) == _findings(tmp_path / "reference")
    assert _stable(resumed.data) == _stable(reference.data)
    assert (out / "report.html").read_bytes() == (tmp_path / "reference" / "report.html").read_bytes()


def test_a_used_run_dir_needs_resume_and_resume_needs_the_same_settings(corpus, tmp_path):
    out = tmp_path / "run"
    _run(corpus, out)
    with pytest.raises(UsageError, match="already holds a run"):
        _run(corpus, out)
    with pytest.raises(UsageError, match="checks"):
        _run(corpus, out, resume=True, checks=["numbers"])
    (corpus / "01_ferry_strike.flawed.en.txt").write_text("The ferry strike was called off.\n", encoding="utf-8")
    with pytest.raises(UsageError, match="inputs"):
        _run(corpus, out, resume=True)


def test_a_glossary_is_scored_across_the_batch_and_its_violations_are_findings(corpus, tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("source\ttarget\tvariants\tforbidden\nαπεργία\twalkout\t\tstrike\n", encoding="utf-8")
    summary = _run(corpus, tmp_path / "run", glossary=glossary)
    adherence = summary.data["terminology"]["glossary"]
    assert adherence["occurrences"] >= 2 and adherence["forbidden"] >= 1 and adherence["term_success_rate"] < 1
    violations = [f for f in _findings(tmp_path / "run") if f["check"] == "glossary"]
    assert violations and {f["story"] for f in violations} == {"01_ferry_strike"}
    assert all(f["scope"] == "batch" and f["source_text"].lower().startswith("απεργ") for f in violations)
    assert "glossary:1 terms" in summary.data["signature"]


def test_an_unreadable_translation_fails_its_story_only(corpus, tmp_path):
    (corpus / "03_crete_earthquake.flawed.en.txt").write_text("", encoding="utf-8")
    summary = _run(corpus, tmp_path / "run")
    [failed] = summary.failed
    assert failed["id"] == "03_crete_earthquake" and "file is empty" in failed["error"]["message"]
    assert summary.data["counts"]["checked"] == 3 and summary.data["unreadable"][0]["side"] == "target"


def test_stories_with_other_ids_are_matched_by_document_alignment(corpus, tmp_path):
    for path in list(corpus.glob(TGT)):
        path.rename(path.with_name("wire_" + path.name))
    (corpus / "wire_04_housing_delivery.flawed.en.txt").unlink()
    summary = _run(corpus, tmp_path / "run")
    assert summary.data["matched_by"] == "documents"
    pairs = {s["id"]: s["target_id"] for s in summary.data["ranked"]}
    assert pairs and all(target == "wire_" + source for source, target in pairs.items())
    unmatched = {u["source_id"] for u in summary.data["unmatched"] if u["type"] == "unmatched_source"}
    assert "04_housing_delivery" in unmatched and len(pairs) + len(unmatched) == 4
    assert summary.data["counts"]["unmatched"] == len(unmatched)
    assert all(s["match"]["by"] == "documents" for s in summary.data["ranked"])


def test_a_segment_pair_set_is_grouped_into_stories_by_document_id(tmp_path):
    rows = [{"id": "1", "src": "Η Αθήνα είναι μεγάλη.", "tgt": "Athens is big.", "metadata": {"doc_id": "a"}},
            {"id": "2", "src": "Έχει 3 εκατ. κατοίκους.", "tgt": "It has 3 million\ninhabitants.", "metadata": {"doc_id": "a"}},
            {"id": "3", "src": "Η Πάτρα είναι λιμάνι.", "tgt": "Patras is a port.", "metadata": {"doc_id": "b"}},
            {"id": "4", "src": "Το πλοίο έφυγε στις 7.", "tgt": "The ship left at 9."}]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    sources, targets = read_pair_set(pairs, "el", "en")
    assert [d.id for d in sources] == [d.id for d in targets] == ["a", "b", "4"]
    assert targets[0].sentences == ["Athens is big.", "It has 3 million inhabitants."]
    summary = run_batch(pairs, None, src_lang="el", tgt_lang="en", out_dir=tmp_path / "run", model="hash")
    assert summary.data["matched_by"] == "id" and summary.data["counts"]["checked"] == 3
    number = [f for f in _findings(tmp_path / "run") if f["story"] == "4" and f["category"] in {"number", "date"}]
    assert number and number[0]["target_text"] == "9"


def test_the_context_rebuilt_from_a_story_file_is_the_checked_one():
    encoder = get_encoder("hash")
    source = read_story(CORPUS / "01_ferry_strike.el.txt", "el")
    target = read_story(CORPUS / "01_ferry_strike.flawed.en.txt", "en")
    record = json.loads(json.dumps(check_story(source, target, encoder)))
    context = story_context(record, encoder=encoder)
    from mtqa.align.story import align_story

    expected = align_story(source, target, encoder)
    assert context.alignment.sentences.alignments == expected.sentences.alignments
    assert context.alignment.word_links() == expected.word_links()
    assert context.source.text == source.text and context.target.segments == target.segments
