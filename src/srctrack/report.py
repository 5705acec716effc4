"""The audit as one self-contained HTML page an editor opens in a browser.

Findings grouped by document with links to the sources, a chart of link status, the outlets
most relied on and citations over time. Charts are plain inline SVG: the page loads nothing
from anywhere, so it works offline and can be mailed as one file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from srctrack.audit import AuditReport, Finding
from srctrack.normalize import canonical_url
from srctrack.store import SourceQuery, Store

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1100px;padding:0 1rem;color:#1d232a}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ddd}h3{font-size:1rem;margin:1.2rem 0 .4rem;word-break:break-all}
.summary{color:#555}.charts{display:grid;grid-template-columns:repeat(auto-fit,
minmax(320px,1fr));gap:1.5rem}figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #eee;
padding:.3rem .4rem;text-align:left;vertical-align:top}th{background:#f6f7f9}
.sev{font-weight:600;text-transform:uppercase;font-size:.75rem;padding:.1rem .35rem;
border-radius:3px;color:#fff}.error{background:#c62828}.warning{background:#b26a00}
.info{background:#1565c0}.raw{color:#555;font-style:italic}.none{color:#2e7d32}
"""
BAR_COLOURS = {"alive": "#2e7d32", "redirected": "#1565c0", "soft-404": "#b26a00",
               "dead": "#c62828", "blocked": "#6a1b9a", "unchecked": "#9e9e9e"}


@dataclass(frozen=True, slots=True)
class ReportData:
    """What the charts show, gathered from the store by the caller."""

    link_status: Sequence[tuple[str, int]]
    top_outlets: Sequence[tuple[str, int]]
    citations_by_year: Sequence[tuple[str, int]]


def gather(store: Store, documents: list[str] | None = None) -> ReportData:
    """The chart data for the documents audited (or the whole bibliography)."""
    query = SourceQuery(document=documents[0] if documents and len(documents) == 1 else None,
                        limit=12)
    statuses: dict[str, int] = defaultdict(int)
    checked = store.link_statuses()
    for url in store.cited_urls(documents):
        status = checked.get(canonical_url(url))
        statuses[status[0] if status else "unchecked"] += 1
    outlets = [(r.value or "(none)", r.citations) for r in store.source_counts("outlet", query)
               if r.value]
    years = sorted(((r.value, r.citations) for r in store.source_counts(
        "year", SourceQuery(document=query.document, limit=200)) if r.value), reverse=True)
    return ReportData(sorted(statuses.items(), key=lambda kv: -kv[1]), outlets, years[:15])


def bar_chart(rows: Sequence[tuple[str, int]], title: str, width: int = 460) -> str:
    """A horizontal bar chart as inline SVG, with a text label on every bar."""
    if not rows:
        return f"<figure><figcaption>{escape(title)}</figcaption><p>Nothing yet.</p></figure>"
    bar, gap, label_w = 20, 6, 190
    top = max(count for _, count in rows) or 1
    height = len(rows) * (bar + gap)
    # A viewBox and width 100% let the chart shrink with its column instead of overflowing.
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-label="{escape(title)}">']
    for i, (label, count) in enumerate(rows):
        y = i * (bar + gap)
        w = max(1, int((width - label_w - 50) * count / top))
        colour = BAR_COLOURS.get(label, "#455a64")
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" '
                     f'font-size="12">{escape(_short(label))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar}" '
                     f'fill="{colour}"><title>{escape(label)}: {count}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12">{count}</text>')
    parts.append("</svg>")
    return f"<figure><figcaption>{escape(title)}</figcaption>{''.join(parts)}</figure>"


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _finding_row(f: Finding) -> str:
    citation = f'<div class="raw">{escape(f.citation)}</div>' if f.citation else ""
    return (f'<tr><td><span class="sev {f.severity}">{f.severity}</span></td>'
            f"<td>{escape(f.rule)}</td><td>{f.line or ''}</td>"
            f"<td>{_link(f.message)}{citation}</td></tr>")


def _link(message: str) -> str:
    """The message, with a URL it starts with made clickable."""
    url, sep, rest = message.partition(": ")
    if url.startswith(("http://", "https://")) and sep:
        return f'<a href="{escape(url)}">{escape(url)}</a>: {escape(rest)}'
    words = message.split(" ", 1)
    if words[0].startswith(("http://", "https://")):
        tail = escape(words[1]) if len(words) > 1 else ""
        return f'<a href="{escape(words[0])}">{escape(words[0])}</a> {tail}'
    return escape(message)


def html(report: AuditReport, data: ReportData, title: str = "srctrack audit") -> str:
    by_document: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_document[f.document or "Across documents"].append(f)
    severities: dict[str, int] = defaultdict(int)
    for f in report.findings:
        severities[f.severity] += 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(severities.items())) or "no findings"
    sections = []
    for document in sorted(by_document, key=lambda d: (d == "Across documents", d)):
        rows = "".join(_finding_row(f) for f in by_document[document])
        sections.append(f"<section><h3>{escape(document)}</h3><table><thead><tr>"
                        "<th>severity</th><th>rule</th><th>line</th><th>finding</th></tr>"
                        f"</thead><tbody>{rows}</tbody></table></section>")
    if not sections:
        sections.append('<p class="none">No findings: every rule passed.</p>')
    charts = "".join((bar_chart(data.link_status, "Link status"),
                      bar_chart(data.top_outlets, "Outlets most relied on (citations)"),
                      bar_chart(data.citations_by_year, "Citations by year of the source")))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{STYLE}</style></head>
<body><h1>{escape(title)}</h1>
<p class="summary">{len(report.findings)} findings ({escape(summary)}) in
{len(report.documents)} documents; {len(report.rules)} rules run.</p>
<h2>Sources</h2><div class="charts">{charts}</div>
<h2>Findings by document</h2>{''.join(sections)}
</body></html>
"""
