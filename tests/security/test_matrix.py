"""Every demo role × every API endpoint: allowed or refused as the role says, and nothing returned
that lies outside the account's data scope (no cross-organisation leak), with non-shared fields left
out and personal data masked. The endpoints come from the OpenAPI document, so a new endpoint
without a matrix entry fails `test_every_endpoint_has_a_matrix_entry`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from chainatlas.domain import casework as casework_domain
from chainatlas.store.db import engine_for, resolve_url
from importers.files import uscc, write_csv
from security.conftest import copy_of
from security.helpers import app_client, bearer, upload
from security.world import (
    ACCOUNTS,
    KEY_GROUP,
    LITHIUM,
    PERSONAL,
    Account,
    World,
    check_no_leak,
    prefix,
    read_world,
)


@pytest.fixture(scope="module")
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


# ---- the matrix: each GET endpoint's requests and expected statuses per account ----------------------

Probe = tuple[str, int]  # (URL below /api/v1, expected status)
Extra = Callable[[World, Account, Any], None]


def everyone(*urls: str) -> Callable[[World, Account], list[Probe]]:
    return lambda w, a: [(u, 200) for u in urls]


def admin_only(url: str) -> Callable[[World, Account], list[Probe]]:
    return lambda w, a: [(url, 200 if a.admin else 403)]


def own_job(suffix: str) -> Callable[[World, Account], list[Probe]]:
    """Import jobs are their owner's (and an admin's); others are told it does not exist."""
    return lambda w, a: [(f"/imports/{w.job_id}{suffix}", 200 if a.admin else 404)]


def samples(w: World, a: Account) -> tuple[list[int], list[int]]:
    """A few enterprises in scope (those with contacts first) and out of it (the other district's,
    the outsiders)."""
    allowed = sorted(w.allowed(a), key=lambda i: (w.rows[i]["contact_person"] is None, i))[:3]
    other = [i for region in ("430104", "430111", "430211", "440305") for i in w.in_region(region)[:1]]
    return allowed, [i for i in other if i not in w.allowed(a)]


def profiles(w: World, a: Account) -> list[Probe]:
    allowed, forbidden = samples(w, a)
    return [(f"/enterprises/{i}", 200) for i in allowed] + [(f"/enterprises/{i}", 404) for i in forbidden] + \
        [(f"/enterprises/{w.rows[i]['uscc']}", 404) for i in forbidden]


def evaluations(w: World, a: Account) -> list[Probe]:
    allowed, forbidden = samples(w, a)
    granted = 200 if "evaluations" in a.groups else 403
    return [(f"/enterprises/{i}/evaluation", granted) for i in allowed] + \
        [(f"/enterprises/{i}/evaluation", 404) for i in forbidden]


def link_of_outsiders(w: World, a: Account) -> list[Probe]:
    return [(f"/chains/{LITHIUM}/links/anode/enterprises?limit=200", 200),
            (f"/chains/{LITHIUM}/links/anode/enterprises?region=430211", 200)]


def monthly_report(w: World, a: Account) -> list[Probe]:
    """A report needs the figures of its whole area (metrics over the region, not a park, an enterprise or a
    chain's slice): the city's report for the province and the city's accounts, 岳麓区's also for its own."""
    def allowed(region: str) -> int:
        whole = a.region is not None and region.startswith(prefix(a.region)) and "metrics" in a.groups
        return 200 if whole and not (a.own_park or a.own_enterprise or a.chain) else 403

    return [(f"/chains/{LITHIUM}/report.docx?region=430100&month=2025-10", allowed("430100")),
            (f"/chains/{LITHIUM}/report.docx?region=430104&month=2025-10", allowed("430104"))]


SCOPED = ("", "?region=430211", "?region=440305", "?region=430111")
GET_MATRIX: dict[str, Callable[[World, Account], list[Probe]]] = {
    "/ping": everyone("/ping"),
    "/ready": everyone("/ready"),
    "/overview": everyone("/overview"),
    "/filters": everyone("/filters"),
    "/auth/me": everyone("/auth/me"),
    "/tokens": everyone("/tokens"),
    "/chains": everyone("/chains"),
    "/chains/{chain_id}": everyone(f"/chains/{LITHIUM}"),
    "/chains/{chain_id}/map": everyone(*(f"/chains/{LITHIUM}/map{s}" for s in SCOPED)),
    "/chains/{chain_id}/gaps": everyone(*(f"/chains/{LITHIUM}/gaps{s}" for s in SCOPED)),
    "/chains/{chain_id}/gaps.xlsx": everyone(*(f"/chains/{LITHIUM}/gaps.xlsx{s}" for s in SCOPED[:2])),
    "/chains/{chain_id}/links/{link_id}/enterprises": link_of_outsiders,
    "/chains/{chain_id}/links/{link_id}/enterprises.xlsx": everyone(
        f"/chains/{LITHIUM}/links/anode/enterprises.xlsx", f"/chains/{LITHIUM}/links/anode/enterprises.xlsx?region=430211"),
    "/enterprises.xlsx": everyone("/enterprises.xlsx", "/enterprises.xlsx?q=越界", "/enterprises.xlsx?region=430211",
                                  "/enterprises.xlsx?chain=lithium-battery"),
    "/enterprises": everyone("/enterprises?limit=200", "/enterprises?q=越界", "/enterprises?region=430211",
                             "/enterprises?region=430111&limit=200", "/enterprises?chain=lithium-battery&limit=200"),
    "/enterprises/{key}": profiles,
    "/enterprises/{key}/evaluation": evaluations,
    "/cultivation": everyone("/cultivation?limit=500", "/cultivation?region=430211"),
    "/cultivation.xlsx": everyone("/cultivation.xlsx"),
    "/cultivation/{tier}/{kind}": everyone("/cultivation/innovative_sme/candidates?size=200",
                                           "/cultivation/specialised_sme/holders?region=430211&size=200",
                                           "/cultivation/little_giant/eligible?page=2&size=5"),
    "/imports": everyone("/imports"),
    "/imports/{job_id}": own_job(""),
    "/imports/{job_id}/errors": own_job("/errors"),
    "/imports/{job_id}/errors.csv": own_job("/errors.csv"),
    "/organisations": everyone("/organisations"),
    "/users": admin_only("/users"),
    "/agreements": everyone("/agreements"),
    "/audit": admin_only("/audit?limit=500"),
    "/audit.csv": admin_only("/audit.csv"),
    "/problems": everyone("/problems?limit=500", "/problems?overdue=true&limit=500", "/problems?region=440305",
                          "/problems?region=430211&limit=500", "/problems?supervised=true&reopened=true"),
    "/problems.xlsx": everyone("/problems.xlsx", "/problems.xlsx?region=440305"),
    "/problems/stats": everyone("/problems/stats", "/problems/stats?by=category", "/problems/stats?by=month"),
    "/problems/deadlines": everyone("/problems/deadlines"),
    "/problems/{problem_id}": lambda w, a: problem_probes(w, a),
    "/meetings": everyone("/meetings"),
    "/meetings/{meeting_id}": lambda w, a: [("/meetings/1", 200 if sees_city_meeting(a) else 404)],
    "/meetings/{meeting_id}/sheet.xlsx": lambda w, a: [("/meetings/1/sheet.xlsx", 200 if sees_city_meeting(a) else 404)],
    "/goals": everyone("/goals?limit=200", "/goals?region=430211", "/goals?lagging=true&limit=200"),
    "/goals.xlsx": everyone("/goals.xlsx"),
    "/goals/{goal_id}": lambda w, a: item_probes(w, a, "goals"),
    "/projects": everyone("/projects?limit=200", "/projects?region=430111&limit=200", "/projects?delayed=true&limit=200",
                          "/projects?list=major&limit=200"),
    "/projects.xlsx": everyone("/projects.xlsx"),
    "/projects/funnel": everyone("/projects/funnel", "/projects/funnel?region=430104"),
    "/projects/{project_id}": lambda w, a: item_probes(w, a, "projects"),
    "/results": everyone("/results?limit=200"),
    "/results.xlsx": everyone("/results.xlsx"),
    "/results/{result_id}": lambda w, a: item_probes(w, a, "results"),
    "/lists/summary": everyone("/lists/summary"),
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
    "/chains/{chain_id}/report.docx": monthly_report,
    "/chains/{chain_id}/report.pdf": lambda w, a: [
        (url.replace(".docx", ".pdf"), status) for url, status in monthly_report(w, a)[1:]],
    "/chains/{chain_id}/dashboard": lambda w, a: dashboard_probes(a, f"/chains/{LITHIUM}/dashboard", LITHIUM),
    "/chains/{chain_id}/dashboard.xlsx": lambda w, a: dashboard_probes(a, f"/chains/{LITHIUM}/dashboard.xlsx", LITHIUM)[:2],
    "/dashboard": lambda w, a: dashboard_probes(a, "/dashboard", None),
    "/dashboard.xlsx": lambda w, a: dashboard_probes(a, "/dashboard.xlsx", None)[:2],
    "/risks": everyone("/risks", "/risks?region=430211", "/risks?region=440300", "/risks?level=red",
                       f"/risks?chain={LITHIUM}&include_ended=true"),
    "/risks.xlsx": everyone("/risks.xlsx", "/risks.xlsx?region=430200"),
    "/risks/rules": everyone("/risks/rules"),
}
# Accounts whose view of the city is an agreement's: agreements of the demo do not share work lists (work_lists),
# so they see no key problems or meetings; the enterprise account sees its own enterprise's problems only.
NO_WORK_ITEMS = {"demo-alliance", "demo-bank"}


def reads_area_figures(a: Account, region: str | None, chain: str | None) -> bool:
    """Area sums (the dashboards) need the figures (metrics) of the whole area: its region, its chain's slice,
    not a park's or one enterprise's view."""
    if region is None or a.region is None or a.own_park or a.own_enterprise or "metrics" not in a.groups:
        return False
    return (a.chain is None or chain in (None, a.chain)) and region.startswith(prefix(a.region))


def dashboard_probes(a: Account, path: str, chain: str | None) -> list[Probe]:
    """The account's own area (the default), the city, a district and 株洲 (outside the demo city)."""
    probes = [("", a.region), ("?region=430100&month=2025-06", "430100"), ("?region=430104", "430104"),
              ("?region=430211", "430211")]
    return [(path + query, 200 if reads_area_figures(a, region, chain) else 403) for query, region in probes]


def problems_of(w: World) -> list[tuple[int, int, str, date | None]]:
    """(problem, enterprise, stored state, deadline) of every problem, read straight from SQL."""
    with w.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, enterprise_id, state, deadline FROM problems ORDER BY id")).all()
    return [(p, e, s, date.fromisoformat(d) if isinstance(d, str) else d) for p, e, s, d in rows]


def readable_problems(w: World, a: Account) -> tuple[list[int], list[int]]:
    """Problems the account reads (those of enterprises in its scope, unless its view is an agreement's) and not."""
    allowed = w.allowed(a) if a.username not in NO_WORK_ITEMS else set()
    found = problems_of(w)
    return [p for p, e, _, _ in found if e in allowed], [p for p, e, _, _ in found if e not in allowed]


def problem_probes(w: World, a: Account) -> list[Probe]:
    mine, others = readable_problems(w, a)
    outsiders = [p for p, e, _, _ in problems_of(w) if w.rows[e]["region_code"] in ("430211", "440305")
                 and p not in mine]
    return [(f"/problems/{p}", 200) for p in mine[:3]] + [(f"/problems/{p}", 404) for p in
                                                          dict.fromkeys(others[:3] + outsiders)]


def sees_city_meeting(a: Account) -> bool:
    """The demo's 园区市长日 lies in the city and the park: the province, the city's offices and the park see it."""
    return a.username not in NO_WORK_ITEMS and not a.own_enterprise and a.region in ("430000", "430100")


def item_probes(w: World, a: Account, kind: str) -> list[Probe]:
    """A few work items the account reads (200) and a few it does not (404: not revealed)."""
    return [(f"/{kind}/{i}", 200) for i in w.work_items(kind, a)[:3]] + \
        [(f"/{kind}/{i}", 404) for i in w.work_items(kind, a, seen=False)[:3]]


def placed_count(w: World, a: Account, chain: str) -> int:
    """How many (enterprise, link) placements of the chain the account may count (needs `placements`)."""
    if "placements" not in a.groups:
        return 0
    allowed = w.allowed(a)
    return sum(1 for e, c, _, _ in w.placed if c == chain and e in allowed)


def extra_checks(w: World, a: Account, url: str, data: Any) -> None:
    """Aggregates stay within the scope; lists of agreements, tokens and jobs are the account's own."""
    path = url.split("?")[0]
    if path == "/overview":
        for chain in data["chains"]:
            assert chain["enterprises"] <= placed_count(w, a, chain["id"]), (a, chain["id"])
    elif path.endswith(("/map", "/gaps")):
        counts = [n["enterprises"] for n in data.get("nodes", data.get("links", []))]
        assert sum(counts) <= placed_count(w, a, LITHIUM), (a, url)
    elif path == "/filters":
        seen = {w.rows[i]["region_code"] for i in w.allowed(a)}
        assert all(r["level"] != "county" or r["code"] in seen for r in data["regions"]), a
    elif path == "/agreements" and not a.admin:
        assert all(w.org_ids[a.username] in (g["grantor_id"], g["grantee_id"]) for g in data), a
    elif path == "/tokens" and not a.admin:
        assert {t["username"] for t in data} <= {a.username}, a
    elif path == "/imports" and not a.admin:
        assert data["items"] == [], a
    elif path in ("/problems", "/problems/stats") or path.startswith("/problems/"):
        mine, _ = readable_problems(w, a)
        if path == "/problems" and "region=" not in url and "overdue" not in url and "supervised" not in url:
            assert sorted(i["id"] for i in data["items"]) == sorted(mine), (a, url)
        elif path == "/problems":
            assert {i["id"] for i in data["items"]} <= set(mine), (a, url)
        elif path == "/problems/stats":
            assert data["total"]["received"] <= len(mine), (a, url)
            if "by=" not in url:
                assert data["total"]["received"] == len(mine), (a, url)
    elif path == "/meetings":
        assert len(data) == (1 if sees_city_meeting(a) else 0), a
    elif path == "/auth/me":
        assert data["username"] == a.username
    elif path in ("/goals", "/projects", "/results"):
        kind = path.strip("/")
        assert {i["id"] for i in data["items"]} <= set(w.work_items(kind, a)), (a, url)
        if url.endswith("?limit=200"):
            assert data["total"] == len(w.work_items(kind, a)), (a, url)
    elif path == "/projects/funnel" and "?" not in url:
        reached = [i for i in w.work_items("projects", a)]
        assert data["stages"][0]["count"] == len(reached), a  # every demo project reached 洽谈
    elif path == "/lists/summary":
        assert {g["id"] for g in data["lagging_goals"]} <= set(w.work_items("goals", a)), a
        assert {p["id"] for p in data["delayed_projects"]} <= set(w.work_items("projects", a)), a
    elif path.endswith("/dashboard"):
        moved = {e["id"] for e in data.get("entries", []) + data.get("exits", [])}
        assert moved <= w.allowed(a), (a, url)
        assert all(c["chain"] == a.chain for c in data.get("chains", [])) or a.chain is None, (a, url)
    elif path == "/risks":
        check_warnings(w, a, data["items"])
    elif path.startswith("/enterprises/") and path.count("/") == 2:
        hidden = {k for k, g in KEY_GROUP.items() if g not in a.groups | PERSONAL and k in data}
        assert set(data.get("hidden", [])) == hidden, (a, url)


def reads_warnings(a: Account) -> bool:
    """Warnings carry figures: an account reads them where its own area (or an agreement with `metrics`) covers a
    whole region; a park's or an enterprise's own area, and the alliance's slice without figures, read none."""
    return "metrics" in a.groups and not a.own_park and not a.own_enterprise


def check_warnings(w: World, a: Account, items: list[dict[str, Any]]) -> None:
    if not reads_warnings(a):
        assert items == [], a
        return
    for item in items:
        assert a.region is not None and item["region_code"].startswith(prefix(a.region)), (a, item["id"])
        assert item["enterprise_id"] is None or item["enterprise_id"] in w.allowed(a), (a, item["id"])
        if not a.works:
            assert item["subject_kind"] not in ("project", "problem"), (a, item["id"])


def test_every_endpoint_has_a_matrix_entry(world: World) -> None:
    spec = world.clients["demo-admin"].get("/api/v1/openapi.json").json()
    gets = {p.removeprefix("/api/v1") for p, ops in spec["paths"].items() if "get" in ops}
    writes = {(m.upper(), p.removeprefix("/api/v1")) for p, ops in spec["paths"].items() for m in ops if m != "get"}
    assert gets == set(GET_MATRIX), "GET endpoints without (or with stale) matrix entries"
    assert writes == set(WRITE_MATRIX) | COVERED_ELSEWHERE, "write endpoints without matrix entries"


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
@pytest.mark.parametrize("endpoint", list(GET_MATRIX))
def test_reads_are_allowed_by_role_and_stay_within_the_scope(world: World, endpoint: str, account: Account) -> None:
    client = world.clients[account.username]
    for url, status in GET_MATRIX[endpoint](world, account):
        response = client.get("/api/v1" + url)
        assert response.status_code == status, f"{account} GET {url}: {response.status_code} {response.text[:300]}"
        if status == 200:
            check_no_leak(world, account, endpoint, response)
            if "json" in response.headers["content-type"]:
                extra_checks(world, account, url, response.json())
        else:
            assert response.json()["error"]["code"] in ("forbidden", "not_found")


def test_the_scopes_are_not_trivial(world: World) -> None:
    """The matrix proves something only if each account sees some enterprises and not others."""
    for account in ACCOUNTS:
        assert world.allowed(account) and world.forbidden(account), account
    yuelu, yuhua = (next(a for a in ACCOUNTS if a.username == n) for n in ("demo-yuelu", "demo-yuhua"))
    assert not world.allowed(yuelu) & world.allowed(yuhua)
    for account in ACCOUNTS:  # the demo work lists: every reading account sees some items, and only some
        for kind in ("goals", "projects"):
            assert bool(world.work_items(kind, account)) == account.works, (account, kind)
            assert world.work_items(kind, account, seen=False) or account.admin, (account, kind)


def test_shared_reads_are_logged_with_their_agreement(world: World) -> None:
    world.clients["demo-bank"].get("/api/v1/enterprises?limit=5")
    log = world.clients["demo-admin"].get("/api/v1/audit", params={"user": "demo-bank", "action": "read_shared"})
    entries = log.json()["items"]
    assert entries and all(e["detail"]["agreements"] for e in entries)


# ---- writes per role ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Write:
    method: str
    url: str
    status: int
    json: dict[str, Any] | None = None
    csv_rows: list[list[str]] | None = None
    upload: tuple[str, list[str], list[list[str]]] | None = None  # a work list: (kind, header, rows)


def own_and_outside(w: World, a: Account) -> tuple[int, int]:
    """An enterprise in the account's scope and one no demo account sees (深圳)."""
    return min(w.allowed(a)), w.in_region("440305")[0]


def evaluate(w: World, a: Account) -> list[Write]:
    own, outside = own_and_outside(w, a)
    if not a.writes:
        return [Write("POST", f"/enterprises/{own}/evaluation", 403)]
    return [Write("POST", f"/enterprises/{own}/evaluation", 200),
            Write("POST", f"/enterprises/{outside}/evaluation", 404)]


def decide(w: World, a: Account) -> list[Write]:
    """A placement in scope (the enterprise account's own enterprise has none) and the outsider's."""
    allowed, body = w.allowed(a), {"decision": "confirmed"}
    outside = next(p for e, _, _, p in w.placed if w.rows[e]["region_code"] == "440305")
    mine = [Write("POST", f"/placements/{p}/decision", 200 if a.writes else 403, body)
            for p in sorted(p for e, _, _, p in w.placed if e in allowed)[:1]]
    return mine + [Write("POST", f"/placements/{outside}/decision", 404 if a.writes else 403, body)]


def import_outside(w: World, a: Account) -> list[Write]:
    row = ["越界导入有限公司", uscc(951, "440305"), "440305"]
    return [Write("POST", "/imports", 202 if a.writes else 403, csv_rows=[row])]


def preview_outside(w: World, a: Account) -> list[Write]:
    """A preview writes nothing, yet only the roles that may import may ask for one."""
    row = ["越界预览有限公司", uscc(952, "440305"), "440305"]
    return [Write("POST", "/imports/preview", 200 if a.writes else 403, csv_rows=[row])]


def agreement(w: World, a: Account) -> list[Write]:
    """Sharing needs the share permission; ending an agreement, being its grantor (the city) or an admin.
    Districts do not even see the city's agreements."""
    body = {"grantee": "长沙示例银行", "purpose": "测试", "fields": ["tags"],
            "valid_to": str(date.today() + timedelta(days=30))}
    end = 200 if a.admin or a.username == "demo-city" else 404 if a.shares else 403
    return [Write("POST", "/agreements", 201 if a.shares else 403, body),
            Write("POST", "/agreements/1/revoke", end), Write("POST", "/agreements/2/expire", end)]


def admin_writes(w: World, a: Account) -> list[Write]:
    org = {"name": f"新机构-{a.username}", "kind": "alliance"}
    user = {"username": f"new-{a.username}", "password": "another-long-secret", "org": "长沙示例银行",
            "role": "readonly"}
    return [Write("POST", "/organisations", 201 if a.admin else 403, org),
            Write("POST", "/users", 201 if a.admin else 403, user),
            Write("PATCH", "/users/demo-viewer", 200 if a.admin else 403, {"active": True})]


def token(w: World, a: Account) -> list[Write]:
    return [Write("POST", "/tokens", 201, {"name": "自己的令牌"})]


def _open_item(w: World, a: Account, kind: str) -> int | None:
    """An item the account reads (a project still open: one that may move)."""
    seen = [i for i in w.work_items(kind, a) if w.items[kind][i]["stage"] not in ("producing", "terminated")]
    return seen[0] if seen else None


def _writes_there(a: Account, region: str) -> bool:
    return a.writes and a.region is not None and region.startswith(prefix(a.region)) and not a.own_park


def work_writes(w: World, a: Account) -> list[Write]:
    """Creating needs a writing role and the item in the writer's own area; changing an item needs that too,
    and items outside the scope are not revealed (404)."""
    own_status = {True: 201, False: 403}
    goal = {"indicator": "产值", "unit": "亿元", "chain": LITHIUM, "region": "430104", "period": "2026", "target": "10"}
    project = {"name": "矩阵测试项目", "list": "investment", "chain": LITHIUM, "region": "430104", "amount": "1亿"}
    result = {"title": "矩阵测试成果", "institution": "测试大学", "chain": LITHIUM, "region": "430104", "trl": 4}
    writes = [Write("POST", "/goals", own_status[_writes_there(a, "430104")], goal),
              Write("POST", "/projects", own_status[_writes_there(a, "430104")], project),
              Write("POST", "/results", own_status[_writes_there(a, "430104")], result),
              Write("POST", "/goals", 403, {**goal, "region": "440305"}),
              Write("POST", "/projects", 403, {**project, "region": "440305"})]
    for kind in ("goals", "projects", "results"):
        mine = _open_item(w, a, kind)
        others = w.work_items(kind, a, seen=False)
        changes = {"goals": [("PATCH", "", {"notes": "矩阵"}), ("POST", "/actuals", {"period": "2026-01", "value": "1"})],
                   "projects": [("PATCH", "", {"notes": "矩阵"}), ("POST", "/milestones", {"note": "矩阵"}),
                                ("POST", "/advance", {"to": "terminated", "reason": "矩阵测试"})],
                   "results": [("PATCH", "", {"status": "对接中"})]}[kind]
        for method, suffix, body in changes:
            if mine is not None:
                writes.append(Write(method, f"/{kind}/{mine}{suffix}", 200 if a.writes else 403, body))
            if others:
                writes.append(Write(method, f"/{kind}/{others[0]}{suffix}", 404, body))
    return writes


def list_import(w: World, a: Account) -> list[Write]:
    """Importing a list needs a writing role; a row outside the writer's area is refused by row, not written."""
    return [Write("POST", "/lists/import", 200 if a.writes else 403,
                  upload=("results", ["成果名称", "完成单位", "产业链", "所属区县"],
                          [["越界成果", "某大学", LITHIUM, "440305"]]))]


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


def indicators_outside(w: World, a: Account) -> list[Write]:
    """Monthly figures of an enterprise no demo account's area holds (深圳): writers get the row refused
    (previewed or imported, nothing written), the other roles a 403."""
    outside = w.rows[w.in_region("440305")[0]]
    rows = [[outside["uscc"], outside["name"], "2026-06", "120", "600"]]
    return [Write("POST", url, 200 if a.writes else 403, upload=("indicators", INDICATOR_HEADER, rows))
            for url in ("/monitoring/indicators/preview", "/monitoring/indicators")]


INDICATOR_HEADER = ["统一社会信用代码", "企业名称", "报告期", "工业总产值（本月）", "工业总产值（累计）"]


WRITE_MATRIX: dict[tuple[str, str], Callable[[World, Account], list[Write]]] = {
    ("POST", "/monitoring/indicators/preview"): indicators_outside,
    ("POST", "/monitoring/indicators"): indicators_outside,
    ("POST", "/goals"): work_writes,
    ("PATCH", "/goals/{goal_id}"): work_writes,
    ("POST", "/goals/{goal_id}/actuals"): work_writes,
    ("POST", "/projects"): work_writes,
    ("PATCH", "/projects/{project_id}"): work_writes,
    ("POST", "/projects/{project_id}/advance"): work_writes,
    ("POST", "/projects/{project_id}/milestones"): work_writes,
    ("POST", "/results"): work_writes,
    ("PATCH", "/results/{result_id}"): work_writes,
    ("POST", "/lists/import"): list_import,
    ("POST", "/targets/decisions"): pool_writes,
    ("DELETE", "/pools/{name}"): pool_writes,
    ("POST", "/pools/import"): pool_upload,
    ("PUT", "/targets/weights"): weights_write,
    ("POST", "/whatif"): whatif,
    ("POST", "/whatif/scenarios"): whatif,
    ("POST", "/enterprises/{key}/evaluation"): evaluate,
    ("POST", "/placements/{placement_id}/decision"): decide,
    ("POST", "/imports"): import_outside,
    ("POST", "/imports/preview"): preview_outside,
    ("POST", "/agreements"): agreement,
    ("POST", "/agreements/{agreement_id}/revoke"): agreement,
    ("POST", "/agreements/{agreement_id}/expire"): agreement,
    ("POST", "/organisations"): admin_writes,
    ("POST", "/users"): admin_writes,
    ("PATCH", "/users/{username}"): admin_writes,
    ("POST", "/tokens"): token,
}


def problem_writes(w: World, a: Account) -> list[Write]:
    """Record a problem of an own enterprise (writers; the enterprise account for its own) and of an outsider;
    move one in scope (writers only) and one outside it; sweep; set a deadline; import; meetings."""
    own, outside = own_and_outside(w, a)
    outsider = next(p for p, e, _, _ in problems_of(w) if e == outside)
    records = a.writes or a.own_enterprise
    writes = [Write("POST", "/problems", 201 if records else 403, {"title": "测试问题", "enterprise": str(own),
                                                                    "category": "用地"}),
              Write("POST", "/problems", 404, {"title": "越界", "enterprise": str(outside), "category": "用地"})]
    mine, _ = readable_problems(w, a)
    for pid, _e, state, deadline in [p for p in problems_of(w) if p[0] in mine][:1]:
        current = casework_domain.effective_state(state, deadline, date.today())
        nexts = casework_domain.next_states(current)
        if nexts:
            body = {"to": nexts[0], "unit": "测试单位", "resolution": "已办", "satisfaction": "satisfied"}
            writes.append(Write("POST", f"/problems/{pid}/transitions", 200 if a.writes else 403, body))
    if a.username in NO_WORK_ITEMS:
        a_problem = next(p for p, e, _, _ in problems_of(w) if e in w.allowed(a))
        writes.append(Write("POST", f"/problems/{a_problem}/transitions", 404, {"to": "acknowledged"}))
    park_problem = next(p for p, e, _, _ in problems_of(w) if w.rows[e]["park"] == w.park)
    return writes + [
        Write("POST", f"/problems/{outsider}/transitions", 404, {"to": "acknowledged"}),
        Write("POST", "/problems/sweep", 200 if a.writes else 403),
        Write("POST", "/problems/deadlines", 200 if a.writes else 403, {"category": "融资", "working_days": 10}),
        Write("POST", "/problems/import", 200 if a.writes else 403, csv_rows=[["越界", uscc(953, "440305"), "440305"]]),
        Write("POST", "/meetings", 201 if a.writes else 403, {"title": "测试会议", "held_on": "2026-06-01"}),
        Write("POST", "/meetings/1/problems", (200 if sees_city_meeting(a) else 404) if a.writes else 403,
              {"problems": [park_problem]}),
    ]


WRITE_MATRIX.update({
    ("POST", "/problems"): problem_writes,
    ("POST", "/problems/{problem_id}/transitions"): problem_writes,
    ("POST", "/problems/sweep"): problem_writes,
    ("POST", "/problems/deadlines"): problem_writes,
    ("POST", "/problems/import"): problem_writes,
    ("POST", "/meetings"): problem_writes,
    ("POST", "/meetings/{meeting_id}/problems"): problem_writes,
})


def city_warning(w: World) -> int:
    """A warning about a link of the demo city (what the city's offices read and work)."""
    with w.engine.connect() as conn:
        return int(conn.execute(text("SELECT min(id) FROM risk_warnings WHERE region_code = '430100' "
                                     "AND subject_kind = 'link' AND chain_id = 'lithium-battery'")).scalar_one())


def outside_warning(w: World) -> int:
    with w.engine.connect() as conn:
        return int(conn.execute(text("SELECT min(id) FROM risk_warnings WHERE region_code = '440300'")).scalar_one())


def risk_writes(w: World, a: Account) -> list[Write]:
    """Scanning needs the write permission in the region; acknowledging, a warning the account reads in its own
    work area (404 when it does not read it); the rule set, an administrator or a chain office."""
    scans_city = a.writes and not a.own_park and a.region in ("430000", "430100")
    reads_city = reads_warnings(a) and a.region in ("430000", "430100")
    ack = 404 if not reads_city else 200 if scans_city else 403
    rules = {"rules": [{"id": "single_source", "level": "red"}], "note": f"矩阵-{a.username}"}
    return [Write("POST", "/risks/scan", 200 if scans_city else 403, {"region": "430100", "chains": [LITHIUM]}),
            Write("POST", "/risks/scan", 403, {"region": "440300"}),
            Write("POST", f"/risks/{city_warning(w)}/ack", ack, {"comment": "矩阵测试"}),
            Write("POST", f"/risks/{outside_warning(w)}/ack", 404, {"comment": "越界"}),
            Write("PUT", "/risks/rules", 200 if a.writes and not a.own_park else 403, rules)]


WRITE_MATRIX.update({
    ("POST", "/risks/scan"): risk_writes,
    ("POST", "/risks/{warning_id}/ack"): risk_writes,
    ("PUT", "/risks/rules"): risk_writes,
})
COVERED_ELSEWHERE = {("POST", "/auth/login"), ("POST", "/auth/logout"), ("DELETE", "/tokens/{token_id}")}  # sessions


def send(client: TestClient, write: Write, folder: Path) -> Any:
    if write.upload is not None:
        kind, header, rows = write.upload
        path = write_csv(folder / "list.csv", header, rows)
        with open(path, "rb") as f:
            response = client.post("/api/v1" + write.url, data={"kind": kind}, files={"file": (path.name, f, "text/csv")})
        if response.status_code == 200 and kind == "indicators":  # the row lies outside every account's area
            assert response.json()["rejected"] == 1 and not response.json()["written"], response.text
            assert "辖区" in response.json()["errors"][0]["reason"], response.text
        elif response.status_code == 200:
            assert response.json()["status"] == "refused" and not response.json()["written"], response.text
        return response
    if write.csv_rows is None:
        return client.request(write.method, "/api/v1" + write.url, json=write.json)
    path = write_csv(folder / "upload.csv", ["企业名称", "统一社会信用代码", "所属区县"], write.csv_rows)
    if write.url == "/pools/import":
        with open(path, "rb") as f:
            return client.post("/api/v1" + write.url, files={"file": (path.name, f, "text/csv")},
                               data={"name": "测试企业库"})
    if write.status == 202:
        job = upload(client, path)
        assert job["status"] == "rejected" and not job["written"], job  # the row lies outside every area
        return type("Accepted", (), {"status_code": 202, "text": ""})()
    with open(path, "rb") as f:
        return client.post("/api/v1" + write.url, files={"file": (path.name, f, "text/csv")})


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
def test_writes_are_allowed_only_to_writing_roles_and_in_their_own_area(
        demo_template: Path, world: World, tmp_path: Path, account: Account) -> None:
    db = copy_of(demo_template, tmp_path)
    engine = engine_for(resolve_url(db))
    client = app_client(db, **bearer(engine, account.username))
    for make in dict.fromkeys(WRITE_MATRIX.values()):
        for write in make(world, account):
            response = send(client, write, tmp_path)
            assert response.status_code == write.status, \
                f"{account} {write.method} {write.url}: {response.status_code} {response.text[:300]}"
    engine.dispose()


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


def test_the_warning_scopes_are_not_trivial(world: World) -> None:
    """The city reads its warnings, the outsiders' stay hidden, and the bank's agreement shows no work items."""
    city = world.clients["demo-city"].get("/api/v1/risks").json()["items"]
    assert city and {w["subject_kind"] for w in city} >= {"link", "project"}
    assert not [w for w in city if not w["region_code"].startswith("4301")]
    admin = world.clients["demo-admin"].get("/api/v1/risks").json()["items"]
    assert any(w["region_code"] == "430200" for w in admin) and not any(w["region_code"] == "440300" for w in admin)
    bank = world.clients["demo-bank"].get("/api/v1/risks").json()["items"]
    assert bank and not [w for w in bank if w["subject_kind"] in ("project", "problem")]
