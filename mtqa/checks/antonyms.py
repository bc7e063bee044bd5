"""The antonym check: a word rendered by its opposite ("rose" for a source that says it fell).

Embeddings place antonyms close together, so a word's similarity with its translation says
little. The check asks a sharper question instead: for every target word with a listed antonym
(:func:`~mtqa.checks.lexicon.antonyms`), does the antonym, put in the word's place, fit the aligned
source word better than the word itself (:func:`~mtqa.terms.consistency.swap_gain`)? In correct
translations the word in place nearly always fits better (the gain is below zero: 95% of 47
listed words in the corpora and seed pairs were at -0.024 or less, the highest at +0.051); when
the translation says the opposite of the source the antonym fits better (19 injected antonyms:
median +0.13, 90% above +0.02). A word the aligner left unlinked is compared with the source word
its antonym matches best (major), and failing that the whole sentences are compared (minor).

Words of direction (rise/fall, high/low, more/less, open/closed, the compass, early/late) are settled first
and without the encoder, by word lists in the source language (:mod:`mtqa.checks.polarity`): a
listed reversal is critical, a listed agreement is not tested further.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mtqa.checks import polarity
from mtqa.checks.base import Check, CheckContext, LinkView, register
from mtqa.checks.lexicon import antonyms, function_words, synonyms
from mtqa.checks.quantities import extract_quantities
from mtqa.data import Finding
from mtqa.terms.consistency import LAYER, prefetch, swap_gain, swapped
from mtqa.terms.lexical import is_nospace_language

# Gain above which the antonym is taken to be what the source means. On 227 correct pairs
# (corpora, seed, gettext) 2 of 128 listed words reached 0.07 (Ελάχιστο "Minimum"/maximum, 缩
# "cut"/increase: antonyms sit close in the encoder), against a median of 0.13 for injected
# antonyms whose word is aligned.
REVERSAL_GAIN = 0.07
# Without a word link, the whole target sentence with the antonym against the sentence as it is,
# both compared with the source sentence: a weaker signal (sentence vectors blur single words),
# so it needs a clear margin (0.6% of listed words in correct pairs reach it, 29% of injected ones)
# and its findings are minor.
SENTENCE_REVERSAL_GAIN = 0.01
# A word the aligner left unlinked (an antonym often is: it no longer resembles its source word)
# is compared with the source word the antonym matches best: the antonym in place against the
# word itself, both against that source word. Noisier than a linked word, so a higher bar: on
# correct pairs 1 of 43 (seed 0) and 1 of 55 (seed 1) unlinked listed words reached 0.15,
# injected antonyms 15 of 34 and 17 of 47.
MATCHED_REVERSAL_GAIN = 0.15
# A reversal read from one word must be shared by the whole sentence: the source sentence is
# closer to the target sentence holding the antonym than to the target as it is (by more than
# this). On 422 correct pairs in 30 languages, 5 of 7 false reversals (Minimum/maximum, "raised",
# "up to", "rose" in Hungarian) had a sentence gain of 0.000 or less; 42 of 48 injected antonyms
# found were above 0.001. Sentence vectors blur single words ("rose" for gesunken gains -0.01 at
# sentence level), so a word-level gain above UNCONTESTED_GAIN needs no agreement: no correct
# pair reached it (0.139 at most), swapped "rose"/"fell" verbs reach 0.15-0.19.
SENTENCE_AGREEMENT = 0.001
UNCONTESTED_GAIN = 0.15
# A reversal read from the direction word lists (the source says the other way, and no source word
# of the target's direction is left unrendered): on 195 correct news pairs in 22 languages none of
# 67 target direction words was read as reversed.
LISTED_CONFIDENCE = 0.85
# A gain above this is beyond what a word's form explains (its synonyms gain up to 0.11 in its
# place); below it the mean gain of the word's listed synonyms is subtracted (see _control).
CLEAR_GAIN = 0.12


@register
class AntonymCheck(Check):
    name = "antonyms"
    description = ("Meaning reversed by an antonym: a direction word (rose/fell, opened/closed, north/south, "
                   "early/late) where the source's words of direction say the other way, or a target word with a "
                   "listed opposite (won/lost, before/after) where the opposite fits the aligned source word better "
                   "in context.")
    categories = ("sense",)

    def texts_to_encode(self, context: CheckContext) -> list[str]:
        return [text for words, sentences in [self._variants(list(self._candidates(context)))]
                for text in (*words, *sentences)]

    @staticmethod
    def _variants(candidates: list[tuple[LinkView, tuple[int, int], tuple[int, int], bool, list[str], list[str]]],
                  ) -> tuple[list[str], list[str]]:
        """The swapped sentences the gains are read from: (for word-level token states, for
        sentence vectors)."""
        words = [swapped(view.target_text, (t0, t1), alt)[0]
                 for view, (t0, t1), _, word_level, alts, syns in candidates for alt in (*alts, *syns)]
        sentences = [text for view, (t0, t1), _, word_level, alts, _ in candidates if not word_level
                     for text in (view.source_text, view.target_text,
                                  *(swapped(view.target_text, (t0, t1), alt)[0] for alt in alts))]
        return words, sentences

    def run(self, context: CheckContext) -> list[Finding]:
        findings = self._listed_reversals(context)
        if context.encoder is None:
            return findings
        candidates = list(self._candidates(context))
        # Every swapped sentence goes through the encoder in one batch before the gains are read
        # (cache hits when check_pairs encoded them for the whole chunk already).
        words, sentences = self._variants(candidates)
        if sentences:
            # Unlinked words need both: token states to match a source word, sentence vectors
            # when no match is close enough. One pass fills both caches.
            context.encoder.encode(sentences, layer=LAYER)
        both = set(sentences)
        prefetch(context.encoder, [w for w in words if w not in both])
        for view, (t0, t1), (s0, s1), word_level, alts, syns in candidates:
            word = view.target_text[t0:t1]
            control = 0.0  # how much better a listed synonym fits: the word's own form, not its meaning
            if word_level:
                def gain(alt: str) -> float:
                    return swap_gain(context.encoder, view.source_text, (s0, s1), view.target_text, (t0, t1), alt)

                gains = {alt: gain(alt) for alt in alts}
                control = _control([gain(syn) for syn in syns])
                threshold, source_span, source_word = REVERSAL_GAIN, view.source_span(s0, s1), view.source_text[s0:s1]
            else:
                matched = _matched_gains(context, view, (t0, t1), alts)
                if matched is not None and max(g for g, _ in matched.values()) >= MATCHED_REVERSAL_GAIN:
                    alt = max(matched, key=lambda a: matched[a][0])
                    m0, m1 = matched[alt][1]
                    gains = {a: g for a, (g, _) in matched.items()}
                    control = _control([swap_gain(context.encoder, view.source_text, (m0, m1), view.target_text,
                                                  (t0, t1), syn) for syn in syns])
                    threshold, source_span, source_word = MATCHED_REVERSAL_GAIN, view.source_span(m0, m1), view.source_text[m0:m1]
                    level = "matched"
                else:
                    # No content word to compare with: compare whole sentences instead.
                    gains = {alt: _sentence_gain(context, view.source_text, view.target_text, (t0, t1), alt)
                             for alt in alts}
                    threshold, source_span, source_word = SENTENCE_REVERSAL_GAIN, view.source_span(), ""
                    level = "sentence"
            if word_level:
                level = "word"
            best = max(gains, key=lambda alt: gains[alt])
            reversal = _reversal(gains[best], control)
            if reversal < threshold:
                continue
            if (level == "matched" or level == "word" and reversal < UNCONTESTED_GAIN) and _sentence_gain(
                    context, view.source_text, view.target_text, (t0, t1), best) <= SENTENCE_AGREEMENT:
                continue  # the sentence as a whole does not side with the antonym
            margin = reversal / threshold
            severity = {"word": "critical", "matched": "major", "sentence": "minor"}[level]
            findings.append(self.finding(
                category="sense", severity=severity,
                confidence=round(min(0.9, 0.4 + 0.15 * margin), 3),
                source_span=source_span, target_span=view.target_span(t0, t1),
                message=(f"{word!r} may reverse the meaning: {best!r} fits the source"
                         + (f" {source_word!r}" if source_word else " sentence") + " better"),
                evidence={"antonym": best, "gain": round(gains[best], 4), "level": level,
                          "gains": {a: round(g, 4) for a, g in gains.items()}, "synonym_gain": round(control, 4)},
            ))
        return findings

    def _listed_reversals(self, context: CheckContext) -> list[Finding]:
        """Direction words (:mod:`mtqa.checks.polarity`): a target word of one direction where the
        source's words say the other ("fell" where the source has stieg and nothing falls)."""
        if not polarity.covered(context.source_language) or not polarity.covered(context.target_language):
            return []
        findings = []
        for view in context.paired_links():
            for t0, t1, direction in polarity.direction_words(view.target_text, context.target_language):
                word = view.target_text[t0:t1]
                hit = polarity.reversed_pole(direction, view.source_text, view.target_text,
                                             context.source_language, context.target_language)
                if hit is None:
                    continue
                s0, s1, other = hit
                findings.append(self.finding(
                    category="sense", severity="critical", confidence=LISTED_CONFIDENCE,
                    source_span=view.source_span(s0, s1), target_span=view.target_span(t0, t1),
                    message=f"{word!r} reverses the meaning: the source says {view.source_text[s0:s1]!r} ({other})",
                    evidence={"level": "lexicon", "target_direction": direction, "source_direction": other,
                              "source_word": view.source_text[s0:s1]},
                ))
        return findings

    @staticmethod
    def _candidates(context: CheckContext) -> Iterator[tuple[LinkView, tuple[int, int], tuple[int, int], bool, list[str], list[str]]]:
        """Target words with listed opposites that the direction lists do not settle: (link, word
        span, aligned source span, whether the source word can be compared word to word, the
        opposites, the listed synonyms)."""
        stop = function_words(context.source_language)
        for view in context.paired_links():
            words = view.words
            if words is None:
                continue
            amounts: list[tuple[int, int]] | None = None
            for k, (t0, t1) in enumerate(words.target_spans):
                opposites = antonyms(view.target_text[t0:t1].lower(), context.target_language)
                if not opposites:
                    continue
                if amounts is None:
                    amounts = [(q.start, q.end) for q in extract_quantities(view.target_text, context.target_language)]
                if any(a <= t0 and t1 <= b for a, b in amounts):
                    continue  # part of an amount: "448.3 billion won" is Korean money, not a victory
                # The poles read in context ("down 0.8%"), as _listed_reversals reads them, so a
                # reversal it reported is not tested again.
                poles = (polarity.poles_at(view.target_text, context.target_language, t0, t1)
                         or polarity.directions_of(view.target_text[t0:t1], context.target_language))
                args = (view.source_text, view.target_text, context.source_language, context.target_language)
                if poles and (all(polarity.agrees_pole(pole, *args) for pole in poles)
                              or any(polarity.reversed_pole(pole, *args) is not None for pole in poles)):
                    continue  # settled by the direction words: agreement, or a listed reversal
                links = sorted((ln for ln in words.links if ln.target == k), key=lambda ln: -ln.probability)
                s0, s1 = words.source_spans[links[0].source] if links else (0, 0)
                source_word = view.source_text[s0:s1]
                # A single Han/kana character is a morpheme, not a word whose sense can be compared.
                word_level = bool(links) and _is_word(source_word) and source_word.lower() not in stop and not (
                    len(source_word) == 1 and is_nospace_language([source_word]))
                word = view.target_text[t0:t1].lower()
                yield view, (t0, t1), (s0, s1), word_level, sorted(opposites), sorted(synonyms(word, context.target_language))


def _control(synonym_gains: list[float]) -> float:
    """How much of an antonym's gain the word's own form explains: the mean gain of its listed
    synonyms in its place, when positive. "Inflation rose" for "stieg": "dropped" gains 0.071
    over the flower-like "rose", and so do "climbed" (0.106), "grew" (0.084) and "increased"
    (0.019); for "sank" the synonyms gain 0.014-0.034 and "fell" 0.159."""
    return max(0.0, sum(synonym_gains) / len(synonym_gains)) if synonym_gains else 0.0


def _reversal(best_gain: float, control: float) -> float:
    """The antonym's gain net of the control. Synonyms of a word gained up to 0.11 over it on
    correct pairs (the word's form, not its meaning), so a gain above CLEAR_GAIN is taken as it
    is: "gesunken" rendered "rose" gives "dropped" 0.151 while "climbed" gains 0.109 too."""
    return best_gain if best_gain >= CLEAR_GAIN else best_gain - control


def _matched_gains(context: CheckContext, view: LinkView, span: tuple[int, int],
                   alts: list[str]) -> dict[str, tuple[float, tuple[int, int]]] | None:
    """For an unlinked target word: per antonym, the gain (:func:`swap_gain`) against the source
    content word the antonym in place matches best, and that word's span; None when the source
    has no content word to match."""
    import numpy as np

    encoder, words = context.encoder, view.words
    assert encoder is not None and words is not None
    stop = function_words(context.source_language)
    sources = [(a, b) for a, b in words.source_spans
               if _is_word(view.source_text[a:b]) and view.source_text[a:b].lower() not in stop
               and not (b - a == 1 and is_nospace_language([view.source_text[a:b]]))]
    if not sources:
        return None
    vectors = encoder.word_vectors(view.source_text, sources, layer=LAYER)
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    out = {}
    for alt in alts:
        text, alt_span = swapped(view.target_text, span, alt)
        vector = encoder.word_vectors(text, [alt_span], layer=LAYER)[0]
        best = sources[int(np.argmax(vectors @ vector))]
        out[alt] = (swap_gain(encoder, view.source_text, best, view.target_text, span, alt), best)
    return out


def _is_word(text: str) -> bool:
    """Letters only, with their marks: Devanagari vowel signs (अधिक) are marks, not letters, to
    :meth:`str.isalpha`."""
    return bool(regex.fullmatch(r"\p{L}[\p{L}\p{M}]*", text))


def _sentence_gain(context: CheckContext, source: str, target: str, span: tuple[int, int], replacement: str) -> float:
    """Cosine of the source sentence with the target sentence holding ``replacement`` at ``span``,
    minus its cosine with the target sentence as it is."""
    assert context.encoder is not None
    vectors = context.encoder.embed([source, target, swapped(target, span, replacement)[0]])
    return float(vectors[0] @ vectors[2] - vectors[0] @ vectors[1])
