"""Broken sentence boundaries: a source sentence broken in two by the translation.

The sentence aligner links one source sentence to the two target pieces (a 1-2 link). Splitting a
long sentence is a legitimate choice for a translator, so the split alone is weak evidence; what
makes it an error is how the second piece starts and where it cuts the source:
- it starts in lowercase (in a script with case): "…said. defense of South Korea.";
- it starts with a word that cannot open an independent English sentence ("When a branch fell…",
  "To the drought…");
- the word alignment puts the cut between two source words with no punctuation between them
  ("Γενικό Επιτελείο | Εθνικής Άμυνας"), i.e. in the middle of a phrase;
- the piece is very short.
"""

from __future__ import annotations

import numpy as np
import regex

from mtqa.checks.base import Check, CheckContext, LinkView, register
from mtqa.checks.lexicon import EN_FRAGMENT_STARTERS
from mtqa.data import Finding, Span
from mtqa.lang import base_language

_FIRST_WORD = regex.compile(r"[\p{L}\p{M}']+")
_SOURCE_BREAK = regex.compile(r"[.!?;:。！？；…]")
_SOURCE_PAUSE = regex.compile(r"[,，、—–()\[\]«»\"“”]")
REPORT_AT = 0.5
# How much closer (cosine, encoder layer 7) a sentence-final target word must be to the next
# sentence's first source words than to its own sentence's words to count as pushed across.
SHIFT_MARGIN = 0.1


@register
class BoundaryCheck(Check):
    name = "boundary"
    description = ("Sentences broken in translation: a source sentence split into pieces where the cut falls "
                   "mid-phrase or leaves a fragment (lowercase start, a subordinate clause or prepositional "
                   "phrase standing alone).")
    categories = ("boundary",)

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        views = list(context.paired_links())
        for view in views:
            link = view.alignment
            segments = [context.target.segments[j] for j in link.target]
            if len(link.target) > len(link.source):
                for left, right in zip(segments, segments[1:]):
                    finding = self._judge_cut(view, context, left.end - view.target_start,
                                              right.start - view.target_start, right.end - view.target_start)
                    if finding is not None:
                        findings.append(finding)
            elif link.target[0] > 0:
                # A 1-1 link whose target sentence is itself a fragment: the cut is before it.
                previous = context.target.segments[link.target[0] - 1]
                finding = self._judge_fragment(view, context, previous.end, previous.start)
                if finding is not None:
                    findings.append(finding)
        findings.extend(self._shifted_boundaries(views, context))
        return findings

    def _judge_fragment(self, view: LinkView, context: CheckContext, cut: int, previous_start: int) -> Finding | None:
        """A standalone target sentence that cannot stand alone ("Since October 2021.")."""
        piece = view.target_text
        evidence: dict[str, object] = {}
        score = self._fragment_score(piece, context, evidence)
        if score < REPORT_AT:
            return None
        before = context.target.text.rfind(" ", previous_start, max(previous_start, cut - 1))
        start = before + 1 if before >= 0 else previous_start
        return self.finding(
            category="boundary", severity="major" if score >= 0.7 else "minor", confidence=round(min(0.9, score), 3),
            source_span=view.source_span(), target_span=Span("target", start, view.target_end),
            message=f"sentence fragment standing alone: {context.target.text[start:view.target_end]!r}",
            evidence=evidence,
        )

    @staticmethod
    def _fragment_score(piece: str, context: CheckContext, evidence: dict[str, object]) -> float:
        score = 0.0
        first = _FIRST_WORD.search(piece)
        short = len(piece.split()) <= 4
        if first and first.group()[0].islower():
            score += 0.45
            evidence["lowercase_start"] = first.group()
        starter = first and base_language(context.target_language) == "en" and first.group().lower() in EN_FRAGMENT_STARTERS
        if starter:
            score += 0.3
            evidence["fragment_start"] = first.group()  # type: ignore[union-attr]
        if short:
            score += 0.15
            evidence["short_piece"] = True
        if starter and short:
            score += 0.1  # a few words opened by a preposition or conjunction: not a sentence
        return score

    def _shifted_boundaries(self, views: list[LinkView], context: CheckContext) -> list[Finding]:
        """A word pushed across a sentence boundary: the last target word of one link is unaligned
        there but matches the first source words of the next link ("…per hectare experts. Attribute…")."""
        encoder = context.encoder
        if encoder is None:
            return []
        out = []
        for view, nxt in zip(views, views[1:]):
            if view.words is None or nxt.words is None or not view.words.target_spans or not nxt.words.source_spans:
                continue
            last = max((k for k, (s, e) in enumerate(view.words.target_spans)
                        if view.target_text[s:e].isalpha()), default=None)
            if last is None or any(ln.target == last for ln in view.words.links):
                continue
            here = encoder.word_vectors(view.target_text, [view.words.target_spans[last]], layer=7)[0]
            own = encoder.word_vectors(view.source_text, list(view.words.source_spans), layer=7)
            # The pushed word's counterpart opens the next source sentence and is left without a
            # partner in the next target sentence.
            aligned_next = {ln.source for ln in nxt.words.links}
            head = [sp for k, sp in enumerate(nxt.words.source_spans[:3])
                    if nxt.source_text[sp[0]:sp[1]].isalpha() and k not in aligned_next]
            if not head:
                continue
            ahead = encoder.word_vectors(nxt.source_text, head, layer=7)

            def best(matrix: np.ndarray) -> float:
                return float((matrix @ here / np.maximum(np.linalg.norm(matrix, axis=1) * np.linalg.norm(here), 1e-12)).max())

            gain = best(ahead) - best(own)
            if gain > SHIFT_MARGIN:
                s, e = view.words.target_spans[last]
                out.append(self.finding(
                    category="boundary", severity="major", confidence=round(min(0.9, 0.5 + 2 * gain), 3),
                    source_span=nxt.source_span(head[0][0], head[-1][1]),
                    target_span=Span("target", view.target_start + s, nxt.target_start + min(len(nxt.target_text), 40)),
                    message=(f"{view.target_text[s:e]!r} ends a sentence but translates the start of the next one: "
                             f"the sentence boundary moved"),
                    evidence={"gain": round(gain, 4)},
                ))
        return out

    def _judge_cut(self, view: LinkView, context: CheckContext, cut: int, piece_start: int, piece_end: int) -> Finding | None:
        piece = view.target_text[piece_start:piece_end]
        evidence: dict[str, object] = {}
        score = 0.2  # a 1-n link alone: the translation split one source sentence
        first = _FIRST_WORD.search(piece)
        if first and first.group()[0].islower():
            score += 0.45
            evidence["lowercase_start"] = first.group()
        if first and base_language(context.target_language) == "en" and first.group().lower() in EN_FRAGMENT_STARTERS:
            score += 0.3
            evidence["fragment_start"] = first.group()
        if len(piece.split()) <= 4:
            score += 0.15
            evidence["short_piece"] = True
        source_gap = self._source_gap(view, cut, piece_start)
        if source_gap is not None:
            evidence["source_between"] = source_gap
            if _SOURCE_BREAK.search(source_gap):
                score -= 0.3  # the source has a sentence-like break there: a legitimate split
            elif not _SOURCE_PAUSE.search(source_gap):
                score += 0.3
                evidence["cut_mid_phrase"] = True
        if score < REPORT_AT:
            return None
        # Highlight from the last word before the cut through the stranded piece.
        before = view.target_text.rfind(" ", 0, max(0, cut - 1))
        start = before + 1 if before >= 0 else 0
        return self.finding(
            category="boundary",
            severity="major" if score >= 0.7 else "minor",
            confidence=round(min(0.95, score), 3),
            source_span=view.source_span(),
            target_span=view.target_span(start, piece_end),
            message=f"sentence broken in translation: {view.target_text[start:piece_end]!r}",
            evidence=evidence,
        )

    @staticmethod
    def _source_gap(view: LinkView, cut: int, piece_start: int) -> str | None:
        """Source text between the words aligned to the last word before the cut and the first after."""
        words = view.words
        if words is None:
            return None
        before = [k for k, (s, e) in enumerate(words.target_spans) if e <= cut and any(ch.isalnum() for ch in view.target_text[s:e])]
        after = [k for k, (s, e) in enumerate(words.target_spans) if s >= piece_start and any(ch.isalnum() for ch in view.target_text[s:e])]
        if not before or not after:
            return None
        left = [ln.source for ln in words.links if ln.target == before[-1]]
        right = [ln.source for ln in words.links if ln.target == after[0]]
        if not left or not right:
            return None
        a, b = max(left), min(right)
        if b <= a:
            return None  # crossing links: the translation reordered here, no clean gap to read
        return view.source_text[words.source_spans[a][1]:words.source_spans[b][0]]
