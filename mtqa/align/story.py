"""A story pair aligned at both levels: sentences, then the words inside every sentence link.

This is what the checks need: for each link, which source words went where in the translation,
with character offsets into the raw story texts.

>>> from mtqa.sentences import segment_document
>>> src = segment_document("s", "de", "Das Haus ist rot. Der Hund schläft.")
>>> tgt = segment_document("t", "en", "Das Haus ist rot. Der Hund schläft.")
>>> story = align_story(src, tgt, encoder="hash", layer=1)
>>> [(a.source, a.target) for a in story.sentences.alignments]
[((0,), (0,)), ((1,), (1,))]
>>> [(src, tgt) for src, tgt, _ in story.word_links()][:2]
[((0, 3), (0, 3)), ((4, 8), (4, 8))]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtqa.align.sentence import SentenceAlignerConfig, SentenceAlignment, align_sentences
from mtqa.align.word import DEFAULT_LAYER, DEFAULT_METHOD, WordAligner, WordAlignmentResult
from mtqa.data import Document

if TYPE_CHECKING:
    from mtqa.encoders import Encoder


@dataclass(frozen=True)
class StoryAlignment:
    """Sentence links and, for each link with both sides, its word alignment.

    ``words[k]`` belongs to ``sentences.alignments[k]`` (None for deletions and insertions). Word
    spans inside a :class:`WordAlignmentResult` are relative to the link's text, which starts at
    ``offsets[k]`` = (source start, target start) in the stories.
    """

    sentences: SentenceAlignment
    words: tuple[WordAlignmentResult | None, ...]
    offsets: tuple[tuple[int, int], ...]

    def word_links(self) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
        """Every word link as (source span, target span, probability) in story offsets."""
        out = []
        for result, (src_off, tgt_off) in zip(self.words, self.offsets):
            if result is None:
                continue
            for link in result.links:
                s0, s1 = result.source_spans[link.source]
                t0, t1 = result.target_spans[link.target]
                out.append(((s0 + src_off, s1 + src_off), (t0 + tgt_off, t1 + tgt_off), link.probability))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.sentences.to_dict(),
            "words": [
                None if r is None else {"source_offset": so, "target_offset": to, **r.to_dict()}
                for r, (so, to) in zip(self.words, self.offsets)
            ],
        }


def _link_text(doc: Document, indices: tuple[int, ...]) -> tuple[str, int]:
    # The raw slice from the first to the last sentence, so word offsets map straight back.
    first, last = doc.segments[indices[0]], doc.segments[indices[-1]]
    return doc.text[first.start : last.end], first.start


def _prefetch(
    source: Document,
    target: Document,
    enc: Encoder,
    aligner: WordAligner,
    sentence_config: SentenceAlignerConfig | None,
    batch_size: int,
) -> None:
    """Run every sentence through the encoder once for both levels: its sentence vector (what
    ``align_sentences`` embeds) and its token states at the word layer (what the word aligner
    asks for, since most links are one sentence to one sentence) go into the encoder's caches,
    so the two steps below find them there instead of running layers 1..7 a second time."""
    from mtqa.encoders.base import DEFAULT_PREFIX

    texts = list(dict.fromkeys([*source.sentences, *target.sentences]))
    # Only when everything fits in the token cache (else entries are dropped before use), and
    # only when both steps encode with the same prefix.
    if not texts or len(texts) > enc.token_cache_size or aligner.prefix != DEFAULT_PREFIX:
        return
    config = sentence_config or SentenceAlignerConfig()
    enc.encode(texts, layer=aligner.layer, embed_layer=config.layer, prefix=DEFAULT_PREFIX,
               batch_size=batch_size)


def align_story(
    source: Document,
    target: Document,
    encoder: Encoder | str = "e5-small",
    *,
    sentence_config: SentenceAlignerConfig | None = None,
    layer: int = DEFAULT_LAYER,
    method: str = DEFAULT_METHOD,
    batch_size: int = 64,
) -> StoryAlignment:
    """Align sentences, then the words of every sentence link, in two batched encoder passes."""
    from mtqa.encoders import get_encoder

    enc = get_encoder(encoder) if isinstance(encoder, str) else encoder
    aligner = WordAligner(enc, layer=layer, method=method)
    _prefetch(source, target, enc, aligner, sentence_config, batch_size)
    sentences = align_sentences(source, target, enc, sentence_config, batch_size=batch_size)
    pairs, offsets, where = [], [], []
    for k, link in enumerate(sentences.alignments):
        if link.source and link.target:
            (src_text, src_off), (tgt_text, tgt_off) = _link_text(source, link.source), _link_text(target, link.target)
            pairs.append((src_text, tgt_text))
            offsets.append((src_off, tgt_off))
            where.append(k)
    results = aligner.align_batch(pairs, batch_size=batch_size) if pairs else []
    words: list[WordAlignmentResult | None] = [None] * len(sentences.alignments)
    link_offsets = [(0, 0)] * len(sentences.alignments)
    for k, result, off in zip(where, results, offsets):
        words[k] = result
        link_offsets[k] = off
    return StoryAlignment(sentences, tuple(words), tuple(link_offsets))
