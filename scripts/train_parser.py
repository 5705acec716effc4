#!/usr/bin/env python3
"""Train the reference-string labeller that `srctrack parse` ships.

    python scripts/train_parser.py              # writes src/srctrack/data/reference.crfsuite
    python scripts/train_parser.py --cv 5       # 5-fold cross-validation on GROBID, by file
    python scripts/train_parser.py --data other.xml -o /tmp/model.crfsuite

The training data:

- AnyStyle's labelled reference set (`core.xml`, BSD 2-clause, kept in ../shared/data/anystyle/):
  `<sequence><author>..</author><title>..</title>...</sequence>`, seen --copies times. Each
  labelled segment is cut at whitespace, as the parser cuts its input, and every token takes
  its segment's label. `gold.xml` beside it is what the parser is scored on and is refused.
- Synthetic news and web credit lines made from core.xml with a fixed seed (--synthetic).
- GROBID's citation training corpus (TEI, Apache-2.0, ../shared/data/grobid-citation/corpus/),
  its labels mapped to AnyStyle's (read_grobid); --no-grobid leaves it out.

--cv K cross-validates on the GROBID corpus with its files dealt into K folds (one paper's
references never sit on both sides), each fold's model trained on the AnyStyle and synthetic
data and the other folds' files, and scored with ../shared/eval/score_refs.py through the
whole parser, rules included.

Training is deterministic (L-BFGS over a fixed order), so rerunning it gives the same model.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from srctrack.parse.features import sequence_features, tokenize  # noqa: E402
from srctrack.parse.reference import MAX_TOKENS  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "anystyle" / "core.xml"
DEFAULT_MODEL = ROOT / "src" / "srctrack" / "data" / "reference.crfsuite"
GROBID = ROOT.parent / "shared" / "data" / "grobid-citation" / "corpus"
SCORER = ROOT.parent / "shared" / "eval" / "score_refs.py"
SEED = 4
COPIES = 5
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


# --- GROBID's citation corpus (TEI) -------------------------------------------------------
# <bibl><author>..</author>. <title level="a">..</title> ... </bibl>: labelled elements with
# unlabelled text (punctuation, "Vol.", "pp.", "In:") between them. Each character takes its
# element's label, each token the label most of its labelled characters carry; a token with
# none takes a neighbour's: the next one's for a word that announces a field ("Vol.", "pp.",
# "In", "doi:"), the previous one's otherwise ("(Eds.)", "et al.", punctuation).

TEI = "{http://www.tei-c.org/ns/1.0}"
GROBID_LABELS = {
    "author": "author", "authors": "author", "orgName": "author", "editor": "editor",
    "date": "date", "publisher": "publisher", "publishe": "publisher",
    "pubPlace": "location", "pubplace": "location", "ptr": "url", "note": "note",
    "notes": "note", "volumes": "volume", "page": "pages",
}
SCOPE_LABELS = {"vol": "volume", "volume": "volume", "issue": "volume", "pp": "pages",
                "page": "pages", "pages": "pages"}
TITLE_LABELS = {"a": "title", "j": "journal", "s": "collection-title"}
ANNOUNCE = frozenset("""
vol vols volume volumes v no nos nr num number issue iss n° nº № pp p pg page pages s ss in
in: dans en doi doi: url url: available at from retrieved online pubmed pmid arxiv arxiv:
isbn issn 제 第 vol.
""".split())
_CITATION_NUMBER_RE = re.compile(r"^[\[(]?\d{1,4}[\]).]?$|^[\[(][^\])]{0,6}[\])]$")


def _grobid_label(el: ET.Element, has_analytic: bool) -> str | None:
    tag = el.tag.removeprefix(TEI)
    kind = (el.get("type") or el.get("unit") or el.get("level") or "").lower()
    if tag == "title":
        if kind == "m":
            return "container-title" if has_analytic else "title"
        return TITLE_LABELS.get(kind, "title")
    if tag == "biblScope":
        return SCOPE_LABELS.get(kind, "note")
    if tag == "idno":
        return {"doi": "doi", "isbn": "isbn", "issn": "isbn"}.get(kind, "note")
    if tag == "note":
        return "genre" if kind == "report" else "note"
    return GROBID_LABELS.get(tag)


def _bibl_chars(bibl: ET.Element) -> tuple[str, list[str | None]]:
    """The reference's text and each character's label (None between elements)."""
    has_analytic = any(t.get("level") == "a" for t in bibl.iter(TEI + "title"))
    text: list[str] = [bibl.text or ""]
    labels: list[str | None] = [None] * len(text[0])
    for child in bibl:
        inner = "".join(child.itertext())
        tag = _grobid_label(child, has_analytic) if inner.strip() else None
        text.append(inner)
        labels += [tag] * len(inner)
        tail = child.tail or ""
        text.append(tail)
        labels += [None] * len(tail)
    return "".join(text), labels


_TEXT_VOTES = Counter(dict.fromkeys(("author", "editor", "title", "journal", "container-title",
                                     "collection-title", "publisher", "location"), 1 << 30))


def _token_labels(text: str, labels: list[str | None]) -> Sequence | None:
    """Whitespace tokens (as tokenize cuts them) and their labels, gaps filled; None when a
    token's letters belong to two fields of words ("Studies.Nature", "Verstraete,Matrix"):
    text run together, which the labeller cannot cut and should not learn from."""
    tokens: list[str] = []
    found: list[str | None] = []
    for m in re.finditer(r"\S+", text):
        for part in tokenize(m.group()):
            start = text.index(part, m.start())
            span = labels[start:start + len(part)]
            votes = Counter(y for c, y in zip(part, span, strict=True) if y and c.isalnum())
            if len(votes & _TEXT_VOTES) > 1:
                return None
            if "volume" in votes:  # "21:731", "26(36):5988-93": the volume, as AnyStyle has it
                votes = Counter(volume=1)
            votes = votes or Counter(y for y in span if y)
            tokens.append(part)
            found.append(votes.most_common(1)[0][0] if votes else None)
    return tokens, _fill_gaps(tokens, found)


def _fill_gaps(tokens: list[str], found: list[str | None]) -> list[str]:
    out: list[str] = []
    for i, (token, label) in enumerate(zip(tokens, found, strict=True)):
        if label is None:
            after = next((y for y in found[i + 1:] if y), None)
            before = out[-1] if out else None
            word = token.lower().strip(".,;:()[]\"'“”")
            if before is None and _CITATION_NUMBER_RE.match(token):
                label = "citation-number"
            elif after and (before is None or word in ANNOUNCE or word + ":" in ANNOUNCE):
                label = after
            else:
                label = before or after or "note"
        out.append(label)
    return out


def read_grobid(path: Path) -> list[Sequence]:
    """Tokens and labels of every <bibl> of one GROBID TEI training file."""
    root = ET.parse(path).getroot()
    for el in root.iter():  # some files carry no namespace
        if isinstance(el.tag, str) and not el.tag.startswith("{"):
            el.tag = TEI + el.tag
    sequences = []
    for bibl in root.iter(TEI + "bibl"):
        text, labels = _bibl_chars(bibl)
        # the line a parser sees: the scorer's " ".join(text.split())
        labelled = _token_labels(text, labels)
        if labelled is None:
            continue
        tokens, tags = labelled
        if tokens and len(tokens) <= MAX_TOKENS:
            sequences.append((tokens, tags))
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


def grobid_files(folder: Path = GROBID) -> list[Path]:
    return sorted(p for p in folder.glob("*.xml") if p.is_file())


def file_folds(files: list[Path], k: int, seed: int = SEED) -> list[list[Path]]:
    """Files dealt into k folds of about equal references, in an order fixed by the seed:
    one paper's references never sit on both sides of a split."""
    order = list(files)
    random.Random(seed).shuffle(order)
    sizes = {p: len(_scorer().read_tei(p)) for p in order}
    order.sort(key=lambda p: -sizes[p])  # stable: the shuffled order breaks ties
    folds: list[list[Path]] = [[] for _ in range(k)]
    totals = [0] * k
    for path in order:
        j = min(range(k), key=lambda n: (totals[n], n))
        folds[j].append(path)
        totals[j] += sizes[path]
    return folds


@cache
def _scorer() -> Any:
    """../shared/eval/score_refs.py, the scorer the project reports its figures with."""
    spec = importlib.util.spec_from_file_location("score_refs", SCORER)
    if spec is None or spec.loader is None:
        sys.exit(f"train_parser.py: no scorer at {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_files(files: list[Path], model: Path) -> dict[str, Any]:
    """The scorer's micro-F1 and whole-reference accuracy of `srctrack parse` (with this
    model) on the references of these GROBID files."""
    from srctrack.parse import reference
    from srctrack.render import reference_json

    scorer = _scorer()
    refs = [r for path in files for r in scorer.read_tei(path)]
    reference.use_model(str(model))
    try:
        preds = [reference_json(reference.parse_reference(r["raw"])) for r in refs]
    finally:
        reference.use_model(None)
    result: dict[str, Any] = scorer.score(refs, preds, False, 0)
    result["refs"], result["preds"] = refs, preds
    return result


def scorer_initials(refs: list[dict[str, Any]], preds: list[dict[str, Any]]) -> tuple[int, int]:
    """First-author misses, and how many of them are misses only because the scorer takes the
    last word of a name as the family name: Vancouver's "Nagata S, Suda T" has gold "s"
    where the parser says "nagata", the first word of the string; "B. ANDREWS et I. D. RAE"
    has gold "rae", the author after French "et"."""
    scorer = _scorer()
    misses = artefacts = 0
    for ref, pred in zip(refs, preds, strict=True):
        gold = ref["gold"]["first_author"]
        got = scorer.normalise_pred(pred)["first_author"]
        if not gold or gold == got:
            continue
        misses += 1
        raw = scorer.fold(ref["raw"])
        where = raw.find(gold)
        if got and where > 0 and 0 <= raw.find(got) < where and (
                len(gold.strip(".")) <= 2 or "." in gold or re.search(r"\bet\b", raw[:where])):
            artefacts += 1
    return misses, artefacts


def _fold(job: tuple[int, list[Sequence], list[Path], Path, float, float, int, bool]
          ) -> dict[str, Any]:
    k, training, test_files, work, c1, c2, iterations, rescore = job
    path = work / f"fold{k}.crfsuite"
    if not rescore:
        train(training, path, c1, c2, iterations)
    return score_files(test_files, path)


def cross_validate(base: list[Sequence], folds: int, c1: float, c2: float,
                   iterations: int, work: Path, jobs: int, save: Path | None = None,
                   rescore: bool = False) -> None:
    """k-fold cross-validation on the GROBID corpus, folds by file: each fold trains on
    `base` (AnyStyle core and the synthetic lines) plus the other folds' files and is scored
    on its own files by the project's scorer. With `rescore`, the fold models already in
    `work` are scored again (after a change to the rules, which needs no training)."""
    from multiprocessing import get_context

    split = file_folds(grobid_files(), folds)
    runs = []
    for k in range(folds):
        training = list(base)
        for j, files in enumerate(split):
            if j != k and not rescore:
                training += [s for path in files for s in read_grobid(path)]
        runs.append((k, training, split[k], work, c1, c2, iterations, rescore))
    with get_context("fork").Pool(min(jobs, folds)) as pool:
        results = pool.map(_fold, runs)
    for k, res in enumerate(results):
        print(f"fold {k}: {len(split[k])} files, {res['references']} references, "
              f"micro-F1 {res['micro_f1']:.3f}, whole {res['whole']:.3f}")
    print(f"mean over {folds} folds: micro-F1 "
          f"{sum(r['micro_f1'] for r in results) / folds:.3f}, "
          f"whole {sum(r['whole'] for r in results) / folds:.3f}")
    refs = [r for res in results for r in res["refs"]]
    preds = [p for res in results for p in res["preds"]]
    pooled = _scorer().score(refs, preds, False, 0)
    if save:
        with save.open("w", encoding="utf-8") as out:
            for ref, pred in zip(refs, preds, strict=True):
                out.write(json.dumps({"raw": ref["raw"], "gold": ref["gold"], "pred": pred},
                                     ensure_ascii=False) + "\n")
    print(f"all {pooled['references']} references, each scored by the fold that held it "
          f"out: micro-F1 {pooled['micro_f1']:.3f}, whole {pooled['whole']:.3f}")
    for name, v in pooled["fields"].items():
        if v["support"]:
            print(f"  {name:<13} P {v['precision']:.3f}  R {v['recall']:.3f}  "
                  f"F1 {v['f1']:.3f}  (n={v['support']})")
    misses, artefacts = scorer_initials(refs, preds)
    print(f"first-author misses {misses}, of which {artefacts} give the first word of the "
          f"string where the scorer's gold is an initial or the author after 'et'")


def training_data(paths: list[Path], grobid: bool, synthetic: int,
                  copies: int) -> list[Sequence]:
    """AnyStyle's labelled references (`copies` times: the GROBID corpus is five times its
    size, and noisier), the synthetic credit lines made from them and, unless left out, the
    whole GROBID corpus: the data of the shipped model, in a fixed order."""
    core = [s for path in paths for s in read_dataset(path)]
    sequences = core * copies
    if synthetic:
        sequences += synthetic_news(core, synthetic)
    if grobid:
        sequences += [s for path in grobid_files() for s in read_grobid(path)]
    return sequences


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, action="append",
                    help=f"labelled AnyStyle XML (repeatable; default {DEFAULT_DATA})")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--cv", type=int, metavar="K",
                    help="K-fold cross-validation on the GROBID corpus, folds by file; "
                         "writes no model")
    ap.add_argument("--save", type=Path, metavar="JSONL",
                    help="with --cv, write each reference, its gold and its prediction")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="with --cv, keep the fold models in DIR")
    ap.add_argument("--rescore", action="store_true",
                    help="with --cv and --keep, score the kept fold models again")
    ap.add_argument("--jobs", type=int, default=2, help="folds trained at once")
    ap.add_argument("--no-grobid", action="store_true", help="leave the GROBID corpus out")
    ap.add_argument("--c1", type=float, default=0.1, help="L1 penalty")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--copies", type=int, default=COPIES, metavar="N",
                    help="times each AnyStyle reference is seen in training")
    ap.add_argument("--synthetic", type=int, default=400, metavar="N",
                    help="news and web credit lines to add (0 for none)")
    a = ap.parse_args()
    paths = a.data or [DEFAULT_DATA]
    for path in paths:
        if path.name == "gold.xml":
            sys.exit("train_parser.py: gold.xml is the scoring set; never train on it")
    started = time.perf_counter()
    if a.cv:
        import tempfile

        base = [] if a.rescore else training_data(paths, False, a.synthetic, a.copies)
        if a.keep:
            a.keep.mkdir(parents=True, exist_ok=True)
            cross_validate(base, a.cv, a.c1, a.c2, a.iterations, a.keep, a.jobs, a.save,
                           a.rescore)
        else:
            with tempfile.TemporaryDirectory() as work:
                cross_validate(base, a.cv, a.c1, a.c2, a.iterations, Path(work), a.jobs,
                               a.save)
    else:
        sequences = training_data(paths, not a.no_grobid, a.synthetic, a.copies)
        print(f"{len(sequences)} labelled references, "
              f"{sum(len(t) for t, _ in sequences)} tokens")
        train(sequences, a.output, a.c1, a.c2, a.iterations)
        print(f"wrote {a.output} ({a.output.stat().st_size / 1e6:.2f} MB)")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
