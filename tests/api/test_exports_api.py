"""Exports people ask for: the filtered enterprise list, a link's enterprises, the gaps workbook's sheet of
enterprises per link — the same rows as the pages, in Excel."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient

from api.conftest import Seeded


def sheet_rows(response: object, sheet: str | None = None) -> list[tuple]:
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert "attachment" in response.headers["content-disposition"]  # type: ignore[attr-defined]
    book = openpyxl.load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return list((book[sheet] if sheet else book.active).iter_rows(values_only=True))


def test_the_filtered_enterprise_list_exports_as_the_list_shows_it(client: TestClient, seeded: Seeded) -> None:
    rows = sheet_rows(client.get("/api/v1/enterprises.xlsx", params={"chain": "lithium-battery"}))
    assert rows[0][0] == "企业名录（产业链：先进储能材料与锂电池）"
    assert rows[1][0] == "共 3 家"
    assert rows[2][:3] == ("企业名称", "统一社会信用代码", "所属区县")
    listed = client.get("/api/v1/enterprises", params={"chain": "lithium-battery"}).json()["items"]
    assert [r[0] for r in rows[3:]] == [e["name"] for e in listed]
    graphite = next(r for r in rows[3:] if r[0] == "湖南星城石墨科技有限公司")
    assert graphite[6] == 50_000  # 万元, a number Excel can add up
    searched = sheet_rows(client.get("/api/v1/enterprises.xlsx", params={"q": "隔膜", "region": "430111"}))
    assert searched[0][0] == "企业名录（关键词：隔膜；地区：湖南省长沙市雨花区）"
    assert [r[0] for r in searched[3:]] == ["长沙隔膜新材料有限公司"]


def test_a_links_enterprises_export_and_the_gaps_workbooks_sheet_per_link(client: TestClient, seeded: Seeded) -> None:
    rows = sheet_rows(client.get("/api/v1/chains/lithium-battery/links/anode/enterprises.xlsx"))
    assert rows[0][0] == "先进储能材料与锂电池 · 负极材料 本地企业"
    assert rows[2][:4] == ("位置", "环节", "企业名称", "统一社会信用代码")
    assert [r[2] for r in rows[3:]] == ["湖南星城石墨科技有限公司"]
    assert rows[3][6] == "链主/龙头"
    assert client.get("/api/v1/chains/lithium-battery/links/nowhere/enterprises.xlsx").status_code == 404
    per_link = sheet_rows(client.get("/api/v1/chains/lithium-battery/gaps.xlsx"), "环节企业")
    assert {(r[1], r[2]) for r in per_link[3:]} == {
        ("负极材料", "湖南星城石墨科技有限公司"), ("隔膜", "长沙隔膜新材料有限公司"),
        ("电解液（含六氟磷酸锂）", "株洲电解液化工有限公司")}
    in_region = sheet_rows(client.get("/api/v1/chains/lithium-battery/gaps.xlsx", params={"region": "430211"}),
                           "环节企业")
    assert [r[2] for r in in_region[3:]] == ["株洲电解液化工有限公司"]


def test_a_search_typed_with_control_characters_still_exports(client: TestClient, seeded: Seeded) -> None:
    """Found by the API fuzzer: a worksheet cannot hold control characters, so they leave the title."""
    rows = sheet_rows(client.get("/api/v1/enterprises.xlsx", params={"q": "隔\x06膜"}))
    assert rows[0][0] == "企业名录（关键词：隔膜）"
