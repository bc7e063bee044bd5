"""Glossary training: scores, phrase extraction, filters, merging, and a real eflomal run.

Hand-made alignments use the tokens of ``mtqa.align.tokenize.word_spans``; expected numbers are
worked out by hand in the comments. The eflomal runs use ``tests/data/terms/{de,el}-en.tsv``
(450 gettext pairs each, see the README there); the full po corpus test runs only when
``.mtqa-cache/po`` exists.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from pathlib import Path

import pytest

from mtqa.align.statistical import iter_tsv_pairs
from mtqa.data import Glossary, SegmentPair, TermEntry
from mtqa.errors import ConfigError, InputError
from mtqa.io import read_glossary
from mtqa.terms.train import (
    EXAMPLE_CHARS,
    confidence,
    dice,
    extract_term_pairs,
    glossary_from_alignments,
    is_term_like,
    log_likelihood_ratio,
    merge_glossaries,
    score_against_reference,
    term_key,
    train_glossary,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "terms"
PO = ROOT / ".mtqa-cache" / "po"

# ---------------------------------------------------------------------------------------------
# Scores


def test_dice_by_hand() -> None:
    assert dice(10, 12, 15) == pytest.approx(20 / 27)
    assert dice(4, 5, 4) == pytest.approx(8 / 9)
    assert dice(0, 0, 0) == 0.0


def test_log_likelihood_ratio_by_hand() -> None:
    # Table [[10, 2], [5, 83]] of 100 segments; expected counts from the margins (12/88 x 15/85):
    # 1.8, 10.2, 13.2, 74.8. G2 = 2 (10 ln(10/1.8) + 2 ln(2/10.2) + 5 ln(5/13.2) + 83 ln(83/74.8))
    #    = 2 (17.1480 - 3.2585 - 4.8539 + 8.6339) = 35.339
    assert log_likelihood_ratio(10, 12, 15, 100) == pytest.approx(35.339, abs=1e-3)
    # Swapping the two terms transposes the table: same G2.
    assert log_likelihood_ratio(10, 15, 12, 100) == pytest.approx(log_likelihood_ratio(10, 12, 15, 100))
    # Independence (observed = expected = 10*10/100 = 1) gives 0; below chance is negative.
    assert log_likelihood_ratio(1, 10, 10, 100) == pytest.approx(0.0, abs=1e-12)
    assert log_likelihood_ratio(0, 50, 50, 100) < 0
    # Table [[4, 1], [0, 1]]: 2 (4 ln(4/(20/6)) + ln(1/(10/6)) + ln(1/(2/6))) = 2.6341
    assert log_likelihood_ratio(4, 5, 4, 6) == pytest.approx(2.6341, abs=1e-4)


def test_confidence_combines_and_nudges() -> None:
    assert confidence(0.64, 1.0) == pytest.approx(0.8)
    assert confidence(0.8, 8 / 9) == pytest.approx(math.sqrt(0.8 * 8 / 9))
    nudged = confidence(0.64, 1.0, neural=0.9)
    assert nudged == pytest.approx(0.8 ** 0.75 * 0.9 ** 0.25)
    assert confidence(0.64, 1.0, neural=0.5) < nudged < confidence(0.64, 1.0, neural=1.0)
    assert confidence(0.64, 1.0, neural=-0.3) == 0.0  # a negative cosine is no support at all


# ---------------------------------------------------------------------------------------------
# Phrase extraction on hand-made alignments


def test_extraction_follows_reordering_and_skips_inner_function_words() -> None:
    # "Größe der Datei" -> "file size": Größe-size, Datei-file; "der" unaligned inside the term.
    pairs = extract_term_pairs(["Größe", "der", "Datei"], ["file", "size"], {(0, 1), (2, 0)}, "de", "en")
    assert pairs == [((0, 1), (1, 2)), ((0, 3), (0, 2)), ((2, 3), (0, 1))]


def test_extraction_rejects_inconsistent_spans() -> None:
    # "speichern" is linked to both "save" and "file": neither word alone has a consistent
    # rendering, the two together do.
    pairs = extract_term_pairs(["Datei", "speichern"], ["save", "file"], {(0, 1), (1, 0), (1, 1)}, "de", "en")
    assert pairs == [((0, 2), (0, 2))]


def test_extraction_needs_every_content_word_aligned() -> None:
    pairs = extract_term_pairs(["neue", "Datei"], ["new", "file"], {(1, 1)}, "de", "en")
    assert pairs == [((1, 2), (1, 2))]


def test_extraction_trims_function_and_unaligned_words_at_target_edges() -> None:
    assert extract_term_pairs(["το", "αρχείο"], ["the", "file"], {(1, 0), (1, 1)}, "el", "en") == [((1, 2), (1, 2))]
    # "the" is a function word, "new" is not linked: both go, "file" stays.
    assert extract_term_pairs(["αρχείο"], ["the", "new", "file"], {(0, 0), (0, 2)}, "el", "en") == [((0, 1), (2, 3))]


def test_extraction_rejects_punctuation_and_long_renderings() -> None:
    assert extract_term_pairs(["Datei"], ["file", "(", "s", ")"], {(0, 0), (0, 2)}, "de", "en") == []
    tgt = ["the", "system", "settings", "dialog", "box"]
    assert extract_term_pairs(["Einstellungsdialog"], tgt, {(0, 1), (0, 4)}, "de", "en") == []
    assert extract_term_pairs(["Einstellungsdialog"], tgt, {(0, 1), (0, 4)}, "de", "en", max_words=4) == [
        ((0, 1), (1, 5))]


def test_is_term_like_and_term_key() -> None:
    stop = frozenset({"not", "only"})
    assert is_term_like("file name", stop)
    assert not is_term_like("not found", stop) and not is_term_like("file only", stop)
    assert not is_term_like("datei datei", stop) and not is_term_like("j", stop)
    assert term_key("Dateien", "de") == term_key("Datei", "de") == "datei"
    assert term_key("αρχείου", "el") == term_key("αρχεία", "el")


# ---------------------------------------------------------------------------------------------
# Counting, filters, ranking on a hand-made aligned corpus

# "Datei" occurs in 5 segments, 4 times aligned to "file" (a target term of 4 segments) and once
# to "document"; "öffnen" always goes to "open"; N = 6 segments.
CORPUS = (
    [("Datei öffnen", "Open file", {(0, 1), (1, 0)})] * 3
    + [("Datei löschen", "Delete file", {(0, 1), (1, 0)}),
       ("Ordner öffnen", "Open folder", {(0, 1), (1, 0)}),
       ("Datei speichern", "Save document", {(0, 1), (1, 0)})]
)


def test_counts_scores_and_ranking() -> None:
    glossary = glossary_from_alignments(CORPUS, "de", "en", min_count=3)
    # llr: "Datei öffnen" [[3, 0], [0, 3]] = 12 ln 2 = 8.318; "öffnen" [[4, 0], [0, 2]] = 7.638;
    # "Datei" [[4, 1], [0, 1]] = 2.634 (see test_log_likelihood_ratio_by_hand).
    assert [(e.source, e.target, e.count) for e in glossary.entries] == [
        ("Datei öffnen", "open file", 3), ("öffnen", "open", 4), ("Datei", "file", 4)]
    datei = glossary.lookup("Datei")
    assert datei.scores == pytest.approx({"dice": 0.8889, "llr": 2.6341, "align_prob": 0.8}, abs=1e-4)
    assert datei.confidence == pytest.approx(round(math.sqrt(0.8 * 8 / 9), 4))
    assert glossary.entries[0].scores["llr"] == pytest.approx(12 * math.log(2), abs=1e-4)
    assert all(e.status == "candidate" and not e.variants for e in glossary.entries)
    assert datei.example == "Datei öffnen"


def test_min_count_variants_and_top_k() -> None:
    glossary = glossary_from_alignments(CORPUS, "de", "en", min_count=1)
    # "document" has 1 of Datei's 5 alignments, at least 20 % of file's 4.
    assert glossary.lookup("Datei").variants == ("document",)
    sources = {e.source for e in glossary.entries}
    # Seen once each, and only inside the two-word terms: the longer term is the entry.
    assert {"Ordner öffnen", "Datei löschen", "Datei speichern"} <= sources
    assert not sources & {"Ordner", "löschen", "speichern"}
    assert glossary_from_alignments(CORPUS, "de", "en", min_count=2).lookup("Datei").variants == ()
    top = glossary_from_alignments(CORPUS, "de", "en", min_count=3, top_k=1)
    assert [e.source for e in top.entries] == ["Datei öffnen"]


def test_closed_class_identical_and_redundant_terms_are_filtered() -> None:
    corpus = (
        [("nicht gefunden", "not found", {(0, 0), (1, 1)})] * 3
        + [("Server starten", "Start server", {(0, 1), (1, 0)})] * 3 + [("Server", "Server", {(0, 0)})]
        # "pro" is not a German function word, so "Zeichen pro" and "pro Zoll" are term n-grams;
        # every shorter term occurs only inside "Zeichen pro Zoll".
        + [("Zeichen pro Zoll", "characters per inch", {(0, 0), (1, 1), (2, 2)})] * 3
    )
    glossary = glossary_from_alignments(corpus, "de", "en", min_count=3)
    got = {(e.source, e.target) for e in glossary.entries}
    # "nicht"/"not" are closed-class; "Server" -> "server" reads the same; "starten" and the parts of
    # "Zeichen pro Zoll" never occur outside the longer term. "gefunden" stays: "nicht gefunden"
    # is no candidate.
    assert got == {("gefunden", "found"), ("Server starten", "start server"),
                   ("Zeichen pro Zoll", "characters per inch")}
    kept = glossary_from_alignments(corpus, "de", "en", min_count=3, keep_identical=True)
    assert kept.lookup("Server").target == "server"


def test_long_examples_are_cut_around_the_term_and_marked() -> None:
    words = [f"wort{chr(97 + k % 26)}" for k in range(60)]
    source = " ".join(words[:30] + ["Datei"] + words[30:])
    target = " ".join(["file"] + words)
    glossary = glossary_from_alignments([(source, target, {(30, 0)})] * 3, "de", "en", min_count=3)
    example = glossary.lookup("Datei").example
    assert example.startswith("…") and example.endswith("…") and "Datei" in example
    assert len(example) <= EXAMPLE_CHARS + 2
    assert example.strip("…") in source


def test_pruning_keeps_memory_bounded_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mtqa.terms"):
        glossary = glossary_from_alignments(CORPUS, "de", "en", min_count=3, max_entries=3)
    assert "dropped" in caplog.text
    assert glossary.lookup("Datei").target == "file"


def test_segments_must_be_re_iterable() -> None:
    with pytest.raises(ValueError, match="read twice"):
        glossary_from_alignments(iter(CORPUS), "de", "en")
    with pytest.raises(ConfigError):
        glossary_from_alignments(CORPUS, "de", "en", min_count=0)
    with pytest.raises(ConfigError):
        glossary_from_alignments(CORPUS, "de", "en", max_words=0)


# ---------------------------------------------------------------------------------------------
# Merging and judging


def test_merge_keeps_approved_entries_untouched() -> None:
    approved_datei = TermEntry("Datei", "data file", note="house style")
    old_candidate = TermEntry("Ordner", "folder", status="candidate", count=2)
    approved = Glossary("de", "en", (approved_datei, old_candidate), name="house")
    trained = Glossary("de", "en", (
        TermEntry("Dateien", "files", status="candidate", count=9),   # same lemma as an approved term
        TermEntry("Ordner", "directory", status="candidate", count=7),
        TermEntry("Fenster", "window", status="candidate", count=5),
    ))
    merged = merge_glossaries(approved, trained)
    assert merged.entries[0] is approved_datei
    assert merged.entries[1] == trained.entries[1] and merged.entries[1].count == 7  # a stale candidate refreshed
    assert [e.source for e in merged.entries] == ["Datei", "Ordner", "Fenster"]
    assert merged.name == "house"
    with pytest.raises(InputError, match="cannot merge"):
        merge_glossaries(approved, Glossary("el", "en", trained.entries))


def test_score_against_reference() -> None:
    reference = Glossary("de", "en", (TermEntry("Datei", "file"), TermEntry("Ordner", "folder", ("directory",)),
                                      TermEntry("Ordner", "directory listing")))
    trained = Glossary("de", "en", (TermEntry("Dateien", "files"), TermEntry("Ordner", "directory"),
                                    TermEntry("Fenster", "window"), TermEntry("Datei", "menu", ("file",))))
    top2 = score_against_reference(trained, reference, 2)
    assert (top2["judged"], top2["correct"], top2["precision"], top2["coverage"]) == (2, 2, 1.0, 1.0)
    everything = score_against_reference(trained, reference)
    assert (everything["judged"], everything["correct"]) == (3, 2)
    assert everything["precision"] == pytest.approx(2 / 3) and everything["coverage"] == 0.75
    assert everything["precision_any"] == 1.0  # "menu" is wrong, its variant "file" right


# ---------------------------------------------------------------------------------------------
# Real text through eflomal

needs_eflomal = pytest.mark.skipif(importlib.util.find_spec("eflomal") is None,
                                   reason="eflomal is not installed (pip install 'mtqa[stat]')")


@needs_eflomal
def test_train_on_german_gettext_pairs() -> None:
    increments: list[int] = []
    result = train_glossary(iter_tsv_pairs(DATA / "de-en.tsv"), "de", "en", progress=increments.append)
    assert result.pairs == result.aligned == 450 and sum(increments) == 450
    glossary = result.glossary
    datei = glossary.lookup("Datei")
    assert datei is not None and datei.target == "file" and datei.count >= 10
    assert "datei" in datei.example.lower()
    assert glossary.lookup("Fehler").target == "error"
    llrs = [e.scores["llr"] for e in glossary.entries]
    assert llrs == sorted(llrs, reverse=True) and len(glossary) >= 10
    for entry in glossary.entries:
        assert entry.status == "candidate" and entry.count >= 3 and 0.0 <= entry.confidence <= 1.0
        assert set(entry.scores) == {"dice", "llr", "align_prob"}
    signature = result.signature.format()
    for part in ("task:glossary-train", "src:de", "tgt:en", "min_count:3", "max_words:3", "model:none",
                 "pairs:450", "stat.aligner:eflomal@", "stat.sym:grow-diag-final-and"):
        assert part in signature
    assert glossary.name == signature


@needs_eflomal
def test_train_on_greek_segment_pairs_with_top_k() -> None:
    pairs = [SegmentPair(s, t, "el", "en") for s, t in iter_tsv_pairs(DATA / "el-en.tsv")]
    result = train_glossary(pairs, "el", "en", top_k=15)
    assert len(result.glossary) == 15 and "top_k:15" in result.signature.format()
    assert result.glossary.lookup("σφάλμα").target == "error"


def test_bad_corpora_are_input_errors() -> None:
    with pytest.raises(InputError, match="no segment pairs"):
        train_glossary([], "de", "en")
    with pytest.raises(InputError, match="no segment pairs"):
        train_glossary([("", "")], "de", "en")
    with pytest.raises(InputError, match="pair 1"):
        train_glossary([("nur eine Seite",)], "de", "en")
    with pytest.raises(InputError, match="both in German"):
        train_glossary([("Datei", "Datei")], "de", "de")


@needs_eflomal
@pytest.mark.skipif(not (PO / "el-en.tsv").is_file(), reason="no .mtqa-cache/po/el-en.tsv (scripts/fetch_po_corpus.py)")
def test_full_greek_po_corpus_against_the_reference_list() -> None:
    result = train_glossary(iter_tsv_pairs(PO / "el-en.tsv"), "el", "en")
    reference = read_glossary(ROOT / "corpora" / "terms" / "el-en.tsv", "el", "en")
    at100 = score_against_reference(result.glossary, reference, 100)
    assert at100["coverage"] >= 0.8 and at100["precision"] >= 0.9
    assert result.glossary.lookup("αρχείο").target == "file"
