"""Thousands of malformed documents, of markup and URL fragments thrown together: the readers
raise nothing but SrctrackError, and reading plus extracting one document ends in its
citations or its one-line error, never in an exception that stops a run."""

from __future__ import annotations

import contextlib
import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srctrack import pipeline, read
from srctrack.errors import SrctrackError
from srctrack.extract import extract
from srctrack.read import html, markdown, plain

FRAGMENTS = (
    "<", ">", "</", "<a", "<a href=\"", "\"", "'", "<![", "<![ ", "<![CDATA[", "]]>", "<!--",
    "-->", "<!", "<?", "?>", "<p>", "</p>", "<sup>", "</sup>", "<ol start=x>", "<li value=-1>",
    "<script>", "</script>", "<style>", "<title>", "</title>", "<meta name=date content=",
    "<link rel=canonical href=", "<a href=\"#fn1\">1</a>", "&", "&#", "&#x110000;", "&amp",
    "&#0;", "[", "]", "(", ")", "[a](", "](", "![", "<http://", "**", "*", "_", "`", "#", "\n",
    "\r\n", "\t", " ", "\x00", "\x1b", "\u2028", "\ufeff", "\ud7ff", "Č", "日本",
    "http://", "https://", "www.", "http://[::1]:8080/", "https://[1]/", "http://a.org:x/",
    "http://a.org:99999999/", "http://[", "http://%zz", "https://xn--/", "mailto:", "javascript:",
    "http://a.org/p?q=1#f", "doi:10.1/x", "10.1000/x", "(Smith, 2022)", "(Smith 2022, p. 3)",
    "[1]", "¹", "Notes", "References", "Retrieved from ", "March 3, 2022", "--06-12",
    "Smith, J. (2022). Title. Outlet.", "“", "”", "—", "…", "et al.", "ibid.", "op. cit.",
)
documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)),
                     max_size=40).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(["html", "md", "txt"]))
def test_readers_raise_nothing(source: str, fmt: str) -> None:
    sha = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    if fmt == "html":
        document = html.to_document("f.html", source, sha)
    elif fmt == "md":
        document = markdown.to_document("f.md", source, sha)
    else:
        document = plain.to_document("f.txt", source, sha, "utf-8")
    for link in document.links:
        assert 0 <= link.start <= link.end <= len(document.text)


@settings(max_examples=1500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents, st.sampled_from(["html", "md", "txt"]))
def test_one_document_ends_in_its_citations_or_its_error(tmp_path_factory: object,
                                                         source: str, fmt: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f.{fmt}"
        path.write_bytes(source.encode("utf-8", "surrogatepass"))
        result = pipeline.extract_one(read.Source(str(path), fmt))
    if isinstance(result, SrctrackError):
        assert result.path == str(path)
        assert "\n" not in result.message
    else:
        text = result.document.text
        for citation in result.citations:
            assert text[citation.start:citation.end] == citation.raw


def test_a_seeded_mix_of_fragments_reads_and_extracts() -> None:
    """Hypothesis explores; this reads and extracts a fixed 4,000 documents of the same
    fragments every run (the mix that found a `</` that swallowed a `<style>`, and links
    whose URL does not parse)."""
    import random

    rng = random.Random(20261130)
    for _ in range(4000):
        source = "".join(rng.choice(FRAGMENTS) if rng.random() < 0.8
                         else chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(1, 40)))
        fmt = rng.choice(["html", "md", "txt"])
        if fmt == "html":
            document = html.to_document("f.html", source, "0")
        elif fmt == "md":
            document = markdown.to_document("f.md", source, "0")
        else:
            document = plain.to_document("f.txt", source, "0", "utf-8")
        with contextlib.suppress(SrctrackError):
            extract(document)
