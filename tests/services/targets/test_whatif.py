"""What-if (招商推演): before equals the gap report, after adds the enterprises; nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.domain.gaps import analyse
from chainatlas.domain.whatif import Addition, what_if
from chainatlas.services import atlas, targets
from chainatlas.services.atlas import placement
from chainatlas.store.models import enterprises, placements
from cli.helpers import run_json
from services.atlas.test_gaps import TOY, figures
from services.factories import OPERATOR, add_enterprise

LITHIUM = "lithium-battery"
CHANGSHA = "430100"


def test_adding_to_a_missing_link_makes_it_local_and_raises_the_rates() -> None:
    base = figures(ore=(20, 1000), part=(20, 1000), paint=(3, 1000), assembly=(1, 1000), car=(20, 50))
    result = what_if(TOY, base, [Addition("refine", "某精炼厂", 2000), Addition("assembly", "某总装厂", 500)])
    assert result.before == analyse(TOY, base)
    statuses = {c.link_id: (c.before, c.after) for c in result.changed}
    assert statuses["refine"] == ("missing", "weak")  # one enterprise: single source, still weak
    assert result.after.supporting_rate > result.before.supporting_rate
    assert result.after.weighted_supporting_rate - result.before.weighted_supporting_rate == pytest.approx(1 / 18,
                                                                                                            abs=1e-4)
    assert result.single_source_removed == ("assembly",)  # 1 → 2 enterprises
    assert result.revenue_after_fen - result.revenue_before_fen == 2500


def test_an_unknown_link_or_no_addition_is_refused() -> None:
    with pytest.raises(InvalidInput, match="没有环节"):
        what_if(TOY, {}, [Addition("nowhere", "某企业")])
    with pytest.raises(InvalidInput, match="至少"):
        what_if(TOY, {}, [])


@pytest.fixture
def local(engine: Engine) -> Engine:
    for n, (link, region) in enumerate([("anode", "430104"), ("anode", "430111"), ("separator", "430104"),
                                        ("cathode", "430211")]):
        eid = add_enterprise(engine, f"测试{n}号有限公司", region_code=region, revenue_fen=(n + 1) * 10 ** 9)
        placement.place_manually(engine, str(eid), LITHIUM, link, None, viewer=OPERATOR)
    return engine


def test_before_equals_the_gap_report_and_nothing_is_written(local: Engine) -> None:
    gaps = atlas.gap_report_as_dict(atlas.gaps(local, LITHIUM, CHANGSHA, viewer=OPERATOR), CHANGSHA)
    with local.connect() as conn:
        counted = [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (enterprises, placements)]
    result = targets.run_whatif(local, LITHIUM, CHANGSHA, [{"name": "假设隔膜厂", "link": "隔膜", "revenue_wan_yuan": "50000"},
                                                           {"key": "E4", "link": "electrolyte"}], viewer=OPERATOR)
    assert [(link["id"], link["status"], link["enterprises"]) for link in result["before"]["links"]] == \
        [(link["id"], link["status"], link["enterprises"]) for link in gaps["links"]]
    assert result["before"]["supporting_rate"] == gaps["supporting_rate"]
    assert result["before"]["weighted_supporting_rate"] == gaps["weighted_supporting_rate"]
    after = {link["id"]: link for link in result["after"]["links"]}
    assert after["separator"]["enterprises"] == 2 and after["electrolyte"]["enterprises"] == 1
    assert {"id": "electrolyte", "name": after["electrolyte"]["name"], "before": "missing", "after": "weak",
            "before_label": "缺链", "after_label": "弱链"} in result["changed"]
    assert {"id": "separator", "name": after["separator"]["name"]} in result["single_source_removed"]
    assert result["additions"][1]["name"] == "测试3号有限公司" and result["additions"][1]["source"] == "local"
    with local.connect() as conn:
        assert counted == [conn.execute(select(func.count()).select_from(t)).scalar_one()
                           for t in (enterprises, placements)]


def test_bad_additions_are_named(local: Engine) -> None:
    with pytest.raises(InvalidInput, match="营收"):
        targets.run_whatif(local, LITHIUM, CHANGSHA, [{"name": "某厂", "link": "anode", "revenue_wan_yuan": "很多"}],
                           viewer=OPERATOR)
    with pytest.raises(NotFound):
        targets.run_whatif(local, LITHIUM, CHANGSHA, [{"key": "P999", "link": "anode"}], viewer=OPERATOR)
    with pytest.raises(InvalidInput, match="已是本地企业"):  # 测试0号 lies in 岳麓区, inside 长沙市
        targets.run_whatif(local, LITHIUM, CHANGSHA, [{"key": "E1", "link": "electrolyte"}], viewer=OPERATOR)


def test_a_saved_scenario_reopens_on_todays_figures(local: Engine) -> None:
    saved = targets.save_scenario(local, "补电解液", LITHIUM, CHANGSHA, [{"name": "假设电解液厂", "link": "electrolyte"}],
                                  viewer=OPERATOR)
    listed = targets.list_scenarios(local, viewer=OPERATOR)
    assert [(s["name"], s["enterprises"]) for s in listed] == [("补电解液", 1)]
    reopened = targets.open_scenario(local, saved["scenario"]["id"], viewer=OPERATOR)
    assert reopened["after"] == saved["after"]


def test_cli_whatif_matches_gaps(local: Engine, db: str) -> None:
    gaps = run_json("gaps", "锂电池", "--region", "长沙市", db=db)
    result = run_json("whatif", "锂电池", "--region", "长沙市", "--new", "假设电解液厂:电解液:1000", db=db)
    assert [(x["id"], x["status"]) for x in result["before"]["links"]] == [(x["id"], x["status"]) for x in gaps["links"]]
    assert [c["id"] for c in result["changed"]] == ["electrolyte"]
