"""Hostile text in every field of every exporter: no field may end early, open a new field
or record, or carry a macro, whatever a citation, an import or an edit put in it.

The .bib files are read back by bibtexparser (exactly one entry a work, with the fields the
exporter meant and nothing else) and validated by biber where it is installed; RIS is read
back line by line; CSL-JSON by json.
"""

from __future__ import annotations

import json
import re
import shutil
import string
import tempfile
from pathlib import Path
from typing import Any

import bibtexparser
import clients
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from srctrack.export import biblatex, bibtex, csljson, latex, ris
from srctrack.export.bibfile import iso_date, safe_key, safe_url
from srctrack.model import Creator, Work

#: What a careless or malicious author types: BibTeX and LaTeX structure, RIS tags, line
#: breaks of every kind, terminal escapes, quotes, and non-ASCII.
SNIPPETS = ("},note={\\input{/etc/hostname}},z={", "}", "{", "\\", "\\input{x}", "@misc{a,",
            "\nER  - \nTY  - JOUR\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c",
            "\x1b]52;c;aGk=\x07", "\x1b[31m", "\x00", "%", "#", "\"", "'", "=", ",", "~",
            "^", "$", "&", "_", "--", "``", " and ", "\u202e", "Č", "日本", "\ud7ff")
hostile = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=6),
                             st.text(alphabet=string.printable, max_size=6)),
                   min_size=1, max_size=6).map("".join)
maybe = st.one_of(st.none(), hostile)
creators = st.lists(st.one_of(st.builds(Creator.person, hostile, maybe),
                              st.builds(Creator.organisation, hostile)), max_size=3).map(tuple)
dates = st.one_of(hostile, st.sampled_from(["2022", "2022-03", "2022-03-14", "--03-14"]))
TYPES = ("article-newspaper", "article-magazine", "article-journal", "webpage", "report",
         "book", "interview", "chapter", "thesis", "article", "post-weblog", "dataset")
EXTRA = ("genre", "volume", "issue", "page", "publisher-place", "number", "note", "medium",
         "language")


@st.composite
def works(draw: st.DrawFn) -> Work:
    extra: dict[str, Any] = {name: draw(hostile) for name in EXTRA if draw(st.booleans())}
    if draw(st.booleans()):
        extra["editor"] = [c.to_json() for c in draw(creators)]
    return Work(key=draw(hostile), type=draw(st.sampled_from(TYPES)), title=draw(maybe),
                container_title=draw(maybe), authors=draw(creators), issued=draw(dates),
                publisher=draw(maybe), url=draw(maybe), doi=draw(maybe),
                accessed=draw(st.one_of(st.none(), dates)), extra=extra)


def _entries(text: str) -> list[Any]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return list(library.entries)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works())
def test_bib_exports_read_back_as_one_entry_with_the_same_fields(work: Work) -> None:
    for module in (bibtex, biblatex):
        written = module.dumps([work])
        entries = _entries(written)
        assert len(entries) == 1, written
        got = entries[0]
        want = module.entry(work)
        assert got.key == safe_key(work.key)
        assert got.entry_type == want.type
        fields = {f.key: str(f.value) for f in got.fields}
        expected = dict(want.fields)
        assert fields == expected, written
        for name, value in want.fields:
            assert value.count("{") == value.count("}"), (name, value)
            assert "\\input" not in value and "\\include" not in value
        if work.url:
            assert fields["url"] == safe_url(work.url)
        # (The reader marks its own macros with private-use characters U+E000-U+E004.)
        if module is biblatex and work.title and latex.one_line(work.title) \
                and not re.search("[\ue000-\ue004]", work.title):
            assert latex.decode(fields["title"]) == latex.one_line(work.title)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works())
def test_ris_writes_one_record_of_single_lines(work: Work) -> None:
    written = ris.dumps([work])
    lines = written.split("\n")
    assert sum(1 for line in lines if line.startswith("TY  - ")) == 1
    assert sum(1 for line in lines if line.startswith("ER  -")) == 1
    # No reader's idea of a line break hides inside a value.
    assert len(written.splitlines()) == len(lines) - 1
    for line in lines:
        assert not line or re.match(r"^[A-Z][A-Z0-9]  - ", line + " "), line
    read = ris.loads(written)
    assert not read.problems and len(read.works) == 1
    if work.url and safe_url(work.url).strip():
        assert read.works[0].url == safe_url(work.url).strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works())
def test_csl_json_is_one_item(work: Work) -> None:
    items = json.loads(csljson.dumps([work]))
    assert len(items) == 1
    assert items[0].get("URL") == (work.url or None)


def test_the_reported_url_injection_is_one_url_field() -> None:
    work = Work(key="ministry", type="report", title="Ministry Report",
                url="http://x.org/b},note={\\input{/etc/hostname}},z={", accessed="2024-01-05")
    for module in (bibtex, biblatex):
        written = module.dumps([work])
        assert "\\input" not in written
        (entry,) = _entries(written)
        assert "note" not in entry.fields_dict
        assert entry.fields_dict["url"].value == (
            "http://x.org/b%7D,note=%7B%5Cinput%7B/etc/hostname%7D%7D,z=%7B")


def test_a_newline_in_a_url_or_doi_writes_no_second_ris_record() -> None:
    work = Work(key="k", type="webpage", title="T", url="https://a.org/x\nER  - \nTY  - JOUR",
                doi="10.1/x\r\nTI  - injected")
    written = ris.dumps([work])
    assert written.count("TY  -") == 1 and "TI  - injected" not in written
    assert len(ris.loads(written).works) == 1


def test_dates_are_rebuilt_from_their_digits() -> None:
    assert iso_date("2022-03-14},note={x") == "2022-03-14"
    assert iso_date("２０２２") is None
    assert iso_date("2022-13-01") == "2022"
    assert iso_date("--06-12") == "--06-12"


@pytest.mark.skipif(shutil.which("biber") is None and not __import__("os").environ.get("CI"),
                    reason="biber is not installed (CI installs it)")
@settings(max_examples=3, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(works(), min_size=8, max_size=8))
def test_biber_reads_every_hostile_entry(sample: list[Work]) -> None:
    sample = [Work(key=f"w{i}", type=w.type, title=w.title or "T", authors=w.authors,
                   container_title=w.container_title, issued="2022-03-14",
                   publisher=w.publisher, url=w.url, doi=w.doi, accessed="2024-01-05",
                   extra=w.extra) for i, w in enumerate(sample)]
    with tempfile.TemporaryDirectory() as tmp:
        problems = clients.biber_warnings(biblatex.dumps(sample), Path(tmp))
        errors = [p for p in problems if not p.startswith("WARN")]
        assert errors == [], biblatex.dumps(sample)
        checked = (Path(tmp) / "checked.bib").read_text(encoding="utf-8")
        assert len(_entries(checked)) == len(sample)
