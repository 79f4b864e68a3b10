"""The column-wise credit-code check (polars) gives the same answers as domain.uscc, row by row."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from chainatlas.domain.uscc import ALPHABET, check_character, check_uscc, make_uscc
from chainatlas.importers.headers import map_columns
from chainatlas.importers.readers import Sheet
from chainatlas.importers.validate import validate_sheet
from importers.files import context, with_wrong_org_check

NAME, CODE = "企业名称", "统一社会信用代码"

digits = st.text(alphabet="0123456789", min_size=6, max_size=6)


def chars(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=ALPHABET, min_size=n, max_size=n)


def with_check_character(head: str, region: str, rest: str) -> str:
    first17 = head + region + rest
    return first17 + check_character(first17)


# Random strings almost always fail; the other strategies draw valid codes and codes whose
# position 18 is right but whose position 17 may be wrong, so every branch is exercised.
random_codes = chars(18)
odd_codes = st.text(alphabet=ALPHABET + "IOSVZ", min_size=16, max_size=19)
valid_codes = st.builds(make_uscc, st.sampled_from("159Y"), st.sampled_from("123"), digits, chars(8))
right_position_18 = st.builds(with_check_character, chars(2), digits, chars(9))
codes = st.one_of(random_codes, odd_codes, valid_codes, right_position_18)


def column_check(batch: list[str]) -> dict[int, tuple[list[str], list[str]]]:
    """Row → (errors, warnings) of the code column, from validate_sheet over one frame."""
    frame = pl.DataFrame({NAME: [f"企业{i}" for i in range(len(batch))], CODE: batch})
    columns, _ = map_columns([NAME, CODE])
    checked = validate_sheet(Sheet(None, [NAME, CODE], frame, 2), columns, context())
    out: dict[int, tuple[list[str], list[str]]] = {row: ([], []) for row in range(2, 2 + len(batch))}
    for e in checked.errors:
        if e.field == CODE:
            out[e.row][0 if e.severity == "error" else 1].append(e.reason)
    return out


def assert_agrees(code: str, errors: list[str], warnings: list[str]) -> None:
    domain = check_uscc(code)
    assert bool(errors) == (not domain.valid), (code, errors, domain.errors)
    if domain.valid:
        assert warnings == [w for w in domain.warnings if "第17位" in w], code
    elif len(code) == 18 and set(code) <= set(ALPHABET) and code[2:8].isdigit():
        assert errors == domain.errors, code  # the check-digit message is word for word the same


@settings(max_examples=80, deadline=None)
@given(st.lists(codes, min_size=1, max_size=40))
def test_columnwise_check_agrees_with_the_domain_check(batch: list[str]) -> None:
    results = column_check(batch)
    for row, code in enumerate(batch, start=2):
        assert_agrees(code, *results[row])


def test_both_checks_accept_valid_codes_and_only_warn_on_position_17() -> None:
    valid = make_uscc("9", "1", "430104", "MA4L0001")
    batch = [valid, with_wrong_org_check(valid), valid[:17] + ("0" if valid[17] != "0" else "1")]
    results = column_check(batch)
    assert results[2] == ([], [])
    assert results[3][0] == [] and len(results[3][1]) == 1
    assert len(results[4][0]) == 1
    for row, code in enumerate(batch, start=2):
        assert_agrees(code, *results[row])
