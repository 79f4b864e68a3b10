"""What a firm's own texts say it does with the products they name: makes them, or only trades them.

A purchased or national enterprise list is mostly firms that name a link's products without making them:
distributors, dealers, importers, supply-chain and leasing firms. Their business scope (经营范围) lists the
products with 销售、批发、零售、进出口、代理、租赁; a maker's adds 制造、生产、加工 (in the registry's standard
wording since 2022: 电池制造；电池销售). An investment bureau recruits makers, so the target ranking weighs a
trader's fit to a link lower and says why.

The role is read from, in order:
1. make words in the products or the scope (制造、生产、加工、研制 …, not 生产线/生产设备, which are equipment);
2. the GB/T 4754-2017 industry code: section C (13–43) is manufacturing;
3. trade words: a scope whose items are sales, wholesale, import/export, agency or leasing, a products text
   headed by 代理/分销/经销/贸易/供应链, or a name with 贸易、商贸、供应链、进出口、商行、经营部 …;
4. the code again: F 51–52 (wholesale, retail) and L 71 (leasing) are trade.
Nothing said: no role (None), and the ranking does not guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAKE = "make"
TRADE = "trade"
ROLE_LABELS = {MAKE: "生产制造", TRADE: "贸易流通"}

# Make words; 生产线/生产设备/生产资料/安全生产 name equipment or other things, 非生产 says the opposite.
# Process words that are also product names (涂覆隔膜, 烧结钕铁硼, 合成石墨) are left out.
_MAKES = re.compile(r"(?<![安非])(?:制造|生产(?![线设资性])|加工|研制|冶炼|组装|装配|制备|开采|精炼|铸造|锻造|代工|"
                    r"ODM|OEM)", re.IGNORECASE)
# A scope item (between ；、，。) that trades: the item ends in a trade word (电池销售, 货物进出口, 机械设备租赁).
_TRADE_ITEM = re.compile(r"(?:销售|批发|零售|进出口|代理|经销|分销|租赁|贸易|经纪|采购|供应链管理|供应链服务|仓储)"
                         r"(?:服务|业务)?$")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")  # (不含危险化学品), (除依法须经批准的项目外…): conditions, not items
_SCOPE_ITEMS = re.compile(r"[；;、，,。：:\s]+|一般项目|许可项目|依法须经批准的项目[^；;。]*")
# A products text whose first line describes trading (电子元器件分销：…；汽车经销；药品批发配送；设备租赁服务). Later
# lines may be a maker's side business (…、九木杂物社零售) or a product (租赁屏), so only the first line counts.
_TRADE_PRODUCTS = re.compile(r"分销|代理|经销|贸易|供应链服务|供应链管理|进出口|批发|零售|销售|租赁|4S")
_FIRST_LINE = re.compile(r"[、，,；;。]")
# A link whose own work is trading (医药流通, 汽车销售与售后, 设备租赁): a distributor is what it looks for.
# A word that ends in the trade (算力租赁, 药品零售) names the work; one that goes on (LED租赁屏) names a product.
_TRADING_LINK = re.compile(r"(?:分销|经销|流通|批发|零售|销售|租赁|贸易|药房|代理)(?:服务|业务)?$|售后|4S")
_TRADE_NAMES = re.compile(r"贸易|商贸|供应链|进出口|商行|经营部|经销|分销|销售|电子商务|租赁")


def _manufacturing_code(code: str | None) -> bool:
    return code is not None and code[:2].isdigit() and 13 <= int(code[:2]) <= 43


def _trade_code(code: str | None) -> bool:
    return code is not None and code[:2] in ("51", "52", "71")


# Items nearly every scope carries (the registry's standard tail): they say nothing of the firm's role.
_BOILERPLATE = re.compile(r"^(?:技术(?:服务|开发|咨询|交流|转让|推广)|货物进出口|技术进出口|进出口代理|"
                          r"(?:信息|企业管理|商务信息)咨询(?:服务)?|凭营业执照.*|除依法须经批准.*)$")


def _scope_trades(scope: str) -> bool:
    """The scope's own items (the standard tail set aside) are mostly trade: sales, wholesale, agency, leasing."""
    items = [i for i in _SCOPE_ITEMS.split(_BRACKETS.sub("", scope)) if len(i) >= 2 and not _BOILERPLATE.match(i)]
    trading = sum(1 for i in items if _TRADE_ITEM.search(i))
    return trading >= 1 and trading >= 0.6 * len(items)


def firm_role(name: str | None, products: str | None, scope: str | None, industry_code: str | None) -> str | None:
    """MAKE, TRADE, or None when the texts and code say neither."""
    products, scope = products or "", scope or ""
    if _MAKES.search(products) or _MAKES.search(scope):
        return MAKE
    if _manufacturing_code(industry_code):
        return MAKE
    first_line = _FIRST_LINE.split(_BRACKETS.sub("", products), maxsplit=1)[0]
    if _TRADE_PRODUCTS.search(first_line) or _TRADE_NAMES.search(name or "") or (scope and _scope_trades(scope)):
        return TRADE
    if _trade_code(industry_code):
        return TRADE
    return None


def trading_link(words: Iterable[str]) -> bool:
    """Whether a link's own name and vocabulary are about trading: there a trader's fit is not discounted."""
    return any(_TRADING_LINK.search(w) for w in words)


def role_reason(role: str | None) -> str | None:
    """The plain-Chinese reason a trader's fit counts less."""
    if role == TRADE:
        return "名称、经营范围或行业代码只见销售、代理、进出口等，未见生产制造：按贸易流通企业计，产品匹配打折"
    return None
