"""Markdown: the text a reader sees. Link syntax becomes its anchor text and a Link;
heading marks, emphasis marks ("**", "*", "__") and HTML comments are dropped."""

from __future__ import annotations

import re

from srctrack.model import Document, Link
from srctrack.read.links import bare_urls
from srctrack.read.plain import guess_title

# [text](url "title") and <https://...> autolinks; images ![alt](src) are dropped whole.
INLINE_RE = re.compile(
    r"""!\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\)"""
    r"""|\[(?P<text>[^\]\n]*)\]\((?P<url><[^>\n]*>|[^)\s]+)(?:\s+"[^"\n]*")?\)"""
    r"""|<(?P<auto>https?://[^>\s]+)>"""
    r"""|<!--.*?-->"""
    r"""|(?P<mark>\*\*|__|`)"""
    # A single "*" that opens or closes emphasis (*Foreign Affairs*), not a bullet or "5 * 3".
    r"""|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])""",
    re.DOTALL,
)
HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+", re.MULTILINE)
REFDEF_RE = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]+)\]:\s*<?(?P<url>\S+?)>?(?:\s+\"[^\"]*\")?$",
                       re.MULTILINE)


def to_text(source: str) -> tuple[str, list[Link]]:
    source = HEADING_RE.sub("", source)
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
                    links=tuple(links))
