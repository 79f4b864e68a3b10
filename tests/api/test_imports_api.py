"""Uploading a registry over the API: progress, row errors, the error report, and search afterwards."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from importers.files import uscc, with_wrong_check_digit, write_csv
from importers.workbooks import write_all_forms

HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "营业收入（万元）"]


def registry(path: Path) -> Path:
    """Three rows: one good, one with a wrong check digit, one with an impossible amount."""
    return write_csv(path, HEADER, [
        ["湖南金杯石墨烯科技有限公司", uscc(11, "430104"), "岳麓区", "石墨烯导电浆料", "1200"],
        ["长沙坏码电子有限公司", with_wrong_check_digit(uscc(12, "430104")), "岳麓区", "连接器", "300"],
        ["长沙负数机械有限公司", uscc(13, "430104"), "岳麓区", "液压件", "-5"],
    ])


def upload(client: TestClient, path: Path, **form: str) -> dict[str, Any]:
    with open(path, "rb") as f:
        response = client.post("/api/v1/imports", files={"file": (path.name, f, "text/csv")}, data=form)
    assert response.status_code == 202, response.text
    job = response.json()
    for _ in range(300):
        job = client.get(f"/api/v1/imports/{job['id']}").json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"import did not finish: {job}")


def test_bad_rows_reject_the_file_and_are_listed_by_row_and_field(client: TestClient, tmp_path: Path) -> None:
    job = upload(client, registry(tmp_path / "名录.csv"))
    assert job["status"] == "rejected" and not job["written"]
    assert (job["rows"], job["rejected"], job["errors"]) == (3, 2, 2)
    assert job["file_name"] == "名录.csv"
    errors = client.get(f"/api/v1/imports/{job['id']}/errors").json()
    assert errors["total"] == 2
    assert [(e["row"], e["field"]) for e in errors["items"]] == [(3, "统一社会信用代码"), (4, "营业收入（万元）")]
    assert all(e["reason"] and e["severity"] == "error" for e in errors["items"])
    assert client.get("/api/v1/enterprises", params={"q": "石墨烯"}).json()["items"] == []


def test_the_error_report_downloads_as_csv_for_excel(client: TestClient, tmp_path: Path) -> None:
    job = upload(client, registry(tmp_path / "名录.csv"))
    response = client.get(f"/api/v1/imports/{job['id']}/errors.csv")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["工作表", "行号", "列", "值", "原因", "级别"]
    assert [r[1] for r in rows[1:]] == ["3", "4"]


def test_skip_invalid_imports_the_good_rows_and_makes_them_searchable(client: TestClient, tmp_path: Path) -> None:
    job = upload(client, registry(tmp_path / "名录.csv"), skip_invalid="true")
    assert job["status"] == "done" and job["imported"] == 1 and job["rejected"] == 2
    found = client.get("/api/v1/enterprises", params={"q": "石墨烯"}).json()["items"]
    assert [e["name"] for e in found] == ["湖南金杯石墨烯科技有限公司"]
    listed = client.get("/api/v1/imports").json()
    assert listed["total"] >= 1 and listed["items"][0]["id"] == job["id"]


def test_a_reimport_that_renames_an_enterprise_updates_the_search_index(client: TestClient, tmp_path: Path) -> None:
    code = uscc(21, "430104")
    first = write_csv(tmp_path / "a.csv", HEADER, [["长沙旧名称科技有限公司", code, "岳麓区", "传感器", "100"]])
    assert upload(client, first)["imported"] == 1
    second = write_csv(tmp_path / "b.csv", HEADER, [["长沙新名称科技有限公司", code, "岳麓区", "传感器", "100"]])
    assert upload(client, second)["updated"] == 1
    assert [e["name"] for e in client.get("/api/v1/enterprises", params={"q": "新名称"}).json()["items"]] == [
        "长沙新名称科技有限公司"]
    assert client.get("/api/v1/enterprises", params={"q": "旧名称"}).json()["items"] == []


def test_unsupported_files_and_unknown_jobs_get_the_error_shape(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "名录.pdf"
    path.write_bytes(b"%PDF-1.4")
    with open(path, "rb") as f:
        response = client.post("/api/v1/imports", files={"file": (path.name, f, "application/pdf")})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input" and ".pdf" in response.json()["error"]["message"]
    missing = client.post("/api/v1/imports", data={"skip_invalid": "true"})
    assert missing.status_code == 422 and missing.json()["error"]["details"][0]["field"] == "body.file"
    assert client.get("/api/v1/imports/99999").json()["error"]["code"] == "not_found"


def test_preview_shows_how_a_messy_workbook_reads_and_writes_nothing(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "名录.xlsx"
    write_all_forms(path)
    with open(path, "rb") as f:
        response = client.post("/api/v1/imports/preview", files={"file": (path.name, f, "application/octet-stream")})
    assert response.status_code == 200, response.text
    preview = response.json()
    assert (preview["file"], preview["rows"], preview["imported"], preview["rejected"], preview["skipped"]) == (
        "名录.xlsx", 8, 8, 0, 2)
    [sheet] = preview["reading"]["sheets"]
    assert sheet["header_rows"] == [3, 4]
    revenue = next(c for c in sheet["columns"] if c["field"] == "revenue")
    assert (revenue["column"], revenue["year"], revenue["unit"]) == ("G", 2024, "万元")
    assert [(r["row"], r["reason"]) for r in sheet["skipped_rows"]] == [(13, "合计/小计行"), (14, "注释、说明或落款行")]
    assert client.get("/api/v1/enterprises", params={"q": "岳麓星城石墨"}).json()["items"] == []


def test_preview_of_an_unsupported_file_is_a_clear_error(client: TestClient) -> None:
    response = client.post("/api/v1/imports/preview", files={"file": ("名录.pdf", b"%PDF", "application/pdf")})
    assert response.status_code == 422
    assert "不支持的文件类型" in response.text


def test_the_job_counts_every_row_once_with_merged_rows_and_warns_of_name_matches(client: TestClient,
                                                                                   tmp_path: Path) -> None:
    header = ["企业名称", "所属区县", "主营产品"]
    upload(client, write_csv(tmp_path / "a.csv", header, [["湖南铜箔新材料有限公司", "岳麓区", "铜箔"]]))
    job = upload(client, write_csv(tmp_path / "b.csv", header, [
        ["长沙星城科技有限公司", "岳麓区", "隔膜"], ["湖南铜箔新材料有限公司", "岳麓区", "电解铜箔"],
        ["湖南铜箔新材料股份有限公司", "岳麓区", "锂电铜箔"]]))
    assert (job["rows"], job["imported"], job["updated"], job["unchanged"], job["merged"], job["rejected"]) == \
        (3, 1, 0, 0, 2, 0)
    assert job["warnings"] == 2
    warnings = client.get(f"/api/v1/imports/{job['id']}/errors").json()["items"]
    assert [(w["row"], w["severity"]) for w in warnings] == [(3, "warning"), (4, "warning")]
    assert "主营产品保留第4行的「锂电铜箔」，本行的「电解铜箔」未采用" in warnings[0]["reason"]
    assert "原名称保留在该企业的变更记录中" in warnings[1]["reason"]
