"""Realistic synthetic registries for tests, demos and benchmarks (示例数据).

Names are brand words + industry words + legal forms in the spellings real
registries mix; credit codes are valid; regions are real GB/T 2260 codes;
products read like real ones (compound names built on a link's vocabulary, brands
and models, several product lines, now and then a line of another link or of no
chain at all) and business scopes like the registry's boilerplate; about one firm
in eight is outside every chain (food, retail, logistics, real estate …); money follows
log-normal distributions. A share of rows carries one defect each, of every
kind the importer must catch.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from chainatlas import reference
from chainatlas.domain.chain import Chain, Link
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.uscc import ALPHABET, make_uscc

DEMO_MARK = "示例数据"
DEFECTS = ("wrong_check_digit", "wrong_length", "illegal_character", "unknown_region", "negative_amount",
           "non_numeric_amount", "impossible_date", "empty_name", "duplicate_uscc")
OUT_OF_CHAIN_SHARE = 0.12
_LEGAL_FORMS = ("有限公司", "有限公司", "有限责任公司", "股份有限公司")
_GENERIC_WORDS = ("科技", "新材料", "智能科技", "实业", "技术", "装备")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红文斌浩宇鹏辉"
_PARKS = ("经济技术开发区", "高新技术产业开发区", "工业园", "产业园")
_ORG_SPACE = 31 ** 6
# Product texts: what firms write in 主营产品, around the link vocabulary.
_QUALIFIERS = ("高性能", "高端", "新型", "智能", "高精度", "大功率", "车规级", "工业级", "国产化", "定制化", "高可靠",
               "轻量化", "绿色", "一体化", "模块化", "第三代", "全自动", "")
_MODEL_LETTERS = "ABCDEGHKMNPSTXZ"
_LINE_SUFFIXES = ("", "", "", "系列", "产品", "及配套服务", "的研发与制造", "业务", "及解决方案")
_APPLICATIONS = ("新能源汽车", "储能电站", "消费电子", "轨道交通", "航空航天", "工程机械", "医疗机构", "电网",
                 "数据中心", "通信基站", "工业自动化", "智慧城市")
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
_OUT_CODES = {"食品": ("1391", "1461", "1512", "1521"), "零售": ("5211", "5212", "5271"), "物流": ("5431", "5990", "6020"),
              "房地产": ("7010", "7020", "5011"), "服务": ("6210", "6110", "8391", "7111"),
              "制造": ("1819", "2110", "1952", "3399")}
_OUT_NAME_WORDS = {"食品": "食品", "零售": "商贸", "物流": "物流", "房地产": "置业", "服务": "服务", "制造": "实业"}
_SCOPE_TAIL = ("；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；货物进出口；技术进出口"
               "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）")


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


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
        self.brands = (reference.DATA / "brand_words.txt").read_text(encoding="utf-8").split()
        self.parks = sorted({self._park_name(c.code) for c in self.counties[:8]})
        self.revenue_median = 3000.0  # 万元; an external pool (services/demo/pool.py) draws larger firms
        self._org_step = 104_729  # a prime: i * step mod 31^6 never repeats for i < 31^6
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

    def _park_name(self, county: str) -> str:
        name = self.index.by_code[county].name
        stem = name[:-1] if len(name) > 2 else name
        return stem + _PARKS[int(county) % len(_PARKS)]

    def headers(self) -> list[str]:
        years = [self.last_year - k for k in range(self.years - 1, -1, -1)]
        yearly = [f"{y}年{label}（万元）" for y in years for label in ("营业收入", "主营业务收入", "研发费用")]
        return ["企业名称", "统一社会信用代码", "所属区县", "园区", "成立日期", "注册资本（万元）", "行业代码",
                "经营范围", "主营产品", "资质/标签", "法定代表人", "联系人", "联系电话", *yearly,
                f"{self.last_year}年从业人员", f"{self.last_year}年研发人员",
                f"{self.last_year}年资产总额（万元）", f"{self.last_year}年负债总额（万元）",
                f"{self.last_year}年净利润（万元）", f"{self.last_year}年税收（万元）"]

    def _org8(self, i: int) -> str:
        # Each seed starts in its own stretch of the code space, so files made with
        # different seeds do not share credit codes (below ~10 million rows each).
        n = (i * self._org_step + self.seed * 10_000_019 + 12345) % _ORG_SPACE
        digits = []
        for _ in range(6):
            n, r = divmod(n, 31)
            digits.append(ALPHABET[r])
        return "MA" + "".join(digits)

    def _person(self) -> str:
        rng = self.rng
        return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))

    def row(self, i: int) -> list[str]:
        rng = self.rng
        chain, link_index = rng.choices(self.slots, weights=self.weights)[0]
        link = chain.links[link_index]
        county = rng.choice(self.counties)
        province = self.index.by_code[county.code[:2] + "0000"].name
        city = self.index.by_code.get(county.code[:4] + "00")
        short_province = province.removesuffix("省").removesuffix("市")
        outside = rng.random() < OUT_OF_CHAIN_SHARE
        kind, lines = rng.choice(OUT_OF_CHAIN_LINES)
        word = (_OUT_NAME_WORDS[kind] if outside else link.name if len(link.name) <= 4
                else rng.choice(_GENERIC_WORDS))
        brand = rng.choice(self.brands)
        form = rng.random()
        if form < 0.45:
            name = f"{short_province}{brand}{word}{rng.choice(_LEGAL_FORMS)}"
        elif form < 0.6:
            name = f"{brand}{word}（{short_province}）有限公司"
        elif form < 0.85 and city is not None and city.name != "市辖区":
            name = f"{city.name.removesuffix('市')}{brand}{word}{rng.choice(_LEGAL_FORMS)}"
        else:
            name = f"{brand}{word}{rng.choice(_LEGAL_FORMS)}"
        uscc = make_uscc("9", "1", county.code, self._org8(i))
        region_text = rng.choice((county.name, self.index.name_of(county.code), county.code))
        founded = date(1995, 1, 1) + timedelta(days=rng.randrange(0, 365 * 29))
        revenue = _lognormal(rng, self.revenue_median, 1.5)
        if outside:
            products_text, scope = self._outside_texts(lines, brand)
            code = rng.choice(_OUT_CODES[kind])
        else:
            products_text, scope = self._chain_texts(chain, link, brand)
            code = rng.choice(link.industry_codes or ("",))
        tags = []
        if revenue >= 2000:
            tags.append("规上企业")
        if rng.random() < 0.18:
            tags.append(f"高新技术企业({rng.randint(self.last_year - 5, self.last_year)})")
        if rng.random() < 0.06:
            tags.append(f"专精特新({rng.randint(self.last_year - 4, self.last_year)})")
        if revenue > 20000 and rng.random() < 0.1:
            tags.append(f"小巨人({rng.randint(self.last_year - 4, self.last_year)})")
        if revenue > 100000 and rng.random() < 0.2:
            tags.append("上市")
        if revenue > 1_000_000 and rng.random() < 0.3:
            tags.append("中国500强")
        yearly = []
        value = revenue / (1.08 ** (self.years - 1))
        for _ in range(self.years):
            main = value * rng.uniform(0.82, 1.0)
            rd = value * rng.uniform(0.005, 0.08)
            yearly += [f"{value:.2f}", f"{main:.2f}", f"{rd:.2f}"]
            value *= rng.uniform(0.92, 1.25)
        assets = revenue * _lognormal(rng, 1.1, 0.5)
        employees = max(3, int(revenue / _lognormal(rng, 80, 0.5)))
        return [name, uscc, region_text, rng.choice(self.parks) if rng.random() < 0.6 else "",
                founded.isoformat(), f"{_lognormal(rng, 1000, 1.2):.0f}", code, scope,
                products_text, "；".join(tags), self._person(), self._person(),
                f"1{rng.choice('3578')}{rng.randrange(10**9):09d}", *yearly, str(employees),
                str(max(1, int(employees * rng.uniform(0.05, 0.3)))), f"{assets:.2f}",
                f"{assets * rng.uniform(0.2, 0.8):.2f}", f"{revenue * rng.gauss(0.06, 0.06):.2f}",
                f"{revenue * rng.uniform(0.01, 0.05):.2f}"]

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
            return f"{word}（应用于{rng.choice(_APPLICATIONS)}）"
        else:
            line = word
        return line + rng.choice(_LINE_SUFFIXES)

    def _chain_texts(self, chain: Chain, link: Link, brand: str) -> tuple[str, str]:
        rng = self.rng
        lines = [self._product_line(chain.id, link, brand) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        draw = rng.random()
        if draw < 0.25:  # a neighbouring link of the same chain (a supplier's customer, a maker's own parts)
            lines.append(self._product_line(chain.id, rng.choice(chain.links), brand))
        elif draw < 0.32:  # a side line of no chain
            lines.append(rng.choice(rng.choice(OUT_OF_CHAIN_LINES)[1]))
        products = "、".join(lines) if rng.random() < 0.92 else ""  # a share of registries states no products
        scope_words = rng.sample(self.words[(chain.id, link.id)], k=min(3, len(self.words[(chain.id, link.id)])))
        scope = "一般项目：" + "、".join(scope_words) + "的研发、制造与销售" + _SCOPE_TAIL
        return products, scope

    def _outside_texts(self, lines: tuple[str, ...], brand: str) -> tuple[str, str]:
        rng = self.rng
        chosen = rng.sample(lines, k=rng.choice((1, 2, 2, 3)))
        products = "、".join(f"{brand}{line}" if rng.random() < 0.3 else line for line in chosen)
        return products, "一般项目：" + "、".join(chosen) + _SCOPE_TAIL

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
