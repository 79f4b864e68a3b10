"""`chainatlas serve` and `chainatlas demo` start the server (uvicorn is replaced by a recorder here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn

from cli.helpers import error_line, run


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append({"app": app, **options}))
    return calls


def test_serve_opens_the_database_and_runs_uvicorn(db: str, started: list[dict[str, Any]]) -> None:
    result = run("serve", "--port", 8123, db=db)
    assert result.exit_code == 0, result.output
    [call] = started
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert call["app"].openapi_url == "/api/v1/openapi.json"
    assert "http://127.0.0.1:8123/" in result.stderr


def test_serve_refuses_a_missing_database_in_one_line(tmp_path: Path, started: list[dict[str, Any]]) -> None:
    result = run("serve", db=str(tmp_path / "none.db"))
    assert "数据库不存在" in error_line(result) and not started


def test_demo_builds_then_serves_unless_told_not_to(tmp_path: Path, started: list[dict[str, Any]]) -> None:
    assert run("demo", "--db", tmp_path / "a.db", "--size", 200, "--port", 8124).exit_code == 0
    assert [c["port"] for c in started] == [8124]
    built = run("demo", "--db", tmp_path / "b.db", "--size", 200, "--no-serve")
    assert built.exit_code == 0 and len(started) == 1
    assert (tmp_path / "名录-示例.xlsx").exists() and "--dry-run" in built.stdout  # a messy workbook to preview
