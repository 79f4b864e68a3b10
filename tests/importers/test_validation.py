"""Import validation: every rule reports the file row, the column header and a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chainatlas.domain.errors import InvalidInput
from chainatlas.importers.readers import read_table
from importers.files import (
    SheetSpec,
    check_file,
    uscc,
    with_wrong_check_digit,
    with_wrong_org_check,
    write_csv,
    write_xlsx,
)

NAME, CODE, REGION, FOUNDED = "企业名称", "统一社会信用代码", "所属区县", "成立日期"


@pytest.fixture
def check(tmp_path: Path):
    """check(header, *rows) → validation of a one-sheet CSV; the first data row is file row 2."""
    def run(header: list[str], *rows: list[object], **csv_options: object):
        return check_file(write_csv(tmp_path / "registry.csv", header, rows, **csv_options))
    return run


# --- 统一社会信用代码 ---------------------------------------------------------------

def test_wrong_check_digit_is_an_error_naming_the_expected_character(check) -> None:
    good = uscc(1)
    bad = with_wrong_check_digit(good)
    result = check([NAME, CODE], ["甲科技有限公司", good], ["乙科技有限公司", bad])
    assert result.errors_at(2) == []
    assert result.reason(3, CODE) == f"校验码错误：第18位应为 {good[17]}，实际为 {bad[17]}"
    assert result.errors_at(3)[0].value == bad


def test_wrong_position_17_is_only_a_warning_and_the_row_is_kept(check) -> None:
    code = with_wrong_org_check(uscc(1))
    result = check([NAME, CODE], ["甲科技有限公司", code])
    assert result.errors == []
    [warning] = result.warnings
    assert (warning.row, warning.field) == (2, CODE)
    assert warning.reason == f"组织机构代码校验位（第17位）应为 {uscc(1)[16]}，实际为 {code[16]}"
    assert result.record(2)["uscc"] == code


@pytest.mark.parametrize("length", [17, 19])
def test_wrong_length_is_an_error(check, length: int) -> None:
    code = (uscc(1) + "1")[:length]
    result = check([NAME, CODE], ["甲科技有限公司", code])
    assert result.reason(2, CODE) == f"长度应为18位，实际为{length}位"


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_letters_the_code_never_uses_are_an_error(check, letter: str) -> None:
    code = uscc(1)[:10] + letter + uscc(1)[11:]
    result = check([NAME, CODE], ["甲科技有限公司", code])
    assert result.reason(2, CODE) == f"含有非法字符：{letter}（代码不使用 I、O、S、V、Z）"


def test_spaces_dashes_and_lower_case_in_a_code_are_normalised(check) -> None:
    code = uscc(1)
    typed = f"{code[:6]}-{code[6:12]} {code[12:]}".lower()
    result = check([NAME, CODE], ["甲科技有限公司", typed])
    assert result.errors == []
    assert result.record(2)["uscc"] == code


# --- 行政区划 -------------------------------------------------------------------------

def test_unknown_region_name_is_an_error(check) -> None:
    result = check([NAME, REGION], ["甲科技有限公司", "火星市天枢区"])
    assert result.reason(2, REGION) == "无法识别的行政区划：火星市天枢区"


def test_ambiguous_county_without_a_hint_is_an_error_listing_the_candidates(check) -> None:
    result = check([NAME, REGION], ["甲科技有限公司", "朝阳区"])
    reason = result.reason(2, REGION)
    assert "不唯一" in reason and "北京市朝阳区" in reason and "长春市朝阳区" in reason


@pytest.mark.parametrize("registered_in", ["110105", "220104"])
def test_credit_code_digits_choose_between_counties_of_one_name(check, registered_in: str) -> None:
    result = check([NAME, CODE, REGION], ["甲科技有限公司", uscc(1, registered_in), "朝阳区"])
    assert result.errors == []
    assert result.record(2)["region_code"] == registered_in


@pytest.mark.parametrize("text", ["430104", "岳麓区", "长沙市岳麓区", "湖南省长沙市岳麓区", "湖南长沙岳麓区"])
def test_region_as_code_or_name_with_or_without_parents(check, text: str) -> None:
    result = check([NAME, REGION], ["甲科技有限公司", text])
    assert result.errors == []
    assert result.record(2)["region_code"] == "430104"


@pytest.mark.parametrize(("text", "code"), [("湖南省浏阳市", "430181"), ("湖南省长沙县", "430121")])
def test_province_and_county_without_the_prefecture_resolve(check, text: str, code: str) -> None:
    result = check([NAME, REGION], ["甲科技有限公司", text])
    assert result.errors == []
    assert result.record(2)["region_code"] == code


def test_unknown_six_digit_region_code_is_an_error(check) -> None:
    result = check([NAME, REGION], ["甲科技有限公司", "439999"])
    assert result.reason(2, REGION) == "行政区划代码 439999 不存在（GB/T 2260）"


# --- 金额 -----------------------------------------------------------------------------

def test_negative_amount_is_an_error_but_a_loss_is_not(check) -> None:
    result = check([NAME, "营业收入", "净利润"], ["甲科技有限公司", "-5", "-5"])
    assert result.reason(2, "营业收入") == "金额不能为负数"
    assert result.errors_at(2, "净利润") == []


@pytest.mark.parametrize("cell", ["约三千万", "abc", "1.2.3", "1.2e3"])
def test_non_numeric_amount_is_an_error(check, cell: str) -> None:
    result = check([NAME, "营业收入（万元）"], ["甲科技有限公司", cell])
    assert result.reason(2, "营业收入（万元）") == "不是有效的金额（示例：1200、1200万元、1.2亿元）"
    assert result.errors_at(2)[0].value == cell


@pytest.mark.parametrize(("header", "cell", "fen"), [
    ("营业收入（亿元）", "1.5", 15_000_000_000),
    ("营业收入(亿元)", "0.0001", 1_000_000),
    ("营业收入（万元）", "1.5亿元", 15_000_000_000),
    ("营业收入（亿元）", "3000万", 3_000_000_000),
    ("营业收入", "1,234.5", 1_234_500_000),  # a bare number is 万元
    ("营业收入（元）", "1,234.5", 123_450),
    ("营业收入（单位：元）", "123456789.12", 12_345_678_912),
    ("营业收入", "0.07万", 70_000),
    ("营业收入", "3000万元人民币", 3_000_000_000),
    ("营业收入（万元）", "9999999.99亿元", 99_999_999_900_000_000),
])
def test_amount_units_in_header_and_cell_convert_exactly_to_integer_fen(check, header: str, cell: str,
                                                                       fen: int) -> None:
    result = check([NAME, header], ["甲科技有限公司", cell])
    assert result.errors == []
    value = result.revenue_fen(2)
    assert type(value) is int and value == fen


@pytest.mark.parametrize(("cell", "fen"), [("1.5亿元", 15_000_000_000), ("3000万", 3_000_000_000),
                                           ("1,234.5", 1_234_500_000)])
def test_registered_capital_converts_to_integer_fen(check, cell: str, fen: int) -> None:
    result = check([NAME, "注册资本"], ["甲科技有限公司", cell])
    assert result.errors == []
    assert result.record(2)["registered_capital_fen"] == fen


def test_year_in_the_header_sets_the_year_of_the_figure(check) -> None:
    result = check([NAME, "2022年营业收入（万元）", "2023年度营业收入（万元）"], ["甲科技有限公司", "10", "20"])
    assert result.revenue_fen(2, 2022) == 10_000_000
    assert result.revenue_fen(2, 2023) == 20_000_000


@pytest.mark.parametrize(("cell", "fen"), [("１２", 12_000_000), ("１，２３４．５万", 1_234_500_000)])
def test_full_width_digits_in_amounts_are_read(check, cell: str, fen: int) -> None:
    result = check([NAME, "营业收入（万元）"], ["甲科技有限公司", cell])
    assert result.errors == []
    assert result.revenue_fen(2) == fen


@pytest.mark.parametrize("cell", ["١٢", "𝟏𝟐"])
def test_amount_in_other_digits_is_read_or_reported_never_dropped(check, cell: str) -> None:
    result = check([NAME, "营业收入（万元）"], ["甲科技有限公司", cell])
    assert result.revenue_fen(2) == 12_000_000 or result.errors_at(2, "营业收入（万元）")


@pytest.mark.parametrize("cell", ["914301047483929411", "9223372036854.775808", "12345678901234567890123456789012"],
                         ids=["credit-code-in-money-column", "just-over-int64-fen", "decimal-overflow"])
def test_amount_too_large_to_store_is_an_error(check, cell: str) -> None:
    result = check([NAME, "营业收入（万元）"], ["甲科技有限公司", cell])
    assert result.errors_at(2, "营业收入（万元）")


def test_largest_amount_that_fits_is_stored_exactly(check) -> None:
    result = check([NAME, "营业收入（万元）"], ["甲科技有限公司", "9223372036854.775807"])
    assert result.revenue_fen(2) == 2**63 - 1


# --- 日期 -----------------------------------------------------------------------------

def test_impossible_date_is_an_error(check) -> None:
    result = check([NAME, FOUNDED], ["甲科技有限公司", "2019-02-30"])
    assert result.reason(2, FOUNDED) == "日期不存在或格式无法识别（如 2016-05-12、2016.5.12、2017年8月3日）"


@pytest.mark.parametrize("cell", ["2019-03-01", "2019/3/1", "2019年3月1日", "20190301", "2019.3.1",
                                  "2019-03-01 00:00:00"])
def test_date_formats_people_write_are_read(check, cell: str) -> None:
    result = check([NAME, FOUNDED], ["甲科技有限公司", cell])
    assert result.errors == []
    assert result.record(2)["founded_on"] == date(2019, 3, 1)


def test_date_after_today_is_an_error(check) -> None:
    result = check([NAME, FOUNDED], ["甲科技有限公司", "2030-01-01"])  # the check's today is 2026-01-01
    assert result.reason(2, FOUNDED) == "日期晚于今天"


# --- 名称、重复、整行 ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_an_error(check, name: str) -> None:
    result = check([NAME, CODE], [name, uscc(1)])
    assert result.reason(2, NAME) == "企业名称为空"


def test_duplicate_credit_code_rejects_the_later_row_only(check) -> None:
    result = check([NAME, CODE], ["甲科技有限公司", uscc(1)], ["乙科技有限公司", uscc(2)],
                   ["丙科技有限公司", uscc(1)])
    assert [(e.row, e.field) for e in result.errors] == [(4, CODE)]


def test_duplicate_credit_code_error_names_the_first_row(check) -> None:
    result = check([NAME, CODE], ["甲科技有限公司", uscc(1)], ["乙科技有限公司", uscc(2)],
                   ["丙科技有限公司", uscc(1)])
    assert result.reason(4, CODE) == "与第2行的统一社会信用代码重复"


def test_one_credit_code_may_repeat_once_per_year(check) -> None:
    result = check([NAME, CODE, "年度", "营业收入"], ["甲科技有限公司", uscc(1), "2023", "10"],
                   ["甲科技有限公司", uscc(1), "2024", "12"])
    assert result.errors == []


def test_every_error_of_a_row_is_reported(check) -> None:
    result = check([NAME, CODE, REGION, FOUNDED, "营业收入"],
                   ["", with_wrong_check_digit(uscc(1)), "火星市", "2019-02-30", "-1"])
    assert sorted(e.field for e in result.errors_at(2)) == sorted([NAME, CODE, REGION, FOUNDED, "营业收入"])


@pytest.mark.parametrize(("cell", "code"), [("3985", "3985"), ("C3985", "3985"), ("39", "39")])
def test_industry_code_is_read_with_or_without_its_section_letter(check, cell: str, code: str) -> None:
    result = check([NAME, "行业代码"], ["甲科技有限公司", cell])
    assert result.errors == []
    assert result.record(2)["industry_code"] == code


def test_unknown_industry_code_is_an_error(check) -> None:
    result = check([NAME, "行业代码"], ["甲科技有限公司", "9999"])
    assert result.reason(2, "行业代码") == "行业代码不存在（GB/T 4754-2017，2-4位数字）"


# --- 资质/标签 -----------------------------------------------------------------------------

def test_tags_are_read_with_their_years_and_unknown_tags_kept_with_a_warning(check) -> None:
    cell = "专精特新(2023)；2021年高新技术企业；小巨人；火箭认证"
    result = check([NAME, "资质/标签"], ["甲科技有限公司", cell])
    assert result.errors == []
    tags = set(result.tags.select("tag", "year").iter_rows())
    assert tags == {("specialised_sme", 2023), ("high_tech", 2021), ("little_giant", None), ("火箭认证", None)}
    [warning] = result.warnings
    assert (warning.row, warning.field, warning.value) == (2, "资质/标签", cell)
    assert "火箭认证" in warning.reason


# --- 文件：编码、标题行、工作表、列名 ----------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_utf8_or_gbk_reads_the_same(check, encoding: str) -> None:
    result = check([NAME, REGION], ["长沙银河科技有限公司", "岳麓区"], encoding=encoding)
    assert result.errors == []
    assert result.record(2)["name"] == "长沙银河科技有限公司"
    assert result.record(2)["region_code"] == "430104"


def test_a_gbk_file_whose_start_reads_as_utf8_is_still_converted(tmp_path: Path) -> None:
    """The start of the file decides how it is read; GBK bytes further on still lead to conversion."""
    filler = [[f"Company {i} Ltd"] for i in range(5000)]  # more than the 64 KB that are looked at first
    path = write_csv(tmp_path / "gbk.csv", ["company"], [*filler, ["长沙银河科技有限公司"]], encoding="gbk")
    assert path.read_bytes()[: 1 << 16].isascii()
    [sheet] = read_table(path, {"company": NAME})
    assert sheet.frame.height == 5001
    assert sheet.frame.get_column("company")[-1] == "长沙银河科技有限公司"


def test_utf16_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "utf16.csv", [NAME], [["甲科技有限公司"]], encoding="utf-16")
    with pytest.raises(InvalidInput, match="UTF-16"):
        check_file(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_random_bytes_are_refused_with_a_clear_message(tmp_path: Path, suffix: str) -> None:
    import random

    noise = bytes(random.Random(5).randrange(1, 256) for _ in range(4000))
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(noise)
    with pytest.raises(InvalidInput, match="noise"):
        check_file(path)


def test_title_row_above_the_header_is_skipped_and_rows_keep_file_numbers(check) -> None:
    result = check([NAME, FOUNDED], ["甲科技有限公司", "2019-01-01"], ["乙科技有限公司", "2019-02-30"],
                   title="2024年长沙市重点企业名录")
    assert result.record(3)["name"] == "甲科技有限公司"
    assert [(e.row, e.field) for e in result.errors] == [(4, FOUNDED)]


def test_every_sheet_of_a_workbook_is_read_with_its_own_row_numbers(tmp_path: Path) -> None:
    header = [NAME, CODE, "2023年营业收入（万元）"]
    path = write_xlsx(tmp_path / "registry.xlsx", {
        "长沙": SheetSpec(header, [["甲科技有限公司", uscc(1), 12.5]]),
        "说明": SheetSpec(["本表由工信局汇总"], []),
        "株洲": SheetSpec(header, [["乙科技有限公司", uscc(2, "430202"), 3], ["丙科技有限公司", "bad", 1]],
                        title="株洲市企业名录"),
    })
    result = check_file(path)
    assert result.record(2, "长沙")["name"] == "甲科技有限公司"
    assert result.record(3, "株洲")["name"] == "乙科技有限公司"
    assert [(e.sheet, e.row, e.field) for e in result.errors] == [("株洲", 4, CODE)]
    assert sorted(result.years.get_column("revenue").to_list()) == [1_000_000, 3_000_000, 12_500_000]


def test_mapping_file_names_unknown_headers(tmp_path: Path) -> None:
    from chainatlas.importers.headers import read_mapping

    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("公司名字: 企业名称\n年收入（亿元）: revenue\n", encoding="utf-8")
    path = write_csv(tmp_path / "registry.csv", ["公司名字", CODE, "年收入（亿元）"],
                     [["甲科技有限公司", uscc(1), "2"]])
    result = check_file(path, read_mapping(mapping))
    assert result.errors == []
    assert result.record(2)["name"] == "甲科技有限公司"
    assert result.revenue_fen(2) == 20_000_000_000


def test_mapping_file_alone_identifies_the_header_row(tmp_path: Path) -> None:
    from chainatlas.importers.headers import read_mapping

    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("公司名字: 企业名称\n年收入: 营业收入\n", encoding="utf-8")
    path = write_csv(tmp_path / "registry.csv", ["公司名字", "年收入"], [["甲科技有限公司", "2"]])
    result = check_file(path, read_mapping(mapping))
    assert result.record(2)["name"] == "甲科技有限公司"


def test_mapping_to_an_unknown_field_is_refused(tmp_path: Path) -> None:
    from chainatlas.importers.headers import read_mapping

    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("公司名字: 公司的名字\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="公司的名字"):
        read_mapping(mapping)


def test_unknown_columns_are_reported_as_ignored(check) -> None:
    result = check([NAME, "备注", "内部编号"], ["甲科技有限公司", "无", "A-1"])
    assert result.errors == []
    assert result.ignored == ["备注", "内部编号"]


def test_file_without_a_name_column_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "registry.csv", [CODE, "营业收入"], [[uscc(1), "1"]])
    with pytest.raises(InvalidInput, match="企业名称"):
        check_file(path)


def test_csv_rows_shorter_than_the_header_read_with_empty_cells(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "registry.csv", [NAME, CODE, "备注"], [["甲科技有限公司", uscc(1)]], pad=False)
    assert check_file(path).record(2)["uscc"] == uscc(1)


def test_white_space_around_cells_is_stripped_whatever_the_kind_of_space() -> None:
    """Validation strips the cells of an unstripped sheet (the import reads CSV without stripping);
    only columns with a padded cell are written anew, the others are taken as read."""
    import polars as pl

    from chainatlas.importers import reading
    from chainatlas.importers.readers import Sheet
    from chainatlas.importers.validate import validate_sheet
    from importers.files import context

    headers = [NAME, "经营范围", "主营产品"]
    frame = pl.DataFrame({NAME: ["\u3000甲科技有限公司 ", "乙科技有限公司", "丙科技有限公司\t"],
                          "经营范围": ["石墨\u00a0", " \u3000", "锂电池"],
                          "主营产品": ["负极材料", "", "隔膜 膜材"]})
    sheet = Sheet(None, headers, frame, 2)
    columns, _ = reading.sheet_columns(sheet, None)
    records = validate_sheet(sheet, columns, context()).records
    assert records.get_column("name").to_list() == ["甲科技有限公司", "乙科技有限公司", "丙科技有限公司"]
    assert records.get_column("business_scope").to_list() == ["石墨", None, "锂电池"]
    assert records.get_column("main_products").to_list() == ["负极材料", None, "隔膜 膜材"]


def test_a_column_counts_as_padded_exactly_when_stripping_changes_one_of_its_cells() -> None:
    import polars as pl

    from chainatlas.importers.cells import padded_columns as _padded

    # Every character Python calls white space (polars strips all but U+001C–U+001F), and others.
    characters = [c for c in map(chr, range(0x3100)) if c.isspace()] + list("ax中、，\u200b\ufeff\U00020000")
    for where in ("{}x", "x{}"):
        frame = pl.DataFrame({f"c{i}": [where.format(ch), "plain", None] for i, ch in enumerate(characters)})
        stripped = {h for h in frame.columns
                    if frame.get_column(h).str.strip_chars().to_list() != frame.get_column(h).to_list()}
        assert _padded(frame, frame.columns) == stripped and len(stripped) == 25
