"""The security matrix's model of the demo: the accounts with what each may see, the demo's enterprises as
read from its database, and the checks that a response holds nothing outside an account's scope or field groups.
The matrix itself (which request each account makes, and what it must get) is in the test_matrix*.py modules,
one a capability; its machinery in matrix.py, the `world` fixture in conftest.py."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine, text

LITHIUM = "lithium-battery"
ACTIVE = ("proposed", "confirmed", "manual")
ALL_GROUPS = frozenset({"basic", "business", "metrics", "tags", "placements", "evaluations", "contacts",
                        "legal_representative"})
PERSONAL = frozenset({"contacts", "legal_representative"})
# The keys of enterprise records by the field group that carries them (what an agreement can share).
KEY_GROUP = {"business_scope": "business", "main_products": "business", "revenue_wan_yuan": "metrics",
             "revenue_year": "metrics", "employees": "metrics", "years": "metrics", "size": "metrics",
             "size_label": "metrics", "history": "metrics", "tags": "tags", "placements": "placements",
             "evaluations": "evaluations", "contact_person": "contacts", "contact_phone": "contacts",
             "legal_representative": "legal_representative"}


@dataclass(frozen=True)
class Account:
    """A demo account and, written out independently of the code, what it may see and do."""

    username: str
    region: str | None = None         # GB/T 2260: its province, city or county
    own_park: bool = False            # only the park organisation's park
    own_enterprise: bool = False      # only its own enterprise
    chain: str | None = None          # only enterprises on this chain (an agreement's slice)
    groups: frozenset[str] = ALL_GROUPS
    writes: bool = False              # imports, placement decisions, re-evaluations
    pipeline: bool = False            # the investment list's projects (the investment bureau; every writer too)
    shares: bool = False              # creates agreements
    admin: bool = False               # users, organisations, audit
    works: bool = True                # reads work-list items in its region (and park); no demo agreement shares them

    def __str__(self) -> str:
        return self.username


ACCOUNTS = [
    Account("demo-admin", region="430000", writes=True, shares=True, admin=True),
    Account("demo-city", region="430100", writes=True, shares=True),
    Account("demo-invest", region="430100", pipeline=True),
    Account("demo-viewer", region="430100", groups=ALL_GROUPS - PERSONAL),
    Account("demo-yuelu", region="430104", writes=True, shares=True),
    Account("demo-yuhua", region="430111", writes=True, shares=True),
    Account("demo-park", region="430100", own_park=True, writes=True),
    Account("demo-alliance", region="430100", chain=LITHIUM,
            groups=frozenset({"basic", "business", "tags", "placements"}), works=False),
    Account("demo-bank", region="430100", groups=frozenset({"basic", "metrics", "tags", "evaluations"}), works=False),
    Account("demo-enterprise", own_enterprise=True, works=False),
]


def prefix(region: str) -> str:
    """430000 → 43, 430100 → 4301, 430104 → 430104: the codes a region contains start with this."""
    while region.endswith("00"):
        region = region[:-2]
    return region


@dataclass
class World:
    """The demo database as the test reads it straight from SQL, and one client per account."""

    engine: Engine
    rows: dict[int, dict[str, Any]]
    placed: list[tuple[int, str, str, int]]       # (enterprise, chain, link, placement id), active only
    park: str
    enterprise_id: int
    org_ids: dict[str, int]
    job_id: int
    items: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)  # goals/projects/results by id
    clients: dict[str, TestClient] = field(default_factory=dict)

    def sees_item(self, account: Account, row: dict[str, Any]) -> bool:
        """A work item lies in the account's own region (and park); agreements here share none."""
        return account.works and account.region is not None and row["region_code"] is not None \
            and row["region_code"].startswith(prefix(account.region)) \
            and (not account.own_park or row["park"] == self.park)

    def work_items(self, kind: str, account: Account, seen: bool = True) -> list[int]:
        return sorted(i for i, r in self.items[kind].items() if self.sees_item(account, r) == seen)

    def allowed(self, account: Account) -> set[int]:
        on_chain = {e for e, c, _, _ in self.placed if c == account.chain}
        return {i for i, r in self.rows.items()
                if (account.region is None or r["region_code"].startswith(prefix(account.region)))
                and (not account.own_park or r["park"] == self.park)
                and (not account.own_enterprise or i == self.enterprise_id)
                and (account.chain is None or i in on_chain)}

    def forbidden(self, account: Account) -> set[int]:
        return set(self.rows) - self.allowed(account)

    def in_region(self, region: str) -> list[int]:
        return sorted(i for i, r in self.rows.items() if r["region_code"] == region)


def read_world(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        rows = {r.id: dict(r._mapping) for r in conn.execute(text(
            "SELECT id, uscc, name, region_code, park, contact_person, contact_phone, legal_representative "
            "FROM enterprises"))}
        placed = [tuple(r) for r in conn.execute(text(
            "SELECT enterprise_id, chain_id, link_id, id FROM placements WHERE status IN "
            "('proposed', 'confirmed', 'manual')"))]
        park, enterprise_id = conn.execute(text(
            "SELECT (SELECT park FROM organisations WHERE kind = 'park'), "
            "(SELECT enterprise_id FROM organisations WHERE kind = 'enterprise')")).one()
        org_ids = dict(conn.execute(text(
            "SELECT u.username, u.org_id FROM users u")).all())
        items = {kind: {r.id: dict(r._mapping) for r in conn.execute(text(
            f"SELECT id, region_code, park, {stage} AS stage, {kind_of} AS list_kind FROM {table}"))}  # fixed names
            for kind, table, stage, kind_of in (("goals", "goals", "NULL", "NULL"),
                                                ("projects", "projects", "stage", "list_kind"),
                                                ("results", "research_results", "NULL", "NULL"))}
    return {"rows": rows, "placed": placed, "park": park, "enterprise_id": enterprise_id, "org_ids": org_ids,
            "items": items}


# ---- what a response may contain -----------------------------------------------------------------------

def mask_person(name: str | None) -> str | None:
    return name[0] + "*" * max(len(name) - 1, 1) if name else name


def mask_phone(phone: str | None) -> str | None:
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:] if phone and len(phone) >= 7 else phone


MASKED = {"contact_person": mask_person, "legal_representative": mask_person, "contact_phone": mask_phone}


def body_text(response: Any) -> str:
    """What a person could read in the response: JSON and CSV as text, a workbook's cell values, a report's text."""
    kind = response.headers.get("content-type", "")
    if "wordprocessingml" in kind:
        document = Document(io.BytesIO(response.content))
        return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows
                                                                   for c in r.cells])
    if kind == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    return response.content.decode("utf-8-sig")


def enterprise_records(data: Any) -> Iterator[dict[str, Any]]:
    """Every enterprise record anywhere in a JSON document (a dict with an id and a credit code)."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), int) and "uscc" in data:
            yield data
        for value in data.values():
            yield from enterprise_records(value)
    elif isinstance(data, list):
        for value in data:
            yield from enterprise_records(value)


def check_fields(record: dict[str, Any], account: Account, row: dict[str, Any]) -> None:
    """Non-shared groups are empty; personal data is shown only where granted, masked otherwise."""
    for key, group in KEY_GROUP.items():
        if key not in record:
            continue
        if group in PERSONAL:
            expected = row[key] if group in account.groups else MASKED[key](row[key])
            assert record[key] == expected, (account, key, record["id"])
        elif group not in account.groups:
            assert record[key] in (None, []), (account, key, record["id"])


def check_no_leak(w: World, account: Account, path: str, response: Any) -> None:
    """No credit code or name of an enterprise outside the scope; records inside it, cut as they should be.

    Organisation names are public (agreements need them) and the demo enterprise account's organisation
    is named after its enterprise, so /organisations is checked for credit codes only."""
    shown = body_text(response)
    for eid in w.forbidden(account):
        row = w.rows[eid]
        assert row["uscc"] not in shown, f"{account} sees {row['name']} ({eid}) at {path}"
        if path != "/organisations":
            assert row["name"] not in shown, f"{account} sees {row['name']} ({eid}) at {path}"
    if "json" in response.headers.get("content-type", ""):
        allowed = w.allowed(account)
        for record in enterprise_records(response.json()):
            assert record["id"] in allowed, f"{account} sees enterprise {record['id']} at {path}"
            check_fields(record, account, w.rows[record["id"]])


