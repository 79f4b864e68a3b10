"""The investment pipeline as the targets see it: the firms that are already the investor of a live project of a
chain (招商项目 or 重大项目, not 终止) that the viewer may read — matched by credit code, else by registry
number, else by normalised name — and the 洽谈 project an accepted target becomes (services/lists)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.projects import LISTS, STAGE_LABELS, TERMINATED
from chainatlas.domain.regions import code_range
from chainatlas.services import access, lists
from chainatlas.store.models import enterprises, projects

SOURCE = "招商图谱"
KEEPS = Permission.WRITE_PIPELINE  # what opening a project of the investment list needs (services/lists)
FIRST_STAGE = "negotiating"


@dataclass
class Pipeline:
    """The investors of one chain's live projects, each mapped to its project (the newest)."""

    by_uscc: dict[str, int] = field(default_factory=dict)
    by_id: dict[int, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # project number → its name

    def project_of(self, uscc: str | None, enterprise_id: int | None, name_key: str | None) -> int | None:
        """The live project whose investor is this firm, if any."""
        found = self.by_uscc.get(uscc) if uscc else None
        if found is None and enterprise_id is not None:
            found = self.by_id.get(enterprise_id)
        if found is None and name_key:
            found = self.by_name.get(name_key)
        return found


@lru_cache(maxsize=100_000)
def _name_key(name: str) -> str:
    """A typed investor's normalised name, kept: the same names come back at every ranking of the chain."""
    return reference.name_normaliser().key(name)


def investors(conn: Connection, viewer: Viewer, chain_id: str, *, elsewhere_in: str | None = None) -> Pipeline:
    """One query: the investors of the chain's live projects in the viewer's work-list scope (an investor found
    in the registry brings its stored name key). `elsewhere_in`: instead, the live projects of the other chains
    (or of none) in that region — a firm's existing project there, a tie to the region."""
    if elsewhere_in is None:
        which = projects.c.chain_id == chain_id
    else:
        low, high = code_range(elsewhere_in)
        which = ((projects.c.chain_id.is_(None) | (projects.c.chain_id != chain_id))
                 & (projects.c.region_code >= low) & (projects.c.region_code < high))
    query = (select(projects.c.id, projects.c.investor, projects.c.investor_uscc, projects.c.investor_id,
                    enterprises.c.name_key, projects.c.name.label("project"))
             .select_from(projects.outerjoin(enterprises, enterprises.c.id == projects.c.investor_id))
             .where(which, projects.c.stage != TERMINATED,
                    projects.c.list_kind.in_(tuple(LISTS)), projects.c.investor.is_not(None)
                    | projects.c.investor_uscc.is_not(None))
             .order_by(projects.c.id))
    scope = access.work_condition(viewer, projects)
    if scope is not None:
        query = query.where(scope)
    out = Pipeline()
    for number, name, uscc, enterprise_id, stored_key, project in conn.execute(query):  # ascending: newest wins
        out.names[number] = project
        if uscc:
            out.by_uscc[uscc] = number
        if enterprise_id is not None:
            out.by_id[enterprise_id] = number
        if stored_key or name:
            out.by_name[stored_key or _name_key(name)] = number
    return out


def may_open_project(viewer: Viewer, region: str | None, chain_id: str) -> bool:
    """Whether the viewer may write an investment project of this chain in this region (services/lists rule)."""
    return viewer.can(KEEPS) and access.in_own_work_area(viewer, region, None, chain_id)


def project_name(firm: str, link: str) -> str:
    name = f"引进{firm}（{link}）"
    return name if len(name) <= 200 else f"引进{firm}"[:200]


def open_project(conn: Connection, viewer: Viewer, *, chain_id: str, link_id: str, link_name: str,
                 region: str, firm: dict[str, Any], name: str | None, note: str | None) -> dict[str, Any]:
    """The 洽谈 project of the investment list that an accepted target becomes, in the caller's transaction;
    or the live project the firm is already the investor of (never a second one)."""
    enterprise_id = int(firm["key"][1:]) if firm["source"] == "local" else None
    already = investors(conn, viewer, chain_id).project_of(firm["uscc"], enterprise_id,
                                                          _name_key(firm["name"]))
    if already is not None:
        row = conn.execute(select(projects.c.id, projects.c.name, projects.c.stage, projects.c.list_kind)
                           .where(projects.c.id == already)).one()
        return public(row.id, row.name, row.stage, row.list_kind, created=False)
    title = (name or "").strip() or project_name(firm["name"], link_name)
    made = lists.create_project(conn.engine, {
        "name": title, "list": "investment", "stage": FIRST_STAGE, "chain": chain_id, "link": link_id,
        "region": region, "investor": firm["name"], "investor_uscc": firm["uscc"], "source": SOURCE,
        "notes": note}, viewer=viewer, conn=conn)
    if enterprise_id is not None:  # a deployment firm is the investor itself, whatever its name matches
        conn.execute(projects.update().where(projects.c.id == made["id"]).values(investor_id=enterprise_id))
    return public(made["id"], title, FIRST_STAGE, "investment", created=True)


def public(number: int, name: str, stage: str, kind: str, *, created: bool = False) -> dict[str, Any]:
    """A project as the targets show it: number, name, stage, list and the address of its page."""
    return {"id": int(number), "name": name, "stage": stage, "stage_label": STAGE_LABELS[stage], "list": kind,
            "list_label": LISTS[kind], "url": f"/projects/{number}", "created": created}


def saved_only_note(viewer: Viewer, region: str | None) -> str:
    """Why an accepted target went onto the saved list only."""
    if viewer.can(KEEPS):
        where = (reference.regions().name_of(region) or region) if region else "该地区"
        why = f"{where}不在本机构的工作范围内"
    else:
        why = "本账号不能维护招商引资项目清单"
    return f"{why}，不能新建招商项目；已加入本机构的招商目标清单"


def require_region(region: str | None) -> str:
    if not region:
        raise InvalidInput("加入招商项目清单须指定项目所在地区（--region 或页面上的地区）：本账号所属机构没有默认地区")
    return region
