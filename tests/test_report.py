"""The HTML audit report, rendered by a real browser (Debian's headless Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from srctrack.cli import cli
from srctrack.report import bar_chart

DOC = ("Claims (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022). "
       "A leap (Reuters, February 30, 2022). A prophecy (Interfax, May 2, 2091).")


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it from .ci/apt.txt")
        pytest.skip("chromium is not installed")
    return exe


def headless(exe: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", "--db", db, str(tmp_path / "doc.txt")]).exit_code == 0
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["audit", "--db", db, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_chromium_renders_the_findings(report: Path, tmp_path: Path) -> None:
    exe = chromium()
    dom = headless(exe, tmp_path, "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-500:]
    assert "impossible-date" in dom.stdout and "future-date" in dom.stdout
    assert "2022-02-30 is not a day of the calendar" in dom.stdout
    shot = tmp_path / "report.png"
    result = headless(exe, tmp_path, f"--screenshot={shot}", "--window-size=1200,1400",
                      report.as_uri())
    assert result.returncode == 0, result.stderr[-500:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a page with text and charts, not a blank one


def test_bar_chart_is_inline_svg_with_labels() -> None:
    svg = bar_chart([("dead", 3), ("alive", 12)], "Link status")
    assert svg.count("<rect") == 2 and ">dead<" in svg and ">12<" in svg
    assert "Nothing yet" in bar_chart([], "Empty")
