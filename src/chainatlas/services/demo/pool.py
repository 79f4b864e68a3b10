"""The demo's external enterprise pool (示例数据): synthetic firms in other provinces, larger than the demo
city's and with more titles, on every link of every chain — so the demo city's missing and weak links get
sensible investment targets. Written as a registry file and imported with `chainatlas import … --pool`."""

from __future__ import annotations

import csv
from pathlib import Path

from chainatlas.services.demo.registry import DEMO_MARK, RegistryGenerator

POOL_NAME = f"{DEMO_MARK}·外省重点企业库"
# Provinces with strong industrial bases, outside the demo city's province (湖南, 43).
PROVINCES = ("320000", "440000", "330000", "310000", "350000", "510000", "370000", "420000")
REVENUE_SCALE = 30.0  # listed companies and bought lists lean to larger firms than a city's registry


def write_pool(out: Path, count: int, seed: int = 4417, years: int = 3) -> int:
    """A CSV of `count` pool firms spread over PROVINCES, each link of each chain equally likely."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for n, province in enumerate(PROVINCES):
            generator = RegistryGenerator(region=province, seed=seed + n, years=years)
            generator.weights = [1.0] * len(generator.weights)  # no gaps of its own: every link has suppliers
            generator.revenue_scale = REVENUE_SCALE
            if n == 0:
                writer.writerow(generator.headers())
            share = count // len(PROVINCES) + (1 if n < count % len(PROVINCES) else 0)
            for i, (row, _) in enumerate(generator.rows(share)):
                del i
                writer.writerow(row)
                written += 1
    return written
