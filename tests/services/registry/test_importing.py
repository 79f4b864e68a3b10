"""Importing a registry: all-or-nothing, quarantine, idempotent re-import, updates with history."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from chainatlas.services.registry.enterprises import merge
from chainatlas.store.models import enterprise_tags, enterprise_years, import_batches, import_rejects
from importers.files import uscc, with_wrong_check_digit
from services.factories import OPERATOR, count, enterprise, events, import_rows

HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "2024年营业收入（万元）"]


def good(n: int, revenue: str = "100", products: str = "锂电池隔膜") -> list[str]:
    return [f"星{n}科技有限公司", uscc(n), "岳麓区", products, revenue]


def bad(n: int) -> list[str]:
    return [f"坏{n}科技有限公司", with_wrong_check_digit(uscc(n)), "岳麓区", "", "-3"]


def test_any_bad_row_means_nothing_is_written(engine: Engine, tmp_path: Path) -> None:
    result = import_rows(engine, tmp_path / "r.csv", HEADER, good(1), bad(2), good(3), bad(4))
    assert (result.imported, result.rejected, result.written) == (0, 2, False)
    assert {e.row for e in result.errors} == {3, 5}
    assert count(engine) == 0
    assert count(engine, import_rejects) == 0


def test_skip_invalid_writes_good_rows_and_quarantines_bad_rows_with_their_errors(engine: Engine,
                                                                                  tmp_path: Path) -> None:
    result = import_rows(engine, tmp_path / "r.csv", HEADER, good(1), bad(2), good(3), skip_invalid=True)
    assert (result.imported, result.rejected, result.written) == (2, 1, True)
    assert count(engine) == 2
    with engine.connect() as conn:
        [reject] = conn.execute(select(import_rejects)).all()
        status = conn.execute(select(import_batches.c.status).where(import_batches.c.id == result.batch_id)
                              ).scalar_one()
    assert status == "done"
    assert reject.batch_id == result.batch_id and reject.row_number == 3
    assert reject.raw["企业名称"] == "坏2科技有限公司"
    assert sorted((e["field"], e["reason"]) for e in reject.errors) == [
        ("2024年营业收入（万元）", "金额不能为负数"),
        ("统一社会信用代码", f"校验码错误：第18位应为 {uscc(2)[17]}，实际为 {bad(2)[1][17]}"),
    ]


def test_reimporting_the_same_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    tagged = [[*good(n), "专精特新(2023)；火箭认证"] for n in (1, 2, 3)]
    first = import_rows(engine, tmp_path / "r.csv", [*HEADER, "资质/标签"], *tagged)
    again = import_rows(engine, tmp_path / "r.csv", [*HEADER, "资质/标签"], *tagged)
    assert (first.imported, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    assert count(engine) == 3
    assert all(events(engine, enterprise(engine, uscc=uscc(n))["id"]) == [] for n in (1, 2, 3))


def test_changing_one_cell_updates_one_enterprise_and_records_old_and_new(engine: Engine,
                                                                          tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "r.csv", HEADER, good(1), good(2))
    result = import_rows(engine, tmp_path / "r.csv", HEADER, good(1), good(2, products="湿法隔膜"))
    assert (result.imported, result.updated, result.unchanged) == (0, 1, 1)
    changed = enterprise(engine, uscc=uscc(2))
    assert changed["main_products"] == "湿法隔膜"
    [(action, detail)] = events(engine, changed["id"])
    assert action == "updated"
    assert detail["fields"]["main_products"] == {"old": "锂电池隔膜", "new": "湿法隔膜"}
    assert detail["batch_id"] == result.batch_id


def test_changed_revenue_updates_the_year_and_records_old_and_new(engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "r.csv", HEADER, good(1, revenue="100"))
    result = import_rows(engine, tmp_path / "r.csv", HEADER, good(1, revenue="250"))
    assert (result.updated, result.unchanged) == (1, 0)
    row = enterprise(engine, uscc=uscc(1))
    assert (row["revenue_fen"], row["revenue_year"]) == (250_000_000, 2024)
    [(action, detail)] = events(engine, row["id"])
    assert action == "updated"
    assert detail["years"] == {"2024": {"revenue_fen": {"old": 100_000_000, "new": 250_000_000}}}
    assert detail["fields"] == {}


def test_row_without_credit_code_updates_the_record_with_the_same_normalised_name(engine: Engine,
                                                                                 tmp_path: Path) -> None:
    header = ["企业名称", "营业收入（万元）"]
    import_rows(engine, tmp_path / "a.csv", header, ["湖南星城科技有限公司", "100"])
    result = import_rows(engine, tmp_path / "b.csv", header, ["星城科技（湖南）有限公司", "120"])
    # Found under another written name: merged into it (not an update), with a warning naming both names.
    assert (result.imported, result.updated, result.merged) == (0, 0, 1)
    [warning] = result.warnings
    assert "并入企业库中的「湖南星城科技有限公司」" in warning.reason and "组织形式" not in warning.reason
    assert count(engine) == 1
    row = enterprise(engine, name_key="星城科技")
    assert (row["name"], row["revenue_fen"]) == ("星城科技（湖南）有限公司", 120_000_000)
    [(action, detail)] = events(engine, row["id"])
    assert action == "updated"
    assert detail["fields"]["name"] == {"old": "湖南星城科技有限公司", "new": "星城科技（湖南）有限公司"}
    again = import_rows(engine, tmp_path / "b.csv", header, ["星城科技（湖南）有限公司", "120"])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)


def test_row_without_credit_code_updates_a_record_that_has_one(engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "a.csv", HEADER, good(1))
    result = import_rows(engine, tmp_path / "b.csv", ["企业名称", "主营产品"], ["湖南星1科技有限公司", "干法隔膜"])
    assert (result.imported, result.updated, result.merged) == (0, 0, 1)
    assert "并入企业库中的「星1科技有限公司」" in result.warnings[0].reason
    assert enterprise(engine, uscc=uscc(1))["main_products"] == "干法隔膜"


def test_reimport_after_a_merge_updates_the_survivor(engine: Engine, tmp_path: Path) -> None:
    rows = [good(1), ["湖南星1科技股份有限公司", uscc(2), "岳麓区", "锂电池隔膜", "100"]]
    import_rows(engine, tmp_path / "r.csv", HEADER, *rows)
    merge(engine, uscc(1), uscc(2), viewer=OPERATOR)
    result = import_rows(engine, tmp_path / "r.csv", HEADER, *rows)
    assert result.imported == 0
    assert count(engine) == 2


def test_amounts_are_stored_as_integer_fen_per_year(engine: Engine, tmp_path: Path) -> None:
    header = ["企业名称", "2023年营业收入（亿元）", "2024年营业收入", "2024年研发费用"]
    import_rows(engine, tmp_path / "r.csv", header, ["甲科技有限公司", "1.5", "3000万", "1,234.5"])
    eid = enterprise(engine, name="甲科技有限公司")["id"]
    with engine.connect() as conn:
        years = conn.execute(select(enterprise_years.c.year, enterprise_years.c.revenue_fen,
                                    enterprise_years.c.rd_expense_fen)
                             .where(enterprise_years.c.enterprise_id == eid).order_by("year")).all()
    assert [tuple(y) for y in years] == [(2023, 15_000_000_000, None), (2024, 3_000_000_000, 1_234_500_000)]
    assert enterprise(engine, id=eid)["revenue_fen"] == 3_000_000_000


def test_figures_without_a_year_go_to_the_year_given(engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "r.csv", ["企业名称", "营业收入"], ["甲科技有限公司", "7"], default_year=2022)
    row = enterprise(engine, name="甲科技有限公司")
    assert (row["revenue_year"], row["revenue_fen"]) == (2022, 7_000_000)


def test_one_row_per_year_builds_one_enterprise_with_every_year(engine: Engine, tmp_path: Path) -> None:
    header = ["企业名称", "统一社会信用代码", "年度", "营业收入"]
    rows = [["甲科技有限公司", uscc(1), "2023", "10"], ["甲科技有限公司", uscc(1), "2024年", "12"]]
    first = import_rows(engine, tmp_path / "r.csv", header, *rows)
    again = import_rows(engine, tmp_path / "r.csv", header, *rows)
    assert (first.imported, again.unchanged) == (1, 1)
    row = enterprise(engine, uscc=uscc(1))
    with engine.connect() as conn:
        years = conn.execute(select(enterprise_years.c.year, enterprise_years.c.revenue_fen)
                             .where(enterprise_years.c.enterprise_id == row["id"]).order_by("year")).all()
    assert [tuple(y) for y in years] == [(2023, 10_000_000), (2024, 12_000_000)]
    assert (row["revenue_year"], row["revenue_fen"]) == (2024, 12_000_000)


def test_tags_are_stored_with_years_and_unknown_ones_as_written(engine: Engine, tmp_path: Path) -> None:
    result = import_rows(engine, tmp_path / "r.csv", ["企业名称", "资质/标签"],
                         ["甲科技有限公司", "专精特新(2023)；2021年高新技术企业；小巨人；火箭认证"])
    assert [w.field for w in result.warnings] == ["资质/标签"]
    with engine.connect() as conn:
        tags = {(t.tag, t.year) for t in conn.execute(select(enterprise_tags))}
    assert tags == {("specialised_sme", 2023), ("high_tech", 2021), ("little_giant", None), ("火箭认证", None)}


def test_ignored_columns_are_reported(engine: Engine, tmp_path: Path) -> None:
    result = import_rows(engine, tmp_path / "r.csv", ["企业名称", "备注"], ["甲科技有限公司", "无"])
    assert result.ignored_columns == ["备注"]
    assert result.imported == 1


def test_region_resolved_by_the_credit_code_and_registered_capital_are_stored(engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path / "r.csv", ["企业名称", "统一社会信用代码", "所属区县", "注册资本"],
                ["甲科技有限公司", uscc(1, "110105"), "朝阳区", "1.5亿元"])
    row = enterprise(engine, uscc=uscc(1, "110105"))
    assert (row["region_code"], row["registered_capital_fen"]) == ("110105", 15_000_000_000)


def test_the_change_record_reads_as_field_old_and_new(engine: Engine, tmp_path: Path) -> None:
    """变更记录 on the profile: the event's label and each change by its Chinese field name, in 万元."""
    from chainatlas.services.registry import get_enterprise

    import_rows(engine, tmp_path / "r.csv", HEADER, good(1, revenue="100"))
    import_rows(engine, tmp_path / "r.csv", HEADER, good(1, revenue="250", products="湿法隔膜"))
    [entry] = get_enterprise(engine, uscc(1))["history"]
    assert entry["action_label"] == "导入更新"
    assert {"field": "主营产品", "old": "锂电池隔膜", "new": "湿法隔膜"} in entry["changes"]
    assert {"field": "2024年营业收入", "old": "100.00 万元", "new": "250.00 万元"} in entry["changes"]
    assert entry["note"].startswith("导入批次 #")
