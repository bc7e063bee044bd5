"""Mistranslation detection: run registered checks over an aligned story pair.

>>> from mtqa.checks import check
>>> report = check("Το πλοίο έφτασε στις 07:30.", "The ship arrived at 09:30.", "el", "en",
...                model="hash")  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mtqa.calibration import calibrate_findings, load_calibration
from mtqa.checks.base import Check, CheckContext, LinkView, get_checks, list_checks, register
from mtqa.data import SEVERITY_WEIGHT, Document, Finding, Glossary, Signature, Span, severity_rank, sort_findings
from mtqa.markup import masked_document
from mtqa.metrics.adequacy import adequacy_scores, sentence_adequacy

if TYPE_CHECKING:
    from mtqa.align.story import StoryAlignment
    from mtqa.encoders import Encoder

__all__ = [
    "Check",
    "CheckContext",
    "LONG_SEGMENT_SENTENCES",
    "LONG_SEGMENT_WORDS",
    "LinkView",
    "Report",
    "check",
    "check_pairs",
    "get_checks",
    "list_checks",
    "register",
]


@dataclass(frozen=True)
class Report:
    """The result of checking one story pair."""

    source: Document
    target: Document
    findings: tuple[Finding, ...]
    alignment: StoryAlignment
    sentence_scores: tuple[float, ...]
    score: float
    signature: Signature

    def max_severity(self) -> str | None:
        return max((f.severity for f in self.findings), key=severity_rank, default=None)

    def fails(self, threshold: str) -> bool:
        """True when a finding is at or above ``threshold`` (minor, major, critical)."""
        worst = self.max_severity()
        return worst is not None and severity_rank(worst) >= severity_rank(threshold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source.id,
            "target_id": self.target.id,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "sentences": [
                {**a.to_dict(), "adequacy": s}
                for a, s in zip(self.alignment.sentences.alignments, self.sentence_scores)
            ],
            "signature": self.signature.format(),
        }


def _as_document(text_or_doc: str | Document, doc_id: str, language: str, presplit: bool) -> Document:
    from mtqa.sentences import segment_document

    if isinstance(text_or_doc, Document):
        return text_or_doc
    return segment_document(doc_id, language, text_or_doc, presplit=presplit)


def story_score(findings: Sequence[Finding], sentence_scores: Sequence[float], target_words: int,
                sentence_weights: Sequence[float] | None = None) -> float:
    """Story quality in 0-1: mean sentence adequacy, lowered by MQM-weighted findings per word.

    The mean is weighted by ``sentence_weights`` (the links' lengths when the adequacy is
    calibrated, so a long garbled sentence counts for more than a short one), plain otherwise.
    MQM counts a penalty of 1/5/25 for minor/major/critical errors, each times the finding's
    confidence; normalizing by length (per 100 words) and mapping through exp(-x/25) makes one
    certain critical error in a 100-word story cost about 63% of the score and one minor error
    about 4%.
    """
    weights = list(sentence_weights) if sentence_weights is not None else [1.0] * len(sentence_scores)
    total = sum(weights)
    adequacy = sum(s * w for s, w in zip(sentence_scores, weights)) / total if total > 0 else 0.0
    penalty = sum(SEVERITY_WEIGHT[f.severity] * f.confidence for f in findings)
    per_100_words = penalty * 100.0 / max(target_words, 20)
    return round(adequacy * math.exp(-per_100_words / 25.0), 4)


def check(
    source: str | Document,
    translation: str | Document,
    source_language: str | None = None,
    target_language: str | None = None,
    *,
    checks: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    model: str | Encoder = "e5-small",
    presplit: bool = False,
    options: dict[str, Any] | None = None,
    calibrated: bool = True,
) -> Report:
    """Check a translation against its source and return a :class:`Report`.

    ``source`` and ``translation`` are texts (split into sentences here) or Documents. With
    ``calibrated`` (and a shipped calibration for the encoder, see :mod:`mtqa.calibration`) the
    sentence scores are calibrated adequacies and the finding confidences calibrated
    probabilities; ``calibrated=False`` gives the raw ones (what ``scripts/calibrate.py`` fits on).
    """
    from mtqa.align.story import align_story
    from mtqa.encoders import get_encoder
    from mtqa.lang import check_language_pair

    src_lang = source_language or (source.language if isinstance(source, Document) else None)
    tgt_lang = target_language or (translation.language if isinstance(translation, Document) else None)
    if not src_lang or not tgt_lang:
        from mtqa.errors import UsageError

        raise UsageError("the source and target languages must be given")
    src_lang, tgt_lang = check_language_pair(src_lang, tgt_lang)
    src_doc = _as_document(source, "source", src_lang, presplit)
    tgt_doc = _as_document(translation, "target", tgt_lang, presplit)
    encoder = get_encoder(model) if isinstance(model, str) else model
    selected = get_checks(checks)
    # Aligners and checks read the stories with markup masked; the report keeps the raw texts
    # (same offsets) so its spans highlight what the user sent.
    work_src, work_tgt = masked_document(src_doc), masked_document(tgt_doc)
    alignment = align_story(work_src, work_tgt, encoder)
    context = CheckContext(work_src, work_tgt, alignment, glossary=glossary, encoder=encoder, options=options or {})
    report = _run_checks(context, selected, calibrated)
    return replace(report, source=src_doc, target=tgt_doc)


def _run_checks(context: CheckContext, selected: Sequence[Check], calibrated: bool = True) -> Report:
    src_doc, tgt_doc, alignment, glossary, encoder = (context.source, context.target, context.alignment,
                                                      context.glossary, context.encoder)
    assert encoder is not None
    findings: list[Finding] = []
    for item in selected:
        findings.extend(item.run(context))
    findings = drop_subsumed(findings)
    # A calibration exists only for encoders mtqa was fitted for; other ones keep raw scores.
    calibration = load_calibration(encoder.signature) if calibrated else None
    weights: tuple[float, ...] | None = None
    if calibration is not None:
        findings = calibrate_findings(findings, calibration)
        sentence_scores = sentence_adequacy(context, calibration)
        weights = tuple(_link_words(view) for view in context.links())
    else:
        # A link without a calibrated confidence (a lone segment pair) counts as adequate: only
        # the findings then lower the score.
        sentence_scores = tuple(
            (a.confidence if a.confidence is not None else 1.0) if a.source and a.target else 0.0
            for a in alignment.sentences.alignments
        )
    findings = sort_findings(findings)
    score = story_score(findings, sentence_scores, len(tgt_doc.text.split()), weights)
    signature = Signature({
        "task": "check",
        "model": encoder.signature,
        "src": src_doc.language,
        "tgt": tgt_doc.language,
        "checks": ",".join(c.name for c in selected),
        "glossary": f"{len(glossary)} terms" if glossary else "none",
    })
    return Report(src_doc, tgt_doc, tuple(findings), alignment, sentence_scores, score, signature)


def drop_subsumed(findings: Sequence[Finding]) -> list[Finding]:
    """Findings without those another finding already explains, so one error is not counted
    twice: a number or a name missing inside a source sentence reported as not translated, and
    an unaligned run of words inside a sentence broken or glued in translation (the broken
    boundary is what left those words unaligned; a dropped negation stays).

    >>> from mtqa.data import Span
    >>> sentence = Finding("omission", "major", 0.8, Span("source", 0, 40), evidence={"scope": "sentence"})
    >>> number = Finding("number", "major", 0.9, Span("source", 30, 31), evidence={"kind": "dropped"})
    >>> drop_subsumed([sentence, number]) == [sentence]
    True
    >>> glued = Finding("boundary", "major", 0.9, Span("source", 100, 180))
    >>> run = Finding("omission", "major", 0.6, Span("source", 120, 150), evidence={"unaligned_words": 5})
    >>> drop_subsumed([glued, run]) == [glued]
    True
    """
    untranslated = [f.source_span for f in findings
                    if f.category == "omission" and f.evidence.get("scope") == "sentence" and f.source_span]
    broken = [f.source_span for f in findings if f.category == "boundary" and f.source_span]

    def inside(span: Span | None, spans: list[Span]) -> bool:
        return span is not None and any(u.contains(span) for u in spans)

    def explained(f: Finding) -> bool:
        if f.category in ("number", "date", "name") and f.evidence.get("kind") in ("dropped", "missing"):
            return inside(f.source_span, untranslated)
        if f.category in ("omission", "addition") and "unaligned_words" in f.evidence:
            return inside(f.source_span if f.category == "omission" else None, broken)
        return False

    return [f for f in findings if not explained(f)]


def _link_words(view: LinkView) -> float:
    """A link's length for the story mean: words on both sides, so a dropped sentence weighs
    what it held."""
    return float(len(view.source_text.split()) + len(view.target_text.split()))


def _whole_segment_alignment(
    source: Document, target: Document, encoder: Encoder, confidence: float | None
) -> StoryAlignment:
    """A segment pair is a translation by definition: one link covering all its sentences, with
    the words aligned inside it (no sentence alignment that could split a pair into an omission
    and an addition because one side has two sentences and the other one)."""
    from mtqa.align.sentence import SentenceAlignment
    from mtqa.align.story import StoryAlignment
    from mtqa.align.word import WordAligner
    from mtqa.data import Alignment

    src_idx = tuple(range(len(source.segments)))
    tgt_idx = tuple(range(len(target.segments)))
    signature = Signature({"task": "align-pair", "model": encoder.signature})
    if not src_idx or not tgt_idx:
        links = tuple([*(Alignment((i,), (), 0.0, 1.0) for i in src_idx), *(Alignment((), (j,), 0.0, 1.0) for j in tgt_idx)])
        return StoryAlignment(SentenceAlignment(source, target, links, signature), (None,) * len(links), ((0, 0),) * len(links))
    s0, s1 = source.segments[0].start, source.segments[-1].end
    t0, t1 = target.segments[0].start, target.segments[-1].end
    [words] = WordAligner(encoder).align_batch([(source.text[s0:s1], target.text[t0:t1])])
    link = Alignment(src_idx, tgt_idx, 0.0, None if confidence is None else round(confidence, 4))
    return StoryAlignment(SentenceAlignment(source, target, (link,), signature), (words,), ((s0, t0),))


def check_pairs(
    records: Sequence[dict[str, Any]],
    *,
    checks: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    model: str | Encoder = "e5-small",
    batch_size: int = 64,
    chunk: int = 64,
    calibrated: bool = True,
) -> Iterator[Report]:
    """Check segment pairs ``{"src", "tgt", "src_lang", "tgt_lang"}``; yields reports in input order.

    Each pair is one link (it is a translation by definition); its score is its adequacy, lowered
    by the findings. With a shipped calibration for the encoder (:mod:`mtqa.calibration`) the
    adequacy is the fitted P(adequate translation), one of whose inputs is the probability that
    the target translates the source estimated against the other pairs of the chunk; without
    one it is that probability itself (and with ``calibrated=False``, as for :func:`check`).
    Segments of a chunk go through the encoder together. A pair
    longer than :data:`LONG_SEGMENT_SENTENCES` sentences or :data:`LONG_SEGMENT_WORDS` words on
    a side is a story sent as a segment: its sentences are aligned first, as :func:`check` does.
    """
    from mtqa.align.story import align_story
    from mtqa.align.word import DEFAULT_LAYER
    from mtqa.encoders import get_encoder
    from mtqa.lang import check_language_pair
    from mtqa.sentences import segment_document

    encoder = get_encoder(model) if isinstance(model, str) else model
    selected = get_checks(checks)
    for start in range(0, len(records), chunk):
        raw: list[tuple[Document, Document]] = []
        for record in records[start : start + chunk]:
            src_lang, tgt_lang = check_language_pair(record["src_lang"], record["tgt_lang"])
            raw.append((segment_document(str(record.get("id", "src")), src_lang, record["src"]),
                        segment_document(str(record.get("id", "tgt")), tgt_lang, record["tgt"])))
        docs = [(masked_document(s), masked_document(t)) for s, t in raw]
        texts = [(_span_text(s), _span_text(t)) for s, t in docs]
        paired = [k for k, (a, b) in enumerate(texts) if a and b]
        segments = [t for k in paired for t in texts[k] if not (_is_long(docs[k][0]) or _is_long(docs[k][1]))]
        if segments:
            # One pass fills both caches: sentence vectors for the confidences below, token
            # states for the word alignment of each pair.
            encoder.encode(segments, layer=DEFAULT_LAYER, batch_size=batch_size)
        confidences: list[float | None] = [None] * len(docs)
        for k, c in zip(paired, adequacy_scores(encoder, [texts[k][0] for k in paired],
                                                [texts[k][1] for k in paired], batch_size)):
            confidences[k] = c
        contexts = []
        for (src_doc, tgt_doc), confidence in zip(docs, confidences):
            if _is_long(src_doc) or _is_long(tgt_doc):
                # A whole article sent as one "segment": one link over thousands of words makes
                # word alignment slow and noisy, so its sentences are aligned like a story's.
                alignment = align_story(src_doc, tgt_doc, encoder)
            else:
                alignment = _whole_segment_alignment(src_doc, tgt_doc, encoder, confidence)
            contexts.append(CheckContext(src_doc, tgt_doc, alignment, glossary=glossary, encoder=encoder))
        # The checks' own variants (an antonym swapped in, ...) for the whole chunk in one batch:
        # a few texts per pair encoded pair by pair run several times slower. Their middle-layer
        # token states are what the checks read (the forward pass stops there).
        variants = list(dict.fromkeys(t for context in contexts for item in selected
                                      for t in item.texts_to_encode(context) if t.strip()))
        if variants:
            encoder.token_states(variants, layer=DEFAULT_LAYER, batch_size=batch_size)
        for context, (src_raw, tgt_raw) in zip(contexts, raw):
            report = _run_checks(context, selected, calibrated)
            yield replace(report, source=src_raw, target=tgt_raw)


# A "segment" longer than this (sentences or words, either side) is checked like a story: its
# sentences are aligned first. Segment-level test sets hold one to three sentences.
LONG_SEGMENT_SENTENCES = 5
LONG_SEGMENT_WORDS = 250


def _is_long(doc: Document) -> bool:
    return len(doc.segments) > LONG_SEGMENT_SENTENCES or len(_span_text(doc).split()) > LONG_SEGMENT_WORDS


def _span_text(doc: Document) -> str:
    return doc.text[doc.segments[0].start : doc.segments[-1].end] if doc.segments else ""
