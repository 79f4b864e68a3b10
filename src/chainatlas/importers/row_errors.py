"""Row errors: what validation reports (sheet, row, field, the cell as read, reason, severity), how a
column of reasons becomes errors, and the checks that need a whole sheet (repeated credit codes, rows
outside the importing organisation's area)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from chainatlas.domain.regions import code_range
from chainatlas.importers.headers import Column
from chainatlas.importers.readers import ROW


@dataclass(frozen=True)
class RowError:
    sheet: str | None
    row: int
    field: str
    value: str | None
    reason: str
    severity: str = "error"  # error | warning

    def as_dict(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "field": self.field, "value": self.value,
                "reason": self.reason, "severity": self.severity}


def errors_in(typed: pl.DataFrame, reasons: str, raw: str, sheet: str | None, field: str,
              severity: str = "error") -> list[RowError]:
    """An error for each row where the column `reasons` is not null, with the cell as read from `raw`."""
    hits = typed.filter(pl.col(reasons).is_not_null()).select(ROW, raw, reasons)
    return [RowError(sheet, row, field, value, reason, severity) for row, value, reason in hits.iter_rows()]


def find_duplicates(typed: pl.DataFrame, columns: list[Column], sheet: str | None) -> list[RowError]:
    """A credit code (per year, when rows carry a year) may appear once in a sheet.

    Run over a whole sheet after its chunks are validated, so that a repeat far
    down a large file is still caught.
    """
    by_key = {c.key: c for c in columns if not c.is_metric}
    if "uscc" not in by_key:
        return []
    keys = ["uscc", "year"] if "year" in by_key else ["uscc"]
    # The first row of each code is found before filtering, over the whole sheet.
    dupes = (typed.select(ROW, *keys).with_columns(pl.col(ROW).min().over(keys).alias("first"))
             .filter(pl.col("uscc").is_not_null() & (pl.col(ROW) != pl.col("first"))).select(ROW, "uscc", "first"))
    label = by_key["uscc"].header
    return [RowError(sheet, row, label, code, f"与第{first_row}行的统一社会信用代码重复")
            for row, code, first_row in dupes.iter_rows()]


def outside_area(typed: pl.DataFrame, columns: list[Column], sheet: str | None, region: str | None,
                 park: str | None) -> list[RowError]:
    """Rows that lie outside the importing organisation's area (a GB/T 2260 region, and a park if any).

    A district may import only its own enterprises; a row without a region
    cannot be placed in the area and is refused too.
    """
    by_key = {c.key: c for c in columns if not c.is_metric}
    errors: list[RowError] = []
    if region:
        low, high = code_range(region)
        label = by_key["region"].header if "region" in by_key else "所属区县"
        codes = typed.get_column("region_code") if "region_code" in typed.columns else pl.Series(
            [None] * typed.height, dtype=pl.String)
        outside = typed.select(ROW).with_columns(codes.alias("code")).filter(
            pl.col("code").is_null() | (pl.col("code") < low) | (pl.col("code") >= high))
        errors += [RowError(sheet, row, label, code, f"不在本机构辖区（{region}）内，无权导入" if code
                            else f"缺少所属区县：本机构只能导入辖区（{region}）内的企业")
                   for row, code in outside.iter_rows()]
    if park:
        label = by_key["park"].header if "park" in by_key else "园区"
        parks = typed.get_column("park") if "park" in typed.columns else pl.Series(
            [None] * typed.height, dtype=pl.String)
        outside = typed.select(ROW).with_columns(parks.alias("park")).filter(
            pl.col("park").is_null() | (pl.col("park") != park))
        errors += [RowError(sheet, row, label, value, f"不是本园区（{park}）的企业，无权导入")
                   for row, value in outside.iter_rows()]
    return errors
