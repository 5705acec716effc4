"""The one reference-string parser that notes and reference lists share."""

from __future__ import annotations

import pytest

from srctrack.parse.dates import parse_date
from srctrack.parse.fields import parse_reference_fields


@pytest.mark.parametrize(("text", "families", "title", "outlet", "date"), [
    ('Jean-Hervé Jezequel, "Burkina Faso: Understanding the Second Coup," International '
     "Crisis Group, October 7, 2022, https://www.crisisgroup.org/a.",
     ["Jezequel"], "Burkina Faso: Understanding the Second Coup", "International Crisis Group",
     "2022-10-07"),
    ("Julia Stanyard, Thierry Vircoulon and Julian Rademeyer, The Grey Zone (Geneva: Global "
     "Initiative, February 2023).", ["Stanyard", "Vircoulon", "Rademeyer"], "The Grey Zone",
     "Global Initiative", "2023-02"),
    ("Headey, D. (2011). Rethinking the global food crisis: The role of trade shocks. Food "
     "Policy, 36(2), 136–146.", ["Headey"], "Rethinking the global food crisis: The role of "
     "trade shocks", "Food Policy", "2011"),
    ("Countouris, Nicola, and Valerio De Stefano. 2023. The Platform Work Directive: A Missed "
     "Opportunity? Brussels: European Trade Union Institute.", ["Countouris", "De Stefano"],
     "The Platform Work Directive: A Missed Opportunity?", "European Trade Union Institute",
     "2023"),
    ("OECD (2021), International Migration Outlook 2021, OECD Publishing, Paris.", [],
     "International Migration Outlook 2021", "OECD Publishing", "2021"),
    ("Иванов И. И. Экономика санкций // Вопросы экономики. 2023. № 3.", ["Иванов"],
     "Экономика санкций", "Вопросы экономики", "2023"),
    # the year up front, the month at the end; a series number is not the outlet's
    ("Chupilkin, M., Javorcik, B. and Plekhanov, A. (2023) 'The Eurasian Roundabout', EBRD "
     "Working Paper No. 276, February.", ["Chupilkin", "Javorcik", "Plekhanov"],
     "The Eurasian Roundabout", "EBRD Working Paper", "2023-02"),
    ("Christian Mölling und Torben Schütz, „Zeitenwende ohne Zeitplan“, DGAP Policy Brief, "
     "20. September 2023.", ["Mölling", "Schütz"], "Zeitenwende ohne Zeitplan",
     "DGAP Policy Brief", "2023-09-20"),
    ('Jane Doe, "Inflation Persistence", IMF Working Paper 23/131, June 2023.', ["Doe"],
     "Inflation Persistence", "IMF Working Paper", "2023-06"),
    # a place with its state or country before the publisher
    ("World Bank, Migration and Development Brief 39 (Washington, DC: World Bank, 2023).", [],
     "Migration and Development Brief 39", "World Bank", "2023"),
    # an unquoted title of two capitalised words is not a second author
    ("Alexander Cooley, Great Games, Local Rules (New York: Oxford University Press, 2012), "
     "45.", ["Cooley"], "Great Games, Local Rules", "Oxford University Press", "2012"),
    ("Alexander Cooley, John Heathershaw and Ricardo Soares, Dictators Without Borders (New "
     "Haven: Yale University Press, 2017).", ["Cooley", "Heathershaw", "Soares"],
     "Dictators Without Borders", "Yale University Press", "2017"),
])
def test_reference_shapes(text: str, families: list[str], title: str, outlet: str,
                          date: str) -> None:
    f = parse_reference_fields(text)
    assert [a.family for a in f.authors if a.family] == families
    assert (f.title, f.outlet, f.date) == (title, outlet, date)


def test_url_is_taken_out_and_doi_made_a_link() -> None:
    f = parse_reference_fields('A. Smith, "T," Nature, 2020, doi:10.1038/xyz.')
    assert f.url == "https://doi.org/10.1038/xyz"


@pytest.mark.parametrize(("text", "iso"), [
    ("12 mars 2022", "2022-03-12"), ("12. März 2022", "2022-03-12"),
    ("12 marzo 2022", "2022-03-12"), ("12 de marzo de 2022", "2022-03-12"),
    ("12 марта 2022 г.", "2022-03-12"), ("12/ENE/2022", "2022-01-12"),
    ("June 12", "--06-12"), ("March 2022", "2022-03"),
])
def test_dates_in_six_languages(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(("body", "authors", "title", "outlet"), [
    (["Johan Engvall", "Russia's War", "CACI"], ["Engvall"], "Russia's War", "CACI"),
    # a newspaper publishes what it prints: no author
    (["Kommersant", "Gazprom returns to Turkmen gas"], [], "Gazprom returns to Turkmen gas",
     "Kommersant"),
    # an institution writes its own reports
    (["Human Rights Watch", "World Report 2023"], ["Human Rights Watch"], "World Report 2023",
     "Human Rights Watch"),
    # a headline first, then the outlet that ran it
    (["Aliyev and Berdimuhamedov Discuss Energy Cooperation", "Trend News Agency"], [],
     "Aliyev and Berdimuhamedov Discuss Energy Cooperation", "Trend News Agency"),
    # authors joined in the article's own language
    (["Christian Mölling und Torben Schütz", "Zeitenwende", "DGAP"], ["Mölling", "Schütz"],
     "Zeitenwende", "DGAP"),
    # a long institution's name first is not a headline
    (["Institute for Energy Economics and Financial Analysis", "European LNG Tracker"],
     ["Institute for Energy Economics and Financial Analysis"], "European LNG Tracker",
     "Institute for Energy Economics and Financial Analysis"),
])
def test_body_fields(body: list[str], authors: list[str], title: str, outlet: str) -> None:
    from srctrack.parse.fields import body_fields

    got_authors, got_title, got_outlet = body_fields(body)
    assert [a.family or a.literal for a in got_authors] == authors
    assert (got_title, got_outlet) == (title, outlet)
