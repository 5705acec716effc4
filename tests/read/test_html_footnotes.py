"""HTML footnotes read as a reader sees them: ordered-list items with their numbers, note
references as superscript digits, back-links to the reference dropped, and where the notes
begin. Markup in, text and links out; then the notes extractor links markers to notes."""

from __future__ import annotations

import pytest

from srctrack.extract import extract
from srctrack.model import CitationStyle
from srctrack.read.html import to_document


@pytest.mark.parametrize(("markup", "text"), [
    # Ordered lists number their items, from `start`, or from an item's `value`.
    ("<ol><li>Alpha</li><li>Beta</li></ol>", "1. Alpha\n2. Beta\n"),
    ('<ol start="4"><li>Alpha</li><li>Beta</li></ol>', "4. Alpha\n5. Beta\n"),
    ('<ol><li value="7">Alpha</li><li>Beta</li></ol>', "7. Alpha\n8. Beta\n"),
    ("<ol><li>Alpha</li><li></li><li>Gamma</li></ol>", "1. Alpha\n3. Gamma\n"),
    ("<ul><li>Alpha</li></ul><ol><li>Beta</li></ol>", "Alpha\n1. Beta\n"),
    ("<ol><li><p>Alpha</p><p>more</p></li></ol>", "1. Alpha\nmore\n"),
    # A superscript that holds only a number is a note reference; others stay as written.
    ("<p>rose.<sup>3</sup> Then</p>", "rose.³ Then\n"),
    ("<p>rose.<sup>[3]</sup> Then</p>", "rose.³ Then\n"),
    ("<p>rose.<sup>1, 12</sup></p>", "rose.¹, ¹²\n"),
    ("<p>the 19<sup>th</sup> century</p>", "the 19th century\n"),
    ("<p>10<sup>-3</sup> m</p>", "10-3 m\n"),
    # A number linked to a footnote id is a reference, with or without <sup>.
    ('<p>rose.<sup><a href="#fn3" id="ref3">3</a></sup></p>', "rose.³\n"),
    ('<p>rose.<a class="footnote-ref" href="#fn:3" role="doc-noteref"><sup>3</sup></a></p>',
     "rose.³\n"),
    ('<p>rose.<a class="footnote-anchor" href="#footnote-3" id="footnote-anchor-3">3</a></p>',
     "rose.³\n"),
    ('<p>rose.<sup><a href="#cite_note-3">[3]</a></sup></p>', "rose.³\n"),
    # A number linked to anything else is not.
    ('<p>See part <a href="#section-2">2</a>.</p>', "See part 2.\n"),
    # Back-links from a note to its reference go; a back-link that is the note's number
    # becomes its label.
    ('<p>a.<sup><a href="#fn1" id="fnref1">1</a></sup></p>'
     '<ol><li id="fn1">Note. <a href="#fnref1">↩</a></li></ol>', "a.¹\n1. Note.\n"),
    ('<p>a.<sup id="r1"><a href="#n1">1</a></sup></p>'
     '<ol><li id="n1"><a href="#r1">^</a> Note</li></ol>', "a.¹\n1. Note\n"),
    ('<p>a.<sup id="r1"><a href="#n1">1</a></sup></p>'
     '<ol><li id="n1"><a href="#r1">1.</a> Note</li></ol>', "a.¹\n1. Note\n"),
    ('<p>a.<sup><a href="#footnote_0_77" id="identifier_0_77" class="footnote-link">1</a>'
     '</sup></p><ol class="footnotes"><li id="footnote_0_77">Note. [<a href="#identifier_0_77" '
     'class="footnote-back-link">&#8617;</a>]</li></ol>', "a.¹\n1. Note.\n"),
    ('<p>a.<a class="footnote-anchor" id="footnote-anchor-1" href="#footnote-1">1</a></p>'
     '<div class="footnote"><a class="footnote-number" id="footnote-1" '
     'href="#footnote-anchor-1">1</a><div class="footnote-content"><p>Note</p></div></div>',
     "a.¹\n1. Note\n"),
    ('<p>a.<a href="#_ftn1" name="_ftnref1"><sup>[1]</sup></a></p>'
     '<div><p><a href="#_ftnref1" name="_ftn1">[1]</a> Note</p></div>', "a.¹\n1. Note\n"),
])
def test_footnote_markup_reads_as_text(markup: str, text: str) -> None:
    assert to_document("a.html", markup, "0").text == text


@pytest.mark.parametrize(("markup", "links"), [
    # A number that links to a page is that link, not a note reference.
    ('<p>See<sup><a href="https://example.org/a">1</a></sup></p>',
     [("https://example.org/a", "1")]),
    # Links keep their spans when references around them are rewritten.
    ('<p>Rose.<sup>2</sup> See <a href="https://example.org/b">the report</a>.'
     '<sup><a href="#fn3">[3]</a></sup> <a href="https://example.org/c">More</a></p>',
     [("https://example.org/b", "the report"), ("https://example.org/c", "More")]),
])
def test_links_beside_references(markup: str, links: list[tuple[str, str]]) -> None:
    document = to_document("a.html", markup, "0")
    assert [(link.url, link.text) for link in document.links] == links
    for link in document.links:
        assert document.text[link.start:link.end] == link.text


@pytest.mark.parametrize(("markup", "notes_at"), [
    # The first element a reference points to.
    ('<p>a.<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1">Note</li></ol>', "1. Note"),
    # Else a container that says it holds the notes.
    ('<p>a.<sup>1</sup></p><section class="footnotes"><ol><li>Note</li></ol></section>',
     "1. Note"),
    ('<p>a.<sup>1</sup></p><div id="endnotes"><h2>Sources</h2><ol><li>Note</li></ol></div>',
     "Sources"),
    ("<p>a.<sup>1</sup></p><ol><li>Step</li></ol>", None),
])
def test_where_the_notes_begin(markup: str, notes_at: str | None) -> None:
    document = to_document("a.html", markup, "0")
    if notes_at is None:
        assert document.notes_start is None
    else:
        assert document.notes_start is not None
        assert document.text[document.notes_start:].startswith(notes_at)


PANDOC = """<p>Exports fell by a third.<a href="#fn1" class="footnote-ref" id="fnref1"
role="doc-noteref"><sup>1</sup></a> Prices followed.<a href="#fn2" class="footnote-ref"
id="fnref2" role="doc-noteref"><sup>2</sup></a></p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr />
<ol>
<li id="fn1"><p>Jane Doe, “Grain Corridors,” <em>Foreign Affairs</em>, March 3, 2021.<a
href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>World Bank, <em>Commodity Markets Outlook</em>, April 2024.<a href="#fnref2"
class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>"""


def test_notes_without_a_heading_are_linked_to_their_references() -> None:
    document = to_document("a.html", PANDOC, "0")
    notes = [c for c in extract(document) if c.style == CitationStyle.NOTE]
    assert [(c.note, c.raw) for c in notes] == [
        ("1", "Jane Doe, “Grain Corridors,” Foreign Affairs, March 3, 2021."),
        ("2", "World Bank, Commodity Markets Outlook, April 2024.")]
    assert [[document.text[a:b] for a, b in c.markers] for c in notes] == [["¹"], ["²"]]
    for c in notes:
        assert document.text[c.start:c.end] == c.raw
