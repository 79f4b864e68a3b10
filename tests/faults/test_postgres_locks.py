"""PostgreSQL under a concurrent writer: a lock wait that runs out is 503 with Retry-After, reads go on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from chainatlas.server import create_app
from chainatlas.store import deferred, search_index
from chainatlas.store.db import engine_for
from services.factories import TEST_PASSWORD, add_enterprise, platform_admin_token


@contextmanager
def inserts_blocked(db: str, *tables: str) -> Iterator[None]:
    """Another session holds locks that let others read the tables but not write them."""
    holder = create_engine(db)
    with holder.connect() as conn:
        conn.execute(text(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE"))
        try:
            yield
        finally:
            conn.rollback()
    holder.dispose()


@pytest.mark.postgres
def test_writes_that_cannot_get_their_lock_answer_503_and_reads_go_on(db: str) -> None:
    if not db.startswith("postgresql"):
        pytest.skip("PostgreSQL lock timeouts")
    engine = engine_for(db)
    add_enterprise(engine, "湖南锂电材料有限公司", main_products="磷酸铁锂")
    search_index.catch_up(engine)
    token = platform_admin_token(engine)
    client = TestClient(create_app(db), raise_server_exceptions=False, headers={"Authorization": f"Bearer {token}"})
    with inserts_blocked(db, "web_sessions", "audit_log"):
        sign_in = client.post("/api/v1/auth/login", json={"username": "test-admin", "password": TEST_PASSWORD})
        new_token = client.post("/api/v1/tokens", json={"name": "报送"})
        wrong = client.post("/api/v1/auth/login", json={"username": "test-admin", "password": "wrong-one!"})
        search = client.get("/api/v1/enterprises", params={"q": "锂电"})
        ping = client.get("/api/v1/ping")
    for response in (sign_in, new_token):
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "busy" and response.headers["Retry-After"]
    assert wrong.status_code == 401 and search.status_code == 200 and ping.status_code == 200
    assert [e["name"] for e in search.json()["items"]] == ["湖南锂电材料有限公司"]
    assert deferred.flush()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'login_failed'")).scalar() == 1
