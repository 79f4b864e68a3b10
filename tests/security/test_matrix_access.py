"""The matrix for accounts, organisations, agreements, tokens and the audit log: users, organisations and the
audit log are an administrator's; agreements are made by the roles that share and ended by their grantor; every
account reads and makes its own tokens (matrix.py has the machinery)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from security.matrix import Reads, Write, Writes, admin_only, check_reads, everyone
from security.world import ACCOUNTS, Account, World

READS: dict[str, Reads] = {
    "/ping": everyone("/ping"),
    "/ready": everyone("/ready"),
    "/auth/me": everyone("/auth/me"),
    "/tokens": everyone("/tokens"),
    "/organisations": everyone("/organisations"),
    "/users": admin_only("/users"),
    "/agreements": everyone("/agreements"),
    "/audit": admin_only("/audit?limit=500"),
    "/audit.csv": admin_only("/audit.csv"),
}


def extra_checks(w: World, a: Account, url: str, data: Any) -> None:
    """Lists of agreements and tokens are the account's own."""
    path = url.split("?")[0]
    if path == "/agreements" and not a.admin:
        assert all(w.org_ids[a.username] in (g["grantor_id"], g["grantee_id"]) for g in data), a
    elif path == "/tokens" and not a.admin:
        assert {t["username"] for t in data} <= {a.username}, a
    elif path == "/auth/me":
        assert data["username"] == a.username


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_are_allowed_by_role_and_stay_within_the_scope(world: World, endpoint: str, account: Account) -> None:
    check_reads(world, account, endpoint, READS[endpoint](world, account), extra_checks)


def test_shared_reads_are_logged_with_their_agreement(world: World) -> None:
    world.clients["demo-bank"].get("/api/v1/enterprises?limit=5")
    log = world.clients["demo-admin"].get("/api/v1/audit", params={"user": "demo-bank", "action": "read_shared"})
    entries = log.json()["items"]
    assert entries and all(e["detail"]["agreements"] for e in entries)


def agreement(w: World, a: Account) -> list[Write]:
    """Sharing needs the share permission; ending an agreement, being its grantor (the city) or an admin.
    Districts do not even see the city's agreements."""
    body = {"grantee": "长沙示例银行", "purpose": "测试", "fields": ["tags"],
            "valid_to": str(date.today() + timedelta(days=30))}
    end = 200 if a.admin or a.username == "demo-city" else 404 if a.shares else 403
    return [Write("POST", "/agreements", 201 if a.shares else 403, body),
            Write("POST", "/agreements/1/revoke", end), Write("POST", "/agreements/2/expire", end)]


def admin_writes(w: World, a: Account) -> list[Write]:
    org = {"name": f"新机构-{a.username}", "kind": "alliance"}
    user = {"username": f"new-{a.username}", "password": "another-long-secret", "org": "长沙示例银行",
            "role": "readonly"}
    return [Write("POST", "/organisations", 201 if a.admin else 403, org),
            Write("POST", "/users", 201 if a.admin else 403, user),
            Write("PATCH", "/users/demo-viewer", 200 if a.admin else 403, {"active": True})]


def token(w: World, a: Account) -> list[Write]:
    return [Write("POST", "/tokens", 201, {"name": "自己的令牌"})]


WRITES: dict[tuple[str, str], Writes] = {
    ("POST", "/agreements"): agreement,
    ("POST", "/agreements/{agreement_id}/revoke"): agreement,
    ("POST", "/agreements/{agreement_id}/expire"): agreement,
    ("POST", "/organisations"): admin_writes,
    ("POST", "/users"): admin_writes,
    ("PATCH", "/users/{username}"): admin_writes,
    ("POST", "/tokens"): token,
}
# Sign-in, sign-out and revoking a token are tested in test_sessions.py.
COVERED_ELSEWHERE = {("POST", "/auth/login"), ("POST", "/auth/logout"), ("DELETE", "/tokens/{token_id}")}
