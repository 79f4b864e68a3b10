"""The 招商图谱 of a chain: every missing or weak link of a region with its top targets, and its Excel export
(one sheet per link, the reasons in a column)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.gaps import STATUS_LABELS
from chainatlas.domain.targets import PART_LABELS, PARTS
from chainatlas.exporters import WAN_YUAN, Column, Sheet, xlsx_bytes
from chainatlas.services import atlas
from chainatlas.services.targets.ranking import get_weights, recommend, weights_as_dict
from chainatlas.services.targets.whatif import gap_report

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def target_map(engine: Engine, chain_id: str, region: str | None, *, viewer: Viewer, limit: int = 5,
               pool: str | None = None) -> dict[str, Any]:
    """Per missing or weak link (missing first, then by importance): its status and top `limit` targets."""
    viewer.require(Permission.READ)
    region = region or viewer.own_region()
    if not region:
        raise InvalidInput("请指定地区：招商图谱是相对一个地区而言的")
    chain = atlas.get_chain(engine, chain_id)
    report = gap_report(engine, chain.id, region, None, viewer)
    weights = get_weights(engine)
    gaps = sorted((g for g in report.links if g.status != "covered"),
                  key=lambda g: (g.status != "missing", -g.importance))
    links = []
    for gap in gaps:
        found = recommend(engine, chain.id, gap.id, region, viewer=viewer, limit=limit, pool=pool, report=report,
                          weights=weights)
        links.append({"id": gap.id, "name": gap.name, "stage": gap.stage, "status": gap.status,
                      "status_label": STATUS_LABELS[gap.status], "importance": gap.importance,
                      "enterprises": gap.enterprises, "reasons": list(gap.reasons), "candidates": found["candidates"],
                      "excluded": found["excluded"], "items": found["items"]})
    return {"chain": chain.id, "chain_name": chain.name, "region": region,
            "region_name": reference.regions().name_of(region), "supporting_rate": report.supporting_rate,
            "weighted_supporting_rate": report.weighted_supporting_rate, "weights": weights_as_dict(weights),
            "links": links}


COLUMNS = (Column("rank", "名次", 6), Column("name", "企业名称", 34), Column("uscc", "统一社会信用代码", 22),
           Column("region", "所在地", 20), Column("source", "来源", 18), Column("score", "得分", 8, "0.000"),
           *(Column(p, PART_LABELS[p], 10, "0.000") for p in PARTS),
           Column("revenue", "营业收入（万元）", 16, WAN_YUAN), Column("reasons", "推荐理由", 80))


def target_map_workbook(data: dict[str, Any], mark: str | None = None) -> bytes:
    """One sheet per missing or weak link; the weights in force and the region in each sheet's heading."""
    sheets = []
    used: set[str] = set()
    for link in data["links"]:
        name = _SHEET_UNSAFE.sub("", link["name"])[:28] or link["id"][:28]
        while name in used:
            name = name[:26] + f"{len(used)}"
        used.add(name)
        rows = [{"rank": n, "name": i["enterprise"]["name"], "uscc": i["enterprise"]["uscc"],
                 "region": i["enterprise"]["region_name"], "source": i["enterprise"]["source_label"],
                 "score": i["score"], **i["parts"],
                 "revenue": Decimal(i["facts"]["revenue_wan_yuan"]) if i["facts"]["revenue_wan_yuan"] else None,
                 "reasons": "；".join(i["reasons"])} for n, i in enumerate(link["items"], start=1)]
        sheets.append(Sheet(name, COLUMNS, rows, heading=(
            f"{data['chain_name']} · {link['name']}（{data['region_name']}{link['status_label']}，本地 "
            f"{link['enterprises']} 家）招商目标",
            f"评分权重：{data['weights']['name']}", *([mark] if mark else []))))
    if not sheets:
        sheets.append(Sheet("招商图谱", (Column("note", "说明", 60),),
                            [{"note": f"{data['region_name']}的{data['chain_name']}没有缺链或弱链"}]))
    return xlsx_bytes(sheets)
