"""Risk early warning through the API: scan, list with filters and counts, acknowledge, Excel, the rule set."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.conftest import Seeded


def _scan(client: TestClient) -> dict:
    r = client.post("/api/v1/risks/scan", json={"region": "430100", "chains": ["lithium-battery"]})
    assert r.status_code == 200, r.text
    return r.json()


def test_scan_list_acknowledge_and_export(client: TestClient, seeded: Seeded) -> None:
    result = _scan(client)
    assert result["found"] == result["created"] > 0 and result["rule_version"] == 1 and result["month"] is None
    listed = client.get("/api/v1/risks", params={"chain": "lithium-battery", "region": "430100"}).json()
    rules = {w["rule"] for w in listed["items"]}
    assert {"single_source", "key_link_missing"} <= rules
    single = next(w for w in listed["items"] if w["rule"] == "single_source" and w["link_id"] == "separator")
    assert single["message"] == "环节“隔膜”本地仅1家企业（长沙隔膜新材料有限公司），单一来源"
    assert single["level"] == "orange" and single["figures"]["enterprises"] == 1
    assert listed["counts"]["total"] == len(listed["items"]) == listed["counts"]["new"]
    reds = client.get("/api/v1/risks", params={"level": "red"}).json()["items"]
    assert reds and all(w["level"] == "red" for w in reds)
    acked = client.post(f"/api/v1/risks/{single['id']}/ack", json={"comment": "已对接第二家隔膜企业"})
    assert acked.status_code == 200, acked.text
    assert acked.json()["acknowledged"] and acked.json()["ack_comment"] == "已对接第二家隔膜企业"
    after = client.get("/api/v1/risks", params={"chain": "lithium-battery"}).json()
    assert after["items"][-1]["id"] == single["id"] and after["counts"]["new"] == after["counts"]["total"] - 1
    assert client.post(f"/api/v1/risks/{single['id']}/ack", json={"comment": ""}).status_code == 422
    assert client.post("/api/v1/risks/999999/ack", json={"comment": "x"}).status_code == 404
    xlsx = client.get("/api/v1/risks.xlsx", params={"chain": "lithium-battery"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "级别")
    assert header[:5] == ["级别", "预警规则", "对象类型", "对象", "预警内容"]
    assert any(r[4] == single["message"] and r[12] == "已对接第二家隔膜企业" for r in rows)


def test_scan_refuses_bad_input_clearly(client: TestClient) -> None:
    assert client.post("/api/v1/risks/scan", json={"region": "abc"}).status_code == 422
    r = client.post("/api/v1/risks/scan", json={"region": "430100", "chains": ["no-such-chain"]})
    assert r.status_code == 404 and "no-such-chain" in r.json()["error"]["message"]
    assert client.get("/api/v1/risks", params={"level": "purple"}).status_code == 422


def test_rule_set_read_validate_and_store(client: TestClient, seeded: Seeded) -> None:
    current = client.get("/api/v1/risks/rules").json()
    assert current["version"] == 1 and len(current["rules"]) == 11 and current["vocabulary"]
    bad = client.put("/api/v1/risks/rules", json={"rules": [{"id": "no_report", "params": {"months": 0}}]})
    assert bad.status_code == 422
    assert "规则“no_report”（月报中断）的字段 params.months：应在 1–12个月 之间" in bad.json()["error"]["message"]
    rules = [{**r, "enabled": r["id"] != "key_link_missing"} for r in current["rules"]]
    saved = client.put("/api/v1/risks/rules", json={"rules": rules, "note": "暂停缺链预警"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2 and saved.json()["history"][0]["note"] == "暂停缺链预警"
    _scan(client)
    items = client.get("/api/v1/risks").json()["items"]
    assert items and all(w["rule"] != "key_link_missing" and w["rule_version"] == 2 for w in items)
