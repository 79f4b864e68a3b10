"""Enterprise-name normalisation: one key for the spellings of one enterprise.

`湖南星城科技有限公司`, `星城科技（湖南）有限公司`, `星城科技股份有限公司` and
`星城科技` all give the key `星城科技`. What the key drops is kept aside so that
two names can still be told apart: the regions written in the name (长沙 and
株洲 are different registrations) and, for a branch (分公司, 办事处 …), the
branch's own part, which stays in the key after a `/`
(`星城科技有限公司长沙分公司` → `星城科技/长沙分公司`), so that a branch never
shares its parent's key. `集团` stays in the key: a group and its operating
company are different enterprises.

The same patterns are applied row by row here and column-wise by the importer
(Rust regex in polars), so both paths produce identical keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# After NFKC (full-width letters, digits and brackets become ASCII), the brackets
# NFKC keeps and the separators people type inside names.
WIDTH_MAP = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "〖": "(", "〗": ")",
                           " ": "", "\t": "", "\u3000": "", "·": "", "•": "", "‧": ""})
BRACKETED = r"\([^()]*\)"
# Words written in brackets that are part of the name, not a region: 中国XX（集团）有限公司.
KEPT_IN_BRACKETS = ("集团", "控股")
LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "总公司", "公司", "(普通合伙)", "(有限合伙)",
    "(特殊普通合伙)", "合伙企业", "个人独资企业",
)
LEGAL_FORM_SUFFIX = "(?:" + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True)) + ")$"
# A securities short name (中伟股份) names the 股份有限公司 it abbreviates.
SHARE_SUFFIX = "股份$"
# The end of the parent's name inside a branch's name (XX有限公司|长沙分公司).
PARENT_END = "(?:公司|集团|厂|银行|\\))"
# Words that make a name a branch's wherever they stand at its end …
BRANCH_WORDS = ("分公司", "分厂", "分店", "分行", "支行", "分部", "分所", "分院", "分中心")
# … and words that do so only after a parent's name (a lone 五金经营部 is an enterprise of its own).
BRANCH_WORDS_AFTER_PARENT = ("办事处", "营业部", "代表处", "经营部", "门市部")
BRANCH_SEPARATOR = "/"
_ORDINAL = "(?:第?[一二三四五六七八九十百0-9]+)?"
_ADMIN_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                   "自治县", "省", "市", "地区", "盟", "区", "县", "旗")
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
GROUP_WORD = "集团"
REGION_TEXT_SEPARATOR = "|"
MIN_KEY_CHARS = 2


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def region_name_forms(names: Iterable[str]) -> list[str]:
    """Full and short forms of region names, longest first (湖南省 → 湖南省, 湖南)."""
    forms: set[str] = set()
    for name in names:
        if name in _PLACEHOLDERS:
            continue
        forms.add(name)
        for suffix in _ADMIN_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                forms.add(name[: -len(suffix)])
                break
    return sorted(forms, key=len, reverse=True)


@dataclass(frozen=True)
class ParsedName:
    key: str  # what the import matches on; a branch's key ends with /<branch part>
    parent_key: str | None  # a branch's parent's key; None when the name is not a branch's
    regions: tuple[frozenset[str], ...]  # for each region written in the name, the codes it may mean
    formal: bool = True  # written with a legal form (有限公司 …): a registered name, not a short one

    @property
    def is_branch(self) -> bool:
        return self.parent_key is not None


def regions_nest(a: str, b: str) -> bool:
    """Whether one six-digit code lies inside the other (湖南 430000 ⊃ 长沙 430100)."""
    stem_a, stem_b = _stem(a), _stem(b)
    return stem_a.startswith(stem_b) or stem_b.startswith(stem_a)


def _stem(code: str) -> str:
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


class NameNormaliser:
    """Builds name keys; constructed once with the GB/T 2260 regions (code, name, level)."""

    def __init__(self, regions: Iterable[tuple[str, str, str]]):
        codes: dict[str, set[str]] = defaultdict(set)
        for code, name, level in regions:
            # Counties only in full (岳麓区): short county names (东城, 长城) too often start a brand.
            forms = [name] if level == "county" else region_name_forms([name])
            for form in forms:
                if len(form) >= 2 and name not in _PLACEHOLDERS:
                    codes[form].add(code)
        self._codes = {form: frozenset(found) for form, found in codes.items()}
        region = _alternation(self._codes)
        self.region_prefix = f"^(?:{region})+"
        self.region_prefix_capture = f"^((?:{region})+)"
        self.region_token = region
        # group 1: the parent's name; group 2: the branch's own part.
        self.branch_after_parent = (f"^(.+{PARENT_END})(.*(?:{'|'.join(BRANCH_WORDS + BRANCH_WORDS_AFTER_PARENT)}))$")
        self.branch_alone = f"^(.+?)((?:{region})*{_ORDINAL}(?:{'|'.join(BRANCH_WORDS)}))$"
        self._prefix = re.compile(self.region_prefix)
        self._token = re.compile(region)
        self._after_parent = re.compile(self.branch_after_parent)
        self._alone = re.compile(self.branch_alone)
        self._bracketed = re.compile(BRACKETED)
        self._legal = re.compile(LEGAL_FORM_SUFFIX)
        self._share = re.compile(SHARE_SUFFIX)

    @staticmethod
    def clean(name: str) -> str:
        """Widths, brackets and separators unified; the text every other step reads."""
        text = unicodedata.normalize("NFKC", name).translate(WIDTH_MAP)
        for word in KEPT_IN_BRACKETS:
            text = text.replace(f"({word})", word)
        return text

    def split_branch(self, text: str) -> tuple[str, str | None]:
        """(parent's name, branch part) of a cleaned name; (name, None) when it is no branch's."""
        if not text.endswith(BRANCH_WORDS + BRANCH_WORDS_AFTER_PARENT):
            return text, None
        found = self._after_parent.match(text) or self._alone.match(text)
        if found is None:
            return text, None
        return found.group(1), found.group(2)

    def _stripped(self, text: str) -> tuple[str, str]:
        """(key, region prefix) of a cleaned name that is not a branch's."""
        text = self._legal.sub("", text)
        text = self._bracketed.sub("", text)
        text = self._share.sub("", self._legal.sub("", text))
        prefix = self._prefix.match(text)
        stripped = text[prefix.end():] if prefix else text
        # A name that is (almost) nothing but a region keeps itself as the key.
        if len(stripped) >= MIN_KEY_CHARS:
            return stripped, prefix.group() if prefix else ""
        return text, ""

    def key(self, name: str) -> str:
        return self.parse(name).key

    def parse(self, name: str) -> ParsedName:
        parent, branch = self.split_branch(self.clean(name))
        key, prefix = self._stripped(parent)
        regions = self.regions_in(self.region_text(prefix, parent))
        formal = bool(self._legal.search(parent) or self._legal.search(self._bracketed.sub("", parent)))
        if branch is None:
            return ParsedName(key, None, regions, formal)
        return ParsedName(f"{key}{BRANCH_SEPARATOR}{branch}", key, regions, formal)

    def region_text(self, prefix: str, parent: str) -> str:
        """The region prefix and the bracketed words of a name, as one text (the importer builds it column-wise)."""
        return prefix + "".join(REGION_TEXT_SEPARATOR + m[1:-1] for m in self._bracketed.findall(parent))

    def regions_in(self, region_text: str) -> tuple[frozenset[str], ...]:
        """The codes each region of a name may mean: those of its prefix, then of its brackets."""
        prefix, *bracketed = region_text.split(REGION_TEXT_SEPARATOR)
        mentions = [self._codes[t] for t in self._token.findall(prefix) if t in self._codes]
        mentions += [self._codes[b] for b in bracketed if b in self._codes]
        return tuple(mentions)

    @staticmethod
    def regions_agree(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
        """Whether every region of one name may lie in or around every region of the other.

        A name without a region agrees with any; 长沙 and 湖南 agree; 长沙 and 株洲 do not.
        """
        return all(any(regions_nest(x, y) for x in xs for y in ys) for xs in a for ys in b)


def legal_form(name: str) -> str | None:
    """The legal form a name ends with (股份有限公司, 有限公司 …), or None: what a name match may change unseen."""
    found = re.search(LEGAL_FORM_SUFFIX, NameNormaliser.clean(name))
    return found.group(0) if found else None
