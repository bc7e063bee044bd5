"""Terminology consistency: is each source term rendered one way across a story and a batch?

1. :func:`find_occurrences` lists the source terms of a story pair (single words and short
   multiword runs, lemmatized; names included, numbers excluded) and the rendering the word
   alignment gives each occurrence.
2. :func:`select_terms` keeps the terms worth scoring: those seen at least twice in the scope
   (a story or a batch), a word only inside a longer recurring term being that term's business.
3. :func:`cluster_renderings` groups a term's distinct renderings by meaning: renderings that
   share a content lemma are one group; others join when they are close *in the same slot*: one
   rendering is put in place of the other in its sentence and the encoder's middle-layer vectors
   at that slot are compared (vectors of renderings in different sentences mostly measure how
   alike the sentences are). Two renderings of one meaning
   ("exercises" / "drills") are a *variant* (a mild inconsistency); renderings of different
   meanings ("exercises" / "high schools") are a *conflict*, a likely error, and the minority
   meaning is the outlier.
4. :func:`score_consistency` does it all for one story or a batch and returns per-term results,
   findings in the detection format and a summary score in 0-1.

The clustering is a pure function over arrays, testable without a model:

>>> import numpy as np
>>> keys = [frozenset({"exercise"}), frozenset({"drill"}), frozenset({"high", "school"})]
>>> similarity = np.array([[1.0, 0.74, 0.58], [0.74, 1.0, 0.55], [0.58, 0.55, 1.0]])
>>> cluster_renderings(keys, similarity, threshold=0.6)
[0, 0, 1]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from mtqa.checks.lexicon import function_words
from mtqa.data import Document, Finding, Glossary, Signature, Span
from mtqa.terms.lexical import content_lemmas, is_nospace_language, lemma_key, term_ngrams

if TYPE_CHECKING:
    from mtqa.checks.base import CheckContext, LinkView
    from mtqa.encoders import Encoder

# Middle layer of the encoder for contextual word vectors (the word aligner's layer).
LAYER = 7
# Two renderings of a term are one meaning when their same-slot similarity reaches this.
# Measured with multilingual-e5-small's layer 7 on 30 swaps in 7 English news sentences:
# synonyms ("exercises"/"drills" 0.74, "price"/"cost" 0.78, "castle"/"fortress" 0.72,
# "forces"/"troops" 0.65, "launched"/"test-fired" 0.68) mostly sit at 0.63-0.85; other senses
# ("exercises"/"high schools" 0.58, "price"/"honour" 0.35, "bench"/"bank" 0.58, "castle"/"lock"
# 0.54, "pines"/"jaws" 0.48) at or below 0.61, with exceptions both ways ("lessons" 0.65,
# "gyms" 0.71 for exercises). A first, coarse line, not a calibrated one.
SAME_MEANING = 0.6
# Cost of an occurrence outside the term's usual rendering, by kind, for the summary score.
VARIANT_COST = 0.5
CONFLICT_COST = 1.0


@dataclass(frozen=True)
class TermOccurrence:
    """One occurrence of a source term and the rendering word alignment gives it.

    ``key`` is the term's lemma key (what occurrences are grouped by); ``rendering_key`` the
    content lemmas of the rendering (what renderings are compared by); spans are story offsets.
    """

    document_id: str
    key: tuple[str, ...]
    source_text: str
    source_span: Span
    rendering: str
    target_span: Span | None
    rendering_key: frozenset[str]
    link: int

    @property
    def rendered(self) -> bool:
        return self.target_span is not None and bool(self.rendering_key)


def _rendering(view: LinkView, i: int, j: int, target_language: str) -> tuple[int, int] | None:
    """Character span (relative to the link's target text) of the words that source tokens
    ``[i, j)`` align to, or None when they align nowhere or to scattered words."""
    words = view.words
    assert words is not None
    linked = sorted({ln.target for ln in words.links if i <= ln.source < j})
    if not linked:
        return None
    if linked[-1] - linked[0] + 1 > len(linked) + 2:
        return None  # scattered links: no single rendering to judge
    stop = function_words(target_language)
    spans = words.target_spans
    texts = [view.target_text[s:e] for s, e in spans]
    lo, hi = linked[0], linked[-1]
    # Trim function words and punctuation at the edges ("the exercises" is "exercises").
    while lo < hi and (texts[lo].lower() in stop or not texts[lo][:1].isalnum()):
        lo += 1
    while hi > lo and (texts[hi].lower() in stop or not texts[hi][:1].isalnum()):
        hi -= 1
    # A single-word term whose rendering is one word may have its modifier left unlinked
    # ("γυμνάσια" -> "high schools" with only "schools" linked): take an unlinked content word
    # right before it along.
    if j - i == 1 and lo == hi and lo > 0:
        prev = texts[lo - 1]
        if prev.isalpha() and prev.lower() not in stop and not any(ln.target == lo - 1 for ln in words.links):
            lo -= 1
    return spans[lo][0], spans[hi][1]


def find_occurrences(context: CheckContext, *, max_words: int = 3) -> list[TermOccurrence]:
    """Every candidate term occurrence of a story pair with its rendering (all n-grams up to
    ``max_words``; :func:`select_terms` picks the terms)."""
    out = []
    src_lang, tgt_lang = context.source_language, context.target_language
    for view in context.paired_links():
        words = view.words
        if words is None:
            continue
        tokens = [view.source_text[s:e] for s, e in words.source_spans]
        nospace = is_nospace_language(tokens)
        for i, j in term_ngrams(tokens, src_lang, max_words=max_words):
            if j - i == 1 and not nospace and len(tokens[i]) < 4:
                continue  # short words are mostly particles and abbreviations, not terms
            s, e = words.source_spans[i][0], words.source_spans[j - 1][1]
            rendering = _rendering(view, i, j, tgt_lang)
            text = view.target_text[rendering[0]:rendering[1]] if rendering else ""
            out.append(TermOccurrence(
                document_id=context.source.id,
                key=lemma_key(tokens[i:j], src_lang),
                source_text=view.source_text[s:e],
                source_span=view.source_span(s, e),
                rendering=text,
                target_span=view.target_span(*rendering) if rendering else None,
                rendering_key=content_lemmas(text, tgt_lang) if text else frozenset(),
                link=view.index,
            ))
    return out


def select_terms(occurrences: Sequence[TermOccurrence], *, min_count: int = 2) -> dict[tuple[str, ...], list[TermOccurrence]]:
    """Terms seen at least ``min_count`` times, by lemma key (multiword ones must also hold
    together, see below). A shorter term whose every
    occurrence lies inside occurrences of a longer selected term is dropped (it is only ever
    part of that term: "δυνάμεις" inside "ένοπλες δυνάμεις")."""
    groups: dict[tuple[str, ...], list[TermOccurrence]] = defaultdict(list)
    for occ in occurrences:
        groups[occ.key].append(occ)
    # A multiword term must recur as a unit: at least three times, and in at least half the
    # occurrences of its most frequent word. Otherwise any two words that meet twice in a batch
    # ("γυμνάσια τελείωσαν", "the exercises ended") would be scored as a term.
    def cohesive(key: tuple[str, ...], count: int) -> bool:
        if len(key) == 1:
            return True
        words = [len(groups.get((w,), ())) for w in key]
        return count >= max(min_count, 3) and count >= 0.5 * max(words)

    kept = {k: v for k, v in groups.items() if len(v) >= min_count and cohesive(k, len(v))}
    covering: dict[str, list[Span]] = defaultdict(list)
    for key, group in kept.items():
        if len(key) > 1:
            for occ in group:
                covering[occ.document_id].append(occ.source_span)

    def inside_longer(occ: TermOccurrence) -> bool:
        span = occ.source_span
        return any(c.start <= span.start and span.end <= c.end and (c.end - c.start) > (span.end - span.start)
                   for c in covering[occ.document_id])

    return {k: v for k, v in kept.items() if not all(inside_longer(o) for o in v)}


def cluster_renderings(keys: Sequence[frozenset[str]], similarity: np.ndarray | None, *, threshold: float = SAME_MEANING) -> list[int]:
    """Group labels (0, 1, ... in order of first appearance) for distinct renderings, greedily in
    order: a rendering joins the first group where it shares a content lemma with a member, or
    else reaches ``threshold`` with *every* member (complete link: one near neighbour is not
    enough to make "lessons" an "exercise"). Without a similarity matrix only shared lemmas join.
    """
    groups: list[list[int]] = []
    labels = []
    for a in range(len(keys)):
        for label, members in enumerate(groups):
            if any(keys[a] & keys[b] for b in members) or (
                    similarity is not None and all(similarity[a, b] >= threshold for b in members)):
                members.append(a)
                labels.append(label)
                break
        else:
            groups.append([a])
            labels.append(len(groups) - 1)
    return labels


@dataclass(frozen=True)
class Rendering:
    """One distinct rendering of a term: its most frequent surface form and where it occurs."""

    text: str
    key: frozenset[str]
    group: int
    occurrences: tuple[TermOccurrence, ...]

    @property
    def count(self) -> int:
        return len(self.occurrences)


@dataclass(frozen=True)
class TermResult:
    """Consistency of one source term across the scope.

    ``status``: ``consistent`` (one rendering), ``variant`` (several renderings, one meaning),
    ``conflict`` (renderings of different meanings: the minority ones are ``outliers``).
    ``consistency`` is the share of rendered occurrences that use the usual rendering;
    ``score`` the same with variants counting half (:data:`VARIANT_COST`).
    """

    term: str
    key: tuple[str, ...]
    renderings: tuple[Rendering, ...]
    unrendered: int
    status: str
    consistency: float
    score: float
    outliers: tuple[TermOccurrence, ...] = ()
    #: Each rendered occurrence with its cost: 0 for the usual rendering, VARIANT_COST for another
    #: rendering of the same meaning, CONFLICT_COST for a different meaning.
    costs: tuple[tuple[TermOccurrence, float], ...] = ()

    @property
    def occurrences(self) -> int:
        return sum(r.count for r in self.renderings) + self.unrendered

    def to_dict(self) -> dict[str, Any]:
        def occ(o: TermOccurrence) -> dict[str, Any]:
            return {"document_id": o.document_id, "source_span": [o.source_span.start, o.source_span.end],
                    "target_span": [o.target_span.start, o.target_span.end] if o.target_span else None,
                    "rendering": o.rendering}

        return {
            "term": self.term,
            "lemma": " ".join(self.key),
            "status": self.status,
            "occurrences": self.occurrences,
            "unrendered": self.unrendered,
            "consistency": round(self.consistency, 4),
            "score": round(self.score, 4),
            "renderings": [{"text": r.text, "count": r.count, "meaning": r.group,
                            "occurrences": [occ(o) for o in r.occurrences]} for r in self.renderings],
            "outliers": [occ(o) for o in self.outliers],
        }


def occurrence_link(context: CheckContext, occ: TermOccurrence) -> tuple[str, int, str, int]:
    """The link an occurrence sits in: ``(source text, source start, target text, target start)``."""
    link = context.alignment.sentences.alignments[occ.link]
    first, last = context.source.segments[link.source[0]], context.source.segments[link.source[-1]]
    tfirst, tlast = context.target.segments[link.target[0]], context.target.segments[link.target[-1]]
    return (context.source.text[first.start:last.end], first.start,
            context.target.text[tfirst.start:tlast.end], tfirst.start)


def matching_case(replacement: str, actual: str) -> str:
    """``replacement`` with the case of ``actual``'s first letter (a rendering that starts a
    sentence is capitalized, the same word elsewhere is not)."""
    if actual[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    if actual[:1].islower() and replacement[:1].isupper():
        return replacement[0].lower() + replacement[1:]
    return replacement


def swapped(text: str, span: tuple[int, int], replacement: str) -> tuple[str, tuple[int, int]]:
    """``text`` with ``replacement`` (case adapted) in place of ``span``, and where it now sits.

    >>> swapped("Prices rose.", (7, 11), "fell")
    ('Prices fell.', (7, 11))
    """
    t0, t1 = span
    replacement = matching_case(replacement, text[t0:t1])
    return text[:t0] + replacement + text[t1:], (t0, t0 + len(replacement))


def _slot(context: CheckContext, occ: TermOccurrence, replacement: str | None) -> tuple[str, tuple[int, int]]:
    assert occ.target_span is not None
    _, _, text, start = occurrence_link(context, occ)
    span = (occ.target_span.start - start, occ.target_span.end - start)
    return (text, span) if replacement is None else swapped(text, span, replacement)


def slot_vectors(context: CheckContext, occ: TermOccurrence, replacement: str | None = None) -> np.ndarray:
    """The encoder's middle-layer vector of ``occ``'s rendering in its sentence, or of
    ``replacement`` put in its place (case adapted); the encoder comes from ``context``."""
    assert context.encoder is not None
    text, span = _slot(context, occ, replacement)
    return context.encoder.word_vectors(text, [span], layer=LAYER)[0]


def prefetch(encoder: Encoder, texts: Iterable[str], *, layer: int = LAYER) -> None:
    """Encode ``texts`` in one batched pass so the ``word_vectors`` calls that follow hit the
    encoder's cache: swap tests make many one-word variants of a sentence, and one batch is
    several times faster than as many single forward passes."""
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    if unique:
        encoder.token_states(unique, layer=layer)


def swap_gain(
    encoder: Encoder,
    source_text: str,
    source_span: tuple[int, int],
    target_text: str,
    target_span: tuple[int, int],
    replacement: str,
    *,
    layer: int = LAYER,
) -> float:
    """How much better ``replacement`` fits the source word than the target word it would
    replace: the contextual cosine (middle layer) of the source word with ``replacement`` put in
    the target word's slot, minus its cosine with the target word itself. Positive: the source
    means the replacement rather than what the translation says.

    Both the sense check (a story's usual rendering in place of an outlier) and the antonym check
    ("fell" in place of "rose") ask this question.
    """
    text, span = swapped(target_text, target_span, replacement)
    src_vec = encoder.word_vectors(source_text, [source_span], layer=layer)[0]
    actual = encoder.word_vectors(target_text, [target_span], layer=layer)[0]
    alternative = encoder.word_vectors(text, [span], layer=layer)[0]
    return cosine(src_vec, alternative) - cosine(src_vec, actual)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))


def slot_similarity(renderings: Sequence[Sequence[TermOccurrence]], contexts: dict[str, CheckContext]) -> np.ndarray:
    """Same-slot similarity of each pair of renderings: rendering B put in place of A in A's first
    sentence, its vector there against A's own, averaged with the swap the other way."""
    n = len(renderings)
    first = [occs[0] for occs in renderings]
    encoder = contexts[first[0].document_id].encoder
    assert encoder is not None
    prefetch(encoder, _slot_texts(first, contexts))
    own = [slot_vectors(contexts[o.document_id], o) for o in first]
    sim = np.eye(n)
    for a in range(n):
        for b in range(n):
            if a != b:
                swapped = slot_vectors(contexts[first[a].document_id], first[a], first[b].rendering)
                sim[a, b] = cosine(own[a], swapped)
    return (sim + sim.T) / 2


def judge_term(group: Sequence[TermOccurrence], similarity: np.ndarray | None = None, *, threshold: float = SAME_MEANING) -> TermResult:
    """Consistency of one term from its occurrences; ``similarity`` compares the distinct
    rendering keys, in order of first appearance (None: lemmas alone decide)."""
    surface = Counter(o.source_text for o in group).most_common(1)[0][0]
    rendered = [o for o in group if o.rendered]
    by_key: dict[frozenset[str], list[TermOccurrence]] = {}
    for o in rendered:
        by_key.setdefault(o.rendering_key, []).append(o)
    keys = list(by_key)
    labels = cluster_renderings(keys, similarity, threshold=threshold) if keys else []
    order = sorted(range(len(keys)), key=lambda n: -len(by_key[keys[n]]))
    # Meanings are numbered by their most frequent rendering: meaning 0 is the usual one.
    relabel: dict[int, int] = {}
    for n in order:
        relabel.setdefault(labels[n], len(relabel))
    renderings = [Rendering(Counter(o.rendering for o in by_key[keys[n]]).most_common(1)[0][0], keys[n],
                            relabel[labels[n]], tuple(by_key[keys[n]])) for n in order]
    if not renderings:
        return TermResult(surface, group[0].key, (), len(group), "unaligned", 1.0, 1.0)
    group_size: Counter[int] = Counter()
    for r in renderings:
        group_size[r.group] += r.count
    usual = renderings[0]
    sizes = sorted(group_size.values(), reverse=True)
    tie = len(sizes) > 1 and sizes[0] == sizes[1]
    costs = tuple((o, 0.0 if r is usual else VARIANT_COST if r.group == usual.group else CONFLICT_COST)
                  for r in renderings for o in r.occurrences)
    conflict = any(r.group != usual.group for r in renderings)
    status = "consistent" if len(renderings) == 1 else "conflict" if conflict else "variant"
    # With no majority meaning the finding names both renderings and neither is the outlier.
    outliers = () if tie else tuple(o for r in renderings if r.group != usual.group for o in r.occurrences)
    consistency = usual.count / len(rendered)
    score = 1.0 - sum(c for _, c in costs) / len(rendered)
    return TermResult(surface, group[0].key, tuple(renderings), len(group) - len(rendered), status,
                      consistency, score, outliers, costs)


def _slot_texts(first: Sequence[TermOccurrence], contexts: dict[str, CheckContext]) -> list[str]:
    return [_slot(contexts[a.document_id], a, None if a is b else b.rendering)[0] for a in first for b in first]


def slot_texts(group: Sequence[TermOccurrence], contexts: dict[str, CheckContext]) -> list[str]:
    """The sentences :func:`judge_in_context` encodes for ``group`` (each rendering's first
    sentence, with every other rendering put in its place), so that the terms of a story can
    go through the encoder in one batch instead of one batch per term."""
    keys: dict[frozenset[str], TermOccurrence] = {}
    for o in group:
        if o.rendered:
            keys.setdefault(o.rendering_key, o)
    return _slot_texts(list(keys.values()), contexts) if len(keys) > 1 else []


def judge_in_context(
    group: Sequence[TermOccurrence],
    contexts: dict[str, CheckContext],
    encoder: Encoder | None,
    *,
    threshold: float = SAME_MEANING,
) -> TermResult:
    """:func:`judge_term` with the renderings compared in context by ``encoder`` (the story
    pairs by source document id); lemmas alone decide when ``encoder`` is None."""
    keys: dict[frozenset[str], list[TermOccurrence]] = {}
    for o in group:
        if o.rendered:
            keys.setdefault(o.rendering_key, []).append(o)
    similarity = None
    if encoder is not None and len(keys) > 1:
        contexts = {k: c if c.encoder is encoder else replace(c, encoder=encoder) for k, c in contexts.items()}
        similarity = slot_similarity(list(keys.values()), contexts)
    return judge_term(group, similarity, threshold=threshold)


@dataclass(frozen=True)
class ConsistencyReport:
    """Per-term results for a story or batch, a summary score and the findings."""

    terms: tuple[TermResult, ...]
    score: float
    findings: tuple[Finding, ...]
    signature: Signature
    per_document: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counts = Counter(t.status for t in self.terms)
        return {
            "score": self.score,
            "terms": len(self.terms),
            "status": dict(counts),
            "documents": self.per_document,
            "results": [t.to_dict() for t in self.terms],
            "findings": [f.to_dict() for f in self.findings],
            "signature": self.signature.format(),
        }


def _findings(result: TermResult) -> list[Finding]:
    """A finding for every occurrence off the usual rendering: minor for a variant of the same
    meaning, major for a different meaning that is the minority (the likely outlier)."""
    usual = result.renderings[0] if result.renderings else None
    out = []
    for o, cost in result.costs:
        if not cost or usual is None:
            continue
        conflict = cost >= CONFLICT_COST
        outlier = o in result.outliers
        out.append(Finding(
            category="terminology",
            severity="major" if outlier else "minor",
            confidence=0.7 if outlier else 0.5 if conflict else 0.4,
            source_span=o.source_span,
            target_span=o.target_span,
            message=(f"{o.source_text!r} rendered {o.rendering!r} here but {usual.text!r} {usual.count}x elsewhere"
                     + (": a different meaning" if conflict else "")),
            check="terms",
            evidence={"term": result.term, "status": result.status,
                      "renderings": {r.text: r.count for r in result.renderings}},
            document_id=o.document_id,
        ))
    return out


def score_consistency(
    contexts: Sequence[CheckContext],
    *,
    encoder: Encoder | None = None,
    max_words: int = 3,
    min_count: int = 2,
    threshold: float = SAME_MEANING,
) -> ConsistencyReport:
    """Consistency of every recurring source term across ``contexts`` (one story pair each:
    one for a story, many for a batch). With an ``encoder`` renderings are grouped by meaning
    in context; without, only shared lemmas make renderings one meaning."""
    occurrences = [o for ctx in contexts for o in find_occurrences(ctx, max_words=max_words)]
    by_id = {ctx.source.id: ctx for ctx in contexts}
    results = [judge_in_context(group, by_id, encoder, threshold=threshold)
               for group in select_terms(occurrences, min_count=min_count).values()]
    results.sort(key=lambda r: (r.score, -r.occurrences, r.term))
    findings = tuple(f for r in results for f in _findings(r))
    score = _summary(results)
    per_document = {ctx.source.id: _summary(results, ctx.source.id) for ctx in contexts} if len(contexts) > 1 else {}
    settings = {"task": "terms-consistency", "model": encoder.signature if encoder is not None else "none",
                "max_words": max_words, "min_count": min_count, "same_meaning": threshold,
                "stories": len(contexts)}
    return ConsistencyReport(tuple(results), score, findings, Signature(settings), per_document)


def _summary(results: Sequence[TermResult], document_id: str | None = None) -> float:
    """1 minus the mean cost of the rendered occurrences (of one document, or all): the
    occurrence-weighted mean of the term scores; 1.0 when there is nothing to judge."""
    costs = [c for r in results for o, c in r.costs if document_id is None or o.document_id == document_id]
    return round(1.0 - sum(costs) / len(costs), 4) if costs else 1.0


def story_contexts(
    pairs: Sequence[tuple[Document, Document]],
    encoder: Encoder,
    *,
    glossary: Glossary | None = None,
) -> list[CheckContext]:
    """Align each story pair (sentences, then words) into the context the scorers read."""
    from mtqa.align.story import align_story
    from mtqa.checks.base import CheckContext

    from mtqa.markup import masked_document

    contexts = []
    for src, tgt in pairs:
        src, tgt = masked_document(src), masked_document(tgt)  # offsets unchanged, markup hidden
        contexts.append(CheckContext(src, tgt, align_story(src, tgt, encoder), glossary=glossary, encoder=encoder))
    return contexts
