"""Gap analysis: missing, weak and covered links, supporting rates, 延链 suggestions, region scope."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from chainatlas.domain.chain import Chain, Link
from chainatlas.domain.errors import NotFound
from chainatlas.domain.gaps import GapPolicy, GapReport, LinkFigures, analyse
from chainatlas.services import atlas
from chainatlas.services.atlas import placement
from services.factories import OPERATOR, add_enterprise

# ore → refine → part → assembly → car → recycle, and paint → assembly; importance in brackets.
LINKS = [("ore", "upstream", 5), ("refine", "upstream", 1), ("part", "midstream", 3), ("paint", "midstream", 2),
         ("assembly", "midstream", 4), ("car", "downstream", 2), ("recycle", "downstream", 1)]
EDGES = [("ore", "refine"), ("refine", "part"), ("part", "assembly"), ("paint", "assembly"),
         ("assembly", "car"), ("car", "recycle")]
TOY = Chain("toy", "玩具链", tuple(Link(i, f"{i}环节", stage, weight) for i, stage, weight in LINKS), tuple(EDGES))


def figures(**per_link: tuple[int, int]) -> dict[str, LinkFigures]:
    """link=(enterprises, revenue_fen)"""
    return {link: LinkFigures(n, revenue) for link, (n, revenue) in per_link.items()}


@pytest.fixture
def report() -> GapReport:
    # Present links: counts 20, 20, 3, 1, 20 → median 20; revenues → median 1000.
    return analyse(TOY, figures(ore=(20, 1000), part=(20, 1000), paint=(3, 1000), assembly=(1, 1000),
                                car=(20, 50)))


def status(report: GapReport) -> dict[str, str]:
    return {g.id: g.status for g in report.links}


def reasons(report: GapReport, link: str) -> tuple[str, ...]:
    return next(g.reasons for g in report.links if g.id == link)


def test_links_without_enterprises_are_missing(report: GapReport) -> None:
    assert status(report)["refine"] == status(report)["recycle"] == "missing"
    assert reasons(report, "refine") == ("本地无企业（缺链）",)


def test_a_single_enterprise_is_weak(report: GapReport) -> None:
    assert status(report)["assembly"] == "weak"
    assert "仅 1 家本地企业（单一来源风险）" in reasons(report, "assembly")


def test_far_below_the_median_count_is_weak(report: GapReport) -> None:
    assert status(report)["paint"] == "weak"
    assert reasons(report, "paint") == ("企业数 3 低于全链中位数 20 的 25%",)


def test_far_below_the_median_revenue_is_weak(report: GapReport) -> None:
    assert status(report)["car"] == "weak"
    assert reasons(report, "car") == ("营业收入低于全链中位数的 10%",)


def test_enough_enterprises_and_revenue_is_covered(report: GapReport) -> None:
    assert status(report)["ore"] == status(report)["part"] == "covered"
    assert reasons(report, "ore") == ()


def test_supporting_rates_count_links_with_any_local_enterprise(report: GapReport) -> None:
    # 5 of 7 links have local enterprises; by importance 5+3+2+4+2 = 16 of 18.
    assert report.supporting_rate == round(5 / 7, 4)
    assert report.weighted_supporting_rate == round(16 / 18, 4)
    assert report.covered_rate == round(2 / 7, 4)


def test_extend_names_links_next_to_a_covered_link(report: GapReport) -> None:
    suggested = {e.link_id: e for e in report.extend}
    assert set(suggested) == {"refine", "assembly"}  # recycle and paint have no covered neighbour
    refine = suggested["refine"]
    assert refine.status == "missing" and refine.reason.startswith("补链")
    assert "ore环节(20家)" in refine.reason and "part环节(20家)" in refine.reason
    assert refine.score == 1 * 2.0 * 2  # importance × missing weight × covered neighbours
    assert suggested["assembly"].reason.startswith("强链")


def test_policy_thresholds_decide_what_is_weak() -> None:
    lenient = GapPolicy(single_source=0, count_share_of_median=0.0, revenue_share_of_median=0.0)
    report = analyse(TOY, figures(ore=(20, 1000), assembly=(1, 1)), lenient)
    assert status(report)["assembly"] == "covered"


def test_chain_without_local_enterprises_has_zero_rates_and_nothing_to_extend() -> None:
    report = analyse(TOY, {})
    assert set(status(report).values()) == {"missing"}
    assert (report.supporting_rate, report.weighted_supporting_rate, report.extend) == (0.0, 0.0, ())


# --- on a database ------------------------------------------------------------------------

CHAIN = "lithium-battery"


def place(engine: Engine, name: str, region: str, link: str, role: str | None = None) -> int:
    eid = add_enterprise(engine, name, region_code=region, revenue_fen=10**9)
    placement.place_manually(engine, str(eid), CHAIN, link, role, viewer=OPERATOR)
    return eid


@pytest.fixture
def placed(engine: Engine) -> Engine:
    place(engine, "岳麓正极材料有限公司", "430104", "cathode", "leader")
    place(engine, "芙蓉正极材料有限公司", "430102", "cathode")
    place(engine, "株洲正极材料有限公司", "430202", "cathode")
    beijing = place(engine, "北京正极材料有限公司", "110105", "cathode")
    placement.place_manually(engine, str(beijing), CHAIN, "anode", viewer=OPERATOR)
    rejected = add_enterprise(engine, "岳麓隔膜有限公司", region_code="430104", business_scope="锂电池隔膜")
    placement.place(engine, CHAIN)
    [proposal] = placement.list_placements(engine, CHAIN, "proposed", str(rejected))
    placement.decide(engine, [proposal["id"]], "rejected", viewer=OPERATOR)
    return engine


def test_region_scope_counts_only_enterprises_inside(placed: Engine) -> None:
    expected = {"430104": (1, 0), "430100": (2, 0), "430000": (3, 0), None: (4, 1)}  # county, city, province
    for region, (cathode, anode) in expected.items():
        links = {g.id: g for g in atlas.gaps(placed, CHAIN, region=region, viewer=OPERATOR).links}
        assert (links["cathode"].enterprises, links["anode"].enterprises) == (cathode, anode), region
        assert links["cathode"].revenue_fen == cathode * 10**9, region
        assert links["cathode"].leaders == ("岳麓正极材料有限公司",), region
        assert links["separator"].status == "missing", region  # the rejected proposal does not count


def test_leaders_are_listed_largest_first_on_every_backend(engine: Engine, request: pytest.FixtureRequest) -> None:
    place(engine, "小营收龙头有限公司", "430104", "cathode", "leader")
    unknown = add_enterprise(engine, "无营收龙头有限公司")
    placement.place_manually(engine, str(unknown), CHAIN, "cathode", "leader", viewer=OPERATOR)
    big = add_enterprise(engine, "大营收龙头有限公司", revenue_fen=10**12)
    placement.place_manually(engine, str(big), CHAIN, "cathode", "leader", viewer=OPERATOR)
    cathode = next(g for g in atlas.gaps(engine, CHAIN, viewer=OPERATOR).links if g.id == "cathode")
    assert cathode.leaders == ("大营收龙头有限公司", "小营收龙头有限公司", "无营收龙头有限公司")


def test_unknown_region_code_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound, match="439999"):
        atlas.gaps(engine, CHAIN, region="439999", viewer=OPERATOR)
