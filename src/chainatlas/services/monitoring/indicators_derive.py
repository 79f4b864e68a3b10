"""The period value and the year-to-date value of each indicator, each derived from the other where possible.

For a row of month m covering k months (1, or 3 for a quarter), the previous year-to-date is that of month
m − k (from the same file, else from the database), or 0 when m − k falls in the previous year:
- year-to-date missing: ytd = previous ytd + the period's value;
- the period's value missing: period = ytd − previous ytd;
- both given: they must agree within rounding (0.01 万元, 0.01 万千瓦时), else a conflict of the row.
Months are taken in order, so a year-to-date derived for May feeds June.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from chainatlas.domain.monitoring import INDICATORS

CUMULATIVE = tuple(i.key for i in INDICATORS if i.cumulative)
# Rounding allowed between the two values: 0.01 万元 (10,000 fen) for money, 0.01 万千瓦时 (100 kWh) for electricity.
TOLERANCE = {k: 100 if k == "electricity" else 10_000 for k in CUMULATIVE}


@dataclass(frozen=True)
class Conflict:
    row: int
    sheet: int
    key: str
    period: int
    ytd: int
    previous: int


def previous_month(month: pl.Expr, months: pl.Expr) -> pl.Expr:
    """The month whose year-to-date precedes the period (null when the period starts the year)."""
    index = month.dt.year().cast(pl.Int64) * 12 + month.dt.month().cast(pl.Int64) - 1 - months.cast(pl.Int64)
    return pl.when(month.dt.month().cast(pl.Int64) > months).then(
        pl.date(index // 12, index % 12 + 1, 1))


def derive(rows: pl.DataFrame, keys: list[str], stored: pl.DataFrame) -> tuple[pl.DataFrame, list[Conflict]]:
    """`rows` (keys, month, months, _row, _sheet, `<k>`, `<k>_ytd`) with both values filled where they can
    be; `stored`: (keys, month, `<k>_ytd`) from the database for the months the rows may need."""
    ytd = [f"{k}_ytd" for k in CUMULATIVE]
    known: dict[object, pl.DataFrame] = {m: part.select(*keys, *ytd)
                                         for (m,), part in stored.partition_by("month", as_dict=True).items()}
    rows = rows.with_columns(previous_month(pl.col("month"), pl.col("months")).alias("__prev"))
    parts: list[pl.DataFrame] = []
    conflicts: list[Conflict] = []
    for (month,), part in sorted(rows.partition_by("month", as_dict=True).items(), key=lambda item: item[0]):
        wanted = [m for m in part.get_column("__prev").drop_nulls().unique().to_list() if m in known]
        if wanted:
            lookup = pl.concat([known[m].with_columns(pl.lit(m).alias("__prev")) for m in wanted], how="vertical_relaxed")
            lookup = lookup.rename({c: f"__p_{c}" for c in ytd})
            part = part.join(lookup, on=[*keys, "__prev"], how="left", maintain_order="left")
        else:
            part = part.with_columns(pl.lit(None, pl.Int64).alias(f"__p_{c}") for c in ytd)
        derived = []
        for k in CUMULATIVE:
            single, total = pl.col(k), pl.col(f"{k}_ytd")
            prev = pl.when(pl.col("__prev").is_null()).then(pl.lit(0, pl.Int64)).otherwise(pl.col(f"__p_{k}_ytd"))
            derived += [pl.coalesce(single, total - prev).alias(k), pl.coalesce(total, single + prev).alias(f"{k}_ytd"),
                        (single.is_not_null() & total.is_not_null() & prev.is_not_null()
                         & ((single - (total - prev)).abs() > TOLERANCE[k])).alias(f"__c_{k}"),
                        prev.alias(f"__prev_{k}")]
        part = part.with_columns(derived)
        for k in CUMULATIVE:
            bad = part.filter(pl.col(f"__c_{k}")).select("_row", "_sheet", k, f"{k}_ytd", f"__prev_{k}")
            conflicts += [Conflict(row, sheet, k, single, total, prev) for row, sheet, single, total, prev in bad.iter_rows()]
        mine = part.select(*keys, *ytd)
        if month in known:  # the file's figures win over the stored ones
            mine = pl.concat([mine, known[month].join(mine.select(keys), on=keys, how="anti")], how="vertical_relaxed")
        known[month] = mine
        parts.append(part.drop([c for c in part.columns if c.startswith("__")]))
    return pl.concat(parts, how="vertical_relaxed") if parts else rows.drop("__prev"), conflicts
