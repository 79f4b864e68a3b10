"""Import tells the user what it merged (issue 15 §6): rows of one file that are one enterprise, and name
matches that change the name or the legal form, are reported; every row is counted exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from chainatlas.services.registry import writer as registry_writer
from chainatlas.services.registry.importing import ImportOptions, ImportResult, import_enterprises
from chainatlas.store import search_bulk
from importers.files import uscc, write_csv
from services.factories import count, enterprise, events, import_rows

HEADER = ["企业名称", "所属区县", "主营产品", "2024年营业收入（万元）"]


def adds_up(result: ImportResult) -> bool:
    return result.imported + result.updated + result.unchanged + result.merged + result.rejected == result.rows


def test_three_rows_two_of_one_name_are_counted_once_each_and_the_fold_is_reported(engine: Engine,
                                                                                   tmp_path: Path) -> None:
    """The issue's example: three rows without credit codes, two of which normalise to the same name."""
    import_rows(engine, tmp_path / "a.csv", HEADER, ["长沙星城科技有限公司", "岳麓区", "隔膜", "100"],
                ["湖南铜箔新材料有限公司", "岳麓区", "铜箔", "200"])
    result = import_rows(engine, tmp_path / "b.csv", HEADER,
                         ["长沙星城科技有限公司", "岳麓区", "隔膜", "120"],
                         ["湖南铜箔新材料有限公司", "岳麓区", "电解铜箔", "210"],
                         ["湖南铜箔新材料有限公司", "岳麓区", "锂电铜箔", "230"])
    assert (result.rows, result.imported, result.updated, result.unchanged, result.merged, result.rejected) == \
        (3, 0, 2, 0, 1, 0)
    assert adds_up(result)
    [fold] = [w for w in result.warnings if "同一企业" in w.reason]
    assert (fold.row, fold.severity, fold.value) == (3, "warning", "湖南铜箔新材料有限公司")
    assert "与第4行是同一企业（名称归一后相同），已并入该行" in fold.reason
    assert "主营产品保留第4行的「锂电铜箔」，本行的「电解铜箔」未采用" in fold.reason
    assert enterprise(engine, name="湖南铜箔新材料有限公司")["main_products"] == "锂电铜箔"
    data = result.as_dict()
    assert data["merged"] == 1 and any("未采用" in w["reason"] for w in data["warnings"])


def test_a_name_match_that_changes_the_legal_form_is_a_warning_and_the_history_keeps_the_old_name(
        engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "a.csv", HEADER, ["湖南铜箔新材料有限公司", "岳麓区", "铜箔", "200"])
    eid = enterprise(engine, name="湖南铜箔新材料有限公司")["id"]
    result = import_rows(engine, tmp_path / "b.csv", HEADER, ["湖南铜箔新材料股份有限公司", "岳麓区", "铜箔", "200"])
    assert (result.rows, result.imported, result.updated, result.unchanged, result.merged) == (1, 0, 0, 0, 1)
    assert adds_up(result) and count(engine) == 1
    [warning] = result.warnings
    assert (warning.row, warning.field, warning.value, warning.severity) == (2, "企业名称", "湖南铜箔新材料股份有限公司",
                                                                               "warning")
    assert f"并入企业库中的「湖南铜箔新材料有限公司」（编号 {eid}）" in warning.reason
    assert "组织形式由有限公司变为股份有限公司" in warning.reason and "原名称保留在该企业的变更记录中" in warning.reason
    assert enterprise(engine, id=eid)["name"] == "湖南铜箔新材料股份有限公司"
    [(action, detail)] = [e for e in events(engine, eid) if e[0] == "updated"]
    assert detail["fields"]["name"] == {"old": "湖南铜箔新材料有限公司", "new": "湖南铜箔新材料股份有限公司"}


def test_the_same_name_written_the_same_way_is_an_update_without_a_warning(engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "a.csv", HEADER, ["湖南铜箔新材料有限公司", "岳麓区", "铜箔", "200"])
    result = import_rows(engine, tmp_path / "b.csv", HEADER, ["湖南铜箔新材料有限公司", "岳麓区", "铜箔", "300"],
                         ["长沙新企业有限公司", "岳麓区", "隔膜", "50"])
    assert (result.imported, result.updated, result.unchanged, result.merged, result.warnings) == (1, 1, 0, 0, [])
    again = import_rows(engine, tmp_path / "c.csv", HEADER, ["湖南铜箔新材料有限公司", "岳麓区", "铜箔", "300"])
    assert (again.updated, again.unchanged, again.merged) == (0, 1, 0) and adds_up(again)


def test_rows_of_one_enterprise_per_year_are_merged_without_a_warning_when_they_agree(engine: Engine,
                                                                                      tmp_path: Path) -> None:
    header = ["企业名称", "统一社会信用代码", "所属区县", "年度", "营业收入（万元）"]
    rows = [["长沙星城科技有限公司", uscc(1), "岳麓区", year, revenue] for year, revenue in ((2023, 90), (2024, 100))]
    result = import_rows(engine, tmp_path / "y.csv", header, *rows, ["长沙隔膜有限公司", uscc(2), "岳麓区", 2024, 30])
    assert (result.rows, result.imported, result.merged, result.warnings) == (3, 2, 1, [])
    assert adds_up(result)


def test_counts_add_up_with_rejected_rows_skipped(engine: Engine, tmp_path: Path) -> None:
    header = ["企业名称", "统一社会信用代码", "所属区县", "主营产品"]
    result = import_rows(engine, tmp_path / "r.csv", header, ["长沙星城科技有限公司", "", "岳麓区", "隔膜"],
                         ["坏企业", "123", "岳麓区", ""], ["长沙星城科技有限公司", "", "岳麓区", "隔膜"],
                         skip_invalid=True)
    assert (result.rows, result.imported, result.merged, result.rejected) == (3, 1, 1, 1)
    assert adds_up(result)
    [fold] = result.warnings
    assert fold.row == 2 and fold.reason == "与第4行是同一企业（名称归一后相同），已并入该行"


def test_a_bulk_first_load_counts_the_rows_it_folds(engine: Engine, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_writer, "BULK_ROWS", 20)
    monkeypatch.setattr(search_bulk, "BULK_ROWS", 20)
    calls: list[int] = []
    first_load = registry_writer.write_first_load
    monkeypatch.setattr(registry_writer, "write_first_load", lambda *a, **k: calls.append(1) or first_load(*a, **k))
    rows = [[f"长沙第{n}号科技有限公司", "岳麓区", "隔膜", str(n)] for n in range(1, 31)]
    rows += [["长沙第7号科技有限公司", "岳麓区", "正极", "70"], ["长沙第9号科技有限公司", "岳麓区", "隔膜", "9"]]
    result = import_enterprises(engine, write_csv(tmp_path / "big.csv", HEADER, rows), ImportOptions(sole_user=True))
    if engine.dialect.name == "sqlite":
        assert calls, "the first load should have taken the bulk path"
    assert (result.rows, result.imported, result.merged) == (32, 30, 2) and adds_up(result)
    # Folds by name are always reported; one that changes nothing says so by naming no value.
    assert [w.row for w in result.warnings] == [8, 10]
    assert "主营产品保留第32行的「正极」，本行的「隔膜」未采用" in result.warnings[0].reason
    assert result.warnings[1].reason == "与第33行是同一企业（名称归一后相同），已并入该行"
