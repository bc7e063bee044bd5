"""The CLI frame, called in-process: help, exit codes, output schema and every bad input."""

from __future__ import annotations

import json

import pytest

from mtqa.cli import SUBCOMMANDS, build_parser, main

GREEK_STORY = "Νέα εκτόξευση\n\nΗ Βόρεια Κορέα εκτόξευσε πυραύλους στις 07:30. Γιατί; Κανείς δεν ξέρει.\n"


def subcommand_names():
    parser = build_parser()
    actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return sorted(actions[0].choices)


def test_every_planned_subcommand_is_registered():
    assert {"align", "check", "checks", "terms", "glossary", "eval", "batch", "embed", "split", "convert"} <= set(
        subcommand_names()
    )
    assert len(SUBCOMMANDS) <= len(subcommand_names())


@pytest.mark.parametrize("name", subcommand_names())
def test_every_subcommand_explains_itself(name, capsys):
    assert main([name, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: mtqa " + name)
    assert len(out.splitlines()) >= 3


def test_top_level_help_and_version(capsys):
    assert main(["--help"]) == 0
    assert "Exit codes" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("mtqa ")


def test_no_subcommand_and_unknown_option_are_usage_errors(capsys):
    assert main([]) == 2
    assert main(["split", "--no-such-option"]) == 2
    assert "error" in capsys.readouterr().err


def test_split_writes_jsonl_records_with_offsets(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(GREEK_STORY, encoding="utf-8")
    assert main(["split", str(path), "--lang", "el"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == [
        "Νέα εκτόξευση", "Η Βόρεια Κορέα εκτόξευσε πυραύλους στις 07:30.", "Γιατί;", "Κανείς δεν ξέρει.",
    ]
    assert all(GREEK_STORY[r["start"]:r["end"]] == r["text"] for r in records)
    assert records[0]["signature"].startswith("mtqa:") and "lang:el|splitter:sentencex" in records[0]["signature"]


def test_stdin_is_dash(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Eins. Zwei?\n".encode())))
    assert main(["split", "-", "--lang", "de", "--format", "lines"]) == 0
    assert capsys.readouterr().out == "Eins.\nZwei?\n"


def test_output_file_is_written(tmp_path):
    src = tmp_path / "story.txt"
    src.write_text("Guten Morgen. Wie geht es?", encoding="utf-8")
    out = tmp_path / "out" / "sents.tsv"
    assert main(["split", str(src), "--lang", "de", "--format", "tsv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "doc\tindex\tstart\tend\ttext"


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "file is empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("Καλημέρα".encode("cp1253"), "not valid utf-8"),
    ],
)
def test_bad_story_files_exit_3_with_a_clear_message(tmp_path, capsys, content, message):
    path = tmp_path / "story.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["split", str(path), "--lang", "el"]) == 3
    err = capsys.readouterr().err
    assert message in err and str(path) in err
    assert "Traceback" not in err


def test_wrong_encoding_is_reported_with_a_hint_and_fixable(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_bytes("Η Βόρεια Κορέα εκτόξευσε πυραύλους.".encode("cp1253"))
    assert main(["split", str(path), "--lang", "el"]) == 3
    assert "--encoding" in capsys.readouterr().err
    assert main(["split", str(path), "--lang", "el", "--encoding", "cp1253", "--format", "lines"]) == 0
    assert capsys.readouterr().out == "Η Βόρεια Κορέα εκτόξευσε πυραύλους.\n"


def test_unknown_language_code_exits_3(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(GREEK_STORY, encoding="utf-8")
    assert main(["split", str(path), "--lang", "gr-xx"]) == 3
    assert "unknown language code" in capsys.readouterr().err


def test_malformed_jsonl_pairs_name_file_and_line(tmp_path, capsys):
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"id": 1, "src": "Ένα", "tgt": "One"}\n{"id": 2, "src": "Δύο", "tgt": \n', encoding="utf-8")
    assert main(["convert", str(path), str(tmp_path / "out.tsv"), "--src-lang", "el", "--tgt-lang", "en"]) == 3
    assert f"{path}:2: malformed JSON" in capsys.readouterr().err
    assert not (tmp_path / "out.tsv").exists()  # nothing half-written


def test_same_language_pair_is_refused(tmp_path, capsys):
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"id": 1, "src": "One", "tgt": "One"}\n', encoding="utf-8")
    assert main(["convert", str(path), "-", "--src-lang", "en", "--tgt-lang", "en-GB"]) == 3
    assert "both in English" in capsys.readouterr().err


def test_convert_pairs_jsonl_to_tsv(tmp_path, capsys):
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"id": "a", "src": "Ένα", "tgt": "One"}\n{"id": "b", "src": "Δύο", "tgt": "Two"}\n',
                    encoding="utf-8")
    assert main(["convert", str(path), "-", "--to", "tsv", "--src-lang", "el", "--tgt-lang", "en"]) == 0
    assert capsys.readouterr().out == "Ένα\tOne\ta\nΔύο\tTwo\tb\n"


def test_batch_without_its_required_options_is_a_usage_error(capsys):
    assert main(["batch", "a.txt", "b.txt"]) == 2
    assert "--src-lang" in capsys.readouterr().err


def test_eval_mt_scores_with_sacrebleu_signatures(tmp_path, capsys):
    ref = tmp_path / "ref.txt"
    ref.write_text("The army said it was ready.\nTroops crossed the border at dawn.\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("The army said it was ready.\nTroops crossed the border at dawn.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("The high school said it was ready.\nSoldiers went over the frontier early.\n", encoding="utf-8")
    assert main(["eval", "mt", "--hyp", str(good), str(bad), "--ref", str(ref), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["systems"]["good.txt"]["bleu"]["score"] == pytest.approx(100.0)
    assert result["systems"]["bad.txt"]["chrf"]["score"] < result["systems"]["good.txt"]["chrf"]["score"]
    assert result["signatures"]["bleu"].startswith("nrefs:1|")
    assert result["signature"].startswith("mtqa:") and "task:eval-mt" in result["signature"]


def test_eval_mt_refuses_mismatched_lengths(tmp_path, capsys):
    ref = tmp_path / "ref.txt"
    ref.write_text("a\nb\n", encoding="utf-8")
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("a\n", encoding="utf-8")
    assert main(["eval", "mt", "--hyp", str(hyp), "--ref", str(ref)]) == 3
    assert "differ in number of segments" in capsys.readouterr().err


def test_malformed_tmx_and_xliff_name_the_line(tmp_path, capsys):
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="el" />\n<body>\n'
        '<tu><tuv xml:lang="el"><seg>Καλημέρα</seg></tuv><tuv xml:lang="en"><seg>Good morning</seg></tu>\n'
        "</body>\n</tmx>\n",
        encoding="utf-8",
    )
    assert main(["convert", str(tmx), "-", "--to", "jsonl", "--src-lang", "el", "--tgt-lang", "en"]) == 3
    err = capsys.readouterr().err
    assert f"{tmx}:5:" in err and "Traceback" not in err
    xlf = tmp_path / "job.xlf"
    xlf.write_text(
        '<?xml version="1.0"?>\n<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'srcLang="de" trgLang="en">\n<file id="f1">\n<unit id="u1"><segment><source>Guten Tag</source>'
        "<target>Good day</target></segment></unit>\n<unit id=\"u2\"><segment><source>Danke</source>\n"
        "</file>\n</xliff>\n",
        encoding="utf-8",
    )
    assert main(["convert", str(xlf), "-", "--to", "jsonl", "--src-lang", "de", "--tgt-lang", "en"]) == 3
    err = capsys.readouterr().err
    assert str(xlf) in err and "not well-formed" in err


def test_tmx_to_xliff_round_trip_through_the_cli(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "a", "src": "Τα γυμνάσια & οι ασκήσεις", "tgt": "The exercises & drills"}\n',
                     encoding="utf-8")
    tmx, xlf = tmp_path / "m.tmx", tmp_path / "m.xlf"
    assert main(["convert", str(pairs), str(tmx), "--src-lang", "el", "--tgt-lang", "en"]) == 0
    assert main(["convert", str(tmx), str(xlf), "--src-lang", "el", "--tgt-lang", "en"]) == 0
    assert main(["convert", str(xlf), "-", "--to", "jsonl", "--src-lang", "el", "--tgt-lang", "en"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["id"], record["src"], record["tgt"]) == ("a", "Τα γυμνάσια & οι ασκήσεις", "The exercises & drills")


def test_eval_align_sentence_and_word_level(tmp_path, capsys):
    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("[0]:[0]:0.1\n[1, 2]:[1]:0.2\n[3]:[]:0.0\n", encoding="utf-8")
    pred.write_text("[0]:[0]:0.1\n[1]:[1]:0.2\n[2]:[]:0.0\n[3]:[]:0.0\n", encoding="utf-8")
    assert main(["eval", "align", "--gold", str(gold), "--pred", str(pred)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["strict"]["f1"] == pytest.approx(0.5) and result["lax"]["f1"] == pytest.approx(1.0)
    assert result["signature"].startswith("mtqa:") and "eval-align-sentence" in result["signature"]
    wgold, wpred = tmp_path / "gold.pharaoh", tmp_path / "pred.pharaoh"
    wgold.write_text("0-0 1?2 2-1\n0-0\n", encoding="utf-8")
    wpred.write_text("0-0 1-2 2-2\n0-0\n", encoding="utf-8")
    assert main(["eval", "align", "--level", "word", "--gold", str(wgold), "--pred", str(wpred)]) == 0
    scores = json.loads(capsys.readouterr().out)
    # A = {00, 12, 22, 00'}, S = {00, 21, 00'}, P = S + {12}: |A∩S| = 2, |A∩P| = 3, AER = 1 - 5/7.
    assert scores["aer"] == pytest.approx(1 - 5 / 7)


def test_eval_align_mismatched_files(tmp_path, capsys):
    gold, pred = tmp_path / "g.pharaoh", tmp_path / "p.pharaoh"
    gold.write_text("0-0\n1-1\n", encoding="utf-8")
    pred.write_text("0-0\n", encoding="utf-8")
    assert main(["eval", "align", "--level", "word", "--gold", str(gold), "--pred", str(pred)]) == 3
    assert "gold lines" in capsys.readouterr().err
    assert main(["eval", "align", "--gold", str(gold)]) == 2
