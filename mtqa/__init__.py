"""mtqa: a multilingual translation-quality toolkit.

Aligns translated stories with their sources, detects mistranslations, scores terminology
consistency, trains glossaries and runs evaluation scripts.
"""

from mtqa._version import __version__
from mtqa.checks import check, check_pairs
from mtqa.data import (
    Alignment,
    Document,
    Finding,
    Glossary,
    Segment,
    SegmentPair,
    Signature,
    Span,
    TermEntry,
)
from mtqa.errors import BackendError, ConfigError, InputError, MtqaError, UsageError

__all__ = [
    "__version__",
    "check",
    "check_pairs",
    "Alignment",
    "Document",
    "Finding",
    "Glossary",
    "Segment",
    "SegmentPair",
    "Signature",
    "Span",
    "TermEntry",
    "BackendError",
    "ConfigError",
    "InputError",
    "MtqaError",
    "UsageError",
]
