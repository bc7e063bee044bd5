"""XLIFF 1.2 and 2.1 reader/writer: fixtures, round trips, inline codes and every error path."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.data import SegmentPair
from mtqa.errors import InputError
from mtqa.io.xliff import read_xliff, write_xliff

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def _pairs(src: str, tgt: str) -> list[SegmentPair]:
    return [
        SegmentPair("Η Βουλή & ο «λαός» <ψήφισαν> \"ναι\"", "Das Parlament & das 'Volk' <stimmten>", src, tgt,
                    id="u1", metadata={"state": "translated", "note": "line one\nline two"}),
        SegmentPair("  spaces around  ", "\n Новая строка \n", src, tgt, id="u2", metadata={"state": "final"}),
        SegmentPair("国务院", "مجلس الدولة", src, tgt, id="u3"),
        SegmentPair("untranslated", "", src, tgt, id="u4", metadata={"state": "new" if tgt == "de" else "initial"}),
    ]


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_round_trip_is_lossless(tmp_path: Path, version: str) -> None:
    pairs = _pairs("el", "de")
    if version == "1.2":
        pairs[0] = SegmentPair(pairs[0].source, pairs[0].target, "el", "de", id="u1",
                               metadata={**pairs[0].metadata, "approved": "yes"})
    else:
        pairs[2] = SegmentPair(pairs[2].source, pairs[2].target, "el", "de", id="u3",
                               metadata={"domain": "politics", "client": "ΑΠΕ"})
        pairs[3] = SegmentPair("untranslated", "", "el", "de", id="u4", metadata={"state": "initial"})
    path = tmp_path / f"out{version}.xlf"
    write_xliff(pairs, path, version=version)  # type: ignore[arg-type]
    assert read_xliff(path) == pairs
    # A region of the declared language is accepted, and the pairs carry the requested codes.
    regional = read_xliff(path, "el-GR", "de")
    assert [(p.source, p.target, p.metadata) for p in regional] == [(p.source, p.target, p.metadata) for p in pairs]
    assert {p.source_language for p in regional} == {"el-GR"}


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_round_trip_several_files(tmp_path: Path, version: str) -> None:
    pairs = [
        SegmentPair("a", "α", "en", "el", id="one.docx#1", metadata={"original": "one.docx"}),
        SegmentPair("b", "β", "en", "el", id="two.docx#1", metadata={"original": "two.docx"}),
    ]
    path = tmp_path / "multi.xlf"
    write_xliff(pairs, path, version=version)  # type: ignore[arg-type]
    assert read_xliff(path) == pairs


def test_xliff2_cp_for_characters_xml_cannot_hold(tmp_path: Path) -> None:
    pairs = [SegmentPair("bell\x07here", "κουδούνι\x07εδώ", "en", "el", id="1"),
             SegmentPair("\x01", "\x01\x02", "en", "el", id="2")]  # only <cp>s: no indentation inside
    path = tmp_path / "cp.xlf"
    write_xliff(pairs, path)
    assert '<cp hex="0007"/>' in path.read_text(encoding="utf-8")
    assert read_xliff(path) == pairs


def test_reads_xliff12_fixture() -> None:
    pairs = read_xliff(DATA / "sample12.xlf", allow_missing_target=True)
    assert [p.id for p in pairs] == ["1", "2", "3", "4"]
    assert {(p.source_language, p.target_language) for p in pairs} == {("en-US", "de-DE")}
    first, second, third, fourth = pairs
    assert first.target == "Rekordzahl an Besuchern auf Kreta"
    assert first.metadata == {
        "state": "final",
        "approved": "yes",
        "note": "Checked against the style guide.",
        "original": "press-release.docx",
    }
    # <g> keeps its text; <x/> is dropped; <alt-trans> proposals are not units.
    assert second.source == "Arrivals rose by 12.5% in July compared with 2023."
    assert second.target == "Die Ankünfte stiegen im Juli um 12,5 % gegenüber 2023."
    # <bx/>/<ex/>/<ph> dropped, <mrk> text kept.
    assert third.source == "Contact: press@visitgreece.gr or ."
    assert third.metadata["state"] == "needs-review-translation"
    assert (fourth.source, fourth.target) == ("Heraklion & Chania airports were the busiest.", "")
    assert fourth.metadata["state"] == "new"


def test_reads_xliff21_fixture() -> None:
    pairs = read_xliff(DATA / "sample21.xlf", "en", "ru", allow_missing_target=True)
    assert [p.id for p in pairs] == ["welcome#s1", "welcome#s2", "terms", "offline"]
    welcome, messages, terms, offline = pairs
    assert welcome.source == "Welcome to Athens Guide!"
    assert welcome.target == "Добро пожаловать в Athens Guide!"
    assert welcome.metadata == {
        "screen": "onboarding",
        "note": "Shown on the first screen.",
        "state": "reviewed",
        "original": "app/strings.json",
    }
    assert messages.target == "У вас  новых сообщений."  # <ph/> dropped, <ignorable> skipped
    assert terms.source == "Read the terms & GDPR notice."
    assert (terms.target, terms.metadata["state"]) == ("", "initial")
    assert offline.target == "Нет соединения. Повторите попытку позже."  # unit inside a <group>
    assert "state" not in offline.metadata


def test_missing_target_is_an_error_with_line() -> None:
    with pytest.raises(InputError) as info:
        read_xliff(DATA / "sample12.xlf")
    assert info.value.line == 30 and "unit '4' has no <target>" in str(info.value)
    with pytest.raises(InputError) as info:
        read_xliff(DATA / "sample21.xlf")
    assert info.value.line == 31 and "'terms'" in str(info.value)


def test_language_mismatch() -> None:
    with pytest.raises(InputError, match="does not match the file's declared 'de-DE'"):
        read_xliff(DATA / "sample12.xlf", "en", "el", allow_missing_target=True)


def test_undeclared_target_language(tmp_path: Path) -> None:
    path = tmp_path / "notarget.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
        '<file id="f"><unit id="1"><segment><source>Hi</source><target>Γεια</target></segment></unit>'
        "</file></xliff>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="declares no target language"):
        read_xliff(path)
    assert read_xliff(path, target_language="el")[0].target == "Γεια"


def test_several_files_prefix_ids(tmp_path: Path) -> None:
    path = tmp_path / "two.xlf"
    unit = '<trans-unit id="1"><source>{0}</source><target>{1}</target></trans-unit>'
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="a.html" source-language="en" target-language="el" datatype="html"><body>'
        f'{unit.format("Hello", "Γεια")}</body></file>'
        f'<file original="b.html" source-language="en" target-language="el" datatype="html"><body>'
        f'{unit.format("Bye", "Αντίο")}</body></file></xliff>',
        encoding="utf-8",
    )
    assert [p.id for p in read_xliff(path)] == ["a.html#1", "b.html#1"]


def test_namespace_less_xliff12(tmp_path: Path) -> None:
    path = tmp_path / "nons.xlf"
    path.write_text(
        '<xliff version="1.2"><file original="x" source-language="en" target-language="zh" datatype="plaintext">'
        '<body><trans-unit id="a"><source>State Council</source><target>国务院</target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    assert read_xliff(path)[0].target == "国务院"


def test_unsupported_version(tmp_path: Path) -> None:
    path = tmp_path / "v3.xlf"
    path.write_text('<xliff xmlns="urn:example:xliff:3" version="3.0"/>', encoding="utf-8")
    with pytest.raises(InputError, match="unsupported XLIFF version 3.0"):
        read_xliff(path)


def test_malformed_xml_names_line() -> None:
    with pytest.raises(InputError) as info:
        read_xliff(DATA / "malformed.xlf")
    assert info.value.line == 6 and "malformed.xlf:6: not well-formed XML" in str(info.value)


def test_wrong_root_element() -> None:
    with pytest.raises(InputError, match=r"not a XLIFF file: the root element is <tmx>, expected <xliff>"):
        read_xliff(DATA / "sample.tmx")


def test_empty_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="file is empty"):
        read_xliff(empty)
    with pytest.raises(InputError, match="no such file"):
        read_xliff(tmp_path / "nope.xlf")


def test_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "xxe.xlf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="el">'
        '<file id="f"><unit id="1"><segment><source>&xxe;</source><target>x</target></segment></unit>'
        "</file></xliff>",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_xliff(path)
    assert "TOP-SECRET" not in str(info.value)


def test_writer_refuses_mixed_language_pairs_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="one language pair"):
        write_xliff([SegmentPair("a", "α", "en", "el"), SegmentPair("a", "b", "de", "en")], tmp_path / "x.xlf")
    with pytest.raises(InputError, match="duplicate unit id"):
        write_xliff([SegmentPair("a", "α", "en", "el", id="1"), SegmentPair("b", "β", "en", "el", id="1")],
                    tmp_path / "x.xlf")
    with pytest.raises(InputError, match="no segment pairs"):
        write_xliff([], tmp_path / "x.xlf")
    with pytest.raises(ValueError):
        write_xliff([SegmentPair("a", "α", "en", "el")], tmp_path / "x.xlf", version="2.0")  # type: ignore[arg-type]


def test_empty_ids_become_positions(tmp_path: Path) -> None:
    path = tmp_path / "noid.xlf"
    write_xliff([SegmentPair("a", "α", "en", "el"), SegmentPair("b", "β", "en", "el")], path)
    assert [p.id for p in read_xliff(path)] == ["1", "2"]
