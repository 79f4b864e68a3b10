"""`chainatlas import indicators`: the JSON contract (imported, updated, rejected, errors with row/field/reason),
--dry-run, --period, --skip-invalid and the exit codes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from chainatlas.store.db import engine_for
from chainatlas.store.monitor_models import enterprise_months
from cli.helpers import error_text, run, run_json
from importers.files import uscc, write_csv
from services.factories import add_enterprise

HEADER = ["统一社会信用代码", "企业名称", "工业总产值（本月）", "工业总产值（1-6月累计）"]


def rows_stored(db: str) -> int:
    with engine_for(db).connect() as conn:
        return conn.execute(select(func.count()).select_from(enterprise_months)).scalar_one()


def test_import_json_contract_dry_run_and_reimport(db: str, tmp_path: Path) -> None:
    add_enterprise(engine_for(db), "长沙甲科技有限公司", uscc=uscc(1), region_code="430104")
    add_enterprise(engine_for(db), "长沙乙科技有限公司", uscc=uscc(2), region_code="430104")
    path = write_csv(tmp_path / "月报.csv", HEADER, [[uscc(1), "", "100", "600"], ["", "长沙乙科技有限公司", "50", "300"]],
                     title="2025年1-6月规上工业企业主要经济指标")
    preview = run_json("import", "indicators", path, "--dry-run", db=db)
    assert (preview["imported"], preview["updated"], preview["rejected"], preview["months"]) == (2, 0, 0, ["2025-06"])
    assert preview["reading"]["sheets"][0]["period"].startswith("2025-06") and rows_stored(db) == 0
    first = run_json("import", "indicators", path, db=db)
    assert (first["imported"], first["updated"], first["rejected"], first["written"]) == (2, 0, 0, True)
    again = run_json("import", "indicators", path, db=db)
    assert (again["imported"], again["updated"]) == (0, 2) and rows_stored(db) == 2


def test_rejected_rows_exit_2_and_skip_invalid_writes_the_good_ones(db: str, tmp_path: Path) -> None:
    add_enterprise(engine_for(db), "长沙甲科技有限公司", uscc=uscc(1), region_code="430104")
    path = write_csv(tmp_path / "月报.csv", ["统一社会信用代码", "营业收入"], [[uscc(1), "100"], [uscc(9), "5"]])
    refused = run_json("import", "indicators", path, "--period", "2025-06", db=db, exit_code=2)
    assert refused["rejected"] == 1 and not refused["written"] and rows_stored(db) == 0
    error = refused["errors"][0]
    assert (error["row"], error["field"]) == (3, "统一社会信用代码") and "未在企业库中找到" in error["reason"]
    kept = run_json("import", "indicators", path, "--period", "2025Q2", "--skip-invalid", db=db)
    assert (kept["imported"], kept["rejected"], kept["months"]) == (1, 1, ["2025-06"])


def test_a_file_without_a_period_fails_with_one_clear_line(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "无期别.csv", ["统一社会信用代码", "营业收入"], [[uscc(1), "100"]])
    assert "--period" in error_text(run("import", "indicators", path, db=db))
    assert "无法识别" in error_text(run("import", "indicators", path, "--period", "六月", db=db))
