"""The whole extract job as one library call: discover, read, extract, store.

The CLI iterates over what `run` yields and renders it; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from srctrack import read
from srctrack.errors import InputError
from srctrack.extract import extract
from srctrack.model import Citation, Document
from srctrack.store import SaveResult, Store


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document done: what was read, what was found, and what storing it did."""

    document: Document
    citations: list[Citation]
    saved: SaveResult | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return self.saved.keys if self.saved else ()


def documents(paths: Iterable[str]) -> Iterator[Document | InputError]:
    """Every readable document the paths name, or an InputError for each that is not."""
    for item in read.discover(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield read.read(item)
        except InputError as exc:
            yield exc


def run(paths: Iterable[str], store: Store | None = None
        ) -> Generator[Extracted | InputError, None, None]:
    """Extract every document, storing each when a store is given.

    Documents are committed in batches (Store.batch). Closing the generator early, after
    an interrupt in the consumer, commits the documents already yielded; a document is
    never stored in part.
    """
    if store is None:
        for item in documents(paths):
            yield item if isinstance(item, InputError) else Extracted(item, extract(item))
        return
    with store.batch():
        for item in documents(paths):
            if isinstance(item, InputError):
                yield item
                continue
            citations = extract(item)
            yield Extracted(item, citations, store.save_document(item, citations))
