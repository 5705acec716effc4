"""CSL-JSON, the format of citeproc, pandoc and Zotero, in both directions.

Works are already described with CSL variable names, so this is nearly a dump: dates
become `date-parts`, names `family`/`given` or `literal`, the key goes in `id` and
`citation-key`. A date with no year (`--06-12`) has no date-parts form and is kept as
`raw`. The output validates against csl-data.json of citation-style-language/schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from srctrack.export.bibfile import date_parts
from srctrack.export.reading import Problem, Reader
from srctrack.model import Creator, Work

#: Every type CSL 1.0.2 defines; anything else is written as the generic "document".
CSL_TYPES = frozenset("""
article article-journal article-magazine article-newspaper bill book broadcast chapter
classic collection dataset document entry entry-dictionary entry-encyclopedia event figure
graphic hearing interview legal_case legislation manuscript map motion_picture musical_score
pamphlet paper-conference patent performance periodical personal_communication post
post-weblog regulation report review review-book software song speech standard thesis
treaty webpage""".split())
#: The `extra` values a work may carry that are CSL variables of their own.
EXTRA_VARIABLES = ("genre", "number", "note", "medium", "language")


def date(value: str) -> dict[str, Any]:
    year, month, day = date_parts(value)
    if year is None:
        return {"raw": value}
    parts: list[int] = [int(year)]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return {"date-parts": [parts]}


def item(work: Work) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": work.key, "citation-key": work.key,
        "type": work.type if work.type in CSL_TYPES else "document",
    }
    if work.title:
        out["title"] = work.title
    if work.authors:
        out["author"] = [a.to_json() for a in work.authors]
    if work.container_title:
        out["container-title"] = work.container_title
    if work.publisher:
        out["publisher"] = work.publisher
    if work.issued:
        out["issued"] = date(work.issued)
    if work.accessed:
        out["accessed"] = date(work.accessed[:10])
    if work.doi:
        out["DOI"] = work.doi
    if work.url:
        out["URL"] = work.url
    for name in EXTRA_VARIABLES:
        value = work.extra.get(name)
        if isinstance(value, str) and value:
            out[name] = value
    return out


def dumps(works: Sequence[Work]) -> str:
    """A CSL-JSON array of every work, sorted by key."""
    items = [item(w) for w in sorted(works, key=lambda w: w.key)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- reading -------------------------------------------------------------------------------

def iso(value: Any) -> str | None:
    """An ISO date at its precision from a CSL date object (date-parts, raw or literal)."""
    if isinstance(value, str):
        return value or None
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(part))
            except (TypeError, ValueError):
                break
        if numbers:
            text = f"{numbers[0]:04d}"
            return text + "".join(f"-{n:02d}" for n in numbers[1:])
    raw = value.get("raw") or value.get("literal")
    return str(raw) if raw else None


def _creators(value: Any) -> tuple[Creator, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for person in value:
        if isinstance(person, dict) and (person.get("literal") or person.get("family")):
            if person.get("literal"):
                out.append(Creator.organisation(str(person["literal"])))
            else:
                family = " ".join(str(p) for p in (person.get("non-dropping-particle"),
                                                   person["family"]) if p)
                out.append(Creator.person(family, person.get("given")))
    return tuple(out)


def work_from_item(data: dict[str, Any]) -> Work:
    """A Work from one CSL-JSON item; the key is the citation-key, else the id."""
    def text(name: str) -> str | None:
        value = data.get(name)
        return str(value) if value not in (None, "") else None

    extra = {name: str(data[name]) for name in EXTRA_VARIABLES if data.get(name)}
    accessed = iso(data.get("accessed"))
    return Work(key=str(data.get("citation-key") or data.get("id") or ""),
                type=str(data.get("type") or "document"), title=text("title"),
                container_title=text("container-title"), authors=_creators(data.get("author")),
                issued=iso(data.get("issued")), url=text("URL"), publisher=text("publisher"),
                doi=text("DOI"), accessed=accessed, extra=extra)


def loads(source: str, path: str = "<string>") -> Reader:
    """Read a CSL-JSON array (or one item). A malformed item is a problem at its line."""
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        return Reader([], [Problem(path, exc.lineno, f"not JSON: {exc.msg}")])
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return Reader([], [Problem(path, 1, "a CSL-JSON file holds an array of items")])
    lines = _item_lines(source, len(data))
    works, problems = [], []
    for index, raw in enumerate(data):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(raw, dict) or not raw.get("type") or not (
                raw.get("id") or raw.get("citation-key")):
            problems.append(Problem(path, line, "item without an id and a type"))
            continue
        works.append(work_from_item(raw))
    return Reader(works, problems)


def _item_lines(source: str, count: int) -> list[int]:
    """The line on which each top-level item of a JSON array starts."""
    lines, depth, line, in_string, escaped = [], 0, 1, False, False
    for char in source:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            if depth == 1:
                lines.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
        elif depth == 1 and char not in ", \t\r\n" and len(lines) < count:
            lines.append(line)  # a scalar item
    return lines
