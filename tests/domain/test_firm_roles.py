"""What a firm's texts say it does with its products (domain/firm_roles.py), on texts as registries and
annual reports write them."""

from __future__ import annotations

import pytest

from chainatlas.domain.firm_roles import MAKE, TRADE, firm_role


@pytest.mark.parametrize("name, products, scope, code", [
    # the registry's standard wording since 2022: a maker's scope has 制造 beside 销售
    ("某新能源材料有限公司", "", "一般项目：电池制造；电池销售；新材料技术研发；货物进出口", None),
    # an older free-text scope
    ("某隔膜科技股份有限公司", "湿法隔膜、涂覆隔膜", "锂离子电池隔膜的研发、生产和销售；自营和代理各类商品的进出口业务", None),
    # products only, but the industry code is manufacturing (C 3841 锂离子电池制造)
    ("某电池有限公司", "磷酸铁锂电芯", "", "3841"),
    # OEM/ODM assembly is making
    ("某电子有限公司", "智能音箱ODM代工", "", None),
])
def test_makers(name: str, products: str, scope: str, code: str | None) -> None:
    assert firm_role(name, products, scope, code) == MAKE


@pytest.mark.parametrize("name, products, scope, code", [
    # a distributor's products text and a standard trading scope
    ("某电子科技有限公司", "电子元器件分销：存储芯片、处理器、功率器件的代理销售与供应链服务", "", None),
    ("某新能源科技有限公司", "", "一般项目：电池销售；电池零配件销售；电子专用材料销售；石墨及碳素制品销售；货物进出口；技术进出口", None),
    # … with the standard tail every scope carries
    ("某新能源有限公司", "", "一般项目：锂电池隔膜销售；电解液销售；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；"
     "货物进出口；技术进出口（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）", None),
    # one product item and the standard tail with its condition in brackets
    ("某科技有限公司", "", "一般项目：大屏显示系统销售；技术服务、技术开发；货物进出口；技术进出口（除依法须经批准的项目外，凭营业执照依法"
     "自主开展经营活动）", None),
    # a trading firm's name
    ("某锂电材料贸易有限公司", "锂电池隔膜、电解液、正极材料", "", None),
    # a car dealer and a machinery lessor
    ("某汽车销售服务有限公司", "新能源汽车整车销售与售后服务", "", None),
    ("某工程机械有限公司", "工程机械经营租赁：挖掘机、起重机、高空作业平台", "", None),
    # only the industry code says it: F 5179 其他机械设备及电子产品批发
    ("某科技有限公司", "锂电池隔膜", "", "5179"),
])
def test_traders(name: str, products: str, scope: str, code: str | None) -> None:
    assert firm_role(name, products, scope, code) == TRADE


@pytest.mark.parametrize("name, products, scope, code", [
    ("某隔膜科技股份有限公司", "湿法隔膜、涂覆隔膜", "", None),  # a product list says nothing of the role
    ("某设备有限公司", "隔膜生产线成套设备", "", None),  # 生产线 is equipment, not a make word
    # a product named for its use (租赁屏) and a maker's retail side line after its products
    ("某光电股份有限公司", "LED显示屏（小间距、租赁屏、创意屏）、LED照明", "", None),
    ("某文具股份有限公司", "书写工具、学生文具、办公文具、办公直销、连锁零售门店", "", None),
    # a fabless design house: design and one sales item, not mostly trade
    ("某微电子有限公司", "", "集成电路设计；集成电路芯片设计及服务；集成电路芯片及产品销售；软件开发；技术服务", None),
])
def test_neither_said(name: str, products: str, scope: str, code: str | None) -> None:
    assert firm_role(name, products, scope, code) is None


def test_a_make_word_outweighs_a_trading_name_and_code() -> None:
    assert firm_role("某电池贸易有限公司", "", "电池制造；电池销售", "5179") == MAKE


def test_a_link_whose_own_work_is_trading_is_told_from_one_whose_product_is_named_for_its_use() -> None:
    from chainatlas.domain.firm_roles import trading_link

    assert trading_link(["医药批发与物流", "药品批发", "医药分销"])
    assert trading_link(["数据中心与算力服务", "算力租赁"])  # leasing compute is the service itself
    assert not trading_link(["新型显示屏（小间距等）", "LED租赁屏", "舞台租赁屏"])  # a screen made for rental use
    assert not trading_link(["隔膜", "湿法隔膜", "涂覆隔膜"])
