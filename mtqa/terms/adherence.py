"""Glossary adherence: does the translation use the approved rendering of each glossary term?

Scored the way the WMT terminology shared tasks do: for every glossary term found in a source
segment, count its occurrences there and the occurrences of an accepted rendering (the target or a
variant) in the translated segment; a segment contributes ``min(source, target)`` hits. The
**term success rate** counts renderings lemma by lemma, so inflected forms count ("Übungen" for
"Übung", "εκλογών" for "εκλογές"); **exact-match accuracy** counts only the accepted strings
themselves (case-insensitive, whole words), WMT 2021's exact-match term accuracy. A rendering the
glossary forbids is a violation even where an accepted one also occurs.

Matching is lexical and needs no model. With a story alignment the units are the sentence links
and a violation points at the words the term is aligned to; without one the units are the given
segment pairs (WMT test sets are line-aligned).

>>> from mtqa.data import Glossary, TermEntry
>>> g = Glossary("de", "en", (TermEntry("Übung", "exercise", forbidden=("drill",)),))
>>> report = score_adherence([("Die Übungen dauern an.", "The drills continue.")], g)
>>> report.term_success_rate, [f.severity for f in report.findings]
(0.0, ['major'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mtqa.align.tokenize import word_spans
from mtqa.data import Finding, Glossary, Signature, Span, TermEntry
from mtqa.errors import InputError
from mtqa.terms.lexical import lemma_key

if TYPE_CHECKING:
    from mtqa.align.story import StoryAlignment
    from mtqa.align.word import WordAlignmentResult
    from mtqa.data import Document


@dataclass(frozen=True)
class Unit:
    """A segment pair to match terms in: texts, their offsets in the stories, optional word links."""

    source: str
    target: str
    source_start: int = 0
    target_start: int = 0
    words: WordAlignmentResult | None = None
    document_id: str | None = None


@lru_cache(maxsize=100_000)
def _term_words(term: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A glossary term's lowercased words and their lemmas, worked out once per term rather than
    once per segment it is looked for in."""
    words = [term[s:e] for s, e in word_spans(term)]
    return tuple(w.lower() for w in words), lemma_key(words, language)


class _Tokens:
    """A text's tokens with lowercased surface forms and lemmas, for n-gram matching. Tokens of
    space-less scripts are characters, so terms match there character by character."""

    def __init__(self, text: str, language: str, spans: Sequence[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.spans = list(spans) if spans is not None else word_spans(text)
        words = [text[s:e] for s, e in self.spans]
        self.surface = [w.lower() for w in words]
        self.lemmas = list(lemma_key(words, language))

    def find(self, term: str, language: str, *, exact: bool) -> list[tuple[int, int]]:
        """Token ranges ``[i, j)`` where ``term`` occurs (by lemma, or by surface when ``exact``)."""
        surface, lemmas = _term_words(term, language)
        if not surface:
            return []
        needle = list(surface if exact else lemmas)
        hay = self.surface if exact else self.lemmas
        n = len(needle)
        out = []
        i = 0
        while i + n <= len(hay):
            if hay[i:i + n] == needle or (not exact and self.surface[i:i + n] == list(surface)):
                out.append((i, i + n))
                i += n
            else:
                i += 1
        return out

    def span(self, rng: tuple[int, int]) -> tuple[int, int]:
        return self.spans[rng[0]][0], self.spans[rng[1] - 1][1]


@dataclass(frozen=True)
class TermMatch:
    """One source occurrence of a glossary term and what the translation did with it.

    ``status``: ``hit`` (an accepted rendering is there), ``forbidden`` (a forbidden rendering is
    used) or ``missing`` (neither). ``exact``: the accepted rendering occurs verbatim.
    """

    entry: TermEntry
    source_span: Span
    target_span: Span | None
    status: str
    exact: bool
    rendering: str = ""
    document_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.entry.source, "target": self.entry.target, "status": self.status,
                "exact": self.exact, "rendering": self.rendering, "document_id": self.document_id,
                "source_span": [self.source_span.start, self.source_span.end],
                "target_span": [self.target_span.start, self.target_span.end] if self.target_span else None}


@dataclass(frozen=True)
class AdherenceReport:
    """Term matches, the WMT-style rates and the violations as findings."""

    matches: tuple[TermMatch, ...]
    term_success_rate: float | None
    exact_match_accuracy: float | None
    findings: tuple[Finding, ...]
    signature: Signature

    def to_dict(self) -> dict[str, Any]:
        counts = {s: sum(m.status == s for m in self.matches) for s in ("hit", "missing", "forbidden")}
        return {"term_success_rate": self.term_success_rate, "exact_match_accuracy": self.exact_match_accuracy,
                "occurrences": len(self.matches), **counts,
                "matches": [m.to_dict() for m in self.matches],
                "findings": [f.to_dict() for f in self.findings], "signature": self.signature.format()}


def _aligned_range(words: WordAlignmentResult, rng: tuple[int, int]) -> tuple[int, int] | None:
    linked = sorted({ln.target for ln in words.links if rng[0] <= ln.source < rng[1]})
    return (linked[0], linked[-1] + 1) if linked else None


def _overlaps(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]


def _match_unit(unit: Unit, entries: Sequence[TermEntry], src_lang: str, tgt_lang: str) -> list[TermMatch]:
    src = _Tokens(unit.source, src_lang, unit.words.source_spans if unit.words else None)
    tgt: _Tokens | None = None  # tokenized only when some glossary term occurs in the source
    out: list[TermMatch] = []
    for entry in entries:
        occurrences = src.find(entry.source, src_lang, exact=False)
        if not occurrences:
            continue
        if tgt is None:
            tgt = _Tokens(unit.target, tgt_lang, unit.words.target_spans if unit.words else None)
        accepted = sorted({r for term in entry.accepted for r in tgt.find(term, tgt_lang, exact=False)})
        exact = {r for term in entry.accepted for r in tgt.find(term, tgt_lang, exact=True)}
        forbidden = sorted({r for term in entry.forbidden for r in tgt.find(term, tgt_lang, exact=False)})
        free_accepted, free_forbidden = list(accepted), list(forbidden)
        for occ in occurrences:
            aligned = _aligned_range(unit.words, occ) if unit.words else None
            # Prefer the rendering the word alignment points at; otherwise take them in order.
            pick = next((r for r in free_forbidden if _overlaps(r, aligned)), None)
            status = "forbidden" if pick else "hit"
            if pick is None:
                pick = next((r for r in free_accepted if _overlaps(r, aligned)), None) or (
                    free_accepted[0] if free_accepted else None)
                status = "hit" if pick else "missing"
            if pick is None and free_forbidden:
                pick, status = free_forbidden[0], "forbidden"
            for pool in (free_accepted, free_forbidden):
                if pick in pool:
                    pool.remove(pick)
            target = pick or aligned
            s0, s1 = src.span(occ)
            t = tgt.span(target) if target else None
            out.append(TermMatch(
                entry=entry,
                source_span=Span("source", unit.source_start + s0, unit.source_start + s1),
                target_span=Span("target", unit.target_start + t[0], unit.target_start + t[1]) if t else None,
                status=status,
                exact=status == "hit" and pick in exact,
                rendering=unit.target[t[0]:t[1]] if t else "",
                document_id=unit.document_id,
            ))
    # A shorter term inside a longer matched one ("power" in "balance of power", both entries)
    # is the longer term's: drop source occurrences nested in another's span.
    out.sort(key=lambda m: m.source_span.start)
    return [m for m in out if not any(
        o.source_span.start <= m.source_span.start and m.source_span.end <= o.source_span.end
        and o.source_span != m.source_span for o in out)]


def _finding(match: TermMatch) -> Finding | None:
    entry = match.entry
    if match.status == "hit":
        return None
    if match.status == "forbidden":
        message = f"{entry.source!r} rendered {match.rendering!r}, which the glossary forbids; use {entry.target!r}"
        severity, confidence = "major", 0.9
    else:
        where = f" (here {match.rendering!r})" if match.rendering else ""
        message = f"{entry.source!r} is not rendered as the glossary says ({entry.target!r}){where}"
        # An approved entry breached is a real terminology error; a trained candidate is a hint.
        severity, confidence = ("major", 0.6) if entry.status == "approved" else ("minor", 0.4)
    return Finding(category="terminology", severity=severity, confidence=confidence,
                   source_span=match.source_span, target_span=match.target_span, message=message,
                   check="glossary", evidence={"glossary": entry.to_dict()}, document_id=match.document_id)


def units_from_alignment(source: Document, target: Document, alignment: StoryAlignment) -> list[Unit]:
    """One unit per sentence link with a source side (a dropped sentence's terms are missing)."""
    out = []
    for link, words in zip(alignment.sentences.alignments, alignment.words):
        if not link.source:
            continue
        s0, s1 = source.segments[link.source[0]].start, source.segments[link.source[-1]].end
        if link.target:
            t0, t1 = target.segments[link.target[0]].start, target.segments[link.target[-1]].end
        else:
            t0 = t1 = 0
        out.append(Unit(source.text[s0:s1], target.text[t0:t1], s0, t0, words if link.target else None, source.id))
    return out


def score_adherence(
    units: Sequence[Unit | tuple[str, str]],
    glossary: Glossary,
    *,
    source_language: str | None = None,
    target_language: str | None = None,
) -> AdherenceReport:
    """Match ``glossary`` in segment pairs (``(source, target)`` tuples or :class:`Unit`s) and
    score adherence. Rates are None when no glossary term occurs in the sources."""
    src_lang = source_language or glossary.source_language
    tgt_lang = target_language or glossary.target_language
    if not src_lang or not tgt_lang:
        raise InputError("the glossary has no languages; give source_language and target_language")
    entries = sorted(glossary.entries, key=lambda e: -len(e.source))  # longer terms first
    matches: list[TermMatch] = []
    for unit in units:
        if not isinstance(unit, Unit):
            unit = Unit(*unit)
        matches.extend(_match_unit(unit, entries, src_lang, tgt_lang))
    total = len(matches)
    tsr = sum(m.status == "hit" for m in matches) / total if total else None
    exact = sum(m.exact for m in matches) / total if total else None
    findings = tuple(f for f in map(_finding, matches) if f is not None)
    signature = Signature({"task": "terms-score", "src": src_lang, "tgt": tgt_lang, "glossary": f"{len(glossary)} terms",
                           "match": "lemma+exact"})
    return AdherenceReport(tuple(matches), tsr, exact, findings, signature)
