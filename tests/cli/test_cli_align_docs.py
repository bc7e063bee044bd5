"""`mtqa align docs` in-process with the hashing encoder: inputs, output schema, exit codes."""

from __future__ import annotations

import json

from mtqa.cli import main

# The hash encoder does not translate, so "translations" here share words with their sources.
STORIES = {
    "train": "Der Zug nach Berlin fiel am 3. März aus. Die Bahn nannte einen Sturm als Grund. Rund 4000 Reisende.",
    "prices": "Die Inflation stieg im Februar auf 2,5 Prozent. Energie wurde billiger. Brot kostete mehr.",
    "castle": "Das Schloss in Heidelberg wird restauriert. Die Arbeiten kosten 12 Millionen Euro. Sie dauern bis 2027.",
}


def _dirs(tmp_path, drop_target=None):
    src, tgt = tmp_path / "de", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for name, text in STORIES.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
        if name != drop_target:
            (tgt / f"x_{name}.txt").write_text(text.replace("2,5", "2.5"), encoding="utf-8")
    return str(src), str(tgt)


def _run(capsys, *argv):
    code = main(["align", "docs", *argv, "--model", "hash"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_directories_to_jsonl(tmp_path, capsys):
    src, tgt = _dirs(tmp_path, drop_target="castle")
    code, out, _ = _run(capsys, src, tgt, "--src-lang", "de", "--tgt-lang", "en")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    by_type = {}
    for r in records:
        by_type.setdefault(r["type"], []).append(r)
    assert {(r["source_id"], r["target_id"]) for r in by_type["pair"]} == {("train", "x_train"), ("prices", "x_prices")}
    (lonely,) = by_type["unmatched_source"]
    assert lonely["source_id"] == "castle" and lonely["reason"] == "below threshold"
    for r in records:
        assert r["signature"].startswith("mtqa:") and "task:align-docs" in r["signature"]
    for r in by_type["pair"]:
        assert 0 <= r["confidence"] <= 1 and set(r["signals"]) >= {"order", "anchors", "length"}


def test_jsonl_inputs_and_tsv(tmp_path, capsys):
    src, tgt = tmp_path / "src.jsonl", tmp_path / "tgt.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in STORIES.items()), encoding="utf-8")
    tgt.write_text("".join(json.dumps({"id": f"en-{k}", "text": v}) + "\n" for k, v in reversed(STORIES.items())),
                   encoding="utf-8")
    code, out, _ = _run(capsys, str(src), str(tgt), "--src-lang", "de", "--tgt-lang", "en", "--format", "tsv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t")[:3] == ["type", "source_id", "target_id"]
    assert sorted(tuple(line.split("\t")[1:3]) for line in lines[1:]) == [
        ("castle", "en-castle"), ("prices", "en-prices"), ("train", "en-train")]


def test_bad_input_is_a_clear_error(tmp_path, capsys):
    src, tgt = _dirs(tmp_path)
    code, _, err = _run(capsys, src, tgt, "--src-lang", "en", "--tgt-lang", "en")
    assert code == 3 and "English" in err
    code, _, err = _run(capsys, src, str(tmp_path / "missing"), "--src-lang", "de", "--tgt-lang", "en")
    assert code == 3 and "Traceback" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _run(capsys, src, str(empty), "--src-lang", "de", "--tgt-lang", "en")
    assert code == 3 and "no .txt or .jsonl" in err
    swapped = tmp_path / "swapped.jsonl"
    swapped.write_text(json.dumps({"id": "a", "text": "Hello there.", "language": "en"}) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, str(swapped), tgt, "--src-lang", "de", "--tgt-lang", "en")
    assert code == 3 and "swapped" in err


def test_usage_errors(tmp_path, capsys):
    src, tgt = _dirs(tmp_path)
    assert main(["align", "docs", src]) == 2
    assert main(["align", "docs", src, tgt, "--src-lang", "de", "--tgt-lang", "en", "--format", "xml"]) == 2
