"""Shared fixtures for tests that load the real model (``@pytest.mark.model``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def mtqa_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point ``MTQA_HOME`` at a session temp dir, so the model is converted once per test run
    and never into the user's cache; restored afterwards."""
    home = tmp_path_factory.mktemp("mtqa_home")
    old = os.environ.get("MTQA_HOME")
    os.environ["MTQA_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("MTQA_HOME", None)
    else:
        os.environ["MTQA_HOME"] = old


@pytest.fixture(scope="session")
def e5(mtqa_home: Path):
    """The real e5-small encoder, loaded once per test run through the registry (shared with the
    code under test, which asks ``get_encoder("e5-small")`` for the same process-wide instance)."""
    from mtqa.encoders import get_encoder

    return get_encoder("e5-small", device="cpu", threads=2)
