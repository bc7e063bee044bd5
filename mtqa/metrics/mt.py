"""MT scores: sacrebleu's metrics, tokenizers, signatures and significance tests, plus mtqa's adequacy.

:func:`score_mt` scores one or more systems against one or more reference streams: corpus scores
(BLEU, chrF, TER through sacrebleu's own classes; ``adequacy``, mtqa's calibrated source/translation
probability, when sources are given), optionally segment and per-document scores, and a paired
bootstrap or approximate-randomization test run by ``sacrebleu.significance.PairedTest``.

Hypotheses segmented differently from the reference (news translations merge and split sentences)
are aligned to it first with mtqa's sentence aligner (``align=True``): each many-to-many link becomes
one unit (its lines joined by a space); a link with an empty side is a unit with an empty hypothesis
(an omission) or an empty reference (an addition).

>>> result = score_mt({"sys": ["The cat sat on the mat."]}, [["The cat sat on the mat."]], ["bleu", "chrf"])
>>> round(result["systems"]["sys"]["bleu"]["score"], 1)
100.0
>>> links = [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]
>>> units = aligned_units(links, ["Troops crossed", "the border", "at dawn."], [["A", "B", "C"]])
>>> units.hypotheses, units.references
(['Troops crossed', 'the border at dawn.', ''], [['A', 'B', 'C']])
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtqa.data import Signature
from mtqa.errors import ConfigError, InputError, UsageError

if TYPE_CHECKING:
    from mtqa.encoders import Encoder

log = logging.getLogger("mtqa.metrics")

SACREBLEU_METRICS = ("bleu", "chrf", "ter")
MT_METRICS = (*SACREBLEU_METRICS, "adequacy")
# sacrebleu's paired tests: bootstrap resampling and approximate randomization.
PAIRED_TESTS = ("bs", "ar")
# (hypothesis line indices, reference line indices); either side may be empty.
Link = tuple[tuple[int, ...], tuple[int, ...]]


def _metric(name: str, target_language: str | None) -> Any:
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        # sacrebleu picks the right tokenizer for zh/ja/ko when told the target language.
        return BLEU(trg_lang=target_language or "")
    if name == "chrf":
        return CHRF()
    if name == "ter":
        return TER()
    raise ConfigError(f"unknown metric {name!r}; expected some of {', '.join(MT_METRICS)}")


def _sentence_metric(name: str, target_language: str | None) -> Any:
    if name == "bleu":
        from sacrebleu.metrics import BLEU

        # effective order: sentence BLEU without it is zero whenever a 4-gram is missing.
        return BLEU(trg_lang=target_language or "", effective_order=True)
    return _metric(name, target_language)


@dataclass(frozen=True)
class Units:
    """What one system is scored on: hypothesis units, the reference units (one list per reference
    stream) and source units they pair with, each unit's document, and the alignment links that
    built them (``None`` when the hypothesis was line-aligned with the reference)."""

    hypotheses: list[str]
    references: list[list[str]]
    sources: list[str] | None = None
    documents: list[str] | None = None
    links: list[Link] | None = None


def _joined(lines: Sequence[str], indices: Sequence[int]) -> str:
    return " ".join(lines[i].strip() for i in indices)


def _non_blank(lines: Sequence[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def align_to_reference(
    hypothesis: Sequence[str],
    reference: Sequence[str],
    encoder: Encoder | str = "e5-small",
    *,
    language: str = "und",
    batch_size: int = 64,
) -> list[Link]:
    """Many-to-many links between hypothesis lines and reference lines, in reference order.

    Both sides are in the same language; the sentence aligner works monolingually as well. Indices
    are positions in the given lists; blank lines are left out of the alignment (they belong to no
    link). Moved sentences are 1-1 links placed where their reference line stands; unaligned lines
    between the same two links are joined (:func:`merge_gaps`).
    """
    from mtqa.align.sentence import align_sentences
    from mtqa.sentences import segment_document

    hyp_lines, ref_lines = _non_blank(hypothesis), _non_blank(reference)
    # One line per segment: newlines inside a JSONL text would otherwise split it in two.
    hyp_doc = segment_document("hypothesis", language, "\n".join(" ".join(hypothesis[i].split()) for i in hyp_lines),
                               presplit=True)
    ref_doc = segment_document("reference", language, "\n".join(" ".join(reference[i].split()) for i in ref_lines),
                               presplit=True)
    result = align_sentences(hyp_doc, ref_doc, encoder, batch_size=batch_size)
    return merge_gaps([(tuple(hyp_lines[i] for i in a.source), tuple(ref_lines[j] for j in a.target))
                       for a in result.alignments])


def merge_gaps(links: Sequence[Link]) -> list[Link]:
    """Join each run of consecutive one-sided links that has both hypothesis and reference lines
    into one link: a rewritten passage (or a sentence split so that no piece matched on its own) is
    then scored as one unit instead of as additions plus omissions. A run with one side only stays
    as it is, so a real omission still scores as an empty hypothesis.

    >>> merge_gaps([((0,), (0,)), ((1,), ()), ((2,), ()), ((), (1,)), ((3,), (2,)), ((), (3,))])
    [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((), (3,))]
    """
    out: list[Link] = []
    run: list[Link] = []
    for link in [*links, ((-1,), (-1,))]:  # a two-sided sentinel flushes the last run
        if link[0] and link[1]:
            hyp = tuple(sorted(i for h, _ in run for i in h))
            ref = tuple(sorted(j for _, r in run for j in r))
            out.extend([(hyp, ref)] if hyp and ref else run)
            run = []
            out.append(link)
        else:
            run.append(link)
    return out[:-1]


def aligned_units(
    links: Sequence[Link],
    hypothesis: Sequence[str],
    references: Sequence[Sequence[str]],
    sources: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
) -> Units:
    """One unit per link: its hypothesis lines and reference lines (and the source lines parallel to
    those reference lines) joined by a space. ``documents`` names a document per reference line; a
    unit without reference lines belongs to the document of the unit before it (else after it)."""
    unit_docs: list[str] | None = None
    if documents is not None:
        known = [documents[ref[0]] if ref else None for _, ref in links]
        unit_docs = []
        for k, doc in enumerate(known):
            if doc is None:
                doc = unit_docs[-1] if unit_docs else next((d for d in known[k:] if d is not None), "")
            unit_docs.append(doc)
    return Units(
        hypotheses=[_joined(hypothesis, hyp) for hyp, _ in links],
        references=[[_joined(stream, ref) for _, ref in links] for stream in references],
        sources=None if sources is None else [_joined(sources, ref) for _, ref in links],
        documents=unit_docs,
        links=list(links),
    )


def common_blocks(links_by_system: Sequence[Sequence[Link]]) -> list[tuple[int, ...]]:
    """Reference lines grouped so that no system's link spans two groups: the units every system
    can be scored on, as paired tests need.

    >>> common_blocks([[((0,), (0,)), ((1,), (1, 2))], [((0, 1), (0, 1)), ((2,), (2,))]])
    [(0, 1, 2)]
    >>> common_blocks([[((0,), (0,)), ((1,), (1,))], [((0,), (0,)), ((), (1,))]])
    [(0,), (1,)]
    """
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for links in links_by_system:
        for _, ref in links:
            for j in ref:
                parent.setdefault(j, j)
            for j in ref[1:]:
                parent[root(j)] = root(ref[0])
    groups: dict[int, list[int]] = {}
    for j in sorted(parent):
        groups.setdefault(root(j), []).append(j)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[0])


def block_hypotheses(links: Sequence[Link], hypothesis: Sequence[str], blocks: Sequence[tuple[int, ...]]) -> list[str]:
    """The hypothesis text of one system for each block of :func:`common_blocks`: the hypothesis lines
    of its links in that block, in link order; lines aligned to no reference line (additions) go with
    the block of the link before them (else after them)."""
    block_of = {j: b for b, block in enumerate(blocks) for j in block}
    targets = [block_of[ref[0]] if ref else None for _, ref in links]
    pieces: list[list[int]] = [[] for _ in blocks]
    for k, (hyp, _) in enumerate(links):
        b = targets[k]
        if b is None:
            before = [t for t in targets[:k] if t is not None]
            after = [t for t in targets[k:] if t is not None]
            b = before[-1] if before else after[0] if after else None
        if b is not None:
            pieces[b].extend(hyp)
    return [_joined(hypothesis, p) for p in pieces]


def _adequacy(encoder: Encoder, sources: Sequence[str], hypotheses: Sequence[str], batch_size: int) -> list[float | None]:
    """Adequacy per unit: the model's probability where both sides have text, 0.0 where only one
    side has (an omission or an addition), None where neither has, and None everywhere when fewer
    than 4 units have text on both sides (the calibration needs them)."""
    from mtqa.metrics.adequacy import MIN_PAIRS, adequacy_scores

    full = [k for k, (s, h) in enumerate(zip(sources, hypotheses)) if s.strip() and h.strip()]
    if len(full) < MIN_PAIRS:
        return [None] * len(sources)
    scores: list[float | None] = [0.0 if s.strip() or h.strip() else None for s, h in zip(sources, hypotheses)]
    for k, p in zip(full, adequacy_scores(encoder, [sources[k] for k in full], [hypotheses[k] for k in full],
                                          batch_size)):
        scores[k] = p
    return scores


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _score_units(
    units: Units,
    metrics: Sequence[str],
    *,
    target_language: str | None,
    segment_scores: bool,
    encoder: Encoder | None,
    batch_size: int,
    signatures: dict[str, str],
) -> dict[str, Any]:
    """A system's scores on its units; fills ``signatures`` with sacrebleu's (known once a metric has run)."""
    system: dict[str, Any] = {}
    segments: dict[str, list[float | None]] = {}
    for name in metrics:
        if name == "adequacy":
            if encoder is None or units.sources is None:
                raise UsageError("the adequacy score needs the sources and an encoder")
            segments[name] = _adequacy(encoder, units.sources, units.hypotheses, batch_size)
            system[name] = {"score": _mean(segments[name])}
            continue
        metric = _metric(name, target_language)
        score = metric.corpus_score(units.hypotheses, units.references)
        system[name] = {"score": float(score.score), "text": str(score)}
        signatures[name] = str(metric.get_signature())
        if segment_scores:
            sentence = _sentence_metric(name, target_language)
            segments[name] = [float(sentence.sentence_score(h, [r[k] for r in units.references]).score)
                              for k, h in enumerate(units.hypotheses)]
    if segment_scores:
        for name in metrics:
            system[name]["segments"] = segments[name]
    if units.documents is not None:
        system["documents"] = _document_scores(units, units.documents, metrics, segments.get("adequacy"),
                                               target_language)
    if units.links is not None:
        system["alignment"] = {
            "units": len(units.links),
            "links": [f"{list(h)}:{list(r)}" for h, r in units.links],
        }
    return system


def _document_scores(
    units: Units,
    documents: Sequence[str],
    metrics: Sequence[str],
    adequacy: list[float | None] | None,
    target_language: str | None,
) -> dict[str, dict[str, float | None]]:
    """Corpus scores over each document's units (adequacy: the mean of its units' scores)."""
    members: dict[str, list[int]] = {}
    for k, doc in enumerate(documents):
        members.setdefault(doc, []).append(k)
    out: dict[str, dict[str, float | None]] = {}
    for doc, idx in members.items():
        scores: dict[str, float | None] = {}
        for name in metrics:
            if name == "adequacy":
                scores[name] = _mean([adequacy[k] for k in idx]) if adequacy else None
            else:
                score = _metric(name, target_language).corpus_score(
                    [units.hypotheses[k] for k in idx], [[r[k] for k in idx] for r in units.references])
                scores[name] = float(score.score)
        out[doc] = scores
    return out


def paired_test(
    hypotheses: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = SACREBLEU_METRICS,
    *,
    test: str = "bs",
    samples: int = 0,
    target_language: str | None = None,
) -> dict[str, Any]:
    """sacrebleu's paired significance test of every system against the first one (the baseline).

    ``test`` is ``bs`` (paired bootstrap resampling, 1000 samples by default) or ``ar`` (approximate
    randomization, 10000 trials by default). sacrebleu seeds its generator from ``SACREBLEU_SEED``
    (default 12345), so results repeat; the seed is in its signatures. Returns per system and metric
    the score, the p-value (None for the baseline) and, for ``bs``, the bootstrap mean and the half
    width of the 95% confidence interval.
    """
    from sacrebleu.significance import PairedTest

    names = _check_test(test, len(hypotheses), metrics)
    ps = PairedTest(
        [(name, list(segs)) for name, segs in hypotheses.items()],
        {name: _metric(name, target_language) for name in names},
        [list(r) for r in references],
        test_type=test,
        n_samples=samples,
    )
    signatures, table = ps()
    # PairedTest keys its columns by sacrebleu's display names (BLEU, chrF2, TER), in metric order.
    columns = [c for c in table if c != "System"]
    systems: dict[str, dict[str, Any]] = {name: {} for name in table["System"]}
    for metric, column in zip(names, columns):
        for system, result in zip(table["System"], table[column]):
            systems[system][metric] = {
                "score": float(result.score),
                "p_value": None if result.p_value is None else float(result.p_value),
                "mean": None if result.mean is None else float(result.mean),
                "ci": None if result.ci is None else float(result.ci),
            }
    return {
        "test": test,
        "samples": ps.n_samples,
        "baseline": next(iter(hypotheses)),
        "signatures": {metric: str(signatures[column]) for metric, column in zip(names, columns)},
        "systems": systems,
    }


def _check_test(test: str, systems: int, metrics: Sequence[str]) -> list[str]:
    """The metrics a paired test covers (sacrebleu's), after checking the test can run."""
    if test not in PAIRED_TESTS:
        raise ConfigError(f"unknown paired test {test!r}; expected one of {', '.join(PAIRED_TESTS)}")
    if systems < 2:
        raise UsageError("a paired test needs at least two systems (the first is the baseline)")
    names = [m for m in metrics if m in SACREBLEU_METRICS]
    if not names:
        raise UsageError(f"paired tests cover {', '.join(SACREBLEU_METRICS)}; none of them was asked for")
    return names


def _check_lengths(what: str, lengths: Mapping[str, int], hint: str | None = None) -> None:
    if len(set(lengths.values())) > 1:
        raise InputError(f"{what} differ in number of segments: " + ", ".join(f"{n}={k}" for n, k in lengths.items()),
                         hint=hint)


def score_mt(
    hypotheses: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = SACREBLEU_METRICS,
    *,
    sources: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    align: bool = False,
    encoder: Encoder | str = "e5-small",
    significance: str | None = None,
    samples: int = 0,
    target_language: str | None = None,
    segment_scores: bool = False,
    batch_size: int = 64,
) -> dict[str, Any]:
    """Score one or more systems against one or more reference streams.

    ``hypotheses`` maps a system name to its segments; ``references`` is a list of reference
    streams of equal length. ``sources`` (parallel to the references) enables ``adequacy``;
    ``documents`` names a document per reference segment and adds per-document scores. Without
    ``align`` every system must have as many segments as the references; with it each system is
    aligned to the first reference stream (other streams and the sources follow its lines).
    ``encoder`` (a name or an Encoder) is loaded only for ``align`` or ``adequacy``.

    ``adequacy`` per segment is :func:`mtqa.metrics.adequacy.adequacy_scores` where both sides have
    text, 0.0 where one side is empty; the system score is their mean. It needs at least 4 segments
    with text on both sides: with fewer, every adequacy score is ``None``.

    ``significance`` (``bs`` or ``ar``) runs :func:`paired_test` against the first system, for the
    sacrebleu metrics (adequacy is not tested). After alignment the systems are segmented
    differently, so the test runs on :func:`common_blocks` (reference lines any system joins are
    joined for all); its scores can then differ slightly from the systems' own corpus scores.

    Returns ``{"systems": {name: {metric: {"score", "text"?, "segments"?}, "documents"?,
    "alignment"?}}, "signatures": {metric: ...}, "significance"?: ..., "signature": ...}``.
    """
    metrics = list(dict.fromkeys(metrics))
    if not metrics:
        raise UsageError("no metric given")
    for name in metrics:
        if name != "adequacy":
            _metric(name, target_language)  # unknown names fail before any work
    if significance:
        _check_test(significance, len(hypotheses), metrics)
    if not hypotheses:
        raise InputError("no hypothesis given")
    if not references:
        raise InputError("no reference given")
    if "adequacy" in metrics and sources is None:
        raise UsageError("the adequacy score needs the sources")
    n_ref = len(references[0])
    _check_lengths("references", {f"reference {i + 1}": len(r) for i, r in enumerate(references)})
    for what, given in (("sources", sources), ("documents", documents)):
        if given is not None:
            _check_lengths(f"{what} and references", {what: len(given), "references": n_ref})
    if not align:
        _check_lengths("hypotheses and references", {**{n: len(s) for n, s in hypotheses.items()}, "references": n_ref},
                       hint="to score hypotheses segmented differently, align them to the reference first "
                            "(align=True; mtqa eval mt --align)")
    enc: Encoder | None = None
    if align or "adequacy" in metrics:
        from mtqa.encoders import get_encoder

        enc = get_encoder(encoder) if isinstance(encoder, str) else encoder
    units: dict[str, Units] = {}
    for name, segments in hypotheses.items():
        if align and enc is not None:
            log.info("aligning %s to the reference with %s", name, enc.signature)
            links = align_to_reference(segments, references[0], enc, language=target_language or "und",
                                       batch_size=batch_size)
            units[name] = aligned_units(links, segments, references, sources, documents)
        else:
            units[name] = Units(list(segments), [list(r) for r in references],
                                None if sources is None else list(sources), None if documents is None else list(documents))
    signatures: dict[str, str] = {}
    if enc is not None and "adequacy" in metrics:
        signatures["adequacy"] = Signature({"task": "adequacy", "model": enc.signature,
                                            "calibration": "shifted-pairs"}).format()
    systems = {name: _score_units(unit, metrics, target_language=target_language, segment_scores=segment_scores,
                                  encoder=enc, batch_size=batch_size, signatures=signatures)
               for name, unit in units.items()}
    out: dict[str, Any] = {"systems": systems, "signatures": {m: signatures[m] for m in metrics}}
    settings: dict[str, Any] = {"task": "eval-mt", "metrics": ",".join(metrics), "nrefs": len(references)}
    if align and enc is not None:
        settings["align"] = enc.signature
    if documents is not None:
        settings["docs"] = len(set(documents))
    if significance:
        if align:
            blocks = common_blocks([u.links or [] for u in units.values()])
            tested = {n: block_hypotheses(units[n].links or [], hypotheses[n], blocks) for n in hypotheses}
            tested_refs = [[_joined(r, b) for b in blocks] for r in references]
        else:
            tested, tested_refs = dict(hypotheses), list(references)
        out["significance"] = paired_test(tested, tested_refs, metrics, test=significance, samples=samples,
                                          target_language=target_language)
        settings["test"] = f"{significance}:{out['significance']['samples']}"
    out["signature"] = Signature(settings).format()
    return out
