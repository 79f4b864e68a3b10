"""`chainatlas risks …`: the CLI contract of risk early warning (list, scan, ack, rules) and its clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from chainatlas.services import monitoring
from chainatlas.store.db import engine_for
from cli.helpers import error_text, run, run_json
from services.monitoring.factories import add_falling, add_placed

CONTRACT = {"rule", "level", "subject", "figures", "message", "id", "first_seen", "last_seen", "acknowledged"}


def seed(db: str) -> None:
    engine = engine_for(db)
    add_placed(engine, "唯一隔膜有限公司", "lithium-battery", "separator", region_code="430104")
    add_falling(engine, "示例下滑电池有限公司")
    monitoring.refresh(engine)


def test_scan_then_list_with_the_contract_keys(db: str) -> None:
    seed(db)
    result = run_json("risks", "scan", "--region", "长沙市", "--chain", "锂电池", db=db)
    assert result["region"] == "430100" and result["chains"] == ["lithium-battery"] and result["created"] > 0
    listed = run_json("risks", "--chain", "lithium-battery", "--region", "430100", db=db)
    assert listed and all(CONTRACT <= set(w) and w["level"] in ("red", "orange", "yellow") for w in listed)
    decline = next(w for w in listed if w["rule"] == "enterprise_decline")
    assert decline["subject"] == "示例下滑电池有限公司" and decline["figures"]["months"] == 3
    assert "连续3个月同比下降超过20%" in decline["message"] and "−30.0%" in decline["message"]
    single = next(w for w in listed if w["rule"] == "single_source")
    assert single["message"] == "环节“隔膜”本地仅1家企业（唯一隔膜有限公司），单一来源"
    assert run_json("risks", "--level", "red", db=db) == [w for w in listed if w["level"] == "red"]
    again = run_json("risks", "--scan", "--region", "430100", "--chain", "lithium-battery", db=db)
    assert [w["id"] for w in again] == [w["id"] for w in listed]
    text = run("risks", "--chain", "锂电池", db=db)
    assert text.exit_code == 0 and "单一来源环节" in text.stdout and "共 " in text.stdout


def test_acknowledge_moves_a_warning_after_the_new_ones(db: str) -> None:
    seed(db)
    run_json("risks", "scan", "--region", "430100", "--chain", "lithium-battery", db=db)
    first = run_json("risks", db=db)[0]
    acked = run_json("risks", "ack", first["id"], "--comment", "已约谈企业", db=db)
    assert acked["acknowledged"] and acked["ack_comment"] == "已约谈企业" and acked["acknowledged_by"]
    assert run_json("risks", db=db)[-1]["id"] == first["id"]
    assert "不存在" in error_text(run("risks", "ack", "999999", "--comment", "x", db=db))
    assert "处理意见" in error_text(run("risks", "ack", str(first["id"]), "--comment", " ", db=db))


def test_rules_show_and_set_a_new_version(db: str, tmp_path: Path) -> None:
    shown = run_json("risks", "rules", db=db)
    assert shown["version"] == 1 and {r["id"] for r in shown["rules"]} >= {"single_source", "enterprise_decline"}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"rules": [{"id": "enterprise_decline", "level": "紫", "params": {"months": 0}}]},
                                  allow_unicode=True), encoding="utf-8")
    message = error_text(run("risks", "rules", "--set", bad, db=db))
    assert "规则“enterprise_decline”（企业产值持续下滑）的字段 level" in message and "params.months" in message
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [\n  - id: x\n", encoding="utf-8")
    assert "不是有效的 YAML" in error_text(run("risks", "rules", "--set", broken, db=db))
    good = tmp_path / "rules.yaml"
    rules = [dict(r, level="red") if r["id"] == "single_source" else r for r in shown["rules"]]
    good.write_text(json.dumps({"rules": rules}, ensure_ascii=False), encoding="utf-8")  # JSON is YAML too
    saved = run_json("risks", "rules", "--set", good, "--note", "单一来源升为红色", db=db)
    assert saved["version"] == 2 and saved["history"][0]["note"] == "单一来源升为红色"
    assert run_json("risks", "rules", db=db)["version"] == 2
    seed(db)
    run_json("risks", "scan", "--region", "430100", "--chain", "lithium-battery", db=db)
    single = next(w for w in run_json("risks", db=db) if w["rule"] == "single_source")
    assert single["level"] == "red" and single["rule_version"] == 2


def test_clear_errors(db: str) -> None:
    assert "--region" in error_text(run("risks", "scan", "--region", "火星", db=db))
    assert "--scan 需要 --region" in error_text(run("risks", "--scan", db=db))
    assert "level" in error_text(run("risks", "--level", "purple", db=db))
