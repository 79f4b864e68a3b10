"""The 梯度培育 report: holders, eligible enterprises, candidates ranked by what they lack; filters; Excel."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import Engine

from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.services import atlas
from chainatlas.services.evaluation.cultivation import SHEET_HEADERS, cultivation_report, cultivation_xlsx
from chainatlas.services.evaluation.evaluate import evaluate_all
from chainatlas.store.models import placements
from services.evaluation.factories import ON, add_registered, strong
from services.factories import OPERATOR

WEAK_YEARS = {2023: {"revenue": 2500, "main_revenue": 2400, "rd_expense": 20},
              2024: {"revenue": 2800, "main_revenue": 2700, "rd_expense": 30},
              2025: {"revenue": 3000, "main_revenue": 2900, "rd_expense": 30, "total_assets": 4000,
                     "liabilities": 3400, "net_profit": 20, "employees": 40, "rd_staff": 2}}
LARGE_YEARS = {2025: {"revenue": 500000, "main_revenue": 480000, "rd_expense": 100, "total_assets": 900000,
                      "liabilities": 300000, "net_profit": 20000, "employees": 5000, "rd_staff": 10}}


@pytest.fixture
def city(engine: Engine) -> dict[str, int]:
    """Six enterprises of 长沙: each tier has holders, an eligible one and ranked candidates."""
    ids = {
        "holder": add_registered(engine, 1, tags=[("specialised_sme", 2024)], facts=strong()),
        "eligible": add_registered(engine, 2, facts=strong()),
        "near": add_registered(engine, 3, facts=strong(development_score=49)),
        "far": add_registered(engine, 4, region="430111",
                              facts=strong(development_score=30, market_leading=False, years_in_niche=1)),
        "newbie": add_registered(engine, 5, region="430111", years=WEAK_YEARS,
                                 facts={"titles": [], "ip_class1_high_value": 0, "ip_class1_self_developed": 0,
                                        "ip_class1_other": 0, "ip_class2": 0, "strategic_emerging": False,
                                        "rd_institution_level": "无", "awards": [],
                                        "equity_financing_3y_wan": 0}),
        "large": add_registered(engine, 6, years=LARGE_YEARS, facts={"titles": []}),
    }
    evaluate_all(engine, on=ON)
    return ids


def names(items: list[dict]) -> list[int]:
    return [item["id"] for item in items]


def tier(report: dict, code: str) -> dict:
    return next(t for t in report["tiers"] if t["tier"] == code)


def test_each_tier_lists_holders_eligible_and_candidates_ranked_by_what_they_lack(engine: Engine,
                                                                                   city: dict[str, int]) -> None:
    report = cultivation_report(engine, viewer=OPERATOR)
    assert [t["title"] for t in report["tiers"]] == ["创新型中小企业", "专精特新中小企业", "专精特新“小巨人”"]
    assert report["evaluated_on"] == "2026-05-15" and report["enterprises"] == 6
    specialised = tier(report, "specialised_sme")
    assert specialised["rule"]["version"] == "工信部企业〔2026〕2号"
    assert names(specialised["holders"]) == [city["holder"]]
    assert specialised["holders"][0]["since"] == 2024
    assert specialised["holders"][0]["review"]["verdict"] == "符合"
    assert names(specialised["eligible"]) == [city["eligible"]]
    assert names(specialised["candidates"]) == [city["near"], city["far"], city["newbie"]]
    near, far, newbie = specialised["candidates"]
    assert near["lacks"] == ["专精特新发展评价得分 49分，低于 50分 要求 1分"]
    assert (near["failed_count"], near["shortfall_pct"]) == (1, 2)
    assert far["failed_count"] == 3 < newbie["failed_count"]
    assert "细分市场占有率未居前" in far["lacks"]
    assert specialised["candidates_count"] == 3 and specialised["eligible_count"] == 1


def test_holders_come_from_tags_or_facts_titles_and_large_enterprises_are_left_out(engine: Engine,
                                                                                    city: dict[str, int]) -> None:
    report = cultivation_report(engine, viewer=OPERATOR)
    innovative = tier(report, "innovative_sme")
    assert set(names(innovative["holders"])) == {city[k] for k in ("holder", "eligible", "near", "far")}
    assert next(h for h in innovative["holders"] if h["id"] == city["near"])["since"] == 2023
    assert names(innovative["candidates"]) == [city["newbie"]]
    assert innovative["candidates"][0]["lacks"][-1] == "且不符合任一直接认定条件"
    giant = tier(report, "little_giant")
    assert names(giant["eligible"]) == [city["holder"]]
    assert names(giant["candidates"])[:2] == [city["eligible"], city["near"]]
    assert giant["candidates"][0]["lacks"] == ["未持有专精特新中小企业称号"]
    everyone = {i for t in report["tiers"] for key in ("holders", "eligible", "candidates") for i in names(t[key])}
    assert city["large"] not in everyone


def test_enterprises_the_titles_do_not_apply_to_are_left_out_of_lists_counts_and_excel(engine: Engine) -> None:
    # Strong facts but 大型 (5000 staff, 50亿元): without the 中小企业 gate each would be 符合 for 创新型
    # (a 省级 award) and a 专精特新 candidate. "3999" is no GB/T 4754 code, so the size rule cannot say
    # 大型 there, but the title rules classify by its 大类 39 (工业) and say 不适用 all the same.
    eligible = add_registered(engine, 1, facts=strong())
    large = add_registered(engine, 2, years=LARGE_YEARS, facts=strong(titles=[]))
    odd_code = add_registered(engine, 3, industry="3999", years=LARGE_YEARS, facts=strong(titles=[]))
    holder = add_registered(engine, 4, years=LARGE_YEARS, tags=[("specialised_sme", 2022)],
                            facts=strong(titles=[]))
    evaluate_all(engine, on=ON)
    report = cultivation_report(engine, viewer=OPERATOR)
    innovative, specialised, giant = (tier(report, code) for code in ("innovative_sme", "specialised_sme",
                                                                        "little_giant"))
    for listed in (innovative, specialised, giant):
        assert not {large, odd_code, holder} & set(names(listed["eligible"]) + names(listed["candidates"]))
    assert (innovative["eligible_count"], innovative["candidates_count"]) == (0, 0)
    assert names(specialised["eligible"]) == [eligible] and specialised["candidates"] == []
    assert (specialised["eligible_count"], specialised["candidates_count"]) == (1, 0)
    # A 大型 holder still holds its title; its review says the title no longer applies, and why.
    assert names(specialised["holders"]) == [holder]
    review = specialised["holders"][0]["review"]
    assert (review["qualified"], review["verdict"]) == (False, "不适用（非中小企业）")
    assert review["lacks"][0].startswith("不属于中小企业：") and "从业人员 5000人" in review["lacks"][0]
    book = openpyxl.load_workbook(BytesIO(cultivation_xlsx(report)))
    rows = list(book["专精特新中小企业"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[2]) for r in rows] == [("已获称号", "测试企业4有限公司"), ("符合条件、尚未获得", "测试企业1有限公司")]
    assert rows[0][7] == "复核：不适用（非中小企业）" and rows[0][11].startswith("不属于中小企业：")
    listed = {row[2] for sheet in book.worksheets[:3] for row in list(sheet.iter_rows(values_only=True))[1:]}
    assert not {"测试企业2有限公司", "测试企业3有限公司"} & listed


def test_region_filter_keeps_the_enterprises_inside_the_code_range(engine: Engine, city: dict[str, int]) -> None:
    county = cultivation_report(engine, region="430111", viewer=OPERATOR)
    assert county["region"] == {"code": "430111", "name": "湖南省长沙市雨花区"} and county["enterprises"] == 2
    specialised = tier(county, "specialised_sme")
    assert specialised["holders"] == [] and names(specialised["candidates"]) == [city["far"], city["newbie"]]
    assert cultivation_report(engine, region="430100", viewer=OPERATOR)["enterprises"] == 6
    assert cultivation_report(engine, region="110000", viewer=OPERATOR)["enterprises"] == 0
    with pytest.raises(InvalidInput, match="999999"):
        cultivation_report(engine, region="999999", viewer=OPERATOR)


def test_chain_filter_keeps_placed_enterprises_except_rejected(engine: Engine, city: dict[str, int]) -> None:
    link = atlas.get_chain(engine, "lithium-battery").links[0].id
    with engine.begin() as conn:
        for key, status in (("near", "confirmed"), ("far", "rejected"), ("newbie", "proposed")):
            conn.execute(placements.insert().values(
                enterprise_id=city[key], chain_id="lithium-battery", link_id=link, confidence=0.9,
                matched_words=[], status=status, updated_at=datetime(2026, 1, 1)))
    report = cultivation_report(engine, chain_id="lithium-battery", region="430100", viewer=OPERATOR)
    assert report["chain"]["id"] == "lithium-battery" and report["enterprises"] == 2
    assert names(tier(report, "specialised_sme")["candidates"]) == [city["near"], city["newbie"]]
    with pytest.raises(NotFound):
        cultivation_report(engine, chain_id="no-such-chain", viewer=OPERATOR)


def test_limit_caps_the_lists_but_not_the_counts(engine: Engine, city: dict[str, int]) -> None:
    specialised = tier(cultivation_report(engine, limit=1, viewer=OPERATOR), "specialised_sme")
    assert names(specialised["candidates"]) == [city["near"]] and specialised["candidates_count"] == 3
    with pytest.raises(InvalidInput):
        cultivation_report(engine, limit=0, viewer=OPERATOR)


def test_before_any_evaluation_the_report_says_so_and_lists_tagged_holders(engine: Engine) -> None:
    eid = add_registered(engine, 1, tags=[("little_giant", 2023)])
    report = cultivation_report(engine, viewer=OPERATOR)
    assert report["evaluated_on"] is None and "evaluate --all" in report["notes"][0]
    giant = tier(report, "little_giant")
    assert names(giant["holders"]) == [eid] and giant["holders"][0]["review"] is None
    assert giant["candidates"] == []


def test_excel_export_has_one_sheet_per_tier_with_chinese_headers(engine: Engine, city: dict[str, int]) -> None:
    report = cultivation_report(engine, viewer=OPERATOR)
    book = openpyxl.load_workbook(BytesIO(cultivation_xlsx(report)))
    assert book.sheetnames == ["创新型中小企业", "专精特新中小企业", "专精特新小巨人", "说明"]
    sheet = book["专精特新中小企业"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == SHEET_HEADERS
    kinds = [r[0] for r in rows[1:]]
    assert kinds == ["已获称号", "符合条件、尚未获得", "培育对象（差距最小）", "培育对象（差距最小）",
                     "培育对象（差距最小）"]
    near = rows[3]
    assert near[2] == "测试企业3有限公司" and near[5] == 18600 and near[8:11] == (1, 0, 2)
    assert near[11] == "专精特新发展评价得分 49分，低于 50分 要求 1分"
    about = dict(book["说明"].iter_rows(values_only=True))
    assert "工信部企业〔2026〕2号" in about["专精特新中小企业新申报规则"]


def test_a_kept_report_is_renewed_by_any_write_and_not_shared_across_scopes(engine: Engine,
                                                                            city: dict[str, int]) -> None:
    before = cultivation_report(engine, limit=1, viewer=OPERATOR)
    assert cultivation_report(engine, limit=1, viewer=OPERATOR) == before
    assert cultivation_report(engine, region="430111", limit=1, viewer=OPERATOR)["enterprises"] == 2
    add_registered(engine, 7, facts=strong())
    evaluate_all(engine, on=ON)
    after = cultivation_report(engine, limit=1, viewer=OPERATOR)
    assert after["enterprises"] == before["enterprises"] + 1
    assert tier(after, "specialised_sme")["eligible_count"] == tier(before, "specialised_sme")["eligible_count"] + 1
    after["tiers"].clear()  # a caller changing its copy changes no one else's
    assert cultivation_report(engine, limit=1, viewer=OPERATOR)["tiers"]


def test_lists_not_asked_for_are_left_empty_with_their_counts(engine: Engine, city: dict[str, int]) -> None:
    full = cultivation_report(engine, viewer=OPERATOR)
    holders_only = cultivation_report(engine, viewer=OPERATOR, lists=("holders",))
    for whole, part in zip(full["tiers"], holders_only["tiers"], strict=True):
        assert part["holders"] == whole["holders"] and part["eligible"] == part["candidates"] == []
        assert [part[f"{k}_count"] for k in ("holders", "eligible", "candidates")] == \
            [whole[f"{k}_count"] for k in ("holders", "eligible", "candidates")]
    with pytest.raises(InvalidInput, match="名单"):
        cultivation_report(engine, viewer=OPERATOR, lists=("everyone",))
