"""Every demo role × every API endpoint: allowed or refused as the role says, and nothing returned
that lies outside the account's data scope (no cross-organisation leak), with non-shared fields left
out and personal data masked. The endpoints come from the OpenAPI document, so a new endpoint
without a matrix entry fails `test_every_endpoint_has_a_matrix_entry`.

A capability's entries and read checks are in its own module (test_matrix_registry, _access, _lists,
_targets, _monitoring): add a new endpoint's entry there. Here they are gathered; each account's writes
run in test_matrix_writes.py."""

from __future__ import annotations

from security import (
    test_matrix_access,
    test_matrix_lists,
    test_matrix_monitoring,
    test_matrix_registry,
    test_matrix_targets,
)
from security.world import ACCOUNTS, World

# In the order their writes run: each account's writes go to one database, one capability after another.
CAPABILITIES = (test_matrix_lists, test_matrix_targets, test_matrix_registry, test_matrix_access,
                test_matrix_monitoring)
GET_MATRIX = {endpoint: c.READS[endpoint] for c in CAPABILITIES for endpoint in c.READS}
WRITE_MATRIX = {endpoint: c.WRITES[endpoint] for c in CAPABILITIES for endpoint in c.WRITES}


def test_every_endpoint_has_a_matrix_entry(world: World) -> None:
    spec = world.clients["demo-admin"].get("/api/v1/openapi.json").json()
    gets = {p.removeprefix("/api/v1") for p, ops in spec["paths"].items() if "get" in ops}
    writes = {(m.upper(), p.removeprefix("/api/v1")) for p, ops in spec["paths"].items() for m in ops if m != "get"}
    assert gets == set(GET_MATRIX), "GET endpoints without (or with stale) matrix entries"
    assert writes == set(WRITE_MATRIX) | test_matrix_access.COVERED_ELSEWHERE, "write endpoints without matrix entries"
    assert sum(len(c.READS) for c in CAPABILITIES) == len(GET_MATRIX), "a GET endpoint in two capabilities' modules"


def test_the_scopes_are_not_trivial(world: World) -> None:
    """The matrix proves something only if each account sees some enterprises and not others."""
    for account in ACCOUNTS:
        assert world.allowed(account) and world.forbidden(account), account
    yuelu, yuhua = (next(a for a in ACCOUNTS if a.username == n) for n in ("demo-yuelu", "demo-yuhua"))
    assert not world.allowed(yuelu) & world.allowed(yuhua)
    for account in ACCOUNTS:  # the demo work lists: every reading account sees some items, and only some
        for kind in ("goals", "projects"):
            assert bool(world.work_items(kind, account)) == account.works, (account, kind)
            assert world.work_items(kind, account, seen=False) or account.admin, (account, kind)
