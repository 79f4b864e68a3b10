"""Importing extra facts: JSON, CSV and XLSX keyed by credit code; merge or replace; every error with row and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from chainatlas.domain.errors import InvalidInput
from chainatlas.services.evaluation.facts_import import import_facts
from chainatlas.store.models import enterprise_facts
from importers.files import SheetSpec, uscc, with_wrong_check_digit, write_csv, write_xlsx
from services.evaluation.factories import add_registered


def stored_facts(engine: Engine) -> dict[int, dict]:
    with engine.connect() as conn:
        return {eid: facts for eid, facts in conn.execute(select(enterprise_facts.c.enterprise_id,
                                                                 enterprise_facts.c.facts))}


@pytest.fixture
def two(engine: Engine) -> list[int]:
    return [add_registered(engine, 1), add_registered(engine, 2)]


def test_json_list_and_mapping_forms_import_and_merge_field_by_field(engine: Engine, two: list[int],
                                                                     tmp_path: Path) -> None:
    first = tmp_path / "facts.json"
    first.write_text(json.dumps([{"uscc": uscc(1), "ip_class2": 3, "market_share_pct": 12.5,
                                  "awards": [{"level": "省级", "rank": 2, "year": 2024}]},
                                 {"uscc": uscc(2), "market_leading": True}]), encoding="utf-8")
    result = import_facts(engine, first)
    assert result == {"file": "facts.json", "rows": 2, "enterprises": 2, "created": 2, "updated": 0,
                      "fields": ["awards", "ip_class2", "market_leading", "market_share_pct"], "errors": [],
                      "written": True}
    second = tmp_path / "more.json"
    second.write_text(json.dumps({uscc(1): {"ip_class2": 5, "digital_level": 2}}), encoding="utf-8")
    assert import_facts(engine, second)["updated"] == 1
    facts = stored_facts(engine)
    assert facts[two[0]] == {"ip_class2": 5, "market_share_pct": "12.5", "digital_level": 2,
                             "awards": [{"level": "省级", "rank": 2, "year": 2024}]}
    import_facts(engine, second, replace=True)
    assert stored_facts(engine)[two[0]] == {"ip_class2": 5, "digital_level": 2}


def test_csv_takes_field_names_or_chinese_labels_lists_and_json_cells(engine: Engine, two: list[int],
                                                                      tmp_path: Path) -> None:
    path = write_csv(tmp_path / "事实.csv", ["统一社会信用代码", "主导产品所属领域", "细分市场占有率居前", "titles",
                                             "Ⅱ类知识产权", "研发机构级别"],
                     [[uscc(1), "补短板、工业六基", "是", '[{"title": "创新型中小企业", "year": 2023}]', "7", "省级"],
                      [uscc(2), "", "否", "", "", ""]])
    result = import_facts(engine, path)
    assert result["errors"] == [] and result["enterprises"] == 2
    facts = stored_facts(engine)
    assert facts[two[0]] == {"product_fields": ["补短板", "工业六基"], "market_leading": True, "ip_class2": 7,
                             "titles": [{"title": "创新型中小企业", "year": 2023}], "rd_institution_level": "省级"}
    assert facts[two[1]] == {"market_leading": False}


def test_xlsx_facts_import(engine: Engine, two: list[int], tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "facts.xlsx", {"事实": SheetSpec(
        ["uscc", "market_share_pct", "years_in_niche", "chuangke_top500"],
        [[uscc(2), 12.5, 6, "false"]])})
    assert import_facts(engine, path)["enterprises"] == 1
    assert stored_facts(engine)[two[1]] == {"market_share_pct": "12.5", "years_in_niche": 6,
                                            "chuangke_top500": False}


def test_every_error_names_its_row_and_field_and_nothing_is_written(engine: Engine, two: list[int],
                                                                    tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", ["uscc", "employees", "market_share_pct", "digital_level", "awards"],
                     [[uscc(1), "many", "120", "3", ""],
                      [uscc(2), "10", "5", "3", "not json"],
                      [uscc(9), "10", "", "", ""],
                      [with_wrong_check_digit(uscc(1)), "", "", "2", ""],
                      [uscc(1), "", "", "1", ""]])
    result = import_facts(engine, path)
    assert not result["written"] and result["enterprises"] == 0 and result["rows"] == 5
    found = {(e["row"], e["field"]) for e in result["errors"]}
    assert found == {(2, "employees"), (2, "market_share_pct"), (3, "awards"), (4, "uscc"), (5, "uscc"),
                     (6, "uscc")}
    reasons = {(e["row"], e["field"]): e["reason"] for e in result["errors"]}
    assert "不是整数" in reasons[(2, "employees")] and "大于 100" in reasons[(2, "market_share_pct")]
    assert "企业库中没有" in reasons[(4, "uscc")] and "与第2行重复" in reasons[(6, "uscc")]
    assert stored_facts(engine) == {}


def test_unknown_columns_and_contradicting_fields_are_errors(engine: Engine, two: list[int],
                                                             tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", ["uscc", "revenue", "debt_ratio_pct", "liabilities_wan",
                                            "total_assets_wan"], [[uscc(1), "1", "10", "50", "100"]])
    errors = import_facts(engine, path)["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(1, "revenue"), (2, "debt_ratio_pct")]
    assert "revenue_wan" in errors[0]["reason"] and "不一致" in errors[1]["reason"]


def test_unreadable_files_raise_one_clear_error(engine: Engine, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(InvalidInput, match="不是有效的 JSON"):
        import_facts(engine, broken)
    with pytest.raises(InvalidInput, match="找不到文件"):
        import_facts(engine, tmp_path / "none.json")
    (tmp_path / "facts.yaml").write_text("uscc: x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="不支持的文件类型"):
        import_facts(engine, tmp_path / "facts.yaml")
