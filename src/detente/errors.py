"""detente's exceptions: one base class, so a caller can catch everything detente raises on
purpose (bad input, an unknown code, something not found, a store that cannot be opened)."""

from __future__ import annotations

__all__ = ["DetenteError", "InputError", "NotFound", "StoreError", "UnknownCode"]


class DetenteError(Exception):
    """Anything detente reports as an error of use rather than a bug."""


class InputError(DetenteError):
    """An input cannot be read at all (a missing file, an unreadable directory)."""


class StoreError(DetenteError):
    """A store could not be opened or written."""


class NotFound(DetenteError, KeyError):
    """A thing asked for by its id (an event, a document) is not in the store."""

    def __str__(self) -> str:  # KeyError quotes its message; say it plainly
        return str(self.args[0]) if self.args else ""


class UnknownCode(DetenteError, ValueError):
    """A country, organisation or actor named by a code or a name detente does not know, or
    a name that fits several. ``suggestions``: the closest known ``(code, name)`` pairs."""

    def __init__(self, message: str, suggestions: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.suggestions = list(suggestions or [])

    def __str__(self) -> str:
        msg = self.args[0] if self.args else ""
        if self.suggestions:
            msg += "; did you mean " + ", ".join(f"{c} ({n})" for c, n in self.suggestions) + "?"
        return msg
