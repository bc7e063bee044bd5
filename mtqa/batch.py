"""Batch checking: a desk's stories and their translations in, every problem ranked out.

:func:`run_batch` reads the two sides, pairs the stories, checks each pair in worker processes
(each loads the model once), scores terminology across the batch and writes a run directory::

    RUN_DIR/manifest.json        inputs and settings (what --resume compares)
    RUN_DIR/matching.json        how stories were paired (by id, or document alignment records)
    RUN_DIR/stories/<id>.<h>.json one per story, written atomically as soon as it is checked
    RUN_DIR/terms.json           batch terminology consistency (and glossary adherence)
    RUN_DIR/findings.jsonl       every finding, one per line, with its story id
    RUN_DIR/summary.json         counts, failed stories, the ranking, terminology score, signature
    RUN_DIR/report.html          the self-contained report (:mod:`mtqa.report.html`)

Inputs: two directories (``*.txt`` or ``*.jsonl`` stories; a file's id is its name up to the
first dot), two JSONL files of ``{id, text}``, or one segment-pair set (TMX, XLIFF, JSONL pairs,
TSV or a ``datasets`` dataset) whose pairs are grouped into stories by a document id in their
metadata (``doc_id``, ``document``, XLIFF's ``original``...), each pair its own story otherwise.

Pairing: when the two sides hold exactly the same ids, stories pair by id (no model needed, no
guessing); otherwise document alignment (:func:`mtqa.align.document.align_documents`) matches
them and the sources left without a translation are reported as unmatched.

Never losing work: the driver writes each story's result atomically when it arrives, so a killed
run leaves only complete files; ``resume=True`` keeps the results whose fingerprint (the story
texts and the run's settings) still matches and redoes the rest, failed stories included. A story
whose check raises is recorded with its error and the run goes on. Every story starts with a cold
encoder cache, so a story's result does not depend on which worker ran it or what ran before
(``jobs=2`` gives the results of ``jobs=1``) and worker memory stays flat as the batch grows.

>>> summary = run_batch("corpora/el-en", "corpora/el-en", src_lang="el", tgt_lang="en",
...                     out_dir="run", model="hash", source_pattern="*.el.txt",
...                     target_pattern="*.flawed.en.txt")  # doctest: +SKIP
>>> summary.data["counts"]["stories"]  # doctest: +SKIP
4
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa._version import __version__
from mtqa.data import (
    SEVERITIES,
    SEVERITY_WEIGHT,
    Alignment,
    Document,
    Glossary,
    Signature,
    severity_rank,
)
from mtqa.errors import BackendError, ConfigError, InputError, MtqaError, UsageError
from mtqa.io.common import display_name, open_output, write_bytes_atomic

log = logging.getLogger("mtqa.batch")

ENGINES = ("local", "ray")
STORIES_DIR = "stories"
# Metadata keys that name the document a segment pair belongs to, most specific first.
DOCUMENT_KEYS = ("doc_id", "docid", "document_id", "document", "story_id", "story", "x-doc-id",
                 "x-docid", "x-document", "x-story", "original")
# A worker process that dies takes its in-flight stories with it; each is retried this many times
# before it is recorded as failed (the story that crashed the worker fails, the others go on).
CRASH_RETRIES = 1


# ---------------------------------------------------------------------------------------------
# The plan: inputs read, stories paired (or to be matched), settings fixed


@dataclass(frozen=True)
class StoryTask:
    """One story pair to check, or one that cannot be (``error``: an unreadable input file)."""

    id: str
    source: Document | None
    target: Document | None
    fingerprint: str
    match: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def size(self) -> int:
        return sum(len(d.text) for d in (self.source, self.target) if d is not None)


@dataclass
class BatchPlan:
    """What a run will do: the stories of both sides, how they pair, the settings, where results go.

    ``tasks`` is filled at plan time when stories pair by id; otherwise the run matches them with
    the model first (``matched_by == "documents"``).
    """

    out_dir: Path
    settings: dict[str, Any]
    inputs: dict[str, Any]
    sources: list[Document]
    targets: list[Document]
    input_errors: list[dict[str, Any]]
    matched_by: str
    model: str
    device: str | None
    threads: int | None
    checks: tuple[str, ...] | None
    glossary: Glossary | None
    resume: bool
    tasks: list[StoryTask] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Stories the run accounts for (checked, failed or unmatched): every source story."""
        return len(self.sources) + sum(e["side"] == "source" for e in self.input_errors)


@dataclass(frozen=True)
class BatchSummary:
    """The result of a run: the run directory and the content of its ``summary.json``."""

    out_dir: Path
    data: dict[str, Any]

    @property
    def failed(self) -> list[dict[str, Any]]:
        return list(self.data["failed"])

    def fails(self, threshold: str) -> bool:
        """True when a story has a finding at or above ``threshold`` (minor, major, critical)."""
        return any(s["worst"] is not None and severity_rank(s["worst"]) >= severity_rank(threshold)
                   for s in self.data["ranked"])


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def _doc_digest(doc: Document) -> str:
    return _digest(doc.id, doc.language, doc.text, json.dumps([[s.start, s.end] for s in doc.segments]))


def story_filename(story_id: str) -> str:
    """A file name for a story id: its safe characters plus a hash, so ``a/b`` and ``a_b`` differ.

    >>> story_filename("03_crete_earthquake")
    '03_crete_earthquake.e8d62d1c.json'
    >>> story_filename("AP/2024 <1>")
    'AP_2024_1.e0f82df4.json'
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", story_id).strip("_")[:60] or "story"
    return f"{safe}.{hashlib.sha1(story_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}.json"


def _matches(name: str, pattern: str | None) -> bool:
    if pattern:
        return fnmatch.fnmatch(name, pattern)
    return name.endswith((".txt", ".jsonl"))


def _read_side(path: str | os.PathLike[str], language: str, side: str, pattern: str | None, encoding: str
               ) -> tuple[list[Document], list[dict[str, Any]]]:
    """The stories of one side; an unreadable file in a directory becomes an input error for its
    story instead of stopping the batch."""
    from mtqa.io import read_documents

    p = Path(path)
    if not p.is_dir():
        return read_documents(path, language, encoding=encoding), []
    files = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".") and _matches(f.name, pattern))
    if not files:
        raise InputError(f"no stories match {pattern or '*.txt / *.jsonl'}", path=str(path))
    docs: list[Document] = []
    errors: list[dict[str, Any]] = []
    for f in files:
        try:
            docs.extend(read_documents(f, language, encoding=encoding))
        except InputError as exc:
            if f.suffix == ".jsonl":
                raise  # a broken JSONL file holds many stories: no single story to blame
            errors.append({"id": f.name.split(".")[0], "side": side, "path": str(f), "error": str(exc)})
    seen: set[str] = set()
    for doc_id in [d.id for d in docs] + [e["id"] for e in errors]:
        if doc_id in seen:
            raise InputError(f"two stories share the id {doc_id!r}", path=str(path),
                             hint="a story's id is its file name up to the first dot; use --src-pattern/"
                                  "--tgt-pattern to pick one file per story")
        seen.add(doc_id)
    return docs, errors


def _document_key(metadata: Mapping[str, Any]) -> str | None:
    for key in DOCUMENT_KEYS:
        value = metadata.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def read_pair_set(path: str | os.PathLike[str], src_lang: str, tgt_lang: str, *, fmt: str | None = None,
                  encoding: str = "utf-8") -> tuple[list[Document], list[Document]]:
    """Stories from a segment-pair set: pairs grouped by their document id (one story per pair
    when they have none), one segment per line on each side, both sides under the same id.

    >>> _document_key({"original": "story1.html", "state": "new"})
    'story1.html'
    """
    from mtqa.io import read_pairs
    from mtqa.sentences import segment_document

    pairs = read_pairs(path, src_lang, tgt_lang, fmt=fmt, encoding=encoding)
    groups: dict[str, list[tuple[str, str]]] = {}
    for number, pair in enumerate(pairs, start=1):
        key = _document_key(pair.metadata) or pair.id or str(number)
        # Segments are lines of the story: a newline inside a segment would split it in two.
        groups.setdefault(key, []).append((" ".join(pair.source.split()), " ".join(pair.target.split())))
    metadata = {"source_file": display_name(path)}
    sources = [segment_document(key, src_lang, "\n".join(s for s, _ in segs), presplit=True, metadata=metadata)
               for key, segs in groups.items()]
    targets = [segment_document(key, tgt_lang, "\n".join(t for _, t in segs), presplit=True, metadata=metadata)
               for key, segs in groups.items()]
    return sources, targets


def _task(story_id: str, source: Document | None, target: Document | None, match: Mapping[str, Any],
          error: str | None = None) -> StoryTask:
    parts = [story_id] + [_doc_digest(d) if d is not None else "-" for d in (source, target)]
    return StoryTask(story_id, source, target, _digest(*parts, error or ""), dict(match), error)


def _tasks_by_id(plan: BatchPlan) -> list[StoryTask]:
    targets = {d.id: d for d in plan.targets}
    errors = {(e["side"], e["id"]): e for e in plan.input_errors}
    order = [d.id for d in plan.sources] + [e["id"] for e in plan.input_errors if e["side"] == "source"]
    sources = {d.id: d for d in plan.sources}
    tasks = []
    for story_id in order:
        bad = errors.get(("source", story_id)) or errors.get(("target", story_id))
        tasks.append(_task(story_id, sources.get(story_id), targets.get(story_id), {"by": "id"},
                           f"{bad['path']}: {bad['error']}" if bad else None))
    return tasks


def _tasks_from_matching(plan: BatchPlan, records: Sequence[Mapping[str, Any]]) -> list[StoryTask]:
    sources = {d.id: d for d in plan.sources}
    targets = {d.id: d for d in plan.targets}
    pairs = {r["source_id"]: r for r in records if r["type"] == "pair"}
    tasks = []
    for doc in plan.sources:
        record = pairs.get(doc.id)
        if record is not None:
            match = {"by": "documents", "target_id": record["target_id"], "score": record["score"],
                     "confidence": record["confidence"]}
            tasks.append(_task(doc.id, doc, targets[record["target_id"]], match))
    for e in plan.input_errors:
        if e["side"] == "source" and e["id"] not in sources:
            tasks.append(_task(e["id"], None, None, {"by": "documents"}, f"{e['path']}: {e['error']}"))
    return tasks


def _glossary_digest(glossary: Glossary | None) -> str | None:
    return None if glossary is None else _digest(json.dumps(glossary.to_dict(), sort_keys=True, ensure_ascii=False))


def plan_batch(
    sources: str | os.PathLike[str],
    translations: str | os.PathLike[str] | None,
    *,
    src_lang: str,
    tgt_lang: str,
    out_dir: str | os.PathLike[str],
    glossary: Glossary | str | os.PathLike[str] | None = None,
    model: str = "e5-small",
    device: str | None = None,
    threads: int | None = None,
    checks: Sequence[str] | None = None,
    resume: bool = False,
    source_pattern: str | None = None,
    target_pattern: str | None = None,
    pair_format: str | None = None,
    encoding: str = "utf-8",
) -> BatchPlan:
    """Read the inputs, pair stories by id when both sides hold the same ids, fix the settings and
    check them against an existing run (``resume``). Writes nothing yet."""
    from mtqa.checks import get_checks
    from mtqa.lang import check_language_pair

    src_lang, tgt_lang = check_language_pair(src_lang, tgt_lang)
    if checks is not None:
        get_checks(checks)  # unknown names fail now, not in every worker
    if glossary is not None and not isinstance(glossary, Glossary):
        from mtqa.io import read_glossary

        glossary = read_glossary(glossary, src_lang, tgt_lang, encoding=encoding)
    errors: list[dict[str, Any]] = []
    if translations is None:
        src_docs, tgt_docs = read_pair_set(sources, src_lang, tgt_lang, fmt=pair_format, encoding=encoding)
    else:
        src_docs, src_errors = _read_side(sources, src_lang, "source", source_pattern, encoding)
        tgt_docs, tgt_errors = _read_side(translations, tgt_lang, "target", target_pattern, encoding)
        errors = src_errors + tgt_errors
    src_ids = {d.id for d in src_docs} | {e["id"] for e in errors if e["side"] == "source"}
    tgt_ids = {d.id for d in tgt_docs} | {e["id"] for e in errors if e["side"] == "target"}
    matched_by = "id" if src_ids == tgt_ids else "documents"
    fingerprint = _digest(*(_doc_digest(d) for d in (*src_docs, *tgt_docs)),
                          *(f"{e['side']}:{e['id']}:{e['error']}" for e in errors))
    settings = {"mtqa": __version__, "src_lang": src_lang, "tgt_lang": tgt_lang, "model": model,
                "checks": ",".join(checks) if checks else "all", "glossary": _glossary_digest(glossary),
                "inputs": fingerprint}
    inputs = {"sources": str(sources), "translations": None if translations is None else str(translations),
              "source_pattern": source_pattern, "target_pattern": target_pattern,
              "source_stories": len(src_docs), "target_stories": len(tgt_docs), "unreadable": len(errors)}
    plan = BatchPlan(Path(out_dir), settings, inputs, src_docs, tgt_docs, errors, matched_by, model, device,
                     threads, tuple(checks) if checks else None, glossary, resume)
    _check_run_dir(plan)
    if matched_by == "id":
        plan.tasks = _tasks_by_id(plan)
    return plan


def _check_run_dir(plan: BatchPlan) -> None:
    manifest = plan.out_dir / "manifest.json"
    if not manifest.exists():
        if plan.resume:
            log.info("nothing to resume in %s: starting a new run", plan.out_dir)
        return
    if not plan.resume:
        raise UsageError(f"{plan.out_dir} already holds a run",
                         hint="pass --resume to continue it, or give another --out")
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))["settings"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigError(f"{manifest}: not a manifest mtqa can read", hint="give another --out") from None
    changed = [k for k in sorted(set(previous) | set(plan.settings)) if previous.get(k) != plan.settings.get(k)]
    if changed:
        what = ", ".join(f"{k}: {previous.get(k)!r} then, {plan.settings.get(k)!r} now" for k in changed)
        raise UsageError(f"cannot resume {plan.out_dir}: settings differ ({what})",
                         hint="resume with the same inputs and settings, or give another --out")


# ---------------------------------------------------------------------------------------------
# Work done by a worker (a process of the pool, a Ray actor, or this process when jobs=1)

_STATE: dict[str, Any] = {}


def _init_worker(model: str, device: str | None, threads: int | None, glossary: Glossary | None,
                 checks: tuple[str, ...] | None) -> None:
    """Load the encoder once per worker. A failure is kept for :func:`_ready` to report: an
    initializer that raises only leaves a broken pool behind, without the reason."""
    from mtqa.encoders import get_encoder

    _STATE.update(glossary=glossary, checks=checks, init_error=None)
    try:
        _STATE["encoder"] = get_encoder(model, device=device, threads=threads)
    except Exception as exc:  # noqa: BLE001 - reported to the driver by _ready
        _STATE["init_error"] = {**_error(exc), "hint": getattr(exc, "hint", None)}


def _ready() -> dict[str, Any] | None:
    """The worker's model loading error, if any."""
    return _STATE.get("init_error")


def _raise_init_error(error: Mapping[str, Any]) -> None:
    import mtqa.errors

    kind = getattr(mtqa.errors, error["type"], None)
    kind = kind if isinstance(kind, type) and issubclass(kind, MtqaError) and kind is not InputError else BackendError
    raise kind(f"a worker could not load the model: {error['message']}", hint=error.get("hint"))


def check_story(source: Document, target: Document, encoder: Any, glossary: Glossary | None = None,
                checks: Sequence[str] | None = None) -> dict[str, Any]:
    """Check one story pair; the JSON-ready result a story file holds (texts, findings with their
    text, the sentence and word alignment, scores, signature)."""
    from mtqa.checks import check
    from mtqa.lang import verify_language

    verify_language(source.text, source.language, path=source.metadata.get("source_file"))
    verify_language(target.text, target.language, path=target.metadata.get("source_file"))
    report = check(source, target, checks=checks, glossary=glossary, model=encoder)
    return {
        "source": report.source.to_dict(),
        "target": report.target.to_dict(),
        "score": report.score,
        "sentence_scores": list(report.sentence_scores),
        "findings": [with_texts(f.to_dict(), report.source.text, report.target.text) for f in report.findings],
        "alignment": report.alignment.to_dict(),
        "signature": report.signature.format(),
        "model": encoder.signature,
    }


def with_texts(finding: dict[str, Any], source_text: str, target_text: str) -> dict[str, Any]:
    """A finding record with the text under each span (what a reader looks at first)."""
    for side, text in (("source", source_text), ("target", target_text)):
        span = finding.get(f"{side}_span")
        finding[f"{side}_text"] = text[span["start"]:span["end"]] if span else None
    return finding


def _error(exc: BaseException) -> dict[str, Any]:
    out = {"type": type(exc).__name__, "message": str(exc)}
    if not isinstance(exc, MtqaError):  # a bug, not bad input: keep where it happened
        out["traceback"] = "".join(traceback.format_exception(exc)[-4:])
    return out


def _record(task: StoryTask, settings_key: str, **fields: Any) -> dict[str, Any]:
    """A story file's content: what identifies the result, then the result."""
    return {"id": task.id, "fingerprint": task.fingerprint, "settings": settings_key, "match": dict(task.match),
            **fields}


def _failure(task: StoryTask, settings_key: str, kind: str, message: str) -> dict[str, Any]:
    return _record(task, settings_key, status="error", error={"type": kind, "message": message})


def _check_task(task: StoryTask, settings_key: str) -> dict[str, Any]:
    """The story file's content for one task; never raises for a story's own failure."""
    start = time.perf_counter()
    record = _record(task, settings_key)
    encoder = _STATE.get("encoder")
    try:
        if task.error is not None:
            raise InputError(task.error)
        if encoder is None:
            raise BackendError(f"no model in this worker: {(_ready() or {}).get('message')}")
        assert task.source is not None and task.target is not None
        record.update(check_story(task.source, task.target, encoder, _STATE["glossary"], _STATE["checks"]))
        record["status"] = "ok"
    except Exception as exc:  # noqa: BLE001 - one story's failure must not stop the batch
        record.update(status="error", error=_error(exc))
    finally:
        if encoder is not None:
            # A cold cache per story: results independent of scheduling, memory flat.
            encoder.clear_cache()
    record["seconds"] = round(time.perf_counter() - start, 3)
    return record


def _match_task(sources: list[Document], targets: list[Document]) -> list[dict[str, Any]]:
    from mtqa.align.document import align_documents

    encoder = _STATE["encoder"]
    try:
        return align_documents(sources, targets, encoder).records()
    finally:
        encoder.clear_cache()


def _parse_signature(text: str) -> Signature:
    head, *parts = text.split("|")
    return Signature(dict(p.split(":", 1) for p in parts if ":" in p), version=head.partition(":")[2])


def story_context(record: Mapping[str, Any], glossary: Glossary | None = None, encoder: Any = None) -> Any:
    """The :class:`~mtqa.checks.base.CheckContext` of a story file's result (markup masked, as the
    checks saw it), without aligning again."""
    from mtqa.align.sentence import SentenceAlignment
    from mtqa.align.story import StoryAlignment
    from mtqa.align.word import WordAlignmentResult
    from mtqa.checks.base import CheckContext
    from mtqa.markup import masked_document

    source = masked_document(Document.from_dict(record["source"]))
    target = masked_document(Document.from_dict(record["target"]))
    aligned = record["alignment"]
    words = tuple(None if w is None else WordAlignmentResult.from_dict(w) for w in aligned["words"])
    offsets = tuple((0, 0) if w is None else (int(w["source_offset"]), int(w["target_offset"]))
                    for w in aligned["words"])
    sentences = SentenceAlignment(source, target, tuple(Alignment.from_dict(a) for a in aligned["alignments"]),
                                  _parse_signature(aligned["signature"]))
    return CheckContext(source, target, StoryAlignment(sentences, words, offsets), glossary=glossary, encoder=encoder)


def _terms_task(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Terminology consistency across the batch (and glossary adherence), from the stories' own
    alignments."""
    from mtqa.terms.adherence import score_adherence, units_from_alignment
    from mtqa.terms.consistency import score_consistency

    encoder, glossary = _STATE["encoder"], _STATE["glossary"]
    try:
        contexts = [story_context(r, glossary, encoder) for r in records]
        out: dict[str, Any] = {"consistency": score_consistency(contexts, encoder=encoder).to_dict(), "adherence": None}
        if glossary is not None and len(glossary):
            units = [u for c in contexts for u in units_from_alignment(c.source, c.target, c.alignment)]
            out["adherence"] = score_adherence(units, glossary).to_dict()
        return out
    finally:
        encoder.clear_cache()


_CALLS: dict[str, Callable[..., Any]] = {"match": _match_task, "terms": _terms_task, "ready": _ready}


def _call(name: str, *args: Any) -> Any:
    return _CALLS[name](*args)


# ---------------------------------------------------------------------------------------------
# Engines: where the worker functions run


class _InProcess:
    """jobs=1: everything in this process, the model loaded once."""

    def __init__(self, init: tuple[Any, ...]) -> None:
        _init_worker(*init)

    def map(self, tasks: Sequence[StoryTask], settings_key: str) -> Iterator[dict[str, Any]]:
        for task in tasks:
            yield _check_task(task, settings_key)

    def call(self, name: str, *args: Any) -> Any:
        return _call(name, *args)

    def close(self) -> None:
        pass


class _Pool:
    """Worker processes (spawned: no inherited torch threads or locks), each loading the model once
    in its initializer. At most two stories per worker are in flight, so pending work stays in
    this process's plan rather than piling up in pipes."""

    def __init__(self, jobs: int, init: tuple[Any, ...]) -> None:
        self.jobs, self.init = jobs, init
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing

        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_process, initargs=(_worker_env(self.init[2]), *self.init))

    def map(self, tasks: Sequence[StoryTask], settings_key: str) -> Iterator[dict[str, Any]]:
        queue = list(reversed(tasks))
        crashes: Counter[str] = Counter()
        running: dict[Future[dict[str, Any]], StoryTask] = {}
        while queue or running:
            while queue and len(running) < 2 * self.jobs:
                task = queue.pop()
                running[self.pool.submit(_check_task, task, settings_key)] = task
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            lost = []
            for future in done:
                task = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    lost.append(task)
            if lost:
                # Every story in flight went down with the pool: each is tried again on a fresh
                # pool until it has been in flight at CRASH_RETRIES + 1 crashes.
                lost += running.values()
                running.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start()
                for task in lost:
                    crashes[task.id] += 1
                    if crashes[task.id] > CRASH_RETRIES:
                        yield _failure(task, settings_key, "WorkerCrash", "the worker process died checking it")
                    else:
                        queue.append(task)

    def call(self, name: str, *args: Any) -> Any:
        return self.pool.submit(_call, name, *args).result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _worker_env(threads: int) -> dict[str, str]:
    """A worker keeps to its share of the cores: OpenMP/MKL pools of its size, no tokenizer threads
    (with every core busy with a worker, extra threads only compete: about 4% more CPU a story)."""
    return {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads), "TOKENIZERS_PARALLELISM": "false"}


def _init_process(env: Mapping[str, str], *init: Any) -> None:
    # Before torch is imported in this fresh process, so its thread pools are sized by it.
    os.environ.update(env)
    _init_worker(*init)


class RayWorker:
    """The Ray actor: one model per actor, the same functions as the process pool."""

    def __init__(self, init: tuple[Any, ...], env: Mapping[str, str]) -> None:
        _init_process(env, *init)

    def check(self, task: StoryTask, settings_key: str) -> dict[str, Any]:
        return _check_task(task, settings_key)

    def call(self, name: str, *args: Any) -> Any:
        return _call(name, *args)


def _forwarded_env() -> dict[str, str]:
    """mtqa's and the model hub's settings, which Ray workers on other machines do not inherit."""
    return {k: v for k, v in os.environ.items() if k.startswith(("MTQA_", "HF_", "TRANSFORMERS_"))}


class _Ray:
    """Ray actors (``ray.init(address=...)`` for a cluster, a local instance otherwise)."""

    def __init__(self, jobs: int, plan: BatchPlan, address: str | None, cores: int) -> None:
        try:
            import ray
            from ray.util import ActorPool
        except ImportError:
            raise ConfigError("the Ray engine needs the ray package",
                              hint="pip install 'mtqa[ray]'") from None
        self.ray = ray
        self.started = not ray.is_initialized()
        env = _forwarded_env()
        if self.started:
            options: dict[str, Any] = {"runtime_env": {"env_vars": env}, "logging_level": logging.WARNING,
                                       "log_to_driver": False}
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=cores, include_dashboard=False, **options)
        total = int(ray.cluster_resources().get("CPU", cores))
        # An actor asking for more CPUs than the largest node has would never start.
        try:
            largest = max((int(n["Resources"].get("CPU", 0)) for n in ray.nodes() if n.get("Alive")), default=total)
        except Exception:  # noqa: BLE001 - ray.nodes() is a developer API; the total is the fallback
            largest = total
        threads = max(1, min(plan.threads or total // jobs, largest))
        actor = ray.remote(num_cpus=threads, max_restarts=1, max_task_retries=CRASH_RETRIES)(RayWorker)
        init = (plan.model, plan.device, threads, plan.glossary, plan.checks)
        self.actors = [actor.remote(init, {**env, **_worker_env(threads)}) for _ in range(jobs)]
        self.pool = ActorPool(self.actors)

    def map(self, tasks: Sequence[StoryTask], settings_key: str) -> Iterator[dict[str, Any]]:
        for task in tasks:
            self.pool.submit(lambda a, t: a.check.remote(t, settings_key), task)
        for task in tasks:
            try:
                yield self.pool.get_next_unordered()
            except self.ray.exceptions.RayError as exc:
                # Which story was lost is not known from the pool; the driver marks what is missing.
                log.warning("a Ray task failed: %s", exc)

    def call(self, name: str, *args: Any) -> Any:
        return self.ray.get(self.actors[0].call.remote(name, *args))

    def close(self) -> None:
        for a in self.actors:
            self.ray.kill(a)
        if self.started:
            self.ray.shutdown()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _engine(plan: BatchPlan, engine: str, jobs: int, address: str | None) -> Any:
    cores = _cores()
    if engine == "ray":
        return _Ray(jobs, plan, address, cores)
    init = (plan.model, plan.device, plan.threads or max(1, cores // jobs), plan.glossary, plan.checks)
    return _InProcess(init) if jobs == 1 else _Pool(jobs, init)


# ---------------------------------------------------------------------------------------------
# The run


def _readable(path: Path) -> None:
    # Atomic writes go through mkstemp (mode 0600); a run's results are for the whole desk.
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


def _write_json(path: Path, data: Any, *, indent: int | None = 2) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    write_bytes_atomic(path, (text + "\n").encode("utf-8"))
    _readable(path)


def _load_record(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _finished(plan: BatchPlan, task: StoryTask, settings_key: str) -> bool:
    """A story whose complete, successful result for these texts and settings is on disk."""
    record = _load_record(plan.out_dir / STORIES_DIR / story_filename(task.id))
    return bool(record and record.get("status") == "ok" and record.get("id") == task.id
                and record.get("fingerprint") == task.fingerprint and record.get("settings") == settings_key
                and "alignment" in record and "findings" in record)


def _clean_partial(stories: Path) -> None:
    # Temporary files of atomic writes cut short by a kill: never results.
    for tmp in stories.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def run_plan(
    plan: BatchPlan,
    *,
    jobs: int = 1,
    engine: str = "local",
    ray_address: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Check the planned stories and write the run directory (see the module docstring)."""
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if ray_address and engine != "ray":
        raise UsageError("--address needs --engine ray")
    update = progress or (lambda n: None)
    started = time.time()
    timings: dict[str, float] = {}
    stories = plan.out_dir / STORIES_DIR
    settings_key = _digest(json.dumps(plan.settings, sort_keys=True))
    clock = time.perf_counter()
    workers = _engine(plan, engine, jobs, ray_address)
    try:
        error = workers.call("ready")
        if error:
            _raise_init_error(error)
        timings["start_workers"] = round(time.perf_counter() - clock, 3)
        # The run directory is claimed only once the workers are up (a model that does not load
        # leaves nothing behind to --resume).
        stories.mkdir(parents=True, exist_ok=True)
        _clean_partial(stories)
        _write_json(plan.out_dir / "manifest.json", {"settings": plan.settings, "inputs": plan.inputs,
                                                      "matched_by": plan.matched_by, "created": _now()})
        clock = time.perf_counter()
        matching = _matching(plan, workers)
        timings["match"] = round(time.perf_counter() - clock, 3)
        unmatched = [r for r in matching if r["type"] == "unmatched_source"]
        update(len(unmatched))
        pending = [t for t in plan.tasks if not (plan.resume and _finished(plan, t, settings_key))]
        resumed = len(plan.tasks) - len(pending)
        if resumed:
            log.info("resuming: %d of %d stories already checked", resumed, len(plan.tasks))
            update(resumed)
        clock = time.perf_counter()
        # Longest stories first, so the last worker does not start a long one while others idle.
        pending.sort(key=lambda t: -t.size)
        seen: set[str] = set()
        for record in workers.map(pending, settings_key):
            _write_json(stories / story_filename(record["id"]), record, indent=None)
            seen.add(record["id"])
            if record["status"] != "ok":
                log.warning("story %s failed: %s", record["id"], record["error"]["message"])
            update(1)
        for task in pending:
            if task.id not in seen:  # lost in the engine: recorded, not silently dropped
                _write_json(stories / story_filename(task.id),
                            _failure(task, settings_key, "Lost", "no result came back from the worker"))
                update(1)
        timings["check"] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()
        terms = _terms(plan, workers)
        timings["terms"] = round(time.perf_counter() - clock, 3)
    finally:
        workers.close()
    _write_json(plan.out_dir / "terms.json", terms)
    clock = time.perf_counter()
    summary = _finish(plan, matching, terms, resumed, engine, jobs)
    timings["report"] = round(time.perf_counter() - clock, 3)
    timings["total"] = round(time.time() - started, 3)
    summary["run"]["finished"] = _now()
    summary["run"]["started"] = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started))
    summary["timings"] = timings
    _write_json(plan.out_dir / "summary.json", summary)
    return BatchSummary(plan.out_dir, summary)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _matching(plan: BatchPlan, workers: Any) -> list[dict[str, Any]]:
    """Pair records (saved in matching.json, reused on resume: the inputs are the same)."""
    path = plan.out_dir / "matching.json"
    if plan.matched_by == "id":
        records = [{"type": "pair", "source_id": t.id, "target_id": t.id, "by": "id"} for t in plan.tasks]
    else:
        previous = _load_record(path) if plan.resume else None
        if previous and previous.get("inputs") == plan.settings["inputs"]:
            records = previous["records"]
        else:
            log.info("story ids differ between the sides: matching %d sources and %d translations",
                     len(plan.sources), len(plan.targets))
            records = workers.call("match", plan.sources, plan.targets) if plan.sources and plan.targets else [
                {"type": "unmatched_source", "source_id": d.id, "best_candidate": None, "best_score": None,
                 "reason": "no translations"} for d in plan.sources]
        plan.tasks = _tasks_from_matching(plan, records)
    _write_json(path, {"inputs": plan.settings["inputs"], "matched_by": plan.matched_by, "records": records})
    return records


def _terms(plan: BatchPlan, workers: Any) -> dict[str, Any]:
    """The batch terminology step over every successful story; its failure is reported, not fatal."""
    records = []
    for task in plan.tasks:
        record = _load_record(plan.out_dir / STORIES_DIR / story_filename(task.id))
        if record and record.get("status") == "ok":
            records.append({k: record[k] for k in ("source", "target", "alignment")})
    if not records:
        return {"consistency": None, "adherence": None}
    try:
        return workers.call("terms", records)
    except Exception as exc:  # noqa: BLE001 - the stories' own results stand without it
        log.warning("batch terminology failed: %s", exc)
        return {"consistency": None, "adherence": None, "error": _error(exc)}


# ---------------------------------------------------------------------------------------------
# Outputs: findings.jsonl, summary.json, report.html


def _batch_findings(terms: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Batch terminology and glossary findings by story (source document id)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for part in ("consistency", "adherence"):
        for f in (terms.get(part) or {}).get("findings", ()):
            out.setdefault(f.get("document_id") or "", []).append(f)
    return out


def _sort_key(f: Mapping[str, Any]) -> tuple[int, float]:
    return -severity_rank(f["severity"]), -f["confidence"]


def _story_findings(record: Mapping[str, Any], extra: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The story's own findings plus the batch's terminology findings that point elsewhere than an
    own finding (the sense check already reports a term's inconsistency inside one story)."""
    own = [dict(f, scope="story") for f in record["findings"]]
    taken = {(json.dumps(f["source_span"], sort_keys=True), json.dumps(f["target_span"], sort_keys=True)) for f in own}
    src, tgt = record["source"]["text"], record["target"]["text"]
    added = []
    for f in extra:
        key = (json.dumps(f["source_span"], sort_keys=True), json.dumps(f["target_span"], sort_keys=True))
        if key not in taken:
            taken.add(key)
            added.append(with_texts(dict(f, scope="batch"), src, tgt))
    return [{"story": record["id"], "id": f"{record['id']}#{k}", **f}
            for k, f in enumerate(sorted(own + added, key=_sort_key))]


def _penalty(findings: Sequence[Mapping[str, Any]], words: int) -> float:
    """MQM-weighted penalty per 100 target words (minor 1, major 5, critical 25, times confidence)."""
    total = sum(SEVERITY_WEIGHT[f["severity"]] * f["confidence"] for f in findings)
    return round(total * 100.0 / max(words, 20), 3)


def _worst(findings: Sequence[Mapping[str, Any]]) -> str | None:
    return max((f["severity"] for f in findings), key=severity_rank, default=None)


def _story_rows(plan: BatchPlan, terms: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each story file in plan order with its merged findings (one file in memory at a time)."""
    extra = _batch_findings(terms)
    for task in plan.tasks:
        record = _load_record(plan.out_dir / STORIES_DIR / story_filename(task.id)) or {
            "id": task.id, "status": "error", "error": {"type": "Missing", "message": "no result file"}}
        if record.get("status") != "ok":
            yield record, []
            continue
        yield record, _story_findings(record, extra.get(task.id, ()))


def _terms_summary(terms: Mapping[str, Any], limit: int = 200) -> dict[str, Any]:
    consistency = terms.get("consistency")
    out: dict[str, Any] = {"score": None, "terms": 0, "status": {}, "per_story": {}, "table": [],
                           "glossary": None}
    if terms.get("error"):
        out["error"] = terms["error"]
    if consistency:
        order = {"conflict": 0, "variant": 1, "consistent": 2}
        # Terms the word alignment never rendered say nothing about consistency: counted, not listed.
        rows = sorted((r for r in consistency["results"] if r["renderings"]),
                      key=lambda r: (order.get(r["status"], 3), r["score"], -r["occurrences"]))
        out.update(score=consistency["score"], terms=consistency["terms"], status=consistency["status"],
                   per_story=consistency["documents"], signature=consistency["signature"],
                   table=[{"term": r["term"], "status": r["status"], "occurrences": r["occurrences"],
                           "score": r["score"], "stories": len({o["document_id"] for x in r["renderings"]
                                                                for o in x["occurrences"]}),
                           "renderings": [{"text": x["text"], "count": x["count"], "meaning": x["meaning"]}
                                          for x in r["renderings"]]} for r in rows[:limit]])
    adherence = terms.get("adherence")
    if adherence:
        out["glossary"] = {k: adherence[k] for k in ("term_success_rate", "exact_match_accuracy", "occurrences",
                                                      "hit", "missing", "forbidden", "signature")}
    return out


def _finish(plan: BatchPlan, matching: Sequence[Mapping[str, Any]], terms: Mapping[str, Any], resumed: int,
            engine: str, jobs: int) -> dict[str, Any]:
    """findings.jsonl, the summary and report.html from the story files."""
    from mtqa.report.html import write_html

    severity: Counter[str] = Counter()
    category: Counter[str] = Counter()
    matrix: dict[str, Counter[str]] = {}
    ranked: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    model = None
    with open_output(plan.out_dir / "findings.jsonl") as handle:
        for record, findings in _story_rows(plan, terms):
            if record.get("status") != "ok":
                failed.append({"id": record["id"], "error": record["error"]})
                continue
            model = model or record.get("model")
            for f in findings:
                handle.write(json.dumps(f, ensure_ascii=False) + "\n")
                severity[f["severity"]] += 1
                category[f["category"]] += 1
                matrix.setdefault(f["category"], Counter())[f["severity"]] += 1
            ranked.append({"id": record["id"], "target_id": record["target"]["id"], "worst": _worst(findings),
                           "findings": len(findings), "penalty": _penalty(findings, len(record["target"]["text"].split())),
                           "score": record["score"], "severity": dict(Counter(f["severity"] for f in findings)),
                           "match": record.get("match", {})})
    ranked.sort(key=lambda s: (-(severity_rank(s["worst"]) if s["worst"] else -1), -s["penalty"], s["score"], s["id"]))
    for rank, story in enumerate(ranked, start=1):
        story["rank"] = rank
    signature = Signature({"task": "batch", "model": model or plan.model, "src": plan.settings["src_lang"],
                           "tgt": plan.settings["tgt_lang"], "checks": plan.settings["checks"],
                           "glossary": f"{len(plan.glossary)} terms" if plan.glossary else "none",
                           "pairing": plan.matched_by})
    summary: dict[str, Any] = {
        "signature": signature.format(),
        "inputs": plan.inputs,
        "languages": {"source": plan.settings["src_lang"], "target": plan.settings["tgt_lang"]},
        "counts": {"stories": plan.total, "checked": len(ranked), "failed": len(failed),
                   "unmatched": sum(r["type"] == "unmatched_source" for r in matching),
                   "findings": sum(severity.values()),
                   "severity": {s: severity.get(s, 0) for s in SEVERITIES},
                   "category": dict(sorted(category.items(), key=lambda kv: (-kv[1], kv[0]))),
                   "category_severity": {c: {s: matrix[c].get(s, 0) for s in SEVERITIES}
                                         for c in sorted(matrix, key=lambda c: (-category[c], c))}},
        "failed": failed,
        "unreadable": plan.input_errors,
        "unmatched": [r for r in matching if r["type"] != "pair"],
        "matched_by": plan.matched_by,
        "ranked": ranked,
        "terminology": _terms_summary(terms),
        "run": {"engine": engine, "jobs": jobs, "resumed": resumed},
    }
    _readable(plan.out_dir / "findings.jsonl")
    write_html(plan.out_dir / "report.html", summary, _report_stories(plan, terms, [s["id"] for s in ranked]))
    _readable(plan.out_dir / "report.html")
    return summary


def _report_stories(plan: BatchPlan, terms: Mapping[str, Any], order: Sequence[str]) -> Iterator[dict[str, Any]]:
    """The report's view of each checked story, in ranked order, read back one at a time."""
    extra = _batch_findings(terms)
    for story_id in order:
        record = _load_record(plan.out_dir / STORIES_DIR / story_filename(story_id))
        if record is None:
            continue
        yield {"id": story_id, "source": record["source"], "target": record["target"],
               "links": record["alignment"]["alignments"], "findings": _story_findings(record, extra.get(story_id, ())),
               "score": record["score"]}


def run_batch(
    sources: str | os.PathLike[str],
    translations: str | os.PathLike[str] | None,
    *,
    src_lang: str,
    tgt_lang: str,
    out_dir: str | os.PathLike[str],
    glossary: Glossary | str | os.PathLike[str] | None = None,
    model: str = "e5-small",
    jobs: int = 1,
    engine: str = "local",
    ray_address: str | None = None,
    resume: bool = False,
    progress: Callable[[int], None] | None = None,
    **options: Any,
) -> BatchSummary:
    """Plan and run a batch in one call (``options`` go to :func:`plan_batch`: ``device``,
    ``threads``, ``checks``, ``source_pattern``, ``target_pattern``, ``pair_format``, ``encoding``)."""
    plan = plan_batch(sources, translations, src_lang=src_lang, tgt_lang=tgt_lang, out_dir=out_dir,
                      glossary=glossary, model=model, resume=resume, **options)
    return run_plan(plan, jobs=jobs, engine=engine, ray_address=ray_address, progress=progress)


def iter_findings(run_dir: str | os.PathLike[str]) -> Iterable[dict[str, Any]]:
    """The findings of a finished run, one record per line of ``findings.jsonl``."""
    with open(Path(run_dir) / "findings.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
