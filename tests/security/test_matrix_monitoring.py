"""The matrix for monitoring and reports: dashboards, monthly reports and risk warnings carry area figures, so an
account reads them only where its own area covers a whole region with the figures (metrics), not a park's or one
enterprise's view; monthly figures are imported, warnings scanned and acknowledged, by the writing roles in their
own area (matrix.py has the machinery)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from security.matrix import Probe, Reads, Write, Writes, check_reads, everyone
from security.world import ACCOUNTS, LITHIUM, Account, World, prefix


def monthly_report(w: World, a: Account) -> list[Probe]:
    """A report needs the figures of its whole area (metrics over the region, not a park, an enterprise or a
    chain's slice): the city's report for the province and the city's accounts, 岳麓区's also for its own."""
    def allowed(region: str) -> int:
        whole = a.region is not None and region.startswith(prefix(a.region)) and "metrics" in a.groups
        return 200 if whole and not (a.own_park or a.own_enterprise or a.chain) else 403

    return [(f"/chains/{LITHIUM}/report.docx?region=430100&month=2025-10", allowed("430100")),
            (f"/chains/{LITHIUM}/report.docx?region=430104&month=2025-10", allowed("430104"))]


def reads_area_figures(a: Account, region: str | None, chain: str | None) -> bool:
    """Area sums (the dashboards) need the figures (metrics) of the whole area: its region, its chain's slice,
    not a park's or one enterprise's view."""
    if region is None or a.region is None or a.own_park or a.own_enterprise or "metrics" not in a.groups:
        return False
    return (a.chain is None or chain in (None, a.chain)) and region.startswith(prefix(a.region))


def dashboard_probes(a: Account, path: str, chain: str | None) -> list[Probe]:
    """The account's own area (the default), the city, a district and 株洲 (outside the demo city)."""
    probes = [("", a.region), ("?region=430100&month=2025-06", "430100"), ("?region=430104", "430104"),
              ("?region=430211", "430211")]
    return [(path + query, 200 if reads_area_figures(a, region, chain) else 403) for query, region in probes]


READS: dict[str, Reads] = {
    "/chains/{chain_id}/report.docx": monthly_report,
    "/chains/{chain_id}/report.pdf": lambda w, a: [
        (url.replace(".docx", ".pdf"), status) for url, status in monthly_report(w, a)[1:]],
    "/chains/{chain_id}/dashboard": lambda w, a: dashboard_probes(a, f"/chains/{LITHIUM}/dashboard", LITHIUM),
    "/chains/{chain_id}/dashboard.xlsx": lambda w, a: dashboard_probes(a, f"/chains/{LITHIUM}/dashboard.xlsx", LITHIUM)[:2],
    "/dashboard": lambda w, a: dashboard_probes(a, "/dashboard", None),
    "/dashboard.xlsx": lambda w, a: dashboard_probes(a, "/dashboard.xlsx", None)[:2],
    "/risks": everyone("/risks", "/risks?region=430211", "/risks?region=440300", "/risks?level=red",
                       f"/risks?chain={LITHIUM}&include_ended=true"),
    "/risks.xlsx": everyone("/risks.xlsx", "/risks.xlsx?region=430200"),
    "/risks/rules": everyone("/risks/rules"),
}


def reads_warnings(a: Account) -> bool:
    """Warnings carry figures: an account reads them where its own area (or an agreement with `metrics`) covers a
    whole region; a park's or an enterprise's own area, and the alliance's slice without figures, read none."""
    return "metrics" in a.groups and not a.own_park and not a.own_enterprise


def check_warnings(w: World, a: Account, items: list[dict[str, Any]]) -> None:
    if not reads_warnings(a):
        assert items == [], a
        return
    for item in items:
        assert a.region is not None and item["region_code"].startswith(prefix(a.region)), (a, item["id"])
        assert item["enterprise_id"] is None or item["enterprise_id"] in w.allowed(a), (a, item["id"])
        if not a.works:
            assert item["subject_kind"] not in ("project", "problem"), (a, item["id"])


def extra_checks(w: World, a: Account, url: str, data: Any) -> None:
    """A dashboard's entries and exits lie within the scope, its chains are the account's; warnings too."""
    path = url.split("?")[0]
    if path.endswith("/dashboard"):
        moved = {e["id"] for e in data.get("entries", []) + data.get("exits", [])}
        assert moved <= w.allowed(a), (a, url)
        assert all(c["chain"] == a.chain for c in data.get("chains", [])) or a.chain is None, (a, url)
    elif path == "/risks":
        check_warnings(w, a, data["items"])


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_are_allowed_by_role_and_stay_within_the_scope(world: World, endpoint: str, account: Account) -> None:
    check_reads(world, account, endpoint, READS[endpoint](world, account), extra_checks)


def test_the_warning_scopes_are_not_trivial(world: World) -> None:
    """The city reads its warnings, the outsiders' stay hidden, and the bank's agreement shows no work items."""
    city = world.clients["demo-city"].get("/api/v1/risks").json()["items"]
    assert city and {w["subject_kind"] for w in city} >= {"link", "project"}
    assert not [w for w in city if not w["region_code"].startswith("4301")]
    admin = world.clients["demo-admin"].get("/api/v1/risks").json()["items"]
    assert any(w["region_code"] == "430200" for w in admin) and not any(w["region_code"] == "440300" for w in admin)
    bank = world.clients["demo-bank"].get("/api/v1/risks").json()["items"]
    assert bank and not [w for w in bank if w["subject_kind"] in ("project", "problem")]


INDICATOR_HEADER = ["统一社会信用代码", "企业名称", "报告期", "工业总产值（本月）", "工业总产值（累计）"]


def indicators_outside(w: World, a: Account) -> list[Write]:
    """Monthly figures of an enterprise no demo account's area holds (深圳): writers get the row refused
    (previewed or imported, nothing written), the other roles a 403."""
    outside = w.rows[w.in_region("440305")[0]]
    rows = [[outside["uscc"], outside["name"], "2026-06", "120", "600"]]
    return [Write("POST", url, 200 if a.writes else 403, upload=("indicators", INDICATOR_HEADER, rows))
            for url in ("/monitoring/indicators/preview", "/monitoring/indicators")]


def city_warning(w: World) -> int:
    """A warning about a link of the demo city (what the city's offices read and work)."""
    with w.engine.connect() as conn:
        return int(conn.execute(text("SELECT min(id) FROM risk_warnings WHERE region_code = '430100' "
                                     "AND subject_kind = 'link' AND chain_id = 'lithium-battery'")).scalar_one())


def outside_warning(w: World) -> int:
    with w.engine.connect() as conn:
        return int(conn.execute(text("SELECT min(id) FROM risk_warnings WHERE region_code = '440300'")).scalar_one())


def risk_writes(w: World, a: Account) -> list[Write]:
    """Scanning needs the write permission in the region; acknowledging, a warning the account reads in its own
    work area (404 when it does not read it); the rule set, an administrator or a chain office."""
    scans_city = a.writes and not a.own_park and a.region in ("430000", "430100")
    reads_city = reads_warnings(a) and a.region in ("430000", "430100")
    ack = 404 if not reads_city else 200 if scans_city else 403
    rules = {"rules": [{"id": "single_source", "level": "red"}], "note": f"矩阵-{a.username}"}
    return [Write("POST", "/risks/scan", 200 if scans_city else 403, {"region": "430100", "chains": [LITHIUM]}),
            Write("POST", "/risks/scan", 403, {"region": "440300"}),
            Write("POST", f"/risks/{city_warning(w)}/ack", ack, {"comment": "矩阵测试"}),
            Write("POST", f"/risks/{outside_warning(w)}/ack", 404, {"comment": "越界"}),
            Write("PUT", "/risks/rules", 200 if a.writes and not a.own_park else 403, rules)]


WRITES: dict[tuple[str, str], Writes] = {
    ("POST", "/monitoring/indicators/preview"): indicators_outside,
    ("POST", "/monitoring/indicators"): indicators_outside,
    ("POST", "/risks/scan"): risk_writes,
    ("POST", "/risks/{warning_id}/ack"): risk_writes,
    ("PUT", "/risks/rules"): risk_writes,
}
