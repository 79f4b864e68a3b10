"""统一社会信用代码 checks with the published examples of the rules digest (docs/rules.md §1)."""

from __future__ import annotations

import pytest

from chainatlas.domain.uscc import ALPHABET, check_character, check_uscc, org_check_character

PUBLISHED_PASS = ["914403001922038216", "91440300192317458F", "91330000712560575G", "91110000101623741K"]
PUBLISHED_FAIL = "914403001922038217"


@pytest.mark.parametrize("code", PUBLISHED_PASS)
def test_published_examples_pass(code: str) -> None:
    result = check_uscc(code)
    assert result.valid and result.errors == [] and result.warnings == []
    assert result.region_code == code[2:8]


def test_published_failure_names_the_expected_check_character() -> None:
    result = check_uscc(PUBLISHED_FAIL)
    assert not result.valid
    assert result.errors == ["校验码错误：第18位应为 6，实际为 7"]
    assert result.region_code is None


@pytest.mark.parametrize("code", ["91440300192203821", "9144030019220382166", ""])
def test_wrong_length_is_an_error(code: str) -> None:
    result = check_uscc(code)
    assert not result.valid
    assert result.errors == [f"长度应为18位，实际为{len(code)}位"]


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "*"])
def test_illegal_character_is_an_error(bad: str) -> None:
    code = "9144030019220382" + bad + "6"
    result = check_uscc(code)
    assert not result.valid
    assert "含有非法字符" in result.errors[0] and bad in result.errors[0]


def test_wrong_position_17_is_only_a_warning() -> None:
    good = PUBLISHED_PASS[0]
    wrong17 = next(ch for ch in "0123456789" if ch != good[16])
    first17 = good[:16] + wrong17
    code = first17 + check_character(first17)  # position 18 stays right for the new body
    result = check_uscc(code)
    assert result.valid
    assert result.errors == []
    assert result.warnings == [f"组织机构代码校验位（第17位）应为 {good[16]}，实际为 {wrong17}"]


def test_spaces_dashes_and_lower_case_are_normalised() -> None:
    assert check_uscc(" 9133-0000-7125-6057 5g ").valid


def test_check_character_matches_every_published_code() -> None:
    for code in PUBLISHED_PASS:
        assert check_character(code[:17]) == code[17]
        assert org_check_character(code[8:16]) == code[16]
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)
