"""The enterprise registry over the API: search, filters, paging, profile and placement decisions."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.conftest import Seeded
from services.factories import add_enterprise


def names(client: TestClient, **params: object) -> list[str]:
    response = client.get("/api/v1/enterprises", params=params)
    assert response.status_code == 200, response.text
    return [e["name"] for e in response.json()["items"]]


def test_search_finds_names_products_scope_and_credit_codes(client: TestClient, seeded: Seeded) -> None:
    assert names(client, q="星城石墨") == ["湖南星城石墨科技有限公司"]
    assert names(client, q="隔膜") == ["长沙隔膜新材料有限公司"]  # two characters
    assert names(client, q="六氟磷酸锂") == ["株洲电解液化工有限公司"]  # products only
    assert names(client, q="餐饮服务") == ["长沙米粉餐饮管理有限公司"]  # business scope only
    assert names(client, q="粉") == ["长沙米粉餐饮管理有限公司"]  # one character
    code = client.get(f"/api/v1/enterprises/{seeded.graphite}").json()["uscc"]
    assert names(client, q=code) == ["湖南星城石墨科技有限公司"]
    assert names(client, q=code[:10].lower()) == ["湖南星城石墨科技有限公司"]
    assert names(client, q="石墨烯") == []  # the bigram phrase must occur as typed
    assert names(client, q="！？") == []


def test_name_hits_rank_before_product_and_scope_hits(client: TestClient, engine: Engine, seeded: Seeded) -> None:
    add_enterprise(engine, "长沙锂电设备有限公司", main_products="隔膜分切机")
    assert names(client, q="隔膜") == ["长沙隔膜新材料有限公司", "长沙锂电设备有限公司"]


def test_filters_by_region_chain_link_tag_and_size(client: TestClient, engine: Engine, seeded: Seeded) -> None:
    from sqlalchemy import insert

    from chainatlas.store.models import enterprise_tags

    with engine.begin() as conn:
        conn.execute(insert(enterprise_tags).values(enterprise_id=seeded.separator, tag="specialised_sme", year=2023))
    assert names(client, region="430200") == ["株洲电解液化工有限公司"]
    assert sorted(names(client, chain="lithium-battery")) == sorted(
        ["湖南星城石墨科技有限公司", "长沙隔膜新材料有限公司", "株洲电解液化工有限公司"])
    assert names(client, chain="lithium-battery", link="anode") == ["湖南星城石墨科技有限公司"]
    assert names(client, tag="specialised_sme") == ["长沙隔膜新材料有限公司"]
    assert names(client, size="large") == []
    assert names(client, size="medium") == ["湖南星城石墨科技有限公司"]  # 工业: 900 persons, 5亿元
    assert names(client, size="small", region="430100") == ["长沙隔膜新材料有限公司"]
    assert names(client, q="有限公司", region="430100", chain="lithium-battery") == [
        "长沙隔膜新材料有限公司", "湖南星城石墨科技有限公司"]


def test_paging_with_cursors_visits_every_enterprise_once(client: TestClient, engine: Engine) -> None:
    ids = {add_enterprise(engine, f"长沙测试{i:02d}科技有限公司") for i in range(25)}
    seen: list[int] = []
    cursor = None
    for _ in range(5):
        page = client.get("/api/v1/enterprises", params={"limit": 10, **({"cursor": cursor} if cursor else {})}).json()
        assert page["total"] == 25 and not page["total_capped"]
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(ids, reverse=True)
    ranked = client.get("/api/v1/enterprises", params={"q": "测试", "limit": 20}).json()
    assert ranked["total"] == 25 and ranked["next_cursor"] == "o:20"
    rest = client.get("/api/v1/enterprises", params={"q": "测试", "cursor": "o:20"}).json()
    assert len(rest["items"]) == 5 and rest["next_cursor"] is None
    assert client.get("/api/v1/enterprises", params={"cursor": "x:1"}).status_code == 422


def test_profile_has_basics_tags_years_and_named_placements(client: TestClient, seeded: Seeded) -> None:
    data = client.get(f"/api/v1/enterprises/{seeded.graphite}").json()
    assert data["name"] == "湖南星城石墨科技有限公司" and data["region"] == "湖南省长沙市岳麓区"
    assert data["size"] == "medium" and data["size_label"] == "中型" and "2011" in data["size_rule"]
    [placed] = data["placements"]
    assert (placed["chain_name"], placed["link_name"], placed["role_label"]) == ("先进储能材料与锂电池", "负极材料", "链主/龙头")
    by_code = client.get(f"/api/v1/enterprises/{data['uscc']}").json()
    assert by_code["id"] == seeded.graphite
    assert client.get("/api/v1/enterprises/999999").status_code == 404


def test_rejecting_a_placement_takes_the_enterprise_off_the_map(client: TestClient, seeded: Seeded) -> None:
    before = client.get("/api/v1/chains/lithium-battery/map").json()
    assert next(n for n in before["nodes"] if n["id"] == "separator")["enterprises"] == 1
    pid = client.get(f"/api/v1/enterprises/{seeded.separator}").json()["placements"][0]["id"]
    response = client.post(f"/api/v1/placements/{pid}/decision", json={"decision": "rejected"})
    assert response.json() == {"id": pid, "status": "rejected", "role": "key", "changed": 1}
    after = client.get("/api/v1/chains/lithium-battery/map").json()
    assert next(n for n in after["nodes"] if n["id"] == "separator")["status"] == "missing"
    confirmed = client.post(f"/api/v1/placements/{pid}/decision", json={"decision": "confirmed", "role": "leader"})
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["role"] == "leader"
    assert client.post("/api/v1/placements/99999/decision", json={"decision": "confirmed"}).status_code == 404
