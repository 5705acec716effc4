#!/usr/bin/env python3
"""Check the gold files of an annotated corpus against tests/corpus-real/README.md.

    python scripts/check_corpus.py tests/corpus-real [--quiet]

Every NAME.gold.json below the folder: its text exists and is under 4,000 characters; each
citation's `raw` is found verbatim, in order; its fields have the documented shapes; every
`not_citations` span is found and overlaps no citation. Prints one line per problem and a
summary by split, language, genre and citation style; exits 1 on any problem.
Only the standard library is used, so annotators can run it without the package.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

MAX_CHARS = 4000
LANGS = {"en", "fr", "de", "es", "it", "ru"}
GENRES = {"thinktank", "news", "digest", "academic", "blog", "trap"}
STYLES = {"parenthetical", "note", "author-date", "attribution", "digest", "link"}
DOC_STYLES = STYLES | {"mixed", "none"}
DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})$")


def author_problem(author: object) -> str | None:
    if not isinstance(author, dict):
        return "an author is not an object"
    if "literal" in author:
        return None if isinstance(author["literal"], str) and author["literal"] else "empty literal"
    if not isinstance(author.get("family"), str) or not author["family"]:
        return "a person without a family name"
    return None


def citation_problems(c: dict) -> list[str]:
    problems = []
    for field in ("raw", "authors", "title", "outlet", "date", "url", "style"):
        if field not in c:
            problems.append(f"no {field!r}")
    if c.get("style") not in STYLES:
        problems.append(f"style {c.get('style')!r} is not one of {sorted(STYLES)}")
    if not isinstance(c.get("authors", []), list):
        problems.append("authors is not a list")
    else:
        problems += [p for a in c.get("authors", []) if (p := author_problem(a))]
    for alt in c.get("authors_alt", []):
        problems += [p for a in alt if (p := author_problem(a))]
    if c.get("date") is not None and not DATE.match(str(c["date"])):
        problems.append(f"date {c['date']!r} is not YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD")
    for field in ("title", "outlet", "url"):
        if c.get(field) is not None and not isinstance(c[field], str):
            problems.append(f"{field} is not a string or null")
    return problems


def check(gold_path: Path) -> tuple[list[str], dict]:
    problems: list[str] = []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text_path = gold_path.with_name(gold.get("file", ""))
    if not text_path.is_file():
        return [f"no text file {gold.get('file')!r}"], gold
    text = text_path.read_text(encoding="utf-8")
    if len(text) >= MAX_CHARS:
        problems.append(f"text has {len(text)} characters (limit {MAX_CHARS})")
    if gold.get("id") != gold_path.name.removesuffix(".gold.json"):
        problems.append("id differs from the file name")
    for key in ("source_url", "query"):
        if not gold.get(key):
            problems.append(f"no {key}")
    if gold.get("lang") not in LANGS:
        problems.append(f"lang {gold.get('lang')!r}")
    if gold.get("genre") not in GENRES:
        problems.append(f"genre {gold.get('genre')!r}")
    if gold.get("style") not in DOC_STYLES:
        problems.append(f"style {gold.get('style')!r}")
    spans, after = [], 0
    for n, c in enumerate(gold.get("citations", []), 1):
        problems += [f"citation {n}: {p}" for p in citation_problems(c)]
        raw = c.get("raw") or ""
        i = text.find(raw, after) if raw else -1
        if i < 0:
            problems.append(f"citation {n}: raw not found after the previous one: {raw[:60]!r}")
            continue
        spans.append((i, i + len(raw)))
        after = i + len(raw)
    if gold.get("genre") == "trap" and gold.get("citations"):
        problems.append("a trap has citations")
    for neg in gold.get("not_citations", []):
        i = text.find(neg) if neg else -1
        if i < 0:
            problems.append(f"not_citation not found: {neg[:60]!r}")
        elif any(min(e, i + len(neg)) > max(s, i) for s, e in spans):
            problems.append(f"not_citation overlaps a citation: {neg[:60]!r}")
    return problems, gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--quiet", action="store_true", help="print problems only")
    args = ap.parse_args()
    bad = 0
    docs: Counter[tuple[str, ...]] = Counter()
    cites: Counter[tuple[str, ...]] = Counter()
    for gold_path in sorted(args.folder.rglob("*.gold.json")):
        problems, gold = check(gold_path)
        for p in problems:
            print(f"{gold_path}: {p}")
        bad += bool(problems)
        split = gold_path.parent.name
        n = len(gold.get("citations", []))
        for key in (("split", split), ("lang", gold.get("lang", "?")),
                    ("genre", gold.get("genre", "?"))):
            docs[key] += 1
            cites[key] += n
        for c in gold.get("citations", []):
            cites[("style", c.get("style", "?"))] += 1
    if not args.quiet:
        for kind in ("split", "lang", "genre", "style"):
            parts = [f"{k[1]} {docs[k]} docs/{cites[k]}" if kind != "style" else
                     f"{k[1]} {cites[k]}" for k in sorted(cites) if k[0] == kind]
            print(f"{kind}: " + ", ".join(parts))
        total = sum(v for k, v in docs.items() if k[0] == "split")
        print(f"{total} documents, {sum(v for k, v in cites.items() if k[0] == 'split')} "
              f"citations, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
