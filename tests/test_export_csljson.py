from __future__ import annotations

import json
from pathlib import Path

import clients
import goldens
import jsonschema
from sample_works import WORKS

from srctrack.export import csljson

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text())


def test_golden() -> None:
    goldens.check("sample.json", csljson.dumps(WORKS))


def test_validates_against_the_csl_schema() -> None:
    jsonschema.validate(json.loads(csljson.dumps(WORKS)), SCHEMA)


def test_schema_check_can_fail() -> None:
    bad = [{"id": "x", "type": "article", "url": "https://e.org"}]  # URL, not url
    try:
        jsonschema.validate(bad, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted a lower-case url")


def test_items_carry_type_date_parts_names_and_key() -> None:
    items = {i["id"]: i for i in json.loads(csljson.dumps(WORKS))}
    engvall = items["engvall2022russia"]
    assert engvall["type"] == "article-newspaper"
    assert engvall["issued"] == {"date-parts": [[2022, 3, 14]]}
    assert engvall["citation-key"] == "engvall2022russia"
    assert items["humanrightswatch2021ukraine"]["author"] == [{"literal": "Human Rights Watch"}]
    assert items["humanrightswatch2021ukraine"]["genre"] == "Research report"


def test_round_trip_is_lossless() -> None:
    read = csljson.loads(csljson.dumps(WORKS))
    assert not read.problems
    assert sorted(read.works, key=lambda w: w.key) == sorted(WORKS, key=lambda w: w.key)


def test_a_bad_item_is_reported_at_its_line_and_the_rest_come_in() -> None:
    source = '[\n  {"id": "a", "type": "book", "title": "A"},\n  {"title": "no id"},\n' \
             '  {"id": "c", "type": "book", "title": "C"}\n]\n'
    read = csljson.loads(source, "f.json")
    assert [w.key for w in read.works] == ["a", "c"]
    assert [(p.line, p.message) for p in read.problems] == [(3, "item without an id and a type")]


def test_pandoc_reads_the_csl_json(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text(csljson.dumps(WORKS), encoding="utf-8")
    assert clients.pandoc_entries(path) == len(WORKS)
