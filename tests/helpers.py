"""Test helpers shared across test modules (tests/conftest.py puts this folder on sys.path)."""

from __future__ import annotations

from mtqa.align.sentence import SentenceAlignment
from mtqa.align.story import StoryAlignment
from mtqa.align.tokenize import word_spans
from mtqa.align.word import WordAlignmentResult, WordLink
from mtqa.checks.base import CheckContext
from mtqa.data import Alignment, Signature
from mtqa.sentences import segment_document


def context(src_text, src_lang, tgt_text, tgt_lang, links, word_links=None, glossary=None, presplit=True, encoder=None):
    """A context from explicit sentence links [(src idx, tgt idx)] and word links per sentence link
    given as pairs of words [("γυμνάσια", "exercises"), ...] (first occurrence in the link texts)."""
    src = segment_document("s", src_lang, src_text, presplit=presplit)
    tgt = segment_document("t", tgt_lang, tgt_text, presplit=presplit)
    alignments = tuple(Alignment(s, t, 0.1, 0.99) for s, t in links)
    words, offsets = [], []
    for k, (s, t) in enumerate(links):
        if not s or not t:
            words.append(None)
            offsets.append((0, 0))
            continue
        s0, s1 = src.segments[s[0]].start, src.segments[s[-1]].end
        t0, t1 = tgt.segments[t[0]].start, tgt.segments[t[-1]].end
        stext, ttext = src.text[s0:s1], tgt.text[t0:t1]
        sspans, tspans = word_spans(stext), word_spans(ttext)
        swords = [stext[a:b] for a, b in sspans]
        twords = [ttext[a:b] for a, b in tspans]
        pairs = (word_links or {}).get(k, [])
        wl = tuple(WordLink(swords.index(a), twords.index(b), 0.9, 0.8) for a, b in pairs)
        words.append(WordAlignmentResult(stext, ttext, tuple(sspans), tuple(tspans), wl))
        offsets.append((s0, t0))
    story = StoryAlignment(SentenceAlignment(src, tgt, alignments, Signature()), tuple(words), tuple(offsets))
    return CheckContext(src, tgt, story, glossary=glossary, encoder=encoder)
