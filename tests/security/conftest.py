"""Security fixtures: one demo database (示例数据) per session, copied for tests that write, the matrix's
`world` (one copy read by every account), plus the API fixtures (`client`, `seeded`) on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.conftest import client, seeded  # noqa: F401
from chainatlas.services import casework, lists, monitoring, setup
from chainatlas.services.atlas import placement
from chainatlas.store import cache
from chainatlas.store.db import engine_for, resolve_url
from importers.files import uscc, write_csv
from security.helpers import app_client, bearer, upload
from security.world import ACCOUNTS, World, read_world
from services.factories import OPERATOR, add_enterprise
from services.monitoring.factories import demo_figures

# Enterprises outside the demo city: 株洲 lies in the demo province, 深圳 outside it; both on the
# lithium-battery chain and with contacts, so every scope and share has something to leave out.
OUTSIDERS = (("株洲越界锂电材料有限公司", "430211"), ("深圳越界电池科技有限公司", "440305"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (10 accounts, 2 agreements) with the two outsiders; never written by tests."""
    path = tmp_path_factory.mktemp("security") / "demo.db"
    setup.build_demo(str(path), size=400)
    engine = engine_for(resolve_url(str(path)))
    for n, (name, region) in enumerate(OUTSIDERS, start=901):
        eid = add_enterprise(engine, name, uscc=uscc(n, region), region_code=region, contact_person="越界联系人",
                             contact_phone="13912345678", legal_representative="越界法人",
                             main_products="锂电池负极材料", business_scope="负极材料")
        placement.place_manually(engine, str(eid), "lithium-battery", "anode", None, viewer=OPERATOR)
        casework.add_problem(engine, title=f"{name}的越界问题", enterprise=str(eid), category="用地", viewer=OPERATOR)
    # Work-list items outside the demo city (株洲), which no city or district account may read.
    outside = {"chain": "lithium-battery", "region": "430211"}
    lists.create_goal(engine, {**outside, "indicator": "产值", "unit": "亿元", "period": "2026", "target": "50"},
                      viewer=OPERATOR)
    lists.create_project(engine, {**outside, "name": "株洲越界锂电项目", "amount": "2亿",
                                  "local_enterprise": OUTSIDERS[0][0]}, viewer=OPERATOR)
    lists.create_result(engine, {**outside, "title": "株洲越界成果", "institution": OUTSIDERS[0][0]}, viewer=OPERATOR)
    demo_figures(engine)
    for region in ("430200", "440300"):  # risk warnings naming the outsiders (single-source links there)
        monitoring.scan(engine, region, ["lithium-battery"])
    engine.dispose()
    cache.forget(engine)
    return path


def copy_of(template: Path, folder: Path) -> str:
    """A private copy of a SQLite database file; returns its path (a new URL, so no shared caches)."""
    target = folder / template.name
    shutil.copyfile(template, target)
    return str(target)


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> str:
    """A fresh copy of the demo database for one test that writes."""
    return copy_of(demo_template, tmp_path)


@pytest.fixture(scope="session")
def world(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One copy of the demo database for all read checks; the admin has run one (rejected) import."""
    db = copy_of(demo_template, tmp_path_factory.mktemp("matrix"))
    engine = engine_for(resolve_url(db))
    admin = app_client(db, **bearer(engine, "demo-admin"))
    bad = write_csv(tmp_path_factory.mktemp("upload") / "bad.csv", ["企业名称", "统一社会信用代码", "所属区县"],
                    [["越界导入有限公司", uscc(950, "440305"), "440305"]])
    job = upload(admin, bad)
    w = World(engine=engine, job_id=job["id"], **read_world(engine))
    w.clients = {a.username: app_client(db, **bearer(engine, a.username)) for a in ACCOUNTS}
    yield w
    engine.dispose()
