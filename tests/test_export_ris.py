from __future__ import annotations

import goldens
from sample_works import WORKS

from srctrack.export import ris
from srctrack.model import Creator, Work


def test_golden() -> None:
    goldens.check("sample.ris", ris.dumps(WORKS))


def test_types_names_and_dates() -> None:
    text = ris.dumps(WORKS)
    assert "TY  - NEWS\nID  - engvall2022russia\nAU  - Engvall, Johan\n" in text
    assert "AU  - Human Rights Watch\n" in text
    assert "DA  - 2022/03/14/\n" in text
    assert "DA  - 2021/06//\n" in text
    assert "Y2  - 2024/01/05/\n" in text
    for ty in ("NEWS", "MGZN", "ELEC", "RPRT", "JOUR", "BOOK"):
        assert f"TY  - {ty}\n" in text


def test_line_breaks_inside_values_become_spaces() -> None:
    work = Work(key="k", type="webpage", title="two\nlines", authors=(Creator.person("A"),))
    assert "TI  - two lines\n" in ris.dumps([work])


def test_round_trip_keeps_every_field_ris_holds() -> None:
    back = {w.key: w for w in ris.loads(ris.dumps(WORKS)).works}
    for work in WORKS:
        got = back[work.key]
        assert (got.title, got.authors, got.issued, got.url, got.doi, got.accessed,
                got.container_title, got.publisher, got.extra) == \
            (work.title, work.authors, work.issued, work.url, work.doi, work.accessed,
             work.container_title, work.publisher, work.extra)
    assert ris.dumps(list(back.values())) == ris.dumps(WORKS)


def test_a_malformed_record_is_reported_with_its_line_and_the_rest_come_in() -> None:
    source = ("TY  - BOOK\nTI  - First\nER  - \n\n"
              "TY  - BOOK\nTI  - Broken\nthis is not a tag line\nER  - \n\n"
              "TI  - orphan\n"
              "TY  - JOUR\nTI  - Last\nER  - \n")
    read = ris.loads(source, "f.ris")
    assert [w.title for w in read.works] == ["First", "Last"]
    assert [p.line for p in read.problems] == [5, 10]
    assert "line 7" in read.problems[0].message
