"""Each demo account, signed in with its password, sees its own part of the demo key problems (示例数据):
the city chain office and the investment bureau the city's, the park its park's, the enterprise account its own
enterprise's — in the list, in the home page's overdue panel, in the statistics and in the meetings — and may
move them only if its role writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from chainatlas.domain import casework as cw
from chainatlas.store.db import engine_for, resolve_url
from security.helpers import app_client, sign_in


def stored(template: Path) -> list[dict]:
    """Every problem with its enterprise's place, straight from SQL."""
    engine = engine_for(resolve_url(str(template)))
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.id, p.enterprise_id, p.region_code, p.park, p.state, p.deadline, p.reopened "
            "FROM problems p ORDER BY p.id")).mappings().all()
        own = conn.execute(text("SELECT enterprise_id FROM organisations WHERE kind = 'enterprise'")).scalar()
        park = conn.execute(text("SELECT park FROM organisations WHERE kind = 'park'")).scalar()
    return [dict(r) | {"own": r["enterprise_id"] == own, "in_park": r["park"] == park} for r in rows]


# account: which stored problems are its part, and whether it may move them
PARTS = {
    "demo-city": (lambda p: p["region_code"].startswith("4301"), True),
    "demo-invest": (lambda p: p["region_code"].startswith("4301"), False),
    "demo-park": (lambda p: p["in_park"], True),
    "demo-enterprise": (lambda p: p["own"], False),
}


@pytest.mark.parametrize("username", sorted(PARTS))
def test_each_demo_account_sees_its_own_part_on_signing_in(username: str, demo_template: Path) -> None:
    everything = stored(demo_template)
    part, writes = PARTS[username]
    mine = sorted(p["id"] for p in everything if part(p))
    assert mine and len(mine) < len(everything), "the demo must give the account a part, not all or nothing"
    with app_client(str(demo_template)) as client:
        sign_in(client, username)
        home = client.get("/")
        assert home.status_code == 200 and 'id="overdue-problems"' in home.text

        listed = client.get("/api/v1/problems", params={"limit": 500}).json()
        assert listed["total"] == len(mine)
        assert sorted(i["id"] for i in listed["items"]) == mine

        # the home page's panel asks for the overdue ones: only its own, and the demo has some for everyone
        overdue = client.get("/api/v1/problems", params={"overdue": "true", "limit": 8}).json()
        assert overdue["total"] >= 1 and {i["id"] for i in overdue["items"]} <= set(mine)
        assert all(i["overdue"] and i["state"] == "supervised" for i in overdue["items"])

        stats = client.get("/api/v1/problems/stats", params={"by": "category"}).json()
        assert stats["total"]["received"] == len(mine)

        outside = next(p["id"] for p in everything if not part(p))
        assert client.get(f"/api/v1/problems/{outside}").status_code == 404
        detail = client.get(f"/api/v1/problems/{mine[0]}").json()
        assert detail["allowed"] == cw.next_states(detail["state"])
        if writes and detail["allowed"]:
            assert [n["to"] for n in detail["next"]] == cw.next_states(detail["state"])
        else:
            assert detail["next"] == []
        page = client.get("/problems")
        assert page.status_code == 200 and 'id="problems-table"' in page.text

        meetings = client.get("/api/v1/meetings").json()
        if username == "demo-enterprise":  # an enterprise's account reads its own problems, not the office's work
            assert meetings == []
        else:  # the park's 园区市长日 lies in the city and in the park
            assert [m["title"] for m in meetings] and all("园区市长日" in m["title"] for m in meetings)


def test_the_demo_part_of_each_account_differs(demo_template: Path) -> None:
    """The park's and the enterprise's parts are smaller than the city's, and the enterprise's lies in it."""
    everything = stored(demo_template)
    city = {p["id"] for p in everything if PARTS["demo-city"][0](p)}
    park = {p["id"] for p in everything if PARTS["demo-park"][0](p)}
    own = {p["id"] for p in everything if PARTS["demo-enterprise"][0](p)}
    assert park < city and own < city and park and own
    assert any(p["reopened"] for p in everything if p["id"] in city)
