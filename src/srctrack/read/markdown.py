"""Markdown: the text a reader sees. Link syntax becomes its anchor text and a Link;
heading marks, emphasis marks ("**", "*", "__") and HTML comments are dropped."""

from __future__ import annotations

import re

from srctrack.model import Document, Link
from srctrack.read.links import bare_urls, usable_links
from srctrack.read.plain import guess_title

# [text](url "title") and <https://...> autolinks; images ![alt](src) are dropped whole.
# Every part stops at the character that would start the next construct (a text at "[", a
# URL at "(" unless it is one balanced pair, a title at its line's end, an autolink at "<"):
# a run of "[a](" or "<http://a" that never closes is then read in one pass, where letting a
# part run on rescanned the rest of the file from every opening (80 KB took 35 s).
_URL = r"""(?:[^()\s]|\([^()\s]*\))"""
INLINE_RE = re.compile(
    r"""!\[[^\[\]\n]*\]\(""" + _URL + r"""*(?:[ \t]+"[^"\n]*")?\)"""
    r"""|\[(?P<text>[^\[\]\n]*)\]\((?P<url><[^<>\n]*>|""" + _URL + r"""+)(?:[ \t]+"[^"\n]*")?\)"""
    r"""|<(?P<auto>https?://[^<>\s]+)>"""
    r"""|(?P<mark>\*\*|__|`)"""
    # A single "*" that opens or closes emphasis (*Foreign Affairs*), not a bullet or "5 * 3".
    r"""|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])""",
    re.DOTALL,
)
HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+", re.MULTILINE)
REFDEF_RE = re.compile(
    r"^ {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<url>\S+?)>?(?:[ \t]+\"[^\"\n]*\")?$",
    re.MULTILINE)


def without_comments(source: str) -> str:
    """The source without its HTML comments, in one pass: a `<!--` that never closes is
    text, and so is every one after it (a regex that looked for the close from each opening
    read the rest of the file each time)."""
    out: list[str] = []
    pos = 0
    while True:
        start = source.find("<!--", pos)
        if start < 0:
            break
        end = source.find("-->", start + 4)
        if end < 0:
            break
        out.append(source[pos:start])
        pos = end + 3
    out.append(source[pos:])
    return "".join(out)


def to_text(source: str) -> tuple[str, list[Link]]:
    source = HEADING_RE.sub("", without_comments(source))
    out: list[str] = []
    links: list[Link] = []
    pos = 0
    length = 0
    for m in INLINE_RE.finditer(source):
        out.append(source[pos:m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group("text") is not None:
            text = m.group("text")
            url = m.group("url").strip("<>")
            links.append(Link(url=url, start=length, end=length + len(text), text=text))
            out.append(text)
            length += len(text)
        elif m.group("auto"):
            url = m.group("auto")
            links.append(Link(url=url, start=length, end=length + len(url), text=url))
            out.append(url)
            length += len(url)
    out.append(source[pos:])
    return "".join(out), links


def to_document(path: str, source: str, sha256: str) -> Document:
    text, links = to_text(source)
    covered = {(link.start, link.end) for link in links}
    links.extend(link for link in bare_urls(text)
                 if not any(s <= link.start < e for s, e in covered))
    links.sort(key=lambda link: link.start)
    return Document(path=path, text=text, sha256=sha256, format="md", title=guess_title(text),
                    links=tuple(usable_links(links)))
