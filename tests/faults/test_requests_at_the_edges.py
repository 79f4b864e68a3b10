"""Uploads over the limit, requests uvicorn cannot parse, English framework messages, the user's file name
(issue 14, findings 5 and 6)."""

from __future__ import annotations

import socket
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from chainatlas.server import create_app
from chainatlas.store import housekeeping
from chainatlas.store.db import current_revision
from chainatlas.store.models import import_batches
from faults.conftest import live_server
from importers.files import uscc, write_csv
from security.helpers import upload
from services.factories import platform_admin_token


@pytest.fixture
def limited(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("CHAINATLAS_MAX_UPLOAD_MB", "1")
    token = platform_admin_token(engine)
    return TestClient(create_app(db), raise_server_exceptions=False, headers={"Authorization": f"Bearer {token}"})


def uploads_left() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob(f"{housekeeping.UPLOAD_PREFIX}*"))


def test_an_upload_over_the_limit_is_413_in_chinese_and_leaves_nothing(limited: TestClient, tmp_path: Path) -> None:
    big = tmp_path / "名录.csv"
    big.write_bytes(b"\xe4\xbc\x81\xe4\xb8\x9a\xe5\x90\x8d\xe7\xa7\xb0\n" + b"x" * (2 * 1024 * 1024))
    before = uploads_left()
    with open(big, "rb") as f:
        response = limited.post("/api/v1/imports", files={"file": (big.name, f, "text/csv")})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large" and "1 MB" in error["message"]

    def chunks():  # type: ignore[no-untyped-def]  # a body without Content-Length
        for _ in range(40):
            yield b"y" * 65536

    response = limited.post("/api/v1/imports", content=chunks(),
                            headers={"Content-Type": "multipart/form-data; boundary=zzz"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    assert uploads_left() <= before  # no upload folder left behind


def test_an_upload_under_the_limit_is_recorded_under_the_users_file_name(
        limited: TestClient, engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "2024年长沙市企业名录.csv", ["企业名称", "统一社会信用代码", "所属区县"],
                     [["长沙星城新材料有限公司", uscc(5), "岳麓区"]])
    job = upload(limited, path)
    assert job["status"] == "done" and job["file_name"] == "2024年长沙市企业名录.csv"
    with engine.connect() as conn:
        assert conn.execute(select(import_batches.c.file_name)).scalar() == "2024年长沙市企业名录.csv"


def test_a_malformed_multipart_body_gets_a_chinese_message(limited: TestClient) -> None:
    response = limited.post("/api/v1/imports", content=b"--zzz\r\nnonsense",
                            headers={"Content-Type": "multipart/form-data; boundary=zzz"})
    assert 400 <= response.status_code < 500
    message = response.json()["error"]["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def raw_request(base: str, request: bytes) -> tuple[bytes, bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        data = b""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


@pytest.mark.parametrize("target", ["/api/v1/enterprises?q=锂电".encode(), b"/api/v1/enterprises?q=" + b"a b" * 3])
def test_requests_uvicorn_cannot_parse_get_the_json_error_shape(db: str, target: bytes) -> None:
    if not db.startswith("sqlite"):
        pytest.skip("the HTTP layer is the same on every database")
    with live_server(db) as base:
        head, body = raw_request(base, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert b"content-type: application/json" in head.lower()
    error = httpx.Response(400, content=body).json()["error"]
    assert error["code"] == "bad_request" and "URL 编码" in error["message"]


def test_ping_answers_without_the_thread_pool_and_ready_reads_the_database(db: str, engine: Engine) -> None:
    with TestClient(create_app(db)) as client:
        assert client.get("/api/v1/ping").json()["status"] == "ok"
        ready = client.get("/api/v1/ready").json()
    assert ready["status"] == "ready" and ready["schema"] == current_revision(engine)


def test_an_imported_name_with_a_control_character_is_an_error_naming_its_row(tmp_path: Path) -> None:
    from chainatlas.services.registry.importing import ImportOptions, preview_enterprises

    path = write_csv(tmp_path / "名录.csv", ["企业名称", "统一社会信用代码", "所属区县", "主营产品"],
                     [["长沙\x01新材料有限公司", uscc(1), "岳麓区", "隔膜"],
                      ["长沙新材料有限公司", uscc(2), "岳麓区", "隔\x1b膜"],
                      ["长沙好材料有限公司", uscc(3), "岳麓区", "隔膜"]])
    result = preview_enterprises(path, ImportOptions())
    assert [(e.row, e.field) for e in result.errors] == [(2, "企业名称"), (3, "主营产品")]
    assert all("控制字符" in e.reason for e in result.errors) and result.imported == 1
