"""Shared helpers for readers and writers: checked reading, ``-`` for stdin/stdout, atomic writes.

Every reader goes through :func:`read_text` so missing, empty, binary and badly encoded files all
fail the same way, with the file (and line) named.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from mtqa.errors import InputError

STDIO = "-"
PathLike = str | os.PathLike[str]


def display_name(path: PathLike) -> str:
    return "<stdin>" if str(path) == STDIO else str(path)


def read_bytes(path: PathLike) -> bytes:
    """Read a file (or stdin for ``-``), raising :class:`InputError` if it is missing or unreadable."""
    if str(path) == STDIO:
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(path))
    if p.is_dir():
        raise InputError("is a directory, expected a file", path=str(path))
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None


def decode(data: bytes, *, path: PathLike, encoding: str = "utf-8", allow_empty: bool = False) -> str:
    """Decode bytes to NFC text, with precise errors for binary data and wrong encodings.

    >>> decode("Αθήνα".encode(), path="x.txt")
    'Αθήνα'
    """
    name = display_name(path)
    if not data.strip() and not allow_empty:
        raise InputError("file is empty", path=name)
    if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is not content
    if b"\x00" in data[:8192] and not encoding.lower().startswith("utf-16"):
        raise InputError("looks like binary data (NUL bytes), not text", path=name)
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=name) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=name,
            line=line,
            hint="pass --encoding with the file's real encoding (for instance --encoding cp1253 or latin-1)",
        ) from None
    # Normalize newlines so offsets do not depend on the platform that wrote the file.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _first_control_character(text)
    if control is not None:
        line = text.count("\n", 0, control) + 1
        raise InputError(
            f"looks like binary data (control character U+{ord(text[control]):04X})", path=name, line=line
        )
    return unicodedata.normalize("NFC", text)


def _first_control_character(text: str) -> int | None:
    for i, ch in enumerate(text):
        if ch in "\n\t\f\v":
            continue
        if unicodedata.category(ch) == "Cc":
            return i
    return None


def read_text(path: PathLike, *, encoding: str = "utf-8", allow_empty: bool = False) -> str:
    """Read a text file (``-`` for stdin) as NFC text with ``\\n`` newlines."""
    return decode(read_bytes(path), path=path, encoding=encoding, allow_empty=allow_empty)


@contextmanager
def open_output(path: PathLike, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open ``path`` for writing text (``-`` is stdout); files are written atomically.

    The content goes to a temporary file in the same directory and replaces the target only when
    the block finishes without error, so a crash never leaves half a file behind.
    """
    if str(path) == STDIO:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with io.open(fd, "w", encoding=encoding, newline="\n") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: PathLike, data: bytes) -> None:
    """Write bytes atomically (temporary file + rename); ``-`` writes to stdout."""
    if str(path) == STDIO:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
