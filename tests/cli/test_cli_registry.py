"""`chainatlas enterprises …`, `place`, `placements …` and `gaps`: JSON shapes and clean failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.helpers import error_line, error_text, run, run_json
from importers.files import uscc, write_csv

HEADER = ["企业名称", "统一社会信用代码", "所属区县", "经营范围", "营业收入（万元）"]
ROWS = [
    ["湖南星城科技有限公司", uscc(1), "岳麓区", "锂电池隔膜的研发与生产", "5000"],
    ["星城科技（湖南）股份有限公司", uscc(2), "芙蓉区", "湿法隔膜销售", "300"],
    ["麓谷电解液有限公司", uscc(3), "岳麓区", "电解液、六氟磷酸锂生产", "800"],
    ["湘江百货有限公司", uscc(4), "天心区", "日用百货销售", "20"],
]
STATUSES = {"covered", "weak", "missing"}


@pytest.fixture
def registry(db: str, tmp_path: Path) -> str:
    """A database with four enterprises imported; returns its URL."""
    run_json("import", "enterprises", write_csv(tmp_path / "名录.csv", HEADER, ROWS), db=db)
    return db


def test_enterprises_list_json_respects_limit(registry: str) -> None:
    page = run_json("enterprises", "list", "--limit", 2, db=registry)
    assert [e["uscc"] for e in page] == [uscc(4), uscc(3)]  # newest first: the search index's order, as in the API
    assert len(run_json("enterprises", "list", "--limit", 10, db=registry)) == 4


def test_enterprises_list_filters_by_region(registry: str) -> None:
    page = run_json("enterprises", "list", "--region", "430104", db=registry)
    assert {e["name"] for e in page} == {"湖南星城科技有限公司", "麓谷电解液有限公司"}


def test_enterprises_show_json_by_credit_code_and_by_id(registry: str) -> None:
    by_code = run_json("enterprises", "show", uscc(3), db=registry)
    by_id = run_json("enterprises", "show", by_code["id"], db=registry)
    assert by_code == by_id
    assert (by_code["name"], by_code["region_code"], by_code["revenue_wan_yuan"]) == (
        "麓谷电解液有限公司", "430104", "800.00")


def test_enterprises_show_unknown_key_fails_cleanly(registry: str) -> None:
    for key in ("99999", uscc(99), "not-a-key"):
        assert key.upper() in error_line(run("enterprises", "show", key, db=registry)).upper()


def test_enterprises_duplicates_json_lists_pairs_with_scores(registry: str) -> None:
    pairs = run_json("enterprises", "duplicates", "--min-score", 0.5, db=registry)
    assert len(pairs) == 1
    [pair] = pairs
    assert {pair["a"]["uscc"], pair["b"]["uscc"]} == {uscc(1), uscc(2)}
    assert 0.5 <= pair["score"] <= 1


def test_enterprises_merge_then_show_reaches_the_survivor(registry: str) -> None:
    keep = run_json("enterprises", "show", uscc(1), db=registry)["id"]
    drop = run_json("enterprises", "show", uscc(2), db=registry)["id"]
    assert run_json("enterprises", "merge", keep, drop, db=registry)["merged"] == drop
    assert run_json("enterprises", "show", drop, db=registry)["id"] == keep
    assert run_json("enterprises", "duplicates", "--min-score", 0.5, db=registry) == []


def test_gaps_json_reports_every_link_with_status(registry: str) -> None:
    run_json("place", "--chain", "lithium-battery", db=registry)
    report = run_json("gaps", "lithium-battery", db=registry)
    assert report["chain"] == "lithium-battery"
    assert 0 < report["supporting_rate"] < 1
    links = {g["id"]: g for g in report["links"]}
    assert len(links) >= 12
    for link in links.values():
        assert {"id", "name", "stage", "enterprises", "status"} <= set(link)
        assert link["stage"] in {"upstream", "midstream", "downstream"} and link["status"] in STATUSES
    assert links["separator"]["enterprises"] == 2
    assert links["electrolyte"]["enterprises"] == 1 and links["electrolyte"]["status"] == "weak"
    assert links["lithium-resources"]["status"] == "missing"


def test_gaps_with_a_region_counts_only_enterprises_inside(registry: str) -> None:
    run_json("place", "--chain", "lithium-battery", db=registry)
    report = run_json("gaps", "lithium-battery", "--region", "430104", db=registry)
    assert {g["id"]: g["enterprises"] for g in report["links"] if g["enterprises"]} == {
        "separator": 1, "electrolyte": 1}


def test_placements_review_confirm_and_manual_leader(registry: str) -> None:
    run_json("place", "--chain", "lithium-battery", db=registry)
    proposed = run_json("placements", "review", "--chain", "lithium-battery", db=registry)
    assert {p["link"] for p in proposed} == {"separator", "electrolyte"}
    first = proposed[0]["id"]
    assert run("placements", "confirm", first, "--role", "key", db=registry).exit_code == 0
    confirmed = run_json("placements", "review", "--status", "confirmed", db=registry)
    assert [(p["id"], p["role"]) for p in confirmed] == [(first, "key")]
    added = run_json("placements", "add", uscc(4), "lithium-battery", "cathode", "--role", "leader", db=registry)
    assert (added["status"], added["role"]) == ("manual", "leader")
    report = run_json("gaps", "lithium-battery", db=registry)
    assert next(g for g in report["links"] if g["id"] == "cathode")["leaders"] == ["湘江百货有限公司"]


def test_gaps_for_an_unknown_chain_fails_cleanly(db: str) -> None:
    assert "no-such-chain" in error_text(run("gaps", "no-such-chain", db=db))


def test_uninitialised_database_fails_cleanly(db_url: str) -> None:
    assert "chainatlas init" in error_text(run("chains", "list", db=db_url))


def test_demo_builds_a_database_that_answers_gaps(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    demo = run_json("demo", "--db", path, "--size", 300, "--no-serve")
    assert demo["enterprises"] == 300 and demo["placements"] > 0 and demo["leaders"] > 0
    report = run_json("gaps", "lithium-battery", db=str(path))
    assert {g["status"] for g in report["links"]} <= STATUSES
    assert sum(g["enterprises"] for g in report["links"]) > 0
    assert len(run_json("enterprises", "list", "--limit", 5, db=str(path))) == 5
