"""What an editor must fix before publication: rules over the bibliography -> findings.

Each rule has a name (what `--fail-on` and the config file use), a severity and a one-line
description. Rules read the store through its query methods and never change it.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from srctrack.errors import UsageError
from srctrack.facts import Fact, is_future
from srctrack.store import AuditRow, Store, TitledWork

CONFIG_FILES = ("srctrack.toml", ".srctrack.toml")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    severity: Severity
    description: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    document: str | None = None
    line: int | None = None
    citation: str | None = None
    key: str | None = None


RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("undated", Severity.WARNING, "a citation gives no date where its style should"),
    Rule("no-outlet", Severity.INFO, "a citation names no outlet where its style should"),
    Rule("no-title", Severity.WARNING, "a note or reference gives no title"),
    Rule("future-date", Severity.ERROR, "a cited date lies in the future"),
    Rule("after-document", Severity.WARNING, "a cited date is later than the document's own"),
    Rule("impossible-date", Severity.ERROR, "a cited date cannot be a real day"),
    Rule("dead-link", Severity.ERROR, "a cited link is dead"),
    Rule("soft-404", Severity.WARNING, "a cited link answers, but with an error page"),
    Rule("redirected", Severity.INFO, "a cited link has moved"),
    Rule("blocked", Severity.INFO, "a cited link's server refuses robots; check it by hand"),
    Rule("failing-link", Severity.WARNING,
         "a cited link failed its last check (server error, timeout, DNS or TLS)"),
    Rule("unchecked-link", Severity.INFO, "a cited link was never checked (run srctrack check)"),
    Rule("inconsistent-title", Severity.WARNING,
         "one work is cited with different titles (a typo or a changed headline)"),
    Rule("inconsistent-date", Severity.WARNING, "one work is cited with different dates"),
    Rule("inconsistent-outlet", Severity.WARNING, "one work is cited with different outlets"),
    Rule("probable-duplicate", Severity.WARNING,
         "two works are probably the same source stored twice"),
    Rule("unreferenced-note", Severity.WARNING,
         "a note in the notes list that no marker in the text points to"),
    Rule("unresolved-author-date", Severity.ERROR,
         "an author-date citation with no entry in the document's reference list"),
    Rule("missing-note", Severity.ERROR,
         "a note marker in the text with no note in the notes list"),
    Rule("link-only", Severity.INFO,
         "a source is cited only by a link, with no title a reader could verify"),
)}
LINK_RULES = {"dead": "dead-link", "soft-404": "soft-404", "redirected": "redirected",
              "blocked": "blocked", "server-error": "failing-link", "timeout": "failing-link",
              "dns-failure": "failing-link", "tls-error": "failing-link",
              "refused": "blocked"}
DUPLICATE_RATIO = 0.88
#: How many works before it, in the order of year and title, each work is compared with.
DUPLICATE_WINDOW = 3


@dataclass(frozen=True, slots=True)
class AuditConfig:
    disabled: frozenset[str] = frozenset()
    today: date = field(default_factory=date.today)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled


def load_config(path: Path | None = None) -> AuditConfig:
    """Read `[audit] disable = [...]` from srctrack.toml (or the given file)."""
    candidates = [path] if path else [Path(name) for name in CONFIG_FILES]
    for candidate in candidates:
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise UsageError(f"not a valid TOML file: {exc}", path=str(candidate)) from exc
            disabled = data.get("audit", {}).get("disable", [])
            unknown = set(disabled) - set(RULES)
            if unknown:
                raise UsageError(f"unknown audit rules: {', '.join(sorted(unknown))}",
                                 path=str(candidate))
            return AuditConfig(disabled=frozenset(disabled))
        if path:
            raise UsageError("no such file", path=str(path))
    return AuditConfig()


def parse_fail_on(value: str | None) -> set[str]:
    """Rule names and severities (`error`, `warning`, `info`) a finding of which fails."""
    if not value:
        return set()
    names = {v.strip() for v in value.split(",") if v.strip()}
    unknown = names - set(RULES) - {s.value for s in Severity}
    if unknown:
        raise UsageError(f"--fail-on: unknown rules {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(RULES)}")
    return names


def fails(findings: Iterable[Finding], fail_on: set[str]) -> bool:
    order = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    for finding in findings:
        if finding.rule in fail_on:
            return True
        for s in fail_on & {v.value for v in Severity}:
            if order.index(finding.severity) <= order.index(Severity(s)):
                return True
    return False


def _finding(rule: str, message: str, row: AuditRow | None = None, **kw: object) -> Finding:
    r = RULES[rule]
    if row is not None:
        return Finding(rule, r.severity, message, document=row.document, line=row.line,
                       citation=row.raw, key=row.key)
    return Finding(rule, r.severity, message, **kw)  # type: ignore[arg-type]


# The facts as plain ints: testing a bit of an int is several times quicker than IntFlag
# membership, and this runs for every citation that can fire (25,000 in the benchmark).
_UNDATED = int(Fact.UNDATED)
_NO_OUTLET = int(Fact.NO_OUTLET)
_NO_TITLE = int(Fact.NO_TITLE)
_IMPOSSIBLE_DATE = int(Fact.IMPOSSIBLE_DATE)
_AFTER_DOCUMENT = int(Fact.AFTER_DOCUMENT)
_UNREFERENCED_NOTE = int(Fact.UNREFERENCED_NOTE)
_UNRESOLVED_AUTHOR_DATE = int(Fact.UNRESOLVED_AUTHOR_DATE)
_MISSING_NOTE = int(Fact.MISSING_NOTE)
_LINK = int(Fact.LINK)


def _citation_findings(row: AuditRow, today: str) -> Iterator[Finding]:
    facts = row.facts
    if facts & _UNDATED:
        yield _finding("undated", "no date", row)
    if facts & _NO_OUTLET:
        yield _finding("no-outlet", "no outlet", row)
    if facts & _NO_TITLE:
        yield _finding("no-title", "no title", row)
    cited = row.date
    if facts & _IMPOSSIBLE_DATE:
        yield _finding("impossible-date", f"{cited} is not a day of the calendar", row)
    elif is_future(cited, today):
        yield _finding("future-date", f"{cited} is after today", row)
    elif facts & _AFTER_DOCUMENT:
        yield _finding("after-document",
                       f"{cited} is after the document's date {row.document_date}", row)
    url = row.url
    if url:
        if row.link_status is None:
            yield _finding("unchecked-link", f"{url} was never checked", row)
        elif row.link_status in LINK_RULES:
            yield _finding(LINK_RULES[row.link_status],
                           f"{url}: {row.link_reason or row.link_status}", row)
    if facts & _UNREFERENCED_NOTE:
        yield _finding("unreferenced-note", "no marker in the text points to this note", row)
    if facts & _UNRESOLVED_AUTHOR_DATE:
        yield _finding("unresolved-author-date",
                       "the reference list has no entry for this citation", row)
    if facts & _MISSING_NOTE:
        yield _finding("missing-note", f"the notes list has no note {row.raw}", row)
    if facts & _LINK and not row.work_title:
        yield _finding("link-only", f"only a link: {url}", row)


def _duplicates(store: Store, work_ids: set[int] | None) -> Iterator[Finding]:
    """Works of one year whose titles nearly match, by the same first author or with
    almost the same title; all of them, or those where one of the given works is one."""
    for other_key, key, ratio in _duplicate_pairs(store, work_ids):
        yield _finding("probable-duplicate",
                       f"{other_key} and {key} look like one work (titles {ratio:.0%} alike); "
                       f"`srctrack merge {other_key} {key}` joins them",
                       key=other_key, citation=key)


#: What the cache of the whole bibliography's duplicates is kept under: the way they are
#: found is part of the name, so a srctrack that finds them otherwise never reads it.
DUPLICATES_CACHE = f"probable-duplicate/ratio={DUPLICATE_RATIO}/window={DUPLICATE_WINDOW}"


def _duplicate_pairs(store: Store, work_ids: set[int] | None) -> list[tuple[str, str, float]]:
    """(earlier key, later key, ratio) of the pairs of probable duplicates.

    Over the whole bibliography this compares a few hundred thousand titles (most of the
    audit's time at half a million citations), and the answer depends on the works alone,
    so it is cached under the store's count of changes to works: it is computed again only
    after works were added, dropped or merged."""
    if work_ids is not None:
        return _find_duplicates(store, work_ids)
    generation = store.works_generation()
    cached = store.cached(DUPLICATES_CACHE, generation)
    if cached is not None:
        return [(str(a), str(b), float(r)) for a, b, r in cached]
    pairs = _find_duplicates(store, None)
    store.cache(DUPLICATES_CACHE, generation, pairs)
    return pairs


def _find_duplicates(store: Store, work_ids: set[int] | None) -> list[tuple[str, str, float]]:
    """The store hands works over sorted by year and folded title, so near-identical titles
    mostly sit next to each other; comparing each with a few neighbours keeps this linear
    however large the bibliography. For given works only their neighbourhoods are read."""
    runs = ([store.titled_works()] if work_ids is None
            else store.titled_neighbourhoods(work_ids, DUPLICATE_WINDOW))
    alike: dict[tuple[TitledWork, TitledWork], float] = {}
    for run in runs:
        alike.update(_alike_in_run(run, work_ids))
    labels = store.work_labels(w[0] for pair in alike for w in pair)
    pairs = []
    # In the order one pass over all works finds them, whichever run found them.
    for (work, other), ratio in sorted(alike.items(), key=lambda item: (
            item[0][0][1:], item[0][1][1:])):
        (key, authors), (other_key, other_authors) = labels[work[0]], labels[other[0]]
        if authors == other_authors or ratio >= 0.95:
            pairs.append((other_key, key, ratio))
    return pairs


def _alike_in_run(run: list[TitledWork], work_ids: set[int] | None
                  ) -> Iterator[tuple[tuple[TitledWork, TitledWork], float]]:
    """((work, earlier work), ratio) for each work and each of the DUPLICATE_WINDOW works
    before it in the run that has its year and a title at least DUPLICATE_RATIO alike.

    This is the audit's hot loop at half a million citations (a few hundred thousand
    comparisons): one list comprehension per distance, since rapidfuzz is quicker than the
    Python around it.
    """
    from rapidfuzz import fuzz

    cutoff = DUPLICATE_RATIO * 100
    for distance in range(1, DUPLICATE_WINDOW + 1):
        later = run[distance:]
        scores = [fuzz.ratio(w[2], o[2], score_cutoff=cutoff)
                  for w, o in zip(later, run, strict=False)]
        for work, other, score in zip(later, run, scores, strict=False):
            if score and work[1] == other[1] and (
                    work_ids is None or work[0] in work_ids or other[0] in work_ids):
                yield (work, other), score / 100


@dataclass(frozen=True, slots=True)
class AuditReport:
    findings: tuple[Finding, ...]
    documents: tuple[str, ...]
    rules: tuple[Rule, ...]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for f in self.findings:
            out[f.rule] += 1
        return dict(out)


def audit(store: Store, documents: list[str] | None = None,
          config: AuditConfig | None = None) -> AuditReport:
    """Run every enabled rule over the given documents (or all) and collect the findings."""
    config = config or AuditConfig()
    findings: list[Finding] = []
    cited = store.works_cited_by(documents) if documents else None
    today = config.today.isoformat()
    for row in store.audit_citations(documents, today):
        findings.extend(f for f in _citation_findings(row, today) if config.enabled(f.rule))
    for key, field_name, values, count in store.work_variants(cited):
        rule = f"inconsistent-{field_name}"
        if config.enabled(rule):
            shown = " | ".join(values.split(","))[:300]
            findings.append(_finding(rule, f"{key} is cited with {field_name}s: {shown} "
                                           f"(in {count} documents)", key=key))
    if config.enabled("probable-duplicate"):
        findings.extend(_duplicates(store, cited))
    scope = tuple(documents) if documents else tuple(store.document_paths())
    return AuditReport(tuple(findings), scope,
                       tuple(RULES[name] for name in RULES if config.enabled(name)))
