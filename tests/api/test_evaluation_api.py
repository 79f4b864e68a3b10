"""Evaluation endpoints: one enterprise's results and the 梯度培育 report, JSON and Excel."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.conftest import Seeded
from chainatlas.domain.rules.facts import fact_label
from chainatlas.services.evaluation import evaluate_all
from services.evaluation.factories import ON, add_registered, strong


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


SNAKE_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
RAW = re.compile(r"\btrue\b|\bfalse\b|\bTrue\b|\bFalse\b|\bNone\b|null|[{}\[\]]")


def _strong_city(engine: Engine) -> dict[str, int]:
    ids = {"holder": add_registered(engine, 1, tags=[("specialised_sme", 2024)], facts=strong()),
           "eligible": add_registered(engine, 2, facts=strong()),
           "near": add_registered(engine, 3, facts=strong(development_score=49)),
           "far": add_registered(engine, 4, region="430111",
                                 facts=strong(development_score=30, market_leading=False, years_in_niche=1))}
    evaluate_all(engine, on=ON)
    return ids


def test_evaluation_gives_every_fact_and_value_in_chinese_with_its_unit(client: TestClient, engine: Engine) -> None:
    ids = _strong_city(engine)
    page = client.get(f"/api/v1/enterprises/{ids['near']}/evaluation").json()
    facts = {f["key"]: f for f in page["fact_list"]}
    assert set(facts) == set(page["facts"])  # every known fact, once
    assert facts["revenue_prev2_wan"] | {"value": None} == {
        "key": "revenue_prev2_wan", "label": "大前年营业收入", "unit": "万元", "value": None, "display": "14100万元",
        "source": "registry", "source_label": "企业库"}
    assert facts["market_leading"]["display"] == "是" and facts["chuangke_top500"]["display"] == "否"
    assert facts["product_fields"]["display"] == "补短板、工业六基"
    assert facts["awards"]["display"] == "省级科技奖励第2名（2024年）"
    assert facts["titles"]["display"] == "创新型中小企业（2023年）"
    assert facts["assessed_on"]["display"] == "2026年5月15日" and facts["assessed_on"]["source_label"] == "推算"
    assert facts["industry_code"]["display"].startswith("3985 ")
    for fact in facts.values():
        assert not SNAKE_KEY.search(fact["label"] + fact["display"]), fact
        assert not RAW.search(fact["display"]), fact
    for result in page["results"]:
        assert result["confidence_label"] in {"已核", "推定", "待核"} and "待核" not in result["basis"]
        assert result["basis"].startswith(("《", "国家统计局", "工业和信息化部")), result["basis"]
        assert [fact_label(m) for m in result["missing"]] == result["missing_labels"]
        for part in result["parts"]:
            assert not RAW.search(part["display"] + part["outcome"]), part
    sme = next(r for r in page["results"] if r["rule"] == "sme_size")
    assert sme["basis"] == "《中小企业划型标准规定》（工信部联企业〔2011〕300号）"
    specialised = next(r for r in page["results"] if r["rule"] == "specialised_sme_2026")
    score = next(p for p in specialised["parts"] if p["indicator"] == "专精特新发展评价得分")
    assert (score["display"], score["band"], score["outcome"]) == ("49分", "≥50分", "未满足")
    assert [c["label"] for c in page["confidence_legend"]] == ["已核", "推定", "待核"]


def test_cultivation_lists_are_paged_with_their_totals_and_keep_the_filters(client: TestClient,
                                                                              engine: Engine) -> None:
    _strong_city(engine)
    report = client.get("/api/v1/cultivation", params={"limit": 1}).json()
    little = report["tiers"][2]
    assert little["tier"] == "little_giant" and little["candidates_count"] == 3
    assert len(little["candidates"]) == 1 and len(report["tiers"][0]["holders"]) <= 1
    pages = [client.get("/api/v1/cultivation/little_giant/candidates", params={"page": n, "size": 1}).json()
             for n in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [3, 3, 3, 3] and pages[0]["pages"] == 3
    assert [len(p["items"]) for p in pages] == [1, 1, 1, 0]
    whole = client.get("/api/v1/cultivation/little_giant/candidates", params={"size": 50}).json()
    assert [p["items"][0]["id"] for p in pages[:3]] == [e["id"] for e in whole["items"]]
    assert whole["items"][0]["id"] == little["candidates"][0]["id"]  # the same order as the report
    county = client.get("/api/v1/cultivation/little_giant/candidates", params={"region": "430111"}).json()
    assert county["total"] == 1 and county["region"]["code"] == "430111"
    holders = client.get("/api/v1/cultivation/specialised_sme/holders").json()
    assert holders["total"] == 1 and holders["kind_label"] == "已获称号" and holders["items"][0]["since"] == 2024


@pytest.mark.parametrize("path", ["/api/v1/cultivation/no_tier/holders", "/api/v1/cultivation/little_giant/all",
                                  "/api/v1/cultivation/little_giant/holders?page=0",
                                  "/api/v1/cultivation/little_giant/holders?size=500"])
def test_cultivation_list_rejects_bad_parameters_with_a_named_field(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"]


def test_the_excel_export_has_the_whole_filtered_lists(client: TestClient, engine: Engine) -> None:
    _strong_city(engine)
    report = client.get("/api/v1/cultivation", params={"limit": 1}).json()
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/api/v1/cultivation.xlsx").content))
    for tier, sheet in zip(report["tiers"], workbook.worksheets, strict=False):
        listed = sheet.max_row - 1  # the header row
        assert listed == tier["holders_count"] + tier["eligible_count"] + tier["candidates_count"], tier["tier"]
    about = "\n".join(str(c.value) for row in workbook["说明"].iter_rows() for c in row)
    assert "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）" in about and "可信度：已核" in about
    assert "待核" not in about.replace("可信度：待核", "") and "✅" not in about
