"""统一社会信用代码 (GB 32100-2015) checks.

A wrong position 18 (the code's own check character) is an error; a wrong
position 17 (the embedded GB 11714 organisation-code check) is only a warning,
because codes issued before the standard do not always satisfy it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_REGISTRARS = set("159Y")


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=False))
    return ALPHABET[(31 - total % 31) % 31]


def org_check_character(org8: str) -> str:
    """The GB 11714 check character for the 8-character organisation body."""
    r = 11 - sum(_org_value(ch) * w for ch, w in zip(org8, _ORG_WEIGHTS, strict=False)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


@dataclass(frozen=True)
class UsccCheck:
    code: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def region_code(self) -> str | None:
        return self.code[2:8] if self.valid else None


def normalise_uscc(raw: str) -> str:
    """Upper-case and strip the spaces and dashes people type into codes."""
    return raw.strip().upper().replace(" ", "").replace("-", "").replace("\u3000", "")


def check_uscc(raw: str) -> UsccCheck:
    """Validate a 统一社会信用代码, reporting every problem found, in Chinese."""
    code = normalise_uscc(raw)
    errors: list[str] = []
    warnings: list[str] = []
    if len(code) != 18:
        errors.append(f"长度应为18位，实际为{len(code)}位")
        return UsccCheck(code, errors, warnings)
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        errors.append("含有非法字符：" + "".join(bad) + "（代码不使用 I、O、S、V、Z）")
        return UsccCheck(code, errors, warnings)
    if not code[2:8].isdigit():
        errors.append(f"第3-8位应为行政区划代码（数字），实际为 {code[2:8]}")
    expected = check_character(code[:17])
    if code[17] != expected:
        errors.append(f"校验码错误：第18位应为 {expected}，实际为 {code[17]}")
    if code[0] not in _REGISTRARS:
        warnings.append(f"登记管理部门代码 {code[0]} 不在常见范围（1/5/9/Y）")
    org_body = code[8:16]
    if all(ch.isdigit() or "A" <= ch <= "Z" for ch in org_body):
        org_expected = org_check_character(org_body)
        if code[16] != org_expected:
            warnings.append(f"组织机构代码校验位（第17位）应为 {org_expected}，实际为 {code[16]}")
    return UsccCheck(code, errors, warnings)


def make_uscc(registrar: str, entity_type: str, region_code: str, org8: str) -> str:
    """Build a valid code from its parts (used by the synthetic-data generator)."""
    first17 = registrar + entity_type + region_code + org8 + org_check_character(org8)
    return first17 + check_character(first17)
