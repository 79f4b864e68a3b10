"""Each demo account, signed in by password as a person would, sees its own part of the work lists: the city's
chain office and investment bureau the whole city (the bureau without edit rights or stage buttons), the park
its park's items only, the enterprise account none; the home page's panel counts only what the account reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from chainatlas.domain.projects import allowed_targets
from chainatlas.store.db import engine_for, resolve_url
from security.helpers import app_client, sign_in

KINDS = {"goals": "goals", "projects": "projects", "results": "research_results"}


@pytest.fixture(scope="module")
def items(demo_template: Path) -> dict[str, dict[int, dict[str, Any]]]:
    engine = engine_for(resolve_url(str(demo_template)))
    with engine.connect() as conn:
        found = {kind: {r.id: dict(r._mapping) for r in conn.execute(text(
            f"SELECT id, region_code, park FROM {table}"))} for kind, table in KINDS.items()}  # fixed names
        park = conn.execute(text("SELECT park FROM organisations WHERE kind = 'park'")).scalar_one()
    found["park"] = park  # type: ignore[assignment]
    return found


def expected(items: dict[str, Any], username: str) -> dict[str, set[int]]:
    """The items each demo account should read, from the database itself."""
    def where(kind: str, keep: Any) -> set[int]:
        return {i for i, r in items[kind].items() if keep(r)}

    rules = {"demo-city": lambda r: (r["region_code"] or "").startswith("4301"),
             "demo-invest": lambda r: (r["region_code"] or "").startswith("4301"),
             "demo-park": lambda r: r["park"] == items["park"],
             "demo-enterprise": lambda r: False}
    return {kind: where(kind, rules[username]) for kind in KINDS}


def read(client: Any, kind: str) -> tuple[set[int], int]:
    page = client.get(f"/api/v1/{kind}", params={"limit": 200})
    assert page.status_code == 200, page.text
    return {i["id"] for i in page.json()["items"]}, page.json()["total"]


@pytest.mark.parametrize("username", ["demo-city", "demo-invest", "demo-park", "demo-enterprise"])
def test_each_demo_account_sees_its_own_part_of_the_lists(demo_template: Path, items: dict[str, Any],
                                                           username: str) -> None:
    client = app_client(str(demo_template))
    sign_in(client, username)
    mine = expected(items, username)
    for kind in KINDS:
        seen, total = read(client, kind)
        assert seen == mine[kind] and total == len(mine[kind]), (username, kind)
        outside = sorted(set(items[kind]) - mine[kind])
        if outside:
            assert client.get(f"/api/v1/{kind}/{outside[0]}").status_code == 404, (username, kind)
    if username == "demo-enterprise":
        assert not any(mine.values())
    elif username == "demo-park":
        assert mine["goals"] and mine["projects"]  # the demo gives the park a goal and a project of its own
        assert mine["projects"] < expected(items, "demo-city")["projects"]
    else:
        assert len(mine["goals"]) >= 6 and len(mine["projects"]) >= 15 and len(mine["results"]) == 5

    summary = client.get("/api/v1/lists/summary").json()
    assert {g["id"] for g in summary["lagging_goals"]} <= mine["goals"]
    assert {p["id"] for p in summary["delayed_projects"]} <= mine["projects"]
    if username in ("demo-city", "demo-invest"):
        assert summary["lagging_total"] > 0 and summary["delayed_total"] > 0  # the demo lays some out to lag
    if username == "demo-enterprise":
        assert summary["lagging_total"] == summary["delayed_total"] == 0

    writes = username in ("demo-city", "demo-park")
    keeps_pipeline = writes or username == "demo-invest"  # the investment bureau keeps the investment list
    for pid in sorted(mine["projects"])[:6]:
        project = client.get(f"/api/v1/projects/{pid}").json()
        may = keeps_pipeline if project["list"] == "investment" else writes
        assert project["editable"] is may, (username, pid)
        assert [t["to"] for t in project["transitions"]] == (allowed_targets(project["stage"]) if may else [])
    for kind in ("goals", "results"):
        for iid in sorted(mine[kind])[:2]:
            assert client.get(f"/api/v1/{kind}/{iid}").json()["editable"] is writes, (username, kind, iid)

    home = client.get("/")
    assert home.status_code == 200 and 'id="lists-home"' in home.text
    assert '<a href="/goals" class="">发展目标</a>' in home.text and "<summary>工作清单</summary>" in home.text
    lists_page = client.get("/projects").text
    assert ('id="new-item"' in lists_page) is keeps_pipeline
    offered = lists_page.partition('<select name="list">')[2].partition("</select>")[0]  # the create form's lists
    assert ('value="major"' in offered) is writes  # the bureau's form offers the investment list only
