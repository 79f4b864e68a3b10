"""Evaluating the registry: facts from registry rows, stored results with versions, re-runs, single pages."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from chainatlas.domain.errors import NotFound
from chainatlas.domain.rules import EnterpriseFacts, Title
from chainatlas.services.evaluation.cultivation import cultivation_report
from chainatlas.services.evaluation.evaluate import evaluate_all, evaluate_enterprise, get_evaluations
from chainatlas.services.evaluation.registry_facts import build_facts, load_records
from chainatlas.services.evaluation.rules import RULE_BY_CODE, RULES
from chainatlas.services.registry import enterprises
from chainatlas.services.setup import build_demo
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprise_facts, enterprise_years, evaluations
from importers.files import uscc
from services.evaluation.factories import FACTS_YEAR, ON, STRONG_FACTS, add_registered, strong
from services.factories import OPERATOR, add_enterprise

BASE_RULES = {"sme_size", "above_scale", "innovative_sme", "specialised_sme_2026", "specialised_sme_2022",
              "little_giant_2026", "little_giant_2022"}


def facts_of(engine: Engine, eid: int) -> tuple[EnterpriseFacts, dict[str, str]]:
    with engine.connect() as conn:
        [record] = load_records(conn, 0, 1, FACTS_YEAR, only_id=eid)
    return build_facts(record, ON, FACTS_YEAR)


def stored(engine: Engine, eid: int | None = None) -> dict[tuple[int, str], dict]:
    query = select(evaluations)
    if eid is not None:
        query = query.where(evaluations.c.enterprise_id == eid)
    with engine.connect() as conn:
        return {(r.enterprise_id, r.rule): dict(r._mapping) for r in conn.execute(query)}


def test_facts_from_registry_rows_convert_fen_to_wan_exactly(engine: Engine) -> None:
    years = {2023: {"revenue": "100.000001"}, 2024: {"revenue": "0.01", "rd_expense": "3.5"},
             2025: {"revenue": "123.456789", "main_revenue": "120", "rd_expense": "7.25", "net_profit": "-1.5",
                    "total_assets": "999999999.99", "liabilities": "0", "employees": 42, "rd_staff": 7}}
    eid = add_registered(engine, 1, years=years, founded_on=date(2015, 6, 30),
                         tags=[("specialised_sme", 2024), ("high_tech", None), ("above_scale", None)])
    facts, sources = facts_of(engine, eid)
    assert (facts.revenue_wan, facts.revenue_prev_wan, facts.revenue_prev2_wan) == (
        Decimal("123.456789"), Decimal("0.01"), Decimal("100.000001"))
    assert (facts.main_revenue_wan, facts.main_revenue_prev_wan) == (Decimal(120), None)
    assert (facts.rd_expense_wan, facts.rd_expense_prev_wan) == (Decimal("7.25"), Decimal("3.5"))
    assert (facts.net_profit_wan, facts.total_assets_wan, facts.liabilities_wan) == (
        Decimal("-1.5"), Decimal("999999999.99"), Decimal(0))
    assert all(isinstance(v, Decimal) for v in (facts.revenue_wan, facts.total_assets_wan))
    assert (facts.employees, facts.rd_staff, facts.industry_code) == (42, 7, "3985")
    assert facts.titles == (Title("专精特新中小企业", 2024),)
    assert facts.qualifications == ("高新技术企业",)
    assert facts.years_in_niche == 10  # 2015-06-30 → 2025-12-31
    assert facts.assessed_on == ON
    assert (sources["revenue_wan"], sources["years_in_niche"]) == ("registry", "derived")


def test_registry_figures_win_over_the_facts_file_and_titles_are_merged(engine: Engine) -> None:
    eid = add_registered(engine, 1, tags=[("innovative_sme", 2022)],
                         facts=strong(revenue_wan="1", employees=9999, years_in_niche=4,
                                      titles=[{"title": "专精特新中小企业", "year": 2024}]))
    facts, sources = facts_of(engine, eid)
    assert (facts.revenue_wan, facts.employees) == (Decimal(18600), 260)
    assert facts.years_in_niche == 4 and sources["years_in_niche"] == "facts"
    assert {t.title for t in facts.titles} == {"专精特新中小企业", "创新型中小企业"}
    assert facts.ip_class1_self_developed == STRONG_FACTS["ip_class1_self_developed"]


def test_evaluate_all_stores_one_result_per_rule_with_its_version(engine: Engine) -> None:
    first = add_registered(engine, 1, facts=strong())
    second = add_registered(engine, 2, facts=strong(smart_factory_level="基础级", maturity_score="2.9"))
    summary = evaluate_all(engine, on=ON)
    rows = stored(engine)
    assert {rule for eid, rule in rows if eid == first} == BASE_RULES
    assert {rule for eid, rule in rows if eid == second} == BASE_RULES | {"smart_factory", "maturity"}
    assert summary["enterprises"] == 2 and summary["results"] == len(rows) == 16
    assert (summary["evaluated_on"], summary["facts_year"]) == ("2026-05-15", 2025)
    for (_, rule), row in rows.items():
        assert row["version"] == RULE_BY_CODE[rule].table.version
        assert (row["evaluated_on"], row["facts_year"]) == (ON, FACTS_YEAR)
    assert rows[(first, "specialised_sme_2026")]["qualified"] is True
    assert rows[(first, "little_giant_2026")]["qualified"] is False
    assert rows[(first, "sme_size")]["size"] == "小型"
    assert rows[(second, "maturity")]["level"] == "三级（集成级）"
    assert [r["rule"] for r in summary["rules"]] == [spec.code for spec in RULES]
    assert summary["rules"][3]["version"] == "工信部企业〔2026〕2号"


def test_rerunning_replaces_the_results_instead_of_adding(engine: Engine) -> None:
    eid = add_registered(engine, 1, facts=strong())
    evaluate_all(engine, on=ON)
    assert stored(engine)[(eid, "specialised_sme_2026")]["qualified"] is True
    with engine.begin() as conn:
        conn.execute(update(enterprise_years).where(enterprise_years.c.year == 2025)
                     .values(rd_expense_fen=50 * 1_000_000))
    evaluate_all(engine, on=ON, batch_size=1)
    rows = stored(engine)
    assert len(rows) == len(BASE_RULES)
    again = rows[(eid, "specialised_sme_2026")]
    assert again["qualified"] is False and again["failed_count"] == 2
    assert any("上年研发费用 50万元，低于 100万元" in r for r in again["result"]["reasons"])
    evaluate_enterprise(engine, str(eid), viewer=OPERATOR, on=ON)
    assert len(stored(engine)) == len(BASE_RULES)


def test_results_of_facts_no_longer_known_and_of_merged_enterprises_are_removed(engine: Engine) -> None:
    keep = add_registered(engine, 1, facts=strong(maturity_score="1.0"))
    drop = add_registered(engine, 2, facts=strong(), name="测试企业一有限公司")
    evaluate_all(engine, on=ON, batch_size=1)
    assert (keep, "maturity") in stored(engine)
    with engine.begin() as conn:
        conn.execute(update(enterprise_facts).where(enterprise_facts.c.enterprise_id == keep)
                     .values(facts=strong()))
    enterprises.merge(engine, str(keep), str(drop), viewer=OPERATOR)
    evaluate_all(engine, on=ON)
    assert {eid for eid, _ in stored(engine)} == {keep}
    assert (keep, "maturity") not in stored(engine)


def test_a_result_lacking_facts_is_undecided_and_names_them(engine: Engine) -> None:
    eid = add_registered(engine, 1, industry="", facts={"titles": []})
    evaluate_all(engine, on=ON)
    rows = stored(engine, eid)
    size = rows[(eid, "sme_size")]
    assert size["qualified"] is None and size["result"]["missing"] == ["industry_code"]
    specialised = rows[(eid, "specialised_sme_2026")]
    assert specialised["qualified"] is False  # no title: a definite failure whatever else is missing
    assert "market_leading" in specialised["result"]["missing"] and specialised["missing_count"] > 0


def test_a_large_enterprise_is_not_applicable_for_every_sme_title(engine: Engine) -> None:
    years = {2025: {"revenue": 287000, "main_revenue": 280000, "employees": 2484, "total_assets": 300000,
                    "liabilities": 90000, "rd_expense": 9000}}
    eid = add_registered(engine, 1, years=years, facts=strong(smart_factory_level="先进级"))
    page = evaluate_enterprise(engine, str(eid), viewer=OPERATOR, on=ON)
    results = {r["rule"]: r for r in page["results"]}
    assert results["sme_size"]["verdict"] == "大型"
    titles = ("innovative_sme", "specialised_sme_2026", "specialised_sme_2022", "little_giant_2026",
              "little_giant_2022")
    for rule in titles:
        result = results[rule]
        assert (result["qualified"], result["verdict"], result["score"]) == (False, "不适用（非中小企业）", None), rule
        assert result["lacks"] == result["reasons"] and result["reasons"][0].startswith("不属于中小企业：")
        assert "从业人员 2484人（大型标准 ≥1000人）、营业收入 287000万元（大型标准 ≥40000万元）" in result["reasons"][0]
        assert result["parts"][0]["indicator"] == "中小企业划型" and result["parts"][0]["value"] == "大型"
        assert (result["failed_count"], result["missing_count"], result["shortfall_pct"]) == (1, 0, 100)
    rows = stored(engine, eid)
    assert all(rows[(eid, rule)]["result"]["not_applicable"] == "不适用（非中小企业）" for rule in titles)
    # Not SME-only (docs/rules.md §3, §5): judged as for any enterprise.
    assert results["above_scale"]["verdict"] == "规模以上工业"
    assert "not_applicable" not in rows[(eid, "smart_factory")]["result"]
    assert results["smart_factory"]["verdict"] != "不适用（非中小企业）"


def test_above_scale_judges_industry_on_main_revenue_and_services_on_revenue(engine: Engine) -> None:
    years = {2025: {"revenue": 2500, "main_revenue": 1500, "employees": 50, "total_assets": 3000}}
    factory = add_registered(engine, 1, industry="3985", years=years)
    service = add_registered(engine, 2, industry="6511", years=years)
    odd = add_registered(engine, 3, industry="9999", years=years)
    evaluate_all(engine, on=ON)
    rows = stored(engine)
    assert rows[(factory, "above_scale")]["qualified"] is False
    assert "主营业务收入 1500万元，低于 2000万元" in rows[(factory, "above_scale")]["result"]["reasons"][0]
    assert rows[(service, "above_scale")]["qualified"] is True
    assert rows[(service, "above_scale")]["result"]["status"] == "规模以上服务业"
    assert rows[(odd, "sme_size")]["qualified"] is None
    assert "9999" in rows[(odd, "sme_size")]["result"]["reasons"][0]


def test_evaluate_enterprise_returns_its_page_as_plain_json(engine: Engine) -> None:
    eid = add_registered(engine, 7, facts=strong(development_score=49))
    page = evaluate_enterprise(engine, uscc(7), viewer=OPERATOR, on=ON)
    json.dumps(page)  # plain values only
    assert page["enterprise"]["id"] == eid and page["facts_year"] == FACTS_YEAR
    assert [r["rule"] for r in page["results"]] == [s.code for s in RULES if s.code in BASE_RULES]
    assert page["facts"]["revenue_wan"] == "18600" and page["fact_sources"]["revenue_wan"] == "registry"
    result = next(r for r in page["results"] if r["rule"] == "specialised_sme_2026")
    assert (result["qualified"], result["verdict"], result["version"]) == (False, "不符合", "工信部企业〔2026〕2号")
    assert result["lacks"] == ["专精特新发展评价得分 49分，低于 50分 要求 1分"]
    assert (result["failed_count"], result["shortfall_pct"]) == (1, 2)
    assert {"indicator", "value", "unit", "band", "passed"} <= set(result["parts"][0])
    innovative = next(r for r in page["results"] if r["rule"] == "innovative_sme")
    assert innovative["qualified"] is True and innovative["lacks"] == [] and innovative["title_held"] is True
    assert get_evaluations(engine, str(eid), viewer=OPERATOR)["results"] == page["results"]


def test_get_evaluations_of_an_enterprise_never_evaluated_is_empty(engine: Engine) -> None:
    eid = add_registered(engine, 1)
    assert get_evaluations(engine, str(eid), viewer=OPERATOR)["results"] == []
    with pytest.raises(NotFound):
        evaluate_enterprise(engine, "99999", viewer=OPERATOR)


def test_evaluate_all_of_an_empty_registry(engine: Engine) -> None:
    summary = evaluate_all(engine, on=ON)
    assert (summary["enterprises"], summary["results"]) == (0, 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(evaluations)).scalar_one() == 0


def test_the_demo_carries_facts_for_every_rule_to_give_real_results(tmp_path: Path) -> None:
    demo = build_demo(str(tmp_path / "demo.db"), size=300)
    assert demo["facts"] == demo["enterprises"] == 300 and demo["evaluations"] > 300 * len(BASE_RULES)
    engine = engine_for(resolve_url(str(tmp_path / "demo.db")))
    with engine.connect() as conn:
        counts = {(rule, qualified): n for rule, qualified, n in conn.execute(
            select(evaluations.c.rule, evaluations.c.qualified, func.count()).group_by(
                evaluations.c.rule, evaluations.c.qualified))}
    for rule in BASE_RULES | {"maturity"}:
        assert counts.get((rule, True), 0) + counts.get((rule, False), 0) > 0.9 * counts_of(counts, rule), rule
    assert counts.get(("specialised_sme_2026", True), 0) > 0
    report = cultivation_report(engine, viewer=OPERATOR)
    assert all(t["holders_count"] and t["candidates_count"] for t in report["tiers"])


def counts_of(counts: dict[tuple[str, bool | None], int], rule: str) -> int:
    return sum(n for (r, _), n in counts.items() if r == rule)


def test_docs_list_every_rule_with_its_version_and_every_command() -> None:
    text = (Path(__file__).parents[3] / "docs" / "evaluation.md").read_text(encoding="utf-8")
    for spec in RULES:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{spec.code}` |")), None)
        assert row is not None, spec.code
        assert spec.table.name in row and spec.table.version in row and spec.label in row, spec.code
    for command in ("chainatlas evaluate --all", "chainatlas facts import", "chainatlas cultivation", "--xlsx"):
        assert command in text


def test_by_default_the_latest_year_with_figures_is_judged_when_last_year_has_none(engine: Engine) -> None:
    eid = add_enterprise(engine, "长沙往年数据科技有限公司", industry_code="3985")
    with engine.begin() as conn:
        conn.execute(enterprise_years.insert().values(enterprise_id=eid, year=2023, revenue_fen=500_000_000,
                                                      employees=80))
    assert evaluate_all(engine, on=date(2026, 6, 30))["facts_year"] == 2023  # 2025 has no figures yet
    assert evaluate_all(engine, on=date(2024, 6, 30))["facts_year"] == 2023  # 上年 itself when it has them
    assert evaluate_all(engine, on=date(2026, 6, 30), facts_year=2025)["facts_year"] == 2025  # as asked
