"""The demo's external enterprise pool (示例数据): synthetic firms in other provinces, larger than the demo
city's and with more titles, on every link of every chain — so the demo city's missing and weak links get
sensible investment targets. Like a purchased list, part of it only trades the products it names (they rank
below the makers, with the reason), and some firms record new projects or financing (signs of expansion).
Written as a registry file and imported with `chainatlas import … --pool`."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

from chainatlas.services.demo.registry import DEMO_MARK, RegistryGenerator

POOL_NAME = f"{DEMO_MARK}·外省重点企业库"
# Provinces with strong industrial bases, outside the demo city's province (湖南, 43).
PROVINCES = ("320000", "440000", "330000", "310000", "350000", "510000", "370000", "420000")
REVENUE_SCALE = 30.0  # listed companies and bought lists lean to larger firms than a city's registry
TRADER_SHARE = 0.3  # of the pool's firms: distributors and dealers of a chain's products
PROJECT_SHARE, FINANCING_SHARE = 0.12, 0.08  # of the makers: a recorded new project, a recorded financing
SIGN_COLUMNS = ("扩产计划", "融资情况")
_ITEM = re.compile(r"[、，,；;（(]")


def _signs(rng: random.Random, products: str) -> list[str]:
    """A maker's recorded new project and financing, or empty cells."""
    line = _ITEM.split(products, maxsplit=1)[0].strip() or "主营产品"
    project = (f"{rng.choice((2025, 2026))}年拟投资{rng.choice((5, 8, 12, 20, 30, 50))}亿元新建{line}生产基地"
               if rng.random() < PROJECT_SHARE else "")
    financing = (f"{rng.choice((2024, 2025))}年完成{rng.choice(('A轮', 'B轮', 'C轮', 'Pre-IPO轮', '定向增发'))}"
                 f"融资{rng.choice((1, 2, 3, 5, 10))}亿元" if rng.random() < FINANCING_SHARE else "")
    return [project, financing]


def write_pool(out: Path, count: int, seed: int = 4417, years: int = 3) -> int:
    """A CSV of `count` pool firms spread over PROVINCES, each link of each chain equally likely."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    rng = random.Random(seed)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for n, province in enumerate(PROVINCES):
            generator = RegistryGenerator(region=province, seed=seed + n, years=years)
            generator.weights = [1.0] * len(generator.weights)  # no gaps of its own: every link has suppliers
            generator.revenue_scale = REVENUE_SCALE
            headers = generator.headers()
            at = {h: headers.index(h) for h in ("企业名称", "行业代码", "经营范围", "主营产品")}
            if n == 0:
                writer.writerow([*headers, *SIGN_COLUMNS])
            share = count // len(PROVINCES) + (1 if n < count % len(PROVINCES) else 0)
            for row, _ in generator.rows(share):
                if rng.random() < TRADER_SHARE:
                    word, products, scope, code, _ = generator.trader_texts(rng.choice(generator.chains))
                    row[at["主营产品"]], row[at["经营范围"]], row[at["行业代码"]] = products, scope, code or ""
                    if word in ("贸易", "商贸", "供应链管理", "进出口"):
                        row[at["企业名称"]] = re.sub(r"(有限公司|股份有限公司|有限责任公司)$", fr"{word}\1",
                                                  row[at["企业名称"]], count=1)
                    signs = ["", ""]
                else:
                    signs = _signs(rng, row[at["主营产品"]])
                writer.writerow([*row, *signs])
                written += 1
    return written
