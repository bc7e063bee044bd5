"""TBX reader/writer: TBX-Basic 2008 and TBX v3 fixtures, round trips and every error path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from mtqa.data import Glossary, TermEntry
from mtqa.errors import InputError
from mtqa.io.tbx import read_tbx, write_tbx

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"

GLOSSARY = Glossary(
    "el",
    "de",
    (
        TermEntry("γυμνάσια", "Übungen", variants=("Manöver",), forbidden=("Gymnasien",),
                  note="Στρατιωτικός όρος & <όχι> σχολικός\n\"δεύτερη\" γραμμή", domain="military",
                  count=12, confidence=0.875, status="candidate", scores={"pmi": 3.25, "dice": 0.5},
                  example="Τα γυμνάσια άρχισαν στην Κρήτη."),
        TermEntry("Βουλή", "Parlament"),
        TermEntry("προϋπολογισμός", "Haushalt", variants=("Budget", "Etat"), domain="economy"),
    ),
    name="Newsroom EL-DE",
)


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    path = tmp_path / "out.tbx"
    write_tbx(GLOSSARY, path)
    back = read_tbx(path)
    assert back == GLOSSARY
    assert [e.to_dict() for e in back.entries] == [e.to_dict() for e in GLOSSARY.entries]


@pytest.mark.parametrize("src,tgt", [("ru", "zh"), ("ar", "en")])
def test_round_trip_other_scripts(tmp_path: Path, src: str, tgt: str) -> None:
    glossary = Glossary(src, tgt, (TermEntry("Государственный совет", "国务院", variants=("国務院",)),
                                   TermEntry("مجلس الدولة", "State Council & 'Cabinet'")))
    path = tmp_path / "out.tbx"
    write_tbx(glossary, path)
    assert read_tbx(path, src, tgt) == glossary


def test_reads_tbx_basic_fixture() -> None:
    glossary = read_tbx(DATA / "sample.tbx")
    assert (glossary.source_language, glossary.target_language) == ("en-US", "el-GR")
    assert glossary.name == "Newsroom termbase EN-EL"
    exercises, drills, parliament, budget = glossary.entries
    # The preferred term is the target even when an admitted one comes first.
    assert exercises.target == "γυμνάσια"
    assert exercises.variants == ("ασκήσεις",)
    assert exercises.forbidden == ("εξασκήσεις",)
    assert exercises.domain == "military"
    assert exercises.note == "Planned training activity of armed forces."  # descripGrp, not its <admin>
    assert exercises.example == "The navy held exercises off Crete."
    # A second source term (synonym) becomes its own entry with the same target side.
    assert (drills.source, drills.target, drills.variants) == ("drills", "γυμνάσια", ("ασκήσεις",))
    assert parliament.target == "Βουλή των Ελλήνων"
    assert parliament.forbidden == ("Ελληνικό Κοινοβούλιο",)  # supersededTerm-admn-sts
    assert parliament.note == "Use the official English name."
    assert (budget.domain, budget.note) == ("economy", "Ο ετήσιος κρατικός προϋπολογισμός.")


def test_reverse_direction_of_fixture() -> None:
    glossary = read_tbx(DATA / "sample.tbx", "el", "en")
    assert glossary.lookup("γυμνάσια").target == "exercises"
    assert glossary.lookup("γυμνάσια").variants == ("drills",)
    assert glossary.lookup("Ελληνικό Κοινοβούλιο").target == "Hellenic Parliament"


def test_reads_tbx_v3_fixture() -> None:
    glossary = read_tbx(DATA / "sample_v3.tbx")
    assert glossary.name == "Automotive DE-ZH"
    assert glossary.source_language == "de" and glossary.target_language.startswith("zh")
    brake, tyre, pneu = glossary.entries
    assert (brake.source, brake.target, brake.variants, brake.forbidden) == ("Bremse", "制动器", ("刹车",), ("煞车",))
    assert brake.domain == "automotive"
    assert brake.note == "Vorrichtung zum Verzögern eines Fahrzeugs."
    assert (tyre.target, pneu.source, pneu.target) == ("轮胎", "Pneu", "轮胎")


def test_reads_tbx_v3_dct_style(tmp_path: Path) -> None:
    path = tmp_path / "dct.tbx"
    path.write_text(
        '<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"'
        ' xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>"
        '<conceptEntry id="1"><min:subjectField>politics</min:subjectField>'
        '<langSec xml:lang="en"><termSec><term>vote</term></termSec></langSec>'
        '<langSec xml:lang="ru"><basic:definition>Голосование</basic:definition>'
        "<termSec><term>вотум</term><min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec>"
        "<termSec><term>голосование</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>"
        "</langSec></conceptEntry></body></text></tbx>",
        encoding="utf-8",
    )
    (entry,) = read_tbx(path).entries
    assert (entry.target, entry.forbidden, entry.domain, entry.note) == ("голосование", ("вотум",), "politics", "Голосование")


def test_language_choice_errors(tmp_path: Path) -> None:
    path = tmp_path / "three.tbx"
    path.write_text(
        '<martif type="TBX-Basic"><text><body><termEntry id="1">'
        '<langSet xml:lang="en"><tig><term>a</term></tig></langSet>'
        '<langSet xml:lang="el"><tig><term>α</term></tig></langSet>'
        '<langSet xml:lang="de"><tig><term>a-de</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="3 language"):
        read_tbx(path)
    with pytest.raises(InputError, match="cannot tell the other language"):
        read_tbx(path, source_language="en")
    assert read_tbx(path, "en", "de").entries[0].target == "a-de"
    assert read_tbx(path, "de", "el").entries[0].target == "α"


def test_root_xml_lang_names_the_source(tmp_path: Path) -> None:
    path = tmp_path / "order.tbx"
    path.write_text(
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="1">'
        '<langSet xml:lang="el"><tig><term>α</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>a</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    glossary = read_tbx(path)
    assert (glossary.source_language, glossary.entries[0].source) == ("en", "a")


def _incomplete(tmp_path: Path) -> Path:
    path = tmp_path / "incomplete.tbx"
    path.write_text(
        '<martif type="TBX-Basic" xml:lang="en">\n<text><body>\n'
        '<termEntry id="ok"><langSet xml:lang="en"><tig><term>vote</term></tig></langSet>'
        '<langSet xml:lang="el"><tig><term>ψήφος</term></tig></langSet></termEntry>\n'
        '<termEntry id="no-el"><langSet xml:lang="en"><tig><term>budget</term></tig></langSet></termEntry>\n'
        '<termEntry id="all-bad"><langSet xml:lang="en"><tig><term>MP</term></tig></langSet>'
        '<langSet xml:lang="el"><tig><term>βουλευτής</term>'
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>\n'
        "</body></text></martif>\n",
        encoding="utf-8",
    )
    return path


def test_missing_language_is_an_error_with_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_tbx(_incomplete(tmp_path), "en", "el")
    assert info.value.line == 4 and "'no-el' has no el term" in str(info.value)


def test_missing_language_can_be_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mtqa.io"):
        glossary = read_tbx(_incomplete(tmp_path), "en", "el", on_missing="skip")
    assert [e.source for e in glossary.entries] == ["vote"]
    assert "skipped 2" in caplog.text


def test_malformed_xml_names_line() -> None:
    with pytest.raises(InputError) as info:
        read_tbx(DATA / "malformed.tbx")
    assert info.value.line == 12 and "malformed.tbx:12: not well-formed XML" in str(info.value)


def test_wrong_root_element() -> None:
    with pytest.raises(InputError, match=r"root element is <tmx>, expected <martif> or <tbx>"):
        read_tbx(DATA / "sample.tmx")


def test_empty_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tbx"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="file is empty"):
        read_tbx(empty)
    with pytest.raises(InputError, match="no such file"):
        read_tbx(tmp_path / "nope.tbx")


def test_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "xxe.tbx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<martif type="TBX-Basic"><text><body><termEntry id="1">'
        '<langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet>'
        '<langSet xml:lang="el"><tig><term>x</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_tbx(path)
    assert "TOP-SECRET" not in str(info.value)
