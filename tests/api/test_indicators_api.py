"""Uploading monthly indicators over the API: the preview writes nothing, the import writes and reports rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from chainatlas.domain.access import Viewer
from chainatlas.domain.monitoring import month_from_text
from chainatlas.services import monitoring
from chainatlas.store.models import audit_log
from importers.files import uscc, write_csv
from services.factories import add_enterprise

HEADER = ["统一社会信用代码", "报告期", "营业收入本月", "营业收入累计"]


def post(client: TestClient, url: str, path: Path, **form: str) -> Any:
    with open(path, "rb") as f:
        return client.post(f"/api/v1/monitoring/indicators{url}", files={"file": (path.name, f, "text/csv")}, data=form)


def test_preview_then_import(client: TestClient, engine: Engine, tmp_path: Path) -> None:
    add_enterprise(engine, "长沙甲科技有限公司", uscc=uscc(1), region_code="430104")
    path = write_csv(tmp_path / "月报.csv", HEADER, [[uscc(1), "2025-01", "100", "100"], [uscc(1), "2025-02", "", "180"],
                                                     [uscc(7), "2025-02", "1", "1"]])
    preview = post(client, "/preview", path)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["imported"], body["rejected"], body["written"], body["error_count"]) == (2, 1, False, 1)
    assert body["errors"][0]["row"] == 4 and body["reading"]["sheets"][0]["kind"] == "enterprises"
    refused = post(client, "", path)
    assert refused.status_code == 200 and not refused.json()["written"]
    done = post(client, "", path, skip_invalid="true")
    assert done.status_code == 200 and done.json()["written"] and done.json()["months"] == ["2025-01", "2025-02"]
    february = month_from_text("2025-02")
    figures = monitoring.series(engine, "", "430100", february, february, viewer=Viewer.operator())
    assert figures[february].revenue_fen == 80_000_000  # derived: 180 − 100 万元
    with engine.connect() as conn:
        audit = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "import_indicators")
                             .order_by(audit_log.c.id)).scalars().all()
    assert [(d["written"], d["imported"]) for d in audit] == [(False, 0), (True, 2)]


def test_unreadable_upload_is_a_422_not_a_500(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    response = post(client, "/preview", path)
    assert response.status_code == 422 and "表头" in response.json()["error"]["message"]

