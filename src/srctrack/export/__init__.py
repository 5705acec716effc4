"""Writers that turn the bibliography's works into files other tools read, one module per
format, and the importers that read such files back (`reading.read`).

Each exporter takes Works and returns text; the CLI decides where it goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from srctrack.errors import UsageError
from srctrack.model import Work

Exporter = Callable[[Sequence[Work]], str]

#: Data formats (one entry a work) and formatted reference lists (rendered in a CSL style).
DATA_FORMATS = ("bibtex", "biblatex", "csl-json", "ris")
LIST_FORMATS = ("text", "markdown", "html")
FORMATS = DATA_FORMATS + LIST_FORMATS


def exporter(name: str, style: str | None = None) -> Exporter:
    """The exporter for a format name; `style` (a CSL style name or file) only for lists."""
    if style is not None and name not in LIST_FORMATS:
        raise UsageError(f"--style applies to {', '.join(LIST_FORMATS)}, not to {name}")
    if name == "bibtex":
        from srctrack.export import bibtex

        return bibtex.dumps
    if name == "biblatex":
        from srctrack.export import biblatex

        return biblatex.dumps
    if name == "csl-json":
        from srctrack.export import csljson

        return csljson.dumps
    if name == "ris":
        from srctrack.export import ris

        return ris.dumps
    if name in LIST_FORMATS:
        from srctrack.export import formatted

        formatted.style_path(style or formatted.DEFAULT_STYLE)  # fail before any work
        return lambda works: formatted.render(works, name, style)
    raise UsageError(f"unknown export format: {name}")
