"""Hugging Face datasets reader/writer: in-memory datasets, saved copies, local files, offline Hub names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.data import SegmentPair
from mtqa.errors import InputError
from mtqa.io.hf import read_dataset, write_dataset

datasets = pytest.importorskip("datasets")

ROWS = [
    {"translation": {"el": "Η Βουλή & ο «λαός» <ψήφισαν>", "en": 'Parliament & the "people" <voted>'}},
    {"translation": {"el": "  κενά γύρω  ", "en": "\nnew line\n"}},
]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # load_dataset caches what it builds; keep that out of the user's ~/.cache.
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")


def test_dataset_with_nested_translation_field() -> None:
    pairs = read_dataset(datasets.Dataset.from_list(ROWS), source_language="el", target_language="en")
    assert pairs == [
        SegmentPair(ROWS[0]["translation"]["el"], ROWS[0]["translation"]["en"], "el", "en", id="1"),
        SegmentPair("  κενά γύρω  ", "\nnew line\n", "el", "en", id="2"),
    ]


def test_translation_keys_match_by_base_language() -> None:
    data = datasets.Dataset.from_list([{"translation": {"de-DE": "Haus", "ru": "дом"}}])
    (pair,) = read_dataset(data, source_language="ru", target_language="de")
    assert (pair.source, pair.target) == ("дом", "Haus")


def test_src_tgt_and_source_target_columns_and_ids() -> None:
    data = datasets.Dataset.from_list([{"id": 7, "src": "国务院", "tgt": "مجلس الدولة"}])
    (pair,) = read_dataset(data, source_language="zh", target_language="ar")
    assert (pair.id, pair.source, pair.target) == ("7", "国务院", "مجلس الدولة")
    data = datasets.Dataset.from_list([{"key": "k1", "source": "Haus", "target": "дом", "domain": "news"}])
    (pair,) = read_dataset(data, source_language="de", target_language="ru", id_field="key")
    assert (pair.id, pair.target, pair.metadata) == ("k1", "дом", {"domain": "news"})


def test_explicit_and_dotted_fields() -> None:
    data = datasets.Dataset.from_list([{"a": "x", "b": "y", "translation": {"el": "α", "en": "a"}}])
    (pair,) = read_dataset(data, source_language="el", target_language="en", source_field="translation.el",
                           target_field="b")
    assert (pair.source, pair.target) == ("α", "y")


def test_dataset_dict_needs_split_when_several() -> None:
    data = datasets.DatasetDict(
        {"train": datasets.Dataset.from_list(ROWS), "test": datasets.Dataset.from_list(ROWS[:1])}
    )
    with pytest.raises(InputError, match=r"several splits \(train, test\)"):
        read_dataset(data, source_language="el", target_language="en")
    with pytest.raises(InputError, match="no split 'validation'"):
        read_dataset(data, source_language="el", target_language="en", split="validation")
    assert len(read_dataset(data, source_language="el", target_language="en", split="test")) == 1
    single = datasets.DatasetDict({"test": datasets.Dataset.from_list(ROWS)})
    assert len(read_dataset(single, source_language="el", target_language="en")) == 2


def test_round_trip_through_save_to_disk(tmp_path: Path) -> None:
    pairs = [
        SegmentPair("Η Βουλή & «λαός»", 'Parliament & "people"', "el", "en", id="a",
                    metadata={"domain": "politics", "score": 0.5}),
        SegmentPair("  Straße\n", "<улица>", "el-GR", "en", id="b"),
        SegmentPair("国务院", "مجلس الدولة", "el", "en-GB", id="c"),
    ]
    write_dataset(pairs, tmp_path / "saved")
    assert read_dataset(tmp_path / "saved", source_language="el", target_language="en") == pairs
    assert read_dataset(str(tmp_path / "saved"), source_language="el", target_language="en") == pairs


def test_saved_columns(tmp_path: Path) -> None:
    write_dataset([SegmentPair("a", "α", "en", "el", id="1")], tmp_path / "saved")
    assert datasets.load_from_disk(str(tmp_path / "saved")).column_names == ["id", "src", "tgt", "src_lang", "tgt_lang"]


def test_saved_dataset_dict_directory(tmp_path: Path) -> None:
    datasets.DatasetDict({"test": datasets.Dataset.from_list(ROWS)}).save_to_disk(str(tmp_path / "dd"))
    assert len(read_dataset(tmp_path / "dd", source_language="el", target_language="en")) == 2


def test_local_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "wmt.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    pairs = read_dataset(path, source_language="el", target_language="en")
    assert [p.target for p in pairs] == ['Parliament & the "people" <voted>', "\nnew line\n"]


def test_local_tsv_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("src\ttgt\nHaus\tдом\n", encoding="utf-8")
    (pair,) = read_dataset(path, source_language="de", target_language="ru")
    assert (pair.source, pair.target) == ("Haus", "дом")


def test_local_parquet_and_arrow_files(tmp_path: Path) -> None:
    data = datasets.Dataset.from_list([{"src": "Haus", "tgt": "дом"}])
    data.to_parquet(str(tmp_path / "pairs.parquet"))
    write_dataset([SegmentPair("Haus", "дом", "de", "ru", id="1")], tmp_path / "saved")
    arrow = next((tmp_path / "saved").glob("*.arrow"))
    for path in (tmp_path / "pairs.parquet", arrow):
        (pair,) = read_dataset(path, source_language="de", target_language="ru")
        assert (pair.source, pair.target) == ("Haus", "дом")


def test_missing_column_lists_columns() -> None:
    data = datasets.Dataset.from_list([{"german": "Haus", "russian": "дом"}])
    with pytest.raises(InputError, match="the columns are: german, russian"):
        read_dataset(data, source_language="de", target_language="ru")
    with pytest.raises(InputError, match="no column 'text'"):
        read_dataset(data, source_language="de", target_language="ru", source_field="text", target_field="russian")


def test_non_string_cell_names_row() -> None:
    data = datasets.Dataset.from_list([{"src": "a", "tgt": "α"}, {"src": "b", "tgt": None}])
    with pytest.raises(InputError, match="row 2: field 'tgt' is missing"):
        read_dataset(data, source_language="en", target_language="el")


def test_row_language_must_match(tmp_path: Path) -> None:
    write_dataset([SegmentPair("a", "α", "en", "el", id="1")], tmp_path / "saved")
    with pytest.raises(InputError, match="row 1: tgt_lang is 'el', expected de"):
        read_dataset(tmp_path / "saved", source_language="en", target_language="de")


def test_hub_name_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import huggingface_hub

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    # The libraries read these variables at import time; set the parsed flags too.
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.chdir(tmp_path)  # so "wmt/wmt16" is not a local path by accident
    with pytest.raises(InputError) as info:
        read_dataset("wmt/wmt16", source_language="el", target_language="en", split="test")
    assert "could not be found locally" in str(info.value)
    assert "save_to_disk" in (info.value.hint or "")


def test_missing_local_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_dataset(tmp_path / "nope.jsonl", source_language="el", target_language="en")
    with pytest.raises(InputError, match="not a dataset saved with save_to_disk"):
        read_dataset(tmp_path, source_language="el", target_language="en")
    other = tmp_path / "data.xml"
    other.write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputError, match="unsupported data file type"):
        read_dataset(other, source_language="el", target_language="en")
    with pytest.raises(InputError, match="cannot read a dataset from a int"):
        read_dataset(42, source_language="el", target_language="en")


def test_import_does_not_load_datasets() -> None:
    code = "import sys, mtqa.io.hf; print('datasets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
