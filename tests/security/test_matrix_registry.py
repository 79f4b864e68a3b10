"""The matrix for the registry, the chain atlas, evaluations and registry imports: enterprises, chains, maps and
gaps, cultivation lists and import jobs, read by every demo account; re-evaluations, placement decisions and
imports written only by the writing roles and in their own area (matrix.py has the machinery)."""

from __future__ import annotations

from typing import Any

import pytest

from importers.files import uscc
from security.matrix import Probe, Reads, Write, Writes, check_reads, everyone, own_and_outside
from security.world import ACCOUNTS, KEY_GROUP, LITHIUM, PERSONAL, Account, World


def own_job(suffix: str) -> Reads:
    """Import jobs are their owner's (and an admin's); others are told it does not exist."""
    return lambda w, a: [(f"/imports/{w.job_id}{suffix}", 200 if a.admin else 404)]


def samples(w: World, a: Account) -> tuple[list[int], list[int]]:
    """A few enterprises in scope (those with contacts first) and out of it (the other district's,
    the outsiders)."""
    allowed = sorted(w.allowed(a), key=lambda i: (w.rows[i]["contact_person"] is None, i))[:3]
    other = [i for region in ("430104", "430111", "430211", "440305") for i in w.in_region(region)[:1]]
    return allowed, [i for i in other if i not in w.allowed(a)]


def profiles(w: World, a: Account) -> list[Probe]:
    allowed, forbidden = samples(w, a)
    return [(f"/enterprises/{i}", 200) for i in allowed] + [(f"/enterprises/{i}", 404) for i in forbidden] + \
        [(f"/enterprises/{w.rows[i]['uscc']}", 404) for i in forbidden]


def evaluations(w: World, a: Account) -> list[Probe]:
    allowed, forbidden = samples(w, a)
    granted = 200 if "evaluations" in a.groups else 403
    return [(f"/enterprises/{i}/evaluation", granted) for i in allowed] + \
        [(f"/enterprises/{i}/evaluation", 404) for i in forbidden]


def link_of_outsiders(w: World, a: Account) -> list[Probe]:
    return [(f"/chains/{LITHIUM}/links/anode/enterprises?limit=200", 200),
            (f"/chains/{LITHIUM}/links/anode/enterprises?region=430211", 200)]


SCOPED = ("", "?region=430211", "?region=440305", "?region=430111")
READS: dict[str, Reads] = {
    "/overview": everyone("/overview"),
    "/filters": everyone("/filters"),
    "/chains": everyone("/chains"),
    "/chains/{chain_id}": everyone(f"/chains/{LITHIUM}"),
    "/chains/{chain_id}/map": everyone(*(f"/chains/{LITHIUM}/map{s}" for s in SCOPED)),
    "/chains/{chain_id}/gaps": everyone(*(f"/chains/{LITHIUM}/gaps{s}" for s in SCOPED)),
    "/chains/{chain_id}/gaps.xlsx": everyone(*(f"/chains/{LITHIUM}/gaps.xlsx{s}" for s in SCOPED[:2])),
    "/chains/{chain_id}/links/{link_id}/enterprises": link_of_outsiders,
    "/chains/{chain_id}/links/{link_id}/enterprises.xlsx": everyone(
        f"/chains/{LITHIUM}/links/anode/enterprises.xlsx", f"/chains/{LITHIUM}/links/anode/enterprises.xlsx?region=430211"),
    "/enterprises.xlsx": everyone("/enterprises.xlsx", "/enterprises.xlsx?q=越界", "/enterprises.xlsx?region=430211",
                                  "/enterprises.xlsx?chain=lithium-battery"),
    "/enterprises": everyone("/enterprises?limit=200", "/enterprises?q=越界", "/enterprises?region=430211",
                             "/enterprises?region=430111&limit=200", "/enterprises?chain=lithium-battery&limit=200"),
    "/enterprises/{key}": profiles,
    "/enterprises/{key}/evaluation": evaluations,
    "/cultivation": everyone("/cultivation?limit=500", "/cultivation?region=430211"),
    "/cultivation.xlsx": everyone("/cultivation.xlsx"),
    "/cultivation/{tier}/{kind}": everyone("/cultivation/innovative_sme/candidates?size=200",
                                           "/cultivation/specialised_sme/holders?region=430211&size=200",
                                           "/cultivation/little_giant/eligible?page=2&size=5"),
    "/imports": everyone("/imports"),
    "/imports/{job_id}": own_job(""),
    "/imports/{job_id}/errors": own_job("/errors"),
    "/imports/{job_id}/errors.csv": own_job("/errors.csv"),
}


def placed_count(w: World, a: Account, chain: str) -> int:
    """How many (enterprise, link) placements of the chain the account may count (needs `placements`)."""
    if "placements" not in a.groups:
        return 0
    allowed = w.allowed(a)
    return sum(1 for e, c, _, _ in w.placed if c == chain and e in allowed)


def extra_checks(w: World, a: Account, url: str, data: Any) -> None:
    """Aggregates stay within the scope; import jobs are the account's own; a profile hides what is not shared."""
    path = url.split("?")[0]
    if path == "/overview":
        for chain in data["chains"]:
            assert chain["enterprises"] <= placed_count(w, a, chain["id"]), (a, chain["id"])
    elif path.endswith(("/map", "/gaps")):
        counts = [n["enterprises"] for n in data.get("nodes", data.get("links", []))]
        assert sum(counts) <= placed_count(w, a, LITHIUM), (a, url)
    elif path == "/filters":
        seen = {w.rows[i]["region_code"] for i in w.allowed(a)}
        assert all(r["level"] != "county" or r["code"] in seen for r in data["regions"]), a
    elif path == "/imports" and not a.admin:
        assert data["items"] == [], a
    elif path.startswith("/enterprises/") and path.count("/") == 2:
        hidden = {k for k, g in KEY_GROUP.items() if g not in a.groups | PERSONAL and k in data}
        assert set(data.get("hidden", [])) == hidden, (a, url)


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
@pytest.mark.parametrize("endpoint", list(READS))
def test_reads_are_allowed_by_role_and_stay_within_the_scope(world: World, endpoint: str, account: Account) -> None:
    check_reads(world, account, endpoint, READS[endpoint](world, account), extra_checks)


def evaluate(w: World, a: Account) -> list[Write]:
    own, outside = own_and_outside(w, a)
    if not a.writes:
        return [Write("POST", f"/enterprises/{own}/evaluation", 403)]
    return [Write("POST", f"/enterprises/{own}/evaluation", 200),
            Write("POST", f"/enterprises/{outside}/evaluation", 404)]


def decide(w: World, a: Account) -> list[Write]:
    """A placement in scope (the enterprise account's own enterprise has none) and the outsider's."""
    allowed, body = w.allowed(a), {"decision": "confirmed"}
    outside = next(p for e, _, _, p in w.placed if w.rows[e]["region_code"] == "440305")
    mine = [Write("POST", f"/placements/{p}/decision", 200 if a.writes else 403, body)
            for p in sorted(p for e, _, _, p in w.placed if e in allowed)[:1]]
    return mine + [Write("POST", f"/placements/{outside}/decision", 404 if a.writes else 403, body)]


def import_outside(w: World, a: Account) -> list[Write]:
    row = ["越界导入有限公司", uscc(951, "440305"), "440305"]
    return [Write("POST", "/imports", 202 if a.writes else 403, csv_rows=[row])]


def preview_outside(w: World, a: Account) -> list[Write]:
    """A preview writes nothing, yet only the roles that may import may ask for one."""
    row = ["越界预览有限公司", uscc(952, "440305"), "440305"]
    return [Write("POST", "/imports/preview", 200 if a.writes else 403, csv_rows=[row])]


WRITES: dict[tuple[str, str], Writes] = {
    ("POST", "/enterprises/{key}/evaluation"): evaluate,
    ("POST", "/placements/{placement_id}/decision"): decide,
    ("POST", "/imports"): import_outside,
    ("POST", "/imports/preview"): preview_outside,
}
