from __future__ import annotations

import pytest

from srctrack.parse.dates import find_dates, parse_date, with_year


@pytest.mark.parametrize(("text", "iso"), [
    ("March 14, 2022", "2022-03-14"),
    ("Mar. 14, 2022", "2022-03-14"),
    ("14 March 2022", "2022-03-14"),
    ("2022-03-14", "2022-03-14"),
    ("March 2022", "2022-03"),
    ("2022", "2022"),
    ("June 12", "--06-12"),
    ("12 mars 2022", "2022-03-12"),
    ("12. März 2022", "2022-03-12"),
    ("12 marzo 2022", "2022-03-12"),
    ("12 de marzo de 2022", "2022-03-12"),
    ("12 марта 2022 г.", "2022-03-12"),
    ("12/ENE/2022", "2022-01-12"),
    ("1er janvier 2020", "2020-01-01"),
    ("14.03.2022", "2022-03-14"),
])
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["", "the thirteenth", "March 44, 2022", "2022-13-01", "hello"])
def test_not_a_date(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_reports_spans() -> None:
    text = "Published on March 14, 2022 and updated 2 April 2022."
    found = find_dates(text)
    assert [(text[d.start:d.end], d.iso) for d in found] == [
        ("March 14, 2022", "2022-03-14"), ("2 April 2022", "2022-04-02")]


def test_a_day_without_year_takes_the_documents_year() -> None:
    assert with_year("--06-12", "2021") == "2021-06-12"
    assert with_year("--06-12", None) == "--06-12"
    assert with_year("2020-01-01", "2021") == "2020-01-01"


@pytest.mark.parametrize(("text", "iso"), [
    ("10/29/2021", "2021-10-29"),   # month first: 29 is no month
    ("29/10/2021", "2021-10-29"),   # day first
    ("10/06/2021", "2021"),         # either: only the year is certain
    ("5/5/2020", "2020-05-05"),     # both readings agree
])
def test_slashed_dates(text: str, iso: str) -> None:
    assert [d.iso for d in find_dates(text)] == [iso]
