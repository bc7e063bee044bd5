"""Typed errors raised by library code.

Only :mod:`mtqa.cli` turns them into messages and exit codes; library code never prints or exits.

>>> err = InputError("not valid JSON", path="a.jsonl", line=3)
>>> str(err), err.exit_code
('a.jsonl:3: not valid JSON', 3)
"""

from __future__ import annotations

# Exit codes shared by the CLI and documented in the README.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_BACKEND = 4


class MtqaError(Exception):
    """Base class of every error mtqa raises on purpose."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(MtqaError):
    """Wrong combination of options or arguments."""

    exit_code = EXIT_USAGE


class InputError(MtqaError):
    """Bad input data: missing/empty/binary file, bad encoding, malformed record, bad language code.

    Carries the file and line (1-based) so the message points at the problem.
    """

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class ConfigError(MtqaError):
    """Bad configuration: unknown check, unknown format, bad setting."""

    exit_code = EXIT_INPUT


class BackendError(MtqaError):
    """A model could not be loaded or run (missing package, corrupt weights, offline hub name)."""

    exit_code = EXIT_BACKEND
