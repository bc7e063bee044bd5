"""The check interface and registry: each kind of finding is one :class:`Check` in its own module.

A check receives a :class:`CheckContext` (the two stories, their sentence and word alignment, the
languages, an optional glossary) and returns :class:`~mtqa.data.Finding` objects with character
spans into the raw source and target texts. Checks never load models themselves: what they need
comes through the context, so they are testable with hand-made alignments.

>>> sorted(c["name"] for c in list_checks())[:2]  # doctest: +SKIP
['boundary', 'names']
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from mtqa.data import Alignment, Document, Finding, Glossary, Span
from mtqa.errors import ConfigError

if TYPE_CHECKING:
    from mtqa.align.story import StoryAlignment
    from mtqa.align.word import WordAlignmentResult
    from mtqa.encoders import Encoder


@dataclass(frozen=True)
class LinkView:
    """One sentence link seen by a check: the texts on both sides and where they sit.

    ``source_text`` is ``source.text[source_start:source_end]`` (the raw slice from the first to
    the last sentence of the link), likewise for the target. ``words`` is the word alignment of the
    link (spans relative to the slices), or None when the link has an empty side.
    """

    index: int
    alignment: Alignment
    source_text: str
    source_start: int
    target_text: str
    target_start: int
    words: WordAlignmentResult | None

    @property
    def source_end(self) -> int:
        return self.source_start + len(self.source_text)

    @property
    def target_end(self) -> int:
        return self.target_start + len(self.target_text)

    def source_span(self, start: int = 0, end: int | None = None) -> Span:
        """A source span in story offsets from offsets relative to this link's source text."""
        return Span("source", self.source_start + start, self.source_start + (len(self.source_text) if end is None else end))

    def target_span(self, start: int = 0, end: int | None = None) -> Span:
        return Span("target", self.target_start + start, self.target_start + (len(self.target_text) if end is None else end))


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may use about one story pair."""

    source: Document
    target: Document
    alignment: StoryAlignment
    glossary: Glossary | None = None
    encoder: Encoder | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def source_language(self) -> str:
        return self.source.language

    @property
    def target_language(self) -> str:
        return self.target.language

    def links(self) -> Iterator[LinkView]:
        """Every sentence link in target order, unaligned sentences included (one side empty)."""
        for k, link in enumerate(self.alignment.sentences.alignments):
            src_text, src_start = _slice(self.source, link.source)
            tgt_text, tgt_start = _slice(self.target, link.target)
            yield LinkView(k, link, src_text, src_start, tgt_text, tgt_start, self.alignment.words[k])

    def paired_links(self) -> Iterator[LinkView]:
        """Only links with sentences on both sides."""
        return (view for view in self.links() if view.alignment.source and view.alignment.target)


def overlapping(spans: Sequence[tuple[int, int]], start: int, end: int) -> set[int]:
    """Indices of the ``spans`` (word offsets of a link) that overlap ``start..end``.

    >>> sorted(overlapping([(0, 3), (4, 9), (10, 12)], 2, 5))
    [0, 1]
    """
    return {k for k, (s, e) in enumerate(spans) if s < end and start < e}


def _slice(doc: Document, indices: Sequence[int]) -> tuple[str, int]:
    if not indices:
        return "", 0
    first, last = doc.segments[indices[0]], doc.segments[indices[-1]]
    return doc.text[first.start : last.end], first.start


class Check(ABC):
    """One kind of check. Subclasses set ``name``, ``description`` and ``categories``."""

    name: ClassVar[str]
    description: ClassVar[str]
    categories: ClassVar[tuple[str, ...]]
    #: Whether the check reads word alignments (the pipeline skips them when no check does).
    needs_words: ClassVar[bool] = True

    @abstractmethod
    def run(self, context: CheckContext) -> list[Finding]:
        """Findings for one story pair, spans in story offsets."""

    def texts_to_encode(self, context: CheckContext) -> list[str]:
        """Texts :meth:`run` will send through the encoder for ``context`` (middle-layer token
        states or sentence vectors), beyond the link texts themselves. A caller checking many
        pairs encodes these for all pairs in one batch first, so the check's own calls hit the
        cache: many pairs with a few variants each run several times faster batched together.
        Optional: by default nothing."""
        return []

    def finding(self, **fields: Any) -> Finding:
        """A :class:`Finding` stamped with this check's name."""
        return Finding(check=self.name, **fields)


_REGISTRY: dict[str, type[Check]] = {}
# Modules that define built-in checks, imported on first lookup so `import mtqa` stays light.
_BUILTIN_MODULES = (
    "mtqa.checks.boundary",
    "mtqa.checks.untranslated",
    "mtqa.checks.omission",
    "mtqa.checks.numbers",
    "mtqa.checks.names",
    "mtqa.checks.sense",
    "mtqa.checks.antonyms",
)


def register(cls: type[Check]) -> type[Check]:
    """Class decorator adding a check to the registry under its ``name``."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ConfigError(f"two checks are called {cls.name!r}")
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtins() -> None:
    import importlib

    for module in _BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real import error inside the module must surface
                raise


def list_checks() -> list[dict[str, Any]]:
    """Name, description and categories of every registered check."""
    _load_builtins()
    return [
        {"name": cls.name, "description": cls.description, "categories": list(cls.categories)}
        for cls in sorted(_REGISTRY.values(), key=lambda c: c.name)
    ]


def get_checks(names: Sequence[str] | None = None) -> list[Check]:
    """Instances of the named checks (all when ``names`` is None), in registry order."""
    _load_builtins()
    if names is None:
        return [cls() for _, cls in sorted(_REGISTRY.items())]
    unknown = [n for n in names if n not in _REGISTRY]
    if unknown:
        raise ConfigError(f"unknown check(s) {', '.join(unknown)}; available: {', '.join(sorted(_REGISTRY))}")
    return [_REGISTRY[n]() for n in dict.fromkeys(names)]
