"""Fast tests of the encoder machinery through the hashing test encoder (no torch, no model)."""

from __future__ import annotations

import logging
import random
import subprocess
import sys
import unicodedata

import numpy as np
import pytest

from mtqa.encoders import clear_loaded, embed_texts, get_encoder, list_encoders
from mtqa.encoders.base import TokenStates, cache_key, nfc_with_map, plan_batches, plan_windows
from mtqa.encoders.hashing import HashingEncoder
from mtqa.errors import BackendError, InputError

TEXTS = [
    "Οι ΗΠΑ και η Ιαπωνία πραγματοποίησαν κοινά στρατιωτικά γυμνάσια.",
    "The US and Japan held joint military exercises.",
    "Der Bundestag hat am 5. März 2024 das Gesetz verabschiedet.",
    "Москва — столица России, 12 млн жителей.",
    "东京是日本的首都。",
    "مرحبا بالعالم، كيف حالك؟",
    "short",
    "",
    "A much longer sentence, with punctuation; numbers like 3.14 and 2,500 — and more words!",
]


@pytest.fixture()
def enc() -> HashingEncoder:
    return HashingEncoder()


# -- registry -------------------------------------------------------------------------------


def test_registry_lookup_and_process_cache() -> None:
    clear_loaded()
    a = get_encoder("hash")
    assert isinstance(a, HashingEncoder)
    assert get_encoder("hash") is a
    names = list_encoders()
    assert "e5-small" in names and "hash" in names


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(BackendError) as err:
        get_encoder("e5-smal")
    assert "e5-small" in str(err.value) and "hash" in str(err.value)
    assert err.value.hint and "e5-small" in err.value.hint


def test_hf_name_not_cached_is_backend_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("MTQA_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(BackendError) as err:
        get_encoder("hf:nobody/no-such-model")
    assert "--model /path/to/folder" in (err.value.hint or "")


def test_import_is_lazy() -> None:
    code = "import sys, mtqa, mtqa.encoders; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_embed_texts_wrapper() -> None:
    v = embed_texts(["a b", "c"], model="hash")
    assert v.shape == (2, 64) and v.dtype == np.float32


# -- sentence vectors -----------------------------------------------------------------------


def test_embed_shape_norm_and_empty(enc: HashingEncoder) -> None:
    v = enc.embed(TEXTS)
    assert v.shape == (len(TEXTS), enc.dim) and v.dtype == np.float32
    norms = np.linalg.norm(v, axis=1)
    assert np.allclose(norms[[i for i, t in enumerate(TEXTS) if t]], 1.0, atol=1e-5)
    empty = enc.embed([])
    assert empty.shape == (0, enc.dim) and empty.dtype == np.float32
    with pytest.raises(TypeError):
        enc.embed("not a list")  # type: ignore[arg-type]


def test_batching_order_restored(enc: HashingEncoder) -> None:
    ref = HashingEncoder().embed(TEXTS, batch_size=1)
    order = list(range(len(TEXTS)))
    random.Random(7).shuffle(order)
    shuffled = enc.embed([TEXTS[i] for i in order], batch_size=64)
    np.testing.assert_allclose(shuffled, ref[order], atol=1e-6)
    states1 = HashingEncoder().token_states(TEXTS, layer=3, batch_size=1)
    states64 = HashingEncoder().token_states(TEXTS, layer=3, batch_size=64)
    for a, b in zip(states1, states64):
        np.testing.assert_allclose(a.vectors, b.vectors, atol=1e-6)
        assert a.offsets == b.offsets and a.tokens == b.tokens


def test_layers_differ_and_range_checked(enc: HashingEncoder) -> None:
    a = enc.embed(TEXTS[:2], layer=1)
    b = enc.embed(TEXTS[:2], layer=8)
    assert not np.allclose(a, b)
    np.testing.assert_allclose(enc.embed(TEXTS[:2], layer=-1), enc.embed(TEXTS[:2]))
    with pytest.raises(ValueError):
        enc.embed(["x"], layer=13)


# -- cache ----------------------------------------------------------------------------------


def test_cache_keyed_by_content(enc: HashingEncoder) -> None:
    first = enc.embed(["same text", "other"])
    calls = enc.forward_calls
    # A new str object with equal content (not the same object) must hit the cache.
    again = enc.embed(["".join(["same", " ", "text"])])
    assert enc.forward_calls == calls
    np.testing.assert_array_equal(again[0], first[0])
    # NFD input has the same NFC form: same key, same vector.
    enc.embed([unicodedata.normalize("NFD", "Ελλάδα")])
    calls = enc.forward_calls
    enc.embed(["Ελλάδα"])
    assert enc.forward_calls == calls
    # Prefix and layer are part of the key.
    enc.embed(["same text"], prefix="query: ")
    assert enc.forward_calls == calls + 1
    enc.embed(["same text"], layer=4)
    assert enc.forward_calls == calls + 2
    assert cache_key("emb", "p", "t", None) != cache_key("emb", "p", "t", 12)
    assert cache_key("emb", "ab", "c", None) != cache_key("emb", "a", "bc", None)


def test_cache_is_bounded() -> None:
    enc = HashingEncoder(cache_size=3)
    enc.embed([f"text {i}" for i in range(10)])
    assert len(enc._cache) == 3


def test_duplicates_in_one_call_computed_once(enc: HashingEncoder) -> None:
    v = enc.embed(["dup", "x", "dup"])
    np.testing.assert_array_equal(v[0], v[2])
    assert enc.forward_calls == 1


def test_cached_vectors_are_not_mutable_through_results(enc: HashingEncoder) -> None:
    v = enc.embed(["abc"])
    v[0] = 0.0  # the caller owns its copy
    assert np.linalg.norm(enc.embed(["abc"])[0]) == pytest.approx(1.0, abs=1e-5)


# -- offsets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Οι ΗΠΑ και η Ιαπωνία πραγματοποίησαν γυμνάσια στο Αιγαίο.",
        "东京是日本的首都。 北京",
        "مرحبا بالعالم، كيف حالك؟",
        "  leading and   multiple   spaces  ",
    ],
)
def test_offsets_point_into_raw_text(enc: HashingEncoder, text: str) -> None:
    ts = enc.token_states([text], layer=2)[0]
    assert isinstance(ts, TokenStates)
    assert len(ts.tokens) == len(ts.offsets) == ts.vectors.shape[0] > 0
    for tok, (s, e) in zip(ts.tokens, ts.offsets):
        assert text[s:e] == tok


def test_offsets_with_nfd_input(enc: HashingEncoder) -> None:
    raw = unicodedata.normalize("NFD", "Ο Αλέξης είδε την Αθήνα και το Ηράκλειο.")
    assert raw != unicodedata.normalize("NFC", raw)
    ts = enc.token_states([raw], layer=2)[0]
    for tok, (s, e) in zip(ts.tokens, ts.offsets):
        # Tokens are of the NFC text; their spans cover the raw (decomposed) characters.
        assert unicodedata.normalize("NFC", raw[s:e]) == tok
    nfc_ts = enc.token_states([unicodedata.normalize("NFC", raw)], layer=2)[0]
    np.testing.assert_allclose(ts.vectors, nfc_ts.vectors)
    assert ts.offsets != nfc_ts.offsets  # same NFC key, offsets recomputed for each raw text


def test_nfc_with_map() -> None:
    raw = "e\u0301te\u0301 \u1100\u1161\u11a8 x"  # é, é, a Hangul syllable from jamo
    nfc, starts, ends = nfc_with_map(raw)
    assert nfc == unicodedata.normalize("NFC", raw)
    assert len(starts) == len(ends) == len(nfc)
    for j, ch in enumerate(nfc):
        assert unicodedata.normalize("NFC", raw[starts[j] : ends[j]]) .find(ch) >= 0
    assert nfc_with_map("plain") == ("plain", [0, 1, 2, 3, 4], [1, 2, 3, 4, 5])


# -- word vectors ---------------------------------------------------------------------------


def test_word_vectors(enc: HashingEncoder) -> None:
    text = "Οι ΗΠΑ και η Ιαπωνία"
    spans = [(0, 2), (3, 6), (13, 20)]
    wv = enc.word_vectors(text, spans, layer=2)
    ts = enc.token_states([text], layer=2)[0]
    assert wv.shape == (3, enc.dim)
    np.testing.assert_allclose(wv[1], ts.vectors[1])
    # A span covering two tokens averages them.
    both = enc.word_vectors(text, [(0, 6)], layer=2)[0]
    np.testing.assert_allclose(both, ts.vectors[:2].mean(axis=0), atol=1e-6)


@pytest.mark.parametrize("span", [(2, 3), (5, 5), (0, 999), (-1, 2)])
def test_word_vectors_uncovered_span_is_error(enc: HashingEncoder, span) -> None:
    with pytest.raises(InputError):
        enc.word_vectors("ab  cd", [span], layer=2)


# -- long texts -----------------------------------------------------------------------------


def test_plan_windows_cover_every_token_once() -> None:
    for n in (1, 7, 8, 9, 30, 100, 1021):
        for width, overlap in ((8, 2), (8, 0), (510, 128)):
            plan = plan_windows(n, width, overlap)
            owned = [i for _, _, a, b in plan for i in range(a, b)]
            assert owned == list(range(n))
            for s, e, a, b in plan:
                assert 0 <= s <= a <= b <= e <= n and e - s <= width


def test_long_text_windowed_not_truncated(caplog: pytest.LogCaptureFixture) -> None:
    words = [f"w{i % 37}x{i}" for i in range(100)]
    text = " ".join(words)
    small = HashingEncoder(max_tokens=16, window_overlap=6)
    big = HashingEncoder(max_tokens=512)
    with caplog.at_level(logging.WARNING, logger="mtqa.encoders"):
        ts = small.token_states([text], layer=6)[0]
    assert any("windows" in r.getMessage() for r in caplog.records)
    ref = big.token_states([text], layer=6)[0]
    assert ts.tokens == ref.tokens == words
    # The hashing encoder looks one token to each side, so stitched windows equal one pass.
    np.testing.assert_allclose(ts.vectors, ref.vectors, atol=1e-6)
    v_small = small.embed([text])[0]
    v_big = big.embed([text])[0]
    assert float(v_small @ v_big) > 0.999


# -- one pass for sentence vectors and token states -------------------------------------------

LONG = " ".join(f"w{i % 37}x{i}" for i in range(100))
ENCODE_TEXTS = [*TEXTS, unicodedata.normalize("NFD", "Ελλάδα και Κρήτη"), "Ελλάδα και Κρήτη", LONG,
                TEXTS[1]]


def _assert_same_states(a: list[TokenStates], b: list[TokenStates]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_allclose(x.vectors, y.vectors, atol=1e-6)
        assert x.offsets == y.offsets and x.tokens == y.tokens


@pytest.mark.parametrize("embed_layer", [None, 4])
@pytest.mark.parametrize("max_tokens", [512, 16])  # 16: the long text goes through windows
def test_encode_equals_separate_calls(embed_layer: int | None, max_tokens: int) -> None:
    ref = HashingEncoder(max_tokens=max_tokens, window_overlap=6)
    want_vecs = ref.embed(ENCODE_TEXTS, layer=embed_layer)
    want_states = ref.token_states(ENCODE_TEXTS, layer=7)
    enc = HashingEncoder(max_tokens=max_tokens, window_overlap=6)
    vecs, states = enc.encode(ENCODE_TEXTS, layer=7, embed_layer=embed_layer)
    np.testing.assert_allclose(vecs, want_vecs, atol=1e-6)
    _assert_same_states(states, want_states)
    # Both caches are filled: the separate calls afterwards never run the model.
    calls = enc.forward_calls
    np.testing.assert_array_equal(enc.embed(ENCODE_TEXTS, layer=embed_layer), vecs)
    # (The NFC spelling of the Greek text shares its cache entry with the NFD one, whose raw
    # offsets are cached; token_states recomputes such a text, as it always has.)
    keep = [i for i, t in enumerate(ENCODE_TEXTS) if t != "Ελλάδα και Κρήτη"]
    again = enc.token_states([ENCODE_TEXTS[i] for i in keep], layer=7)
    assert enc.forward_calls == calls
    assert all(a is states[i] for a, i in zip(again, keep))
    _assert_same_states(again, [want_states[i] for i in keep])


def test_encode_runs_each_text_once() -> None:
    texts = ["the cat sat", "a dog", "the cat sat", "birds sing at dawn"]
    enc = HashingEncoder()
    enc.encode(texts, layer=7)
    assert enc.forward_calls == 1  # one batch, both layers read from the same pass
    separate = HashingEncoder()
    separate.embed(texts)
    separate.token_states(texts, layer=7)
    assert separate.forward_calls == 2


def test_encode_computes_only_what_is_missing() -> None:
    enc = HashingEncoder()
    ref = HashingEncoder()
    enc.embed(TEXTS[:3])  # sentence vectors cached, token states not
    enc.token_states(TEXTS[5:7], layer=7)  # the other way round
    calls = enc.forward_calls
    vecs, states = enc.encode(TEXTS, layer=7)
    # Texts 0-2: token states only; 5-6: vectors only; the rest: one pass for both.
    assert enc.forward_calls == calls + 3
    np.testing.assert_allclose(vecs, ref.embed(TEXTS), atol=1e-6)
    _assert_same_states(states, ref.token_states(TEXTS, layer=7))
    calls = enc.forward_calls
    enc.encode(TEXTS, layer=7)
    assert enc.forward_calls == calls  # everything cached now


def test_encode_checks_its_arguments(enc: HashingEncoder) -> None:
    with pytest.raises(TypeError):
        enc.encode("one string", layer=7)
    with pytest.raises(ValueError):
        enc.encode(["x"], layer=13)
    vecs, states = enc.encode([], layer=7)
    assert vecs.shape == (0, 64) and states == []


def test_plan_batches_bound_padding() -> None:
    rng = random.Random(3)
    lengths = sorted((rng.randint(3, 140) for _ in range(300)), reverse=True)
    filled = plan_batches(lengths, 64, 16384, None)
    assert filled == [64, 64, 64, 64, 44]
    for cost in (0, 16, 64, 10_000):
        sizes = plan_batches(lengths, 64, 2000, cost)
        assert sum(sizes) == len(lengths) and all(1 <= s <= 64 for s in sizes)
        pos = 0
        padded = 0
        for s in sizes:
            assert s == 1 or s * lengths[pos] <= 2000
            padded += s * lengths[pos]
            pos += s
        if cost == 0:
            assert padded == sum(lengths)  # free calls: no padding at all
    assert plan_batches([], 64, 16384, 64) == []


def test_planned_batches_give_the_same_results() -> None:
    planned = HashingEncoder()
    planned.batch_call_tokens = 8
    ref = HashingEncoder()
    np.testing.assert_allclose(planned.embed(ENCODE_TEXTS), ref.embed(ENCODE_TEXTS), atol=1e-6)
    _assert_same_states(planned.token_states(ENCODE_TEXTS, layer=3),
                        ref.token_states(ENCODE_TEXTS, layer=3))
    assert planned.forward_calls > ref.forward_calls  # it did split the batch


def test_align_story_encodes_each_sentence_once() -> None:
    from mtqa.align.sentence import align_sentences
    from mtqa.align.story import align_story
    from mtqa.align.word import WordAligner
    from mtqa.sentences import segment_document

    text = "Vorspann.\n\nDas rote Haus brennt. Der Hund schläft!"
    src, tgt = segment_document("s", "de", text), segment_document("t", "en", text)
    enc = HashingEncoder()
    story = align_story(src, tgt, enc, layer=7)
    assert [(a.source, a.target) for a in story.sentences.alignments] == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert enc.forward_calls == 1  # every sentence, both levels, one batch
    ref = HashingEncoder()
    sentences = align_sentences(src, tgt, ref)
    assert story.sentences.alignments == sentences.alignments
    pairs = [(src.sentences[a.source[0]], tgt.sentences[a.target[0]]) for a in sentences.alignments]
    words = WordAligner(ref, layer=7).align_batch(pairs)
    assert [w.links for w in story.words] == [w.links for w in words]
    assert ref.forward_calls == 2
