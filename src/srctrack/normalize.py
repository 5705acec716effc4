"""Pure functions that give every source one identity: canonical URLs, citation keys, and
the identity key two citations share when they cite the same work."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from srctrack.model import Citation, Creator
from srctrack.parse import outlets

# Words a citation key skips when it takes the title's first significant word.
KEY_STOPWORDS = frozenset("""
a an the of on in at to for and or but with from by as is are was were be this that these
those its it le la les un une des du de der die das ein eine el los las il lo gli
""".split())
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|"
                             r"yclid|_ga|_gl|ref_src|ref_url|cmpid|smid|sr_share|at_\w+)$",
                             re.IGNORECASE)


def ascii_fold(text: str) -> str:
    """Accents dropped and letters transliterated where Unicode says how ("Š" -> "S")."""
    text = text.translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    return text.encode("ascii", "ignore").decode("ascii")


_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
                      "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i"})


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(text).lower())


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAMS.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def creator_key(creator: Creator) -> str:
    if creator.literal is not None:
        return slug(creator.literal)
    return slug(creator.family or "")


def citation_key(authors: tuple[Creator, ...], date: str | None, title: str | None,
                 outlet: str | None = None) -> str:
    """`engvall2022russia`: first author's family name or organisation, year, first
    significant title word; ASCII only. The store adds `a`, `b` ... on a clash."""
    if authors:
        name = creator_key(authors[0])
    else:
        name = slug(outlets.canonical(outlet)) if outlet else ""
    name = name[:30] or "anon"
    year = date[:4] if date and date[:4].isdigit() else ""
    word = ""
    for token in re.findall(r"[^\W_]+", title or ""):
        if token.lower() not in KEY_STOPWORDS:
            word = slug(token)
            if word:
                break
    return f"{name}{year}{word[:20]}"


def key_suffix(n: int) -> str:
    """The n-th suffix that tells clashing keys apart: 0 -> a, 25 -> z, 26 -> aa."""
    suffix = ""
    while True:
        suffix = chr(ord("a") + n % 26) + suffix
        n = n // 26 - 1
        if n < 0:
            return suffix


def unique_keys(keys: list[str]) -> list[str]:
    """Keys made unique in a batch the way author-year styles do: every key that occurs
    more than once takes a suffix in order (smith2020a, smith2020b); the others stay."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        if counts[key] > 1:
            seen[key] = seen.get(key, -1) + 1
            key += key_suffix(seen[key])
        out.append(key)
    return out


def fold_title(title: str) -> str:
    """A title as a reader compares it: case, accents, quotes and punctuation ignored."""
    title = re.sub(r"['’‘`]", "", title)
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(title).lower()))


def work_identity(citation: Citation) -> str:
    """What makes two citations cite one work, however they spell it.

    A link is the strongest identity; otherwise the title as a reader would compare it, with
    the year; a citation with no title is its outlet and date.
    """
    return identity(citation.title, citation.date, citation.url, citation.outlet,
                    citation.authors)


def identity(title: str | None, date: str | None, url: str | None, outlet: str | None,
             authors: tuple[Creator, ...]) -> str:
    """The identity of a work from its fields: what `work_identity` computes for a citation,
    and what an imported entry is matched by."""
    if title:
        year = date[:4] if date and date[:4].isdigit() else ""
        return f"title:{fold_title(title)}|{year}"
    if url:
        return "url:" + canonical_url(url)
    canonical_outlet = outlets.canonical(outlet) if outlet else ""
    who = creator_key(authors[0]) if authors else ""
    return f"source:{slug(canonical_outlet)}|{who}|{date or ''}"
