"""The one place that reads environment variables.

- ``MTQA_HOME``: cache directory (converted models, embeddings). Default ``$XDG_CACHE_HOME/mtqa``
  or ``~/.cache/mtqa``.
- ``MTQA_DEVICE``: ``auto`` (default), ``cpu`` or ``cuda``.
- ``MTQA_THREADS``: torch intra-op threads (default: torch's own choice).
- ``MTQA_RUNTIME``: ``transformers`` (default) or ``lean`` for the e5 backbone.
- ``MTQA_OFFLINE`` / ``HF_HUB_OFFLINE``: never try to reach a model hub (default on: these
  machines have no hub access, and a hub name should fail fast with a clear message).
"""

from __future__ import annotations

import os
from pathlib import Path

from mtqa.errors import ConfigError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def cache_dir() -> Path:
    """Directory for mtqa's caches; created on demand by the code that writes there."""
    home = os.environ.get("MTQA_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "mtqa"


def device() -> str:
    value = os.environ.get("MTQA_DEVICE", "auto").strip().lower()
    if value not in {"auto", "cpu", "cuda"} and not value.startswith("cuda:"):
        raise ConfigError(f"MTQA_DEVICE={value!r}: expected auto, cpu or cuda")
    return value


def threads() -> int | None:
    value = os.environ.get("MTQA_THREADS")
    if not value:
        return None
    try:
        count = int(value)
    except ValueError:
        raise ConfigError(f"MTQA_THREADS={value!r}: expected a positive integer") from None
    if count < 1:
        raise ConfigError(f"MTQA_THREADS={value!r}: expected a positive integer")
    return count


def offline() -> bool:
    for name in ("MTQA_OFFLINE", "HF_HUB_OFFLINE"):
        value = os.environ.get(name, "").strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return True


def runtime() -> str:
    """``MTQA_RUNTIME``: ``transformers`` (default, ``BertModel``) or ``lean`` (mtqa's own BERT
    forward pass over the same weights, faster to start because it skips the transformers import)."""
    value = os.environ.get("MTQA_RUNTIME", "transformers").strip().lower()
    if value not in {"transformers", "lean"}:
        raise ConfigError(f"MTQA_RUNTIME={value!r}: expected transformers or lean")
    return value
