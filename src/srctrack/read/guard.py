"""Markup that Python's html.parser cannot finish, made text before it reads it.

html.parser rescans to the end of the document for every construct that never closes: each
`<a` with no `>` after it, each `<!--` with no `-->`, each `<a x="` whose quote never ends
(100,000 of them took minutes), and a `<![` with no name stops it with an AssertionError.
`defuse` finds those constructs in one pass and escapes their `<` as `&lt;`, which is what
html.parser would have printed for them at the end anyway; markup that closes is left
exactly as it is. Every search below only moves forward, so the pass is linear.
"""

from __future__ import annotations

import re

#: The elements whose content html.parser reads as raw text up to their end tag.
RAW_TEXT = ("script", "style")
#: What html.parser reads as markup after a "<": a tag, an end tag (any "</", up to its
#: ">"), a comment or declaration ("<!"), a processing instruction ("<?").
_TAG_START = re.compile(r"<(?:[a-zA-Z]|/|!|\?)")
_RAW_START = re.compile(r"<(script|style)(?=[\s/>])", re.IGNORECASE)
#: How html.parser ends a comment, a marked section (`<![CDATA[ ... ]]>`) and Microsoft
#: Office's conditional sections (`<![if !vml]> ... <![endif]>`); the names it knows.
_COMMENT_END = re.compile(r"--\s*>")
_SECTION_END = re.compile(r"]\s*]\s*>")
_MS_SECTION_END = re.compile(r"]\s*>")
_SECTION_NAME = re.compile(r"<!\[([a-zA-Z][-_.a-zA-Z0-9]*)\s*")
SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
MS_SECTIONS = frozenset({"if", "else", "endif"})


class _Search:
    """A pattern's next match at or after a position, remembered, so that searches that move
    forward never read the same characters twice."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text, self.pattern = text, pattern
        self.start = self.end = -2  # not searched yet
        self.exhausted = False

    def at_or_after(self, position: int) -> tuple[int, int]:
        """(start, end) of the next match, or (-1, -1) when there is none."""
        if self.exhausted:
            return -1, -1
        if self.start < position:
            match = self.pattern.search(self.text, position)
            if match is None:
                self.exhausted = True
                return -1, -1
            self.start, self.end = match.span()
        return self.start, self.end


def defuse(source: str) -> str:
    """The document with every construct that would never close escaped as text."""
    gt, lt = _Search(source, re.compile(">")), _Search(source, re.compile("<"))
    comment_end = _Search(source, _COMMENT_END)
    section_end = _Search(source, _SECTION_END)
    ms_section_end = _Search(source, _MS_SECTION_END)
    # The end tag exactly as html.parser looks for it; without one, the rest is raw text.
    raw_ends = {name: _Search(source, re.compile(rf"</\s*{name}\s*>", re.IGNORECASE))
                for name in RAW_TEXT}
    out: list[str] = []
    pos = 0
    i = 0
    while True:
        i = lt.at_or_after(i)[0]
        if i < 0:
            break
        if not _TAG_START.match(source, i):
            i += 1
            continue
        if source.startswith("<!--", i):
            end = comment_end.at_or_after(i + 4)[1]
            if end >= 0:
                i = end
                continue
        elif source.startswith("<![", i):
            section = _SECTION_NAME.match(source, i)
            name = section.group(1).lower() if section else ""
            search = section_end if name in SECTIONS else \
                ms_section_end if name in MS_SECTIONS else None
            end = search.at_or_after(i + 3)[1] if search else -1
            if end >= 0:
                i = end
                continue
        else:
            close = gt.at_or_after(i + 1)[0]
            following = lt.at_or_after(i + 1)[0]
            if close >= 0 and (following < 0 or close < following):
                raw = _RAW_START.match(source, i)
                i = close + 1
                if raw:
                    # Raw text runs to the element's end tag: nothing in it is markup.
                    end = raw_ends[raw.group(1).lower()].at_or_after(i)[0]
                    if end < 0:
                        break
                    i = end
                continue
        out.append(source[pos:i])
        out.append("&lt;")
        pos = i = i + 1
    out.append(source[pos:])
    return "".join(out)
