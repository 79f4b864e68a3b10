"""Viewers and items for the work-list tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from chainatlas.domain.access import ALL_GROUPS, Area, Role, Viewer
from chainatlas.services import lists
from services.factories import OPERATOR

TODAY = date(2025, 7, 2)  # 183 of 365 days of 2025 gone: 50.14%
CITY = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430100", groups=ALL_GROUPS),), username="city")
YUELU = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430104", groups=ALL_GROUPS),), username="yuelu")
INVEST = Viewer(role=Role.INVESTMENT, areas=(Area(region="430100", groups=ALL_GROUPS),), username="invest")
READONLY = Viewer(role=Role.READONLY, areas=(Area(region="430100", groups=ALL_GROUPS),), username="viewer")


def project(engine: Engine, name: str = "宁德时代长沙锂电池基地", viewer: Viewer = OPERATOR, **data: Any) -> dict[str, Any]:
    values = {"name": name, "list": "major", "chain": "lithium-battery", "region": "430104", "amount": "5.5亿",
              "on": date(2025, 1, 6), **data}
    return lists.create_project(engine, values, viewer=viewer, today=TODAY)


def goal(engine: Engine, viewer: Viewer = OPERATOR, **data: Any) -> dict[str, Any]:
    values = {"indicator": "产业链规上企业营收", "unit": "亿元", "chain": "lithium-battery", "region": "430100",
              "period": "2025", "target": "1000", **data}
    return lists.create_goal(engine, values, viewer=viewer, today=TODAY)
