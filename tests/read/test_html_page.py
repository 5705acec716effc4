"""A web page read as an article: its text without the page's furniture, and its own
metadata as the document's record."""

from __future__ import annotations

import hashlib

import pytest

from srctrack.model import Document
from srctrack.read.html import to_document

PAGE = """<!doctype html><html><head>
<title>Grain exports hit record | The Steppe Review</title>
<meta property="og:site_name" content="The Steppe Review">
<meta property="article:published_time" content="2023-11-02T09:00:00Z">
<meta name="author" content="Aigerim Nurlanova">
<link rel="canonical" href="https://steppereview.example/2023/11/grain?utm_source=x&id=7">
</head><body>
<header><nav><a href="/">Home</a> <a href="/subscribe">Subscribe</a></nav></header>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<article><h1>Grain exports hit record</h1>
<p>Traders told <a href="https://www.reuters.com/markets/a">Reuters</a> on October 30.</p>
</article>
<div class="comments"><p>Great article! (John, 2023)</p></div>
<footer>© 2023 The Steppe Review</footer></body></html>"""


def page(html: str = PAGE) -> Document:
    return to_document("p.html", html, hashlib.sha256(html.encode()).hexdigest())


def test_the_pages_own_record() -> None:
    d = page()
    assert (d.title, d.author, d.date, d.site) == (
        "Grain exports hit record", "Aigerim Nurlanova", "2023-11-02", "The Steppe Review")
    # tracking parameters dropped, the rest of the query kept
    assert d.url == "https://steppereview.example/2023/11/grain?id=7"


def test_the_article_without_its_furniture() -> None:
    text = page().text
    assert "Traders told Reuters on October 30." in text
    for furniture in ("Subscribe", "cookies", "Great article", "©"):
        assert furniture not in text


@pytest.mark.parametrize(("title", "expected"), [
    ("Grain exports hit record – The Steppe Review", "Grain exports hit record"),
    ("The Steppe Review", "The Steppe Review"),  # nothing but the site: kept
    ("Grain | Other Site", "Grain | Other Site"),
])
def test_a_title_loses_the_sites_name(title: str, expected: str) -> None:
    html = PAGE.replace("Grain exports hit record | The Steppe Review", title)
    assert page(html).title == expected
