"""SQL-injection and XSS payloads in every text field the API accepts, on SQLite and PostgreSQL:
refused with a 4xx or stored and returned as the literal text, the tables intact, and escaped on
the server-rendered pages. Ids beyond what a database column holds are refused as invalid (422)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from api.conftest import Seeded
from chainatlas.services.access import accounts
from chainatlas.store import deferred
from importers.files import uscc, write_csv
from security.helpers import app_client, sign_in, upload
from services.factories import OPERATOR, TEST_PASSWORD

PAYLOADS = ["'; DROP TABLE enterprises;--", '" OR 1=1 --', "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>"]
ids = [f"p{n}" for n in range(len(PAYLOADS))]


def table_counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in  # type: ignore[return-value]
                     ("enterprises", "users", "organisations"))


@pytest.fixture
def province_admin(client: TestClient, engine: Engine, db: str) -> TestClient:
    """An admin of a province organisation (agreements need a grantor with a region), by API token."""
    accounts.create_organisation(engine, OPERATOR, "测试省", "province", region="430000")
    accounts.create_user(engine, OPERATOR, "prov-admin", TEST_PASSWORD, "测试省", "admin")
    secret, _ = accounts.create_token(engine, OPERATOR, "tests", username="prov-admin")
    return app_client(db, Authorization=f"Bearer {secret}")


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_search_and_filter_text_is_matched_literally(client: TestClient, engine: Engine, seeded: Seeded,
                                                      payload: str) -> None:
    before = table_counts(engine)
    for params in ({"q": payload}, {"park": payload}, {"q": payload, "park": payload}):
        response = client.get("/api/v1/enterprises", params=params)
        assert response.status_code == 200 and response.json()["items"] == [], params
    for url in ("/api/v1/chains/lithium-battery/map", "/api/v1/chains/lithium-battery/gaps"):
        assert client.get(url, params={"park": payload}).status_code == 200
    assert client.get("/api/v1/audit", params={"user": payload, "action": payload}).status_code < 500
    assert table_counts(engine) == before


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_names_purposes_and_display_names_are_stored_as_literal_text(
        province_admin: TestClient, engine: Engine, payload: str) -> None:
    org = province_admin.post("/api/v1/organisations", json={"name": payload, "kind": "alliance"})
    assert org.status_code == 201 and org.json()["name"] == payload
    user = province_admin.post("/api/v1/users", json={"username": "xss-user", "password": TEST_PASSWORD,
                                                       "org": payload, "role": "readonly", "display_name": payload})
    assert user.status_code == 201 and user.json()["display_name"] == payload
    token = province_admin.post("/api/v1/tokens", json={"name": payload})
    assert token.status_code == 201 and token.json()["name"] == payload
    agreement = province_admin.post("/api/v1/agreements", json={
        "grantee": payload, "purpose": payload, "fields": ["tags"], "park": payload,
        "valid_to": str(date.today() + timedelta(days=30))})
    assert agreement.status_code == 201, agreement.text
    assert (agreement.json()["purpose"], agreement.json()["grantee"]) == (payload, payload)
    listed = province_admin.get("/api/v1/agreements").json()
    assert [a["purpose"] for a in listed] == [payload]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT display_name FROM users WHERE username = 'xss-user'")).scalar() == payload


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_a_sign_in_with_a_payload_user_name_is_refused_and_logged_literally(
        client: TestClient, engine: Engine, db: str, payload: str) -> None:
    before = table_counts(engine)
    response = app_client(db).post("/api/v1/auth/login", json={"username": payload, "password": payload})
    assert response.status_code == 401
    assert deferred.flush()
    failed = client.get("/api/v1/audit", params={"action": "login_failed"}).json()["items"]
    assert failed[0]["target"] == f"user:{payload.strip()}"
    assert table_counts(engine) == before


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_import_cells_are_stored_as_literal_text(client: TestClient, engine: Engine, tmp_path: Path,
                                                 payload: str) -> None:
    header = ["企业名称", "统一社会信用代码", "所属区县", "园区", "经营范围", "主营产品", "联系人", "联系电话", "法定代表人"]
    name = f"湖南{payload}科技有限公司"
    row = [name, uscc(77, "430104"), "430104", payload, payload, payload, payload, payload, payload]
    job = upload(client, write_csv(tmp_path / "名录.csv", header, [row]))
    assert job["status"] in ("done", "rejected"), job
    if job["status"] == "rejected":  # refused by validation: every error names a field, nothing written
        errors = client.get(f"/api/v1/imports/{job['id']}/errors").json()["items"]
        assert errors and all(e["field"] for e in errors)
        return
    stored = client.get(f"/api/v1/enterprises/{uscc(77, '430104')}").json()
    assert stored["name"] == name
    for key in ("park", "business_scope", "main_products", "contact_person", "legal_representative"):
        assert stored[key] == payload, key
    assert table_counts(engine)[0] == 1


def test_pages_escape_an_organisation_name_with_markup(engine: Engine, db: str, client: TestClient) -> None:
    markup = PAYLOADS[2]
    accounts.create_organisation(engine, OPERATOR, markup, "alliance")
    accounts.create_user(engine, OPERATOR, "alliance-user", TEST_PASSWORD, markup, "readonly", markup)
    browser = app_client(db)
    sign_in(browser, "alliance-user", TEST_PASSWORD)
    for page in ("/account", "/", "/enterprises"):
        html = browser.get(page).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and markup not in html, page


@pytest.mark.parametrize("url", ["/api/v1/tokens/{n}", "/api/v1/agreements/{n}/revoke",
                                 "/api/v1/placements/{n}/decision", "/api/v1/audit?before={n}"])
def test_ids_beyond_a_database_integer_are_invalid_not_a_server_error(client: TestClient, url: str) -> None:
    method = "GET" if "audit" in url else "DELETE" if "tokens" in url else "POST"
    response = client.request(method, url.format(n=2**64), json={"decision": "confirmed"})
    assert response.status_code == 422, response.text
