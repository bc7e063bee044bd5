"""TMX reader/writer: fixtures, round trips, inline markup and every error path."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from mtqa.data import SegmentPair
from mtqa.errors import InputError
from mtqa.io.tmx import read_tmx, write_tmx

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"

PAIRS = [
    SegmentPair("Η Βουλή & ο «λαός» <ψήφισαν>", "Parliament & the \"people\" <voted>", "el", "en", id="1",
                metadata={"note": "first line\nsecond line", "x-source": "ANA", "creationdate": "20240101T000000Z"}),
    SegmentPair("  Leading and trailing spaces  ", " Пробелы \n и перевод строки\n", "el", "en", id="2"),
    SegmentPair("国务院总理", "رئيس مجلس الدولة 'quoted'", "el", "en", id="zh-ar", metadata={"x-tags": ["a", "b"]}),
    SegmentPair("Straße", "", "el", "en", id="empty-target"),
]


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_tmx(PAIRS, path)
    assert read_tmx(path, "el", "en") == PAIRS


def test_written_file_has_tmx14_header(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_tmx(PAIRS[:1], path, creation_tool="newsroom")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    for attribute in ('version="1.4"', 'srclang="el"', 'adminlang="en"', 'segtype="sentence"',
                      'datatype="plaintext"', 'o-tmf="newsroom"', 'creationtool="newsroom"'):
        assert attribute in text


def test_mixed_source_languages_use_all(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    write_tmx([PAIRS[0], SegmentPair("Haus", "house", "de", "en", id="x")], path)
    assert 'srclang="*all*"' in path.read_text(encoding="utf-8")


def test_reads_fixture_with_region_codes_and_inline_markup() -> None:
    pairs = read_tmx(DATA / "sample.tmx", "en", "el")
    assert [p.id for p in pairs] == ["wire-0001", "wire-0002", "3"]  # no tuid: 1-based position
    first, second, third = pairs
    assert first.target == "Η Βουλή ενέκρινε τον προϋπολογισμό του 2024"
    assert (first.source_language, first.target_language) == ("en", "el")
    assert first.metadata == {
        "creationdate": "20230314T101512Z",
        "creationid": "ANNA",
        "usagecount": "3",
        "x-Client": "Athens News Agency",
        "note": "Headline; keep it short.",
    }
    # bpt/ept/ph native code is dropped, the text between them kept.
    assert second.source == "The vote was 158 to 142, the speaker said."
    assert second.target == "Η ψηφοφορία ήταν 158 υπέρ και 142 κατά, δήλωσε ο πρόεδρος."
    # <hi> keeps its text, <it> is dropped; repeated prop types become a list.
    assert third.source == 'See Kathimerini & "To Vima".'
    assert third.target == "Βλ. Καθημερινή & «Το Βήμα»."
    assert third.metadata == {"x-Origin": ["TM", "MT"]}


def test_other_language_pair_from_same_file() -> None:
    pairs = read_tmx(DATA / "sample.tmx", "de", "en", on_missing="skip")
    assert [(p.source, p.target) for p in pairs] == [
        ("Parlament billigt den Haushalt 2024", "Parliament approves the 2024 budget")
    ]


def test_legacy_lang_attribute_and_exact_region_preferred(tmp_path: Path) -> None:
    path = tmp_path / "legacy.tmx"
    path.write_text(
        '<tmx version="1.1"><header/><body><tu>'
        '<tuv lang="EN-US"><seg>color</seg></tuv>'
        '<tuv lang="EN-GB"><seg>colour</seg></tuv>'
        '<tuv lang="FR-FR"><seg>couleur</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    assert read_tmx(path, "fr", "en")[0].target == "color"  # first same-base tuv
    assert read_tmx(path, "fr", "en-GB")[0].target == "colour"  # exact tag wins


def test_text_is_nfc_normalized(tmp_path: Path) -> None:
    path = tmp_path / "nfd.tmx"
    decomposed = "Καλημε\u0301ρα"
    path.write_text(
        f'<tmx version="1.4"><header/><body><tu><tuv xml:lang="el"><seg>{decomposed}</seg></tuv>'
        '<tuv xml:lang="en"><seg>Good morning</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    assert read_tmx(path, "el", "en")[0].source == "Καλημέρα"


def test_missing_language_is_an_error_with_line() -> None:
    with pytest.raises(InputError) as info:
        read_tmx(DATA / "sample.tmx", "de", "en")
    assert info.value.line == 23  # the <tu> of wire-0002, which has no German
    assert "wire-0002" in str(info.value) and "sample.tmx:23:" in str(info.value)


def test_missing_language_can_be_skipped_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mtqa.io"):
        pairs = read_tmx(DATA / "sample.tmx", "de", "en", on_missing="skip")
    assert len(pairs) == 1
    assert "skipped 2 translation unit(s)" in caplog.text


def test_bad_on_missing_value() -> None:
    with pytest.raises(ValueError):
        read_tmx(DATA / "sample.tmx", "en", "el", on_missing="ignore")  # type: ignore[arg-type]


def test_malformed_xml_names_line() -> None:
    with pytest.raises(InputError) as info:
        read_tmx(DATA / "malformed.tmx", "en", "el")
    assert info.value.line == 8
    assert "malformed.tmx:8: not well-formed XML" in str(info.value)


def test_wrong_root_element() -> None:
    with pytest.raises(InputError, match=r"not a TMX file: the root element is <xliff>, expected <tmx>"):
        read_tmx(DATA / "sample21.xlf", "en", "ru")


def test_empty_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tmx"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="file is empty"):
        read_tmx(empty, "en", "el")
    with pytest.raises(InputError, match="no such file"):
        read_tmx(tmp_path / "nope.tmx", "en", "el")


def test_missing_body(tmp_path: Path) -> None:
    path = tmp_path / "nobody.tmx"
    path.write_text('<tmx version="1.4"><header/></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="no <body>"):
        read_tmx(path, "en", "el")


def test_same_language_pair_refused() -> None:
    with pytest.raises(InputError):
        read_tmx(DATA / "sample.tmx", "en-US", "en-GB")


def test_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv>'
        '<tuv xml:lang="el"><seg>x</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_tmx(path, "en", "el")
    assert "entities" in str(info.value)
    assert "TOP-SECRET" not in str(info.value)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "lol.tmx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY l0 "lol">{lol}]>'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&l9;</seg></tuv>'
        '<tuv xml:lang="el"><seg>x</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    # Refused either by libxml2's amplification guard or by mtqa's no-entity-declarations rule.
    with pytest.raises(InputError, match="entit"):
        read_tmx(path, "en", "el")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (DATA / "sample.tmx").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert len(read_tmx("-", "en", "el")) == 3


def test_unrepresentable_character_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="U\\+0001"):
        write_tmx([SegmentPair("a\x01b", "c", "el", "en", id="bad")], tmp_path / "x.tmx")
    assert not (tmp_path / "x.tmx").exists()
