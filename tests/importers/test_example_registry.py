"""docs/examples/名录-示例.xlsx (scripts/make_example_registry.py), which the README's --dry-run
example reads: eight enterprises, none rejected, four rows and one sheet passed over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from importers.files import check_file

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "名录-示例.xlsx"


def test_the_example_workbook_reads_as_the_readme_says() -> None:
    result = check_file(EXAMPLE)
    assert result.errors == []
    assert result.records.height == 8
    assert result.records.get_column("founded_on").to_list()[:3] == [date(2016, 5, 10), date(2015, 3, 2),
                                                                     date(2016, 5, 12)]
    assert result.skipped() == [(13, "空行"), (14, "合计/小计行"), (15, "注释、说明或落款行"), (16, "注释、说明或落款行")]
    assert [s["sheet"] for s in result.sheets] == ["重点企业名录"]
    assert len(result.reading["notices"]) == 1 and "填表说明" in result.reading["notices"][0]


def test_the_demo_writes_the_same_workbook_as_the_committed_example(tmp_path: Path) -> None:
    from chainatlas.services.demo.example_workbook import build

    build(tmp_path / "名录-示例.xlsx")
    fresh, committed = check_file(tmp_path / "名录-示例.xlsx"), check_file(EXAMPLE)
    assert fresh.records.drop("_row").to_dicts() == committed.records.drop("_row").to_dicts()
    assert fresh.skipped() == committed.skipped()
