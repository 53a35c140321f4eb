"""Problems of a bad workflow file, each located by line number and field path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileProblem:
    """One mistake in a file: ``line`` (1-based, None when unknown) and ``path`` (``steps[1].id``,
    empty for the whole document)."""

    filename: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.filename}:{self.line}" if self.line is not None else self.filename
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class WorkflowFileError(ValueError):
    """The file cannot be read as a workflow; ``problems`` lists every mistake found, in order."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
