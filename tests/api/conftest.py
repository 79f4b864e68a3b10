"""API fixtures: an app over the test database (SQLite and PostgreSQL) and a small seeded atlas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chainatlas.server import create_app
from chainatlas.services.atlas import placement
from chainatlas.store import cache
from importers.files import uscc
from services.factories import OPERATOR, add_enterprise, platform_admin_token

WAN = 1_000_000  # fen per 万元


@pytest.fixture
def client(db: str, engine: Engine) -> Iterator[TestClient]:
    """A client of the whole app (API and pages) signed in as a platform admin by API token;
    server errors come back as 500 responses."""
    cache.forget(engine)
    token = platform_admin_token(engine)
    with TestClient(create_app(db), raise_server_exceptions=False,
                    headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


@dataclass
class Seeded:
    graphite: int
    separator: int
    electrolyte: int
    unplaced: int


@pytest.fixture
def seeded(engine: Engine) -> Seeded:
    """Four enterprises of 长沙/株洲 on the lithium-battery chain (one not placed)."""
    graphite = add_enterprise(engine, "湖南星城石墨科技有限公司", uscc=uscc(1, "430104"), region_code="430104",
                              park="长沙高新技术产业开发区", revenue_fen=50_000 * WAN, revenue_year=2024, employees=900,
                              industry_code="3985", main_products="人造石墨负极材料、石墨化加工",
                              business_scope="石墨负极材料的研发、生产与销售")
    separator = add_enterprise(engine, "长沙隔膜新材料有限公司", uscc=uscc(2, "430111"), region_code="430111",
                               revenue_fen=3_000 * WAN, revenue_year=2024, employees=120, industry_code="2922",
                               main_products="湿法锂电池隔膜", business_scope="锂电池隔膜制造")
    electrolyte = add_enterprise(engine, "株洲电解液化工有限公司", uscc=uscc(3, "430211"), region_code="430211",
                                 revenue_fen=800 * WAN, revenue_year=2024, employees=40, industry_code="2669",
                                 main_products="六氟磷酸锂电解液", business_scope="化工产品（不含危险化学品）销售")
    unplaced = add_enterprise(engine, "长沙米粉餐饮管理有限公司", uscc=uscc(4, "430102"), region_code="430102",
                              main_products="米粉", business_scope="餐饮服务")
    placement.place_manually(engine, str(graphite), "lithium-battery", "anode", "leader", viewer=OPERATOR)
    placement.place_manually(engine, str(separator), "lithium-battery", "separator", "key", viewer=OPERATOR)
    placement.place_manually(engine, str(electrolyte), "lithium-battery", "electrolyte", None, viewer=OPERATOR)
    cache.forget(engine)
    return Seeded(graphite, separator, electrolyte, unplaced)
