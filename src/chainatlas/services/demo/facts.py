"""Synthetic extra facts (示例数据) for a synthetic registry, so every evaluation has real inputs.

Reads a registry CSV written by ``synthetic.write_registry`` and writes a
facts JSON file (docs/facts.md) keyed by credit code. Each enterprise gets an
innovation propensity from its R&D intensity, and its size from its revenue;
IP, R&D institution, awards, market share, scores and titles follow from
those two with noise, so strong firms tend to qualify and weak ones not.
"""

from __future__ import annotations

import csv
import json
import math
import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from chainatlas.domain.tags import parse_tags
from chainatlas.importers.headers import parse_header

_TITLE_OF_TAG = {"innovative_sme": "创新型中小企业", "specialised_sme": "专精特新中小企业",
                 "little_giant": "专精特新小巨人"}
_FIELDS = (("补短板", 0.12), ("锻长板", 0.08), ("填空白", 0.03), ("工业六基", 0.15), ("中华老字号", 0.005),
           ("产业链关键环节", 0.3), ("重点产业领域", 0.3))
_QUALITY = (("质量管理体系认证", 0.55), ("自主品牌", 0.45), ("参与标准制修订", 0.12), ("省级以上质量奖", 0.03))


def _figures(header: list[str], row: list[str]) -> dict[tuple[str, int | None], Decimal]:
    """(metric, year) → value of the numeric registry columns of one row."""
    out = {}
    for title, cell in zip(header, row, strict=True):
        column = parse_header(title)
        if column is not None and column.is_metric and cell:
            out[(column.key, column.year)] = Decimal(cell)
    return out


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


class _Enterprise:
    """The registry figures one enterprise's synthetic facts are drawn from."""

    def __init__(self, header: list[str], row: list[str], last_year: int):
        cells = dict(zip(header, row, strict=True))
        figures = _figures(header, row)
        self.uscc = cells["统一社会信用代码"]
        self.industry = cells["行业代码"]
        self.founded = date.fromisoformat(cells["成立日期"])
        self.tags = parse_tags(cells["资质/标签"])[0]
        self.revenue = figures.get(("revenue", last_year), Decimal(1))
        rd = [figures.get(("rd_expense", y), Decimal(0)) for y in (last_year - 1, last_year)]
        self.rd_growth = (rd[1] - rd[0]) * 100 / rd[0] if rd[0] else Decimal(0)
        ratio = float(rd[1] / self.revenue) if self.revenue else 0.0
        # The generator draws R&D at 0–3% of revenue for most firms and 3–30% for technology firms: 6% ≈ 1.
        self.innovation = min(1.0, max(0.0, ratio / 0.06))
        self.size = math.log10(max(float(self.revenue), 1.0))  # 3 ≈ 1000万元, 4 ≈ 1亿元


def _ip(rng: random.Random, e: _Enterprise) -> dict[str, int]:
    strength = e.innovation ** 2 * max(e.size - 1.5, 0.2)  # patents come with sustained R&D
    return {
        "ip_class1_high_value": rng.randint(1, 3) if _chance(rng, 0.25 * e.innovation ** 2) else 0,
        "ip_class1_self_developed": int(rng.expovariate(1.0) * 3 * strength),
        "ip_class1_other": rng.choice((1, 1, 2)) if _chance(rng, 0.1 * e.innovation) else 0,
        "ip_class2": int(rng.expovariate(1.0) * 12 * strength),
    }


def _market(rng: random.Random, e: _Enterprise) -> dict[str, Any]:
    share = min(60.0, max(0.1, float(e.revenue) / math.exp(rng.gauss(math.log(150_000), 0.9)) * 100))
    rank = max(1, int(40 / share ** 0.8 * math.exp(rng.gauss(0, 0.3))))
    return {"market_share_pct": f"{share:.1f}", "national_rank": rank, "market_leading": share >= 5 or rank <= 10}


def _institution(rng: random.Random, e: _Enterprise) -> str:
    level = e.innovation + 0.2 * (e.size - 3.5) + rng.gauss(0, 0.2)
    for bound, name in ((1.3, "国家级"), (1.0, "省级"), (0.6, "市级"), (0.35, "市级以下")):
        if level >= bound and (name != "国家级" or e.size >= 4.3):
            return name
    return "无"


def _titles(e: _Enterprise, last_year: int) -> list[dict[str, Any]]:
    """The titles the registry row holds, with their years (the generator only gives titles from the year
    each began, and 创新型中小企业 from 2022)."""
    return [{"title": _TITLE_OF_TAG[tag], "year": year or last_year} for tag, year in e.tags if tag in _TITLE_OF_TAG]


def facts_for(e: _Enterprise, rng: random.Random, last_year: int) -> dict[str, Any]:
    """The synthetic facts of one enterprise, as a facts-file object."""
    age = last_year - e.founded.year
    equity = round(math.exp(rng.gauss(math.log(1500), 1.0))) if _chance(rng, 0.005 + 0.03 * e.innovation ** 2) else 0
    market = _market(rng, e)
    awards = []
    if _chance(rng, 0.003 + 0.03 * e.innovation ** 2):
        level = "国家级" if e.size >= 4.5 and _chance(rng, 0.3) else rng.choice(("省级", "省级", "市级"))
        awards.append({"level": level, "rank": rng.randint(1, 6), "year": last_year - rng.randint(0, 4)})
    facts: dict[str, Any] = {
        "uscc": e.uscc,
        "years_in_niche": max(0, age - rng.choice((0, 0, 0, 1, 2, 4))),
        **_ip(rng, e), **market,
        "rd_institution_level": _institution(rng, e),
        "awards": awards,
        "qualifications": ["知识产权优势企业"] if _chance(rng, 0.02 * e.innovation) else [],
        "equity_financing_2y_wan": equity,
        "equity_financing_3y_wan": equity + (round(rng.uniform(0, 800)) if _chance(rng, 0.05) else 0),
        "product_fields": [name for name, p in _FIELDS if _chance(rng, p * (0.5 + e.innovation))],
        "strategic_emerging": _chance(rng, 0.25 + 0.5 * e.innovation),
        "chuangke_top500": _chance(rng, 0.005 + 0.03 * e.innovation),
        "digital_level": min(4, 1 + (e.size > 3.2) + (e.size > 4.0 and _chance(rng, 0.6)) + _chance(rng, 0.1)),
        "quality_items": [name for name, p in _QUALITY if _chance(rng, min(1.0, p * (0.6 + 0.15 * e.size)))],
        "development_score": max(0, min(100, round(30 + 40 * e.innovation + 8 * (e.size - 3.5)
                                                   + rng.gauss(0, 8)))),
        "provincial_indicators": {"主导产品细分市场占有率": market["market_share_pct"],
                                  "近2年研发费用平均增长率": f"{e.rd_growth:.1f}",
                                  "本省重点产业链配套企业": 1 if _chance(rng, 0.4) else 0},
        "titles": _titles(e, last_year),
    }
    held = {tag for tag, _ in e.tags}
    if held & {"specialised_sme", "little_giant"}:  # holders were recognised with related Ⅰ类 IP and an R&D centre
        needed = 4 if "little_giant" in held else 1
        facts["ip_class1_self_developed"] = max(facts["ip_class1_self_developed"], needed + rng.randint(0, 3))
        if facts["rd_institution_level"] in ("无", "市级以下"):
            facts["rd_institution_level"] = "市级"
    if e.industry[:2].isdigit() and 13 <= int(e.industry[:2]) <= 43:  # 制造业
        # 基础级 is self-assessed and common; 先进级 (provincial) is rare, 卓越级 (national) only for large plants.
        weights = (70, 24, 5, 1) if e.size >= 4.7 else (80, 18, 2, 0)
        facts["smart_factory_level"] = rng.choices(("无", "基础级", "先进级", "卓越级"), weights)[0]
        if facts["smart_factory_level"] != "无":
            facts["smart_factory_on"] = date(rng.randint(last_year - 2, last_year), rng.randint(1, 12),
                                             rng.randint(1, 28)).isoformat()
        if facts["digital_level"] >= 2 and _chance(rng, 0.5):
            facts["maturity_score"] = f"{min(5.0, rng.uniform(0.8, 1.0 + 0.8 * facts['digital_level'])):.1f}"
            facts["maturity_assessed_on"] = date(last_year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    return facts


def write_demo_facts(registry: Path, out: Path, seed: int = 7, last_year: int | None = None) -> int:
    """Write a facts JSON file for every row of a synthetic registry CSV; returns the count."""
    last_year = last_year or date.today().year - 1
    rng = random.Random(seed)
    with open(registry, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        items = [facts_for(_Enterprise(header, row, last_year), rng, last_year) for row in reader]
    out.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)
