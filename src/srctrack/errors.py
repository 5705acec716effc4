"""Errors the library raises, and the exit codes the CLI maps them to.

The library never exits; it raises one of these and the CLI picks the exit code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit statuses of the `srctrack` command."""

    OK = 0
    #: `audit --fail-on` found a finding of a failing rule; `check` found broken links
    #: with `--fail-on`.
    FINDINGS = 1
    #: Bad command-line usage (click's own convention).
    USAGE = 2
    #: One or more inputs could not be read (missing, binary, undecodable, no documents).
    #: The other inputs of the run were still processed and stored.
    INPUT = 3
    #: The database could not be opened, written or migrated.
    DATABASE = 4
    #: A network-level failure that stopped the whole command (not a dead link).
    NETWORK = 5
    #: Interrupted by Ctrl-C; nothing half-written was kept.
    INTERRUPTED = 130


#: One line per exit code, as the CLI's help and the README show them.
EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.FINDINGS: "findings of a rule named with --fail-on",
    ExitCode.USAGE: "bad usage: an unknown option or a missing argument",
    ExitCode.INPUT: "an input could not be read (the others were still processed)",
    ExitCode.DATABASE: "the database could not be opened, migrated or written",
    ExitCode.NETWORK: "a network failure stopped the whole command",
    ExitCode.INTERRUPTED: "interrupted by Ctrl-C (nothing half-stored is kept)",
}


class SrctrackError(Exception):
    """Base class: every error the library raises on purpose."""

    exit_code = ExitCode.INPUT

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(SrctrackError):
    """A document could not be read as text."""

    exit_code = ExitCode.INPUT


class StoreError(SrctrackError):
    """The SQLite database could not be opened, migrated or written."""

    exit_code = ExitCode.DATABASE


class UsageError(SrctrackError):
    """Arguments that are well-formed for click but make no sense together."""

    exit_code = ExitCode.USAGE
