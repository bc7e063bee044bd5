"""Unit tests for the error injections of scripts/bench_injected.py (no model, fast)."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("bench_injected", ROOT / "scripts" / "bench_injected.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_injected", module)
    spec.loader.exec_module(module)
    return module


bi = _load()

SENTENCES = [
    "A walker found a wallet containing around 5,000 euros in cash in Dresden on Sunday morning.",
    "Inflation rose to 2.5 percent in February, the statistics office said on Tuesday.",
    "The ferry from Piraeus to Heraklion is expected to leave at 07:30, officials said.",
    "Prices did not rise in March, and the port will remain open until 2024.",
    "The new line, which cost 46 billion yuan, will cut the journey to 90 minutes.",
    "There were no injuries, but the station has never been closed before.",
]


def _check_consistent(text: str, inj) -> None:
    """The injection's span and texts agree with its edited target."""
    assert inj.tgt != text
    assert 0 <= inj.start <= inj.end <= len(inj.tgt)
    if inj.after:
        assert inj.tgt[inj.start:inj.end] == inj.after
        assert inj.tgt == text.replace(inj.before, inj.after, 1) or inj.before == ""
    else:
        assert inj.before and inj.before.strip(" ,") not in inj.tgt or inj.tgt.count(inj.before.strip(" ,")) < \
            text.count(inj.before.strip(" ,"))


@pytest.mark.parametrize("name", list(bi.INJECTIONS))
def test_injections_are_seeded_and_consistent(name: str) -> None:
    fn = bi.INJECTIONS[name]
    donors = ["Fares rose sharply in the spring season.", "The museum stays shut, the mayor said in Leipzig."]
    applied = 0
    for text in SENTENCES:
        extra = (["Leipzig", "Bystraya River"],) if name == "name" else (donors,) if name == "addition" else ()
        a = fn(text, random.Random(7), *extra)
        b = fn(text, random.Random(7), *extra)
        assert a == b  # pure and seeded
        if a is not None:
            applied += 1
            assert a.kind == name
            _check_consistent(text, a)
    assert applied >= 1, f"{name} applied to none of the sentences"


def test_replace_number_keeps_format() -> None:
    seen = set()
    for seed in range(60):
        inj = bi.replace_number("It cost 5,000 euros.", random.Random(seed))
        assert inj.before == "5,000"
        assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", inj.after), inj.after
        assert inj.after != "5,000"
        seen.add(inj.after)
    assert "50,000" in seen  # x10 keeps the thousands separator
    for seed in range(30):
        inj = bi.replace_number("The rate was 2.5 percent.", random.Random(seed))
        assert inj.after != "2.5" and re.fullmatch(r"\d+(\.\d+)?", inj.after)
    years = {bi.replace_number("It opened in 2022.", random.Random(s)).after for s in range(20)}
    assert all(1990 < int(y) < 2030 and y != "2022" for y in years)


def test_replace_number_skips_words_and_ordinals() -> None:
    assert bi.replace_number("The A320 landed on the 5th day.", random.Random(0)) is None
    assert bi.replace_number("No digits here.", random.Random(0)) is None


def test_find_entities_and_replace_name() -> None:
    ents = bi.find_entities("Prime Minister Kyriakos Mitsotakis met officials in Athens and Berlin on Monday.")
    assert [e.text for e in ents] == ["Kyriakos Mitsotakis", "Athens", "Berlin"]
    assert [e.kind for e in ents] == ["person", "city", "city"]
    inj = bi.replace_name("The ferry left Athens at noon.", random.Random(3))
    assert inj.before == "Athens" and inj.after in bi.CITIES and inj.after != "Athens"
    inj = bi.replace_name("Talks with Greece ended.", random.Random(3))
    assert inj.after in bi.COUNTRIES and inj.after != "Greece"
    inj = bi.replace_name("The Hohenstein Castle reopened.", random.Random(0), ["Bystraya River", "Kremlin"])
    assert inj.after == "Bystraya River"
    assert bi.replace_name("Police said nothing.", random.Random(0)) is None


def test_remove_name() -> None:
    inj = bi.remove_name("The ferry from Piraeus reached the port on time.", random.Random(0))
    assert inj.tgt == "The ferry reached the port on time."
    assert inj.tgt[inj.start:inj.end] == "ferry reached"
    inj = bi.remove_name("Officials from Greece and Italy met.", random.Random(1))
    assert inj is not None and inj.kind == "name_removed"
    assert bi.remove_name("It rained all day.", random.Random(0)) is None


def test_negation_rules() -> None:
    assert bi.add_negation("The port is open.", random.Random(0)).tgt == "The port is not open."
    assert bi.add_negation("Ships can sail.", random.Random(0)).tgt == "Ships cannot sail."
    assert bi.add_negation("It has reopened.", random.Random(0)).tgt == "It has not reopened."
    assert bi.add_negation("Police said it.", random.Random(0)).tgt == "Police did not say it."
    assert bi.add_negation("It is not open.", random.Random(0)) is None
    assert bi.add_negation("Those who already bought tickets wait.", random.Random(0)).after == "did not buy"
    assert bi.add_negation("The closed port.", random.Random(0)) is None
    assert bi.add_negation("Is it open?", random.Random(0)) is None
    assert bi.remove_negation("The port is not open.", random.Random(0)).tgt == "The port is open."
    assert bi.remove_negation("It does not support Dolby.", random.Random(0)).tgt == "It supports Dolby."
    assert bi.remove_negation("Prices did not rise.", random.Random(0)).tgt == "Prices rose."
    assert bi.remove_negation("It isn't open.", random.Random(0)).tgt == "It is open."
    assert bi.remove_negation("There were no injuries.", random.Random(0)).tgt == "There were injuries."
    assert bi.remove_negation("It has never been closed.", random.Random(0)).tgt == "It has been closed."
    assert bi.remove_negation("The port is open.", random.Random(0)) is None


def test_antonym_and_date() -> None:
    assert bi.antonym("Prices rose by 3% in May.", random.Random(0)).tgt == "Prices fell by 3% in May."
    assert bi.antonym("North Korea fired a missile.", random.Random(0)) is None  # capitalized: a name
    assert bi.antonym("An 81-year-old man set up a long-term plan.", random.Random(0)) is None
    assert bi.antonym("Allies have long said so.", random.Random(0)) is None
    inj = bi.replace_date("It opened on Monday, 5 May.", random.Random(0))
    assert inj.before in ("Monday", "May") and inj.after not in ("Monday", "May")
    assert bi.replace_date("May I come in?", random.Random(0)) is None


def test_clauses() -> None:
    inj = bi.add_clause("The ferry left on time.", random.Random(0), ["Fares rose sharply in the spring season."])
    assert inj.tgt == "The ferry left on time, fares rose sharply in the spring season."
    assert inj.tgt[inj.start:inj.end] == inj.after
    inj = bi.add_clause("The ferry left.", random.Random(0), ["Leipzig saw record crowds this year."], {"Leipzig"})
    assert "Leipzig saw" in inj.tgt  # a name keeps its capital
    assert bi.add_clause("The ferry left.", random.Random(0), ["Too short."]) is None
    inj = bi.drop_clause("The ferry, which was late, reached Crete.", random.Random(0))
    assert inj.tgt == "The ferry reached Crete." and inj.kind == "omission"
    inj = bi.drop_clause("In the final round, he drew with Rao.", random.Random(0))
    assert inj.tgt == "He drew with Rao."
    assert bi.drop_clause("No commas in this one.", random.Random(0)) is None


def test_localized() -> None:
    from mtqa.data import Finding, Span

    inj = bi.replace_number("It cost 5,000 euros.", random.Random(1))
    hit = Finding("number", "major", 0.9, target_span=Span("target", inj.start, inj.end))
    elsewhere = Finding("number", "critical", 0.9, target_span=Span("target", 0, 2))
    minor = Finding("number", "minor", 0.9, target_span=Span("target", inj.start, inj.end))
    assert bi.localized([hit], inj) and not bi.localized([elsewhere, minor], inj)
    removal = bi.remove_name("The ferry from Piraeus reached the port.", random.Random(0))
    assert bi.localized([Finding("name", "major", 0.8, source_span=Span("source", 0, 3))], removal)
    assert not bi.localized([Finding("number", "major", 0.8, source_span=Span("source", 0, 3))], removal)


def test_build_variants_is_deterministic() -> None:
    pairs = [bi.Pair(f"x/s{i}#0", "src", t, "el", "en", "corpus") for i, t in enumerate(SENTENCES)]
    a = bi.build_variants(pairs, 3)
    b = bi.build_variants(list(reversed(pairs)), 3)
    key = lambda vs, ps: sorted((ps[i].id, inj.kind, inj.tgt) for i, inj in vs)  # noqa: E731
    assert key(a, pairs) == key(b, list(reversed(pairs)))
    assert {inj.kind for _, inj in a} >= {"number", "name", "negation_added", "antonym", "date", "addition"}
