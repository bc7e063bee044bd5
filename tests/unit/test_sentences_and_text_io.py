"""Sentence splitting, checked text reading, JSONL/TSV/story readers and writers."""

from __future__ import annotations

import pytest

from mtqa.data import Glossary, SegmentPair, TermEntry
from mtqa.errors import ConfigError, InputError
from mtqa.io import (
    read_documents,
    read_glossary,
    read_pairs,
    read_story,
    write_glossary,
    write_jsonl_documents,
    write_pairs,
)
from mtqa.io.common import read_text
from mtqa.lang import check_language_pair, normalize_language, verify_language
from mtqa.sentences import line_offsets, split_sentences


def sentences(text, lang):
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("el", "Ο κ. Μητσοτάκης είπε ότι θα έρθει. Πότε θα γίνει; Αύριο, π.χ. στις 10.",
         ["Ο κ. Μητσοτάκης είπε ότι θα έρθει.", "Πότε θα γίνει;", "Αύριο, π.χ. στις 10."]),
        ("de", "Am 3. März 2024 kamen 10.000 Menschen. Dr. Müller sprach um 15 Uhr. Warum?",
         ["Am 3. März 2024 kamen 10.000 Menschen.", "Dr. Müller sprach um 15 Uhr.", "Warum?"]),
        ("zh", "北京时间3月5日，会议开幕。代表们讨论了预算！", ["北京时间3月5日，会议开幕。", "代表们讨论了预算！"]),
        ("ar", "وصل الرئيس إلى القاهرة. هل سيلتقي الوزير؟ نعم.",
         ["وصل الرئيس إلى القاهرة.", "هل سيلتقي الوزير؟", "نعم."]),
    ],
)
def test_split_sentences_per_language(lang, text, expected):
    assert sentences(text, lang) == expected


def test_paragraph_breaks_end_sentences_and_offsets_point_into_raw_text():
    text = "Τίτλος χωρίς τελεία\n\n  Πρώτη πρόταση. Δεύτερη\nπαράγραφος χωρίς τελεία\n\n\nΤρίτη;  "
    spans = split_sentences(text, "el")
    assert [text[s:e] for s, e in spans] == [
        "Τίτλος χωρίς τελεία", "Πρώτη πρόταση.", "Δεύτερη", "παράγραφος χωρίς τελεία", "Τρίτη;",
    ]
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


def test_line_offsets_skip_blank_lines():
    text = "one\n\n  two  \n\t\nthree"
    assert [text[s:e] for s, e in line_offsets(text)] == ["one", "two", "three"]


def test_read_story_records_headline_and_splits(tmp_path):
    path = tmp_path / "story.el.txt"
    path.write_text("Νέα εκτόξευση πυραύλων\n\nΗ Βόρεια Κορέα εκτόξευσε πυραύλους. Τι θα γίνει;\n", encoding="utf-8")
    doc = read_story(path, "el")
    assert doc.id == "story"
    assert doc.metadata["headline"] == "Νέα εκτόξευση πυραύλων"
    assert doc.sentences == ["Νέα εκτόξευση πυραύλων", "Η Βόρεια Κορέα εκτόξευσε πυραύλους.", "Τι θα γίνει;"]


def test_presplit_keeps_one_sentence_per_line(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("Erster Satz. Noch einer.\nZweite Zeile\n", encoding="utf-8")
    doc = read_story(path, "de", presplit=True)
    assert doc.sentences == ["Erster Satz. Noch einer.", "Zweite Zeile"]


def test_read_text_normalizes_nfc_and_newlines(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_bytes("Αθήνα\r\nΚαφέ".encode("utf-8").replace("ή".encode(), "η\u0301".encode()))
    assert read_text(path) == "Αθήνα\nΚαφέ"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Καλημέρα σας\nκαι πάλι".encode("cp1253"), "not valid utf-8"),
    ],
)
def test_bad_text_files_raise_input_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_text(path)
    assert str(path) in str(info.value)


def test_wrong_encoding_names_the_line_and_can_be_overridden(tmp_path):
    path = tmp_path / "cp1253.txt"
    path.write_bytes("first line ok\nΚαλημέρα".encode("cp1253"))
    with pytest.raises(InputError) as info:
        read_text(path)
    assert info.value.line == 2 and "--encoding" in info.value.hint
    assert read_text(path, encoding="cp1253") == "first line ok\nΚαλημέρα"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_jsonl_documents_round_trip(tmp_path):
    src = tmp_path / "stories.jsonl"
    src.write_text(
        '{"id": "a", "text": "Πρώτη πρόταση. Δεύτερη;", "metadata": {"agency": "ΑΠΕ"}}\n'
        '\n'
        '{"id": "b", "text": "Guten Tag. Wie geht es?", "language": "de"}\n',
        encoding="utf-8",
    )
    docs = read_documents(src, "el")
    assert [d.language for d in docs] == ["el", "de"]
    assert docs[0].sentences == ["Πρώτη πρόταση.", "Δεύτερη;"]
    out = tmp_path / "out.jsonl"
    write_jsonl_documents(docs, out)
    assert read_documents(out, None) == docs


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "a", "text": "x"', "malformed JSON"),
        ('["a", "b"]', "expected a JSON object"),
        ('{"id": "a"}', "missing field 'text'"),
        ('{"id": "a", "text": 5}', "should be str"),
        ('{"id": "a", "text": "   "}', "story text is empty"),
        ('{"id": "a", "text": "Hallo.", "language": "qq"}', "unknown language"),
    ],
)
def test_malformed_jsonl_names_the_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "text": "Καλά."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_documents(path, "el")
    assert info.value.line == 2


def test_duplicate_story_ids_are_an_error(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "a", "text": "Ένα."}\n{"id": "a", "text": "Δύο."}\n', encoding="utf-8")
    with pytest.raises(InputError, match="duplicate story id"):
        read_documents(path, "el")


def test_directory_of_stories(tmp_path):
    (tmp_path / "b.txt").write_text("Δεύτερη ιστορία.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Πρώτη ιστορία.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: not a story format", encoding="utf-8")
    assert [d.id for d in read_documents(tmp_path, "el")] == ["a", "b"]


@pytest.mark.parametrize("name", ["pairs.jsonl", "pairs.tsv", "pairs.csv"])
def test_pair_formats_round_trip(tmp_path, name):
    pairs = [
        SegmentPair("Ο στρατός είπε «ναι», 2,5%.", "The army said \"yes\", 2.5%.", "el", "en", id="1"),
        SegmentPair("Вчера, в 07:30.", "Yesterday, at 07:30.", "el", "en", id="2"),
    ]
    path = tmp_path / name
    write_pairs(pairs, path)
    back = read_pairs(path, "el", "en")
    assert [(p.source, p.target, p.id) for p in back] == [(p.source, p.target, p.id) for p in pairs]


def test_tsv_pairs_need_two_columns(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("source\ttarget\nένα\tone\nμόνο μία στήλη\n", encoding="utf-8")
    with pytest.raises(InputError, match="two columns") as info:
        read_pairs(path, "el", "en")
    assert info.value.line == 3


def test_tsv_refuses_tabs_inside_cells(tmp_path):
    with pytest.raises(InputError, match="tab"):
        write_pairs([SegmentPair("a\tb", "c", "el", "en", id="1")], tmp_path / "x.tsv")


@pytest.mark.parametrize("name", ["g.tsv", "g.csv", "g.json", "g.jsonl"])
def test_glossary_formats_round_trip(tmp_path, name):
    glossary = Glossary("el", "en", (
        TermEntry("γυμνάσια", "exercises", variants=("drills", "manoeuvres"), forbidden=("high schools",),
                  note="military sense, \"not\" schools", domain="defence"),
        TermEntry("ΑΟΖ", "EEZ", note="exclusive economic zone"),
    ))
    path = tmp_path / name
    write_glossary(glossary, path)
    back = read_glossary(path, "el", "en")
    assert [e.to_dict() for e in back.entries] == [e.to_dict() for e in glossary.entries]


def test_unknown_extension_asks_for_format(tmp_path):
    path = tmp_path / "pairs.weird"
    path.write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="--format"):
        read_pairs(path, "el", "en")


def test_language_codes():
    assert normalize_language("el-gr") == "el-GR"
    assert normalize_language("zh_Hant") == "zh-Hant"
    with pytest.raises(InputError, match="unknown language code"):
        normalize_language("klingon")
    with pytest.raises(InputError, match="both in"):
        check_language_pair("en-US", "en-GB")


def test_verify_language_catches_mislabelled_text():
    english = "North Korea launched a series of short-range ballistic missiles early this morning."
    verify_language(english, "en")
    with pytest.raises(InputError, match="looks English"):
        verify_language(english, "el", path="story.txt")


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("el", "Οι απώλειες θα ξεπεράσουν τα 3 εκατ. ευρώ. Οι επιβάτες έφυγαν.",
         ["Οι απώλειες θα ξεπεράσουν τα 3 εκατ. ευρώ.", "Οι επιβάτες έφυγαν."]),
        ("ru", "Пришли 20 тыс. человек. Потом ушли.", ["Пришли 20 тыс. человек.", "Потом ушли."]),
        # Not an abbreviation: a broken translation keeps its break, for the boundary check to see.
        ("en", "The national general staff said. defense of South Korea.",
         ["The national general staff said.", "defense of South Korea."]),
    ],
)
def test_abbreviation_followed_by_lowercase_does_not_end_a_sentence(lang, text, expected):
    assert sentences(text, lang) == expected
