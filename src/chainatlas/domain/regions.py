"""GB/T 2260 administrative divisions: names people write → six-digit codes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from chainatlas.domain.names import region_name_forms

_PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    parent: str


def code_range(code: str) -> tuple[str, str]:
    """The [low, high) range of six-digit codes inside a province, city or county code."""
    if code.endswith("0000"):
        prefix = code[:2]
    elif code.endswith("00"):
        prefix = code[:4]
    else:
        return code, str(int(code) + 1).zfill(6)
    return prefix.ljust(6, "0"), str(int(prefix) + 1).ljust(6, "0")


class RegionIndex:
    """Resolves region names (湖南省长沙市岳麓区, 长沙市岳麓区, 岳麓区) and codes."""

    def __init__(self, regions: Iterable[Region]):
        self.by_code: dict[str, Region] = {r.code: r for r in regions}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        for region in self.by_code.values():
            for path in self._spellings(region):
                self._by_name[path].add(region.code)

    def _lineage(self, region: Region) -> list[Region]:
        chain = [region]
        # Some county rows share their city's code; stop at any repeat.
        while chain[-1].parent in self.by_code and self.by_code[chain[-1].parent] not in chain:
            chain.append(self.by_code[chain[-1].parent])
        return list(reversed(chain))

    def _spellings(self, region: Region) -> set[str]:
        """Every way of writing the region: with or without its parents and suffixes."""
        lineage = [r for r in self._lineage(region) if r.name not in _PLACEHOLDER_CITIES]
        per_level = [region_name_forms([r.name]) for r in lineage]
        spellings: set[str] = set()
        # The region itself, preceded by any of its ancestors in order (县; 市+县; 省+县; 省+市+县),
        # each level written in full or short form.
        *ancestors, own = per_level
        for k in range(len(ancestors) + 1):
            for chosen in combinations(ancestors, k):
                partial = [""]
                for forms in (*chosen, own):
                    partial = [p + f for p in partial for f in forms]
                spellings.update(partial)
        return spellings

    def name_of(self, code: str) -> str:
        region = self.by_code.get(code)
        if region is None:
            return code
        return "".join(r.name for r in self._lineage(region) if r.name not in _PLACEHOLDER_CITIES)

    def resolve(self, text: str, hint: str | None = None) -> tuple[str | None, str | None]:
        """(code, None) when the text names one region; (None, reason) otherwise.

        `hint` is a code the region should lie in (e.g. from the credit code's
        digits 3–8) used only to choose between regions of the same name.
        """
        value = text.strip().replace(" ", "").replace("\u3000", "")
        if value.isdigit():
            if len(value) == 6 and value in self.by_code:
                return value, None
            return None, f"行政区划代码 {value} 不存在（GB/T 2260）"
        codes = self._by_name.get(value)
        if not codes:
            return None, f"无法识别的行政区划：{value}"
        if len(codes) == 1:
            return next(iter(codes)), None
        if hint:
            for width in (6, 4, 2):
                inside = [c for c in codes if c[:width] == hint[:width]]
                if len(inside) == 1:
                    return inside[0], None
        names = "、".join(sorted(self.name_of(c) for c in codes)[:4])
        return None, f"行政区划名称“{value}”不唯一（{names}），请写明省市或填写6位代码"

    def within(self, code: str, area: str) -> bool:
        low, high = code_range(area)
        return low <= code < high
