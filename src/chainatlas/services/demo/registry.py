"""Realistic synthetic registries for tests, demos and benchmarks (示例数据).

Names are 区域 + 字号 + 行业词 + 组织形式 (names.py: curated 字号 of the company
short-names corpus, 行业词 from the industry code); credit codes are valid and
carry the firm's district (old organisation codes before October 2015, the MA…
series after); firms sit in districts and parks that hold their industry
(city.py); products read like real ones (compound names built on a link's
vocabulary, brands and models, several product lines, now and then a line of
another link or of no chain at all) and business scopes like the registry's
boilerplate; about one firm in eight is outside every chain (food, retail,
logistics, real estate …). Figures are heavy-tailed (log-normal revenue: most
firms small, a few large; staff from revenue per head by kind of firm; R&D
mostly low, high for the minority of technology firms); titles appear only
from the year each began, at realistic shares, and SME titles only on 中小企业.
A share of rows carries one defect each, of every kind the importer must catch.
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from chainatlas import reference
from chainatlas.domain.chain import Chain, Link
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.uscc import ALPHABET, make_uscc
from chainatlas.services.demo import names
from chainatlas.services.demo.city import LINE_COUNTIES, CityLayout

DEMO_MARK = "示例数据"
DEFECTS = ("wrong_check_digit", "wrong_length", "illegal_character", "unknown_region", "negative_amount",
           "non_numeric_amount", "impossible_date", "empty_name", "duplicate_uscc")
OUT_OF_CHAIN_SHARE = 0.12
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红文斌浩宇鹏辉"
_ORG_SPACE = 31 ** 6
# Product texts: what firms write in 主营产品, around the link vocabulary.
_QUALIFIERS = ("高性能", "高端", "新型", "智能", "高精度", "大功率", "车规级", "工业级", "国产化", "定制化", "高可靠",
               "轻量化", "绿色", "一体化", "模块化", "第三代", "全自动", "")
_MODEL_LETTERS = "ABCDEGHKMNPSTXZ"
_LINE_SUFFIXES = ("", "", "", "系列", "产品", "及配套服务", "的研发与制造", "业务", "及解决方案")
# Where a chain's products are used (a battery is for 储能电站, not for 医疗机构).
_APPLICATIONS = {
    "lithium-battery": ("新能源汽车", "储能电站", "消费电子", "电动工具", "两轮电动车"),
    "construction-machinery": ("基础设施建设", "矿山开采", "市政工程", "港口装卸", "风电吊装"),
    "new-energy-vehicle": ("新能源乘用车", "新能源商用车", "城市公交", "物流车"),
    "advanced-computing": ("数据中心", "政务云", "金融信创", "工业控制", "智算中心"),
    "audio-video": ("广播电视", "超高清视频", "会议系统", "文化演艺", "智慧教室"),
    "beidou": ("交通运输", "精准农业", "测绘地理信息", "应急救援", "智慧城市"),
    "biomedicine": ("医疗机构", "临床诊断", "疫苗生产", "制药企业"),
    "carbon-materials": ("航空航天", "光伏", "半导体", "新能源汽车", "锂电池"),
    "testing-instruments": ("环境监测", "食品检测", "工业质检", "计量校准", "医疗检验"),
    "uhv-transmission": ("电网", "特高压工程", "新能源并网", "轨道交通供电"),
}
_ANY_APPLICATIONS = ("工业自动化", "新能源", "智能制造")
# Firms on no chain, with the wording such firms use (some overlap chain words on purpose).
OUT_OF_CHAIN_LINES = (
    ("食品", ("休闲卤制食品", "速冻水饺汤圆", "酱油食醋等调味品", "乳制品及含乳饮料", "包装饮用水", "糕点面包",
             "辣条等调味面制品", "茶叶及茶饮料", "白酒", "鲜冻猪肉及肉制品", "粮油米面")),
    ("零售", ("超市连锁零售", "百货商场经营", "便利店连锁", "服装鞋帽零售", "家电零售门店", "母婴用品零售",
             "社区团购平台", "珠宝首饰零售")),
    ("物流", ("公路货运", "城市配送", "冷链物流", "仓储服务", "快递揽收与派送", "国际货运代理", "危险品运输")),
    ("房地产", ("住宅开发与销售", "物业管理服务", "商业地产运营", "长租公寓", "房屋中介", "建筑装饰装修工程")),
    ("服务", ("中式餐饮连锁", "酒店经营", "驾驶培训", "职业技能培训", "家政服务", "美容美发", "汽车租赁",
             "广告设计制作", "旅行社服务", "人力资源外包")),
    ("制造", ("针织服装", "实木家具", "床上用品", "纸箱纸盒包装", "塑料日用品", "陶瓷餐具", "烟花爆竹", "皮鞋箱包",
             "钢结构工程", "商品混凝土", "压滤机及滤布", "干电池（碱性锌锰）")),
)
# The GB/T 4754-2017 小类 of each line of no chain (a restaurant is 正餐服务, not 旅行社).
_LINE_CODES = {
    "休闲卤制食品": "1353", "速冻水饺汤圆": "1432", "酱油食醋等调味品": "1462", "乳制品及含乳饮料": "1441",
    "包装饮用水": "1522", "糕点面包": "1411", "辣条等调味面制品": "1439", "茶叶及茶饮料": "1530", "白酒": "1512",
    "鲜冻猪肉及肉制品": "1351", "粮油米面": "1311",
    "超市连锁零售": "5212", "百货商场经营": "5211", "便利店连锁": "5213", "服装鞋帽零售": "5232",
    "家电零售门店": "5271", "母婴用品零售": "5299", "社区团购平台": "5292", "珠宝首饰零售": "5245",
    "公路货运": "5431", "城市配送": "5431", "冷链物流": "5432", "仓储服务": "5990", "快递揽收与派送": "6020",
    "国际货运代理": "5821", "危险品运输": "5435",
    "住宅开发与销售": "7010", "物业管理服务": "7020", "商业地产运营": "7040", "长租公寓": "7040", "房屋中介": "7030",
    "建筑装饰装修工程": "5011",
    "中式餐饮连锁": "6210", "酒店经营": "6110", "驾驶培训": "8391", "职业技能培训": "8391", "家政服务": "8010",
    "美容美发": "8040", "汽车租赁": "7111", "广告设计制作": "7259", "旅行社服务": "7291", "人力资源外包": "7269",
    "针织服装": "1829", "实木家具": "2110", "床上用品": "1771", "纸箱纸盒包装": "2231", "塑料日用品": "2927",
    "陶瓷餐具": "3074", "烟花爆竹": "2672", "皮鞋箱包": "1952", "钢结构工程": "3311", "商品混凝土": "3021",
    "压滤机及滤布": "3463", "干电池（碱性锌锰）": "3844",
}
_SCOPE_TAIL = ("；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；货物进出口；技术进出口"
               "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）")


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


# The year each title began (docs/rules.md §4): 高新技术企业 under the 2008 认定管理办法; 专精特新 lists from 2019 (the
# MIIT 2018 notice, first national "小巨人" batch 2019; provincial lists are older in some provinces, so 2019 is
# the safe first year for all); 创新型中小企业 from 工信部企业〔2022〕63号.
TITLE_START = {"高新技术企业": 2008, "创新型中小企业": 2022, "专精特新": 2019, "小巨人": 2019}
# SME titles are for 中小企业 only: a firm this big (either figure) never holds them (工信部联企业〔2011〕300号).
LARGE_REVENUE_WAN, LARGE_EMPLOYEES = 40_000, 1000
# Kinds of firm: (median revenue 万元, spread, median revenue per employee 万元, assets per revenue, share of
# firms that do R&D as a business). Revenues are log-normal: most firms small, a few large.
_PROFILES = {
    "factory": (900, 1.8, 60, 1.0, 0.3), "service": (400, 1.6, 35, 0.6, 0.5), "trading": (600, 1.5, 150, 0.5, 0.02),
    "食品": (350, 1.6, 60, 0.9, 0.03), "零售": (300, 1.6, 80, 0.6, 0.0), "物流": (300, 1.6, 50, 0.9, 0.0),
    "房地产": (500, 1.8, 200, 3.0, 0.0), "服务": (150, 1.4, 25, 0.6, 0.01), "制造": (300, 1.6, 45, 0.9, 0.06),
}
_TRADING_CODES = {"26": "5169", "27": "5151", "35": "5179", "36": "5172", "38": "5175", "39": "5179",
                  "40": "5179", "34": "5179", "32": "5164", "33": "5174", "30": "5163", "29": "5169"}
_NOT_GOODS = re.compile(r"制造|生产|加工|冶炼|铸造|锻造|代工|开采|组装|装配|制备|研制|精炼|研发|设计|服务|施工|外包|研究|建设|检测|维修|"
                        r"集成|运营|工程|种植|收购|选矿|提锂|焊接|回收|拆解|租赁|咨询|制作|培训|仓储|物流")
_TRADE_ENDINGS = ("销售", "销售", "销售", "批发", "零售", "代理销售")
_TRADE_SIDE_LINES = ("；电子产品销售", "；五金产品批发", "；机械设备租赁", "；国内贸易代理", "", "")
# Most traders call themselves 科技 or 新能源 like everyone else; some say 贸易 in their name.
_TRADE_NAME_WORDS = ("科技", "科技", "新能源科技", "电子科技", "新材料", "实业", "贸易", "商贸", "供应链管理", "进出口")
_CAPITALS = (10, 30, 50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000,
             100000)
_OUT_SCOPE_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
_SERVICE_ABOVE_SCALE = {"52": 500, "61": 200, "62": 200, "70": 1000, "71": 1000, "72": 1000, "73": 1000, "74": 1000,
                        "75": 1000, "78": 1000, "80": 500, "81": 500, "83": 1000, "86": 500, "87": 500, "88": 500}


def _is_factory_code(code: str) -> bool:
    """Mining, manufacturing, utilities and construction (GB/T 4754-2017 大类 06–50)."""
    return code[:2].isdigit() and 6 <= int(code[:2]) <= 50


def _above_scale_threshold(code: str) -> int:
    """规模以上 thresholds in 万元 by sector (docs/rules.md §3)."""
    return _SERVICE_ABOVE_SCALE.get(code[:2], 2000)


class RegistryGenerator:
    def __init__(self, region: str = "430100", seed: int = 7, years: int = 1, last_year: int | None = None):
        index = reference.regions()
        if region not in index.by_code:
            raise InvalidInput(f"行政区划代码 {region} 不存在（GB/T 2260）")
        low, high = (region[:2], region[:4]) if region.endswith("00") else (region, region)
        prefix = low if region.endswith("0000") else high
        self.counties = [r for r in index.by_code.values() if r.level == "county" and r.code.startswith(prefix)]
        if not self.counties:
            self.counties = [index.by_code[region]]
        self.index = index
        self.rng = random.Random(seed)
        self.seed = seed
        self.years = max(1, years)
        self.last_year = last_year or date.today().year - 1
        self.chains = [reference.read_chain_file(p) for p in reference.builtin_chain_files()]
        self.trade_names = names.trade_names()
        self.layout = CityLayout(self.counties, [c.id for c in self.chains], self.rng)
        self.parks = sorted({p.name for p in self.layout.parks})
        self.revenue_scale = 1.0  # an external pool (services/demo/pool.py) draws larger firms
        self._org_step = 104_729  # a prime: i * step mod 31^6 never repeats for i < 31^6
        self._names: set[str] = set()
        # A real city is strong in some links and absent from others: give each link a
        # weight, zero for about one in eight (缺链) and small for as many (弱链).
        self.slots: list[tuple[Chain, int]] = []
        self.weights: list[float] = []
        self.words: dict[tuple[str, str], tuple[str, ...]] = {}
        for chain in self.chains:
            for index, link in enumerate(chain.links):
                self.words[(chain.id, link.id)] = tuple(w for w in link.vocabulary() if not w.isascii()) or (link.name,)
                draw = self.rng.random()
                weight = 0.0 if draw < 0.12 else 0.04 if draw < 0.24 else _lognormal(self.rng, 1.0, 0.6)
                self.slots.append((chain, index))
                self.weights.append(weight)

    def headers(self) -> list[str]:
        years = [self.last_year - k for k in range(self.years - 1, -1, -1)]
        yearly = [f"{y}年{label}（万元）" for y in years for label in ("营业收入", "主营业务收入", "研发费用")]
        return ["企业名称", "统一社会信用代码", "所属区县", "园区", "成立日期", "注册资本（万元）", "行业代码",
                "经营范围", "主营产品", "资质/标签", "法定代表人", "联系人", "联系电话", *yearly,
                f"{self.last_year}年从业人员", f"{self.last_year}年研发人员",
                f"{self.last_year}年资产总额（万元）", f"{self.last_year}年负债总额（万元）",
                f"{self.last_year}年净利润（万元）", f"{self.last_year}年税收（万元）"]

    def _org8(self, i: int, founded: date) -> str:
        # Each seed starts in its own stretch of the code space, so files made with
        # different seeds do not share credit codes (below ~10 million rows each).
        # Firms registered before the unified code (October 2015) keep their old
        # 8-digit organisation code; later ones get the MA… series.
        if founded < date(2015, 10, 1):
            return f"{(i * 7919 + self.seed * 1_000_003 + 5) % 10 ** 8:08d}"
        n = (i * self._org_step + self.seed * 10_000_019 + 12345) % _ORG_SPACE
        digits = []
        for _ in range(6):
            n, r = divmod(n, 31)
            digits.append(ALPHABET[r])
        return "MA" + "".join(digits)

    def _person(self) -> str:
        rng = self.rng
        return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))

    def _name(self, county: str, code: str, form: str) -> tuple[str, str]:
        """(name, 字号): a name no other row of this file has (checked for the first 200,000 rows)."""
        rng = self.rng
        name, trade = "", ""
        for _ in range(20):
            trade = rng.choice(self.trade_names)
            name = names.compose(rng, trade, county, code, form)
            if name not in self._names:
                break
        if len(self._names) < 200_000:
            self._names.add(name)
        return name, trade

    def _founded(self, revenue: float) -> date:
        """Bigger firms tend to be older; every firm existed through the first year of figures."""
        rng = self.rng
        scale = 4 + 2.5 * math.log10(max(revenue, 10) / 10)
        age_days = int(min(38.0, rng.expovariate(1 / scale)) * 365)
        return max(date(1984, 1, 1), date(self.last_year - self.years, 12, 31) - timedelta(days=age_days))

    def _titles(self, *, tech: bool, ratio: float, main: float, rd: float, revenue: float, employees: int,
                founded: date, code: str, factory: bool) -> list[str]:
        """Titles at realistic shares, each from the year it began, only for firms that qualify by size."""
        rng = self.rng
        last = self.last_year
        sme = revenue < LARGE_REVENUE_WAN and employees < LARGE_EMPLOYEES
        tags = []
        if main >= _above_scale_threshold(code):
            tags.append("规上企业")
        band = 0.05 if revenue <= 5000 else 0.04 if revenue <= 20000 else 0.03  # 高企 R&D intensity by size
        high_tech = tech and ratio >= band and employees >= 10
        if high_tech:
            first = max(TITLE_START["高新技术企业"], founded.year + 1, last - 2)  # certificates last three years
            if first <= last:
                tags.append(f"高新技术企业({rng.randint(first, last)})")
        specialised = None
        if sme and factory and tech and ratio >= 0.03 and rd >= 100 and main >= 1000 and rng.random() < 0.45:
            first = max(TITLE_START["专精特新"], founded.year + 2)
            if first <= last:
                specialised = rng.randint(first, last)
        innovative = None
        if sme and (high_tech or (tech and ratio >= 0.03)) and (specialised or rng.random() < 0.15):
            first = max(TITLE_START["创新型中小企业"], founded.year + 1)
            if first <= last:
                # Before a 专精特新 title of 2022 or later (the ladder); any year from 2022 for older holders.
                upper = specialised if specialised and specialised >= first else last
                innovative = rng.randint(first, upper)
        if innovative:
            tags.append(f"创新型中小企业({innovative})")
        if specialised:
            tags.append(f"专精特新({specialised})")
            if main >= 5000 and specialised < last and rng.random() < 0.25:
                tags.append(f"小巨人({rng.randint(max(TITLE_START['小巨人'], specialised + 1), last)})")
        return tags

    def row(self, i: int) -> list[str]:
        rng = self.rng
        chain, link_index = rng.choices(self.slots, weights=self.weights)[0]
        link = chain.links[link_index]
        outside = rng.random() < OUT_OF_CHAIN_SHARE
        kind, lines = rng.choice(OUT_OF_CHAIN_LINES)
        if outside:
            chosen = rng.sample(lines, k=rng.choice((1, 2, 2, 3)))
            code = _LINE_CODES[chosen[0]]
            if kind in ("服务", "制造"):  # unrelated trades are not one firm's lines
                chosen = chosen[:1]
            factory = _is_factory_code(code)
            fixed = next((LINE_COUNTIES[line] for line in chosen if line in LINE_COUNTIES), None)
            county = (self.index.by_code[fixed] if fixed and fixed in self.layout.position
                      else self.layout.county(rng, factory, None, kind))
            profile = kind
        else:
            code = rng.choice(link.industry_codes or ("",))
            factory = _is_factory_code(code)
            county = self.layout.county(rng, factory, chain.id, None)
            profile = "factory" if factory else "service"
            if factory and county.code in self.layout.inner and rng.random() < 0.7:
                # A maker's line in the inner districts is mostly a trading firm selling it.
                profile, factory = "trading", False
                code = _TRADING_CODES.get(code[:2], "5179")
        median, spread, per_head, asset_turn, tech_share = _PROFILES[profile]
        revenue = _lognormal(rng, median * self.revenue_scale, spread)
        employees = max(3, round(revenue / _lognormal(rng, per_head, 0.4)))
        tech = rng.random() < tech_share
        if tech:
            ratio = _clip(_lognormal(rng, 0.055, 0.35), 0.03, 0.3)
        else:
            ratio = 0.0 if rng.random() < 0.35 or profile not in ("factory", "service") else \
                _clip(_lognormal(rng, 0.008, 0.7), 0.0, 0.03)
        founded = self._founded(revenue)
        main_share = rng.uniform(0.85, 1.0) if rng.random() < 0.88 else rng.uniform(0.5, 0.85)
        growths = [_clip(rng.gauss(0.06, 0.15), -0.4, 1.0) for _ in range(self.years - 1)]
        series = [revenue]
        for growth in reversed(growths):
            series.insert(0, series[0] / (1 + growth))
        yearly = []
        for value in series:
            rd = value * ratio * rng.uniform(0.85, 1.15)
            yearly += [f"{value:.2f}", f"{value * _clip(main_share + rng.uniform(-0.02, 0.02), 0.3, 1.0):.2f}",
                       f"{rd:.2f}"]
        main = float(yearly[-2])
        tags = self._titles(tech=tech, ratio=ratio, main=main, rd=float(yearly[-1]), revenue=revenue,
                            employees=employees, founded=founded, code=code, factory=factory)
        listed = revenue >= 50_000 and rng.random() < 0.35
        if listed:
            tags.append("上市")
        if revenue > 1_000_000 and rng.random() < 0.3:  # above 100亿元: a few of the 中国500强 (the external pool's)
            tags.append("中国500强")
        form = ("股份有限公司" if listed or (revenue >= 10_000 and rng.random() < 0.3) or rng.random() < 0.03
                else "有限责任公司" if rng.random() < 0.15 else "有限公司")
        name, brand = self._name(county.code, code, form)
        if outside:
            products_text, scope = self._outside_texts(chosen, brand)
        else:
            products_text, scope = self._chain_texts(chain, link, brand, large=revenue >= 10_000,
                                                     trading=profile == "trading")
        uscc = make_uscc("9", "1", county.code, self._org8(i, founded))
        region_text = rng.choice((county.name, self.index.name_of(county.code), county.code))
        assets = revenue * _lognormal(rng, asset_turn, 0.5)
        debt = assets * _clip(rng.gauss(0.5, 0.17), 0.05, 0.95)
        wanted = math.log(max(revenue, 1) * _lognormal(rng, 0.3, 0.9))  # registered capital: a round sum
        capital = min(_CAPITALS, key=lambda c: abs(math.log(c) - wanted))
        rd_staff = 0 if ratio == 0 else max(1, round(employees * (rng.uniform(0.12, 0.35) if tech
                                                                   else rng.uniform(0.02, 0.08))))
        return [name, uscc, region_text, self.layout.park(rng, county.code, None if outside else chain.id,
                                                          kind if outside else None),
                founded.isoformat(), str(capital), code, scope,
                products_text, "；".join(tags), self._person(), self._person(),
                f"1{rng.choice('3578')}{rng.randrange(10**9):09d}", *yearly, str(employees),
                str(rd_staff), f"{assets:.2f}", f"{debt:.2f}",
                f"{revenue * _clip(rng.gauss(0.04, 0.07), -0.3, 0.3):.2f}",
                f"{revenue * rng.uniform(0.015, 0.05):.2f}"]

    def _product_line(self, chain_id: str, link: Link, brand: str) -> str:
        """One product line on a link: a vocabulary word dressed as firms write it."""
        rng = self.rng
        word = rng.choice(self.words[(chain_id, link.id)])
        form = rng.random()
        if form < 0.3:
            line = f"{rng.choice(_QUALIFIERS)}{word}"
        elif form < 0.5:
            line = f"{brand}{rng.choice(_MODEL_LETTERS)}{rng.randint(1, 99) * 10}系列{word}"
        elif form < 0.65:
            other = rng.choice(self.words[(chain_id, link.id)])
            line = f"{word}（{other}、{rng.choice(_MODEL_LETTERS)}{rng.randint(100, 999)}型）"
        elif form < 0.75:
            return f"{word}（应用于{rng.choice(_APPLICATIONS.get(chain_id, _ANY_APPLICATIONS))}）"
        else:
            line = word
        return line + rng.choice(_LINE_SUFFIXES)

    def _chain_texts(self, chain: Chain, link: Link, brand: str, large: bool = False,
                     trading: bool = False) -> tuple[str, str]:
        """主营产品 led by the firm's own link, and a business scope in the registry's wording."""
        rng = self.rng
        lines = [self._product_line(chain.id, link, brand) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        draw = rng.random()
        if draw < 0.25:  # a neighbouring link of the same chain (a supplier's customer, a maker's own parts)
            lines.append(self._product_line(chain.id, rng.choice(chain.links), brand))
        elif draw < 0.32 and not large:  # a side line of no chain
            lines.append(rng.choice(rng.choice(OUT_OF_CHAIN_LINES)[1]))
        # A share of small firms states no products; large ones always do.
        if trading:  # a trading firm sells what others make
            lines = [line.replace("的研发与制造", "") for line in lines]
        products = "、".join(lines) if large or rng.random() < 0.92 else ""
        scope_words = rng.sample(self.words[(chain.id, link.id)], k=min(3, len(self.words[(chain.id, link.id)])))
        if trading:
            items = "；".join(f"{w}销售" for w in scope_words)
        else:
            items = "；".join(f"{w}{rng.choice(('制造', '研发', '生产'))}" for w in scope_words[:2]) + "；" + \
                "；".join(f"{w}销售" for w in scope_words)
        return products, "一般项目：" + items + _SCOPE_TAIL

    def trader_texts(self, chain: Chain) -> tuple[str, str, str, str | None, tuple[str, ...]]:
        """A firm that sells, distributes or imports a chain's products without making them — most of a purchased
        sector list: (name word, 主营产品, 经营范围, industry code, the links whose products it names). Its texts
        are as untidy as real ones: often no product text, a catalogue of several links' products, a trading name
        only sometimes, a wholesale industry code mostly."""
        rng = self.rng
        links = rng.sample(chain.links, k=min(len(chain.links), rng.choice((1, 1, 2, 2, 3, 4))))
        # a distributor's catalogue names the goods it carries, often in variants (湿法隔膜、干法隔膜、涂覆隔膜);
        # it sells no process or service (铸造, 石墨化代工, 系统集成)
        words = []
        for link in links:
            goods = [w for w in self.words[(chain.id, link.id)] if not _NOT_GOODS.search(w)] or [link.name]
            words += rng.sample(goods, k=min(len(goods), rng.choice((1, 1, 2, 3))))
        form = rng.random()
        if form < 0.35:
            products = ""  # a registry export states no products
        elif form < 0.7:
            products = "、".join(words)  # the catalogue its website lists
        else:
            products = f"{rng.choice(('代理销售', '分销', '经销', '贸易'))}：" + "、".join(words)
        items = "；".join(f"{w}{rng.choice(_TRADE_ENDINGS)}" for w in words)
        scope = "一般项目：" + items + rng.choice(_TRADE_SIDE_LINES) + _SCOPE_TAIL
        codes = [c for link in links for c in link.industry_codes]
        code = _TRADING_CODES.get(rng.choice(codes)[:2], "5179") if codes and rng.random() < 0.7 else None
        return rng.choice(_TRADE_NAME_WORDS), products, scope, code, tuple(link.id for link in links)

    def _outside_texts(self, chosen: list[str], brand: str) -> tuple[str, str]:
        rng = self.rng
        products = "、".join(f"{brand}{line}" if rng.random() < 0.3 else line for line in chosen)
        return products, "一般项目：" + "；".join(chosen) + "。" + _OUT_SCOPE_TAIL

    def _damage(self, row: list[str], defect: str, previous_uscc: str | None) -> None:
        headers = self.headers()
        at = {h: i for i, h in enumerate(headers)}
        uscc = row[1]
        if defect == "wrong_check_digit":
            row[1] = uscc[:17] + ALPHABET[(ALPHABET.index(uscc[17]) + 1) % 31]
        elif defect == "wrong_length":
            row[1] = uscc[:17]
        elif defect == "illegal_character":
            row[1] = uscc[:10] + "O" + uscc[11:]
        elif defect == "unknown_region":
            row[2] = "火星市天枢区"
        elif defect == "negative_amount":
            row[at[headers[13]]] = "-" + row[at[headers[13]]]
        elif defect == "non_numeric_amount":
            row[at[headers[13]]] = "约三千万"
        elif defect == "impossible_date":
            row[4] = "2019-02-30"
        elif defect == "empty_name":
            row[0] = ""
        elif defect == "duplicate_uscc" and previous_uscc:
            row[1] = previous_uscc

    def rows(self, count: int, bad_share: float = 0.0) -> Iterator[tuple[list[str], str | None]]:
        """(row, defect or None); defects are spread evenly over the kinds."""
        previous = None
        bad_seen = 0
        for i in range(count):
            row = self.row(i)
            defect = None
            if bad_share > 0 and (i + 1) * bad_share >= bad_seen + 1:
                defect = DEFECTS[bad_seen % len(DEFECTS)]
                bad_seen += 1
                self._damage(row, defect, previous)
            previous = row[1]
            yield row, defect


def write_registry(out: Path, count: int, bad_share: float = 0.0, seed: int = 7, region: str = "430100",
                   years: int = 1, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write a registry file (CSV, or XLSX by extension); returns counts by defect."""
    if not 0 <= bad_share <= 1:
        raise InvalidInput("--bad-share 应在 0 到 1 之间")
    generator = RegistryGenerator(region=region, seed=seed, years=years)
    counts: dict[str, int] = {"rows": 0}
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("企业名录")
        sheet.append([f"{DEMO_MARK}：合成企业名录（非真实企业）"])
        sheet.append(generator.headers())
        write: Callable[[list[str]], object] = sheet.append
    else:
        handle = open(out, "w", encoding="utf-8", newline="")
        writer = csv.writer(handle)
        writer.writerow(generator.headers())
        write = writer.writerow
    try:
        for i, (row, defect) in enumerate(generator.rows(count, bad_share), start=1):
            write(row)
            counts["rows"] += 1
            if defect:
                counts[defect] = counts.get(defect, 0) + 1
            if progress and i % 10000 == 0:
                progress(10000)
    finally:
        if out.suffix.lower() == ".xlsx":
            workbook.save(out)
        else:
            handle.close()
    return counts
