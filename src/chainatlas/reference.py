"""Reference data shipped in the package: regions, industry codes, chain templates."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import yaml

from chainatlas.domain.chain import Chain, parse_chain
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.names import NameNormaliser
from chainatlas.domain.regions import Region, RegionIndex

DATA = Path(__file__).parent / "data"
CHAIN_DIR = DATA / "chains"


def _rows(file_name: str) -> list[dict[str, str]]:
    with open(DATA / file_name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def regions() -> RegionIndex:
    return RegionIndex(Region(r["code"], r["name"], r["level"], r["parent"])
                       for r in _rows("regions_gbt2260.csv"))


@cache
def industries() -> dict[str, str]:
    """GB/T 4754-2017 code → name (names may be empty for 大类/中类)."""
    return {r["code"]: r["name"] for r in _rows("industries_gbt4754_2017.csv")}


@cache
def name_normaliser() -> NameNormaliser:
    return NameNormaliser((r.code, r.name, r.level) for r in regions().by_code.values())


def read_chain_file(path: Path) -> Chain:
    """Parse and validate a chain template file, with errors naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"找不到产业链模板文件：{path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name}：无法解析 YAML：{exc}") from None
    chain = parse_chain(data, source=path.name)
    known = industries()
    unknown = [f"{link.id}: {code}" for link in chain.links for code in link.industry_codes
               if code not in known]
    if unknown:
        raise InvalidInput(f"{path.name}：GB/T 4754-2017 中不存在的行业代码：{'，'.join(unknown)}")
    return chain


def builtin_chain_files() -> list[Path]:
    return sorted(CHAIN_DIR.glob("*.yaml"))
