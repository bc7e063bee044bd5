"""Wrong word sense: a source term rendered with a meaning it does not have here.

The encoder alone prefers a word's common sense (γυμνάσια is nearer "schools" than "exercises"),
so the evidence is combined:
1. consistency: the same source lemma rendered differently elsewhere in the story, with no word
   in common between the renderings ("exercises" twice, "high schools" once);
2. context fit: the contextual similarity (middle encoder layer) of the source word with the
   outlier rendering, against the story's usual rendering put in its place. An outlier the
   encoder likes much better is the frequent sense where the story uses a rarer one;
3. the glossary: a rendering the glossary forbids, or one it does not list.
A rendering that differs but fits as well is reported as a terminology inconsistency (minor).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from mtqa.checks.base import Check, CheckContext, LinkView, register
from mtqa.checks.lexicon import function_words, words_with_spans
from mtqa.data import Finding, TermEntry
from mtqa.lang import base_language

LAYER = 7
# The encoder, like MT systems, prefers a word's frequent sense. When the story's usual rendering
# of a term is one the encoder finds clearly *less* similar in context than the outlier rendering
# (gain below this), the story uses the term's rarer sense and the outlier is the MT system falling
# back on the frequent one: γυμνάσια ("exercises" ×2) rendered "high schools" gives -0.135 on the
# seed, while synonyms and collocations ("weapons"/"arms", "forces"/"balance of power") sit near
# zero or above. Set on the seed story only; the glossary is the stronger evidence.
FREQUENT_SENSE_GAIN = -0.1


def lemma(word: str, language: str) -> str:
    """Lowercase lemma by simplemma (the word itself for languages it does not cover)."""
    import simplemma

    try:
        return simplemma.lemmatize(word.lower(), lang=base_language(language)).lower()
    except ValueError:
        return word.lower()


@dataclass(frozen=True)
class Occurrence:
    """One source term occurrence and how the translation rendered it (offsets in the stories)."""

    lemma: str
    view: LinkView
    source: tuple[int, int]  # relative to the link's source text
    target: tuple[int, int] | None  # the rendering, relative to the link's target text
    key: frozenset[str]  # lemmas of the rendering's content words

    @property
    def rendering(self) -> str:
        return self.view.target_text[self.target[0]:self.target[1]] if self.target else ""


def _occurrences(context: CheckContext) -> list[Occurrence]:
    src_stop = function_words(context.source_language)
    tgt_stop = function_words(context.target_language)
    out = []
    for view in context.paired_links():
        words = view.words
        if words is None:
            continue
        for k, (s, e) in enumerate(words.source_spans):
            token = view.source_text[s:e]
            if len(token) < 4 or not token.isalpha() or token.lower() in src_stop or token[0].isupper() and s > 0:
                continue  # names are the names check's business; function words carry no sense
            linked = sorted(ln.target for ln in words.links if ln.source == k)
            if not linked:
                continue
            t0, t1 = words.target_spans[linked[0]][0], words.target_spans[linked[-1]][1]
            if len(linked) > 1 and linked[-1] - linked[0] > 2:
                continue  # scattered links: no single rendering to judge
            # Include a modifier right before a single-word rendering ("high schools").
            if len(linked) == 1 and linked[0] > 0:
                prev = words.target_spans[linked[0] - 1]
                prev_word = view.target_text[prev[0]:prev[1]]
                if prev_word.isalpha() and prev_word.lower() not in tgt_stop and not any(
                        ln.target == linked[0] - 1 for ln in words.links):
                    t0 = prev[0]
            rendering = view.target_text[t0:t1]
            key = frozenset(lemma(w, context.target_language) for w, _, _ in words_with_spans(rendering)
                            if w not in tgt_stop)
            out.append(Occurrence(lemma(token, context.source_language), view, (s, e), (t0, t1), key))
    return out


@register
class SenseCheck(Check):
    name = "sense"
    description = ("Source terms rendered with the wrong sense: a rendering that breaks with the story's usual "
                   "rendering of the same term and is the term's common sense where the story uses another; "
                   "renderings a glossary forbids. Other inconsistencies are reported as terminology (minor).")
    categories = ("sense", "terminology")

    def run(self, context: CheckContext) -> list[Finding]:
        occurrences = _occurrences(context)
        findings = self._glossary(occurrences, context)
        flagged = {(f.source_span.start if f.source_span else -1) for f in findings}
        by_lemma: dict[str, list[Occurrence]] = defaultdict(list)
        for occ in occurrences:
            by_lemma[occ.lemma].append(occ)
        for group in by_lemma.values():
            keys = Counter(o.key for o in group if o.key)
            if len(keys) < 2:
                continue
            majority, count = keys.most_common(1)[0]
            if count < 2 or list(keys.values()).count(count) > 1:
                continue  # no clear majority rendering to compare with
            model = next(o for o in group if o.key == majority)
            for occ in group:
                if not occ.key or occ.key == majority or occ.key & majority:
                    continue
                if occ.view.source_span(*occ.source).start in flagged:
                    continue
                findings.append(self._judge(occ, model, len(group), keys, context))
        return findings

    def _judge(self, occ: Occurrence, model: Occurrence, total: int, keys: Counter, context: CheckContext) -> Finding:
        gain = self._context_gain(occ, model, context)
        evidence = {"renderings": {" ".join(sorted(k)): n for k, n in keys.items()},
                    "majority": model.rendering, "context_gain": None if gain is None else round(gain, 4)}
        src_word = occ.view.source_text[occ.source[0]:occ.source[1]]
        if gain is not None and gain <= FREQUENT_SENSE_GAIN:
            return self.finding(
                category="sense", severity="major", confidence=round(min(0.9, 0.5 - gain), 3),
                source_span=occ.view.source_span(*occ.source), target_span=occ.view.target_span(*occ.target),
                message=(f"{src_word!r} rendered {occ.rendering!r} here but {model.rendering!r} elsewhere in the "
                         f"story: likely the word's common sense where the story uses another"),
                evidence=evidence,
            )
        return self.finding(
            category="terminology", severity="minor", confidence=0.4,
            source_span=occ.view.source_span(*occ.source), target_span=occ.view.target_span(*occ.target),
            message=f"{src_word!r} rendered {occ.rendering!r} here but {model.rendering!r} elsewhere in the story",
            evidence=evidence,
        )

    @staticmethod
    def _context_gain(occ: Occurrence, model: Occurrence, context: CheckContext) -> float | None:
        """Contextual similarity of the source word with the majority rendering put in place of
        the outlier, minus its similarity with the outlier."""
        if context.encoder is None or occ.target is None:
            return None
        encoder = context.encoder
        view = occ.view
        replacement = model.rendering
        actual = occ.rendering
        if actual[:1].isupper() and replacement[:1].islower():
            replacement = replacement[0].upper() + replacement[1:]
        elif actual[:1].islower() and replacement[:1].isupper():
            replacement = replacement[0].lower() + replacement[1:]
        t0, t1 = occ.target
        swapped = view.target_text[:t0] + replacement + view.target_text[t1:]
        src_vec = encoder.word_vectors(view.source_text, [occ.source], layer=LAYER)[0]
        actual_vec = encoder.word_vectors(view.target_text, [(t0, t1)], layer=LAYER)[0]
        alt_vec = encoder.word_vectors(swapped, [(t0, t0 + len(replacement))], layer=LAYER)[0]

        def cos(a: np.ndarray, b: np.ndarray) -> float:
            return float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12))

        return cos(src_vec, alt_vec) - cos(src_vec, actual_vec)

    def _glossary(self, occurrences: list[Occurrence], context: CheckContext) -> list[Finding]:
        if context.glossary is None:
            return []
        entries: dict[str, TermEntry] = {}
        for entry in context.glossary.entries:
            entries.setdefault(lemma(entry.source, context.source_language), entry)
        out = []
        for occ in occurrences:
            entry = entries.get(occ.lemma)
            if entry is None or occ.target is None:
                continue
            rendering = occ.rendering.lower()
            rendering_lemmas = occ.key
            def matches(term: str) -> bool:
                term_lemmas = frozenset(lemma(w, context.target_language) for w, _, _ in words_with_spans(term))
                return term.lower() in rendering or bool(term_lemmas and term_lemmas <= rendering_lemmas)
            if any(matches(f) for f in entry.forbidden):
                out.append(self.finding(
                    category="sense", severity="major", confidence=0.9,
                    source_span=occ.view.source_span(*occ.source), target_span=occ.view.target_span(*occ.target),
                    message=f"{entry.source!r} rendered {occ.rendering!r}, which the glossary forbids; use {entry.target!r}",
                    evidence={"glossary": entry.to_dict()},
                ))
            elif not any(matches(a) for a in entry.accepted):
                out.append(self.finding(
                    category="terminology", severity="minor", confidence=0.6,
                    source_span=occ.view.source_span(*occ.source), target_span=occ.view.target_span(*occ.target),
                    message=f"{entry.source!r} rendered {occ.rendering!r}; the glossary says {entry.target!r}",
                    evidence={"glossary": entry.to_dict()},
                ))
        return out
