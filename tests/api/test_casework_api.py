"""The problem closed loop through the API: the whole loop with a reopen, refusals, stale versions, lists,
statistics, Excel in and out, meetings and the meeting sheet."""

from __future__ import annotations

import io
from datetime import date, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from chainatlas.domain.uscc import make_uscc
from services.factories import add_enterprise

CODE = make_uscc("9", "1", "430104", "MA4L1234")


def test_a_problem_walks_the_whole_loop_with_a_reopen(client: TestClient, engine: Engine) -> None:
    add_enterprise(engine, "岳麓示例新材料有限公司", uscc=CODE, region_code="430104")
    made = client.post("/api/v1/problems", json={"title": "厂房用地指标不足", "enterprise": CODE, "category": "用地",
                                                 "source": "园区市长日"})
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    url = f"/api/v1/problems/{pid}/transitions"

    def go(status: int = 200, **body: object) -> dict:
        r = client.post(url, json=body)
        assert r.status_code == status, r.text
        return r.json()

    p = go(to="acknowledged", comment="会前已反馈", version=1)
    assert [n["to"] for n in p["next"]] == ["assigned"] and p["next"][0]["requires"] == ["unit", "deadline"]
    p = go(to="assigned", unit="市自然资源局", version=p["version"])
    assert p["deadline"] and {n["to"] for n in p["next"]} == {"supervised", "resolved"}
    stale = go(409, to="supervised", version=1)
    assert stale["error"]["code"] == "conflict"
    p = go(to="supervised", comment="人工督办", version=p["version"])
    refused = go(422, to="closed", satisfaction="satisfied")
    assert "当前状态 supervised（督办）" in refused["error"]["message"] and "resolved" in refused["error"]["message"]
    p = go(to="resolved", resolution="已调剂用地指标")
    p = go(to="closed", satisfaction="dissatisfied", comment="企业不满意")
    assert p["state"] == "assigned" and p["reopened"] == 1
    p = go(to="resolved", resolution="已落实新地块")
    p = go(to="closed", satisfaction="basically")
    assert p["state"] == "closed" and p["next"] == [] and p["satisfaction_label"] == "基本满意"
    assert [h["to_state"] for h in p["history"]] == ["collected", "acknowledged", "assigned", "supervised",
                                                     "resolved", "assigned", "resolved", "closed"]
    assert client.get(f"/api/v1/problems/{pid}").json()["history"] == p["history"]
    assert client.get("/api/v1/problems", params={"reopened": True}).json()["total"] == 1
    stats = client.get("/api/v1/problems/stats", params={"by": "category"}).json()
    assert stats["rows"][0]["key"] == "用地" and stats["rows"][0]["satisfaction_rate"] == "1.0000"
    audit = client.get("/api/v1/audit", params={"action": "problem_move"}).json()["items"]
    assert len(audit) == 7


def test_bad_input_is_a_clean_422_or_404(client: TestClient, engine: Engine) -> None:
    add_enterprise(engine, "岳麓示例新材料有限公司", uscc=CODE, region_code="430104")
    assert client.post("/api/v1/problems", json={"title": "x", "enterprise": "999", "category": "用地"}).status_code == 404
    assert client.post("/api/v1/problems", json={"title": "", "enterprise": "1", "category": "用地"}).status_code == 422
    assert client.get("/api/v1/problems/99").status_code == 404
    assert client.post("/api/v1/problems/99/transitions", json={"to": "closed"}).status_code == 404
    assert client.post("/api/v1/problems/1/transitions", json={"to": "done"}).status_code == 422
    assert client.get("/api/v1/problems", params={"state": "done"}).status_code == 422
    assert client.get("/api/v1/problems/stats", params={"by": "colour"}).status_code == 422


def test_lists_exports_imports_and_meetings(client: TestClient, engine: Engine) -> None:
    add_enterprise(engine, "岳麓示例新材料有限公司", uscc=CODE, region_code="430104")
    ids = [client.post("/api/v1/problems", json={"title": t, "enterprise": "1", "category": c}).json()["id"]
           for t, c in (("用地不足", "用地"), ("贷款难", "融资"))]
    client.post(f"/api/v1/problems/{ids[0]}/transitions", json={"to": "acknowledged"})
    client.post(f"/api/v1/problems/{ids[0]}/transitions",
                json={"to": "assigned", "unit": "市自然资源局", "deadline": str(date.today() + timedelta(days=1))})
    page = client.get("/api/v1/problems", params={"category": "融资"}).json()
    assert [i["id"] for i in page["items"]] == [ids[1]] and page["items"][0]["enterprise"]["uscc"] == CODE
    assert client.get("/api/v1/problems", params={"overdue": True}).json()["total"] == 0
    book = client.get("/api/v1/problems.xlsx", params={"state": "assigned"})
    assert book.status_code == 200
    rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert rows[3][3] == "用地不足" and len(rows) == 4
    imported = client.post("/api/v1/problems/import", files={"file": ("p.xlsx", book.content)}).json()
    assert imported["status"] == "written" and imported["written"] == 1
    bad = client.post("/api/v1/problems/import", files={"file": ("p.csv", "企业名称,问题,问题类别\n无此企业,x,用地\n".encode())})
    assert bad.json()["status"] == "rejected" and bad.json()["errors"][0]["value"] == "无此企业"
    meeting = client.post("/api/v1/meetings", json={"title": "5月园区市长日", "held_on": "2026-05-20", "problems": ids})
    assert meeting.status_code == 201, meeting.text
    mid = meeting.json()["id"]
    assert client.post(f"/api/v1/meetings/{mid}/problems", json={"problems": [ids[1]]}).json()["problems"] == 2
    assert client.get("/api/v1/meetings").json()[0]["problems"] == 2
    sheet = client.get(f"/api/v1/meetings/{mid}/sheet.xlsx")
    cells = [c for r in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True) for c in r if c]
    assert "市自然资源局" in cells and "贷款难" in cells
    assert client.post("/api/v1/problems/deadlines", json={"category": "融资", "working_days": 5}).json()[
        "categories"] == [{"category": "融资", "working_days": 5}]
    assert client.post("/api/v1/problems/sweep").json()["supervised"] == 0
