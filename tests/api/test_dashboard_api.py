"""The dashboards through the API: a chain's figures, the ranking with its sentence, the Excel of every chart
(Chinese headers, 万元 and percentage formats) and clean 4xx answers."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from services.monitoring.factories import city_of_chains

API = "/api/v1"


def test_chain_dashboard_and_its_excel(client: TestClient, engine: Engine) -> None:
    city_of_chains(engine)
    d = client.get(f"{API}/chains/lithium-battery/dashboard", params={"region": "430100", "month": "2025-06"})
    assert d.status_code == 200, d.text
    body = d.json()
    assert (body["output_ytd_wan_yuan"], body["output_yoy_pct"], body["above_scale_count"],
            body["share_of_city_pct"]) == ("978.00", "20.74", 3, "17.27")
    assert body["series"][-1]["month"] == "2025-06" and body["series"][-1]["output_wan_yuan"] == "163.00"
    assert body["moves"]["entries"] == 2 and body["work"]["projects_by_stage"][0]["label"] == "洽谈"
    latest = client.get(f"{API}/chains/lithium-battery/dashboard", params={"region": "430100"}).json()
    assert latest["month"] == "2025-06"
    x = client.get(f"{API}/chains/lithium-battery/dashboard.xlsx", params={"region": "430100", "month": "2025-06"})
    assert x.status_code == 200 and "spreadsheetml" in x.headers["content-type"]
    book = openpyxl.load_workbook(io.BytesIO(x.content))
    assert {"产值", "营业收入", "规上企业数", "企业进退", "项目阶段", "重点问题", "发展目标"} <= set(book.sheetnames)
    revenue = book["营业收入"]
    assert revenue["D2"].value == "累计同比增长" and revenue.cell(row=revenue.max_row, column=4).number_format == "0.00%"


def test_ranking_and_its_excel(client: TestClient, engine: Engine) -> None:
    city_of_chains(engine)
    o = client.get(f"{API}/dashboard", params={"region": "430100", "month": "2025-06"})
    assert o.status_code == 200, o.text
    body = o.json()
    assert body["sentence"].endswith("其中4条产业链实现两位数增长") and body["double_digit_chains"] == 4
    assert [c["rank"] for c in body["chains"]][-1] is None and body["chains"][-1]["status_label"] == "暂无数据"
    x = client.get(f"{API}/dashboard.xlsx", params={"region": "430100"})
    sheet = openpyxl.load_workbook(io.BytesIO(x.content))["产业链增长排名"]
    assert sheet["A3"].value == "排名" and sheet["D4"].number_format == "0.00%" and sheet["C4"].number_format == "#,##0.00"


def test_clean_errors(client: TestClient, engine: Engine) -> None:
    assert client.get(f"{API}/dashboard", params={"region": "430100"}).status_code == 404  # no figures yet
    city_of_chains(engine)
    assert client.get(f"{API}/dashboard", params={"month": "2025-13"}).status_code == 422
    assert client.get(f"{API}/dashboard", params={"month": "June"}).status_code == 422
    assert client.get(f"{API}/chains/no-such-chain/dashboard").status_code == 404
    assert client.get(f"{API}/dashboard", params={"region": "999999"}).status_code == 404
