"""Targets through the API: accepting a target answers with the 洽谈 project it opened, which the project
list, the saved list and the next ranking (excluded.pipeline) all show; a missing region is a clean 422 naming it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chainatlas.services import targets
from importers.files import uscc, write_csv
from services.factories import OPERATOR

API = "/api/v1"
HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "2024年营业收入(万元)"]


def test_accepting_a_target_opens_a_project_and_leaves_the_ranking(client: TestClient, engine: Engine,
                                                                    tmp_path: Path) -> None:
    rows = [["江苏湿法隔膜有限公司", uscc(31, "320500"), "320500", "湿法锂电池隔膜", "300000"]]
    targets.import_pool(engine, write_csv(tmp_path / "pool.csv", HEADER, rows), "行业名录", viewer=OPERATOR)
    ranked = f"{API}/chains/lithium-battery/links/separator/targets"
    key = client.get(ranked, params={"region": "430100"}).json()["items"][0]["enterprise"]["key"]
    body = {"chain": "lithium-battery", "link": "separator", "target": key, "decision": "accepted"}
    missing = client.post(f"{API}/targets/decisions", json=body)
    assert missing.status_code == 422 and "须指定项目所在地区" in missing.text
    done = client.post(f"{API}/targets/decisions", json={**body, "region": "430100", "project_name": "湿法隔膜华中基地"})
    assert done.status_code == 200, done.text
    project = done.json()["project"]
    assert (project["name"], project["stage_label"], project["list"], project["created"]) == (
        "湿法隔膜华中基地", "洽谈", "investment", True)
    shown = client.get(f"{API}/projects/{project['id']}").json()
    assert (shown["investor"], shown["investor_uscc"], shown["source"], shown["link_id"]) == (
        "江苏湿法隔膜有限公司", rows[0][1], "招商图谱", "separator")
    assert client.get(f"{API}/targets/saved").json()[0]["project"]["id"] == project["id"]
    after = client.get(ranked, params={"region": "430100"}).json()
    assert after["items"] == [] and after["excluded"]["pipeline"] == 1
    chain_map = client.get(f"{API}/chains/lithium-battery/targets", params={"region": "430100"}).json()
    assert next(link for link in chain_map["links"] if link["id"] == "separator")["excluded"]["pipeline"] == 1
