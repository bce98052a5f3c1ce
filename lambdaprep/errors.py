"""Errors meant for people, not tracebacks.

Raise :class:`LambdaprepError` (or a subclass) with a message that says what went
wrong and what to do; the CLI prints it as one clear line and exits 1, and the TUI
shows it as a notification.
"""

from __future__ import annotations


class LambdaprepError(Exception):
    """A failure with a message that can be shown to the user as it is."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"
