"""Overview, chain map, gaps (JSON and Excel) and link enterprises over the API."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.conftest import Seeded
from chainatlas.services import atlas
from chainatlas.store.models import meta
from services.factories import OPERATOR


def test_ping_is_static_json(client: TestClient) -> None:
    assert client.get("/api/v1/ping").json() == {"status": "ok", "service": "chainatlas", "version": "0.1.0"}


def test_chains_are_listed_a_page_at_a_time(client: TestClient) -> None:
    first = client.get("/api/v1/chains", params={"limit": 3}).json()
    rest = client.get("/api/v1/chains", params={"limit": 50, "offset": 3}).json()
    assert first["total"] == rest["total"] == 10
    assert len(first["items"]) == 3 and len(rest["items"]) == 7
    assert {c["id"] for c in first["items"]}.isdisjoint({c["id"] for c in rest["items"]})


def test_overview_gives_each_chain_coverage_enterprises_revenue_and_gaps(client: TestClient, seeded: Seeded) -> None:
    data = client.get("/api/v1/overview").json()
    battery = next(c for c in data["chains"] if c["id"] == "lithium-battery")
    assert battery["enterprises"] == 3
    assert battery["revenue_wan_yuan"] == "53800.00"
    assert battery["covered"] + battery["weak"] + battery["missing"] == battery["links"] == 20
    assert battery["missing"] == 17 and battery["supporting_rate"] == 0.15
    assert data["registry_enterprises"] == 4
    assert data["totals"]["chains"] == 10


def test_chain_map_lays_links_out_by_stage_with_status_and_figures(client: TestClient, seeded: Seeded) -> None:
    data = client.get("/api/v1/chains/lithium-battery/map").json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["anode"]["enterprises"] == 1 and nodes["anode"]["leaders"] == ["湖南星城石墨科技有限公司"]
    assert nodes["anode"]["status"] == "weak" and "单一来源" in nodes["anode"]["reasons"][0]
    assert nodes["cathode"]["status"] == "missing" and nodes["cathode"]["status_label"] == "缺链"
    assert {n["column"] for n in data["nodes"] if n["stage"] == "upstream"} == {0}
    assert {n["column"] for n in data["nodes"] if n["stage"] == "downstream"} == {2}
    rows = [n["row"] for n in data["nodes"] if n["stage"] == "midstream"]
    assert rows == list(range(len(rows)))
    assert {"from": "cathode", "to": "cell-manufacturing"} in data["edges"]
    assert data["counts"] == {"covered": 0, "weak": 3, "missing": 17}


def test_chain_map_filters_by_region_and_park(client: TestClient, seeded: Seeded) -> None:
    zhuzhou = client.get("/api/v1/chains/lithium-battery/map", params={"region": "430200"}).json()
    assert [n["id"] for n in zhuzhou["nodes"] if n["enterprises"]] == ["electrolyte"]
    assert zhuzhou["region_name"] == "湖南省株洲市"
    park = client.get("/api/v1/chains/lithium-battery/map", params={"park": "长沙高新技术产业开发区"}).json()
    assert [n["id"] for n in park["nodes"] if n["enterprises"]] == ["anode"]


def test_clicking_a_link_lists_its_enterprises_leaders_first(client: TestClient, engine: Engine,
                                                               seeded: Seeded) -> None:
    from chainatlas.services.atlas import placement

    placement.place_manually(engine, str(seeded.separator), "lithium-battery", "anode", "supporting", viewer=OPERATOR)
    page = client.get("/api/v1/chains/lithium-battery/links/anode/enterprises").json()
    assert page["link_name"] == "负极材料" and page["total"] == 2
    assert [(e["name"], e["role_label"]) for e in page["items"]] == [
        ("湖南星城石墨科技有限公司", "链主/龙头"), ("长沙隔膜新材料有限公司", "配套")]
    second = client.get("/api/v1/chains/lithium-battery/links/anode/enterprises",
                        params={"limit": 1, "offset": 1}).json()
    assert [e["id"] for e in second["items"]] == [seeded.separator]
    missing = client.get("/api/v1/chains/lithium-battery/links/no-link/enterprises")
    assert missing.status_code == 404


def test_gaps_are_the_figures_of_the_gaps_command(client: TestClient, engine: Engine, seeded: Seeded) -> None:
    api = client.get("/api/v1/chains/lithium-battery/gaps", params={"region": "430100"}).json()
    expected = atlas.gap_report_as_dict(atlas.gaps(engine, "lithium-battery", "430100", viewer=OPERATOR), "430100")
    assert {k: api[k] for k in expected} == expected
    assert api["sort"] == "position" and api["order"] == "asc"


def test_gaps_sort_by_any_column(client: TestClient, seeded: Seeded) -> None:
    by_revenue = client.get("/api/v1/chains/lithium-battery/gaps", params={"sort": "revenue", "order": "desc"}).json()
    assert [g["id"] for g in by_revenue["links"][:3]] == ["anode", "separator", "electrolyte"]
    by_status = client.get("/api/v1/chains/lithium-battery/gaps", params={"sort": "status"}).json()
    assert by_status["links"][0]["status"] == "missing" and by_status["links"][-1]["status"] == "weak"
    bad = client.get("/api/v1/chains/lithium-battery/gaps", params={"sort": "colour"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "query.sort"


def test_gaps_export_of_a_demo_database_says_demo_data(client: TestClient, seeded: Seeded, engine: Engine) -> None:
    plain = openpyxl.load_workbook(io.BytesIO(client.get("/api/v1/chains/lithium-battery/gaps.xlsx").content))
    assert not any("示例数据" in str(cell) for sheet in plain for row in sheet.iter_rows(values_only=True)
                   for cell in row if cell)
    with engine.begin() as conn:
        conn.execute(meta.insert().values(key="demo", value="示例数据：合成企业，非真实数据"))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/api/v1/chains/lithium-battery/gaps.xlsx").content))
    for sheet in book:
        heading = [row[0] for row in sheet.iter_rows(max_row=4, values_only=True)]
        assert "示例数据：合成企业，非真实数据" in heading, sheet.title


def test_gaps_export_to_excel_in_the_table_order(client: TestClient, seeded: Seeded) -> None:
    response = client.get("/api/v1/chains/lithium-battery/gaps.xlsx", params={"sort": "enterprises", "order": "desc"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("先进储能材料与锂电池 补链分析")
    assert rows[2][:4] == ("位置", "环节", "重要度", "本地企业数")
    assert len(rows) == 3 + 20
    assert rows[3][1] == "负极材料" and rows[3][6] == "弱链"
