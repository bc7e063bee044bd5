"""Terminology: term candidates, consistency scoring and glossary adherence (no model)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import context

from mtqa.align.tokenize import word_spans
from mtqa.data import Glossary, TermEntry
from mtqa.encoders import get_encoder
from mtqa.errors import InputError
from mtqa.terms.adherence import Unit, score_adherence, units_from_alignment
from mtqa.terms.consistency import (
    CONFLICT_COST,
    VARIANT_COST,
    cluster_renderings,
    find_occurrences,
    judge_term,
    score_consistency,
    select_terms,
)
from mtqa.terms.lexical import content_lemmas, lemma, term_ngrams


def tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in word_spans(text)]


# --- what a term is -------------------------------------------------------------------------

def test_term_ngrams_skip_numbers_punctuation_and_function_word_edges():
    toks = tokens("Die Bundeswehr hielt 2024 das Gleichgewicht der Kräfte.")
    got = [" ".join(toks[i:j]) for i, j in term_ngrams(toks, "de")]
    assert "Gleichgewicht der Kräfte" in got  # a function word inside a term is fine
    assert not any("2024" in g for g in got)
    assert not any(g.split()[0].lower() in {"die", "das", "der"} or g.split()[-1].lower() in {"die", "das", "der"}
                   for g in got)
    assert not any("." in g for g in got)


def test_term_ngrams_in_chinese_are_character_runs():
    toks = tokens("军事演习开始")
    got = ["".join(toks[i:j]) for i, j in term_ngrams(toks, "zh", max_words=2)]
    assert "军事" in got and "演习" in got
    assert "军" not in got  # single characters are not terms


@pytest.mark.parametrize("a, b, language", [
    ("γυμνάσια", "γυμνασίων", "el"), ("Übung", "Übungen", "de"), ("учения", "учений", "ru"), ("exercise", "exercises", "en"),
])
def test_inflected_forms_share_a_lemma(a, b, language):
    assert lemma(a, language) == lemma(b, language)


def test_content_lemmas_ignore_articles():
    assert content_lemmas("the high schools", "en") == content_lemmas("high school", "en")


# --- consistency ----------------------------------------------------------------------------

def test_cluster_renderings_joins_shared_lemmas_and_renderings_close_to_every_member():
    keys = [frozenset({"exercise"}), frozenset({"military", "exercise"}), frozenset({"drill"}),
            frozenset({"lesson"}), frozenset({"school"})]
    similarity = np.array([
        [1.0, 0.88, 0.75, 0.66, 0.60],
        [0.88, 1.0, 0.78, 0.56, 0.63],
        [0.75, 0.78, 1.0, 0.50, 0.50],
        [0.66, 0.56, 0.50, 1.0, 0.70],
        [0.60, 0.63, 0.50, 0.70, 1.0],
    ])
    # "drills" is close to both exercise renderings; "lessons" only to one of them (complete
    # link keeps it apart), and "schools" joins "lessons", not the drills group.
    assert cluster_renderings(keys, similarity, threshold=0.6) == [0, 0, 0, 1, 1]
    assert cluster_renderings(keys, None) == [0, 0, 1, 2, 3]


GREEK = ("Τα γυμνάσια άρχισαν στο Αιγαίο.\nΤα γυμνάσια συνεχίστηκαν τη νύχτα.\n"
         "Τα γυμνάσια τελείωσαν την Τρίτη.\nΟι ασκήσεις ήταν μεγάλες.")
ENGLISH = ("The exercises began in the Aegean.\nThe exercises continued at night.\n"
           "The high schools ended on Tuesday.\nThe drills were large.")
LINKS = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
WORDS = {0: [("γυμνάσια", "exercises"), ("Αιγαίο", "Aegean")], 1: [("γυμνάσια", "exercises")],
         2: [("γυμνάσια", "schools")], 3: [("ασκήσεις", "drills")]}


def test_occurrences_take_an_unlinked_modifier_and_trim_articles():
    ctx = context(GREEK, "el", ENGLISH, "en", LINKS, WORDS)
    occurrences = [o for o in find_occurrences(ctx) if o.source_text == "γυμνάσια"]
    assert [o.rendering for o in occurrences] == ["exercises", "exercises", "high schools"]
    third = occurrences[2]
    assert ctx.target.text[third.target_span.start:third.target_span.end] == "high schools"
    assert ctx.source.text[third.source_span.start:third.source_span.end] == "γυμνάσια"


def test_select_terms_needs_two_occurrences():
    ctx = context(GREEK, "el", ENGLISH, "en", LINKS, WORDS)
    terms = select_terms(find_occurrences(ctx))
    assert (lemma("γυμνάσια", "el"),) in terms
    assert (lemma("ασκήσεις", "el"),) not in terms  # once only


def test_judge_term_flags_the_minority_meaning_as_outlier():
    ctx = context(GREEK, "el", ENGLISH, "en", LINKS, WORDS)
    [group] = [g for k, g in select_terms(find_occurrences(ctx)).items() if k == (lemma("γυμνάσια", "el"),)]
    result = judge_term(group)  # lemmas alone: exercises and high schools share nothing
    assert result.status == "conflict"
    assert [o.rendering for o in result.outliers] == ["high schools"]
    assert result.consistency == pytest.approx(2 / 3)
    assert result.score == pytest.approx(1 - CONFLICT_COST / 3)
    # The same renderings judged one meaning (vectors close): a variant, half the cost.
    same = judge_term(group, np.array([[1.0, 0.95], [0.95, 1.0]]), threshold=0.9)
    assert same.status == "variant" and not same.outliers
    assert same.score == pytest.approx(1 - VARIANT_COST / 3)


def test_a_tie_has_no_outlier():
    src = "Η παράδοση καθυστέρησε.\nΗ παράδοση έγινε."
    tgt = "The delivery was late.\nThe tradition took place."
    ctx = context(src, "el", tgt, "en", [((0,), (0,)), ((1,), (1,))],
                  {0: [("παράδοση", "delivery")], 1: [("παράδοση", "tradition")]})
    [result] = [r for r in score_consistency([ctx]).terms if r.term == "παράδοση"]
    assert result.status == "conflict" and result.outliers == ()


def test_score_consistency_over_a_batch_scores_each_story():
    one = context(GREEK, "el", ENGLISH, "en", LINKS, WORDS)
    clean = context("Τα γυμνάσια άρχισαν.\nΤα γυμνάσια τελείωσαν.", "el", "The exercises began.\nThe exercises ended.",
                    "en", [((0,), (0,)), ((1,), (1,))], {0: [("γυμνάσια", "exercises")], 1: [("γυμνάσια", "exercises")]})
    clean = type(clean)(clean.source.__class__(**{**clean.source.__dict__, "id": "clean"}), clean.target,
                        clean.alignment)
    report = score_consistency([one, clean], encoder=get_encoder("hash"))
    assert set(report.per_document) == {"s", "clean"}
    assert report.per_document["clean"] == 1.0
    assert report.per_document["s"] < 1.0
    [term] = [t for t in report.terms if t.term == "γυμνάσια"]
    assert term.occurrences == 5  # across both stories
    assert {f.document_id for f in report.findings} == {"s"}
    data = report.to_dict()
    assert data["signature"].startswith("mtqa:") and "terms-consistency" in data["signature"]
    assert data["results"][0]["renderings"][0]["meaning"] == 0


# --- glossary adherence ---------------------------------------------------------------------

def test_term_success_rate_is_inflection_aware_and_exact_match_is_not():
    glossary = Glossary("de", "en", (TermEntry("Militärübung", "military exercise", variants=("military drill",)),))
    units = [("Die Militärübungen begannen am Montag.", "The military exercises began on Monday."),
             ("Eine Militärübung fand statt.", "A military drill took place."),
             ("Die Militärübung endete.", "The manoeuvre ended.")]
    report = score_adherence(units, glossary)
    assert [m.status for m in report.matches] == ["hit", "hit", "missing"]
    assert report.term_success_rate == pytest.approx(2 / 3)
    assert report.exact_match_accuracy == pytest.approx(1 / 3)  # "exercises" is not the exact string
    [finding] = report.findings
    assert finding.category == "terminology" and finding.severity == "major"
    assert units[2][0][finding.source_span.start:finding.source_span.end] == "Militärübung"
    assert report.to_dict()["missing"] == 1


def test_forbidden_rendering_is_a_violation_with_offsets_into_the_texts():
    glossary = Glossary("el", "en", (TermEntry("γυμνάσια", "exercises", forbidden=("high schools",)),))
    units = [Unit("Τα γυμνάσια άρχισαν.", "The high schools began.", 100, 200, None, "story")]
    report = score_adherence(units, glossary)
    [match] = report.matches
    assert match.status == "forbidden" and match.rendering == "high schools"
    assert (match.source_span.start, match.target_span.start) == (103, 204)
    [finding] = report.findings
    assert finding.severity == "major" and "forbids" in finding.message and finding.document_id == "story"


def test_adherence_with_word_alignment_points_at_the_aligned_words():
    glossary = Glossary("el", "en", (TermEntry("γυμνάσια", "exercises"),))
    ctx = context(GREEK, "el", ENGLISH, "en", LINKS, WORDS)
    report = score_adherence(units_from_alignment(ctx.source, ctx.target, ctx.alignment), glossary)
    assert [m.status for m in report.matches] == ["hit", "hit", "missing"]
    missing = report.matches[2]
    assert ctx.target.text[missing.target_span.start:missing.target_span.end] == "schools"
    assert report.term_success_rate == pytest.approx(2 / 3)


def test_longer_term_wins_over_a_nested_shorter_one():
    glossary = Glossary("en", "de", (TermEntry("power", "Macht"), TermEntry("balance of power", "Kräftegleichgewicht")))
    report = score_adherence([("The balance of power shifted.", "Das Kräftegleichgewicht verschob sich.")], glossary)
    assert [(m.entry.source, m.status) for m in report.matches] == [("balance of power", "hit")]


def test_no_term_in_the_source_gives_no_rate_and_languages_are_required():
    glossary = Glossary("el", "en", (TermEntry("γυμνάσια", "exercises"),))
    report = score_adherence([("Καλημέρα.", "Good morning.")], glossary)
    assert report.term_success_rate is None and not report.matches
    with pytest.raises(InputError):
        score_adherence([("a", "b")], Glossary("", "", (TermEntry("a", "b"),)))
