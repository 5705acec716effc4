"""srctrack: find the sources an article cites, keep them in one SQLite bibliography,
check their links and export them for LaTeX, pandoc and reference managers."""

__version__ = "0.1.0"
