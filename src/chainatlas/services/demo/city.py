"""Where synthetic firms sit (示例数据): districts and parks with the industries they really hold.

For 长沙市 (the demo city) the parks are the city's real development zones, each
inside its own district, with the chains it is known for (written by the
ChainAtlas authors from public knowledge: 长沙经开区 in 长沙县 for 工程机械 and
汽车, 长沙高新区 in 岳麓区 for 电子信息 and 新材料, 浏阳 and 宁乡 for 储能材料 …).
Manufacturers cluster in the outer districts and counties; the inner districts
(芙蓉、天心、开福) hold mostly service and trading firms. Any other region gets
one park per county named after it, holding two or three chains.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from chainatlas.domain.regions import Region


@dataclass(frozen=True)
class Park:
    name: str
    county: str  # GB/T 2260 code of the district the park lies in
    chains: tuple[str, ...]  # chain ids of the industries the park holds
    kinds: tuple[str, ...] = ()  # kinds of firms on no chain it holds (食品, 物流 …)


CHANGSHA_PARKS = (
    Park("长沙经济技术开发区", "430121", ("construction-machinery", "new-energy-vehicle", "uhv-transmission",
                                        "testing-instruments"), ("制造",)),
    Park("长沙高新技术产业开发区", "430104", ("advanced-computing", "beidou", "carbon-materials",
                                          "construction-machinery", "biomedicine", "lithium-battery")),
    Park("长沙岳麓高新技术产业开发区", "430104", ("testing-instruments", "carbon-materials", "advanced-computing")),
    Park("浏阳经济技术开发区", "430181", ("advanced-computing", "biomedicine", "audio-video"), ("食品",)),
    Park("浏阳高新技术产业开发区", "430181", ("lithium-battery", "carbon-materials", "construction-machinery"),
         ("制造",)),
    Park("宁乡经济技术开发区", "430182", ("lithium-battery", "construction-machinery", "new-energy-vehicle"),
         ("食品",)),
    Park("宁乡高新技术产业园区", "430182", ("lithium-battery", "carbon-materials")),
    Park("望城经济技术开发区", "430112", ("lithium-battery", "carbon-materials", "advanced-computing"), ("食品",)),
    Park("长沙雨花经济开发区", "430111", ("construction-machinery", "new-energy-vehicle", "uhv-transmission",
                                        "testing-instruments")),
    Park("长沙天心经济开发区", "430103", ("advanced-computing", "testing-instruments"), ("服务",)),
    Park("马栏山视频文创产业园", "430105", ("audio-video", "advanced-computing"), ("服务",)),
    Park("长沙金霞经济开发区", "430105", (), ("物流", "零售")),
    Park("长沙隆平高新技术产业园区", "430102", (), ("食品",)),
)
INNER_DISTRICTS = frozenset(("430102", "430103", "430105"))  # 芙蓉、天心、开福
# Relative weight of each 长沙 district for factories and for service/trading firms.
_CHANGSHA_FACTORY = {"430121": 22, "430181": 16, "430182": 14, "430112": 12, "430104": 14, "430111": 12,
                     "430105": 4, "430103": 3, "430102": 3}
_CHANGSHA_SERVICE = {"430104": 24, "430102": 16, "430103": 14, "430105": 14, "430111": 14, "430121": 9,
                     "430112": 4, "430181": 3, "430182": 2}
# Out-of-chain lines that belong to one place (浏阳 is the fireworks town).
LINE_COUNTIES = {"烟花爆竹": "430181"}
_PARK_SUFFIXES = ("经济技术开发区", "高新技术产业开发区", "工业园", "产业园")


class CityLayout:
    """Districts of a region with weights by kind of firm, and the parks inside them."""

    def __init__(self, counties: list[Region], chain_ids: list[str], rng: random.Random):
        self.counties = counties
        codes = {c.code for c in counties}
        if codes and codes <= set(_CHANGSHA_FACTORY):
            self.parks = tuple(p for p in CHANGSHA_PARKS if p.county in codes)
            self.factory = [_CHANGSHA_FACTORY[c.code] for c in counties]
            self.service = [_CHANGSHA_SERVICE[c.code] for c in counties]
            self.inner = INNER_DISTRICTS & codes
        else:
            self.parks = tuple(self._generic_park(c, chain_ids, rng) for c in counties)
            self.factory = [1.0] * len(counties)
            self.service = [1.0] * len(counties)
            self.inner = frozenset()
        self.parks_of: dict[str, list[Park]] = {}
        for park in self.parks:
            self.parks_of.setdefault(park.county, []).append(park)
        self.position = {c.code: i for i, c in enumerate(counties)}
        self._weights: dict[tuple[bool, str | None, str | None], list[float]] = {}

    @staticmethod
    def _generic_park(county: Region, chain_ids: list[str], rng: random.Random) -> Park:
        name = county.name
        stem = name[:-1] if len(name) > 2 else name
        chains = tuple(rng.sample(chain_ids, k=min(len(chain_ids), rng.choice((2, 3)))))
        return Park(stem + _PARK_SUFFIXES[int(county.code) % len(_PARK_SUFFIXES)], county.code, chains,
                    ("制造", "食品"))

    def county(self, rng: random.Random, factory: bool, chain: str | None, kind: str | None) -> Region:
        """A district for a firm: factories where factories are, more so where a park holds their industry."""
        key = (factory, chain, kind)
        weights = self._weights.get(key)
        if weights is None:
            base = self.factory if factory else self.service
            weights = []
            for county, weight in zip(self.counties, base, strict=True):
                holds = any((chain is not None and chain in p.chains) or (kind is not None and kind in p.kinds)
                            for p in self.parks_of.get(county.code, ()))
                weights.append(weight * (3.0 if holds else 1.0))
            self._weights[key] = weights = list(itertools.accumulate(weights))
        return rng.choices(self.counties, cum_weights=weights)[0]

    def park(self, rng: random.Random, county: str, chain: str | None, kind: str | None) -> str:
        """The park of a firm in a district: only a park of that district that holds the firm's industry."""
        fitting = [p for p in self.parks_of.get(county, ())
                   if (chain is not None and chain in p.chains) or (kind is not None and kind in p.kinds)]
        if fitting and rng.random() < 0.75:
            return rng.choice(fitting).name
        return ""
