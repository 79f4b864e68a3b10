"""GB/T 4754-2017 industry codes and the rule rows they fall under.

A code may be given at any level: 门类 letter (C), 2-digit 大类 (39), 3-digit
中类 or 4-digit 小类. Rule tables name the codes each row covers as prefixes
(a letter or leading digits); ``match_sector`` finds the row that contains a
code, or reports that the code is too coarse because rows lie inside it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from chainatlas.domain.errors import InvalidInput

# 门类 → first and last 2-digit 大类 (GB/T 4754-2017, 2019 amendment: 97 大类).
_SECTION_DIVISIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50),
    "F": (51, 52), "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69),
    "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79), "O": (80, 82),
    "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}
_SECTION_OF_DIVISION = {
    f"{d:02d}": letter for letter, (low, high) in _SECTION_DIVISIONS.items() for d in range(low, high + 1)
}


def parse_industry_code(raw: object, known: Collection[str] | None = None) -> str:
    """Normalise and check a GB/T 4754-2017 code; raise InvalidInput when it cannot exist.

    Without ``known`` the check is structural (letter A–T, or 2–4 digits whose
    大类 exists); with ``known`` (the full code list) a digit code must be in it.
    """
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput(f"行业代码应为 GB/T 4754-2017 代码（如 C、39、391、3911），实际为 {raw!r}")
    code = raw.strip().upper()
    if len(code) == 1 and code in _SECTION_DIVISIONS:
        return code
    if len(code) == 1 and code.isalpha():
        raise InvalidInput(f"行业门类 {code} 不存在：GB/T 4754-2017 的门类为 A–T")
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise InvalidInput(f"行业代码 {code} 格式错误：应为门类字母 A–T 或 2–4 位数字")
    if code[:2] not in _SECTION_OF_DIVISION:
        raise InvalidInput(f"行业代码 {code} 不存在：GB/T 4754-2017 的大类为 01–97")
    if known is not None and code not in known:
        raise InvalidInput(f"行业代码 {code} 不在 GB/T 4754-2017 行业分类中")
    return code


def section_of(code: str) -> str:
    """The 门类 letter of a parsed code."""
    return code if code.isalpha() else _SECTION_OF_DIVISION[code[:2]]


def _within(code: str, prefix: str) -> bool:
    """Whether every industry under ``code`` lies under ``prefix``."""
    if prefix.isalpha():
        return section_of(code) == prefix
    return code.isdigit() and code.startswith(prefix)


@dataclass(frozen=True)
class SectorMatch:
    """The rule row a code falls in; ``narrower`` lists rows inside a too-coarse code."""

    sector: str | None
    narrower: tuple[str, ...] = ()
    digits_needed: int = 0  # the code length that tells the narrower rows apart

    @property
    def ambiguous(self) -> bool:
        return bool(self.narrower)


def match_sector(code: str, rows: Iterable[tuple[str, tuple[str, ...]]]) -> SectorMatch:
    """Find the row (name, covered prefixes) containing ``code``.

    When no row contains it but some rows lie inside it (e.g. F holds both
    批发业 51 and 零售业 52), the code is too coarse: ``narrower`` names them.
    When neither, ``sector`` is None and the caller applies its fallback.
    """
    rows = list(rows)
    for name, prefixes in rows:
        if any(_within(code, p) for p in prefixes):
            return SectorMatch(name)
    inside = [(name, p) for name, prefixes in rows for p in prefixes if _within(p, code)]
    names = tuple(dict.fromkeys(name for name, _ in inside))
    return SectorMatch(None, names, min((len(p) for _, p in inside), default=0))


def ambiguity_reason(code: str, match: SectorMatch) -> str:
    """The Chinese reason given when a code is too coarse for a rule table."""
    wanted = "2位大类代码" if match.digits_needed == 2 else f"{match.digits_needed}位及以上的代码"
    return (f"行业代码 {code} 涵盖多个适用不同标准的行业（{'、'.join(match.narrower)}），"
            f"请提供{wanted}")
