"""The work lists through the API: a project walked from 洽谈 to 投产 with one delay, goals and their lag,
results, the funnel, Excel out and in, conflicts and clean 4xx answers."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
from fastapi.testclient import TestClient

API = "/api/v1"


def test_scenario_a_project_from_negotiation_to_production_with_one_delay(client: TestClient) -> None:
    today = date.today()
    started_plan = today - timedelta(days=12)
    made = client.post(f"{API}/projects", json={
        "name": "长沙锂电池正极材料产业园项目", "list": "major", "chain": "lithium-battery", "link": "cathode",
        "region": "430104", "amount": "25亿", "on": str(today - timedelta(days=200)), "fortune500": True,
        "investor": "宁德时代新能源科技股份有限公司", "source": "以商招商",
        "planned": {"signed": str(today - timedelta(days=150)), "registered": str(today - timedelta(days=90)),
                    "started": str(started_plan), "producing": str(today + timedelta(days=300))}})
    assert made.status_code == 201, made.text
    project = made.json()
    pid, version = project["id"], project["version"]
    assert project["unmatched"] == ["宁德时代新能源科技股份有限公司"]
    for stage, days_ago in (("signed", 160), ("registered", 95)):
        moved = client.post(f"{API}/projects/{pid}/advance",
                            json={"to": stage, "on": str(today - timedelta(days=days_ago)), "version": version})
        assert moved.status_code == 200, moved.text
        version = moved.json()["version"]
    late = client.get(f"{API}/projects/{pid}").json()
    assert late["delays"] == [{"stage": "started", "label": "开工", "planned_on": str(started_plan), "days": 12}]
    assert [p["id"] for p in client.get(f"{API}/projects", params={"delayed": True}).json()["items"]] == [pid]
    summary = client.get(f"{API}/lists/summary").json()
    assert summary["delayed_total"] == 1 and summary["delayed_projects"][0]["id"] == pid
    assert [t["to"] for t in late["transitions"]] == ["started", "producing", "terminated"]
    stale = client.post(f"{API}/projects/{pid}/advance", json={"to": "started", "version": version - 1})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    for stage in ("started", "producing"):
        moved = client.post(f"{API}/projects/{pid}/advance", json={"to": stage, "version": version})
        assert moved.status_code == 200, moved.text
        version = moved.json()["version"]
    done = client.get(f"{API}/projects/{pid}").json()
    assert (done["stage"], done["delays"], done["transitions"]) == ("producing", [], [])
    assert [(h["from"], h["to"]) for h in done["history"]] == [
        (None, "negotiating"), ("negotiating", "signed"), ("signed", "registered"), ("registered", "started"),
        ("started", "producing")]
    back = client.post(f"{API}/projects/{pid}/advance", json={"to": "signed"})
    assert back.status_code == 409 and "不能" in back.json()["error"]["message"]
    funnel = client.get(f"{API}/projects/funnel").json()
    assert [s["count"] for s in funnel["stages"]] == [1, 1, 1, 1, 1]
    assert funnel["headline"] == {"negotiated": 1, "signed_big": 1, "signed_fortune500": 1}


def test_goals_results_and_bad_input(client: TestClient) -> None:
    made = client.post(f"{API}/goals", json={"indicator": "产值", "unit": "亿元", "region": "430100", "period": "2025",
                                              "target": "800"})
    assert made.status_code == 201, made.text
    gid = made.json()["id"]
    entered = client.post(f"{API}/goals/{gid}/actuals", json={"period": "2025-06", "value": "300"})
    assert entered.status_code == 200 and entered.json()["actual"] == "300"
    lagging = client.get(f"{API}/goals", params={"lagging": True, "today": "2025-07-02"}).json()
    assert [g["id"] for g in lagging["items"]] == [gid] and lagging["items"][0]["lag_points"] == "12.64"
    bad = client.post(f"{API}/goals", json={"indicator": "产值", "unit": "亿元", "region": "430100", "period": "明年",
                                            "target": "800"})
    assert bad.status_code == 422 and "期间" in bad.json()["error"]["message"]
    result = client.post(f"{API}/results", json={"title": "钠离子电池层状氧化物正极", "institution": "中南大学",
                                                 "chain": "lithium-battery", "region": "430100", "trl": 5})
    assert result.status_code == 201, result.text
    changed = client.patch(f"{API}/results/{result.json()['id']}", json={"status": "对接中", "version": 1})
    assert changed.json()["status"] == "matching"
    assert client.get(f"{API}/results/999").status_code == 404
    assert client.get(f"{API}/projects/funnel", params={"period": "2025Q7"}).status_code == 422


def test_excel_out_and_back_in(client: TestClient) -> None:
    client.post(f"{API}/projects", json={"name": "储能集成项目", "list": "investment", "chain": "lithium-battery",
                                         "region": "430111", "amount": "3000万"})
    exported = client.get(f"{API}/projects.xlsx")
    assert exported.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == "储能集成项目"
    sent = client.post(f"{API}/lists/import", data={"kind": "projects"},
                       files={"file": ("项目.xlsx", exported.content, "application/octet-stream")})
    assert sent.status_code == 200, sent.text
    assert (sent.json()["imported"], sent.json()["status"]) == (1, "imported")
    assert client.get(f"{API}/projects").json()["total"] == 2
    wrong = client.post(f"{API}/lists/import", data={"kind": "nonsense"},
                        files={"file": ("x.csv", b"a,b\n", "text/csv")})
    assert wrong.status_code == 422
