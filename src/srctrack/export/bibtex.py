"""Classic BibTeX, written through bibtexparser 2, for .bst styles such as plainnat.

What reference managers and bibtex itself get wrong when a file is not exactly right, and
what this module does about it:
- `& % $ # _ { } ~ ^ \\` in text fields are escaped (a raw `%` comments out the rest of a
  line); url and doi are written as they are.
- Non-ASCII letters become LaTeX accents in braces (`{\\v{S}}`), since classic BibTeX counts
  bytes, not characters.
- Organisations stand in double braces, so no style splits "Human Rights Watch" into a
  given and a family name.
- Acronyms and words with inner capitals are braced so styles that lowercase titles keep
  them; the whole title is never braced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from srctrack.model import Creator, Work

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}
_SPECIAL_RE = re.compile(r"[\\&%$#_{}~^]")
# Typographic punctuation with a plain-ASCII reading that every BibTeX style prints right.
_PUNCT = str.maketrans({"’": "'", "‘": "`", "“": "``", "”": "''", "–": "--", "—": "---",
                        "\u00a0": "~", "…": "..."})

ENTRY_TYPES = {
    "article": "article", "article-journal": "article", "article-newspaper": "article",
    "article-magazine": "article", "book": "book", "report": "techreport",
    "chapter": "incollection", "thesis": "phdthesis",
}


def escape(text: str) -> str:
    """Text as BibTeX and LaTeX read it back: specials escaped, non-ASCII as accents."""
    from pylatexenc.latexencode import unicode_to_latex

    text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    text = text.translate(_PUNCT)
    if text.isascii():
        return text
    return str(unicode_to_latex(text, non_ascii_only=True,
                                replacement_latex_protection="braces-all"))


def _protect_word(word: str, sentence_case: bool, first: bool) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters or not any(c.isupper() for c in letters):
        return False
    if sum(c.isupper() for c in letters) >= 2:
        return True  # an acronym ("CSTO") or an inner capital ("iPhone", "McDonald")
    return sentence_case and not first and word[:1].isupper()


def title(text: str) -> str:
    """Escape a title and brace the words a lowercasing style must not touch."""
    words = text.split(" ")
    alpha = [w for w in words if w[:1].isalpha()]
    lower = sum(1 for w in alpha if w[:1].islower())
    sentence_case = lower * 2 >= len(alpha)  # most words lowercase: capitals are names
    out = []
    for i, word in enumerate(words):
        escaped = escape(word)
        starts_clause = i == 0 or words[i - 1].endswith((":", "?", "!", "."))
        if _protect_word(word, sentence_case, first=starts_clause):
            escaped = "{" + escaped + "}"
        out.append(escaped)
    return " ".join(out)


def name(creator: Creator) -> str:
    if creator.literal is not None:
        return "{" + escape(creator.literal) + "}"
    family = escape(creator.family or "")
    if " " in family and not family[:1].islower():
        family = "{" + family + "}"  # "Lloyd Webber" is one family name
    return f"{family}, {escape(creator.given)}" if creator.given else family


def fields(work: Work) -> list[tuple[str, str]]:
    """The BibTeX fields of a work, in the order people expect to read them."""
    out: list[tuple[str, str]] = []
    if work.authors:
        out.append(("author", " and ".join(name(a) for a in work.authors)))
    if work.title:
        out.append(("title", title(work.title)))
    entry_type = ENTRY_TYPES.get(work.type, "misc")
    if work.container_title:
        container = escape(work.container_title)
        if entry_type == "article":
            out.append(("journal", container))
        elif entry_type == "techreport":
            out.append(("institution", container))
        elif entry_type == "book":
            out.append(("publisher", container))
        else:
            out.append(("howpublished", container))
    if entry_type == "techreport" and not work.container_title and work.publisher:
        out.append(("institution", escape(work.publisher)))
    elif work.publisher and entry_type != "techreport":
        out.append(("publisher", escape(work.publisher)))
    if work.issued:
        year, _, rest = work.issued.lstrip("-").partition("-")
        if not work.issued.startswith("--"):
            out.append(("year", year))
        month = int(rest[:2]) if rest[:2].isdigit() else int(year) if work.issued.startswith(
            "--") else 0
        if 1 <= month <= 12:
            out.append(("month", MONTHS[month - 1]))
        out.append(("date", work.issued))
    out += _numbers(work)
    if work.doi:
        out.append(("doi", work.doi))
    if work.url:
        out.append(("url", work.url))
    if work.accessed:
        out.append(("urldate", work.accessed))
    return out


# CSL variables a work may carry in `extra` (the reference parser fills them) and the
# BibTeX fields they go in.
_EXTRA_FIELDS = (("volume", "volume"), ("issue", "number"), ("page", "pages"),
                 ("publisher-place", "address"))


def _numbers(work: Work) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    editors = work.extra.get("editor")
    if isinstance(editors, list) and editors:
        out.append(("editor", " and ".join(name(Creator.from_json(e)) for e in editors)))
    for variable, bibtex_field in _EXTRA_FIELDS:
        value = work.extra.get(variable)
        if isinstance(value, str) and value:
            if variable == "page":  # a range takes an en dash: 1098--1101
                value = re.sub(r"\s*[-–—]+\s*", "--", value)
            out.append((bibtex_field, escape(value)))
    return out


def dumps(works: Sequence[Work]) -> str:
    """A .bib file holding every work, sorted by key."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field
    from bibtexparser.writer import BibtexFormat

    library = Library()
    for work in sorted(works, key=lambda w: w.key):
        entry_fields = [Field(key, value, enclosing="no-enclosing" if key == "month" else None)
                        for key, value in fields(work)]
        library.add(Entry(ENTRY_TYPES.get(work.type, "misc"), work.key, entry_fields))
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    return str(write_string(library, bibtex_format=fmt))
