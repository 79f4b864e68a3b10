"""Monthly indicator workbooks in the forms offices send, imported record by record (SQLite and PostgreSQL):
two-level 本月|累计 headers, period columns, titles and --period, quarters, units, not-reported marks,
derivations and conflicts, names instead of codes, area totals, re-imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, select

from chainatlas.domain.errors import InvalidInput
from chainatlas.services import monitoring
from chainatlas.store.monitor_models import area_months, chain_months, enterprise_months
from importers.files import uscc, write_csv
from importers.workbooks import full_width, write_xls
from services.factories import add_enterprise
from services.monitoring.factories import WAN, add_placed

NAMES = ["长沙星城石墨科技有限公司", "湖南麓谷锂电新材料有限公司", "长沙云帆智能装备有限公司", "湖南湘江储能科技有限公司"]
CODES = [uscc(n) for n in range(1, 5)]
TITLE = "2025年1-6月规上工业企业主要经济指标"
FILED = "填报单位：岳麓区工业和信息化局"
NOTE = "注：本表为快报数。"


@pytest.fixture
def firms(engine: Engine) -> list[int]:
    ids = [add_placed(engine, NAMES[0], "lithium-battery", "anode", uscc=CODES[0], region_code="430104",
                      revenue_fen=50_000 * WAN)]
    ids += [add_enterprise(engine, name, uscc=code, region_code="430104", revenue_fen=3_000 * WAN)
            for name, code in zip(NAMES[1:], CODES[1:], strict=True)]
    return ids


def stored(engine: Engine, enterprise_id: int, month: date) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(enterprise_months).where(enterprise_months.c.enterprise_id == enterprise_id,
                                                           enterprise_months.c.month == month)).first()
    return dict(row._mapping) if row else None


def run(engine: Engine, path: Path, **options: Any) -> monitoring.IndicatorResult:
    return monitoring.import_indicators(engine, path, monitoring.IndicatorOptions(**options))


def seed_may(engine: Engine, enterprise_id: int, output_ytd_wan: int, revenue_ytd_wan: int = 0) -> None:
    """A May year-to-date already in the database (the base a June single value is derived from)."""
    from datetime import datetime
    with engine.begin() as conn:
        conn.execute(enterprise_months.insert().values(
            enterprise_id=enterprise_id, month=date(2025, 5, 1), months=1, output_ytd_fen=output_ytd_wan * WAN,
            revenue_ytd_fen=revenue_ytd_wan * WAN, profit_ytd_fen=0, updated_at=datetime(2025, 6, 1)))


def two_level_xlsx(path: Path, rows: list[list[object]], title: str = TITLE) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "6月"
    sheet.append([title])
    sheet.append([FILED, "", "", "", "", "", "单位：万元"])
    sheet.append(["序号", "企业名称", "统一社会信用代码", "工业总产值", "", "营业收入", "", "利润总额", "",
                  "工业总产值同比（%）"])
    sheet.append(["", "", "", "本月", "1-6月累计", "本月", "1-6月累计", "本月", "累计", ""])
    for merged in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:I3", "J3:J4"):
        sheet.merge_cells(merged)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", "", "", "=SUM(D5:D9)"])
    sheet.append([NOTE])
    book.save(path)
    return path


def test_two_level_xlsx_with_title_unit_line_total_and_note(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = two_level_xlsx(tmp_path / "月报.xlsx", [
        [1, NAMES[0], CODES[0], "1,200.50", "6,000", 1150, "5800", "-30", "亏损50", 5.2],
        [2, NAMES[1], full_width(CODES[1]), "未填报", "３０００", 800, "4,000.00", 20, 100, "—"],
    ])
    result = run(engine, path)
    assert (result.imported, result.updated, result.rejected, result.errors) == (2, 0, 0, [])
    assert result.months == ["2025-06"] and result.written
    first = stored(engine, firms[0], date(2025, 6, 1))
    assert first is not None and first["months"] == 1
    assert (first["output_fen"], first["output_ytd_fen"]) == (120_050 * WAN // 100, 6_000 * WAN)
    assert (first["revenue_fen"], first["revenue_ytd_fen"]) == (1_150 * WAN, 5_800 * WAN)
    assert (first["profit_fen"], first["profit_ytd_fen"]) == (-30 * WAN, -50 * WAN)
    second = stored(engine, firms[1], date(2025, 6, 1))
    assert second is not None
    assert (second["output_fen"], second["output_ytd_fen"]) == (None, 3_000 * WAN)  # no May base: not derived
    assert (second["revenue_fen"], second["revenue_ytd_fen"]) == (800 * WAN, 4_000 * WAN)
    sheet = result.reading["sheets"][0]  # type: ignore[index]
    assert sheet["header_rows"] == [3, 4] and "2025年1-6月" in sheet["period"]
    assert [s["reason"] for s in sheet["skipped_rows"]] == ["合计/小计行", "注释、说明或落款行"]
    growth = next(c for c in sheet["ignored_columns"] if "同比" in c["header"])
    assert "系统" in growth["reason"]
    with engine.connect() as conn:  # the roll-up of the month was rebuilt
        chain = conn.execute(select(chain_months.c.output_ytd_fen).where(
            chain_months.c.chain_id == "lithium-battery", chain_months.c.month == date(2025, 6, 1))).scalar_one()
    assert chain == 6_000 * WAN


def test_single_month_derived_from_the_stored_year_to_date(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    seed_may(engine, firms[1], output_ytd_wan=2_400, revenue_ytd_wan=3_300)
    path = two_level_xlsx(tmp_path / "月报.xlsx", [[1, NAMES[1], CODES[1], "", "3000", "", "4000", "", ""]])
    result = run(engine, path)
    assert result.errors == []
    row = stored(engine, firms[1], date(2025, 6, 1))
    assert row is not None
    assert (row["output_fen"], row["revenue_fen"]) == (600 * WAN, 700 * WAN)


def test_xls_with_one_row_headers_and_a_period_column(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_xls(tmp_path / "月报.xls", ["规上工业企业主要指标快报", FILED],
                     ["序号", "统一社会信用代码", "企业名称", "期别", "本月工业总产值（万元）", "本年累计工业总产值（万元）",
                      "本月营业收入（亿元）", "期末从业人员（人）"],
                     None, [[1, CODES[2], NAMES[2], "2025年1月", 300, 300, 0.03, "1,250"],
                            [2, CODES[3], NAMES[3], "2025年1月", 120.5, 120.5, "0.012", "８６"]])
    result = run(engine, path)
    assert (result.imported, result.errors) == (2, [])
    row = stored(engine, firms[2], date(2025, 1, 1))
    assert row is not None
    assert (row["output_fen"], row["output_ytd_fen"], row["revenue_fen"], row["revenue_ytd_fen"], row["employees"]) \
        == (300 * WAN, 300 * WAN, 300 * WAN, 300 * WAN, 1250)  # January: the month is the year-to-date
    other = stored(engine, firms[3], date(2025, 1, 1))
    assert other is not None and (other["output_fen"], other["revenue_fen"], other["employees"]) == \
        (1205 * WAN // 10, 120 * WAN, 86)


def test_gbk_csv_with_compact_periods_and_year_to_date_only(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    seed_may(engine, firms[0], output_ytd_wan=5_000, revenue_ytd_wan=4_000)
    path = write_csv(tmp_path / "月报.csv", ["统一社会信用代码", "企业名称", "报告期", "工业总产值累计（万元）",
                                             "营业收入累计（万元）", "税金累计（万元）"],
                     [[CODES[0], NAMES[0], "202506", "6,100", "4,900", "无"]], encoding="gbk",
                     title="长沙市规上工业企业月度指标")
    result = run(engine, path)
    assert result.errors == [] and result.reading["format"].startswith("CSV（GBK")  # type: ignore[index]
    row = stored(engine, firms[0], date(2025, 6, 1))
    assert row is not None
    assert (row["output_fen"], row["output_ytd_fen"], row["revenue_fen"], row["tax_fen"]) == \
        (1_100 * WAN, 6_100 * WAN, 900 * WAN, None)


def test_quarterly_report_is_stored_at_the_quarter_end(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "季报.csv", ["企业名称", "统计期", "工业总产值（本季，万元）", "工业总产值（累计，万元）"],
                     [[NAMES[0], "2025年第一季度", "900", "900"], [NAMES[0], "2025Q2", "1000", ""],
                      [NAMES[1], "2025年二季度", "500", "1300"]], encoding="utf-8-sig")
    result = run(engine, path)
    assert result.errors == [] and result.imported == 3
    q2 = stored(engine, firms[0], date(2025, 6, 1))
    assert q2 is not None and (q2["months"], q2["output_fen"], q2["output_ytd_fen"]) == (3, 1_000 * WAN, 1_900 * WAN)
    q1 = stored(engine, firms[0], date(2025, 3, 1))
    assert q1 is not None and q1["months"] == 3
    other = stored(engine, firms[1], date(2025, 6, 1))
    assert other is not None and (other["output_fen"], other["output_ytd_fen"]) == (500 * WAN, 1_300 * WAN)


def test_quarter_from_the_title_and_yuan_amounts(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["岳麓区2025年二季度规上工业企业经营情况"])
    sheet.append(["统一社会信用代码", "单位详细名称", "营业收入（元）", "利润总额（元）", "应交税金（元）"])
    sheet.append([CODES[0], NAMES[0], "12,000,000", "-350,000.5", "1.2万"])
    sheet.append([CODES[1], NAMES[1], "0.5亿", "—", "3000万"])
    book.save(tmp_path / "季报.xlsx")
    result = run(engine, tmp_path / "季报.xlsx")
    assert result.errors == []
    row = stored(engine, firms[0], date(2025, 6, 1))
    assert row is not None and row["months"] == 3
    assert (row["revenue_fen"], row["profit_fen"], row["tax_fen"]) == (1_200_000_000, -35_000_050, 1_200_000)
    other = stored(engine, firms[1], date(2025, 6, 1))
    assert other is not None and (other["revenue_fen"], other["profit_fen"], other["tax_fen"]) == \
        (5_000 * WAN, None, 3_000 * WAN)


def test_names_without_codes_are_matched_as_the_registry_matches_them(engine: Engine, firms: list[int],
                                                                      tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名称.csv", ["企业名称", "年月", "营业收入（万元）"],
                     [["湖南星城石墨科技有限公司", "2025-06", "100"], ["长沙 云帆智能装备 有限公司", "2025-06", "50"],
                      ["长沙无此企业有限公司", "2025-06", "10"]])
    result = run(engine, path, skip_invalid=True)
    assert [(e.row, e.field) for e in result.errors] == [(4, "企业名称")]
    assert "未在企业库中找到" in result.errors[0].reason
    assert stored(engine, firms[0], date(2025, 6, 1))["revenue_fen"] == 100 * WAN  # type: ignore[index]
    assert stored(engine, firms[2], date(2025, 6, 1))["revenue_fen"] == 50 * WAN  # type: ignore[index]


def test_months_in_one_sheet_derive_each_other(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    """Single values only, January to March: each year-to-date is the one before plus the month."""
    path = write_xls(tmp_path / "一季度.et", [FILED], ["企业名称", "年月", "工业总产值", "用电量"],
                     ["", "", "本月（万元）", "本月（千瓦时）"],
                     [[NAMES[0], "2025.1", 100, "12,000"], [NAMES[0], "2025.3", 130, 15000],
                      [NAMES[0], "2025.2", 80, 9000]],
                     merges=[(1, 2, 0, 0, "企业名称"), (1, 2, 1, 1, "年月")])
    result = run(engine, path)
    assert result.errors == [] and result.reading["format"] == "WPS 表格（.et）"  # type: ignore[index]
    march = stored(engine, firms[0], date(2025, 3, 1))
    assert march is not None
    assert (march["output_ytd_fen"], march["electricity_kwh"], march["electricity_ytd_kwh"]) == \
        (310 * WAN, 15_000, 36_000)


def test_period_option_and_missing_period(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "无期别.csv", ["统一社会信用代码", "营业收入"], [[CODES[0], "88"]])
    with pytest.raises(InvalidInput, match="--period"):
        run(engine, path)
    result = run(engine, path, period="2025-07")
    assert result.months == ["2025-07"]
    assert stored(engine, firms[0], date(2025, 7, 1))["revenue_fen"] == 88 * WAN  # type: ignore[index]


def test_inconsistent_values_are_row_errors_naming_the_field(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    seed_may(engine, firms[0], output_ytd_wan=5_000)
    path = two_level_xlsx(tmp_path / "冲突.xlsx", [[1, NAMES[0], CODES[0], "1000.01", "6000", "", "", "", ""]])
    assert run(engine, path).errors == []  # 6000 − 5000 = 1000: 0.01 万元 apart is rounding
    path = two_level_xlsx(tmp_path / "冲突2.xlsx", [[1, NAMES[0], CODES[0], "1000.50", "6000", "", "", "", ""]])
    result = run(engine, path)
    assert not result.written and result.rejected == 1
    error = result.errors[0]
    assert (error.row, error.field) == (5, "工业总产值/本月") and "累计" in error.reason and "5000.00" in error.reason


def test_january_single_and_year_to_date_must_agree(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "一月.csv", ["统一社会信用代码", "报告期", "营业收入本月", "营业收入累计"],
                     [[CODES[0], "2025-01", "100", "120"]])
    result = run(engine, path)
    assert [(e.row, e.field) for e in result.errors] == [(2, "营业收入本月")]


def test_duplicate_rows_identical_or_conflicting(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "重复.csv", ["统一社会信用代码", "企业名称", "报告期", "营业收入"],
                     [[CODES[0], NAMES[0], "2025-06", "100"], [CODES[0], NAMES[0], "2025-06", "100"],
                      [CODES[1], NAMES[1], "2025-06", "100"], [CODES[1], NAMES[1], "2025年6月", "101"]])
    result = run(engine, path, skip_invalid=True)
    assert [w.row for w in result.warnings] == [3]
    assert sorted(e.row for e in result.errors) == [4, 5] and "不一致" in result.errors[0].reason
    assert result.imported == 1 and stored(engine, firms[1], date(2025, 6, 1)) is None


def test_reimport_updates_and_keeps_what_the_file_says_nothing_about(engine: Engine, firms: list[int],
                                                                     tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", ["统一社会信用代码", "报告期", "营业收入", "从业人员"],
                      [[CODES[0], "2025-06", "100", "50"]])
    second = write_csv(tmp_path / "b.csv", ["统一社会信用代码", "报告期", "营业收入"], [[CODES[0], "2025-06", "120"]])
    assert run(engine, first).imported == 1
    result = run(engine, second)
    assert (result.imported, result.updated) == (0, 1)
    row = stored(engine, firms[0], date(2025, 6, 1))
    assert row is not None and (row["revenue_fen"], row["employees"]) == (120 * WAN, 50)


def test_area_totals_by_region_name_or_code_and_chain(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年1-6月全市规上工业主要指标（市统计局）"])
    sheet.append(["地区", "产业链", "规上企业数", "工业总产值", ""])
    sheet.append(["", "", "", "本月", "累计"])
    sheet.append(["长沙市", "", 2650, "1,320.5亿", "6,800亿"])
    sheet.append(["430104", "先进储能材料与锂电池", 85, "120000", "650000"])
    sheet.append(["火星市", "", 1, 1, 1])
    book.save(tmp_path / "全市.xlsx")
    result = run(engine, tmp_path / "全市.xlsx", skip_invalid=True)
    assert [(e.row, e.field) for e in result.errors] == [(6, "地区")]
    assert result.imported == 2 and result.reading["sheets"][0]["kind"] == "areas"  # type: ignore[index]
    with engine.connect() as conn:
        rows = {(r.region_code, r.chain_id): r for r in conn.execute(select(area_months))}
    city = rows[("430100", "")]
    assert (city.output_fen, city.output_ytd_fen, city.above_scale_count) == (13_205_000_000_000, 68 * 10**12, 2650)
    assert rows[("430104", "lithium-battery")].output_ytd_fen == 650_000 * WAN
    assert monitoring.area_total(engine, "430100", date(2025, 6, 1)) == 68 * 10**12


def test_rows_outside_the_importers_area_are_refused(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "越界.csv", ["统一社会信用代码", "报告期", "营业收入"], [[CODES[0], "2025-06", "1"]])
    result = run(engine, path, area_region="430111")
    assert result.rejected == 1 and "辖区" in result.errors[0].reason and not result.written


def test_preview_writes_nothing(engine: Engine, firms: list[int], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ["统一社会信用代码", "报告期", "营业收入"], [[CODES[0], "2025-06", "1"]])
    result = monitoring.preview_indicators(engine, path)
    assert result.imported == 1 and not result.written
    assert stored(engine, firms[0], date(2025, 6, 1)) is None
