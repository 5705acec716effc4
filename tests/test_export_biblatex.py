from __future__ import annotations

from pathlib import Path

import clients
import goldens
from sample_works import WORKS

from srctrack.export import biblatex, bibread
from srctrack.model import Work


def test_golden() -> None:
    goldens.check("sample-biblatex.bib", biblatex.dumps(WORKS))


def test_types_subtypes_and_iso_dates() -> None:
    entries = {w.key: biblatex.entry(w) for w in WORKS}
    engvall = entries["engvall2022russia"]
    assert engvall.type == "article"
    assert ("entrysubtype", "newspaper") in engvall.fields
    assert ("date", "2022-03-14") in engvall.fields
    assert ("journaltitle", "The Guardian") in engvall.fields
    report = entries["humanrightswatch2021ukraine"]
    assert report.type == "report"
    assert ("type", "Research report") in report.fields
    assert ("institution", "{Human Rights Watch}") in report.fields
    assert entries["vanderberg2019interview"].type == "misc"
    assert ("entrysubtype", "interview") in entries["vanderberg2019interview"].fields
    assert entries["statisticsnorway2018official"].type == "online"
    assert "Dvořák, Šárka" in dict(entries["dvorak2020prices"].fields)["author"]


def test_report_without_genre_is_a_techreport() -> None:
    work = Work(key="k", type="report", title="T", authors=(), publisher="RAND",
                issued="2020", url="https://rand.org/x")
    assert biblatex.entry(work).type == "online"  # no author: @report would warn
    work = Work(key="k", type="report", title="T", publisher="RAND", issued="2020",
                authors=WORKS[0].authors)
    assert ("type", "techreport") in biblatex.entry(work).fields


def test_biber_validates_without_warning(tmp_path: Path) -> None:
    assert clients.biber_warnings(biblatex.dumps(WORKS), tmp_path) == []


def test_biber_does_warn_about_a_broken_entry(tmp_path: Path) -> None:
    """The check above can fail: biber's warnings are seen."""
    assert clients.biber_warnings("@article{x, title={T}}\n", tmp_path)


def test_pandoc_reads_the_biblatex(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(biblatex.dumps(WORKS), encoding="utf-8")
    assert clients.pandoc_entries(path) == len(WORKS)


def test_round_trip_keeps_every_field() -> None:
    back = {w.key: w for w in bibread.loads(biblatex.dumps(WORKS)).works}
    for work in WORKS:
        got = back[work.key]
        assert (got.type, got.title, got.authors, got.issued, got.url, got.doi,
                got.accessed) == (work.type, work.title, work.authors, work.issued, work.url,
                                  work.doi, work.accessed)
    assert biblatex.dumps(list(back.values())) == biblatex.dumps(WORKS)
