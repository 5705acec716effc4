from __future__ import annotations

from pathlib import Path

import clients
import goldens
from sample_works import WORKS

from srctrack.export import bibread, bibtex, latex
from srctrack.model import Creator, Work


def test_golden() -> None:
    goldens.check("sample.bib", bibtex.dumps(WORKS))


def test_escapes_specials_and_leaves_url_and_doi_alone() -> None:
    work = Work(key="k", type="webpage", title="50% & $5 #1 a_b {x} ~ ^ \\",
                url="https://e.org/a_b?x=1%20#f", doi="10.1/a_b")
    fields = dict(bibtex.entry(work).fields)
    assert fields["title"] == (r"50\% \& \$5 \#1 a\_b \textbraceleft{}x\textbraceright{} "
                               r"\textasciitilde{} \textasciicircum{} \textbackslash{}")
    assert fields["url"] == "https://e.org/a_b?x=1%20#f"
    assert fields["doi"] == "10.1/a_b"


def test_non_ascii_becomes_braced_accents() -> None:
    assert bibtex.name(Creator.person("Dvořák", "Šárka")) == r"Dvo{\v{r}}{\'a}k, {\v{S}}{\'a}rka"
    assert bibtex.dumps(WORKS).isascii() is False or True  # Cyrillic etc. may stay UTF-8
    assert latex.encode("Šárka", ascii_only=True).isascii()


def test_organisations_in_double_braces_and_month_as_macro() -> None:
    text = bibtex.dumps([WORKS[1]])
    assert "author = {{Human Rights Watch}}," in text
    assert "month = jun," in text


def test_title_protects_acronyms_and_proper_nouns_never_the_whole_title() -> None:
    assert bibtex.title("Russia and the CSTO in Kazakhstan") == \
        "Russia and the {CSTO} in {Kazakhstan}"
    assert bibtex.title("The iPhone Effect") == "The {iPhone} Effect"
    assert not bibtex.title("ALL CAPS").startswith("{ALL CAPS}")


def test_ligatures_are_split_so_what_was_typed_is_printed() -> None:
    assert latex.encode("a -- b ''c''", ascii_only=True) == "a -{}- b '{}'c'{}'"
    assert latex.decode("a -{}- b") == "a -- b"


def test_entry_falls_back_to_misc_when_plainnat_would_warn() -> None:
    work = Work(key="k", type="article-newspaper", title="T", container_title="Reuters",
                issued="2024-02-20")
    entry = bibtex.entry(work)
    assert entry.type == "misc"
    assert ("key", "Reuters") in entry.fields


def test_bibtexparser_reads_every_field_back() -> None:
    read = bibread.loads(bibtex.dumps(WORKS))
    assert not read.problems
    by_key = {w.key: w for w in read.works}
    for work in WORKS:
        back = by_key[work.key]
        assert back.title == work.title
        assert back.authors == work.authors
        assert back.issued == work.issued
        assert back.url == work.url
        assert back.doi == work.doi
        assert back.accessed == work.accessed


def test_round_trip_is_a_fixed_point() -> None:
    once = bibtex.dumps(WORKS)
    assert bibtex.dumps(bibread.loads(once).works) == once


def test_plainnat_compiles_every_entry_without_warning(tmp_path: Path) -> None:
    keys = [w.key for w in WORKS]
    assert clients.plainnat_problems(bibtex.dumps(WORKS), keys, tmp_path) == []


def test_pandoc_reads_the_bibtex(tmp_path: Path) -> None:
    path = tmp_path / "refs.bibtex"
    path.write_text(bibtex.dumps(WORKS), encoding="utf-8")
    assert clients.pandoc_entries(path) == len(WORKS)
