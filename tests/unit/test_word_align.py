"""Word tokenization and SimAlign-style word alignment on hand-made matrices (no real model)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mtqa.align.tokenize import pretokenized_spans, word_spans, words
from mtqa.align.word import (
    WordAligner,
    WordAlignmentResult,
    WordLink,
    align_subwords,
    align_words,
    argmax_links,
    itermax_links,
    link_probabilities,
    match_links,
    max_weight_matching,
    similarity,
    token_word_ids,
    word_vectors_from_states,
)
from mtqa.encoders import get_encoder
from mtqa.errors import ConfigError, InputError

# ---------------------------------------------------------------------------------------------
# Tokenization


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Οι ασκήσεις στο Αιγαίο κράτησαν 2,5 ημέρες.",
            ["Οι", "ασκήσεις", "στο", "Αιγαίο", "κράτησαν", "2,5", "ημέρες", "."],
        ),
        (
            "Ο Κιμ Γιο-τζονγκ ήρθε στις 07:30· «Ναι», είπε.",
            ["Ο", "Κιμ", "Γιο-τζονγκ", "ήρθε", "στις", "07:30", "·", "«", "Ναι", "»", ",", "είπε", "."],
        ),
        (
            "Die Baden-Württemberger zahlten 10.000 Euro für F-15K-Teile.",
            ["Die", "Baden-Württemberger", "zahlten", "10.000", "Euro", "für", "F-15K-Teile", "."],
        ),
        (
            "„Wir schaffen das“, sagte sie – 3,5 Mio. Menschen.",
            ["„", "Wir", "schaffen", "das", "“", ",", "sagte", "sie", "–", "3,5", "Mio", ".",
             "Menschen", "."],
        ),
        (
            "Президент России заявил: «1 250,5 тонн» — рекорд!",
            ["Президент", "России", "заявил", ":", "«", "1", "250,5", "тонн", "»", "—", "рекорд", "!"],
        ),
        ("Kim Yo-jong doesn't care.", ["Kim", "Yo-jong", "doesn't", "care", "."]),
        ("It's 1,250.75 USD (approx.)", ["It's", "1,250.75", "USD", "(", "approx", ".", ")"]),
        ("中国外交部3月发言。", ["中", "国", "外", "交", "部", "3", "月", "发", "言", "。"]),
        ("東京タワーは高い", ["東", "京", "タ", "ワ", "ー", "は", "高", "い"]),
        ("قال الرئيس إن ١٢٫٥ مليون شخص؟", ["قال", "الرئيس", "إن", "١٢٫٥", "مليون", "شخص", "؟"]),
        ("ภาษาไทย", ["ภ", "า", "ษ", "า", "ไ", "ท", "ย"]),
        ("서울 시장은 말했다.", ["서울", "시장은", "말했다", "."]),
        ("", []),
        ("   \n\t", []),
    ],
)
def test_word_spans(text: str, expected: list[str]) -> None:
    assert words(text) == expected
    spans = word_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # ordered, not overlapping


def test_word_spans_keep_combining_marks_and_nbsp_thousands() -> None:
    text = "Ame\u0301lie paid 10\u202f000 €"  # decomposed é, narrow no-break space in the number
    assert words(text) == ["Ame\u0301lie", "paid", "10\u202f000", "€"]


def test_word_spans_hyphen_at_edges_is_punctuation() -> None:
    assert words("-pre post- a--b") == ["-", "pre", "post", "-", "a", "-", "-", "b"]


def test_pretokenized_spans() -> None:
    text = " Das  Haus , 2,5 "
    assert [text[s:e] for s, e in pretokenized_spans(text)] == ["Das", "Haus", ",", "2,5"]
    assert pretokenized_spans("") == []


# ---------------------------------------------------------------------------------------------
# Matrix algorithms


def test_similarity_is_cosine() -> None:
    sim = similarity(np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]]), np.array([[3.0, 0.0], [1.0, 1.0]]))
    np.testing.assert_allclose(sim, [[1.0, 2**-0.5], [0.0, 2**-0.5], [0.0, 0.0]], atol=1e-12)
    assert similarity(np.zeros((0, 4)), np.ones((2, 4))).shape == (0, 2)
    with pytest.raises(InputError):
        similarity(np.ones((2, 3)), np.ones((2, 4)))


def test_argmax_diagonal_and_permutation() -> None:
    assert argmax_links(np.eye(4)) == {(i, i) for i in range(4)}
    perm = np.eye(3)[[2, 0, 1]]
    assert argmax_links(perm) == {(0, 2), (1, 0), (2, 1)}


def test_argmax_non_square() -> None:
    sim = np.array(
        [
            [0.9, 0.1, 0.2, 0.3, 0.0],
            [0.1, 0.2, 0.8, 0.7, 0.1],
        ]
    )
    # Row 1 prefers column 2; column 3 prefers row 1 too but row 1 already points at 2.
    assert argmax_links(sim) == {(0, 0), (1, 2)}
    assert argmax_links(sim.T) == {(0, 0), (2, 1)}


def test_argmax_needs_mutual_choice() -> None:
    sim = np.array([[0.9, 0.8], [0.95, 0.1]])
    assert argmax_links(sim) == {(1, 0)}


def test_argmax_ties_go_to_lowest_index() -> None:
    assert argmax_links(np.ones((2, 2))) == {(0, 0)}
    assert argmax_links(np.full((3, 1), 0.5)) == {(0, 0)}


@pytest.mark.parametrize("fn", [argmax_links, itermax_links, match_links])
@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0)])
def test_empty_matrices(fn, shape) -> None:  # type: ignore[no-untyped-def]
    assert fn(np.zeros(shape)) == set()


def test_itermax_adds_second_partner_for_unaligned_words() -> None:
    sim = np.array(
        [
            [0.9, 0.8, 0.0, 0.1],  # source 0 translates as targets 0 and 1
            [0.0, 0.1, 0.9, 0.0],
            [0.1, 0.0, 0.0, 0.9],
            [0.2, 0.3, 0.1, 0.0],  # a source word without a counterpart stays unaligned
        ]
    )
    assert argmax_links(sim) == {(0, 0), (1, 2), (2, 3)}
    assert itermax_links(sim) == {(0, 0), (0, 1), (1, 2), (2, 3)}
    assert itermax_links(sim, max_iter=1) == argmax_links(sim)
    # Like SimAlign, IterMax stops once every row (or every column) is aligned.
    assert itermax_links(sim[:3]) == argmax_links(sim[:3])


def test_itermax_small_matrices_fall_back_to_argmax() -> None:
    sim = np.array([[0.9, 0.8, 0.7], [0.95, 0.1, 0.2]])
    assert itermax_links(sim) == argmax_links(sim)


def test_itermax_never_links_two_already_aligned_words() -> None:
    rng = np.random.default_rng(1)
    for _ in range(50):
        sim = rng.uniform(-1, 1, size=(rng.integers(3, 8), rng.integers(3, 8)))
        first = argmax_links(sim)
        more = itermax_links(sim, max_iter=3)
        assert first <= more
        rows = {i for i, _ in first}
        cols = {j for _, j in first}
        assert not any(i in rows and j in cols for i, j in more - first)


def test_itermax_validates_arguments() -> None:
    with pytest.raises(ConfigError):
        itermax_links(np.eye(3), max_iter=0)
    with pytest.raises(ConfigError):
        itermax_links(np.eye(3), alpha=1.5)


def _brute_force_best(w: np.ndarray) -> float:
    m, n = w.shape
    if m <= n:
        return max(sum(w[i, p[i]] for i in range(m)) for p in itertools.permutations(range(n), m))
    return max(sum(w[p[j], j] for j in range(n)) for p in itertools.permutations(range(m), n))


def test_match_is_a_maximum_weight_matching() -> None:
    rng = np.random.default_rng(0)
    for trial in range(150):
        m, n = (int(x) for x in rng.integers(1, 6, size=2))
        # Integer weights create many ties, which trip naive implementations.
        w = rng.integers(0, 3, size=(m, n)).astype(float) if trial % 2 else rng.random((m, n))
        pairs = max_weight_matching(w)
        assert len(pairs) == min(m, n)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        assert sum(w[i, j] for i, j in pairs) == pytest.approx(_brute_force_best(w))


def test_match_non_square_and_forced_partner() -> None:
    sim = np.array([[0.9, 0.8], [0.95, 0.1]])
    assert match_links(sim) == {(0, 1), (1, 0)}
    assert match_links(np.array([[0.1, 0.9, 0.2]])) == {(0, 1)}
    assert match_links(np.array([[0.1], [0.9], [0.2]])) == {(1, 0)}


def test_link_probabilities() -> None:
    rng = np.random.default_rng(3)
    sim = rng.uniform(-1, 1, size=(4, 6))
    p = link_probabilities(sim)
    assert p.shape == sim.shape
    assert ((p >= 0) & (p <= 1)).all()
    # Clear mutual best pairs get probability near 1, others near 0.
    q = link_probabilities(np.array([[0.9, 0.1], [0.1, 0.9]]))
    assert q[0, 0] > 0.99 and q[1, 1] > 0.99 and q[0, 1] < 0.01
    # Lower temperature sharpens.
    assert link_probabilities([[0.6, 0.5]], temperature=0.01)[0, 0] > link_probabilities([[0.6, 0.5]])[0, 0]
    assert link_probabilities(np.zeros((0, 2))).shape == (0, 2)
    with pytest.raises(ConfigError):
        link_probabilities(sim, temperature=0)


def test_bad_matrices_raise_input_error() -> None:
    with pytest.raises(InputError):
        argmax_links(np.zeros(3))
    with pytest.raises(InputError):
        argmax_links(np.array([[np.nan, 1.0]]))


# ---------------------------------------------------------------------------------------------
# Words and subwords


def _vecs(*rows: list[float]) -> np.ndarray:
    return np.array(rows, dtype=float)


@pytest.mark.parametrize("method", ["argmax", "itermax", "match"])
def test_align_words_links_carry_probability_and_similarity(method: str) -> None:
    src = _vecs([1, 0, 0], [0, 1, 0], [0, 0, 1])
    tgt = _vecs([0, 0.1, 1], [1, 0.1, 0], [0.1, 1, 0])
    links = align_words(src, tgt, method)
    assert [(ln.source, ln.target) for ln in links] == [(0, 1), (1, 2), (2, 0)]
    for ln in links:
        assert 0.0 <= ln.probability <= 1.0
        assert ln.similarity == pytest.approx(similarity(src, tgt)[ln.source, ln.target])


def test_align_words_unknown_method() -> None:
    with pytest.raises(ConfigError, match="argmax, itermax, match"):
        align_words(np.eye(2), np.eye(2), "bogus")


def test_align_words_empty_side() -> None:
    assert align_words(np.zeros((0, 3)), np.eye(3)) == []
    assert align_words(np.eye(3), np.zeros((0, 3))) == []


def test_align_subwords_maps_token_links_to_words() -> None:
    # Source words: "Bundes|regierung" (tokens 0, 1) and "hat" (token 2).
    # Target words: "federal" (0), "government" (1), "has" (2).
    src = _vecs([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0])
    tgt = _vecs([0.9, 0.1, 0, 0], [0.1, 0.9, 0, 0], [0, 0, 1, 0.1])
    links = align_subwords(src, [0, 0, 1], tgt, [0, 1, 2])
    assert [(ln.source, ln.target) for ln in links] == [(0, 0), (0, 1), (1, 2)]


def test_align_subwords_skips_tokens_outside_words_and_handles_multiword_tokens() -> None:
    src = _vecs([1, 0, 0], [0, 1, 0], [0, 0, 1])
    tgt = _vecs([1, 0, 0], [0, 1, 0], [0, 0, 1])
    # Source token 1 belongs to no word; target token 2 covers words 2 and 3 ("word.").
    links = align_subwords(src, [0, None, 1], tgt, [0, 1, (2, 3)])
    assert {(ln.source, ln.target) for ln in links} == {(0, 0), (1, 2), (1, 3)}
    assert align_subwords(src, [None, -1, None], tgt, [0, 1, 2]) == []
    with pytest.raises(InputError):
        align_subwords(src, [0, 1], tgt, [0, 1, 2])


def test_token_word_ids_and_word_vectors() -> None:
    # "Yo-jong." tokenized by a model as "▁Yo", "-", "jong." and a lone word marker.
    spans = [(0, 7), (7, 8)]
    offsets = [(0, 2), (2, 3), (3, 8), (8, 8)]
    assert token_word_ids(offsets, spans) == [(0,), (0,), (0, 1), ()]
    vecs = word_vectors_from_states(np.eye(4), offsets, spans, "Yo-jong.")
    np.testing.assert_allclose(vecs[0], [1 / 3, 1 / 3, 1 / 3, 0])
    np.testing.assert_allclose(vecs[1], [0, 0, 1, 0])
    # An empty marker token counts for the word it starts.
    assert token_word_ids([(4, 4), (4, 7)], [(0, 3), (4, 7)]) == [(1,), (1,)]
    with pytest.raises(InputError, match="no token covers"):
        word_vectors_from_states(np.eye(1), [(0, 2)], [(0, 2), (3, 5)], "ab cd")


# ---------------------------------------------------------------------------------------------
# WordAligner with the hashing test encoder


@pytest.fixture(scope="module")
def aligner() -> WordAligner:
    return WordAligner(get_encoder("hash"), layer=0)


@pytest.mark.parametrize(
    "text",
    [
        "Οι ένοπλες δυνάμεις πραγματοποίησαν γυμνάσια στο Αιγαίο.",
        "Die Bundesregierung hat neue Maßnahmen beschlossen.",
        # Not too much punctuation: the hashing encoder gives a mark one signed dimension of 64,
        # so two different marks can collide exactly (a tie no real model produces).
        "Президент России заявил: рекорд 1 250,5 тонн.",
    ],
)
@pytest.mark.parametrize("level", ["word", "subword"])
@pytest.mark.parametrize("method", ["argmax", "itermax", "match"])
def test_identical_sentences_align_diagonally(text: str, level: str, method: str) -> None:
    al = WordAligner(get_encoder("hash"), layer=0, level=level, method=method)
    result = al.align(text, text)
    n = len(word_spans(text))
    assert result.link_set() == {(i, i) for i in range(n)}
    assert all(0.0 <= ln.probability <= 1.0 for ln in result.links)


def test_result_formats(aligner: WordAligner) -> None:
    src, tgt = "Καλημέρα κόσμε!", "Καλημέρα κόσμε!"
    result = aligner.align(src, tgt)
    assert result.to_pharaoh() == "0-0 1-1 2-2"
    d = result.to_dict()
    link = d["links"][1]
    assert link["source_span"] == [9, 14] and link["source_word"] == "κόσμε"
    assert src[slice(*link["source_span"])] == "κόσμε"
    assert d["pharaoh"] == "0-0 1-1 2-2"
    assert d["signature"].startswith("mtqa:") and "layer:0" in d["signature"]
    assert WordAlignmentResult.from_dict(d) == result
    assert [a.kind for a in result.to_alignments()] == ["1-1"] * 3
    assert result.source_words == ["Καλημέρα", "κόσμε", "!"]


def test_empty_sides_give_no_links(aligner: WordAligner) -> None:
    for src, tgt in [("", "text"), ("text", ""), ("", ""), ("  ", "text .")]:
        result = aligner.align(src, tgt)
        assert result.links == ()
        assert result.to_pharaoh() == ""
    assert aligner.align("", "a b").target_spans == ((0, 1), (2, 3))


def test_unaligned_words(aligner: WordAligner) -> None:
    result = WordAlignmentResult("a b c", "x y", ((0, 1), (2, 3), (4, 5)), ((0, 1), (2, 3)),
                                 (WordLink(0, 0, 0.9, 0.9),))
    assert result.unaligned_source() == [1, 2]
    assert result.unaligned_target() == [1]


def test_result_rejects_links_outside_words() -> None:
    with pytest.raises(ValueError):
        WordAlignmentResult("a", "b", ((0, 1),), ((0, 1),), (WordLink(0, 1, 0.5, 0.5),))


def test_align_batch_matches_align_and_keeps_order(aligner: WordAligner) -> None:
    pairs = [
        ("Η Ελλάδα και η Τουρκία", "Greece and Turkey"),
        ("", "nothing to align"),
        ("Die Polizei nahm drei Verdächtige fest.", "Police arrested three suspects."),
        ("Η Ελλάδα και η Τουρκία", "Greece and Turkey"),  # duplicate: encoded once
        ("北京 欢迎 你", "北京 欢迎 你"),
    ]
    batch = aligner.align_batch(pairs, batch_size=2, chunk_size=3)
    assert [r.source_text for r in batch] == [p[0] for p in pairs]
    assert batch == [aligner.align(*p) for p in pairs]


def test_align_batch_calls_encoder_once_per_chunk() -> None:
    enc = get_encoder("hash")
    al = WordAligner(enc, layer=2)
    calls: list[int] = []
    original = enc.token_states

    def spy(texts, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return original(texts, **kwargs)

    enc.token_states = spy  # type: ignore[method-assign]
    try:
        al.align_batch([("a b", "c d"), ("e f", "g h"), ("a b", "i j")])
    finally:
        del enc.token_states
    assert calls == [5]


def test_given_spans_and_pretokenized_input(aligner: WordAligner) -> None:
    src = "Das Haus , 2,5"
    result = WordAligner(get_encoder("hash"), layer=0, tokenizer="whitespace").align(src, src)
    assert result.to_pharaoh() == "0-0 1-1 2-2 3-3"
    assert result.source_words == ["Das", "Haus", ",", "2,5"]
    spans = [(0, 3), (4, 8)]
    assert aligner.align(src, src, spans, spans).source_spans == ((0, 3), (4, 8))
    with pytest.raises(InputError):
        aligner.align(src, src, [(5, 3)], None)


def test_min_probability_filters_links() -> None:
    al = WordAligner(get_encoder("hash"), layer=0, min_probability=1.0)
    result = al.align("alpha beta", "beta gamma")
    assert all(ln.probability >= 1.0 for ln in result.links)


def test_aligner_validates_configuration() -> None:
    with pytest.raises(ConfigError):
        WordAligner("hash", method="greedy")
    with pytest.raises(ConfigError):
        WordAligner("hash", level="char")
    with pytest.raises(ConfigError):
        WordAligner("hash", tokenizer="spacy")
    with pytest.raises(ValueError):
        WordAligner("hash", layer=99).align("a", "b")


def test_encoder_is_loaded_lazily() -> None:
    al = WordAligner("no-such-encoder")
    assert "no-such-encoder" in repr(al)
    assert al.align("", "x").links == ()  # nothing to encode: the encoder is never needed
    from mtqa.errors import BackendError

    with pytest.raises(BackendError):
        al.align("a", "b")
