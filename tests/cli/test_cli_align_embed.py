"""`mtqa embed` and `mtqa align sents` in-process, with the fast hashing encoder."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mtqa.cli import main

GREEK = "Η Βόρεια Κορέα εκτόξευσε πυραύλους. Η Σεούλ ανακοίνωσε την εκτόξευση. Τα γυμνάσια συνεχίζονται."
ENGLISH = "North Korea launched missiles. Seoul announced the launch. The exercises continue."


def test_embed_writes_npy_and_sentence_index(tmp_path):
    src = tmp_path / "lines.txt"
    src.write_text("Καλημέρα.\nGuten Morgen.\n早上好。\n", encoding="utf-8")
    out, sents = tmp_path / "vecs.npy", tmp_path / "sents.jsonl"
    assert main(["embed", str(src), "--presplit", "--model", "hash", "-o", str(out), "--sentences", str(sents)]) == 0
    vectors = np.load(out)
    assert vectors.shape == (3, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    records = [json.loads(line) for line in sents.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == ["Καλημέρα.", "Guten Morgen.", "早上好。"]
    assert records[0]["model"].startswith("hash")


def test_embed_unknown_model_is_a_backend_error(tmp_path, capsys):
    src = tmp_path / "lines.txt"
    src.write_text("Καλημέρα.\n", encoding="utf-8")
    assert main(["embed", str(src), "--presplit", "--model", "e5-smal", "-o", str(tmp_path / "x.npy")]) == 4
    assert "e5-small" in capsys.readouterr().err


def _stories(tmp_path):
    src, tgt = tmp_path / "el.txt", tmp_path / "en.txt"
    src.write_text(GREEK, encoding="utf-8")
    tgt.write_text(ENGLISH, encoding="utf-8")
    return str(src), str(tgt)


def test_align_sents_jsonl_records_carry_offsets_and_signature(tmp_path, capsys):
    src, tgt = _stories(tmp_path)
    assert main(["align", "sents", src, tgt, "--src-lang", "el", "--tgt-lang", "en", "--model", "hash"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(i for r in records for i in r["source"]) == [0, 1, 2]
    assert sorted(j for r in records for j in r["target"]) == [0, 1, 2]
    for r in records:
        assert r["signature"].startswith("mtqa:") and "model:hash" in r["signature"]
        assert " ".join(GREEK[s:e] for s, e in r["source_spans"]) == r["source_text"]
        for s, e in r["target_spans"]:
            assert ENGLISH[s:e] in r["target_text"]
        assert 0 <= r["confidence"] <= 1


def test_align_sents_vecalign_format(tmp_path, capsys):
    src, tgt = _stories(tmp_path)
    assert main(["align", "sents", src, tgt, "--src-lang", "el", "--tgt-lang", "en", "--model", "hash",
                 "--format", "vecalign"]) == 0
    lines = capsys.readouterr().out.splitlines()
    from mtqa.metrics.sentence_alignment import parse_vecalign

    links = parse_vecalign(lines)
    assert sorted(i for s, _ in links for i in s) == [0, 1, 2]


def test_align_sents_refuses_same_language_and_bad_overlap(tmp_path, capsys):
    src, tgt = _stories(tmp_path)
    assert main(["align", "sents", src, tgt, "--src-lang", "en", "--tgt-lang", "en", "--model", "hash"]) == 3
    assert main(["align", "sents", src, tgt, "--src-lang", "el", "--tgt-lang", "en", "--model", "hash",
                 "--max-overlap", "9"]) == 2


def test_align_words_pharaoh_and_jsonl(tmp_path, capsys):
    path = tmp_path / "pairs.txt"
    path.write_text("das rote Haus ||| das rote Haus\n\nein Test ||| ein Test\n", encoding="utf-8")
    assert main(["align", "words", str(path), "--src-lang", "de", "--tgt-lang", "en", "--model", "hash",
                 "--layer", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == ["0-0 1-1 2-2", "0-0 1-1"]
    assert main(["align", "words", str(path), "--src-lang", "de", "--tgt-lang", "en", "--model", "hash",
                 "--layer", "1", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in records] == [1, 2]
    link = records[0]["links"][2]
    s, e = link["source_span"]
    assert records[0]["source"][s:e] == "Haus" and 0 <= link["probability"] <= 1


def test_align_words_malformed_line(tmp_path, capsys):
    path = tmp_path / "pairs.txt"
    path.write_text("eins ||| one\nzwei two\n", encoding="utf-8")
    assert main(["align", "words", str(path), "--src-lang", "de", "--tgt-lang", "en", "--model", "hash"]) == 3
    assert f"{path}:2:" in capsys.readouterr().err


def test_align_sents_refuses_a_story_in_another_language_than_declared(tmp_path, capsys):
    src, tgt = tmp_path / "el.txt", tmp_path / "en.txt"
    src.write_text(ENGLISH + " " + ENGLISH, encoding="utf-8")  # the 'Greek' source is English
    tgt.write_text(ENGLISH, encoding="utf-8")
    assert main(["align", "sents", str(src), str(tgt), "--src-lang", "el", "--tgt-lang", "en", "--model", "hash"]) == 3
    err = capsys.readouterr().err
    assert "declared language is Greek" in err and str(src) in err


def test_align_sents_one_sentence_and_a_much_shorter_translation(tmp_path, capsys):
    src, tgt = tmp_path / "el.txt", tmp_path / "en.txt"
    src.write_text(GREEK, encoding="utf-8")
    tgt.write_text("North Korea launched missiles.", encoding="utf-8")
    assert main(["align", "sents", str(src), str(tgt), "--src-lang", "el", "--tgt-lang", "en", "--model", "hash"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(i for r in records for i in r["source"]) == [0, 1, 2]
    assert [j for r in records for j in r["target"]] == [0]


def test_check_reports_findings_and_fail_on(tmp_path, capsys):
    src, tgt = tmp_path / "el.txt", tmp_path / "en.txt"
    src.write_text("Το υπουργείο Ναυτιλίας ανακοίνωσε νέα μέτρα για τα πλοία σήμερα.", encoding="utf-8")
    tgt.write_text("The υπουργείο Ναυτιλίας announced new measures for the ships today.", encoding="utf-8")
    args = ["check", str(src), str(tgt), "--src-lang", "el", "--tgt-lang", "en", "--model", "hash",
            "--checks", "untranslated"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    [finding] = report["findings"]
    assert finding["category"] == "untranslated" and finding["target_text"] == "υπουργείο Ναυτιλίας"
    assert report["signature"].startswith("mtqa:") and "checks:untranslated" in report["signature"]
    assert main([*args, "--fail-on", "major"]) == 1
    capsys.readouterr()
    assert main([*args, "--fail-on", "critical", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("severity\tcategory")


def test_check_pairs_streams_results_in_input_order(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        '{"id": "a", "src": "Οι οικονομολόγοι δεν αναμένουν μείωση.", "tgt": "Economists expect a cut."}\n'
        '{"id": "b", "src": "Guten Morgen.", "tgt": "Good morning.", "src_lang": "de"}\n'
        '{"id": "c", "src": "   ", "tgt": "Invented."}\n',
        encoding="utf-8",
    )
    assert main(["check", "--pairs", str(pairs), "--src-lang", "el", "--tgt-lang", "en", "--model", "hash",
                 "--checks", "omission"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert [f["category"] for f in out[0]["findings"] if f["severity"] == "critical"] == ["omission"]
    assert [f for f in out[1]["findings"] if f["severity"] != "minor"] == []
    assert [f["category"] for f in out[2]["findings"]] == ["addition"]
    assert all(0 <= r["score"] <= 1 for r in out)


def test_check_pairs_bad_language_names_the_line(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "a", "src": "x", "tgt": "y"}\n{"id": "b", "src": "x", "tgt": "y", "tgt_lang": "el"}\n',
                     encoding="utf-8")
    assert main(["check", "--pairs", str(pairs), "--src-lang", "el", "--tgt-lang", "en", "--model", "hash"]) == 3
    assert f"{pairs}:2:" in capsys.readouterr().err


def test_checks_list_describes_every_check(capsys):
    assert main(["checks", "list", "--format", "json"]) == 0
    names = {c["name"] for c in json.loads(capsys.readouterr().out)}
    assert {"boundary", "omission", "untranslated"} <= names


def test_align_words_with_eflomal(tmp_path, capsys):
    pytest.importorskip("eflomal")
    path = tmp_path / "pairs.txt"
    path.write_text("das rote Haus ||| the red house\nein rotes Auto ||| a red car\n", encoding="utf-8")
    assert main(["align", "words", str(path), "--src-lang", "de", "--tgt-lang", "en", "--aligner", "eflomal"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(lines)
