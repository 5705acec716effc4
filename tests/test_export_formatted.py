from __future__ import annotations

import goldens
import pytest
from sample_works import WORKS

from srctrack.errors import UsageError
from srctrack.export import exporter, formatted

STYLES = ("apa", "chicago-author-date", "chicago-note-bibliography",
          "modern-language-association", "harvard-cite-them-right", "ieee")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_golden_apa(fmt: str) -> None:
    goldens.check(f"sample-apa.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[fmt] }",
                  formatted.render(WORKS, fmt, "apa"))


@pytest.mark.parametrize("style", STYLES)
def test_every_named_style_renders_every_entry(style: str) -> None:
    html = formatted.render(WORKS, "html", style)
    assert html.count('class="csl-entry"') == len(WORKS)
    for work in WORKS:
        assert f'id="ref-{work.key}"' in html


def test_chicago_and_mla_write_names_the_style_way() -> None:
    text = formatted.render(WORKS, "text", "chicago-author-date")
    assert "Dvořák, Šárka, and J. R. Smith. 2020." in text
    mla = formatted.render(WORKS, "text", "modern-language-association")
    assert "Dvořák, Šárka, and J. R. Smith." in mla


def test_text_and_markdown_have_no_pandoc_divs() -> None:
    for fmt in ("text", "markdown"):
        out = formatted.render(WORKS, fmt, "ieee")
        assert ":::" not in out and "<div" not in out and "<span" not in out


def test_a_style_file_is_accepted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    style = tmp_path / "mine.csl"
    style.write_bytes(formatted.style_path("apa").read_bytes())
    assert "Engvall" in formatted.render(WORKS, "text", str(style))


def test_an_unknown_style_names_close_matches() -> None:
    with pytest.raises(UsageError, match="did you mean"):
        exporter("text", "chicago-author-dat")


def test_style_is_refused_for_data_formats() -> None:
    with pytest.raises(UsageError):
        exporter("bibtex", "apa")
