"""Documents in the encodings real files have, and a clear refusal of binary files."""

from __future__ import annotations

import pytest

from srctrack.errors import InputError
from srctrack.read import decode_with

TEXT = "Jürgen Weiß – «Coût» 12 марта"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    ("Jürgen Weiß – «Coût» €".encode("cp1252"), "cp1252"),
])
def test_decodes(data: bytes, encoding: str) -> None:
    text, found = decode_with(data, "f.txt")
    assert found == encoding
    assert text.startswith("Jürgen Weiß – «Coût»")


def test_latin1_with_bytes_cp1252_leaves_undefined() -> None:
    text, _ = decode_with("café \x81".encode("latin-1"), "f.txt")
    assert text.startswith("café")


def test_line_endings_are_one_convention() -> None:
    assert decode_with(b"a\r\nb\rc", "f.txt")[0] == "a\nb\nc"


def test_binary_is_refused_with_the_file_named() -> None:
    with pytest.raises(InputError, match=r"f\.bin: binary"):
        decode_with(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "f.bin")
