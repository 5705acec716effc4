"""Text as BibTeX and biblatex read it, in both directions: the one place that knows LaTeX.

Writing (`encode`):
- `& % $ # _` are escaped with a backslash; `{ } \\ ~ ^` become text macros
  (`\\textbraceleft{}` ...), because BibTeX counts every brace, escaped or not, and an
  unbalanced one ends the field.
- With `ascii_only` (classic BibTeX, which counts bytes), Latin letters and typographic
  punctuation become LaTeX accents and macros in braces (`{\\v{S}}`, `{\\textendash}`).
  Other scripts (Cyrillic, CJK ...) stay UTF-8: a LaTeX macro for them only works under a
  font encoding the document must choose anyway, while UTF-8 is what JabRef and Zotero read.
- An ASCII pair that LaTeX would merge into another character (`--` into an en dash, `''`
  into a closing quote) is split with `{}`, so what was typed is what is printed.

Reading (`decode`) undoes all of that, and also reads what other tools write (accents,
ligatures, math-mode dollars), through pylatexenc.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from srctrack.model import Creator

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
            "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
# Pairs TeX's fonts turn into one glyph (OT1 and T1 ligatures).
_LIGATURES = frozenset({"--", "''", "``", "?`", "!`", ",,", "<<", ">>"})
# Blocks whose letters have LaTeX accent macros that every pdflatex setup prints: Latin-1,
# Latin Extended-A/B, IPA-free Latin Extended Additional, and general punctuation.
_LATIN_BLOCKS = ((0x00A0, 0x024F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20AC, 0x20AC))


def _latin(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _LATIN_BLOCKS)


@lru_cache(maxsize=1)
def _latex_encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    # 'keep' leaves a letter with no known macro as UTF-8 instead of a warning and a "?".
    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", unknown_char_warning=False)


# Where pylatexenc's table is wrong (it writes Ű with an acute accent, not a double acute).
_ACCENT_FIXES = {"Ű": r"{\H{U}}", "ű": r"{\H{u}}"}


@lru_cache(maxsize=4096)
def _accent(char: str) -> str:
    if char in _ACCENT_FIXES:
        return _ACCENT_FIXES[char]
    return str(_latex_encoder().unicode_to_latex(char))


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def one_line(text: str) -> str:
    """Text on one line with single spaces and no control characters: what every field of
    every export holds (a line break is structure in RIS, and a control character is
    nothing a reader can print)."""
    return " ".join(_CONTROLS.sub("", text).split())


def encode(text: str, *, ascii_only: bool) -> str:
    """A text field's value, ready to stand between the braces of a .bib field."""
    pieces: list[str] = []
    for char in one_line(text):
        if char in _SPECIAL:
            piece = _SPECIAL[char]
        elif ascii_only and not char.isascii() and _latin(char):
            piece = _accent(char)
        else:
            piece = char
        if pieces and (pieces[-1][-1:] + piece[:1]) in _LIGATURES:
            pieces.append("{}")
        pieces.append(piece)
    return "".join(pieces)


def _needs_protection(word: str, sentence_case: bool, starts_clause: bool) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters or not any(c.isupper() for c in letters):
        return False
    if any(c.isupper() for c in letters[1:]):
        return True  # an acronym ("CSTO") or an inner capital ("iPhone", "McDonald")
    return sentence_case and not starts_clause and word[:1].isupper()


def title(text: str, *, ascii_only: bool) -> str:
    """Encode a title and brace the words a lowercasing style must not touch.

    Acronyms and words with inner capitals are always braced; in a sentence-case title (most
    words lowercase) a capitalised word after the first is a proper noun and is braced too.
    The whole title is never braced: styles must still be free to change its case.
    """
    words = one_line(text).split(" ")
    alpha = [w for w in words if w[:1].isalpha()]
    lower = sum(1 for w in alpha if w[:1].islower())
    sentence_case = lower * 2 >= len(alpha)
    out = []
    for i, word in enumerate(words):
        encoded = encode(word, ascii_only=ascii_only)
        starts_clause = i == 0 or words[i - 1].endswith((":", "?", "!", "."))
        if _needs_protection(word, sentence_case, starts_clause):
            encoded = "{" + encoded + "}"
        out.append(encoded)
    return " ".join(out)


_AND = re.compile(r"\band\b", re.IGNORECASE)


def name_part(text: str, *, ascii_only: bool, brace_spaces: bool = False) -> str:
    """One part of a person's name, written so BibTeX splits the list and the name right:
    a comma and the word "and" are braced where they stand (`{,}`, `{and}`), a family name of
    several words ("Lloyd Webber") is braced whole, and so is a part or word that starts with
    a macro: readers that split "A and \\&B" by hand (bibtexparser) take the backslash for
    part of the separator."""
    words = []
    for word in text.split(" "):
        encoded = encode(word, ascii_only=ascii_only).replace(",", "{,}")
        # A word that is a macro ("\&") is braced wherever it stands: before " and" too,
        # bibtexparser took "John \& and Doe" for one separator.
        macro = encoded.startswith("\\")
        words.append("{" + encoded + "}" if _AND.fullmatch(word) or macro else encoded)
    encoded = " ".join(words)
    if encoded.startswith("\\") or (brace_spaces and " " in text and not text[:1].islower()):
        return "{" + encoded + "}"
    return encoded


def organisation(text: str, *, ascii_only: bool) -> str:
    """An organisation braced whole: no style may read "Human Rights Watch" as W., H. R.

    A name that would start with a macro gets a second pair of braces: `{\\'E}` alone is
    BibTeX's "special character", a letter, not a group.
    """
    encoded = encode(text, ascii_only=ascii_only)
    if encoded.startswith(("\\", "{")):
        return "{{" + encoded + "}}"
    return "{" + encoded + "}"


# -- reading -------------------------------------------------------------------------------

_OWN_MACROS = {"textbraceleft": "\ue000", "textbraceright": "\ue001",
               "textbackslash": "\ue002", "textasciitilde": "\ue003",
               "textasciicircum": "\ue004"}
_RESTORE: dict[str, str | int | None] = {"\ue000": "{", "\ue001": "}", "\ue002": "\\",
                                         "\ue003": "~", "\ue004": "^"}
_OWN_MACRO_RE = re.compile(r"\\(" + "|".join(_OWN_MACROS) + r")(?![A-Za-z])(?:\{\})?")
_RAW_PERCENT = re.compile(r"(?<!\\)%")


def decode(value: str) -> str:
    """Plain Unicode text from a .bib field value (braces and macros resolved)."""
    if not any(c in value for c in "\\{}$~%-'`"):
        return " ".join(value.split())
    from pylatexenc.latex2text import LatexNodes2Text

    value = _OWN_MACRO_RE.sub(lambda m: _OWN_MACROS[m.group(1)], value)
    # A raw % in a .bib field is a literal per cent sign, not a LaTeX comment.
    value = _RAW_PERCENT.sub(r"\\%", value)
    text = str(LatexNodes2Text().latex_to_text(value))
    text = text.translate(str.maketrans(_RESTORE))
    return " ".join(text.split())


def person_or_organisation(creator: Creator, ascii_only: bool) -> str:
    """A name as BibTeX and biber read it: "Family, Given", or an organisation braced whole."""
    if creator.literal is not None:
        return organisation(creator.literal, ascii_only=ascii_only)
    if not ascii_only and (creator.family or "").count(",") + (creator.given or "").count(",") > 1:
        # biber counts a comma at any brace depth inside a name and skips an entry whose
        # name has more than "von Last, Jr, First" allows; braced whole, it is one name.
        return organisation(creator.display, ascii_only=ascii_only)
    family = name_part(creator.family or "", ascii_only=ascii_only, brace_spaces=True)
    if not creator.given:
        return family
    return f"{family}, {name_part(creator.given, ascii_only=ascii_only)}"
