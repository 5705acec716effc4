"""Importers: read a bibliography file another tool wrote into Works.

The importers live beside the exporters (in `export/`) because each format module owns its
mapping both ways: the table that says a biblatex `@report` is a CSL `report` is the one the
writer uses, so a round trip cannot drift. This module holds what they share: the result
type, and the choice of reader by file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from srctrack.errors import InputError
from srctrack.model import Work

#: File suffixes `srctrack import` reads, and the format each means.
SUFFIXES = {".bib": "bib", ".bibtex": "bib", ".json": "csl-json", ".ris": "ris"}


@dataclass(frozen=True, slots=True)
class Problem:
    """An entry that could not be read: where it starts and what is wrong with it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Reader:
    """What a file held: the works that could be read and the entries that could not."""

    works: list[Work] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read(path: str | Path) -> Reader:
    """Read one .bib (BibTeX or biblatex), .json (CSL-JSON) or .ris file."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot import {path.suffix or 'a file with no suffix'}: "
                         f"use {', '.join(SUFFIXES)}", path=str(path))
    try:
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                         path=str(path)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=str(path)) from exc
    if fmt == "bib":
        from srctrack.export import bibread

        return bibread.loads(source, str(path))
    if fmt == "csl-json":
        from srctrack.export import csljson

        return csljson.loads(source, str(path))
    from srctrack.export import ris

    return ris.loads(source, str(path))
