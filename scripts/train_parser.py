#!/usr/bin/env python3
"""Train the reference-string labeller that `srctrack parse` ships.

    python scripts/train_parser.py              # writes src/srctrack/data/reference.crfsuite
    python scripts/train_parser.py --cv 5       # k-fold token accuracy on the training data
    python scripts/train_parser.py --data other.xml -o /tmp/model.crfsuite

The training data is AnyStyle's labelled reference set (`core.xml`, BSD 2-clause, kept in
../shared/data/anystyle/): `<sequence><author>..</author><title>..</title>...</sequence>`.
Each labelled segment is cut at whitespace, as the parser cuts its input, and every token takes
its segment's label. `gold.xml` beside it is what the parser is scored on and is refused here.

Training is deterministic (L-BFGS over a fixed order), so rerunning it gives the same model.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from srctrack.parse.features import sequence_features, tokenize  # noqa: E402
from srctrack.parse.reference import MAX_TOKENS  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "anystyle" / "core.xml"
DEFAULT_MODEL = ROOT / "src" / "srctrack" / "data" / "reference.crfsuite"
# Labels the parser does not tell apart are folded into one.
LABEL_MAP = {"director": "editor", "producer": "editor", "source": "note", "medium": "genre"}

Sequence = tuple[list[str], list[str]]


def read_dataset(path: Path) -> list[Sequence]:
    """Tokens and their labels, one pair of lists a labelled reference."""
    sequences = []
    for seq in ET.parse(path).getroot().iter("sequence"):
        tokens: list[str] = []
        labels: list[str] = []
        for child in seq:
            label = LABEL_MAP.get(child.tag, child.tag)
            words = tokenize("".join(child.itertext()))
            tokens += words
            labels += [label] * len(words)
        if tokens and len(tokens) <= MAX_TOKENS:
            sequences.append((tokens, labels))
    return sequences


# --- news and web credit lines ------------------------------------------------------------
# AnyStyle's data is scholarly; analysis cites newspapers, agencies, think tanks and web
# pages. A few hundred credit lines in the styles people write them (Chicago, APA, MLA,
# Harvard, the bare "Author, Title, Outlet, Date" of parenthetical citations) are made from
# the titles and names of the training data, the outlets of srctrack's gazetteer and random
# dates, with a fixed seed.

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NEWS_KINDS = ("newspaper", "agency", "website", "magazine", "broadcaster", "think-tank",
              "organisation", "ngo")


def _news_sources() -> list[tuple[str, str]]:
    import json

    data = json.loads((ROOT / "src" / "srctrack" / "data" / "outlets.json").read_text("utf-8"))
    return [(o["name"], (o.get("domains") or ["example.org"])[0]) for o in data
            if o.get("kind") in NEWS_KINDS]


def _pools(sequences: list[Sequence]) -> tuple[list[str], list[tuple[str, str]]]:
    """Titles and (family, given) names found in the training data."""
    import re

    titles: list[str] = []
    people: list[tuple[str, str]] = []
    for tokens, labels in sequences:
        title = " ".join(t for t, y in zip(tokens, labels, strict=True) if y == "title")
        title = title.strip(" .,;:\"'“”‘’")
        if 3 <= len(title.split()) <= 16 and not re.search(r"[“”\"]", title):
            titles.append(title)
        author = " ".join(t for t, y in zip(tokens, labels, strict=True) if y == "author")
        m = re.match(r"^([A-Z][a-z'’-]+), ([A-Z][a-z]+)\b", author)
        if m:
            people.append((m.group(1), m.group(2)))
    return titles, people


def synthetic_news(sequences: list[Sequence], count: int, seed: int = 4) -> list[Sequence]:
    import re

    rng = random.Random(seed)
    titles, people = _pools(sequences)
    sources = _news_sources()
    out: list[Sequence] = []
    for _ in range(count):
        family, given = rng.choice(people)
        title = rng.choice(titles)
        outlet, domain = rng.choice(sources)
        y, m, d = rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28)
        month = MONTHS[m - 1]
        mon = month if len(month) <= 4 else month[:3] + "."
        slug = re.sub(r"[^a-z0-9]+", "-", " ".join(title.lower().split()[:6])).strip("-")
        url = f"https://www.{domain}/{y}/{m:02d}/{d:02d}/{slug}"
        full = f"{given} {family}"
        inverted = f"{family}, {given}"
        apa = f"{family}, {given[0]}."
        style = rng.randrange(9)
        seg: list[tuple[str, str]]
        if style == 0:  # Chicago note
            seg = [("author", full + ","), ("title", f"“{title},”"), ("journal", outlet + ","),
                   ("date", f"{month} {d}, {y}" + ("," if rng.random() < .5 else "."))]
            if seg[-1][1].endswith(","):
                seg.append(("url", url + "."))
        elif style == 1:  # Chicago bibliography
            seg = [("author", inverted + "."), ("title", f"“{title}.”"), ("journal", outlet + ","),
                   ("date", f"{month} {d}, {y}.")]
            if rng.random() < .6:
                seg.append(("url", url + "."))
        elif style == 2:  # APA
            seg = [("author", apa), ("date", f"({y}, {month} {d})."), ("title", title + "."),
                   ("journal", outlet + ".")]
            if rng.random() < .7:
                seg.append(("url", url))
        elif style == 3:  # MLA
            seg = [("author", inverted + "."), ("title", f"“{title}.”"), ("journal", outlet + ","),
                   ("date", f"{d} {mon} {y}" + ("," if rng.random() < .6 else "."))]
            if seg[-1][1].endswith(","):
                seg.append(("url", url.removeprefix("https://") + "."))
        elif style == 4:  # Harvard
            seg = [("author", apa), ("date", f"({y})"), ("title", f"‘{title}’,"),
                   ("journal", outlet + ","), ("date", f"{d} {month}."),
                   ("note", "Available at:"), ("url", url),
                   ("date", f"(Accessed: {rng.randint(1, 28)} {rng.choice(MONTHS)} {y}).")]
        elif style == 5:  # the bare parenthetical citation
            seg = [("author", full + ","), ("title", title + ","), ("journal", outlet + ","),
                   ("date", f"{month} {d}, {y}")]
        elif style == 6:  # an agency or outlet as author
            seg = [("author", outlet + ","), ("title", rng.choice((f"“{title},”", title + ","))),
                   ("date", f"{d} {month} {y}" + rng.choice((".", "")))]
        elif style == 7:  # no author
            seg = [("title", f"“{title},”"), ("journal", outlet + ","),
                   ("date", f"{month} {d}, {y},"), ("url", url)]
        else:  # a web page, accessed
            seg = [("author", outlet + "."), ("date", f"({y})."), ("title", title + "."),
                   ("note", "Retrieved from"), ("url", url)]
        tokens: list[str] = []
        labels: list[str] = []
        for label, text in seg:
            words = tokenize(text)
            tokens += words
            labels += [label] * len(words)
        out.append((tokens, labels))
    return out


def train(sequences: list[Sequence], model: Path, c1: float, c2: float,
          iterations: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, labels in sequences:
        trainer.append(sequence_features(tokens), labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model))


def evaluate(sequences: list[Sequence], model: Path) -> tuple[Counter[str], Counter[str],
                                                            Counter[str], int, int]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    right = whole = 0
    for tokens, labels in sequences:
        predicted = tagger.tag(sequence_features(tokens))
        ok = True
        for want, got in zip(labels, predicted, strict=True):
            if want == got:
                tp[want] += 1
                right += 1
            else:
                fp[got] += 1
                fn[want] += 1
                ok = False
        whole += ok
    return tp, fp, fn, right, whole


def cross_validate(sequences: list[Sequence], folds: int, c1: float, c2: float,
                   iterations: int, work: Path) -> None:
    order = list(range(len(sequences)))
    random.Random(4).shuffle(order)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    right = whole = tokens = 0
    for k in range(folds):
        test = [sequences[i] for n, i in enumerate(order) if n % folds == k]
        training = [sequences[i] for n, i in enumerate(order) if n % folds != k]
        path = work / f"fold{k}.crfsuite"
        train(training, path, c1, c2, iterations)
        a, b, c, r, w = evaluate(test, path)
        tp, fp, fn = tp + a, fp + b, fn + c
        right, whole = right + r, whole + w
        tokens += sum(len(t) for t, _ in test)
        print(f"fold {k}: token accuracy {r / sum(len(t) for t, _ in test):.4f}", flush=True)
    print(f"token accuracy {right / tokens:.4f}  whole sequences {whole / len(sequences):.4f}")
    for label in sorted(set(tp) | set(fn)):
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {label:<17} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={tp[label] + fn[label]})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, action="append",
                    help=f"labelled AnyStyle XML (repeatable; default {DEFAULT_DATA})")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--cv", type=int, metavar="K", help="report K-fold accuracy; write no model")
    ap.add_argument("--c1", type=float, default=0.1, help="L1 penalty")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--synthetic", type=int, default=400, metavar="N",
                    help="news and web credit lines to add (0 for none)")
    a = ap.parse_args()
    paths = a.data or [DEFAULT_DATA]
    for path in paths:
        if path.name == "gold.xml":
            sys.exit("train_parser.py: gold.xml is the scoring set; never train on it")
    sequences = [s for path in paths for s in read_dataset(path)]
    if a.synthetic:
        sequences += synthetic_news(sequences, a.synthetic)
    print(f"{len(sequences)} labelled references, {sum(len(t) for t, _ in sequences)} tokens")
    started = time.perf_counter()
    if a.cv:
        import tempfile

        with tempfile.TemporaryDirectory() as work:
            cross_validate(sequences, a.cv, a.c1, a.c2, a.iterations, Path(work))
    else:
        train(sequences, a.output, a.c1, a.c2, a.iterations)
        print(f"wrote {a.output} ({a.output.stat().st_size / 1e6:.2f} MB)")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
