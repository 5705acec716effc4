from srctrack.cli import cli

cli()
