"""Consistency checks for the hand-made development corpus and the seed annotations.

Stdlib + pytest only: these tests validate data files, not mtqa code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPORA = REPO_ROOT / "corpora"
SEED_ERRORS = REPO_ROOT / "seeds" / "known_errors.json"

CATEGORIES = {
    "number",
    "date",
    "name",
    "sense",
    "omission",
    "addition",
    "untranslated",
    "boundary",
    "terminology",
}
OPTIONAL_CATEGORIES = {"terminology"}
SEVERITIES = {"minor", "major", "critical"}
EXPECTED_PAIRS = {"el-en", "de-en", "ru-en", "zh-en"}
REQUIRED_KEYS = {
    "id",
    "category",
    "severity",
    "source_span",
    "target_span",
    "source_text",
    "target_text",
    "description",
}

PAIR_DIRS = sorted(p.parent for p in CORPORA.glob("*/errors.json"))


def read_text(path: Path) -> str:
    """Read a file strictly as UTF-8, the way span offsets are defined."""
    raw = path.read_bytes()
    raw.decode("utf-8")  # strict: raises on invalid UTF-8
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def load_json(path: Path) -> dict[str, Any]:
    data = json.loads(read_text(path))
    assert isinstance(data, dict), f"{path}: top level must be an object"
    assert isinstance(data.get("errors"), list), f"{path}: 'errors' must be a list"
    return data


def story_ids(pair_dir: Path) -> list[str]:
    src_lang = pair_dir.name.split("-")[0]
    suffix = f".{src_lang}.txt"
    return sorted(p.name[: -len(suffix)] for p in pair_dir.glob(f"*{suffix}"))


def check_span(label: str, text: str, span: Any, expected: str | None) -> None:
    if expected is None:
        assert span is None, f"{label}: span given but text is null"
        return
    assert isinstance(expected, str) and expected, f"{label}: text must be a non-empty string"
    assert isinstance(span, dict) and set(span) == {"start", "end"}, f"{label}: bad span {span!r}"
    start, end = span["start"], span["end"]
    assert isinstance(start, int) and isinstance(end, int), f"{label}: offsets must be ints"
    assert 0 <= start < end <= len(text), f"{label}: span {start}:{end} out of range"
    assert text[start:end] == expected, f"{label}: slice {text[start:end]!r} != {expected!r}"


def check_error_fields(label: str, error: dict[str, Any]) -> None:
    missing = REQUIRED_KEYS - set(error)
    assert not missing, f"{label}: missing keys {sorted(missing)}"
    assert error["category"] in CATEGORIES, f"{label}: unknown category {error['category']!r}"
    assert error["severity"] in SEVERITIES, f"{label}: unknown severity {error['severity']!r}"
    assert isinstance(error["description"], str) and error["description"].strip()
    if error["category"] != "addition":
        assert error["source_text"] is not None, f"{label}: only additions may lack a source text"
    if error["category"] != "omission":
        assert error["target_text"] is not None, f"{label}: only omissions may lack a target text"
    assert error["source_text"] is not None or error["target_text"] is not None


def test_expected_pairs_present() -> None:
    assert {p.name for p in PAIR_DIRS} >= EXPECTED_PAIRS
    assert (CORPORA / "README.md").is_file()


@pytest.mark.parametrize("pair_dir", PAIR_DIRS, ids=lambda p: p.name)
def test_text_files_are_utf8_nfc(pair_dir: Path) -> None:
    for path in sorted(pair_dir.iterdir()):
        text = read_text(path)
        assert not text.startswith("\ufeff"), f"{path}: BOM"
        assert "\r" not in text, f"{path}: CR line endings"
        assert unicodedata.is_normalized("NFC", text), f"{path}: not NFC"


@pytest.mark.parametrize("pair_dir", PAIR_DIRS, ids=lambda p: p.name)
def test_story_files_complete_and_aligned(pair_dir: Path) -> None:
    src_lang, tgt_lang = pair_dir.name.split("-")
    stories = story_ids(pair_dir)
    assert stories, f"{pair_dir}: no stories"
    expected_files = {"errors.json"}
    for story in stories:
        src = pair_dir / f"{story}.{src_lang}.txt"
        ref = pair_dir / f"{story}.{tgt_lang}.txt"
        flawed = pair_dir / f"{story}.flawed.{tgt_lang}.txt"
        expected_files |= {src.name, ref.name, flawed.name}
        for path in (src, ref, flawed):
            assert path.is_file(), f"missing {path}"
        n_src = len(paragraphs(read_text(src)))
        assert len(paragraphs(read_text(ref))) == n_src, f"{ref}: paragraph count differs from source"
        assert len(paragraphs(read_text(flawed))) == n_src, f"{flawed}: paragraph count differs from source"
        assert read_text(ref) != read_text(flawed), f"{flawed}: identical to the correct translation"
    stray = {p.name for p in pair_dir.iterdir()} - expected_files
    assert not stray, f"{pair_dir}: unexpected files {sorted(stray)}"


@pytest.mark.parametrize("pair_dir", PAIR_DIRS, ids=lambda p: p.name)
def test_corpus_errors_valid(pair_dir: Path) -> None:
    src_lang, tgt_lang = pair_dir.name.split("-")
    data = load_json(pair_dir / "errors.json")
    assert data.get("src_lang") == src_lang and data.get("tgt_lang") == tgt_lang
    stories = set(story_ids(pair_dir))
    seen_ids: set[str] = set()
    stories_with_errors: set[str] = set()
    for error in data["errors"]:
        label = f"{pair_dir.name}:{error.get('id')}"
        check_error_fields(label, error)
        assert error["id"] not in seen_ids, f"{label}: duplicate id"
        seen_ids.add(error["id"])
        story = error.get("story")
        assert story in stories, f"{label}: unknown story {story!r}"
        stories_with_errors.add(story)
        source = read_text(pair_dir / f"{story}.{src_lang}.txt")
        flawed = read_text(pair_dir / f"{story}.flawed.{tgt_lang}.txt")
        reference = read_text(pair_dir / f"{story}.{tgt_lang}.txt")
        check_span(f"{label} source", source, error["source_span"], error["source_text"])
        check_span(f"{label} target", flawed, error["target_span"], error["target_text"])
        if error["target_text"] is not None:
            assert error["target_text"] not in reference, (
                f"{label}: target text also occurs in the correct translation"
            )
    assert stories_with_errors == stories, f"{pair_dir}: stories without errors"

    # Errors of one story must not overlap on either side.
    for side in ("source_span", "target_span"):
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for error in data["errors"]:
            if error[side] is not None:
                spans.setdefault(error["story"], []).append(
                    (error[side]["start"], error[side]["end"], error["id"])
                )
        for items in spans.values():
            items.sort()
            for (_, end_a, id_a), (start_b, _, id_b) in zip(items, items[1:]):
                assert end_a <= start_b, f"{id_a} and {id_b} overlap in {side}"


@pytest.mark.parametrize("pair_dir", PAIR_DIRS, ids=lambda p: p.name)
def test_every_category_covered(pair_dir: Path) -> None:
    data = load_json(pair_dir / "errors.json")
    covered = {error["category"] for error in data["errors"]}
    missing = CATEGORIES - OPTIONAL_CATEGORIES - covered
    assert not missing, f"{pair_dir.name}: no errors of category {sorted(missing)}"


def test_seed_known_errors_valid() -> None:
    data = load_json(SEED_ERRORS)
    source_path = REPO_ROOT / data["source_file"]
    target_path = REPO_ROOT / data["translation_file"]
    assert source_path.is_file() and target_path.is_file()
    assert data.get("src_lang") and data.get("tgt_lang")
    source = read_text(source_path)
    target = read_text(target_path)
    for path, text in ((source_path, source), (target_path, target)):
        assert unicodedata.is_normalized("NFC", text), f"{path}: not NFC"
    assert len(paragraphs(source)) == len(paragraphs(target))
    ids = [error.get("id") for error in data["errors"]]
    assert len(ids) == len(set(ids)), "duplicate seed error ids"
    for error in data["errors"]:
        label = f"seed:{error.get('id')}"
        check_error_fields(label, error)
        check_span(f"{label} source", source, error["source_span"], error["source_text"])
        check_span(f"{label} target", target, error["target_span"], error["target_text"])
    categories = {error["category"] for error in data["errors"]}
    assert {"sense", "boundary", "name", "date"} <= categories
