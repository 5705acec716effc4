"""Table-driven tests of each citation style, and property tests: extraction never raises,
stays positional (`text[start:end] == raw`) and finishes on big, nested, unbalanced input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srctrack.extract import extract
from srctrack.model import CitationStyle, Document
from srctrack.read.links import bare_urls


def doc(text: str, date: str | None = None) -> Document:
    return Document(path="t.txt", text=text, sha256="0", date=date,
                    links=tuple(bare_urls(text)))


@pytest.mark.parametrize(("text", "raws", "outlets", "dates"), [
    ("Trade grew (Kommersant, June 12; Interfax, June 14).",
     ["Kommersant, June 12", "Interfax, June 14"], ["Kommersant", "Interfax"],
     ["2022-06-12", "2022-06-14"]),
    ("Observers noted it (see EDM, January 24, 2011; November 3, 2015).",
     ["EDM, January 24, 2011", "November 3, 2015"], ["EDM", "EDM"],
     ["2011-01-24", "2015-11-03"]),
    ("The meeting (CSTO) was held (nearly 20% of the population).", [], [], []),
    ("It happened (Almaty, May 2023).", [], [], []),
])
def test_parenthetical(text: str, raws: list[str], outlets: list[str], dates: list[str]) -> None:
    found = extract(doc(text, date="2022-06-27"))
    assert [c.raw for c in found] == raws
    assert [c.outlet for c in found] == outlets
    assert [c.date for c in found] == dates
    assert all(c.style == CitationStyle.PARENTHETICAL for c in found)


def test_date_without_year_keeps_month_and_day() -> None:
    (c,) = extract(doc("Cargo fell (High North News, September 28)."))
    assert c.date == "--09-28"


def test_full_parenthetical_fields() -> None:
    text = ('It was noted (Michael Kofman and Rob Lee, "Not Built for Purpose: The Force '
            'Design," War on the Rocks, June 2, 2022).')
    (c,) = extract(doc(text))
    assert [a.family for a in c.authors] == ["Kofman", "Lee"]
    assert c.title == "Not Built for Purpose: The Force Design"
    assert c.outlet == "War on the Rocks"
    assert c.date == "2022-06-02"


def test_notes_link_markers_and_skip_ibid() -> None:
    text = ("Juntas took power.[i] Russia helped.[ii] Again.[iii]\n\nEndnotes\n\n"
            '[i] Jean-Hervé Jezequel, "Understanding the Coup," International Crisis Group, '
            "October 7, 2022.\n[ii] Human Rights Watch, \"Mali: Massacre,\" April 5, 2022.\n"
            "[iii] Ibid.\n")
    found = extract(doc(text))
    assert [c.style for c in found] == [CitationStyle.NOTE, CitationStyle.NOTE]
    first, second = found
    assert first.raw.startswith("Jean-Hervé") and first.note == "i"
    assert text[first.markers[0][0]:first.markers[0][1]] == "[i]"
    assert len(second.markers) == 2  # "Ibid." points to it again
    assert second.outlet == "Human Rights Watch"


def test_author_date_resolves_reference_list() -> None:
    text = ("Bans raise prices (Headey, 2011, p. 140; Dawe & Timmer, 2012).\n\nReferences\n\n"
            "Dawe, D., & Timmer, C. P. (2012). Why stable food prices are a good thing. "
            "Global Food Security, 1(2), 127–133.\n"
            "Headey, D. (2011). Rethinking the global food crisis. Food Policy, 36(2), "
            "136–146.\n")
    found = extract(doc(text))
    in_text = [c for c in found if c.start < text.index("References")]
    assert [c.raw for c in in_text] == ["Headey, 2011, p. 140", "Dawe & Timmer, 2012"]
    assert in_text[0].title == "Rethinking the global food crisis"
    assert in_text[0].outlet == "Food Policy"
    assert [(a.family, a.given) for a in in_text[1].authors] == [("Dawe", "D."),
                                                                ("Timmer", "C. P.")]
    assert len(found) == 4  # and each reference-list entry is a citation


REFERENCES = ("\n\nReferences\n\n"
              "Early, B. and Preble, K. (2024) 'Enforcing Export Controls', Survival, 66(1).\n"
              "Helberger, N., and N. Diakopoulos. 2023. \"ChatGPT and the AI Act.\" Internet "
              "Policy Review 12 (1).\n")


@pytest.mark.parametrize(("text", "raw"), [
    # a surname that is also a word that opens prose, joined to another
    ("Leakage persists (Early and Preble 2024).", "Early and Preble 2024"),
    # a narrative citation after prose in lower case
    ("Rules struggle, as Helberger and Diakopoulos (2023) argue.",
     "Helberger and Diakopoulos (2023)"),
])
def test_author_date_finds_its_entry(text: str, raw: str) -> None:
    found = [c for c in extract(doc(text + REFERENCES)) if c.start < len(text)]
    assert [(c.raw, c.resolved) for c in found] == [(raw, True)]


@pytest.mark.parametrize("text", ["It grew (Spring and Summer 2023).", "It fell (early 2024)."])
def test_seasons_and_times_are_not_authors(text: str) -> None:
    assert [c for c in extract(doc(text + REFERENCES)) if c.start < len(text)] == []


@pytest.mark.parametrize(("text", "raw", "outlet", "date"), [
    ("Reuters reported on 18 July 2023 that talks failed.", "Reuters reported on 18 July 2023",
     "Reuters", "2023-07-18"),
    ("According to Kommersant, the deal is off.", "According to Kommersant", "Kommersant",
     None),
    ("Talks stalled, RFE/RL reports.", "RFE/RL reports", "Radio Free Europe/Radio Liberty",
     None),
    # a department of an outlet cites the outlet; "service" is a publisher's word
    ("Then RFE/RL's Kazakh Service reported on 9 June 2022 that protests resumed.",
     "RFE/RL's Kazakh Service reported on 9 June 2022", "Radio Free Europe/Radio Liberty",
     "2022-06-09"),
    ("The Kyiv Independent News reported that the strike hit.",
     "The Kyiv Independent News reported", "Kyiv Independent News", None),
    # an outlet's name longer than two words, known to the gazetteer
    ("As Fyodor Lukyanov wrote in Russia in Global Affairs (June 13, 2022), it ends.",
     "As Fyodor Lukyanov wrote in Russia in Global Affairs (June 13, 2022)",
     "Russia in Global Affairs", "2022-06-13"),
    ("In an interview with Nezavisimaya Gazeta (May 25, 2022), the minister insisted.",
     "In an interview with Nezavisimaya Gazeta (May 25, 2022)", "Nezavisimaya Gazeta",
     "2022-05-25"),
    ("Officials told The New York Times on May 3, 2022 that talks failed.",
     "told The New York Times on May 3, 2022", "The New York Times", "2022-05-03"),
    # the longest capitalised run that names a publisher, not its first two words
    ("Members should act, according to a report by the Tax Justice Network.",
     "according to a report by the Tax Justice Network", "Tax Justice Network", None),
    # a person's possessive, a publication after an owner's, a name with a possessive in it
    ("Sergei Karaganov's article in Profile (June 14, 2023) provoked a debate.",
     "Sergei Karaganov's article in Profile (June 14, 2023)", "Profile", "2023-06-14"),
    ("As Galip Dalay wrote in Chatham House's The World Today (July 25, 2023), it works.",
     "As Galip Dalay wrote in Chatham House's The World Today (July 25, 2023)",
     "The World Today", "2023-07-25"),
    ("Lloyd's List noted on July 27, 2023 that premiums rose.",
     "Lloyd's List noted on July 27, 2023", "Lloyd's List", "2023-07-27"),
    # institutions named in their own language, lower-case adjectives included
    ("Laut einem Gutachten des Instituts der deutschen Wirtschaft würde es teuer.",
     "Laut einem Gutachten des Instituts der deutschen Wirtschaft",
     "Institut der deutschen Wirtschaft", None),
    ("According to a study by the Fundación Alternativas, wages fell.",
     "According to a study by the Fundación Alternativas", "Fundación Alternativas", None),
    # a site named by its address
    ("Come ha scritto Tito Boeri su lavoce.info (3 aprile 2023), il problema resta.",
     "Come ha scritto Tito Boeri su lavoce.info (3 aprile 2023)", "lavoce.info",
     "2023-04-03"),
])
def test_attribution(text: str, raw: str, outlet: str, date: str | None) -> None:
    (c,) = extract(doc(text))
    assert (c.raw, c.outlet, c.date, c.style) == (raw, outlet, date, CitationStyle.ATTRIBUTION)


@pytest.mark.parametrize("text", [
    "Kremlin spokesman Dmitry Peskov told reporters on Monday that talks failed.",
    "The Russian foreign ministry said on Monday that it would respond.",
    "Peskov told Parliament on Monday that talks failed.",
    "He told Putin that the talks failed.",
    # told or spoke to a body, not to a publication
    "A spokesman told the Central Committee that it would meet again.",
    "Speaking to the Security Council, the ambassador called for calm.",
    # the owner of a possessive is not what a link's text cites
    "Traffic fell by half, according to the IMF's PortWatch data, and the detour adds days.",
])
def test_statements_without_publication_are_not_citations(text: str) -> None:
    assert extract(doc(text)) == []


def test_lone_link_is_a_citation_of_its_page() -> None:
    (c,) = extract(doc("Data: https://www.reuters.com/world/story-1 shows it."))
    assert c.style == CitationStyle.LINK and c.outlet == "Reuters"
    (c,) = extract(doc("See https://example.org/page for more."))
    assert c.outlet == "example.org"


def test_link_inside_citation_gives_its_url() -> None:
    (c,) = extract(doc("It fell (Reuters, May 3, 2022, https://reuters.com/x)."))
    assert c.style == CitationStyle.PARENTHETICAL and c.url == "https://reuters.com/x"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_arbitrary_text_never_raises_and_stays_positional(text: str) -> None:
    d = doc(text)
    for c in extract(d):
        assert d.text[c.start:c.end] == c.raw
        assert 0.0 <= c.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "(Reuters, May 3, 2022", ";", " see ", "[1]", "¹",
                                 "Notes\n", "1. ", "\n", "Smith 2020", ", ", "\"", "“"]),
                max_size=300))
def test_unbalanced_fragments(parts: list[str]) -> None:
    d = doc("".join(parts))
    for c in extract(d):
        assert d.text[c.start:c.end] == c.raw


@pytest.mark.parametrize("text", [
    "(" * 100_000 + "Reuters, May 3" + ")" * 100_000,
    "word " * 200_000,  # a 1 MB line
    ("(Reuters, May 3, 2022; " * 20_000) + ")",
    "A" * 1_000_000,
    "\"" * 200_000 + "(x, " * 50_000,
    # the shapes the press and digest rules read, repeated with no end in sight
    "Le Monde La Stampa " * 50_000,
    "«The " * 100_000,
    "Anna Berg, “" * 50_000,
    "reported " * 100_000 + "Steppe Courier",
    "according to " * 80_000,
    "a.de, " * 100_000,
    "DIE ZEITUNG " * 80_000,
])
def test_big_inputs_finish(text: str) -> None:
    d = doc(text)
    for c in extract(d):
        assert d.text[c.start:c.end] == c.raw
