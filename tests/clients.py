"""Run the real programs that read srctrack's exports: biber, bibtex + pdflatex, pandoc.

A missing program fails the test on CI (CI installs them from .ci/apt.txt) and skips it on
a developer's machine where CI is unset, so local runs stay possible.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT_S = 120


def binary(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; .ci/apt.txt lists the package that brings it")
    pytest.skip(f"{name} is not installed (CI installs it)")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S,
                          check=False, encoding="utf-8", errors="replace")


def biber_warnings(bib: str, tmp: Path) -> list[str]:
    """The WARN and ERROR lines of `biber --tool --validate-datamodel` (which exits 0 even
    when it warns)."""
    (tmp / "refs.bib").write_text(bib, encoding="utf-8")
    done = _run([binary("biber"), "--tool", "--validate-datamodel",
                 "--output-file=checked.bib", "refs.bib"], tmp)
    lines = (done.stdout + done.stderr).splitlines()
    problems = [line for line in lines if line.startswith(("WARN", "ERROR"))]
    if done.returncode != 0:
        problems.append(f"biber exited {done.returncode}")
    return problems


LATEX_DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{natbib}
\usepackage{url}
\begin{document}
%s
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""


def plainnat_problems(bib: str, keys: list[str], tmp: Path) -> list[str]:
    """Errors and warnings of pdflatex, bibtex, pdflatex, pdflatex on a document that cites
    every key under plainnat."""
    (tmp / "refs.bib").write_text(bib, encoding="utf-8")
    cites = "\n".join(rf"\citet{{{key}}}" for key in keys)
    (tmp / "doc.tex").write_text(LATEX_DOCUMENT % cites, encoding="utf-8")
    pdflatex = [binary("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    problems: list[str] = []
    _run(pdflatex, tmp)
    done = _run([binary("bibtex"), "doc"], tmp)
    problems += [line for line in done.stdout.splitlines()
                 if line.startswith(("Warning--", "I was expecting", "I'm skipping",
                                     "Illegal", "You're missing", "Too many commas"))
                 or "---line" in line]
    if done.returncode not in (0,):
        problems.append(f"bibtex exited {done.returncode}: {done.stdout[-500:]}")
    for _ in range(2):
        done = _run(pdflatex, tmp)
    log = (tmp / "doc.log").read_text(encoding="latin-1")
    problems += [line for line in log.splitlines()
                 if re.search(r"Warning|^!|Missing character", line)]
    if done.returncode != 0:
        problems.append(f"pdflatex exited {done.returncode}")
    return problems


def pandoc_entries(bibliography: Path) -> int:
    """How many entries pandoc's citeproc renders from a bibliography file (.bib is read
    as biblatex, .bibtex as BibTeX, .json as CSL-JSON)."""
    import pypandoc

    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", "--to=html", "--citeproc",
         f"--bibliography={bibliography}"],
        input="---\nnocite: |\n  @*\n---\n", capture_output=True, text=True, check=False,
        timeout=TIMEOUT_S, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "[WARNING]" not in done.stderr, done.stderr
    return done.stdout.count('class="csl-entry"')
