"""The registry: reading records, finding duplicates by normalised name, merging with history."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.services import registry
from chainatlas.services.atlas import placement
from chainatlas.store.models import enterprise_tags, enterprise_years, placements
from importers.files import uscc
from services.factories import OPERATOR, add_enterprise, enterprise, events

CHAIN = "lithium-battery"


def pair_ids(pairs: list[dict]) -> set[frozenset[int]]:
    return {frozenset((p["a"]["id"], p["b"]["id"])) for p in pairs}


def test_duplicates_lists_spellings_of_one_enterprise_with_a_score(engine: Engine) -> None:
    spellings = [("湖南星城科技有限公司", "星城科技（湖南）有限公司"), ("麓谷电子(湖南)有限公司", "麓谷电子股份有限公司"),
                 ("湘江 材料有限公司", "湘江材料")]
    expected = set()
    for n, (first, second) in enumerate(spellings, start=1):
        expected.add(frozenset((add_enterprise(engine, first, uscc=uscc(n)), add_enterprise(engine, second))))
    add_enterprise(engine, "长城机械有限公司")
    pairs = registry.duplicates(engine)
    assert pair_ids(pairs) == expected
    assert all(p["score"] == 1.0 and p["reasons"] for p in pairs)


def test_two_different_credit_codes_score_a_pair_down(engine: Engine) -> None:
    a = add_enterprise(engine, "湖南星城科技有限公司", uscc=uscc(1))
    b = add_enterprise(engine, "星城科技股份有限公司", uscc=uscc(2))
    assert registry.duplicates(engine) == []
    [pair] = registry.duplicates(engine, min_score=0.5)
    assert pair_ids([pair]) == {frozenset((a, b))} and pair["score"] == 0.6


def test_merge_moves_years_tags_and_placements_and_keeps_history_on_both(engine: Engine) -> None:
    keep = add_enterprise(engine, "湖南星城科技有限公司", uscc=uscc(1))
    drop = add_enterprise(engine, "星城科技股份有限公司", main_products="湿法隔膜", revenue_fen=5_000_000)
    with engine.begin() as conn:
        conn.execute(enterprise_years.insert(), [{"enterprise_id": drop, "year": 2023, "revenue_fen": 5_000_000}])
        conn.execute(enterprise_tags.insert(), [{"enterprise_id": drop, "tag": "high_tech", "year": 2022}])
    placement.place_manually(engine, str(drop), CHAIN, "separator", "key", viewer=OPERATOR)

    result = registry.merge(engine, str(keep), str(drop), reason="同一企业", viewer=OPERATOR)

    assert result == {"kept": keep, "merged": drop, "filled": ["main_products"]}
    assert enterprise(engine, id=drop)["merged_into_id"] == keep
    kept = registry.get_enterprise(engine, str(keep))
    assert kept["main_products"] == "湿法隔膜"
    assert [(y["year"], y["revenue_wan_yuan"]) for y in kept["years"]] == [(2023, "5.00")]
    assert [(t["tag"], t["year"]) for t in kept["tags"]] == [("high_tech", 2022)]
    assert [(p["link"], p["role"]) for p in kept["placements"]] == [("separator", "key")]
    assert kept["revenue_wan_yuan"] == "5.00"
    [(kept_action, kept_detail)] = events(engine, keep)
    [(drop_action, drop_detail)] = events(engine, drop)
    assert (kept_action, kept_detail["merged_id"], kept_detail["reason"]) == ("merged_from", drop, "同一企业")
    assert kept_detail["snapshot"]["name"] == "星城科技股份有限公司"
    assert (drop_action, drop_detail["kept_id"]) == ("merged_into", keep)


def test_merge_keeps_one_placement_when_both_records_are_on_the_same_link(engine: Engine) -> None:
    keep = add_enterprise(engine, "湖南星城科技有限公司")
    drop = add_enterprise(engine, "星城科技股份有限公司")
    for eid in (keep, drop):
        placement.place_manually(engine, str(eid), CHAIN, "separator", viewer=OPERATOR)
    registry.merge(engine, str(keep), str(drop), viewer=OPERATOR)
    with engine.connect() as conn:
        rows = conn.execute(select(placements.c.enterprise_id)).scalars().all()
    assert rows == [keep]


def test_merge_keeps_a_persons_decision_over_a_proposal_on_the_same_link(engine: Engine) -> None:
    keep = add_enterprise(engine, "湖南星城科技有限公司", business_scope="锂电池隔膜")
    drop = add_enterprise(engine, "星城科技股份有限公司")
    placement.place(engine, CHAIN)
    placement.place_manually(engine, str(drop), CHAIN, "separator", "leader", viewer=OPERATOR)
    registry.merge(engine, str(keep), str(drop), viewer=OPERATOR)
    [kept] = registry.get_enterprise(engine, str(keep))["placements"]
    assert (kept["link"], kept["status"], kept["role"]) == ("separator", "manual", "leader")


def test_merged_record_resolves_to_the_survivor_and_leaves_lists_and_duplicates(engine: Engine) -> None:
    keep = add_enterprise(engine, "湖南星城科技有限公司")
    drop = add_enterprise(engine, "星城科技股份有限公司", uscc=uscc(2))
    registry.merge(engine, str(keep), str(drop), viewer=OPERATOR)
    assert registry.get_enterprise(engine, str(drop))["id"] == keep
    assert registry.get_enterprise(engine, uscc(2))["id"] == keep  # the code moved to the survivor
    assert [e["id"] for e in registry.search_enterprises(engine, viewer=OPERATOR)["items"]] == [keep]
    assert registry.duplicates(engine) == []


def test_merging_a_record_into_itself_is_refused(engine: Engine) -> None:
    eid = add_enterprise(engine, "湖南星城科技有限公司")
    with pytest.raises(InvalidInput):
        registry.merge(engine, str(eid), str(eid), viewer=OPERATOR)


def test_enterprise_is_found_by_credit_code_or_id(engine: Engine) -> None:
    eid = add_enterprise(engine, "湖南星城科技有限公司", uscc=uscc(1), region_code="430104")
    by_code = registry.get_enterprise(engine, uscc(1).lower())
    assert by_code["id"] == eid and by_code["region"] == "湖南省长沙市岳麓区"
    assert registry.get_enterprise(engine, str(eid))["uscc"] == uscc(1)


def test_unknown_enterprise_is_not_found(engine: Engine) -> None:
    for key in ("999", uscc(9)):
        with pytest.raises(NotFound, match=key):
            registry.get_enterprise(engine, key)


def test_list_filters_by_region_code_at_any_level(engine: Engine) -> None:
    yuelu = add_enterprise(engine, "甲科技有限公司", region_code="430104")
    furong = add_enterprise(engine, "乙科技有限公司", region_code="430102")
    add_enterprise(engine, "丙科技有限公司", region_code="110105")

    def ids(region: str) -> list[int]:
        return [e["id"] for e in registry.search_enterprises(engine, region=region, viewer=OPERATOR)["items"]]

    assert ids("430104") == [yuelu]
    assert ids("430100") == [furong, yuelu]  # newest first
    assert ids("430000") == [furong, yuelu]


def test_duplicates_report_a_branch_as_a_branch_and_keep_other_cities_apart(engine: Engine) -> None:
    parent = add_enterprise(engine, "湖南星城科技有限公司")
    branch = add_enterprise(engine, "星城科技有限公司长沙分公司")
    other_city = add_enterprise(engine, "北京星城科技有限公司")  # another registration, another province
    short = add_enterprise(engine, "星城")
    pairs = {frozenset((p["a"]["id"], p["b"]["id"])): p["relation_label"] for p in registry.duplicates(engine)}
    assert pairs[frozenset((parent, branch))] == "分支机构"
    assert pairs[frozenset((parent, short))] == "疑似重复"
    assert frozenset((parent, other_city)) not in pairs
