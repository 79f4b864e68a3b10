"""Sessions, tokens and accounts, on SQLite and PostgreSQL: CSRF on cookie writes, revocation and
disabling take effect on the very next request, throttled sign-in, no default password, argon2
hashes, and an append-only audit log that records writes and failed sign-ins with their address."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, exc, select, text, update

from chainatlas.services.access import accounts, audit
from chainatlas.store import deferred
from chainatlas.store.models import api_tokens
from security.helpers import app_client, sign_in
from services.factories import OPERATOR, TEST_PASSWORD

ADMIN = "test-admin"  # made by the `client` fixture, with TEST_PASSWORD


@pytest.fixture
def browser(client: TestClient, db: str) -> TestClient:
    """A second client of the same app state, with no Authorization header (a browser's cookies only)."""
    return app_client(db)


def test_a_cookie_session_write_needs_the_sessions_csrf_token(browser: TestClient) -> None:
    csrf = sign_in(browser, ADMIN, TEST_PASSWORD)
    assert browser.get("/api/v1/auth/me").status_code == 200  # reads need none
    missing = browser.post("/api/v1/tokens", json={"name": "无令牌"})
    wrong = browser.post("/api/v1/tokens", json={"name": "错令牌"}, headers={"X-CSRF-Token": csrf[::-1]})
    right = browser.post("/api/v1/tokens", json={"name": "对令牌"}, headers={"X-CSRF-Token": csrf})
    assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 201)
    assert missing.json()["error"]["code"] == "forbidden"
    names = [t["name"] for t in browser.get("/api/v1/tokens").json()]
    assert "对令牌" in names and "无令牌" not in names and "错令牌" not in names


def test_a_form_post_with_a_cookie_but_no_csrf_field_is_refused(browser: TestClient) -> None:
    sign_in(browser, ADMIN, TEST_PASSWORD)
    response = browser.post("/api/v1/imports", files={"file": ("x.csv", b"a,b\n", "text/csv")})
    assert response.status_code == 403


def test_bearer_token_writes_need_no_csrf_token(client: TestClient) -> None:
    assert client.post("/api/v1/tokens", json={"name": "程序"}).status_code == 201


def test_a_revoked_token_stops_working_on_the_very_next_request(client: TestClient, db: str) -> None:
    made = client.post("/api/v1/tokens", json={"name": "将吊销"}).json()
    program = app_client(db, Authorization=f"Bearer {made['token']}")
    assert program.get("/api/v1/auth/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{made['id']}").status_code == 200
    response = program.get("/api/v1/auth/me")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_a_tokens_last_use_is_recorded_at_most_every_few_minutes(client: TestClient, engine: Engine, db: str) -> None:
    made = client.post("/api/v1/tokens", json={"name": "用量"}).json()
    program = app_client(db, Authorization=f"Bearer {made['token']}")

    def last_used() -> datetime | None:
        assert deferred.flush()  # the last use is bookkeeping, written by the background writer
        with engine.connect() as conn:
            return conn.execute(select(api_tokens.c.last_used_at).where(api_tokens.c.id == made["id"])).scalar()

    assert last_used() is None
    assert program.get("/api/v1/enterprises?q=锂").status_code == 200
    first = last_used()
    assert first is not None
    assert program.get("/api/v1/auth/me").status_code == 200
    assert last_used() == first  # within TOKEN_USE_RECORDED_EVERY: no write per request
    with engine.begin() as conn:
        conn.execute(update(api_tokens).where(api_tokens.c.id == made["id"])
                     .values(last_used_at=first - accounts.TOKEN_USE_RECORDED_EVERY * 2))
    assert program.get("/api/v1/auth/me").status_code == 200
    assert last_used() > first - accounts.TOKEN_USE_RECORDED_EVERY


def test_an_expired_token_is_refused_even_while_its_account_is_remembered(
        client: TestClient, engine: Engine, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    secret, _ = accounts.create_token(engine, OPERATOR, "一天", username=ADMIN, days=1)
    program = app_client(db, Authorization=f"Bearer {secret}")
    assert program.get("/api/v1/auth/me").status_code == 200  # looked up, and kept until the next commit

    class TwoDaysLater(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return datetime.now(tz) + timedelta(days=2)

    monkeypatch.setattr(accounts, "datetime", TwoDaysLater)  # nothing committed meanwhile: only the clock moved
    assert program.get("/api/v1/auth/me").status_code == 401


def test_logging_out_ends_the_session_even_for_a_copied_cookie(browser: TestClient, db: str) -> None:
    csrf = sign_in(browser, ADMIN, TEST_PASSWORD)
    cookie = browser.cookies["chainatlas_session"]
    assert browser.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    thief = app_client(db)
    thief.cookies.set("chainatlas_session", cookie)
    assert thief.get("/api/v1/auth/me").status_code == 401


def test_disabling_a_user_ends_its_sessions_and_tokens_at_once(client: TestClient, engine: Engine, db: str) -> None:
    accounts.create_user(engine, OPERATOR, "leaver", TEST_PASSWORD, "测试平台", "readonly")
    secret, _ = accounts.create_token(engine, OPERATOR, "leaver's", username="leaver")
    program, browser = app_client(db, Authorization=f"Bearer {secret}"), app_client(db)
    sign_in(browser, "leaver", TEST_PASSWORD)
    assert program.get("/api/v1/auth/me").status_code == browser.get("/api/v1/auth/me").status_code == 200
    assert client.patch("/api/v1/users/leaver", json={"active": False}).status_code == 200
    assert program.get("/api/v1/auth/me").status_code == browser.get("/api/v1/auth/me").status_code == 401
    assert browser.post("/api/v1/auth/login", json={"username": "leaver", "password": TEST_PASSWORD}).status_code == 401


def test_five_failed_sign_ins_lock_the_account_with_retry_after(browser: TestClient) -> None:
    wrong = {"username": ADMIN, "password": "not-the-password"}
    assert [browser.post("/api/v1/auth/login", json=wrong).status_code for _ in range(5)] == [401] * 5
    locked = browser.post("/api/v1/auth/login", json={"username": ADMIN, "password": TEST_PASSWORD})
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "too_many_attempts"
    assert int(locked.headers["Retry-After"]) > 0


def test_a_new_database_has_no_users_and_no_default_password(engine: Engine, db: str) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0
    anonymous = app_client(db)
    for username, password in (("demo-admin", "chainatlas-demo"), ("admin", "admin"), ("admin", "password")):
        assert anonymous.post("/api/v1/auth/login", json={"username": username, "password": password}
                              ).status_code == 401
    assert "chainatlas-demo" not in anonymous.get("/login").text  # the demo password is shown in demos only


def test_passwords_are_stored_only_as_argon2id_hashes(client: TestClient, engine: Engine) -> None:
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users WHERE username = :u"), {"u": ADMIN}).scalar()
    assert stored.startswith("$argon2id$") and TEST_PASSWORD not in stored


def test_anonymous_requests_get_401_json_and_pages_redirect_to_sign_in(db: str, client: TestClient) -> None:
    anonymous = app_client(db)
    response = anonymous.get("/api/v1/enterprises")
    assert response.status_code == 401 and set(response.json()["error"]) == {"code", "message", "details"}
    page = anonymous.get("/enterprises", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert anonymous.get("/api/v1/ping").status_code == 200


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET action = 'login'", "DELETE FROM audit_log"])
def test_the_audit_log_refuses_updates_and_deletes(engine: Engine, statement: str) -> None:
    audit.record_now(engine, OPERATOR, "import", "test")
    with pytest.raises(exc.DBAPIError), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM audit_log")).scalars().all() == ["import"]


def test_the_audit_log_records_writes_and_failed_sign_ins_with_their_address(
        client: TestClient, browser: TestClient) -> None:
    made = client.post("/api/v1/tokens", json={"name": "审计"}).json()
    browser.post("/api/v1/auth/login", json={"username": "nobody", "password": "wrong-password"})
    assert deferred.flush()  # a failed sign-in is written by the background writer
    entries = client.get("/api/v1/audit").json()["items"]
    created = next(e for e in entries if e["action"] == "token_create")
    failed = next(e for e in entries if e["action"] == "login_failed")
    assert (created["username"], created["target"], created["channel"]) == (ADMIN, f"token:{made['id']}", "api")
    assert (failed["target"], failed["address"]) == ("user:nobody", "testclient")
    assert created["address"] == "testclient"
