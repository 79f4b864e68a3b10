"""Whether two enterprise names name one enterprise, a branch and its parent, or two enterprises.

A registered name is 行政区划 + 字号 + 行业 + 组织形式, and one enterprise has one
registered name. Two spellings therefore name one enterprise only when they
differ in what a spelling may leave out or vary: the region (in front, in
brackets, or a region inside the other's), the legal form (有限公司, 股份有限公司,
有限责任公司), widths and spaces — or when one is the other's short name, the
字号 with trailing trade words left out (宁德时代 for 宁德时代新能源科技), written
without a legal form (a name with 有限公司 is a registered name, not a short one). Any other
difference — another 字号 (星城/星辰), another trade word (石墨科技/石墨材料), 集团
on one side only, another region — names another enterprise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from chainatlas.domain.names import BRANCH_SEPARATOR, GROUP_WORD, NameNormaliser, ParsedName

# Trade words a short name leaves out after the 字号. Words that make a different
# enterprise of the same 字号 (集团, 控股, 投资) are deliberately absent.
TRADE_WORDS = (
    "科技", "技术", "高科", "高新", "新材料", "材料", "新能源", "能源", "电池", "锂电", "锂业", "储能", "动力",
    "电子", "电气", "电器", "电力", "电工", "电机", "光电", "光伏", "半导体", "微电子", "信息", "网络", "软件",
    "数字", "数据", "智能", "智造", "智慧", "自动化", "机械", "机电", "设备", "装备", "重工", "重科", "工程",
    "机器人", "精密", "仪器", "仪表", "汽车", "汽配", "车辆", "实业", "工业", "产业", "制造", "发展", "化工",
    "化学", "生物", "医药", "药业", "制药", "医疗", "器械", "健康", "环保", "环境", "节能", "建设", "建材",
    "建筑", "矿业", "冶金", "冶炼", "有色", "金属", "钢铁", "石墨", "碳素", "炭素", "陶瓷", "玻璃", "塑料",
    "橡胶", "纺织", "服饰", "食品", "农业", "物流", "供应链", "贸易", "商贸", "国际", "通信", "通讯", "传媒",
    "文化", "咨询", "服务", "管理", "新型", "复合", "功能", "特种", "精细", "应用", "研究", "开发", "研发",
)
_TRADE_TAIL = re.compile("^(?:" + "|".join(sorted(TRADE_WORDS, key=len, reverse=True)) + ")+$")
SHORT_NAME_SCORE = 0.9  # one name is the other's short name: likely, not certain
OTHER_NAME_WEIGHT = 0.8  # names that differ otherwise stay below any sensible duplicate threshold

SAME = "same"
BRANCH = "branch"
DIFFERENT = "different"
RELATION_LABELS = {SAME: "疑似重复", BRANCH: "分支机构", DIFFERENT: "名称相近"}


@dataclass(frozen=True)
class Verdict:
    relation: str  # same | branch | different
    score: float
    reasons: tuple[str, ...]


def is_trade_tail(text: str) -> bool:
    return bool(_TRADE_TAIL.match(text))


def short_name_of(short: str, long: str) -> bool:
    """Whether key `short` is key `long` with trailing trade words left out (裕能 / 裕能新能源电池材料)."""
    if len(short) < 2 or not long.startswith(short) or len(long) == len(short):
        return False
    if BRANCH_SEPARATOR in short or BRANCH_SEPARATOR in long or is_trade_tail(short):
        return False
    # 集团 on one side only: a group and its member; on both, compare what stands before it.
    if (GROUP_WORD in short) != (GROUP_WORD in long):
        return False
    return is_trade_tail(long[len(short):])


def keys_may_match(a: str, b: str) -> bool:
    """Key-level test for candidate pairs: equal, short name, or branch and parent (no regions read)."""
    short, long = sorted((a, b), key=len)
    if short == long:
        return True
    if long.startswith(short + BRANCH_SEPARATOR):
        return True
    if GROUP_WORD in short and GROUP_WORD in long:
        return short_name_of(short.replace(GROUP_WORD, ""), long.replace(GROUP_WORD, ""))
    return short_name_of(short, long)


def _same_enterprise(a: str, b: str, a_formal: bool, b_formal: bool) -> tuple[float, str] | None:
    if a == b:
        return 1.0, f"名称归一后相同（“{a}”）"
    # A name written with its legal form is a registered name, never another's short name.
    short_formal = a_formal if len(a) < len(b) else b_formal
    if not short_formal and keys_may_match(a, b) and BRANCH_SEPARATOR not in a + b:
        short, long = sorted((a, b), key=len)
        return SHORT_NAME_SCORE, f"“{short}”是“{long}”的简称"
    return None


def compare_parsed(a: ParsedName, b: ParsedName) -> Verdict:
    """The relation of two parsed names (see the module's rules)."""
    similarity = fuzz.ratio(a.key, b.key) / 100
    different = Verdict(DIFFERENT, round(similarity * OTHER_NAME_WEIGHT, 3),
                        (f"名称不同（“{a.key}”与“{b.key}”相似度 {similarity:.2f}），应为不同企业",))
    if not NameNormaliser.regions_agree(a.regions, b.regions):
        return Verdict(DIFFERENT, different.score, ("名称中的行政区划不同，应为不同企业",))
    if a.is_branch and b.is_branch:
        if a.key == b.key:
            return Verdict(SAME, 1.0, (f"同一分支机构（“{a.key}”）",))
        if a.parent_key == b.parent_key:
            return Verdict(DIFFERENT, different.score, ("同一企业的不同分支机构",))
        return different
    if a.is_branch or b.is_branch:
        branch, other = (a, b) if a.is_branch else (b, a)
        assert branch.parent_key is not None
        found = _same_enterprise(branch.parent_key, other.key, branch.formal, other.formal)
        if found is None:
            return different
        return Verdict(BRANCH, found[0], (f"“{branch.key}”是“{other.key}”的分支机构，应关联而不是合并",))
    found = _same_enterprise(a.key, b.key, a.formal, b.formal)
    if found is None:
        return different
    return Verdict(SAME, found[0], (found[1],))


def compare(normaliser: NameNormaliser, a: str, b: str) -> Verdict:
    return compare_parsed(normaliser.parse(a), normaliser.parse(b))
