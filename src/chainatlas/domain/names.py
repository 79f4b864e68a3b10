"""Enterprise-name normalisation: one key for the spellings of one enterprise.

`湖南星城科技有限公司`, `星城科技（湖南）有限公司`, `星城科技股份有限公司` and
`星城科技` all give the key `星城科技`. The same patterns are applied row by
row here and column-wise by the importer (Rust regex in polars), so both paths
produce identical keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Full-width forms people type in names, mapped to what the key keeps.
WIDTH_MAP = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")",
                           "　": "", " ": "", "\t": "", "·": "", "•": ""})
BRACKETED = r"\([^()]*\)"
LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司",
    "股份公司", "集团公司", "总公司", "公司", "(普通合伙)", "(有限合伙)", "合伙企业",
    "个人独资企业",
)
LEGAL_FORM_SUFFIX = "(?:" + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True)) + ")$"
_ADMIN_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                   "自治县", "省", "市", "地区", "盟", "区", "县", "旗")


def region_name_forms(names: Iterable[str]) -> list[str]:
    """Full and short forms of region names, longest first (湖南省 → 湖南省, 湖南)."""
    forms: set[str] = set()
    for name in names:
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        forms.add(name)
        for suffix in _ADMIN_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                forms.add(name[: -len(suffix)])
                break
    return sorted(forms, key=len, reverse=True)


def region_prefix_pattern(short_too: Iterable[str], full_only: Iterable[str] = ()) -> str:
    """A regex matching one or more region names at the start of a name.

    Provinces and cities are stripped in full or short form (湖南省, 湖南);
    counties only in full (岳麓区), since short county names (东城, 长城)
    are too often the start of a brand.
    """
    forms = set(region_name_forms(short_too)) | {n for n in full_only if len(n) >= 2}
    alternation = "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True))
    return f"^(?:{alternation})+"


MIN_KEY_CHARS = 2


class NameNormaliser:
    """Builds name keys; constructed once with the region names to strip."""

    def __init__(self, short_too: Iterable[str], full_only: Iterable[str] = ()):
        self.region_prefix = region_prefix_pattern(short_too, full_only)
        self._bracketed = re.compile(BRACKETED)
        self._legal = re.compile(LEGAL_FORM_SUFFIX)
        self._prefix = re.compile(self.region_prefix)

    def key(self, name: str) -> str:
        text = name.translate(WIDTH_MAP)
        text = self._legal.sub("", text)
        text = self._bracketed.sub("", text)
        text = self._legal.sub("", text)
        stripped = self._prefix.sub("", text)
        # A name that is (almost) nothing but a region keeps itself as the key.
        return stripped if len(stripped) >= MIN_KEY_CHARS else text
