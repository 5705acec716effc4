"""Score extraction on an annotated corpus folder the way ../shared/eval/score.py does: a
prediction matches a gold citation when their spans overlap by half the shorter one, and a
matched citation's fields are compared after folding case, accents, quotes and spacing.

`python tests/corpus_scoring.py --update` stores the current counts in corpus_baselines.json;
tests/test_corpus.py fails when any of them gets worse. Update only after a change that
improves them, and say so in the commit.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from srctrack.extract import extract
from srctrack.model import Citation
from srctrack.read import FORMATS, Source, read

TESTS = Path(__file__).parent
BASELINES = TESTS / "corpus_baselines.json"
#: The folders the ratchet holds, relative to tests/.
FOLDERS = ("corpus", "corpus/encodings", "corpus-real/dev", "corpus-real/test")
FIELDS = ("authors", "title", "outlet", "date", "url")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-", "\u00a0": " "})


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    negatives_extracted: int = 0
    fields: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))


def fold(value: object) -> str:
    if value is None:
        return ""
    s = unicodedata.normalize("NFKD", str(value))
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_QUOTES)
    return " ".join(s.casefold().split()).strip(" .,;:\"'()[]")


def _authors_key(authors: Any) -> tuple[str, ...]:
    names = (fold(a.get("literal") or a.get("family") or "") for a in authors or [])
    return tuple(sorted(n for n in names if n))


def _url_key(url: object) -> str:
    u = str(url or "").strip().lower()
    for prefix in ("https://", "http://", "www."):
        u = u.removeprefix(prefix)
    return u.rstrip("/")


def field_ok(name: str, gold: dict[str, Any], got: dict[str, Any]) -> bool:
    if name == "authors":
        wanted = [gold.get("authors"), *gold.get("authors_alt", [])]
        return _authors_key(got.get("authors")) in {_authors_key(w) for w in wanted}
    if name == "url":
        return _url_key(gold.get("url")) == _url_key(got.get("url"))
    if name == "date":
        want, have = gold.get("date") or "", got.get("date") or ""
        if want.startswith("--") and have:
            return bool(have == want or have.endswith(want[1:]))
        return bool(want == have)
    wanted = [gold.get(name), *gold.get(f"{name}_alt", [])]
    return fold(got.get(name)) in {fold(w) for w in wanted}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1, min(a[1] - a[0], b[1] - b[0])) if inter > 0 else 0.0


def locate(text: str, raw: str, after: int = 0) -> tuple[int, int] | None:
    """Where raw stands, from `after` on if it can; white space may differ (HTML text)."""
    i = text.find(raw, after)
    i = i if i >= 0 else text.find(raw)
    if i >= 0:
        return i, i + len(raw)
    words = raw.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words)) if words else None
    m = pattern and (pattern.search(text, after) or pattern.search(text))
    return (m.start(), m.end()) if m else None


def pair(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict[int, int]:
    """Each matched gold span's prediction, paired greedily by overlap, as score.py pairs
    them: half the shorter span at least."""
    pairs = sorted(((overlap(g, p), gi, pi) for gi, g in enumerate(gold)
                    for pi, p in enumerate(predicted)), reverse=True)
    gold_of: dict[int, int] = {}
    taken: set[int] = set()
    for ov, gi, pi in pairs:
        if ov >= 0.5 and gi not in gold_of and pi not in taken:
            gold_of[gi] = pi
            taken.add(pi)
    return gold_of


def as_fields(c: Citation) -> dict[str, Any]:
    authors = [{"literal": a.literal} if a.literal else {"family": a.family, "given": a.given}
               for a in c.authors]
    return {"authors": authors, "title": c.title, "outlet": c.outlet, "date": c.date,
            "url": c.url}


def score_document(gold: dict[str, Any], text: str, found: list[Citation], counts: Counts,
                   where: str) -> None:
    spans, after = [], 0
    for c in gold["citations"]:
        span = locate(text, c["raw"], after)
        assert span is not None, f"{where}: gold span not in the text: {c['raw'][:60]!r}"
        spans.append(span)
        after = span[1]
    predicted = [(c.start, c.end) for c in found]
    gold_of = pair(spans, predicted)
    for gi, pi in gold_of.items():
        got = as_fields(found[pi])
        hits = [f for f in FIELDS if field_ok(f, gold["citations"][gi], got)]
        for f in hits:
            counts.fields[f] += 1
        counts.exact += len(hits) == len(FIELDS)
    for neg in gold.get("not_citations", []):
        span = locate(text, neg)
        assert span is not None, f"{where}: not_citation not in the text: {neg[:60]!r}"
        counts.negatives_extracted += any(overlap(span, p) >= 0.5 for p in predicted)
    counts.gold += len(spans)
    counts.predicted += len(predicted)
    counts.matched += len(gold_of)


def score_folder(folder: Path) -> Counts:
    counts = Counts()
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = gold_path.with_name(gold["file"])
        document = read(Source(str(path), FORMATS[path.suffix]))
        # As `extract --json` lists them: a marker whose note is missing names no source.
        found = [c for c in extract(document) if not c.is_missing_note]
        score_document(gold, document.text, found, counts, str(gold_path))
    return counts


def main() -> int:
    if sys.argv[1:] != ["--update"]:
        print(__doc__)
        return 2
    baselines = {name: asdict(score_folder(TESTS / name)) for name in FOLDERS
                 if (TESTS / name).is_dir()}
    BASELINES.write_text(json.dumps(baselines, indent=1) + "\n", encoding="utf-8")
    for name, counts in baselines.items():
        print(name, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
