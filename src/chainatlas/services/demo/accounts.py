"""Demo organisations, one demo account per role, and two sharing agreements (示例数据 only).

The tree: 湖南省 → 长沙市 → 岳麓区, 雨花区, and a park of the city; beside it an
industry alliance and a bank, and one enterprise with its own account. The city
shares its enterprises' figures (no contacts) with the bank for financing, and
the lithium-battery chain's enterprises with the alliance. Every demo account
has the same, clearly marked demo password; real deployments get none.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from chainatlas.domain.access import Viewer
from chainatlas.services import access
from chainatlas.store.models import enterprises

DEMO_PASSWORD = "chainatlas-demo"  # demo databases only, printed and shown as such
PROVINCE, CITY = "湖南省（示例）", "长沙市（示例）"
DISTRICTS = (("岳麓区（示例）", "430104"), ("雨花区（示例）", "430111"))
ALLIANCE, BANK = "湖南省先进储能材料产业联盟（示例）", "长沙示例银行"
# username, role, organisation, name shown
ACCOUNTS = (
    ("demo-admin", "admin", PROVINCE, "系统管理员（示例）"),
    ("demo-city", "chain_office", CITY, "市链长办（示例）"),
    ("demo-invest", "investment_bureau", CITY, "市招商局（示例）"),
    ("demo-viewer", "readonly", CITY, "市领导只读（示例）"),
    ("demo-yuelu", "chain_office", DISTRICTS[0][0], "岳麓区链长办（示例）"),
    ("demo-yuhua", "chain_office", DISTRICTS[1][0], "雨花区链长办（示例）"),
    ("demo-park", "park", "park", "园区管委会（示例）"),
    ("demo-alliance", "alliance", ALLIANCE, "产业联盟秘书处（示例）"),
    ("demo-bank", "bank", BANK, "银行客户经理（示例）"),
    ("demo-enterprise", "enterprise", "enterprise", "企业填报员（示例）"),
)


def build(engine: Engine) -> dict[str, Any]:
    """Create the demo organisations, accounts and agreements in a demo database."""
    operator = Viewer.operator("cli")
    with engine.connect() as conn:
        park = conn.execute(select(enterprises.c.park).where(enterprises.c.park.is_not(None), enterprises.c.park != "")
                            .group_by(enterprises.c.park).order_by(func.count().desc()).limit(1)).scalar()
        leader = conn.execute(select(enterprises.c.id, enterprises.c.name)
                              .where(enterprises.c.region_code == DISTRICTS[0][1])
                              .order_by(enterprises.c.revenue_fen.desc().nulls_last()).limit(1)).first()
    make = access.create_organisation
    make(engine, operator, PROVINCE, "province", region="430000")
    make(engine, operator, CITY, "city", parent=PROVINCE, region="430100")
    for name, code in DISTRICTS:
        make(engine, operator, name, "district", parent=CITY, region=code)
    orgs = {"park": None, "enterprise": None}
    if park:
        orgs["park"] = make(engine, operator, f"{park}管委会（示例）", "park", parent=CITY, region="430100",
                            park=park)["name"]
    make(engine, operator, ALLIANCE, "alliance")
    make(engine, operator, BANK, "bank")
    if leader:
        orgs["enterprise"] = make(engine, operator, f"{leader.name}（示例企业账号）", "enterprise",
                                  parent=DISTRICTS[0][0], enterprise=str(leader.id))["name"]
    made = []
    for username, role, org, display in ACCOUNTS:
        org_name = orgs.get(org, org)
        if org_name is None:
            continue
        access.create_user(engine, operator, username, DEMO_PASSWORD, org_name, role, display, demo=True)
        made.append(username)
    until = date.today() + timedelta(days=365)
    access.create_agreement(engine, operator, grantor=CITY, grantee=BANK, purpose="融资对接：向银行提供企业经营与评价数据（不含联系人）",
                      fields=["metrics", "tags", "evaluations"], valid_to=until)
    access.create_agreement(engine, operator, grantor=CITY, grantee=ALLIANCE, chain="lithium-battery",
                      purpose="产业链协同：联盟对接锂电池产业链上下游企业",
                      fields=["business", "tags", "placements"], valid_to=until)
    return {"accounts": made, "password": DEMO_PASSWORD}
