"""Plain-number amount columns take a fast path: the same fen and errors as the general parser."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from chainatlas.importers.headers import map_columns
from chainatlas.importers.readers import Sheet
from chainatlas.importers.validate import validate_sheet
from importers.files import context

NAME = "企业名称"
HEADERS = ["注册资本（元）", "营业收入（万元）", "净利润（亿元）", "研发费用"]

plain = st.from_regex(r"\A[+-]?[0-9]{1,8}(\.[0-9]{1,2})?\Z")


def read(headers: list[str], rows: list[list[str | None]], record_columns: list[str], figures: list[str]
         ) -> tuple[list[tuple[object, ...]], list[tuple[int, str, str]]]:
    """The sheet's figures (record columns joined to its years) and its errors, sorted."""
    headers = [NAME, *headers]
    frame = pl.DataFrame(rows, schema={h: pl.String for h in headers}, orient="row")
    columns, _ = map_columns(headers)
    checked = validate_sheet(Sheet(None, headers, frame, 2), columns, context())
    joined = checked.records.select("_row", *record_columns).join(checked.years, on="_row", how="left")
    errors = sorted((e.row, e.field, e.reason) for e in checked.errors)
    return [tuple(r) for r in joined.select(figures).rows()], errors


def validate(rows: list[list[str | None]]) -> tuple[list[tuple[object, ...]], list[tuple[int, str, str]]]:
    return read(HEADERS, rows, ["registered_capital_fen"],
                ["registered_capital_fen", "revenue", "net_profit", "rd_expense"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(plain, st.none()), min_size=4, max_size=4), min_size=1, max_size=8))
def test_plain_columns_read_as_the_general_parser_reads_them(cells: list[list[str | None]]) -> None:
    rows = [[f"甲{i}科技有限公司", *c] for i, c in enumerate(cells)]
    # One cell with a unit sends every column of the sheet through the general parser.
    general = [*rows, ["乙科技有限公司", "1万元", "1万元", "1万元", "1万元"]]
    fast_figures, fast_errors = validate(rows)
    slow_figures, slow_errors = validate(general)
    assert fast_figures == slow_figures[:-1]
    assert fast_errors == slow_errors


COUNTS = ["从业人员", "研发人员"]
plain_count = st.from_regex(r"\A[0-9]{1,18}\Z")


def counts(rows: list[list[str | None]]) -> tuple[list[tuple[object, ...]], list[tuple[int, str, str]]]:
    return read(COUNTS, rows, [], ["employees", "rd_staff"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(plain_count, st.none()), min_size=2, max_size=2), min_size=1, max_size=8))
def test_plain_count_columns_read_as_the_general_parser_reads_them(cells: list[list[str | None]]) -> None:
    rows = [[f"甲{i}科技有限公司", *c] for i, c in enumerate(cells)]
    # A count with a unit (人) sends the columns through the general parser.
    fast_figures, fast_errors = counts(rows)
    slow_figures, slow_errors = counts([*rows, ["乙科技有限公司", "5人", "5人"]])
    assert fast_figures == slow_figures[:-1]
    assert fast_errors == slow_errors
