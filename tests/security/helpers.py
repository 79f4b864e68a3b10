"""Helpers of the security tests: signing in as a demo account, by session cookie or API token."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chainatlas.server import create_app
from chainatlas.services.access import accounts
from services.factories import OPERATOR

DEMO_PASSWORD = "chainatlas-demo"


def app_client(db: str, **headers: str) -> TestClient:
    """A client of the whole app; server errors come back as 500 responses instead of raising."""
    return TestClient(create_app(db), raise_server_exceptions=False, headers=headers)


def bearer(engine: Engine, username: str) -> dict[str, str]:
    """An Authorization header with a new API token of the user."""
    secret, _ = accounts.create_token(engine, OPERATOR, f"tests of {username}", username=username)
    return {"Authorization": f"Bearer {secret}"}


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> str:
    """Sign the client in by session cookie; returns the session's CSRF token."""
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def upload(client: TestClient, path: Path, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Upload a registry file and wait for its import job to finish; returns the job."""
    with open(path, "rb") as f:
        response = client.post("/api/v1/imports", files={"file": (path.name, f, "text/csv")}, headers=headers)
    assert response.status_code == 202, response.text
    job = response.json()
    deadline = time.monotonic() + 30
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
        job = client.get(f"/api/v1/imports/{job['id']}", headers=headers).json()
    assert job["status"] not in ("queued", "running"), f"import did not finish: {job}"
    return job
