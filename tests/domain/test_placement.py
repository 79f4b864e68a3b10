"""The placement matcher: vocabulary hits inside compound names, not_terms, longest match, ASCII
boundaries, several chains, industry code as support, text-similarity fallback and abstention."""

from __future__ import annotations

import pytest

from chainatlas.domain.chain import parse_chain
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.placement import LinkMatcher

BATTERY = parse_chain({
    "id": "battery", "name": "锂电池", "links": [
        {"id": "cathode", "name": "正极材料", "stage": "upstream", "keywords": ["正极材料"],
         "products": ["磷酸铁锂"], "terms": ["三元正极", "NCM"], "industry_codes": ["3985"],
         "description": "磷酸铁锂、三元材料等锂离子电池正极活性材料的制造。"},
        {"id": "separator", "name": "隔膜", "stage": "midstream", "keywords": ["隔膜"], "terms": ["湿法隔膜"],
         "not_terms": ["隔膜压滤机", "隔膜泵"],
         "description": "锂离子电池隔离膜：湿法、干法基膜与涂覆膜。"},
        {"id": "cell", "name": "电芯制造", "stage": "midstream", "keywords": ["锂电池"],
         "terms": ["磷酸铁锂电池", "动力电池"], "industry_codes": ["3841"],
         "description": "动力、储能与消费类锂离子电芯的设计与制造。"},
        {"id": "equipment", "name": "锂电设备", "stage": "upstream", "terms": ["涂布机", "卷绕机"],
         "description": "锂电池生产装备：涂布机、辊压机、卷绕机、化成分容设备。"},
    ], "edges": [["cathode", "cell"], ["separator", "cell"]]})
CARS = parse_chain({
    "id": "cars", "name": "新能源汽车", "links": [
        {"id": "battery", "name": "动力电池系统", "stage": "midstream", "terms": ["动力电池", "电池包"]},
        {"id": "assembly", "name": "整车", "stage": "downstream", "terms": ["乘用车", "新能源汽车"]},
    ]})
PHARMA = parse_chain({
    "id": "pharma", "name": "生物医药", "links": [
        {"id": "cro", "name": "研发外包", "stage": "midstream", "terms": ["CRO", "临床前研究"],
         "description": "为药企提供药物发现、临床前研究与临床试验的合同研究服务。"},
    ]})


@pytest.fixture(scope="module")
def matcher() -> LinkMatcher:
    return LinkMatcher([BATTERY, CARS, PHARMA])


def placed(found: list) -> list[tuple[str, str]]:
    return [(c.chain_id, c.link_id) for c in found]


def test_a_compound_product_name_finds_the_term_inside_it(matcher: LinkMatcher) -> None:
    [top] = matcher.score("高镍三元正极材料（NCM811）")
    assert (top.chain_id, top.link_id) == ("battery", "cathode")
    assert "产品：高镍三元正极材料→正极材料" in top.matched


def test_a_longer_term_outranks_the_shorter_one_inside_it(matcher: LinkMatcher) -> None:
    found = matcher.score("磷酸铁锂电池")
    assert ("battery", "cell") in placed(found)
    assert ("battery", "cathode") not in placed(found)
    assert placed(matcher.score("磷酸铁锂")) == [("battery", "cathode")]


def test_a_not_term_cancels_a_hit_inside_it_and_only_there(matcher: LinkMatcher) -> None:
    assert matcher.score("厢式隔膜压滤机、隔膜泵") == []
    found = matcher.score("隔膜压滤机；湿法隔膜")
    assert placed(found) == [("battery", "separator")]
    assert all("压滤机" not in note for note in found[0].matched)


def test_ascii_terms_match_whole_words_in_any_case(matcher: LinkMatcher) -> None:
    assert matcher.score("Micro controller units") == []
    assert placed(matcher.score("一体化cro服务")) == [("pharma", "cro")]
    assert placed(matcher.score("CRO/CDMO")) == [("pharma", "cro")]
    assert placed(matcher.score("ＮＣＭ正极")) == [("battery", "cathode")]  # full-width letters


def test_one_enterprise_can_sit_on_several_chains(matcher: LinkMatcher) -> None:
    assert set(placed(matcher.score("动力电池"))) == {("battery", "cell"), ("cars", "battery")}


def test_the_head_of_a_compound_decides_a_modifier_weighs_less(matcher: LinkMatcher) -> None:
    found = placed(matcher.score("新能源汽车动力电池"))
    assert ("cars", "battery") in found and ("cars", "assembly") not in found
    # 锂电池 before an equipment head is what the equipment is for, not what is made
    assert ("battery", "cell") not in placed(matcher.score("锂电池智能装备"))
    assert placed(matcher.score("锂电池智能装备（涂布机、卷绕机）")) == [("battery", "equipment")]


def test_products_outweigh_the_business_scope(matcher: LinkMatcher) -> None:
    assert matcher.score("中式快餐连锁", "餐饮服务；锂电池销售；技术服务") == []
    [alone] = matcher.score(None, "锂电池的研发、生产与销售")
    assert (alone.link_id, alone.matched) == ("cell", ("经营范围：锂电池的研发→锂电池",))
    assert alone.confidence < matcher.score("锂电池")[0].confidence


def test_the_industry_code_supports_text_evidence_but_places_nothing_alone(matcher: LinkMatcher) -> None:
    plain = matcher.score("正极材料")[0]
    coded = matcher.score("正极材料", industry_code="3985")[0]
    assert coded.confidence > plain.confidence
    assert coded.matched[-1] == "行业代码3985"
    assert matcher.score("日用百货", industry_code="3985") == []
    assert matcher.score("正极材料", industry_code="C3985")[0].confidence == coded.confidence


def test_similarity_places_a_firm_that_shares_no_term_and_abstains_below_the_threshold() -> None:
    matcher = LinkMatcher([PHARMA])
    [found] = matcher.score("药物发现与临床试验合同研究服务")
    assert found.link_id == "cro"
    assert found.matched[0].startswith("文本相似度")
    assert found.confidence <= 0.6
    assert matcher.score("鲜冻猪肉及肉制品") == []
    assert LinkMatcher([PHARMA], similarity=False).score("药物发现与临床试验合同研究服务") == []


def test_empty_texts_are_not_placed(matcher: LinkMatcher) -> None:
    assert matcher.score_many([(None, None, "3985"), ("", "  ", None)]) == [[], []]


def test_templates_read_description_terms_and_not_terms() -> None:
    link = BATTERY.link("separator")
    assert (link.terms, link.not_terms) == (("湿法隔膜",), ("隔膜压滤机", "隔膜泵"))
    assert link.description.startswith("锂离子电池隔离膜")
    assert BATTERY.link("cathode").vocabulary() == ("正极材料", "磷酸铁锂", "三元正极", "NCM")
    with pytest.raises(InvalidInput, match="not_terms"):
        parse_chain({"id": "x", "name": "X", "links": [
            {"id": "a", "name": "A", "stage": "upstream", "not_terms": [""], "terms": ["甲"]}]})


def near(matcher: LinkMatcher, products: str) -> dict[tuple[str, str], float]:
    """Every link the term evidence reaches (the 招商 pool's wider net), with its confidence."""
    from chainatlas.domain.placement import near_candidates

    return {(c.chain_id, c.link_id): c.confidence for c in near_candidates(matcher, [(products, None, None)], 0.0)[0]}


def test_what_a_firm_buys_is_not_what_it_makes(matcher: LinkMatcher) -> None:
    text = "动力电池电芯；主要原材料为正极材料、隔膜"
    assert ("battery", "cathode") not in near(matcher, text) and ("battery", "separator") not in near(matcher, text)
    assert ("battery", "cell") in placed(matcher.score(text))
    # "原料" inside a product name is no purchase list
    assert ("battery", "cathode") in near(matcher, "正极材料原料级")


def test_a_service_that_names_products_does_not_make_them(matcher: LinkMatcher) -> None:
    made = near(matcher, "正极材料、隔膜")
    quoted = near(matcher, "资讯与价格服务：正极材料、隔膜价格指数")
    assert quoted[("battery", "cathode")] < made[("battery", "cathode")] / 2
    tested = near(matcher, "整车、动力电池的检测认证")
    assert tested[("cars", "battery")] < near(matcher, "整车、动力电池")[("cars", "battery")] / 2
    terms_only = LinkMatcher([BATTERY, CARS], similarity=False)
    assert terms_only.score("动力电池产业联盟") == [] and terms_only.score("正极材料期货") == []


def test_a_role_head_is_no_role_for_a_link_whose_vocabulary_uses_it() -> None:
    equipment = parse_chain({"id": "e", "name": "锂电", "links": [
        {"id": "gear", "name": "锂电设备", "stage": "upstream", "terms": ["化成分容", "锂电池检测设备"]},
        {"id": "cathode", "name": "正极材料", "stage": "midstream", "terms": ["正极材料"]}]})
    matcher = LinkMatcher([equipment], similarity=False)
    # 检测设备 after 化成分容: equipment for the equipment link, full weight; a kiln for cathode material is no cathode
    assert near(matcher, "化成分容检测设备")[("e", "gear")] == near(matcher, "化成分容")[("e", "gear")]
    assert near(matcher, "正极材料烧结辊道窑")[("e", "cathode")] < near(matcher, "正极材料")[("e", "cathode")] / 2


def test_placed_and_near_read_once_give_what_the_two_readings_give(matcher: LinkMatcher) -> None:
    from chainatlas.domain.placement import near_candidates, placed_and_near

    records = [("三元正极材料、湿法隔膜", "锂电池销售", "3985"), ("隔膜压滤机", None, None), (None, "药物发现与临床试验合同研究服务", None),
               (None, None, None), ("动力电池电芯；主要原材料为正极材料、隔膜", None, "3841")]
    both = placed_and_near(matcher, records, 0.5)
    assert [p for p, _ in both] == matcher.score_many(records)
    assert [n for _, n in both] == near_candidates(matcher, records, 0.5)
    assert any(p for p, _ in both) and any(n for _, n in both)
    assert placed_and_near(LinkMatcher([]), records[:2], 0.5) == [([], []), ([], [])]
