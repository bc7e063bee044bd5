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

import regex

from mtqa.checks.base import Check, CheckContext, LinkView, register
from mtqa.checks.lexicon import EN_FRAGMENT_STARTERS
from mtqa.data import Finding
from mtqa.lang import base_language

_FIRST_WORD = regex.compile(r"[\p{L}\p{M}']+")
_SOURCE_BREAK = regex.compile(r"[.!?;:。！？；…]")
_SOURCE_PAUSE = regex.compile(r"[,，、—–()\[\]«»\"“”]")
REPORT_AT = 0.5


@register
class BoundaryCheck(Check):
    name = "boundary"
    description = ("Sentences broken in translation: a source sentence split into pieces where the cut falls "
                   "mid-phrase or leaves a fragment (lowercase start, a subordinate clause or prepositional "
                   "phrase standing alone).")
    categories = ("boundary",)

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        for view in context.paired_links():
            link = view.alignment
            if len(link.target) <= len(link.source):
                continue
            segments = [context.target.segments[j] for j in link.target]
            for left, right in zip(segments, segments[1:]):
                finding = self._judge_cut(view, context, left.end - view.target_start, right.start - view.target_start,
                                          right.end - view.target_start)
                if finding is not None:
                    findings.append(finding)
        return findings

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
