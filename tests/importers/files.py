"""Small registry files for tests: CSV/XLSX written from rows, valid credit codes, and
the importer's parse → validate pipeline run without a database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from chainatlas import reference
from chainatlas.domain.uscc import ALPHABET, check_character, make_uscc
from chainatlas.importers import reading
from chainatlas.importers.readers import read_workbook
from chainatlas.importers.validate import Context, RowError, find_duplicates, validate_sheet

Row = Sequence[object]
DEFAULT_YEAR = 2024


def uscc(n: int, region: str = "430104") -> str:
    """A valid credit code, different for each n, registered in `region` (digits 3–8)."""
    return make_uscc("9", "1", region, f"MA{n:06d}")


def with_wrong_check_digit(code: str) -> str:
    """The code with position 18 changed to the next character of the alphabet."""
    return code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % len(ALPHABET)]


def with_wrong_org_check(code: str) -> str:
    """The code with a wrong position 17 but a position 18 that fits the new body."""
    wrong17 = "0" if code[16] != "0" else "1"
    first17 = code[:16] + wrong17
    return first17 + check_character(first17)


def _padded(rows: Iterable[Row], width: int) -> list[list[object]]:
    return [[*row, *([""] * (width - len(row)))] for row in rows]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Row], *, encoding: str = "utf-8",
              title: str | None = None, pad: bool = True) -> Path:
    """A CSV file: optional title line, header, rows (padded to the header's width unless `pad=False`)."""
    import csv

    body = _padded(rows, len(header)) if pad else [list(r) for r in rows]
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        if title:
            writer.writerow([title])
        writer.writerow(header)
        writer.writerows(body)
    return path


@dataclass(frozen=True)
class SheetSpec:
    header: Sequence[str]
    rows: Sequence[Row]
    title: str | None = None


def write_xlsx(path: Path, sheets: Mapping[str, SheetSpec]) -> Path:
    """An XLSX workbook with one worksheet per entry, each with optional title row."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, spec in sheets.items():
        sheet = workbook.create_sheet(name)
        if spec.title:
            sheet.append([spec.title])
        sheet.append(list(spec.header))
        for row in spec.rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def context(today: date = date(2026, 1, 1)) -> Context:
    """The importer's validation context with a fixed default year and today."""
    return Context(regions=reference.regions(), normaliser=reference.name_normaliser(),
                   industry_codes=frozenset(c for c in reference.industries() if c.isdigit()),
                   default_year=DEFAULT_YEAR, today=today)


@dataclass
class Checked:
    """What validation says about a file: errors, warnings and the typed frames of every sheet."""

    errors: list[RowError]
    warnings: list[RowError]
    ignored: list[str]
    records: pl.DataFrame
    years: pl.DataFrame
    tags: pl.DataFrame
    reading: dict[str, object]

    @property
    def sheets(self) -> list[dict]:
        return self.reading["sheets"]  # type: ignore[return-value]

    def skipped(self, sheet: int = 0) -> list[tuple[int, str]]:
        """(row, reason) of the rows a sheet's reading skipped."""
        return [(s["row"], s["reason"]) for s in self.sheets[sheet]["skipped_rows"]]

    def columns(self, sheet: int = 0) -> dict[str, tuple[str, int | None, str | None]]:
        """header → (field, year, unit) of a sheet's mapped columns."""
        return {c["header"]: (c["field"], c["year"], c["unit"]) for c in self.sheets[sheet]["columns"]}

    def figure(self, row: int, metric: str, year: int = DEFAULT_YEAR, sheet: str | None = None) -> int | None:
        """A yearly figure of the record at `row` (of `sheet`), None when absent."""
        hit = self.years.filter((pl.col("_row") == row) & (pl.col("year") == year)
                                & pl.col("sheet").eq_missing(pl.lit(sheet, pl.String)))
        return hit.get_column(metric).item() if hit.height else None

    def errors_at(self, row: int, field: str | None = None) -> list[RowError]:
        return [e for e in self.errors if e.row == row and (field is None or e.field == field)]

    def reason(self, row: int, field: str) -> str:
        """The one error reason of a cell (fails when the cell has none or several)."""
        hits = self.errors_at(row, field)
        assert len(hits) == 1, f"expected one error at row {row} {field}, got {self.errors}"
        return hits[0].reason

    def record(self, row: int, sheet: str | None = None) -> dict[str, object]:
        where = (pl.col("_row") == row) & (pl.col("sheet").eq_missing(pl.lit(sheet, pl.String)))
        return self.records.filter(where).row(0, named=True)

    def revenue_fen(self, row: int, year: int = DEFAULT_YEAR) -> int | None:
        hit = self.years.filter((pl.col("_row") == row) & (pl.col("year") == year))
        return hit.get_column("revenue").item() if hit.height else None


def check_file(path: Path, mapping: dict[str, str] | None = None) -> Checked:
    """Read and validate a registry file the way the import service does, without a database."""
    errors: list[RowError] = []
    ignored: list[str] = []
    records, years, tags, described = [], [], [], []
    book = read_workbook(path, mapping)
    ctx = context()
    for sheet in book.sheets:
        columns, skipped = reading.sheet_columns(sheet, mapping)
        described.append(reading.describe_sheet(sheet, columns, skipped, reading.Defaults(ctx.default_year,
                                                                                            ctx.money_unit)))
        checked = validate_sheet(sheet, columns, ctx)
        errors += checked.errors + find_duplicates(checked.records, columns, sheet.name)
        ignored += skipped
        name = pl.lit(sheet.name, pl.String).alias("sheet")
        records.append(checked.records.with_columns(name))
        years.append(checked.years.with_columns(name))
        tags.append(checked.tags)
    return Checked([e for e in errors if e.severity == "error"], [e for e in errors if e.severity == "warning"],
                   ignored, pl.concat(records, how="diagonal_relaxed"), pl.concat(years, how="diagonal_relaxed"),
                   pl.concat(tags), reading.describe(book, described))
