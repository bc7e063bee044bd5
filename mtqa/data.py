"""The one data model of mtqa: frozen dataclasses with lossless ``to_dict``/``from_dict``.

Character offsets are Python string indices into the raw document text, end exclusive, so a report
can highlight ``text[start:end]`` directly.

>>> doc = Document.from_text("d1", "el", "Καλημέρα. Τι κάνεις;", [(0, 9), (10, 20)])
>>> [s.text for s in doc.segments]
['Καλημέρα.', 'Τι κάνεις;']
>>> Document.from_dict(doc.to_dict()) == doc
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mtqa._version import __version__

SIDES = ("source", "target")
SEVERITIES = ("minor", "major", "critical")
# Weights follow MQM conventions (minor 1, major 5, critical 25 in MQM 2.0 scoring).
SEVERITY_WEIGHT = {"minor": 1, "major": 5, "critical": 25}
CATEGORIES = (
    "number",
    "date",
    "name",
    "sense",
    "omission",
    "addition",
    "untranslated",
    "boundary",
    "terminology",
    "adequacy",
)


def _check(condition: bool, message: str) -> None:
    # ValueError, not assert: validation must survive ``python -O``.
    if not condition:
        raise ValueError(message)


def severity_rank(severity: str) -> int:
    """Order of a severity: minor 0 < major 1 < critical 2.

    >>> severity_rank("major") > severity_rank("minor")
    True
    """
    _check(severity in SEVERITIES, f"unknown severity {severity!r}; expected one of {SEVERITIES}")
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Span:
    """A character span in the source or the target text (end exclusive).

    >>> Span("target", 4, 9).length
    5
    """

    side: str
    start: int
    end: int

    def __post_init__(self) -> None:
        _check(self.side in SIDES, f"span side must be one of {SIDES}, got {self.side!r}")
        _check(0 <= self.start <= self.end, f"bad span [{self.start}, {self.end})")

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True if both spans are on the same side and share at least one character."""
        return self.side == other.side and self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True if both spans are on the same side and ``other`` lies within this span.

        >>> Span("source", 0, 40).contains(Span("source", 30, 31)), Span("source", 0, 40).contains(Span("target", 1, 2))
        (True, False)
        """
        return self.side == other.side and self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(side=data["side"], start=int(data["start"]), end=int(data["end"]))


@dataclass(frozen=True)
class Segment:
    """A sentence (or other unit) of a document with its offsets in the document text."""

    text: str
    language: str
    start: int
    end: int

    def __post_init__(self) -> None:
        _check(0 <= self.start <= self.end, f"bad segment offsets [{self.start}, {self.end})")
        _check(
            self.end - self.start == len(self.text),
            f"segment text has {len(self.text)} characters but offsets span {self.end - self.start}",
        )

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "language": self.language, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Segment:
        return cls(
            text=data["text"], language=data["language"], start=int(data["start"]), end=int(data["end"])
        )


@dataclass(frozen=True)
class Document:
    """A story: its raw text, language, sentence segments and metadata.

    Common metadata keys: ``headline``, ``dateline``, ``agency``, ``source_file``.
    """

    id: str
    language: str
    text: str
    segments: tuple[Segment, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "segments", tuple(self.segments))
        object.__setattr__(self, "metadata", dict(self.metadata))
        for seg in self.segments:
            _check(
                self.text[seg.start : seg.end] == seg.text,
                f"document {self.id!r}: segment [{seg.start}, {seg.end}) does not match the text",
            )

    # Frozen dataclasses hash their fields; metadata is a dict, so hash by identity-free content.
    def __hash__(self) -> int:
        return hash((self.id, self.language, self.text, self.segments))

    @classmethod
    def from_text(
        cls,
        id: str,
        language: str,
        text: str,
        offsets: Iterable[tuple[int, int]],
        metadata: Mapping[str, Any] | None = None,
    ) -> Document:
        """Build a document from its text and the (start, end) offsets of its segments."""
        segments = tuple(Segment(text[s:e], language, s, e) for s, e in offsets)
        return cls(id=id, language=language, text=text, segments=segments, metadata=metadata or {})

    @property
    def sentences(self) -> list[str]:
        return [s.text for s in self.segments]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "language": self.language,
            "text": self.text,
            "segments": [[s.start, s.end] for s in self.segments],
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """Inverse of :meth:`to_dict`; segments may be ``[start, end]`` pairs or segment dicts."""
        raw_segments = data.get("segments") or []
        offsets = [
            (int(s["start"]), int(s["end"])) if isinstance(s, Mapping) else (int(s[0]), int(s[1]))
            for s in raw_segments
        ]
        return cls.from_text(
            str(data["id"]), data["language"], data["text"], offsets, data.get("metadata") or {}
        )


@dataclass(frozen=True)
class Alignment:
    """A link between source and target segments (or words); either side may be empty.

    ``score`` is the aligner's raw score, ``confidence`` a calibrated probability (0-1) when known.
    ``moved`` marks a link that crosses the main alignment path (a sentence translated out of order).

    >>> Alignment((0, 1), (0,)).kind
    '2-1'
    >>> Alignment((), (3,)).kind
    'insertion'
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float = 0.0
    confidence: float | None = None
    moved: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", tuple(int(i) for i in self.source))
        object.__setattr__(self, "target", tuple(int(i) for i in self.target))
        _check(bool(self.source or self.target), "an alignment needs at least one index")
        if self.confidence is not None:
            _check(0.0 <= self.confidence <= 1.0, f"confidence {self.confidence} outside [0, 1]")

    @property
    def kind(self) -> str:
        if not self.target:
            return "deletion"
        if not self.source:
            return "insertion"
        return f"{len(self.source)}-{len(self.target)}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": list(self.source), "target": list(self.target), "score": self.score}
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.moved:
            out["moved"] = True
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alignment:
        return cls(
            source=tuple(data.get("source", ())),
            target=tuple(data.get("target", ())),
            score=float(data.get("score", 0.0)),
            confidence=data.get("confidence"),
            moved=bool(data.get("moved", False)),
        )


@dataclass(frozen=True)
class Finding:
    """One detected problem, shaped like an MQM annotation / XCOMET error span.

    >>> f = Finding("number", "critical", 0.9, message="5.2 became 6.2", check="numbers",
    ...             source_span=Span("source", 10, 13), target_span=Span("target", 12, 15))
    >>> Finding.from_dict(f.to_dict()) == f
    True
    """

    category: str
    severity: str
    confidence: float
    source_span: Span | None = None
    target_span: Span | None = None
    message: str = ""
    check: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict)
    document_id: str | None = None

    def __post_init__(self) -> None:
        severity_rank(self.severity)
        _check(0.0 <= self.confidence <= 1.0, f"confidence {self.confidence} outside [0, 1]")
        _check(self.source_span is None or self.source_span.side == "source", "source_span must be a source span")
        _check(self.target_span is None or self.target_span.side == "target", "target_span must be a target span")
        object.__setattr__(self, "evidence", dict(self.evidence))

    def __hash__(self) -> int:
        return hash((self.category, self.severity, self.confidence, self.source_span, self.target_span,
                     self.message, self.check, self.document_id))

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "confidence": self.confidence,
            "source_span": self.source_span.to_dict() if self.source_span else None,
            "target_span": self.target_span.to_dict() if self.target_span else None,
            "message": self.message,
            "check": self.check,
            "evidence": dict(self.evidence),
            "document_id": self.document_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        src, tgt = data.get("source_span"), data.get("target_span")
        return cls(
            category=data["category"],
            severity=data["severity"],
            confidence=float(data["confidence"]),
            source_span=Span.from_dict(src) if src else None,
            target_span=Span.from_dict(tgt) if tgt else None,
            message=data.get("message", ""),
            check=data.get("check", ""),
            evidence=data.get("evidence") or {},
            document_id=data.get("document_id"),
        )


@dataclass(frozen=True)
class TermEntry:
    """A bilingual term: the approved rendering, accepted variants, forbidden renderings and statistics.

    ``status`` is ``approved`` for curated entries and ``candidate`` for trained ones; ``count`` and
    ``confidence`` come from glossary training.
    """

    source: str
    target: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    domain: str = ""
    count: int = 0
    confidence: float | None = None
    status: str = "approved"
    scores: Mapping[str, float] = field(default_factory=dict)
    example: str = ""

    def __post_init__(self) -> None:
        _check(bool(self.source.strip()), "a term entry needs a source term")
        _check(bool(self.target.strip()), f"term {self.source!r} needs a target rendering")
        object.__setattr__(self, "variants", tuple(self.variants))
        object.__setattr__(self, "forbidden", tuple(self.forbidden))
        object.__setattr__(self, "scores", dict(self.scores))

    def __hash__(self) -> int:
        return hash((self.source, self.target, self.variants, self.forbidden, self.status))

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every rendering that counts as correct: the target and its variants."""
        return (self.target, *self.variants)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "variants": list(self.variants),
            "forbidden": list(self.forbidden),
            "note": self.note,
            "domain": self.domain,
            "count": self.count,
            "confidence": self.confidence,
            "status": self.status,
            "scores": dict(self.scores),
            "example": self.example,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermEntry:
        return cls(
            source=data["source"],
            target=data["target"],
            variants=tuple(data.get("variants") or ()),
            forbidden=tuple(data.get("forbidden") or ()),
            note=data.get("note", ""),
            domain=data.get("domain", ""),
            count=int(data.get("count", 0)),
            confidence=data.get("confidence"),
            status=data.get("status", "approved"),
            scores=data.get("scores") or {},
            example=data.get("example", ""),
        )


@dataclass(frozen=True)
class Glossary:
    """A bilingual glossary for one language pair.

    >>> g = Glossary("el", "en", (TermEntry("γυμνάσια", "exercises", variants=("drills",)),))
    >>> g.lookup("γυμνάσια").target
    'exercises'
    """

    source_language: str
    target_language: str
    entries: tuple[TermEntry, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, source: str) -> TermEntry | None:
        """The first entry whose source term equals ``source`` (case-insensitive), or None."""
        key = source.casefold()
        for entry in self.entries:
            if entry.source.casefold() == key:
                return entry
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_language": self.source_language,
            "target_language": self.target_language,
            "name": self.name,
            "entries": [e.to_dict() for e in self.entries],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Glossary:
        return cls(
            source_language=data["source_language"],
            target_language=data["target_language"],
            entries=tuple(TermEntry.from_dict(e) for e in data.get("entries", ())),
            name=data.get("name", ""),
        )


@dataclass(frozen=True)
class SegmentPair:
    """A source/target pair of segments, as read from TMX, XLIFF, TSV or a dataset row."""

    source: str
    target: str
    source_language: str
    target_language: str
    id: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", dict(self.metadata))

    def __hash__(self) -> int:
        return hash((self.source, self.target, self.source_language, self.target_language, self.id))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "src": self.source,
            "tgt": self.target,
            "src_lang": self.source_language,
            "tgt_lang": self.target_language,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SegmentPair:
        return cls(
            source=data["src"],
            target=data["tgt"],
            source_language=data["src_lang"],
            target_language=data["tgt_lang"],
            id=str(data.get("id", "")),
            metadata=data.get("metadata") or {},
        )


@dataclass(frozen=True)
class Signature:
    """What produced a result, sacrebleu style: ``mtqa:0.1.0|model:e5-small@1a2b3c|...``.

    >>> Signature({"model": "e5", "checks": "numbers"}, version="0.1.0").format()
    'mtqa:0.1.0|model:e5|checks:numbers'
    """

    settings: Mapping[str, Any] = field(default_factory=dict)
    version: str = __version__

    def __post_init__(self) -> None:
        object.__setattr__(self, "settings", dict(self.settings))

    def __hash__(self) -> int:
        return hash(self.format())

    def format(self) -> str:
        parts = [f"mtqa:{self.version}"]
        parts += [f"{key}:{value}" for key, value in self.settings.items()]
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"mtqa": self.version, **self.settings}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signature:
        return cls({k: v for k, v in data.items() if k != "mtqa"}, version=str(data.get("mtqa", __version__)))


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Most severe and most confident first; stable for equal keys."""
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), -f.confidence))
