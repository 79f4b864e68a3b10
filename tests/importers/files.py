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
from chainatlas.importers.headers import map_columns
from chainatlas.importers.readers import read_table
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
    records, years, tags = [], [], []
    for sheet in read_table(path, mapping):
        columns, skipped = map_columns(sheet.headers, mapping)
        checked = validate_sheet(sheet, columns, context())
        errors += checked.errors + find_duplicates(checked.records, columns, sheet.name)
        ignored += skipped
        records.append(checked.records.with_columns(pl.lit(sheet.name, pl.String).alias("sheet")))
        years.append(checked.years)
        tags.append(checked.tags)
    return Checked([e for e in errors if e.severity == "error"], [e for e in errors if e.severity == "warning"],
                   ignored, pl.concat(records, how="diagonal_relaxed"), pl.concat(years), pl.concat(tags))
