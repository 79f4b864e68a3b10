"""The matrix for targets (招商目标), enterprise pools and what-if scenarios: every account reads a chain's targets;
pools are imported and dropped by the writing roles, the ranking weights set by an administrator; what-ifs are
run and saved by every reading role and stay the organisation's own (matrix.py has the machinery)."""

from __future__ import annotations

import pytest

from chainatlas.store.db import engine_for, resolve_url
from importers.files import uscc
from security.helpers import app_client, bearer
from security.matrix import Reads, Write, Writes, check_reads, everyone, own_and_outside
from security.world import ACCOUNTS, LITHIUM, Account, World

READS: dict[str, Reads] = {
    "/whatif/scenarios": everyone("/whatif/scenarios"),
    "/pools": everyone("/pools"),
    "/chains/{chain_id}/links/{link_id}/targets": everyone(
        *(f"/chains/{LITHIUM}/links/{link}/targets?region={r}" for link in ("anode", "separator")
          for r in ("430100", "430104", "430211"))),
    "/chains/{chain_id}/targets": everyone(f"/chains/{LITHIUM}/targets?region=430100",
                                           f"/chains/{LITHIUM}/targets?region=430111"),
    "/chains/{chain_id}/targets.xlsx": everyone(f"/chains/{LITHIUM}/targets.xlsx?region=430100"),
    "/targets/saved": everyone("/targets/saved", "/targets/saved?decision=dismissed"),
    "/targets/weights": everyone("/targets/weights"),
    "/whatif/scenarios/{scenario_id}": lambda w, a: [("/whatif/scenarios/999", 404)],  # scoping: test below
}


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_are_allowed_by_role_and_stay_within_the_scope(world: World, endpoint: str, account: Account) -> None:
    check_reads(world, account, endpoint, READS[endpoint](world, account))


def whatif(w: World, a: Account) -> list[Write]:
    """Every reading role may run and save a what-if; an enterprise it may not read cannot be added."""
    _, outside = own_and_outside(w, a)
    run = {"chain": LITHIUM, "region": "430100", "additions": [{"name": "假设隔膜厂", "link": "separator"}]}
    return [Write("POST", "/whatif", 200, run),
            Write("POST", "/whatif", 404, {**run, "additions": [{"key": f"E{outside}", "link": "anode"}]}),
            Write("POST", "/whatif/scenarios", 200, {**run, "name": f"方案-{a.username}"})]


def pool_writes(w: World, a: Account) -> list[Write]:
    """Pools are imported and dropped by the roles that write the registry; any reading role decides on targets,
    but not on an enterprise it may not read."""
    _, outside = own_and_outside(w, a)
    decide = {"chain": LITHIUM, "link": "anode", "region": "430100", "target": f"E{outside}", "decision": "accepted"}
    return [Write("POST", "/targets/decisions", 404, decide),
            Write("POST", "/targets/decisions", 200, {**decide, "target": "P1"}),
            Write("DELETE", "/pools/无此企业库", 404 if a.writes else 403)]


def weights_write(w: World, a: Account) -> list[Write]:
    """The deployment's ranking weights are an administrator's setting; restoring the defaults too."""
    status = 200 if a.admin else 403
    return [Write("PUT", "/targets/weights", status, {"name": "重产品匹配", "weights": {"fit": 0.6, "scale": 0.4}}),
            Write("PUT", "/targets/weights", status, {"weights": None})]


def pool_upload(w: World, a: Account) -> list[Write]:
    return [Write("POST", "/pools/import", 200 if a.writes else 403, csv_rows=[["外地隔膜有限公司", uscc(953, "320500"), "320500"]])]


WRITES: dict[tuple[str, str], Writes] = {
    ("POST", "/targets/decisions"): pool_writes,
    ("DELETE", "/pools/{name}"): pool_writes,
    ("POST", "/pools/import"): pool_upload,
    ("PUT", "/targets/weights"): weights_write,
    ("POST", "/whatif"): whatif,
    ("POST", "/whatif/scenarios"): whatif,
}


def test_saved_scenarios_are_the_organisations_own(demo_db: str) -> None:
    """A district does not see the city's scenarios, by list or by number; the city's colleague does."""
    engine = engine_for(resolve_url(demo_db))
    city, invest, yuelu = (app_client(demo_db, **bearer(engine, u)) for u in ("demo-city", "demo-viewer", "demo-yuelu"))
    body = {"chain": LITHIUM, "region": "430100", "name": "市里的方案",
            "additions": [{"name": "假设电解液厂", "link": "electrolyte", "revenue_wan_yuan": "1000"}]}
    saved = city.post("/api/v1/whatif/scenarios", json=body)
    assert saved.status_code == 200, saved.text
    number = saved.json()["scenario"]["id"]
    assert [s["name"] for s in invest.get("/api/v1/whatif/scenarios").json()] == ["市里的方案"]
    assert invest.get(f"/api/v1/whatif/scenarios/{number}").status_code == 200
    assert yuelu.get("/api/v1/whatif/scenarios").json() == []
    assert yuelu.get(f"/api/v1/whatif/scenarios/{number}").status_code == 404
    engine.dispose()
