"""The matrix for the work lists (goals, projects, research results) and casework (problems, meetings): an account
reads the items of its own area (and park), which no demo agreement shares; it writes them only with a writing
role and only there; items outside its scope are not revealed (404) (matrix.py has the machinery)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from chainatlas.domain import casework as casework_domain
from importers.files import uscc
from security.matrix import Probe, Reads, Write, Writes, check_reads, everyone, own_and_outside
from security.world import ACCOUNTS, LITHIUM, Account, World, prefix

# Accounts whose view of the city is an agreement's: agreements of the demo do not share work lists (work_lists),
# so they see no key problems or meetings; the enterprise account sees its own enterprise's problems only.
NO_WORK_ITEMS = {"demo-alliance", "demo-bank"}


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


READS: dict[str, Reads] = {
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
}


def extra_checks(w: World, a: Account, url: str, data: Any) -> None:
    """Lists, counts and summaries hold only the items the account reads."""
    path = url.split("?")[0]
    if path in ("/problems", "/problems/stats") or path.startswith("/problems/"):
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


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_are_allowed_by_role_and_stay_within_the_scope(world: World, endpoint: str, account: Account) -> None:
    check_reads(world, account, endpoint, READS[endpoint](world, account), extra_checks)


def _open_item(w: World, a: Account, kind: str) -> int | None:
    """An item the account reads (a project still open: one that may move)."""
    seen = [i for i in w.work_items(kind, a) if w.items[kind][i]["stage"] not in ("producing", "terminated")]
    return seen[0] if seen else None


def _writes_there(a: Account, region: str, pipeline: bool = False) -> bool:
    """Whether the account writes a work item there (`pipeline`: an item of the investment list, which the
    investment bureau keeps too)."""
    keeps = a.writes or (pipeline and a.pipeline)
    return keeps and a.region is not None and region.startswith(prefix(a.region)) and not a.own_park


def _keeps(w: World, a: Account, kind: str, item: int) -> bool:
    return a.writes or (a.pipeline and kind == "projects" and w.items[kind][item]["list_kind"] == "investment")


def work_writes(w: World, a: Account) -> list[Write]:
    """Creating needs a writing role and the item in the writer's own area; changing an item needs that too,
    and items outside the scope are not revealed (404)."""
    own_status = {True: 201, False: 403}
    goal = {"indicator": "产值", "unit": "亿元", "chain": LITHIUM, "region": "430104", "period": "2026", "target": "10"}
    project = {"name": "矩阵测试项目", "list": "investment", "chain": LITHIUM, "region": "430104", "amount": "1亿"}
    result = {"title": "矩阵测试成果", "institution": "测试大学", "chain": LITHIUM, "region": "430104", "trl": 4}
    writes = [Write("POST", "/goals", own_status[_writes_there(a, "430104")], goal),
              Write("POST", "/projects", own_status[_writes_there(a, "430104", pipeline=True)], project),
              Write("POST", "/projects", own_status[_writes_there(a, "430104")], {**project, "list": "major"}),
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
                writes.append(Write(method, f"/{kind}/{mine}{suffix}", 200 if _keeps(w, a, kind, mine) else 403, body))
            if others:
                writes.append(Write(method, f"/{kind}/{others[0]}{suffix}", 404, body))
    return writes


def list_import(w: World, a: Account) -> list[Write]:
    """Importing a list needs a writing role; a row outside the writer's area is refused by row, not written."""
    return [Write("POST", "/lists/import", 200 if a.writes else 403,
                  upload=("results", ["成果名称", "完成单位", "产业链", "所属区县"],
                          [["越界成果", "某大学", LITHIUM, "440305"]]))]


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


WRITES: dict[tuple[str, str], Writes] = {
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
    ("POST", "/problems"): problem_writes,
    ("POST", "/problems/{problem_id}/transitions"): problem_writes,
    ("POST", "/problems/sweep"): problem_writes,
    ("POST", "/problems/deadlines"): problem_writes,
    ("POST", "/problems/import"): problem_writes,
    ("POST", "/meetings"): problem_writes,
    ("POST", "/meetings/{meeting_id}/problems"): problem_writes,
}
