"""Statistical word alignment trained locally with eflomal (Östling & Tiedemann, 2016).

eflomal is an unsupervised Bayesian IBM1 → HMM → HMM+fertility aligner sampled with Gibbs
sampling. It has no separate "train" and "apply" steps: it learns from the whole input and
returns links for every line of it. So the usual use is to put the sentences you care about
*first* and a larger parallel corpus after them, and keep only the first links::

    aligner = EflomalAligner()
    results = aligner.align_batch(test_pairs, extra_training=iter_tsv_pairs("el-en.tsv"))

The aligner runs both directions (source→target and target→source) and symmetrizes them with
:func:`symmetrize` (grow-diag-final-and by default). The symmetrization functions are pure
functions over link sets, testable without eflomal:

>>> fwd = {(0, 0), (1, 1), (3, 2)}          # every target word has at most one source word
>>> rev = {(0, 0), (1, 1), (3, 3)}          # every source word has at most one target word
>>> sorted(intersection(fwd, rev)), sorted(union(fwd, rev))
([(0, 0), (1, 1)], [(0, 0), (1, 1), (3, 2), (3, 3)])
>>> sorted(grow_diag_final_and(fwd, rev))   # (3, 3) comes after source word 3 got (3, 2)
[(0, 0), (1, 1), (3, 2)]

eflomal gives no per-link probability (only a score per sentence), so each
:class:`~mtqa.align.word.WordLink` carries an *agreement* value instead: ``probability`` is
1.0 when both directions proposed the link and 0.5 when only one did (a link grown by the
heuristic is always in one direction at least). ``similarity`` is 0.0: there are no vectors
(:class:`mtqa.align.combine.CombinedAligner` fills in the neural cosine).

Determinism: eflomal 2.0.0 seeds its sampler from ``/dev/urandom`` and has no seed option, so two
runs can differ in a few links. Several independent samplers (``n_samplers``, default 3) whose
marginals are averaged keep the variation small; on the 30-pair gold set with the po corpus, AER
varied by about ±0.005 between runs.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from mtqa.align.tokenize import Tokenizer, checked_spans, resolve_tokenizer
from mtqa.align.word import Spans, WordAlignmentResult, WordLink
from mtqa.data import Signature
from mtqa.errors import BackendError, ConfigError, InputError

__all__ = [
    "SYMMETRIZATIONS",
    "EflomalAligner",
    "agreement",
    "grow_diag",
    "grow_diag_final",
    "grow_diag_final_and",
    "intersection",
    "iter_tsv_pairs",
    "symmetrize",
    "union",
]

log = logging.getLogger("mtqa.align")

Link = tuple[int, int]
LinkSet = set[Link]

# ---------------------------------------------------------------------------------------------
# Symmetrization: pure functions over link sets. Links are (source, target) in both inputs: the
# forward alignment gives each target word at most one source word, the reverse one each source
# word at most one target word (what eflomal writes with -f and -r).

# The 8 neighbours of a cell: horizontal/vertical first, then diagonal (Koehn's grow-diag).
_NEIGHBOURS: tuple[Link, ...] = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def intersection(fwd: Iterable[Link], rev: Iterable[Link]) -> LinkSet:
    """Links both directions agree on: high precision, low recall.

    >>> sorted(intersection({(0, 0), (1, 2)}, {(0, 0), (1, 1)}))
    [(0, 0)]
    """
    return set(fwd) & set(rev)


def union(fwd: Iterable[Link], rev: Iterable[Link]) -> LinkSet:
    """Links either direction proposes: high recall, low precision.

    >>> sorted(union({(0, 0)}, {(1, 1)}))
    [(0, 0), (1, 1)]
    """
    return set(fwd) | set(rev)


def _grow(alignment: LinkSet, candidates: LinkSet, neighbours: Sequence[Link]) -> LinkSet:
    """Koehn's GROW: repeatedly add a candidate neighbouring an aligned cell when one of its two
    words is still unaligned. Cells are visited in sorted order each pass, so the result is
    deterministic (Moses walks the same row-major order)."""
    alignment = set(alignment)
    src_aligned = {i for i, _ in alignment}
    tgt_aligned = {j for _, j in alignment}
    changed = True
    while changed:
        changed = False
        for i, j in sorted(alignment):
            for di, dj in neighbours:
                cell = (i + di, j + dj)
                if cell in alignment or cell not in candidates:
                    continue
                if cell[0] not in src_aligned or cell[1] not in tgt_aligned:
                    alignment.add(cell)
                    src_aligned.add(cell[0])
                    tgt_aligned.add(cell[1])
                    changed = True
    return alignment


def _final(alignment: LinkSet, directional: Iterable[Link], *, both: bool) -> LinkSet:
    """Koehn's FINAL(-AND): add a directional link whose source word (``both=False``: *or* target
    word) is unaligned; FINAL-AND requires *both* words to be unaligned."""
    alignment = set(alignment)
    src_aligned = {i for i, _ in alignment}
    tgt_aligned = {j for _, j in alignment}
    for i, j in sorted(directional):
        if (i, j) in alignment:
            continue
        free_i, free_j = i not in src_aligned, j not in tgt_aligned
        if (free_i and free_j) if both else (free_i or free_j):
            alignment.add((i, j))
            src_aligned.add(i)
            tgt_aligned.add(j)
    return alignment


def grow_diag(fwd: Iterable[Link], rev: Iterable[Link]) -> LinkSet:
    """Intersection grown with union links that neighbour it (diagonals included).

    >>> sorted(grow_diag({(0, 0), (1, 0)}, {(0, 0), (1, 1)}))
    [(0, 0), (1, 0), (1, 1)]
    """
    fwd, rev = set(fwd), set(rev)
    return _grow(fwd & rev, fwd | rev, _NEIGHBOURS)


def grow_diag_final(fwd: Iterable[Link], rev: Iterable[Link]) -> LinkSet:
    """:func:`grow_diag`, then any directional link with at least one unaligned word.

    >>> sorted(grow_diag_final({(0, 0), (3, 2)}, {(0, 0), (3, 3)}))
    [(0, 0), (3, 2), (3, 3)]
    """
    fwd, rev = set(fwd), set(rev)
    out = grow_diag(fwd, rev)
    out = _final(out, fwd, both=False)
    return _final(out, rev, both=False)


def grow_diag_final_and(fwd: Iterable[Link], rev: Iterable[Link]) -> LinkSet:
    """:func:`grow_diag`, then any directional link whose two words are both unaligned
    (Moses' default ``grow-diag-final-and``).

    >>> sorted(grow_diag_final_and({(0, 0), (3, 2)}, {(0, 0), (3, 3)}))  # (3, 3) comes too late
    [(0, 0), (3, 2)]
    """
    fwd, rev = set(fwd), set(rev)
    out = grow_diag(fwd, rev)
    out = _final(out, fwd, both=True)
    return _final(out, rev, both=True)


_SYMMETRIZERS: dict[str, Callable[[Iterable[Link], Iterable[Link]], LinkSet]] = {
    "grow-diag-final-and": grow_diag_final_and,
    "grow-diag-final": grow_diag_final,
    "grow-diag": grow_diag,
    "intersection": intersection,
    "union": union,
}
SYMMETRIZATIONS: tuple[str, ...] = tuple(_SYMMETRIZERS)
DEFAULT_SYMMETRIZATION = "grow-diag-final-and"


def symmetrize(fwd: Iterable[Link], rev: Iterable[Link], method: str = DEFAULT_SYMMETRIZATION) -> LinkSet:
    """Combine forward and reverse links with a named heuristic (see :data:`SYMMETRIZATIONS`).

    >>> sorted(symmetrize({(0, 1)}, {(0, 0)}, "union"))
    [(0, 0), (0, 1)]
    >>> symmetrize(set(), set(), "gdfa")
    Traceback (most recent call last):
    ...
    mtqa.errors.ConfigError: unknown symmetrization 'gdfa'; valid: grow-diag-final-and, grow-diag-final, grow-diag, intersection, union
    """
    try:
        fn = _SYMMETRIZERS[method]
    except KeyError:
        raise ConfigError(
            f"unknown symmetrization {method!r}; valid: {', '.join(SYMMETRIZATIONS)}"
        ) from None
    return fn(fwd, rev)


def agreement(link: Link, fwd: set[Link] | frozenset[Link], rev: set[Link] | frozenset[Link]) -> float:
    """1.0 if both directions have ``link``, 0.5 if one does, 0.0 if neither.

    >>> agreement((0, 0), {(0, 0)}, {(0, 0)}), agreement((1, 1), {(1, 1)}, set())
    (1.0, 0.5)
    """
    return 0.5 * ((link in fwd) + (link in rev))


# ---------------------------------------------------------------------------------------------
# Corpus reading


def iter_tsv_pairs(
    path: str | os.PathLike[str], *, swap: bool = False, encoding: str = "utf-8"
) -> Iterator[tuple[str, str]]:
    """Stream ``source<TAB>target`` lines of a parallel corpus (``-`` is stdin;
    ``scripts/fetch_po_corpus.py`` writes such files); ``swap=True`` reads ``target<TAB>source``.
    Blank lines, lines starting with ``#`` and a ``source<TAB>target`` header are skipped, further
    columns (an id) ignored; a line without a tab is an :class:`InputError`.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
    ...     _ = f.write("# el\\ten\\nΚαλημέρα\\tGood morning\\tid7\\n\\n")
    >>> list(iter_tsv_pairs(f.name)), list(iter_tsv_pairs(f.name, swap=True))
    ([('Καλημέρα', 'Good morning')], [('Good morning', 'Καλημέρα')])
    >>> os.unlink(f.name)
    """
    from mtqa.io.tsv import has_header

    name = str(path)
    if name != "-" and not Path(path).is_file():
        raise InputError("training corpus not found", path=name)
    handle = contextlib.nullcontext(sys.stdin) if name == "-" else open(path, encoding=encoding, newline="")
    with handle as fh:
        first = True
        try:
            for lineno, line in enumerate(fh, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) < 2:
                    raise InputError("expected 'source<TAB>target'", path=name, line=lineno)
                if first and has_header(parts):
                    first = False
                    continue
                first = False
                yield (parts[1], parts[0]) if swap else (parts[0], parts[1])
        except UnicodeDecodeError as exc:
            raise InputError(f"not {encoding} text: {exc.reason}", path=name) from None


# ---------------------------------------------------------------------------------------------
# The aligner

# eflomal's file format stores a sentence of 1024 tokens or more as empty (write_text in its
# cython module), so such sentences would silently get no links.
MAX_TOKENS = 1023
SpanPair = tuple[Sequence[tuple[int, int]] | None, Sequence[tuple[int, int]] | None]
TrainingPair = tuple[str, str] | tuple[Sequence[str], Sequence[str]]


def eflomal_token(word: str) -> str:
    # eflomal splits lines on whitespace; word_spans keeps a no-break space inside "10 000".
    return "".join("_" if ch.isspace() else ch for ch in word.lower())


def import_eflomal() -> Any:
    try:
        import eflomal
    except ImportError as exc:
        raise BackendError(
            "the statistical word aligner needs the 'eflomal' package, which is not installed",
            hint="pip install eflomal  (it compiles a small C program: gcc must be available)",
        ) from exc
    return eflomal


def _eflomal_version() -> str:
    try:
        from importlib.metadata import version

        return version("eflomal")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


class EflomalAligner:
    """Unsupervised statistical word aligner: eflomal in both directions, then symmetrization.

    ``model`` is eflomal's 1 (IBM1), 2 (HMM) or 3 (HMM + fertility, the default); ``n_samplers``
    independent Gibbs samplers are averaged; ``rel_iterations`` scales eflomal's automatic
    iteration counts (``5000 / sqrt(n_sentences)`` for the last model); ``null_prior`` is the
    prior probability of a word staying unaligned. Text is tokenized with ``tokenizer``
    (``"words"``: :func:`~mtqa.align.tokenize.word_spans`, like the neural aligner, so results
    combine index for index) and lowercased.

    >>> EflomalAligner(symmetrization="intersection")
    EflomalAligner(model=3, n_samplers=3, symmetrization='intersection')
    """

    def __init__(
        self,
        *,
        symmetrization: str = DEFAULT_SYMMETRIZATION,
        model: int = 3,
        n_samplers: int = 3,
        rel_iterations: float = 1.0,
        null_prior: float = 0.2,
        tokenizer: str | Tokenizer = "words",
    ) -> None:
        if symmetrization not in _SYMMETRIZERS:
            raise ConfigError(
                f"unknown symmetrization {symmetrization!r}; valid: {', '.join(SYMMETRIZATIONS)}"
            )
        if model not in (1, 2, 3):
            raise ConfigError(f"eflomal model must be 1 (IBM1), 2 (HMM) or 3 (HMM+fertility), got {model}")
        if n_samplers < 1:
            raise ConfigError(f"n_samplers must be >= 1, got {n_samplers}")
        if rel_iterations <= 0:
            raise ConfigError(f"rel_iterations must be positive, got {rel_iterations}")
        if not 0.0 < null_prior < 1.0:
            raise ConfigError(f"null_prior must be in (0, 1), got {null_prior}")
        self._tokenize, self._tokenizer_name = resolve_tokenizer(tokenizer)
        self.symmetrization = symmetrization
        self.model = model
        self.n_samplers = n_samplers
        self.rel_iterations = rel_iterations
        self.null_prior = null_prior
        self.last_training_size = 0  # pairs eflomal saw in the last align_batch (test + extra)

    def signature(self, training_pairs: int | None = None) -> str:
        """``mtqa:<version>|aligner:eflomal@2.0.0|model:3|samplers:3|sym:grow-diag-final-and|...``."""
        settings: dict[str, Any] = {
            "aligner": f"eflomal@{_eflomal_version()}",
            "model": self.model,
            "samplers": self.n_samplers,
            "iters": f"{self.rel_iterations:g}x",
            "null": f"{self.null_prior:g}",
            "sym": self.symmetrization,
            "tok": self._tokenizer_name,
            "lc": "yes",
        }
        if training_pairs is not None:
            settings["train"] = training_pairs
        return Signature(settings).format()

    def _spans(self, text: str, spans: Sequence[tuple[int, int]] | None) -> Spans:
        return checked_spans(text, spans, self._tokenize)

    def _tokens(self, text: str, spans: Spans) -> list[str]:
        return [eflomal_token(text[s:e]) for s, e in spans]

    def align(
        self,
        src_text: str,
        tgt_text: str,
        *,
        extra_training: Iterable[TrainingPair] | None = None,
    ) -> WordAlignmentResult:
        """Align one pair; without ``extra_training`` eflomal has a single sentence to learn
        from, which is rarely useful."""
        return self.align_batch([(src_text, tgt_text)], extra_training=extra_training)[0]

    def align_batch(
        self,
        pairs: Iterable[tuple[str, str]],
        *,
        extra_training: Iterable[TrainingPair] | None = None,
        spans: Sequence[SpanPair] | None = None,
    ) -> list[WordAlignmentResult]:
        """Align ``pairs``, training on them plus ``extra_training`` (streamed to disk, never held
        in memory: pass :func:`iter_tsv_pairs` for a large corpus).

        ``extra_training`` items are ``(source, target)`` strings (tokenized like ``pairs``) or
        ``(source_tokens, target_tokens)`` lists. Training pairs with an empty side or more than
        1023 tokens on a side are skipped (counted in the log); a pair of ``pairs`` that long is
        an :class:`InputError`, since eflomal would silently leave it unaligned. Results come back
        in input order; ``spans`` overrides the tokenizer per pair, as in
        :meth:`mtqa.align.word.WordAligner.align_batch`.
        """
        pairs = list(pairs)
        if spans is not None and len(spans) != len(pairs):
            raise InputError(f"{len(spans)} span pairs given for {len(pairs)} sentence pairs")
        prepared: list[tuple[str, str, Spans, Spans]] = []
        for k, pair in enumerate(pairs):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise InputError(f"pair {k} is not a (source, target) pair")
            src, tgt = pair
            if not isinstance(src, str) or not isinstance(tgt, str):
                raise InputError(f"pair {k}: source and target must be strings")
            ss, ts = spans[k] if spans is not None else (None, None)
            src_sp, tgt_sp = self._spans(src, ss), self._spans(tgt, ts)
            if max(len(src_sp), len(tgt_sp)) > MAX_TOKENS:
                raise InputError(
                    f"pair {k} has {len(src_sp)} source and {len(tgt_sp)} target words; eflomal "
                    f"aligns at most {MAX_TOKENS} per sentence",
                    hint="split long segments into sentences first (mtqa split)",
                )
            prepared.append((src, tgt, src_sp, tgt_sp))
        # Pairs with an empty side have no links and are not sent to eflomal (it stores an empty
        # sentence as missing and its output lines would still have to be matched up).
        active = [k for k, (_, _, s, t) in enumerate(prepared) if s and t]
        links: dict[int, tuple[LinkSet, LinkSet]] = {}
        n_train = 0
        if active:
            fwd, rev, n_train = self._run(
                [(self._tokens(prepared[k][0], prepared[k][2]), self._tokens(prepared[k][1], prepared[k][3]))
                 for k in active],
                extra_training,
            )
            links = {k: (fwd[n], rev[n]) for n, k in enumerate(active)}
        signature = self.signature(n_train)
        out: list[WordAlignmentResult] = []
        for k, (src, tgt, src_sp, tgt_sp) in enumerate(prepared):
            word_links: list[WordLink] = []
            if k in links:
                f, r = links[k]
                # Guard against eflomal output that does not fit the words (should not happen).
                f = {(i, j) for i, j in f if i < len(src_sp) and j < len(tgt_sp)}
                r = {(i, j) for i, j in r if i < len(src_sp) and j < len(tgt_sp)}
                for i, j in symmetrize(f, r, self.symmetrization):
                    word_links.append(WordLink(i, j, agreement((i, j), f, r), 0.0))
            out.append(WordAlignmentResult(src, tgt, src_sp, tgt_sp, tuple(word_links), signature))
        return out

    def _training_tokens(self, pair: TrainingPair) -> tuple[list[str], list[str]]:
        src, tgt = pair
        if isinstance(src, str) and isinstance(tgt, str):
            return (self._tokens(src, tuple(self._tokenize(src))), self._tokens(tgt, tuple(self._tokenize(tgt))))
        if isinstance(src, str) or isinstance(tgt, str):
            raise InputError("a training pair must be two strings or two token lists, not a mix")
        return [eflomal_token(w) for w in src], [eflomal_token(w) for w in tgt]

    def _run(
        self,
        test: list[tuple[list[str], list[str]]],
        extra: Iterable[TrainingPair] | None,
    ) -> tuple[list[LinkSet], list[LinkSet], int]:
        """Write test then training sentences to temp files, run eflomal, read the first
        ``len(test)`` lines of both link files."""
        eflomal = import_eflomal()
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="mtqa-eflomal-") as tmp:
            src_path, tgt_path = os.path.join(tmp, "src.txt"), os.path.join(tmp, "tgt.txt")
            fwd_path, rev_path = os.path.join(tmp, "fwd.links"), os.path.join(tmp, "rev.links")
            n = skipped = 0
            with open(src_path, "w", encoding="utf-8") as fs, open(tgt_path, "w", encoding="utf-8") as ft:
                for s, t in test:
                    fs.write(" ".join(s) + "\n")
                    ft.write(" ".join(t) + "\n")
                    n += 1
                for k, pair in enumerate(extra or ()):
                    if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                        raise InputError(f"training pair {k} is not a (source, target) pair")
                    s, t = self._training_tokens(pair)  # type: ignore[arg-type]
                    if not s or not t or max(len(s), len(t)) > MAX_TOKENS:
                        skipped += 1
                        continue
                    fs.write(" ".join(s) + "\n")
                    ft.write(" ".join(t) + "\n")
                    n += 1
                    if n % 100_000 == 0:
                        log.info("eflomal: %d training pairs written", n)
            self.last_training_size = n
            log.info(
                "eflomal: aligning %d pairs (%d to align, %d extra; %d skipped: empty or > %d words)",
                n, len(test), n - len(test), skipped, MAX_TOKENS,
            )
            aligner = eflomal.Aligner(
                model=self.model,
                n_samplers=self.n_samplers,
                rel_iterations=self.rel_iterations,
                null_prior=self.null_prior,
            )
            try:
                with open(src_path, encoding="utf-8") as fs, open(tgt_path, encoding="utf-8") as ft:
                    aligner.align(fs, ft, links_filename_fwd=fwd_path, links_filename_rev=rev_path, quiet=True)
            except Exception as exc:  # CalledProcessError, OSError, ValueError from eflomal
                raise BackendError(f"eflomal failed: {exc}") from exc
            fwd = _read_links(fwd_path, len(test))
            rev = _read_links(rev_path, len(test))
        iters = max(2, int(round(self.rel_iterations * 5000 / math.sqrt(n))))
        log.info("eflomal: %d pairs aligned in %.1f s (%d iterations of model %d)",
                 n, time.perf_counter() - t0, iters, self.model)
        return fwd, rev, n

    def __repr__(self) -> str:
        return (
            f"EflomalAligner(model={self.model}, n_samplers={self.n_samplers}, "
            f"symmetrization={self.symmetrization!r})"
        )


def _read_links(path: str, count: int) -> list[LinkSet]:
    """The first ``count`` lines of an eflomal links file (Pharaoh ``i-j``, source-target)."""
    out: list[LinkSet] = []
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if len(out) == count:
                    break
                out.append({(int(a), int(b)) for a, b in (item.split("-") for item in line.split())})
    except (OSError, ValueError) as exc:
        raise BackendError(f"could not read eflomal's links from {path}: {exc}") from exc
    if len(out) != count:
        raise BackendError(f"eflomal wrote {len(out)} link lines, expected at least {count}")
    return out
