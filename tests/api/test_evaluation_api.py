"""Evaluation endpoints: one enterprise's results and the 梯度培育 report, JSON and Excel."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient

from api.conftest import Seeded


def test_an_enterprise_is_evaluated_with_every_rule_and_its_version(client: TestClient, seeded: Seeded) -> None:
    assert client.get(f"/api/v1/enterprises/{seeded.graphite}/evaluation").json()["results"] == []
    response = client.post(f"/api/v1/enterprises/{seeded.graphite}/evaluation")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["rule"] for r in results} >= {"sme_size", "innovative_sme"}
    assert all(r["version"] and r["verdict"] for r in results)
    stored = client.get(f"/api/v1/enterprises/{seeded.graphite}/evaluation").json()["results"]
    assert [r["rule"] for r in stored] == [r["rule"] for r in results]


def test_unknown_enterprise_has_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/enterprises/999999/evaluation")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_cultivation_report_lists_three_tiers_for_a_chain(client: TestClient, seeded: Seeded) -> None:
    client.post(f"/api/v1/enterprises/{seeded.graphite}/evaluation")
    report = client.get("/api/v1/cultivation", params={"chain": "lithium-battery"}).json()
    assert [t["tier"] for t in report["tiers"]] and len(report["tiers"]) == 3
    for tier in report["tiers"]:
        assert {"holders", "eligible", "candidates", "rule", "review_rule"} <= set(tier)


def test_cultivation_filters_are_validated(client: TestClient) -> None:
    response = client.get("/api/v1/cultivation", params={"region": "43"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query.region"


def test_cultivation_exports_to_excel(client: TestClient, seeded: Seeded) -> None:
    response = client.get("/api/v1/cultivation.xlsx", params={"chain": "lithium-battery"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) >= 3


def test_evaluation_and_cultivation_pages_render(client: TestClient, seeded: Seeded) -> None:
    assert "梯度培育" in client.get("/cultivation").text
    assert client.get(f"/enterprises/{seeded.graphite}/evaluation").status_code == 200
