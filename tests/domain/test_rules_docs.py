"""The documentation covers every fact field, every rule version and every uncertain table."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from chainatlas.domain.rules import TABLES, facts_from_dict
from chainatlas.domain.rules.facts import FACT_FIELDS
from chainatlas.domain.rules.results import SURE

DOCS = Path(__file__).parents[2] / "docs"


def test_facts_md_documents_every_field_once_in_its_table() -> None:
    text = (DOCS / "facts.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE)
    assert rows == list(FACT_FIELDS)


def test_facts_md_example_is_the_example_file() -> None:
    text = (DOCS / "facts.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, flags=re.DOTALL)
    assert block is not None
    example = (DOCS / "examples" / "facts-example.json").read_text(encoding="utf-8")
    assert json.loads(block.group(1)) == json.loads(example)
    facts_from_dict(json.loads(example, parse_float=Decimal))


def test_rules_md_names_every_table_with_its_name_version_and_mark() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for constant, table in TABLES.items():
        row = next((line for line in text.splitlines() if f"`{constant}`" in line and "·" in line), None)
        assert row is not None, constant
        assert table.name in row and table.version in row, constant
        assert table.weakest_confidence in row, constant


def test_rules_md_lists_every_uncertain_table_as_configurable() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    configurable = text.split("## Figures left configurable", 1)[1]
    for constant, table in TABLES.items():
        if table.weakest_confidence != SURE:
            assert f"`{constant}" in configurable, constant
    assert "`EXAMPLE_PROVINCIAL_2022`" in configurable
