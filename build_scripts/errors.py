"""Errors about input files. Each names the file and the place, so an editor can fix it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """A problem with an input file: a capture, a sidecar or a rules file."""

    path: Path | str
    reason: str
    line: int | None = None
    byte_offset: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [str(self.path)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.byte_offset is not None:
            where.append(f"byte offset {self.byte_offset}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{': '.join([', '.join(where), self.reason])}"


class BuildFailed(Exception):
    """Several input errors found in one run; the build stops before writing anything."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
