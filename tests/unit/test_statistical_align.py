"""Statistical word alignment (eflomal), symmetrization heuristics and the neural+statistical vote."""

from __future__ import annotations

import random
import sys

import numpy as np
import pytest

from mtqa.align.combine import CombinedAligner, combine, combine_batch, vote_matrix
from mtqa.align.statistical import (
    SYMMETRIZATIONS,
    EflomalAligner,
    agreement,
    grow_diag,
    grow_diag_final,
    grow_diag_final_and,
    intersection,
    iter_tsv_pairs,
    symmetrize,
    union,
)
from mtqa.align.word import WordAligner, WordAlignmentResult, WordLink
from mtqa.errors import BackendError, ConfigError, InputError
from mtqa.metrics.alignment import word_alignment_scores

# ---------------------------------------------------------------------------------------------
# Symmetrization on hand-made link sets (answers worked out by hand from Koehn's definitions)


def test_symmetrization_known_answers_final_vs_final_and() -> None:
    # Source word 3 has a different partner in each direction, far from the intersection.
    fwd = {(0, 0), (1, 1), (3, 2)}
    rev = {(0, 0), (1, 1), (3, 3)}
    assert intersection(fwd, rev) == {(0, 0), (1, 1)}
    assert union(fwd, rev) == {(0, 0), (1, 1), (3, 2), (3, 3)}
    assert grow_diag(fwd, rev) == {(0, 0), (1, 1)}  # (3, x) neighbours nothing aligned
    # final: (3, 2) from fwd (both words free), then (3, 3) from rev (target 3 still free)
    assert grow_diag_final(fwd, rev) == {(0, 0), (1, 1), (3, 2), (3, 3)}
    # final-and: (3, 3) needs source 3 free too, and (3, 2) took it
    assert grow_diag_final_and(fwd, rev) == {(0, 0), (1, 1), (3, 2)}


def test_grow_diag_adds_neighbours_with_an_unaligned_word() -> None:
    # "prime minister": Greek word 1 (πρωθυπουργός) goes to English 1 and 2 in fwd only.
    fwd = {(0, 0), (1, 1), (1, 2), (3, 3)}
    rev = {(0, 0), (1, 1), (2, 2), (3, 3)}
    # (1, 2) neighbours (1, 1) and target 2 is free; then (2, 2) neighbours (1, 1) diagonally
    # and source 2 is free, although target 2 is now aligned.
    assert grow_diag(fwd, rev) == {(0, 0), (1, 1), (1, 2), (2, 2), (3, 3)}
    assert grow_diag_final_and(fwd, rev) == union(fwd, rev)


def test_grow_never_links_two_aligned_words() -> None:
    fwd = {(0, 0), (1, 1), (0, 1)}
    rev = {(0, 0), (1, 1)}
    # (0, 1) neighbours both links but source 0 and target 1 are already aligned.
    assert grow_diag(fwd, rev) == {(0, 0), (1, 1)}
    assert grow_diag_final_and(fwd, rev) == {(0, 0), (1, 1)}
    assert grow_diag_final(fwd, rev) == {(0, 0), (1, 1)}


def test_symmetrization_orderings_on_random_sets() -> None:
    rng = random.Random(7)
    for _ in range(200):
        m, n = rng.randint(1, 8), rng.randint(1, 8)
        fwd = {(rng.randrange(m), j) for j in range(n) if rng.random() < 0.8}
        rev = {(i, rng.randrange(n)) for i in range(m) if rng.random() < 0.8}
        inter, uni = intersection(fwd, rev), union(fwd, rev)
        gd, gdf, gdfa = grow_diag(fwd, rev), grow_diag_final(fwd, rev), grow_diag_final_and(fwd, rev)
        assert inter <= gd <= gdfa <= gdf <= uni
        assert symmetrize(fwd, rev, "grow-diag-final-and") == gdfa
        assert gdfa == grow_diag_final_and(list(fwd), iter(rev))  # any iterables
        assert grow_diag_final_and(fwd, fwd) == fwd


def test_symmetrize_names_and_empty() -> None:
    assert SYMMETRIZATIONS[0] == "grow-diag-final-and"
    for name in SYMMETRIZATIONS:
        assert symmetrize(set(), set(), name) == set()
        assert symmetrize({(0, 0)}, {(0, 0)}, name) == {(0, 0)}
    with pytest.raises(ConfigError, match="valid: grow-diag-final-and"):
        symmetrize(set(), set(), "gdfa")


def test_agreement_values() -> None:
    assert agreement((0, 0), {(0, 0)}, {(0, 0)}) == 1.0
    assert agreement((0, 1), {(0, 1)}, set()) == 0.5
    assert agreement((0, 1), set(), {(0, 1)}) == 0.5
    assert agreement((5, 5), {(0, 0)}, {(0, 0)}) == 0.0


# ---------------------------------------------------------------------------------------------
# Corpus reading, configuration, missing backend


def test_iter_tsv_pairs(tmp_path) -> None:
    p = tmp_path / "c.tsv"
    p.write_text("# el\ten\nΚαλημέρα\tGood morning\n\nΑρχείο\tFile\n", encoding="utf-8")
    assert list(iter_tsv_pairs(p)) == [("Καλημέρα", "Good morning"), ("Αρχείο", "File")]
    assert list(iter_tsv_pairs(p, swap=True))[1] == ("File", "Αρχείο")
    p.write_text("ok\tfine\nno tab here\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(iter_tsv_pairs(p))
    assert err.value.line == 2 and err.value.path == str(p)
    with pytest.raises(InputError, match="not found"):
        list(iter_tsv_pairs(tmp_path / "missing.tsv"))


@pytest.mark.parametrize(
    "kwargs",
    [{"symmetrization": "gdfa"}, {"model": 4}, {"n_samplers": 0}, {"null_prior": 1.0}, {"tokenizer": "spacy"},
     {"rel_iterations": 0}],
)
def test_config_errors(kwargs) -> None:
    with pytest.raises(ConfigError):
        EflomalAligner(**kwargs)


def test_missing_eflomal_is_a_backend_error(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "eflomal", None)  # makes "import eflomal" raise ImportError
    with pytest.raises(BackendError) as err:
        EflomalAligner().align_batch([("ένα", "one")])
    assert "pip install eflomal" in (err.value.hint or "")
    assert err.value.exit_code == 4


def test_pairs_without_words_never_start_eflomal(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "eflomal", None)
    out = EflomalAligner().align_batch([("", "one"), ("ένα", "  ")])
    assert [r.links for r in out] == [(), ()]
    assert out[0].target_words == ["one"]


def test_too_long_sentence_is_an_input_error() -> None:
    with pytest.raises(InputError, match="at most 1023"):
        EflomalAligner().align_batch([("a " * 1100, "b")])


def test_bad_pairs_and_spans() -> None:
    with pytest.raises(InputError, match="not a"):
        EflomalAligner().align_batch([("only one",)])  # type: ignore[list-item]
    with pytest.raises(InputError, match="span pairs"):
        EflomalAligner().align_batch([("a", "b")], spans=[])
    with pytest.raises(InputError, match="outside"):
        EflomalAligner().align_batch([("a", "b")], spans=[([(0, 5)], None)])


# ---------------------------------------------------------------------------------------------
# The combination rule on hand-made results

SP3 = ((0, 1), (2, 3), (4, 5))


def _result(links: list[tuple[int, int, float]], sim: float = 0.0) -> WordAlignmentResult:
    return WordAlignmentResult("a b c", "x y z", SP3, SP3, tuple(WordLink(i, j, p, sim) for i, j, p in links))


def test_vote_keeps_neural_and_adds_supported_statistical_links() -> None:
    neural = _result([(0, 0, 0.95)], sim=0.8)
    stat = _result([(0, 0, 1.0), (1, 1, 1.0), (2, 1, 0.5), (2, 2, 0.5)])
    prob = np.array([[0.95, 0.0, 0.0], [0.0, 0.1, 0.0], [0.0, 0.1, 0.3]])
    sims = np.full((3, 3), 0.6)
    out = combine(neural, stat, probabilities=prob, similarities=sims)
    # (1,1): both directions -> 0.1 + 0.5 >= 0.5; (2,1): 0.1 + 0.25 < 0.5; (2,2): 0.3 + 0.25 >= 0.5
    assert out.link_set() == {(0, 0), (1, 1), (2, 2)}
    assert {(ln.source, ln.target): round(ln.probability, 3) for ln in out.links}[(1, 1)] == round(0.6 / 1.5, 3)
    assert all(ln.similarity == 0.6 for ln in out.links)


def test_vote_cosine_guard_and_keep_neural() -> None:
    neural = _result([(0, 0, 0.2)], sim=0.1)
    stat = _result([(1, 1, 1.0)])
    sims = np.array([[0.1, 0, 0], [0, 0.49, 0], [0, 0, 0]])
    assert combine(neural, stat, similarities=sims).link_set() == {(0, 0)}  # 0.49 < 0.5
    assert combine(neural, stat, similarities=sims, min_similarity=0.3).link_set() == {(0, 0), (1, 1)}
    # without keep_neural a weak neural link must win the vote like any other
    assert combine(neural, stat, similarities=sims, keep_neural=False, min_similarity=0.3).link_set() == {(1, 1)}


def test_neural_only_cells_need_probability_above_threshold() -> None:
    neural = _result([(0, 0, 0.9)])
    stat = _result([])
    prob = np.array([[0.9, 0.6, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.49]])
    assert combine(neural, stat, probabilities=prob).link_set() == {(0, 0), (0, 1)}
    assert combine(neural, stat, probabilities=prob, threshold=1.0).link_set() == {(0, 0)}


def test_combine_checks_inputs() -> None:
    other = WordAlignmentResult("a b", "x y z", ((0, 1), (2, 3)), SP3, ())
    with pytest.raises(InputError, match="same words"):
        combine(_result([]), other)
    with pytest.raises(InputError, match="shape"):
        combine(_result([]), _result([]), probabilities=np.zeros((2, 3)))
    with pytest.raises(ConfigError):
        combine(_result([]), _result([]), threshold=0)
    with pytest.raises(InputError, match="statistical"):
        combine_batch([_result([])], [])
    with pytest.raises(InputError, match="shape"):
        vote_matrix(np.zeros((1, 2)), np.zeros((2, 1)))


# ---------------------------------------------------------------------------------------------
# eflomal on a synthetic corpus: a toy "Greek" with verb-final order and a fixed lexicon



@pytest.fixture
def needs_eflomal() -> None:
    """Skip where eflomal is not installed (it is an optional extra; CI installs it)."""
    pytest.importorskip("eflomal")

LEXICON = {
    "subj": [("ο σκύλος", "the dog"), ("η γάτα", "the cat"), ("ο δάσκαλος", "the teacher"),
             ("η μητέρα", "the mother"), ("ο αγρότης", "the farmer"), ("η γιατρός", "the doctor")],
    "verb": [("βλέπει", "sees"), ("αγαπά", "loves"), ("φέρνει", "brings"), ("ψάχνει", "seeks"),
             ("πλένει", "washes"), ("ακούει", "hears")],
    "obj": [("ψωμί", "bread"), ("νερό", "water"), ("βιβλίο", "book"), ("λουλούδι", "flower"),
            ("αυτοκίνητο", "car"), ("παιδί", "child"), ("κλειδί", "key")],
    "adv": [("σήμερα", "today"), ("αύριο", "tomorrow"), ("πάντα", "always"), ("συχνά", "often")],
}


def toy_corpus(n: int, seed: int = 3) -> list[tuple[str, str, set[tuple[int, int]]]]:
    """``(greek, english, gold links)``: Greek "ADV art S O V", English "art S V the O ADV"."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        (s_el, s_en), (v_el, v_en), (o_el, o_en) = (rng.choice(LEXICON[k]) for k in ("subj", "verb", "obj"))
        adv = rng.choice(LEXICON["adv"]) if rng.random() < 0.5 else None
        el: list[tuple[str, str]] = []  # (greek word, role key)
        if adv:
            el.append((adv[0], "adv"))
        el += [(s_el.split()[0], "s_art"), (s_el.split()[1], "s"), (o_el, "o"), (v_el, "v")]
        en = [(s_en.split()[0], "s_art"), (s_en.split()[1], "s"), (v_en, "v"), ("the", "o_art"), (o_en, "o")]
        if adv:
            en.append((adv[1], "adv"))
        roles_en = {role: j for j, (_, role) in enumerate(en)}
        gold = {(i, roles_en[role]) for i, (_, role) in enumerate(el) if role in roles_en}
        out.append((" ".join(w for w, _ in el), " ".join(w for w, _ in en), gold))
    return out


def test_eflomal_recovers_a_toy_lexicon_with_reordering(needs_eflomal: None) -> None:
    corpus = toy_corpus(300)
    test, train = corpus[:30], corpus[30:]
    aligner = EflomalAligner()
    results = aligner.align_batch([(s, t) for s, t, _ in test], extra_training=[(s, t) for s, t, _ in train])
    # Score the lexicon links (content words): the articles are ambiguous by construction (one
    # Greek article, two English "the"), and eflomal splits them either way.
    content = {el for key in ("subj", "verb", "obj", "adv") for w, _ in LEXICON[key] for el in w.split()[-1:]}

    def lexical(r: WordAlignmentResult, links: set[tuple[int, int]]) -> set[tuple[int, int]]:
        return {(i, j) for i, j in links if r.source_words[i] in content}

    gold = [lexical(r, g) for r, (_, _, g) in zip(results, test)]
    pred = [lexical(r, r.link_set()) for r in results]
    scores = word_alignment_scores(gold, None, pred)
    # Measured: precision and recall 1.0 on every run; eflomal cannot be seeded, so leave room.
    assert scores["recall"] >= 0.95 and scores["precision"] >= 0.95, scores
    assert aligner.last_training_size == 300
    r = results[0]
    assert r.signature.startswith("mtqa:") and "aligner:eflomal@" in r.signature and "train:300" in r.signature
    assert all(ln.probability in (0.5, 1.0) and ln.similarity == 0.0 for r in results for ln in r.links)
    # the verb moved from the end of the Greek sentence to the middle of the English one
    verb_links = [(ln.source, ln.target) for ln in r.links if r.source_words[ln.source] in dict(LEXICON["verb"])]
    assert verb_links and all(r.target_words[j] == dict(LEXICON["verb"])[r.source_words[i]] for i, j in verb_links)


def test_eflomal_token_lists_spans_and_empty_pairs(needs_eflomal: None) -> None:
    corpus = toy_corpus(200, seed=5)
    tokens = [(s.split(), t.split()) for s, t, _ in corpus]
    src, tgt = corpus[0][0], corpus[0][1]
    spans = [(None, None), (None, None), ([(0, len(src))], None)]  # third: the whole Greek sentence is one word
    out = EflomalAligner(symmetrization="intersection").align_batch(
        [(src, tgt), ("", tgt), (src, tgt)], extra_training=tokens, spans=spans
    )
    assert out[0].link_set() and out[1].links == ()
    assert out[2].source_spans == ((0, len(src)),) and all(ln.source == 0 for ln in out[2].links)
    assert all(ln.probability == 1.0 for ln in out[0].links)  # intersection: both directions agree
    with pytest.raises(InputError, match="mix"):
        EflomalAligner().align_batch([(src, tgt)], extra_training=[(src, ["x"])])


def test_combined_aligner_with_test_encoder(needs_eflomal: None) -> None:
    corpus = toy_corpus(200, seed=11)
    pairs = [(s, t) for s, t, _ in corpus[:10]]
    comb = CombinedAligner(WordAligner("hash", layer=1), EflomalAligner())
    out = comb.align_batch(pairs, extra_training=[(s, t) for s, t, _ in corpus[10:]])
    assert len(out) == 10 and [r.source_text for r in out] == [s for s, _ in pairs]
    assert "combine:vote" in out[0].signature and "aligner:eflomal@" in out[0].signature
    neural = comb.neural.align_batch(pairs)
    for r, n in zip(out, neural):
        assert n.link_set() <= r.link_set()  # the vote only adds links
