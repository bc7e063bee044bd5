"""``mtqa terms consistency`` and ``mtqa terms score`` in-process (the hash test encoder stands in
for the model; the real model's behaviour is in tests/model/test_terms_model.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.align.tokenize import word_spans
from mtqa.cli import main
from mtqa.terms.lexical import lemma_key

CORPORA = Path(__file__).resolve().parents[2] / "corpora"

GLOSSARY = "source\ttarget\tvariants\tforbidden\nΜιλιτάρια\tmilitary\t\t\nγυμνάσια\texercises\tdrills\thigh schools\n"


@pytest.fixture
def line_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    glossary = tmp_path / "glossary.tsv"
    src.write_text("Τα γυμνάσια άρχισαν στο Αιγαίο.\nΤα γυμνάσια τελείωσαν.\nΚαλημέρα.\n", encoding="utf-8")
    tgt.write_text("The drills began in the Aegean.\nThe high schools ended.\nGood morning.\n", encoding="utf-8")
    glossary.write_text(GLOSSARY, encoding="utf-8")
    return src, tgt, glossary


def test_terms_score_on_line_aligned_files_needs_no_model(line_files, capsys):
    src, tgt, glossary = line_files
    code = main(["terms", "score", str(src), str(tgt), "--glossary", str(glossary), "--src-lang", "el",
                 "--tgt-lang", "en", "--lines", "--fail-on", "major"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # a forbidden rendering is a major finding
    assert data["term_success_rate"] == 0.5
    assert data["exact_match_accuracy"] == 0.5  # "drills" is a listed variant, verbatim
    assert [m["status"] for m in data["matches"]] == ["hit", "forbidden"]
    assert data["matches"][1]["document_id"] == "2"
    [finding] = data["findings"]
    tgt_text = tgt.read_text(encoding="utf-8")
    start, end = finding["target_span"]["start"], finding["target_span"]["end"]
    assert tgt_text[start:end] == "high schools"
    assert data["signature"].startswith("mtqa:")


def test_terms_score_tsv_and_mismatched_lines(line_files, tmp_path, capsys):
    src, tgt, glossary = line_files
    assert main(["terms", "score", str(src), str(tgt), "--glossary", str(glossary), "--src-lang", "el",
                 "--tgt-lang", "en", "--lines", "--format", "tsv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split("\t") == ["segment", "source", "target", "status", "exact", "rendering"]
    assert rows[2].split("\t")[3:] == ["forbidden", "no", "high schools"]
    short = tmp_path / "short.txt"
    short.write_text("The drills began.\n", encoding="utf-8")
    assert main(["terms", "score", str(src), str(short), "--glossary", str(glossary), "--src-lang", "el",
                 "--tgt-lang", "en", "--lines"]) == 3
    assert "3 source lines but 1 translation lines" in capsys.readouterr().err


def test_terms_consistency_on_a_corpus_story(capsys):
    story = CORPORA / "el-en" / "04_housing_delivery"
    code = main(["terms", "consistency", f"{story}.el.txt", f"{story}.flawed.en.txt", "--src-lang", "el",
                 "--tgt-lang", "en", "--model", "hash"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert 0.0 < data["score"] <= 1.0
    assert data["terms"] == len(data["results"]) > 0
    assert set(data["status"]) <= {"consistent", "variant", "conflict", "unaligned"}
    # Every reported span points at an occurrence of the term in the story texts.
    source = Path(f"{story}.el.txt").read_text(encoding="utf-8")
    target = Path(f"{story}.flawed.en.txt").read_text(encoding="utf-8")
    for result in data["results"]:
        for rendering in result["renderings"]:
            for occ in rendering["occurrences"]:
                s, e = occ["source_span"]
                piece = source[s:e]
                assert " ".join(lemma_key([piece[a:b] for a, b in word_spans(piece)], "el")) == result["lemma"]
                t0, t1 = occ["target_span"]
                assert target[t0:t1] == occ["rendering"]


def test_terms_consistency_batch_pairs_stories_by_id(tmp_path, capsys):
    src_dir, tgt_dir = tmp_path / "el", tmp_path / "en"
    src_dir.mkdir()
    tgt_dir.mkdir()
    for path in sorted((CORPORA / "el-en").glob("0[12]_*.el.txt")):
        name = path.name.split(".")[0]
        (src_dir / f"{name}.el.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        (tgt_dir / f"{name}.en.txt").write_text((CORPORA / "el-en" / f"{name}.en.txt").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    (src_dir / "99_lonely.el.txt").write_text("Μια ιστορία χωρίς μετάφραση.\n", encoding="utf-8")
    code = main(["terms", "consistency", "--batch", str(src_dir), str(tgt_dir), "--src-lang", "el",
                 "--tgt-lang", "en", "--model", "hash", "--format", "tsv"])
    captured = capsys.readouterr()
    assert code == 0
    assert "'99_lonely' has no translation" in captured.err
    header, *rows = captured.out.splitlines()
    assert header.split("\t")[:3] == ["term", "lemma", "status"]
    assert rows


def test_terms_usage_errors(line_files, capsys):
    src, tgt, glossary = line_files
    assert main(["terms", "consistency", str(src), "--src-lang", "el", "--tgt-lang", "en"]) == 2
    assert main(["terms", "consistency", str(src), str(tgt), "--tgt-lang", "en"]) == 2
    assert main(["terms", "consistency", str(src), str(tgt), "--src-lang", "el", "--tgt-lang", "en",
                 "--min-count", "1"]) == 2
    assert main(["terms", "score", str(src), str(tgt), "--src-lang", "el", "--tgt-lang", "en"]) == 2  # no glossary
    assert main(["terms", "score", str(src), str(tgt), "--glossary", str(tgt), "--src-lang", "el",
                 "--tgt-lang", "en", "--lines"]) == 3  # not a glossary
