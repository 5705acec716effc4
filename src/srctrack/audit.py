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
from srctrack.store import AuditRow, Store

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
    Rule("link-only", Severity.INFO,
         "a source is cited only by a link, with no title a reader could verify"),
)}
# Styles that carry a date, an outlet, a title when written in full.
DATED_STYLES = {"parenthetical", "note", "reference", "author-date"}
DESCRIBED_STYLES = {"note", "reference"}
LINK_RULES = {"dead": "dead-link", "soft-404": "soft-404", "redirected": "redirected",
              "blocked": "blocked", "server-error": "failing-link", "timeout": "failing-link",
              "dns-failure": "failing-link", "tls-error": "failing-link"}
DUPLICATE_RATIO = 0.88


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


def _valid_day(iso: str) -> bool:
    try:
        date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _citation_findings(row: AuditRow, config: AuditConfig) -> Iterator[Finding]:
    cited = row.date
    style = row.style
    if style in DATED_STYLES and not cited:
        yield _finding("undated", "no date", row)
    if style in DESCRIBED_STYLES and not row.outlet:
        yield _finding("no-outlet", "no outlet", row)
    if style in DESCRIBED_STYLES and not row.title:
        yield _finding("no-title", "no title", row)
    if cited and not cited.startswith("--"):
        if len(cited) == 10 and not _valid_day(cited):
            yield _finding("impossible-date", f"{cited} is not a day of the calendar", row)
        elif cited[:len(config.today.isoformat())] > config.today.isoformat()[:len(cited)]:
            yield _finding("future-date", f"{cited} is after today", row)
        elif row.document_date and cited[:len(row.document_date)] > row.document_date[
                :len(cited)]:
            yield _finding("after-document",
                           f"{cited} is after the document's date {row.document_date}", row)
    url = row.url
    if url:
        if row.link_status is None:
            yield _finding("unchecked-link", f"{url} was never checked", row)
        elif row.link_status in LINK_RULES:
            yield _finding(LINK_RULES[row.link_status],
                           f"{url}: {row.link_reason or row.link_status}", row)
    if style == "note" and row.markers == 0:
        yield _finding("unreferenced-note", "no marker in the text points to this note", row)
    if style == "author-date" and row.resolved == 0:
        yield _finding("unresolved-author-date",
                       "the reference list has no entry for this citation", row)
    if style == "link" and not row.work_title:
        yield _finding("link-only", f"only a link: {url}", row)


def _duplicates(store: Store, keys: set[str] | None) -> Iterator[Finding]:
    """Works of one year whose titles nearly match, by the same first author or with
    almost the same title.

    The store hands works over sorted by year and folded title, so near-identical titles
    mostly sit next to each other; comparing each with a few neighbours keeps this linear
    however large the bibliography.
    """
    from rapidfuzz import fuzz

    window: list[tuple[str, str, str, str]] = []
    for work in store.titled_works():
        year, title, key, authors = work
        window = [w for w in window[-3:] if w[0] == year]
        for _, other_title, other_key, other_authors in window:
            if keys is not None and key not in keys and other_key not in keys:
                continue
            ratio = fuzz.ratio(title, other_title, score_cutoff=DUPLICATE_RATIO * 100) / 100
            if ratio and (authors == other_authors or ratio >= 0.95):
                yield _finding("probable-duplicate",
                               f"{other_key} and {key} look like one work "
                               f"(titles {ratio:.0%} alike); `srctrack merge {other_key} "
                               f"{key}` joins them", key=other_key, citation=key)
        window.append(work)


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
    cited_keys = store.keys_cited_by(documents) if documents else set()
    for row in store.audit_citations(documents, config.today.isoformat(), DATED_STYLES,
                                     DESCRIBED_STYLES):
        findings.extend(f for f in _citation_findings(row, config)
                        if config.enabled(f.rule))
    for key, field_name, values, count in store.work_variants():
        rule = f"inconsistent-{field_name}"
        if config.enabled(rule) and (documents is None or key in cited_keys):
            shown = " | ".join(values.split(","))[:300]
            findings.append(_finding(rule, f"{key} is cited with {field_name}s: {shown} "
                                           f"(in {count} documents)", key=key))
    if config.enabled("probable-duplicate"):
        findings.extend(_duplicates(store, cited_keys if documents else None))
    scope = tuple(documents) if documents else tuple(store.document_paths())
    return AuditReport(tuple(findings), scope,
                       tuple(RULES[name] for name in RULES if config.enabled(name)))


