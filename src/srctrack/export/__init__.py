"""Writers that turn the bibliography's works into files other tools read; one module per
format. Each exporter takes Works and returns text; the CLI decides where it goes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from srctrack.model import Work

Exporter = Callable[[Sequence[Work]], str]


def exporter(name: str) -> Exporter:
    """The exporter for a format name."""
    if name == "bibtex":
        from srctrack.export import bibtex

        return bibtex.dumps
    raise ValueError(f"unknown export format: {name}")


FORMATS = ("bibtex",)
