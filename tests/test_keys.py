"""Suffixes that tell clashing citation keys apart."""

from srctrack.normalize import key_suffix, unique_keys


def test_key_suffix_counts_like_spreadsheet_columns() -> None:
    assert [key_suffix(n) for n in (0, 1, 25, 26, 27, 701, 702)] == [
        "a", "b", "z", "aa", "ab", "zz", "aaa"]


def test_unique_keys_suffixes_only_what_clashes() -> None:
    assert unique_keys(["smith2020war", "roe2019", "smith2020war", "smith2020war"]) == [
        "smith2020wara", "roe2019", "smith2020warb", "smith2020warc"]
