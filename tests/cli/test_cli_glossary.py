"""`mtqa glossary train` and `mtqa glossary merge` in-process: outputs read back, merging, exit codes.

Training runs eflomal on ``tests/data/terms/de-en.tsv`` (450 real gettext pairs, about a second).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.data import Glossary, TermEntry
from mtqa.io import read_glossary, write_glossary

ROOT = Path(__file__).resolve().parents[2]
DE_EN = ROOT / "tests" / "data" / "terms" / "de-en.tsv"

needs_eflomal = pytest.mark.skipif(importlib.util.find_spec("eflomal") is None,
                                   reason="eflomal is not installed (pip install 'mtqa[stat]')")


def _train(capsys, *argv):
    code = main(["glossary", "train", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def trained_tbx(tmp_path_factory) -> Path:
    """One training run shared by the tests that only read its output."""
    out = tmp_path_factory.mktemp("glossary") / "de-en.tbx"
    assert main(["glossary", "train", str(DE_EN), "--src-lang", "de", "--tgt-lang", "en", "-o", str(out)]) == 0
    return out


@needs_eflomal
def test_train_to_tbx_keeps_every_field(trained_tbx: Path) -> None:
    glossary = read_glossary(trained_tbx, None, None)
    assert (glossary.source_language, glossary.target_language) == ("de", "en")
    assert glossary.name.startswith("mtqa:") and "task:glossary-train" in glossary.name
    datei = glossary.lookup("Datei")
    assert datei.target == "file" and datei.status == "candidate" and datei.count >= 10
    assert set(datei.scores) == {"dice", "llr", "align_prob"} and 0 < datei.confidence <= 1
    assert "datei" in datei.example.lower()
    assert all(e.status == "candidate" for e in glossary.entries)


@needs_eflomal
def test_train_to_tsv_file_and_stdout(tmp_path: Path, capsys) -> None:
    out = tmp_path / "terms.tsv"
    code, _, err = _train(capsys, str(DE_EN), "--src-lang", "de", "--tgt-lang", "en", "--top-k", "5", "-o", str(out))
    assert code == 0 and "signature: mtqa:" in err
    glossary = read_glossary(out, "de", "en")
    assert len(glossary) == 5
    # TSV has no statistics columns: they are in the note, readable by people.
    assert all(e.note.startswith("candidate: count ") and "llr " in e.note for e in glossary.entries)
    code = main(["-q", "glossary", "train", str(DE_EN), "--src-lang", "de", "--tgt-lang", "en", "--top-k", "3"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""  # -q: no log lines, no progress bar
    lines = captured.out.splitlines()
    assert lines[0].split("\t")[:3] == ["source", "target", "variants"] and len(lines) == 4


@needs_eflomal
def test_train_jsonl_corpus_to_jsonl_stdout(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "pairs.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for line in DE_EN.read_text(encoding="utf-8").splitlines()[1:]:
            src, tgt = line.split("\t")
            handle.write(json.dumps({"src": src, "tgt": tgt}, ensure_ascii=False) + "\n")
    code, stdout, _ = _train(capsys, str(corpus), "--src-lang", "de", "--tgt-lang", "en", "--to", "jsonl", "-o", "-")
    assert code == 0
    records = [json.loads(line) for line in stdout.splitlines()]
    by_source = {r["source"]: r for r in records}
    assert by_source["Datei"]["target"] == "file" and by_source["Datei"]["status"] == "candidate"


@needs_eflomal
def test_train_with_merge_keeps_approved(tmp_path: Path, capsys) -> None:
    approved = tmp_path / "approved.tsv"
    approved.write_text("source\ttarget\tvariants\tnote\nDatei\tdata file\t\thouse style\n", encoding="utf-8")
    out = tmp_path / "merged.json"
    code, _, _ = _train(capsys, str(DE_EN), "--src-lang", "de", "--tgt-lang", "en", "--merge", str(approved),
                        "-o", str(out))
    assert code == 0
    merged = read_glossary(out, "de", "en")
    assert merged.entries[0] == TermEntry("Datei", "data file", note="house style")
    assert len(merged) > 10 and [e.source for e in merged.entries].count("Datei") == 1
    assert all(e.status == "candidate" for e in merged.entries[1:])


@needs_eflomal
def test_merge_command(trained_tbx: Path, tmp_path: Path, capsys) -> None:
    approved = tmp_path / "approved.tbx"
    write_glossary(Glossary("de", "en", (TermEntry("Dateien", "data files", forbidden=("documents",)),
                                         TermEntry("Zauberstab", "magic wand"))), approved)
    out = tmp_path / "merged.tbx"
    assert main(["glossary", "merge", str(approved), str(trained_tbx), "-o", str(out)]) == 0
    merged = read_glossary(out, None, None)
    trained = read_glossary(trained_tbx, None, None)
    assert merged.entries[:2] == read_glossary(approved, None, None).entries  # untouched, first
    assert merged.lookup("Datei") is None  # same lemma as the approved "Dateien"
    assert len(merged) == 2 + len(trained) - 1
    assert "added" in capsys.readouterr().err


def test_bad_inputs_exit_codes(tmp_path: Path, capsys) -> None:
    base = ["--src-lang", "de", "--tgt-lang", "en"]
    assert _train(capsys, str(tmp_path / "missing.tsv"), *base)[0] == 3
    bad = tmp_path / "bad.tsv"
    bad.write_text("Datei\tfile\nkein Tab hier\n", encoding="utf-8")
    code, _, err = _train(capsys, str(bad), *base)
    assert code == 3 and "bad.tsv:2:" in err
    assert _train(capsys, str(DE_EN), *base, "--min-count", "0")[0] == 2
    assert _train(capsys, str(DE_EN), *base, "-o", str(tmp_path / "out.xyz"))[0] == 3  # before any training
    assert _train(capsys, str(DE_EN), "--src-lang", "de", "--tgt-lang", "de")[0] == 3
    assert _train(capsys, str(DE_EN), "--src-lang", "xx-nope", "--tgt-lang", "en")[0] == 3
    assert _train(capsys, str(DE_EN), *base, "--format", "stories", "--model", "hash")[0] == 2  # needs two dirs
    assert main(["glossary", "train", str(DE_EN)]) == 2  # languages are required
    capsys.readouterr()
    assert main(["glossary", "merge", str(tmp_path / "nope.tsv"), str(DE_EN), "--src-lang", "de"]) == 2
    assert main(["glossary", "merge", str(tmp_path / "nope.tsv"), str(DE_EN), "--src-lang", "de",
                 "--tgt-lang", "en"]) == 3


@needs_eflomal
def test_train_from_story_directories(tmp_path: Path, capsys) -> None:
    # Two directories of stories paired by file name; sentences are aligned with the (test) encoder.
    src, tgt = tmp_path / "de", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for story in sorted((ROOT / "corpora" / "de-en").glob("*.de.txt")):
        shutil.copy(story, src / story.name)
        shutil.copy(story.with_name(story.name.replace(".de.txt", ".en.txt")), tgt)
    out = tmp_path / "stories.json"
    code, _, err = _train(capsys, str(src), str(tgt), "--format", "stories", "--src-lang", "de", "--tgt-lang", "en",
                          "--min-count", "2", "--model", "hash", "-o", str(out))
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "sents:hash" in data["name"] and data["entries"]
    assert all(e["count"] >= 2 and e["status"] == "candidate" for e in data["entries"])


@needs_eflomal
def test_train_from_a_saved_dataset_and_tmx(tmp_path: Path, capsys) -> None:
    from mtqa.align.statistical import iter_tsv_pairs
    from mtqa.data import SegmentPair
    from mtqa.io import write_pairs

    pairs = [SegmentPair(s, t, "de", "en", id=str(k)) for k, (s, t) in enumerate(iter_tsv_pairs(DE_EN))]
    write_pairs(pairs, tmp_path / "dataset", fmt="hf")  # save_to_disk folder, as load_from_disk reads it
    write_pairs(pairs, tmp_path / "memory.tmx")
    for corpus in (tmp_path / "dataset", tmp_path / "memory.tmx"):
        code, stdout, _ = _train(capsys, str(corpus), "--src-lang", "de", "--tgt-lang", "en", "--to", "jsonl")
        assert code == 0, corpus
        records = [json.loads(line) for line in stdout.splitlines()]
        assert {r["source"]: r["target"] for r in records}["Datei"] == "file"
