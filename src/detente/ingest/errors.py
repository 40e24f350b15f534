"""Problem records of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError  # one exception hierarchy for the package

__all__ = ["IngestProblem", "InputError"]


@dataclass(frozen=True)
class IngestProblem:
    """One problem with the input: a record, not an exception, so the run goes on (an
    exception is :class:`detente.errors.InputError`).

    ``severity`` is "error" when the item (file, line or row) was skipped, and
    "warning" when a Document was still produced (e.g. its date field was nonsense and
    was ignored).
    """

    path: str
    line: int | None
    reason: str
    severity: str = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    @property
    def location(self) -> str:
        """ "feed.jsonl:3", or just "feed.jsonl" for problems with the whole file."""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        if self.is_warning:
            return f"{self.location}: warning: {self.reason}"
        return f"{self.location}: {self.reason}"


#: The record's former name (it is not an exception), kept so older code still imports.
IngestError = IngestProblem
