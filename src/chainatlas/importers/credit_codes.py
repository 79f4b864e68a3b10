"""Unified social credit codes (统一社会信用代码) in a column: as written in spreadsheets → 18 characters,
and the rules of `domain.uscc` (length, alphabet, region digits, check characters) a column at a time."""

from __future__ import annotations

import numpy as np
import polars as pl

from chainatlas.domain.uscc import ALPHABET

_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_CHAR_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# A column of codes already in their 18-character form needs none of `uscc_cells`' rewriting.
CLEAN_CODE = r"^[0-9A-Z]{18}$"

_FULL_WIDTH_ALNUM = [chr(c) for c in range(0xFF10, 0xFF1A)] + [chr(c) for c in range(0xFF21, 0xFF3B)] \
    + [chr(c) for c in range(0xFF41, 0xFF5B)]
_HALF_WIDTH_ALNUM = [chr(c - 0xFEE0) for c in map(ord, _FULL_WIDTH_ALNUM)]
# A code as kept in a spreadsheet: with spaces, dashes, a leading apostrophe (text marker), quotes,
# or a trailing .0 (a number once).
_USCC_NOISE = r"[\s\-\u3000－'‘’`\"“”]|\.0+$"


def uscc_cells(src: pl.Expr, clean: bool = False) -> pl.Expr:
    """Credit codes as kept in spreadsheets (spaces, dashes, full-width, lower case) in their 18-character
    form: upper-cased, full-width letters and digits folded, noise taken out; `clean`: every cell of the
    column is already 18 upper-case ASCII letters and digits (`CLEAN_CODE`)."""
    if clean:
        return src
    return src.str.replace_many(_FULL_WIDTH_ALNUM, _HALF_WIDTH_ALNUM).str.to_uppercase().str.replace_all(
        _USCC_NOISE, "")


_VALUE_OF_BYTE = np.zeros(256, dtype=np.int64)
for _ch, _value in _CHAR_VALUE.items():
    _VALUE_OF_BYTE[ord(_ch)] = _value
_ORG_VALUE_OF_BYTE = np.zeros(256, dtype=np.int64)
for _i in range(10):
    _ORG_VALUE_OF_BYTE[ord("0") + _i] = _i
for _i in range(26):
    _ORG_VALUE_OF_BYTE[ord("A") + _i] = 10 + _i
_ORG_WEIGHTS = np.array((3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)


def uscc_problems(codes: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(error, warning) per code, null where none: the rules of `domain.uscc`, a column at a time.

    Length, alphabet and region digits are regex checks; the two check
    characters are computed with numpy over an (n, 18) byte matrix.
    """
    frame = pl.DataFrame({"code": codes})
    length = pl.col("code").str.len_chars()
    shape_error = (
        pl.when(pl.col("code").is_null()).then(None)
        .when(length != 18).then(pl.format("长度应为18位，实际为{}位", length))
        .when(pl.col("code").str.contains(f"[^{ALPHABET}]"))
        .then(pl.format("含有非法字符：{}（代码不使用 I、O、S、V、Z）",
                        pl.col("code").str.replace_all(f"[{ALPHABET}]", "")))
        .when(~pl.col("code").str.slice(2, 6).str.contains(r"^[0-9]{6}$"))
        .then(pl.lit("第3-8位应为行政区划代码（数字）"))
    )
    errors = frame.select(shape_error.alias("e")).to_series()
    warnings = pl.Series([None] * len(errors), dtype=pl.String)
    # Rows are picked by index arrays, not Python loops: a million codes, a handful of problems.
    well_formed = (codes.is_not_null() & errors.is_null()).arg_true().to_numpy()
    if len(well_formed):
        raw = "".join(codes.gather(well_formed).to_list()).encode("ascii")
        matrix = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
        values = _VALUE_OF_BYTE[matrix]
        expected = (31 - (values[:, :17] @ np.array(_USCC_WEIGHTS, dtype=np.int64)) % 31) % 31
        org_r = 11 - (_ORG_VALUE_OF_BYTE[matrix[:, 8:16]] @ _ORG_WEIGHTS) % 11
        org_expected = np.where(org_r == 10, ord("X"), np.where(org_r == 11, ord("0"), ord("0") + org_r))
        wrong = np.nonzero(expected != values[:, 17])[0]
        errors = errors.scatter(well_formed[wrong], pl.Series(
            [f"校验码错误：第18位应为 {ALPHABET[expected[k]]}，实际为 {chr(matrix[k, 17])}" for k in wrong],
            dtype=pl.String))
        # A wrong organisation check character is only a warning, and only where the code has no error.
        odd = np.setdiff1d(np.nonzero(org_expected != matrix[:, 16])[0], wrong, assume_unique=True)
        warnings = warnings.scatter(well_formed[odd], pl.Series(
            [f"组织机构代码校验位（第17位）应为 {chr(org_expected[k])}，实际为 {chr(matrix[k, 16])}" for k in odd],
            dtype=pl.String))
    return errors, warnings
