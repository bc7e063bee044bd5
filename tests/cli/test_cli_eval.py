"""``mtqa eval mt`` and ``mtqa eval detect`` in-process: inputs, output formats, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from mtqa.cli import main
from mtqa.data import SegmentPair
from mtqa.io import read_story, write_pairs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "eval"
STORY = "corpora/el-en/01_ferry_strike"


@pytest.fixture(scope="module")
def story() -> dict[str, list[str]]:
    """A Greek story, its English translation and a flawed translation, one sentence each (8 of them)."""
    out = {
        "src": read_story(ROOT / f"{STORY}.el.txt", "el").sentences,
        "ref": read_story(ROOT / f"{STORY}.en.txt", "en").sentences,
        "flawed": read_story(ROOT / f"{STORY}.flawed.en.txt", "en").sentences,
    }
    assert len(set(map(len, out.values()))) == 1
    return out


@pytest.fixture()
def files(tmp_path: Path, story) -> dict[str, Path]:
    paths = {}
    for name, lines in story.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_json_is_the_default_off_a_terminal(files, story, capsys):
    assert main(["eval", "mt", "--hyp", str(files["flawed"]), str(files["ref"]), "--ref", str(files["ref"])]) == 0
    result = _json(capsys)
    assert result["systems"]["flawed.txt"]["bleu"]["score"] == pytest.approx(
        BLEU().corpus_score(story["flawed"], [story["ref"]]).score)
    assert result["systems"]["ref.txt"]["chrf"]["score"] == pytest.approx(100.0)


def test_text_tsv_and_latex_tables(files, story, tmp_path, capsys):
    args = ["eval", "mt", "--hyp", str(files["flawed"]), "--ref", str(files["ref"]), "--metrics", "bleu,chrf"]
    bleu = f"{BLEU().corpus_score(story['flawed'], [story['ref']]).score:.2f}"
    assert main([*args, "--format", "text"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["system", "bleu", "chrf"] and out[1].split()[:2] == ["flawed.txt", bleu]
    assert any(line.startswith("bleu: nrefs:1|") for line in out)
    assert main([*args, "--format", "tsv"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["system", "document", "bleu", "chrf"] and rows[1][:3] == ["flawed.txt", "", bleu]
    renamed = tmp_path / "sys_a&b.txt"
    renamed.write_text(files["flawed"].read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / "table.tex"
    assert main(["eval", "mt", "--hyp", str(renamed), "--ref", str(files["ref"]), "--format", "latex",
                 "-o", str(output)]) == 0
    tex = output.read_text(encoding="utf-8")
    assert tex.startswith(r"\begin{tabular}{lrrr}") and r"\end{tabular}" in tex
    assert rf"sys\_a\&b.txt & {bleu} & " in tex and "% bleu: nrefs:1|" in tex


def test_paired_bootstrap_matches_sacrebleu(files, story, capsys):
    assert main(["eval", "mt", "--hyp", str(files["ref"]), str(files["flawed"]), "--ref", str(files["ref"]),
                 "--metrics", "bleu,chrf", "--significance", "bs", "--samples", "300", "--format", "json"]) == 0
    result = _json(capsys)
    _, table = PairedTest([("ref.txt", story["ref"]), ("flawed.txt", story["flawed"])],
                          {"bleu": BLEU(), "chrf": CHRF()}, [story["ref"]], test_type="bs", n_samples=300)()
    test = result["significance"]
    assert test["baseline"] == "ref.txt" and test["samples"] == 300
    assert test["systems"]["flawed.txt"]["bleu"]["p_value"] == pytest.approx(table["BLEU"][1].p_value)
    assert test["systems"]["flawed.txt"]["chrf"]["ci"] == pytest.approx(table["chrF2"][1].ci)
    assert "bs:300" in test["signatures"]["bleu"] and "test:bs:300" in result["signature"]
    assert main(["eval", "mt", "--hyp", str(files["ref"]), str(files["flawed"]), "--ref", str(files["ref"]),
                 "--metrics", "bleu", "--significance", "bs", "--samples", "300", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "p=" in text and "paired bs test (300 samples) against ref.txt" in text


def test_significance_needs_two_systems(files, capsys):
    assert main(["eval", "mt", "--hyp", str(files["flawed"]), "--ref", str(files["ref"]), "--significance", "ar"]) == 2
    assert "at least two systems" in capsys.readouterr().err


def test_documents_from_a_docs_file(files, story, tmp_path, capsys):
    docs = tmp_path / "docs.txt"
    docs.write_text("".join("lead\n" if k < 3 else "body\n" for k in range(len(story["ref"]))), encoding="utf-8")
    assert main(["eval", "mt", "--hyp", str(files["flawed"]), "--ref", str(files["ref"]), "--docs", str(docs),
                 "--metrics", "bleu", "--format", "json"]) == 0
    documents = _json(capsys)["systems"]["flawed.txt"]["documents"]
    assert documents["lead"]["bleu"] == pytest.approx(BLEU().corpus_score(story["flawed"][:3], [story["ref"][:3]]).score)
    docs.write_text("lead\nbody\n", encoding="utf-8")
    assert main(["eval", "mt", "--hyp", str(files["flawed"]), "--ref", str(files["ref"]), "--docs", str(docs)]) == 3
    assert "documents and references differ in number of segments" in capsys.readouterr().err


def test_jsonl_fields_and_doc_ids(story, tmp_path, capsys):
    data = tmp_path / "ferry.jsonl"
    data.write_text("".join(json.dumps({"id": k, "doc_id": "ferry" if k < 4 else "unions", "src": s, "ref": r, "mt": f},
                                       ensure_ascii=False) + "\n"
                            for k, (s, r, f) in enumerate(zip(story["src"], story["ref"], story["flawed"]))),
                    encoding="utf-8")
    assert main(["eval", "mt", "--hyp", f"{data}:mt", "--ref", str(data), "--metrics", "chrf", "--format", "json"]) == 0
    result = _json(capsys)
    system = result["systems"]["ferry.jsonl:mt"]
    assert system["chrf"]["score"] == pytest.approx(CHRF().corpus_score(story["flawed"], [story["ref"]]).score)
    assert list(system["documents"]) == ["ferry", "unions"]
    assert main(["eval", "mt", "--hyp", str(data), "--ref", str(data)]) == 3
    err = capsys.readouterr().err
    assert f"{data}:1: no text field 'hyp'" in err and "FILE:FIELD" in err


def test_tmx_xliff_and_dataset_inputs(story, tmp_path, capsys):
    from mtqa.io.hf import write_dataset

    pairs = [SegmentPair(s, r, "el", "en", id=str(k)) for k, (s, r) in enumerate(zip(story["src"], story["ref"]))]
    tmx, xlf, dataset = tmp_path / "memory.tmx", tmp_path / "job.xlf", tmp_path / "dataset"
    write_pairs(pairs, tmx)
    write_pairs(pairs, xlf)
    write_dataset([SegmentPair(s, f, "el", "en") for s, f in zip(story["src"], story["flawed"])], dataset)
    expected = BLEU().corpus_score(story["flawed"], [story["ref"]]).score
    for ref in (str(tmx), f"{xlf}:tgt"):
        assert main(["eval", "mt", "--hyp", f"{dataset}:tgt", "--ref", ref, "--metrics", "bleu",
                     "--src-lang", "el", "--tgt-lang", "en", "--format", "json"]) == 0
        assert _json(capsys)["systems"]["dataset:tgt"]["bleu"]["score"] == pytest.approx(expected)
    # The source side of the TMX is the source: scoring it against the reference is far from 100.
    assert main(["eval", "mt", "--hyp", f"{tmx}:src", "--ref", f"{xlf}", "--metrics", "chrf",
                 "--src-lang", "el", "--tgt-lang", "en", "--format", "json"]) == 0
    assert _json(capsys)["systems"]["memory.tmx:src"]["chrf"]["score"] < 20
    assert main(["eval", "mt", "--hyp", str(tmx), "--ref", str(xlf)]) == 2
    assert "needs --src-lang and --tgt-lang" in capsys.readouterr().err
    assert main(["eval", "mt", "--hyp", f"{xlf}:target", "--ref", str(xlf)]) == 2
    assert "src or tgt" in capsys.readouterr().err


def test_plain_text_has_no_fields(files, capsys):
    assert main(["eval", "mt", "--hyp", f"{files['flawed']}:mt", "--ref", str(files["ref"])]) == 2
    assert "plain text file has no fields" in capsys.readouterr().err


def test_plot_writes_a_png(files, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    plot = tmp_path / "scores.png"
    assert main(["eval", "mt", "--hyp", str(files["ref"]), str(files["flawed"]), "--ref", str(files["ref"]),
                 "--significance", "bs", "--samples", "100", "--plot", str(plot), "--format", "json"]) == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000
    # Segment scores were computed for the plot but are not printed without --segments.
    assert "segments" not in _json(capsys)["systems"]["flawed.txt"]["bleu"]


def test_plot_without_matplotlib_says_what_to_install(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert main(["eval", "mt", "--hyp", str(files["flawed"]), "--ref", str(files["ref"]),
                 "--plot", str(tmp_path / "x.png")]) == 3
    assert "pip install 'mtqa[plot]'" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_adequacy_and_align_run_through_the_cli(files, story, tmp_path, capsys):
    # The hashing test encoder: plumbing only (the real model is in tests/model/test_eval_model.py).
    merged = tmp_path / "merged.txt"
    merged.write_text(" ".join(story["flawed"][:2]) + "\n" + "\n".join(story["flawed"][2:]) + "\n", encoding="utf-8")
    assert main(["eval", "mt", "--hyp", str(merged), "--ref", str(files["ref"]), "--src", str(files["src"]),
                 "--align", "--model", "hash", "--format", "json"]) == 0
    result = _json(capsys)
    assert list(result["signatures"]) == ["bleu", "chrf", "ter", "adequacy"]
    assert "align:hash" in result["signature"] and "model:hash" in result["signatures"]["adequacy"]
    system = result["systems"]["merged.txt"]
    assert 0.0 <= system["adequacy"]["score"] <= 1.0
    assert sorted(j for link in system["alignment"]["links"] for j in json.loads(link.split(":")[1])) == list(range(8))
    assert main(["eval", "mt", "--hyp", str(files["flawed"]), "--ref", str(files["ref"]), "--metrics", "adequacy"]) == 2
    assert "needs the sources" in capsys.readouterr().err


def test_eval_detect_json_text_and_tsv(capsys):
    gold, pred = str(DATA / "detect_gold.jsonl"), str(DATA / "detect_pred.jsonl")
    assert main(["eval", "detect", "--gold", gold, "--pred", pred]) == 0
    scores = _json(capsys)
    assert scores["findings"]["overall"]["precision"] == pytest.approx(0.6)
    assert scores["segments"]["mcc"] == pytest.approx(1 / 6)
    assert main(["eval", "detect", "--gold", gold, "--pred", pred, "--min-severity", "major",
                 "--categories", "number,date,sense,omission", "--format", "text"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].split()[:6] == ["category", "gold", "pred", "precision", "recall", "f1"]
    assert text[-4].split()[:6] == ["all", "4", "3", "1.000", "0.750", "0.857"]
    assert text[-2].startswith("segments: tp=2 fp=0 fn=1 tn=2") and "mcc=0.667" in text[-2]
    assert main(["eval", "detect", "--gold", gold, "--pred", pred, "--format", "tsv"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[-1][:3] == ["all", "4", "5"] and len(rows) == 1 + 6 + 1


def test_eval_detect_unmatched_ids(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"id": "s1", "findings": []}\n', encoding="utf-8")
    assert main(["eval", "detect", "--gold", str(DATA / "detect_gold.jsonl"), "--pred", str(pred)]) == 3
    assert "4 id(s) only in the gold (s2, s3, s4, s5)" in capsys.readouterr().err
