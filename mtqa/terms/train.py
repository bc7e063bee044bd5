"""Glossary training: candidate term pairs from a word-aligned parallel corpus.

The method is standard phrase-table extraction restricted to term-like phrases:

1. Every segment pair is tokenized with :func:`~mtqa.align.tokenize.word_spans` and streamed to
   temporary files; eflomal word-aligns the whole corpus in both directions and the links are
   symmetrized (grow-diag-final-and by default; see :mod:`mtqa.align.statistical`).
2. For every source term n-gram (:func:`~mtqa.terms.lexical.term_ngrams`) whose content words are
   all aligned, the target words they align to give a target span. It is kept when it is
   *consistent* with the alignment (no word inside it aligned outside the source n-gram), once
   function words and unaligned words at its edges are trimmed (:func:`extract_term_pairs`).
3. Pairs are counted once per segment by lemma key (``Dateien`` and ``Datei`` are one term), as
   are the segments holding each source and each target term n-gram (the marginals).
4. Only term-like pairs seen in at least ``min_count`` segments compete: neither side may start
   or end with a function word, negation or other closed-class word (modals, adverbs such as
   "only"/"already", pronouns), repeat a word or be a single letter; a source term that never
   occurs outside a longer candidate is dropped, and so are pairs whose two sides read the same
   (names, acronyms, untranslated placeholders) unless ``keep_identical``. Per source term the
   most often aligned target wins; other targets with at least ``variant_share`` of its count
   become variants. Scores: ``dice`` = 2·c(s,t) / (c(s) + c(t)), ``llr`` = Dunning's
   log-likelihood ratio G² of the 2×2 segment table (negative when the pair co-occurs less than
   chance), ``align_prob`` = c(s,t) / c(s), and with an encoder ``neural`` = cosine of the two
   terms' embeddings. Candidates are ranked by ``llr`` (association and frequency in one number,
   the usual ranking in term extraction).
5. ``confidence`` = √(align_prob · dice), the geometric mean of "how often the source term is
   rendered this way" and "how exclusively the two go together"; with an encoder it becomes
   confidence^0.75 · max(neural, 0)^0.25, a nudge: e5 cosines of short terms are high even when
   unrelated (median 0.83 for mismatched pairs of the top 30 on the de-en test fixture, 0.88
   for the trained pairs), so the factor moves a confidence by a few hundredths.

A second pass over the aligned corpus collects, for the kept pairs only, the surface forms (the
most frequent one, not counting segment-initial capitals, becomes ``source``/``target``) and an
example segment. Memory holds the count tables, never the corpus; past ``max_entries`` pairs the
tables drop their singletons (counts of rare pairs then become lower bounds; a warning says so).

>>> segments = [("Die Datei fehlt", "The file is missing", {(0, 0), (1, 1), (2, 2), (2, 3)})] * 2
>>> segments.append(("Datei öffnen", "Open file", {(0, 1), (1, 0)}))
>>> [(e.source, e.target, e.count) for e in glossary_from_alignments(segments, "de", "en", min_count=3).entries]
[('Datei', 'file', 3)]
"""

from __future__ import annotations

import json
import logging
import math
import os
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mtqa.align.statistical import MAX_TOKENS, EflomalAligner, Link, eflomal_token, import_eflomal, symmetrize
from mtqa.align.tokenize import word_spans
from mtqa.data import Glossary, SegmentPair, Signature, TermEntry
from mtqa.errors import BackendError, ConfigError, InputError
from mtqa.lang import base_language, check_language_pair
from mtqa.terms.lexical import is_lettered, is_nospace_language, is_term_word, lemma, lemma_key, term_ngrams

__all__ = [
    "GlossaryTraining",
    "confidence",
    "dice",
    "extract_term_pairs",
    "glossary_from_alignments",
    "is_term_like",
    "log_likelihood_ratio",
    "merge_glossaries",
    "score_against_reference",
    "term_key",
    "train_glossary",
]

log = logging.getLogger("mtqa.terms")

Range = tuple[int, int]
# One aligned segment pair: source text, target text, (source word, target word) links over the
# tokens of word_spans.
AlignedPair = tuple[str, str, Iterable[Link]]
PairLike = tuple[str, str] | SegmentPair

DEFAULT_MIN_COUNT = 3
DEFAULT_MAX_WORDS = 3
VARIANT_SHARE = 0.2
MAX_VARIANTS = 3
MAX_ENTRIES = 2_000_000
EXAMPLE_CHARS = 200
# An example segment of this many words shows the term in a sentence, not as a bare label.
_EXAMPLE_WORDS = (4, 30)
_NEURAL_WEIGHT = 0.25
_PROGRESS_EVERY = 500

# Closed-class words that function_words (kept short for the checks) leaves out: modal verbs,
# adverbs of time and degree, conjunctions, pronouns, quantifiers, prepositions. A term may not
# start or end with one (nor with a negation marker): "δεν → not", "nur → only", "Soll → Whether"
# are translations, not terms.
_CLOSED_CLASS: dict[str, frozenset[str]] = {
    "en": frozenset("""only already again still yet even too always never often sometimes now then
        because since while until unless whether though although however therefore thus instead
        within without through during against among between under above below across via yes ok
        why much many few less least same own another every either neither nothing something
        anything everything someone anyone everyone itself themselves yourself myself us him one
        must need want please really probably maybe perhaps almost quite rather enough else
        otherwise anyway cannot can't won't don't doesn't isn't aren't wasn't couldn't""".split()),
    "de": frozenset("""nur bereits jetzt dann wieder immer oft sehr mehr weniger viel viele wenig
        alle alles jeder jede jedes jeden jedem einige manche andere anderen anderer anderes selbst
        hier dort da dabei dafür damit davon dazu daher deshalb darum denn doch ob weil während bis
        seit zwischen gegen durch trotz wegen innerhalb außerhalb können kann konnte konnten könnte
        könnten muss müssen musste sollen soll sollte sollten darf dürfen will wollen möchten möchte
        ihre ihren ihrem ihres ihrer sein seine seinen seinem mein meine dein uns unser euch worden
        wäre würde würden sei bitte wirklich etwa eventuell vielleicht eben gerade nun also sowie
        sondern jedoch dennoch somit dies diesem diesen welche welcher welches was wer wo wann warum
        ja nein""".split()),
    "el": frozenset("""αν εάν όταν αφού επειδή γιατί ώστε μόνο ήδη ακόμα ακόμη πάλι ξανά πάντα ποτέ
        τώρα τότε εδώ εκεί πολύ πολλά πολλές πολλοί λίγο λίγα περισσότερο περισσότερα λιγότερο όλα
        όλες όλοι όλο όλη όλων κάθε κάποιο κάποια κάποιος άλλο άλλα άλλη άλλες άλλων ίδιο ίδια
        μεταξύ μέσω μέσα έξω πάνω κάτω μπορεί μπορείτε μπορούν μπορούσε πρέπει θέλετε θέλει θέλω
        παρακαλώ παρακαλούμε ναι τι ποιο ποια ποιος πού πώς πότε οποίο οποία οποίος οποίες οποίων
        οποίου εσείς εμείς εγώ σου μου εαυτό δικό δικά έτσι λοιπόν ωστόσο όμως είτε κι σαν υπό
        παρά έως είμαι είσαι είστε είμαστε έχετε έχω έχουμε""".split()),
}


# ---------------------------------------------------------------------------------------------
# Scores


def dice(pair_count: int, source_count: int, target_count: int) -> float:
    """Dice coefficient 2·c(s,t) / (c(s) + c(t)); 0 when both terms are unseen.

    >>> round(dice(10, 12, 15), 4)
    0.7407
    """
    total = source_count + target_count
    return 2.0 * pair_count / total if total else 0.0


def _xlogx_ratio(observed: float, expected: float) -> float:
    return observed * math.log(observed / expected) if observed > 0 and expected > 0 else 0.0


def log_likelihood_ratio(pair_count: int, source_count: int, target_count: int, total: int) -> float:
    """Dunning's G² = 2 Σ O·ln(O/E) over the 2×2 table of segments with/without each term.

    Signed: negative when the pair co-occurs less often than chance would have it. Cells that
    would be negative (possible only with pruned counts) are clamped to 0.

    >>> round(log_likelihood_ratio(10, 12, 15, 100), 2)
    35.34
    >>> log_likelihood_ratio(1, 50, 50, 100) < 0
    True
    """
    if total <= 0:
        return 0.0
    k11 = max(pair_count, 0)
    k12 = max(source_count - k11, 0)
    k21 = max(target_count - k11, 0)
    k22 = max(total - k11 - k12 - k21, 0)
    n = k11 + k12 + k21 + k22
    rows, cols = (k11 + k12, k21 + k22), (k11 + k21, k12 + k22)
    g2 = 2.0 * sum(
        _xlogx_ratio(observed, rows[r] * cols[c] / n)
        for (r, c), observed in (((0, 0), k11), ((0, 1), k12), ((1, 0), k21), ((1, 1), k22))
    )
    return g2 if k11 * n >= rows[0] * cols[0] else -g2


def confidence(align_prob: float, dice_score: float, neural: float | None = None) -> float:
    """√(align_prob · dice), nudged by the neural cosine when there is one (see the module doc).

    >>> confidence(0.81, 1.0)
    0.9
    >>> round(confidence(0.81, 1.0, neural=0.8), 3)
    0.874
    """
    base = math.sqrt(max(align_prob, 0.0) * max(dice_score, 0.0))
    if neural is None:
        return min(base, 1.0)
    return min(base ** (1 - _NEURAL_WEIGHT) * max(neural, 0.0) ** _NEURAL_WEIGHT, 1.0)


# ---------------------------------------------------------------------------------------------
# Phrase extraction


def term_key(text: str, language: str) -> str:
    """The lemma key terms are counted and compared by, as one string.

    >>> term_key("Dateien", "de") == term_key("Datei", "de")
    True
    """
    return " ".join(lemma_key([text[s:e] for s, e in word_spans(text)], language))


def extract_term_pairs(
    source_tokens: Sequence[str],
    target_tokens: Sequence[str],
    links: Iterable[Link],
    source_language: str,
    target_language: str,
    *,
    max_words: int = DEFAULT_MAX_WORDS,
    source_ngrams: Sequence[Range] | None = None,
) -> list[tuple[Range, Range]]:
    """``((i, j), (a, b))`` token ranges: a source term and the target term it is aligned to.

    A source term n-gram counts when all its content words are aligned; the target words they
    align to, from first to last, must not be aligned to any source word outside the n-gram
    (phrase-table consistency). Function words, punctuation and unaligned words are trimmed from
    the target edges; what remains must be 1 to ``max_words`` letter-only tokens.

    >>> src = ["Die", "Datei", "wurde", "gespeichert"]
    >>> tgt = ["The", "file", "was", "saved"]
    >>> extract_term_pairs(src, tgt, {(0, 0), (1, 1), (2, 2), (3, 3)}, "de", "en")
    [((1, 2), (1, 2)), ((1, 4), (1, 4)), ((3, 4), (3, 4))]
    """
    ngrams = source_ngrams
    if ngrams is None:
        ngrams = term_ngrams(source_tokens, source_language, max_words=max_words)
    if not ngrams:
        return []
    src_links: dict[int, list[int]] = defaultdict(list)
    tgt_links: dict[int, list[int]] = defaultdict(list)
    for i, j in links:
        src_links[i].append(j)
        tgt_links[j].append(i)
    tgt_content = [is_term_word(t, target_language) for t in target_tokens]
    longest = max_words + 1 if is_nospace_language(target_tokens) else max_words
    out = []
    for i, j in ngrams:
        aligned: set[int] = set()
        complete = True
        for s in range(i, j):
            if s in src_links:
                aligned.update(src_links[s])
            elif is_term_word(source_tokens[s], source_language):
                complete = False  # an unaligned content word: its rendering is unknown
                break
        if not complete or not aligned:
            continue
        a, b = min(aligned), max(aligned) + 1
        if any(not i <= s < j for t in range(a, b) for s in tgt_links.get(t, ())):
            continue  # a target word in the span belongs to another source word
        while a < b and not (tgt_content[a] and a in tgt_links):
            a += 1
        while b > a and not (tgt_content[b - 1] and b - 1 in tgt_links):
            b -= 1
        if a == b or b - a > longest:
            continue
        # Inside the span only words ("balance of power"): no numbers, punctuation, placeholders.
        if all(is_lettered(target_tokens[t]) for t in range(a, b)):
            out.append(((i, j), (a, b)))
    return out


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class _Counts:
    """Segment counts of term pairs and of source and target term n-grams, by lemma key."""

    source_language: str
    target_language: str
    max_words: int
    max_entries: int = MAX_ENTRIES
    segments: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)

    def add(self, source: str, target: str, links: Iterable[Link]) -> None:
        seg = _Segment.of(source, target, links, self)
        self.segments += 1
        self.sources.update(set(seg.source_keys))
        target_keys = set(seg.target_keys)
        pair_keys = {(seg.source_key(i, j), seg.target_key(a, b)) for (i, j), (a, b) in seg.pairs}
        # An extracted rendering is a target term of the segment even where term_ngrams would not
        # list it (a single character in a space-less script), so c(s,t) <= c(t) always holds.
        target_keys.update(t for _, t in pair_keys)
        self.targets.update(target_keys)
        self.pairs.update(pair_keys)
        if len(self.pairs) > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        before = len(self.pairs)
        for table in (self.pairs, self.sources, self.targets):
            for key in [k for k, c in table.items() if c < 2]:
                del table[key]
        log.warning("glossary training: more than %d term pairs; dropped %d seen once (rare counts are now "
                    "lower bounds)", self.max_entries, before - len(self.pairs))


@dataclass
class _Segment:
    """One aligned segment pair, tokenized, with its term n-grams and extracted pairs."""

    source: str
    target: str
    source_spans: list[Range]
    target_spans: list[Range]
    source_tokens: list[str]
    target_tokens: list[str]
    source_ngrams: list[Range]
    target_ngrams: list[Range]
    pairs: list[tuple[Range, Range]]
    source_language: str
    target_language: str

    @classmethod
    def of(cls, source: str, target: str, links: Iterable[Link], counts: _Counts) -> _Segment:
        ss, ts = word_spans(source), word_spans(target)
        stoks, ttoks = [source[s:e] for s, e in ss], [target[s:e] for s, e in ts]
        sl, tl = counts.source_language, counts.target_language
        sgrams = term_ngrams(stoks, sl, max_words=counts.max_words)
        tgrams = term_ngrams(ttoks, tl, max_words=counts.max_words)
        valid = [(i, j) for i, j in links if 0 <= i < len(ss) and 0 <= j < len(ts)]
        pairs = extract_term_pairs(stoks, ttoks, valid, sl, tl, max_words=counts.max_words, source_ngrams=sgrams)
        return cls(source, target, ss, ts, stoks, ttoks, sgrams, tgrams, pairs, sl, tl)

    def source_key(self, i: int, j: int) -> str:
        return " ".join(lemma_key(self.source_tokens[i:j], self.source_language))

    def target_key(self, a: int, b: int) -> str:
        return " ".join(lemma_key(self.target_tokens[a:b], self.target_language))

    @property
    def source_keys(self) -> list[str]:
        return [self.source_key(i, j) for i, j in self.source_ngrams]

    @property
    def target_keys(self) -> list[str]:
        return [self.target_key(a, b) for a, b in self.target_ngrams]

    def source_surface(self, i: int, j: int) -> str:
        return " ".join(self.source[self.source_spans[i][0] : self.source_spans[j - 1][1]].split())

    def target_surface(self, a: int, b: int) -> str:
        return " ".join(self.target[self.target_spans[a][0] : self.target_spans[b - 1][1]].split())


@dataclass
class _Candidate:
    source_key: str
    target_key: str
    count: int
    variants: list[str]  # target keys
    source_count: int = 0
    target_count: int = 0
    scores: dict[str, float] = field(default_factory=dict)


def _non_term_words(language: str) -> frozenset[str]:
    from mtqa.checks.lexicon import function_words, negations

    words = function_words(language) | negations(language) | _CLOSED_CLASS.get(base_language(language), frozenset())
    # Keys are lemmas: "konnte" is counted as "können", so the lemmas go in as well.
    return words | {lemma(w, language) for w in words}


def is_term_like(key: str, stop: frozenset[str]) -> bool:
    """A lemma key that neither starts nor ends with a closed-class word, repeats no word
    ("datei datei" comes from usage lines such as "DATEI DATEI…") and is not a single letter
    (answer keys such as "j" -> "y", axis names).

    >>> stop = frozenset({"not", "only"})
    >>> is_term_like("file name", stop), is_term_like("not found", stop), is_term_like("file file", stop)
    (True, False, False)
    >>> is_term_like("x", stop), is_term_like("x window", stop)
    (False, True)
    """
    words = key.split(" ")
    return (words[0] not in stop and words[-1] not in stop and len(set(words)) == len(words)
            and len(key) > 1)


def _candidates(counts: _Counts, min_count: int, variant_share: float) -> dict[str, _Candidate]:
    """Per source key: the most often aligned target and its variants (term-like pairs seen at
    least ``min_count`` times)."""
    source_stop = _non_term_words(counts.source_language)
    target_stop = _non_term_words(counts.target_language)
    options: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (s, t), c in counts.pairs.items():
        if c >= min_count and is_term_like(s, source_stop) and is_term_like(t, target_stop):
            options[s].append((c, t))
    out = {}
    for s, targets in options.items():
        targets.sort(key=lambda ct: (-ct[0], ct[1]))  # most frequent first, ties by key: deterministic
        best_count, best = targets[0]
        variants = [t for c, t in targets[1:] if c >= variant_share * best_count][:MAX_VARIANTS]
        out[s] = _Candidate(s, best, best_count, variants, counts.sources[s], counts.targets[best])
    return out


def _drop_redundant(candidates: dict[str, _Candidate]) -> None:
    """A shorter source term that only ever occurs inside a longer candidate (same segment count)
    adds nothing: drop it. ("Zeichen" inside "Zeichen pro Zoll" when that is its only use.)"""
    redundant = set()
    for key, cand in candidates.items():
        words = key.split(" ")
        for n in range(1, len(words)):
            for start in range(len(words) - n + 1):
                sub = " ".join(words[start : start + n])
                if sub in candidates and candidates[sub].source_count == cand.source_count:
                    redundant.add(sub)
    for key in redundant:
        del candidates[key]


# ---------------------------------------------------------------------------------------------
# Surface forms and examples (second pass, kept pairs only)


@dataclass
class _Forms:
    """The surface forms of one term, weighted. A segment-initial capital ("Datei öffnen" next to
    "öffnet die Datei") says nothing about the term's own spelling, so it weighs a quarter."""

    weights: Counter[str] = field(default_factory=Counter)
    inside: set[str] = field(default_factory=set)  # forms also seen away from the segment start

    def add(self, form: str, initial: bool) -> None:
        self.weights[form] += 0.25 if initial else 1.0
        if not initial:
            self.inside.add(form)

    def pick(self, key: str, language: str) -> str:
        """The most frequent form, but the dictionary form (the one that reads as the lemma key)
        when it has at least a tenth of that weight ("αρχείου" is the commonest form of "αρχείο",
        as in "του αρχείου"); then lowercase when that form is common too ("File" in title-case
        menu labels, "file" in sentences) or when the capital was only ever segment-initial
        ("Disable" as a label). German capitalizes nouns wherever they stand, so it keeps them.

        >>> forms = _Forms()
        >>> for form, initial in [("Dateien", False)] * 5 + [("Datei", False), ("Datei", True)]:
        ...     forms.add(form, initial)
        >>> forms.pick("datei", "de")
        'Datei'
        >>> forms = _Forms()
        >>> forms.add("Disable", True)
        >>> forms.pick("disable", "en")
        'disable'
        """
        weights = self.weights
        best = min(weights, key=lambda f: (-weights[f], f))
        citation = [f for f in weights if f.lower() == key]
        if citation:
            form = min(citation, key=lambda f: (-weights[f], f))
            if weights[form] >= 0.1 * weights[best]:
                best = form
        lower = best.lower()
        if lower == best:
            return best
        if weights.get(lower, 0) >= 0.25 * weights[best]:
            return lower
        title_case = best[:1].isupper() and best[1:] == best[1:].lower()
        if title_case and best not in self.inside and base_language(language) != "de":
            return lower
        return best


@dataclass
class _Surfaces:
    """What the second pass keeps of one source term: its forms, its renderings' forms, an example."""

    source: _Forms = field(default_factory=_Forms)
    targets: dict[str, _Forms] = field(default_factory=lambda: defaultdict(_Forms))
    example: tuple[str, int, int] | None = None
    example_fits: bool = False

    def add_example(self, seg: _Segment, i: int, j: int) -> None:
        if self.example_fits:
            return
        fits = _EXAMPLE_WORDS[0] <= len(seg.source_tokens) <= _EXAMPLE_WORDS[1]
        if self.example is None or fits:
            self.example = (seg.source, seg.source_spans[i][0], seg.source_spans[j - 1][1])
            self.example_fits = fits


def _collect_surfaces(
    segments: Iterable[AlignedPair], counts: _Counts, candidates: dict[str, _Candidate]
) -> dict[str, _Surfaces]:
    wanted = {(c.source_key, t) for c in candidates.values() for t in (c.target_key, *c.variants)}
    out: dict[str, _Surfaces] = defaultdict(_Surfaces)
    for source, target, links in segments:
        seg = _Segment.of(source, target, links, counts)
        for (i, j), (a, b) in seg.pairs:
            skey, tkey = seg.source_key(i, j), seg.target_key(a, b)
            if (skey, tkey) not in wanted:
                continue
            record = out[skey]
            record.source.add(seg.source_surface(i, j), i == 0)
            record.targets[tkey].add(seg.target_surface(a, b), a == 0)
            if tkey == candidates[skey].target_key:
                record.add_example(seg, i, j)
    return out


def _example(record: _Surfaces) -> str:
    if record.example is None:
        return ""
    text, start, end = record.example
    text = " ".join(text.split(" ")).replace("\t", " ").replace("\n", " ")
    if len(text) <= EXAMPLE_CHARS:
        return text
    # A window around the term, cut at spaces, marked with ellipses: truncation is never silent.
    half = max(0, EXAMPLE_CHARS - (end - start)) // 2
    left, right = max(0, start - half), min(len(text), end + half)
    if left == 0:
        right = min(len(text), EXAMPLE_CHARS)
    elif right == len(text):
        left = max(0, len(text) - EXAMPLE_CHARS)
    if left > 0 and text.find(" ", left, start) != -1:
        left = text.find(" ", left, start) + 1
    if right < len(text) and text.rfind(" ", end, right) != -1:
        right = text.rfind(" ", end, right)
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")


# ---------------------------------------------------------------------------------------------
# From aligned segments to a glossary


def glossary_from_alignments(
    segments: Collection[AlignedPair],
    source_language: str,
    target_language: str,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    max_words: int = DEFAULT_MAX_WORDS,
    top_k: int | None = None,
    encoder: Any = None,
    keep_identical: bool = False,
    variant_share: float = VARIANT_SHARE,
    max_entries: int = MAX_ENTRIES,
    name: str = "",
) -> Glossary:
    """Candidate term pairs from word-aligned segments (``(source, target, links)``, links over
    :func:`~mtqa.align.tokenize.word_spans` tokens), ranked by log-likelihood ratio.

    ``segments`` is read twice (counts, then surface forms of the kept pairs), so it must be a
    collection or another re-iterable. Pairs whose source and target read the same
    (case-insensitively: names, acronyms, untranslated placeholders) are dropped unless
    ``keep_identical``.
    """
    _check_settings(min_count, max_words, top_k)
    if iter(segments) is segments:
        raise ValueError("segments is read twice: pass a list or another re-iterable, not an iterator")
    counts = _Counts(source_language, target_language, max_words, max_entries)
    for source, target, links in segments:
        counts.add(source, target, links)
    candidates = _candidates(counts, min_count, variant_share)
    _drop_redundant(candidates)
    surfaces = _collect_surfaces(segments, counts, candidates)
    kept: list[tuple[_Candidate, str, str, list[str]]] = []
    for key, cand in candidates.items():
        record = surfaces.get(key)
        if record is None or cand.target_key not in record.targets:
            continue  # pruned between the passes (only past max_entries)
        source = record.source.pick(cand.source_key, source_language)
        target = record.targets[cand.target_key].pick(cand.target_key, target_language)
        if not keep_identical and source.casefold() == target.casefold():
            continue
        variants = [record.targets[t].pick(t, target_language) for t in cand.variants if t in record.targets]
        variants = [v for v in dict.fromkeys(variants) if v.casefold() != target.casefold()]
        cand.scores = {
            "dice": dice(cand.count, cand.source_count, cand.target_count),
            "llr": log_likelihood_ratio(cand.count, cand.source_count, cand.target_count, counts.segments),
            "align_prob": cand.count / cand.source_count if cand.source_count else 0.0,
        }
        kept.append((cand, source, target, variants))
    kept.sort(key=lambda k: (-k[0].scores["llr"], -k[0].count, k[1]))
    if top_k is not None:
        kept = kept[:top_k]
    if encoder is not None and kept:
        _add_neural(kept, encoder)
    entries = tuple(
        TermEntry(
            source=source,
            target=target,
            variants=tuple(variants),
            count=cand.count,
            confidence=round(confidence(cand.scores["align_prob"], cand.scores["dice"], cand.scores.get("neural")), 4),
            status="candidate",
            scores={k: round(v, 4) for k, v in cand.scores.items()},
            example=_example(surfaces[cand.source_key]),
        )
        for cand, source, target, variants in kept
    )
    log.info("glossary training: %d segment pairs, %d term pairs counted, %d candidates kept",
             counts.segments, len(counts.pairs), len(entries))
    return Glossary(source_language, target_language, entries, name=name)


def _add_neural(kept: list[tuple[_Candidate, str, str, list[str]]], encoder: Any) -> None:
    """Cosine of the source and target terms' embeddings (one batched pass over both lists)."""
    sources, targets = [k[1] for k in kept], [k[2] for k in kept]
    vectors = np.asarray(encoder.embed([*sources, *targets], batch_size=64), dtype=np.float64)
    if vectors.shape[0] != 2 * len(kept):
        raise BackendError(f"the encoder returned {vectors.shape[0]} vectors for {2 * len(kept)} terms")
    src, tgt = vectors[: len(kept)], vectors[len(kept):]
    norms = np.linalg.norm(src, axis=1) * np.linalg.norm(tgt, axis=1)
    cosines = np.einsum("ij,ij->i", src, tgt) / np.maximum(norms, 1e-12)
    for (cand, *_), cos in zip(kept, cosines):
        cand.scores["neural"] = float(np.clip(cos, -1.0, 1.0))


def _check_settings(min_count: int, max_words: int, top_k: int | None) -> None:
    if min_count < 1:
        raise ConfigError(f"min_count must be >= 1, got {min_count}")
    if not 1 <= max_words <= 6:
        raise ConfigError(f"max_words must be between 1 and 6, got {max_words}")
    if top_k is not None and top_k < 1:
        raise ConfigError(f"top_k must be >= 1, got {top_k}")


# ---------------------------------------------------------------------------------------------
# Training from a corpus


@dataclass(frozen=True)
class GlossaryTraining:
    """A trained glossary with what produced it.

    ``pairs`` is the number of segment pairs read, ``aligned`` the number eflomal aligned (pairs
    with an empty side or more than 1023 words on a side are skipped). The glossary's ``name`` is
    the signature, so TBX (title) and JSON outputs carry it.
    """

    glossary: Glossary
    signature: Signature
    pairs: int
    aligned: int
    seconds: float


class _AlignedCorpus:
    """The spooled corpus and eflomal's link files, re-readable as ``(source, target, links)``."""

    def __init__(self, folder: str, symmetrization: str) -> None:
        self.folder = folder
        self.symmetrization = symmetrization

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    def __iter__(self) -> Iterator[tuple[str, str, set[Link]]]:
        with open(self.path("pairs.jsonl"), encoding="utf-8") as texts, \
                open(self.path("fwd.links"), encoding="ascii") as fwd, \
                open(self.path("rev.links"), encoding="ascii") as rev:
            for number, (line, f, r) in enumerate(zip(texts, fwd, rev), start=1):
                try:
                    source, target = json.loads(line)
                    links = symmetrize(_parse_links(f), _parse_links(r), self.symmetrization)
                except ValueError as exc:
                    raise BackendError(f"eflomal's links for pair {number} are unreadable: {exc}") from exc
                yield source, target, links


def _parse_links(line: str) -> set[Link]:
    return {(int(a), int(b)) for a, b in (item.split("-") for item in line.split())}


def _pair_texts(pair: Any, number: int) -> tuple[str, str]:
    if isinstance(pair, SegmentPair):
        return pair.source, pair.target
    if isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(p, str) for p in pair):
        return pair[0], pair[1]
    raise InputError(f"segment pair {number} is not a (source, target) pair of strings or a SegmentPair")


def _spool(
    pairs: Iterable[PairLike], corpus: _AlignedCorpus, progress: Callable[[int], None] | None
) -> tuple[int, int]:
    """Write eflomal's token files and the raw texts; return (pairs read, pairs kept)."""
    read = kept = 0
    with open(corpus.path("src.txt"), "w", encoding="utf-8") as fs, \
            open(corpus.path("tgt.txt"), "w", encoding="utf-8") as ft, \
            open(corpus.path("pairs.jsonl"), "w", encoding="utf-8") as fp:
        for read, pair in enumerate(pairs, start=1):
            source, target = _pair_texts(pair, read)
            src_tokens = [eflomal_token(source[s:e]) for s, e in word_spans(source)]
            tgt_tokens = [eflomal_token(target[s:e]) for s, e in word_spans(target)]
            if progress is not None and read % _PROGRESS_EVERY == 0:
                progress(_PROGRESS_EVERY)
            if not src_tokens or not tgt_tokens or max(len(src_tokens), len(tgt_tokens)) > MAX_TOKENS:
                continue
            fs.write(" ".join(src_tokens) + "\n")
            ft.write(" ".join(tgt_tokens) + "\n")
            fp.write(json.dumps([source, target], ensure_ascii=False) + "\n")
            kept += 1
    if progress is not None:
        progress(read % _PROGRESS_EVERY)
    return read, kept


def _run_eflomal(aligner: EflomalAligner, corpus: _AlignedCorpus) -> None:
    eflomal = import_eflomal()
    runner = eflomal.Aligner(model=aligner.model, n_samplers=aligner.n_samplers,
                             rel_iterations=aligner.rel_iterations, null_prior=aligner.null_prior)
    try:
        with open(corpus.path("src.txt"), encoding="utf-8") as fs, open(corpus.path("tgt.txt"), encoding="utf-8") as ft:
            runner.align(fs, ft, links_filename_fwd=corpus.path("fwd.links"),
                         links_filename_rev=corpus.path("rev.links"), quiet=True)
    except Exception as exc:  # CalledProcessError, OSError, ValueError from eflomal
        raise BackendError(f"eflomal failed: {exc}") from exc


def train_glossary(
    pairs: Iterable[PairLike],
    source_language: str,
    target_language: str,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    max_words: int = DEFAULT_MAX_WORDS,
    top_k: int | None = None,
    encoder: Any = None,
    aligner: EflomalAligner | None = None,
    keep_identical: bool = False,
    max_entries: int = MAX_ENTRIES,
    progress: Callable[[int], None] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> GlossaryTraining:
    """Train candidate term pairs from a parallel corpus (see the module doc for the method).

    ``pairs`` are ``(source, target)`` strings or :class:`SegmentPair` objects, consumed once as
    a stream (the tokens go to temporary files for eflomal). ``encoder`` (an mtqa encoder) adds
    the ``neural`` score of the kept candidates; ``aligner`` sets eflomal's options (default
    :class:`EflomalAligner()`, grow-diag-final-and). ``progress`` is called with the number of
    pairs read since its last call. ``settings`` go into the signature as they are (what made
    the pairs, e.g. the sentence aligner's model for pairs taken from stories).

    >>> pairs = [("Die Datei wurde gespeichert.", "The file was saved.")] * 4
    >>> result = train_glossary(pairs, "de", "en", min_count=3)   # doctest: +SKIP
    >>> result.glossary.lookup("Datei").target                    # doctest: +SKIP
    'file'
    """
    source_language, target_language = check_language_pair(source_language, target_language)
    _check_settings(min_count, max_words, top_k)
    aligner = aligner or EflomalAligner()
    if getattr(aligner, "_tokenizer_name", "words") != "words":
        raise ConfigError("glossary training needs an aligner with the 'words' tokenizer (term n-grams use it)")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mtqa-glossary-") as folder:
        corpus = _AlignedCorpus(folder, aligner.symmetrization)
        read, kept = _spool(pairs, corpus, progress)
        if not kept:
            raise InputError(f"no segment pairs with words on both sides among the {read} read")
        log.info("glossary training: aligning %d segment pairs with eflomal (%d skipped: empty or too long)",
                 kept, read - kept)
        _run_eflomal(aligner, corpus)
        log.info("glossary training: corpus read and aligned after %.1f s; counting term pairs",
                 time.perf_counter() - start)
        # The aligner's settings get a prefix: they have a "model" too (eflomal's model 1-3).
        stat = (part.split(":", 1) for part in aligner.signature(kept).split("|")[1:])
        signature = Signature({
            "task": "glossary-train",
            "src": source_language,
            "tgt": target_language,
            "min_count": min_count,
            "max_words": max_words,
            "top_k": top_k if top_k is not None else "all",
            "identical": "keep" if keep_identical else "drop",
            "model": encoder.signature if encoder is not None else "none",
            "pairs": kept,
            **(settings or {}),
            **{f"stat.{key}": value for key, value in stat},
        })
        glossary = glossary_from_alignments(
            corpus, source_language, target_language, min_count=min_count, max_words=max_words, top_k=top_k,
            encoder=encoder, keep_identical=keep_identical, max_entries=max_entries, name=signature.format(),
        )
    return GlossaryTraining(glossary, signature, read, kept, time.perf_counter() - start)


# ---------------------------------------------------------------------------------------------
# Merging


def merge_glossaries(approved: Glossary, trained: Glossary) -> Glossary:
    """``approved`` with ``trained``'s candidates for source terms it does not have yet.

    Entries of ``approved`` are never dropped or changed, with one exception: an entry there
    that is itself a ``candidate`` (from an earlier training run) is replaced by the new
    candidate for the same term, so counts stay current. Source terms are matched by lemma key
    (``Dateien`` matches an approved ``Datei``).

    >>> old = Glossary("de", "en", (TermEntry("Datei", "file"),))
    >>> new = Glossary("de", "en", (TermEntry("Dateien", "files", status="candidate"),
    ...                             TermEntry("Ordner", "folder", status="candidate")))
    >>> [(e.source, e.status) for e in merge_glossaries(old, new).entries]
    [('Datei', 'approved'), ('Ordner', 'candidate')]
    """
    if base_language(approved.source_language) != base_language(trained.source_language) or \
            base_language(approved.target_language) != base_language(trained.target_language):
        raise InputError(
            f"cannot merge a {trained.source_language}-{trained.target_language} glossary into a "
            f"{approved.source_language}-{approved.target_language} one"
        )
    lang = approved.source_language
    fresh: dict[str, TermEntry] = {}
    for entry in trained.entries:
        fresh.setdefault(term_key(entry.source, lang), entry)
    entries: list[TermEntry] = []
    seen: set[str] = set()
    for entry in approved.entries:
        key = term_key(entry.source, lang)
        if entry.status == "candidate" and key in fresh and key not in seen:
            entry = fresh[key]
        entries.append(entry)
        seen.add(key)
    entries += [entry for key, entry in fresh.items() if key not in seen]
    return Glossary(approved.source_language, approved.target_language, tuple(entries),
                    name=approved.name or trained.name)


# ---------------------------------------------------------------------------------------------
# Judging against a reference term list


def score_against_reference(trained: Glossary, reference: Glossary, k: int | None = None) -> dict[str, Any]:
    """Precision of the first ``k`` trained entries judged against a reference glossary.

    An entry is *judged* when its source term's lemma key is a reference source (several
    reference rows for one source pool their renderings), and *correct* when its target's lemma
    key is one of that source's reference renderings (target or variants); ``precision_any``
    also accepts a match through one of the entry's variants. Entries whose source the
    reference lacks are unjudged: ``coverage`` = judged / k says how much the precision rests on.

    >>> ref = Glossary("de", "en", (TermEntry("Datei", "file"), TermEntry("Ordner", "folder", ("directory",))))
    >>> got = Glossary("de", "en", (TermEntry("Dateien", "files"), TermEntry("Ordner", "menu", ("directory",)),
    ...                             TermEntry("Gnu", "gnu")))
    >>> s = score_against_reference(got, ref)
    >>> s["judged"], s["correct"], s["precision"], s["precision_any"], round(s["coverage"], 3)
    (2, 1, 0.5, 1.0, 0.667)
    """
    src_lang, tgt_lang = reference.source_language, reference.target_language
    accepted: dict[str, set[str]] = defaultdict(set)
    for entry in reference.entries:
        accepted[term_key(entry.source, src_lang)].update(term_key(t, tgt_lang) for t in entry.accepted)
    top = trained.entries[:k] if k is not None else trained.entries
    judged = correct = correct_any = 0
    for entry in top:
        renderings = accepted.get(term_key(entry.source, src_lang))
        if renderings is None:
            continue
        judged += 1
        correct += term_key(entry.target, tgt_lang) in renderings
        correct_any += any(term_key(t, tgt_lang) in renderings for t in entry.accepted)
    return {
        "k": len(top),
        "judged": judged,
        "correct": correct,
        "precision": correct / judged if judged else None,
        "precision_any": correct_any / judged if judged else None,
        "coverage": judged / len(top) if top else None,
    }
