"""Data scope in SQL: which enterprises a viewer may read, and which of their fields.

Every service that reads the registry filters by `condition(viewer)` and
passes the records it returns through `redact`, so that the CLI, the API and
the web all obey the same organisation scope and data-sharing agreements.
Records seen only through an agreement are logged as reads of shared data.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from chainatlas.domain.access import FIELD_GROUPS, Area, Permission, Role, Viewer, redact, visible_groups
from chainatlas.domain.errors import Forbidden, NotFound
from chainatlas.services.access import audit
from chainatlas.store import filters
from chainatlas.store.models import enterprises


def area_condition(area: Area, e: Any = enterprises) -> ColumnElement[bool]:
    """The enterprises of one area (table or alias `e` of enterprises)."""
    parts = filters.enterprise_filters(region=area.region, park=area.park, chain=area.chain, tag=area.tag, e=e)
    if area.enterprise_id is not None:
        parts.append(e.c.id == area.enterprise_id)
    return and_(*parts) if parts else e.c.id.is_not(None)


def condition(viewer: Viewer, e: Any = enterprises, needs: str | None = None) -> ColumnElement[bool] | None:
    """What the viewer may read, as one SQL condition; None when it may read everything.

    With `needs` (a field group such as "placements"), only the areas that grant that group count.
    """
    viewer.require(Permission.READ)
    if viewer.everything:
        return None
    areas = [a for a in viewer.areas if needs is None or needs in a.groups]
    if not areas:
        return false()
    if any(a.unrestricted for a in areas):
        return None
    return or_(*(area_condition(a, e) for a in areas))


def work_condition(viewer: Viewer, table: Any) -> ColumnElement[bool] | None:
    """The work-list items (goals, projects, problems, research results …) a viewer may read, as one SQL
    condition over `table`, which has `region_code`, `park` and `chain_id` columns; None: everything.

    An item lies in an area when its region lies in the area's region, its park is the area's park and its
    chain is the area's chain (each where the area sets one). Own areas grant every item in them; an
    agreement grants them when it shares the `work_lists` field group. Items without a region are seen
    by viewers of the whole deployment only.
    """
    viewer.require(Permission.READ)
    if viewer.everything:
        return None
    areas = [a for a in viewer.areas if "work_lists" in a.groups or not a.shared]
    if not areas:
        return false()
    if any(a.unrestricted for a in areas):
        return None
    return or_(*(and_(*_work_area(a, table)) for a in areas))


def _work_area(area: Area, table: Any) -> list[ColumnElement[bool]]:
    parts = filters.in_region(area.region, table) if area.region else []
    if area.park:
        parts.append(table.c.park == area.park)
    if area.chain:
        parts.append(table.c.chain_id == area.chain)
    if area.enterprise_id is not None or area.tag:  # an enterprise's own or a tag's area: no work items
        parts.append(false())
    return parts or [true()]


def in_own_work_area(viewer: Viewer, region: str | None, park: str | None, chain: str | None) -> bool:
    """Whether a work item with this region, park and chain lies in one of the viewer's own areas (for writes)."""
    if viewer.everything:
        return True
    for area in (a for a in viewer.areas if not a.shared):
        if area.unrestricted:
            return True
        if area.region and not (region and filters.region_within(region, area.region)):
            continue
        if (area.park and park != area.park) or (area.chain and chain != area.chain):
            continue
        if area.enterprise_id is None and not area.tag:
            return True
    return False


def scope_key(viewer: Viewer) -> str:
    """The part of a cache key that stands for what a viewer may see (equal scopes share entries)."""
    return "*" if viewer.everything else repr(viewer.areas)


def conditions(viewer: Viewer, e: Any = enterprises, needs: str | None = None) -> list[ColumnElement[bool]]:
    """`condition` as a list to splat into `.where(*...)` (empty when unrestricted)."""
    found = condition(viewer, e, needs)
    return [] if found is None else [found]


def sql_text(viewer: Viewer, params: dict[str, Any], alias: str = "e") -> str | None:
    """`condition` rendered for a textual query over `enterprises AS alias`; its values go into `params`."""
    viewer.require(Permission.READ)
    if viewer.everything:
        return None
    rendered = _rendered(viewer.areas, alias)
    if rendered is None:
        return None
    params.update(rendered[1])
    return rendered[0]


@lru_cache(maxsize=512)
def _rendered(areas: tuple[Area, ...], alias: str) -> tuple[str, dict[str, Any]] | None:
    """The SQL text and values of a scope, built once per distinct scope (compiling costs ~0.5 ms)."""
    found = condition(Viewer(role=Role.READONLY, areas=areas), enterprises.alias(alias))
    if found is None:
        return None
    compiled = found.compile(compile_kwargs={"render_postcompile": True})
    rendered = str(compiled)
    for key in sorted(compiled.params, key=len, reverse=True):
        rendered = rendered.replace(f":{key}", f":scope_{key}")
    return f"({rendered})", {f"scope_{k}": v for k, v in compiled.params.items()}


def areas_of(conn: Connection, viewer: Viewer, ids: list[int]) -> dict[int, list[Area]]:
    """For each enterprise id, the viewer's areas it lies in (one query, by primary key)."""
    if viewer.everything or not ids:
        return {i: [] for i in ids}
    flags = [case((area_condition(a), 1), else_=0).label(f"a{n}") for n, a in enumerate(viewer.areas)]
    out: dict[int, list[Area]] = {}
    for row in conn.execute(select(enterprises.c.id, *flags).where(enterprises.c.id.in_(ids))):
        out[row[0]] = [a for a, hit in zip(viewer.areas, row[1:], strict=True) if hit]
    return out


def _own_groups(viewer: Viewer) -> frozenset[str] | None:
    """The groups of every record a viewer without agreements may see at all; None when they differ by record."""
    if reads_are_audited(viewer):
        return None
    return visible_groups(viewer, [a for a in viewer.areas if not a.shared])


def reads_are_audited(viewer: Viewer) -> bool:
    """Whether showing enterprises to the viewer may write an audit entry (it sees some through agreements)."""
    return not viewer.everything and viewer.has_shared


def _groups(conn: Connection, viewer: Viewer, ids: list[int]) -> dict[int, frozenset[str]]:
    """The field groups the viewer may see of each enterprise; reads through agreements only are audited."""
    hits = areas_of(conn, viewer, ids)
    shared: dict[int, set[int]] = {}
    for i in ids:
        found = hits.get(i, [])
        if found and all(a.shared for a in found):
            for a in found:
                shared.setdefault(a.agreement_id or 0, set()).add(i)
    if shared:
        audit.record(conn, viewer, "read_shared", "enterprises",
                     agreements={str(k): sorted(v) for k, v in shared.items()})
    return {i: visible_groups(viewer, hits.get(i, [])) for i in ids}


def redact_records(engine: Engine, viewer: Viewer, records: list[dict[str, Any]],
                   key: str = "id") -> list[dict[str, Any]]:
    """Records (dicts with an enterprise id under `key`) cut down to the fields the viewer may see."""
    if not records:
        return records
    same = _own_groups(viewer)
    if same is not None:  # no agreements: no query, nothing to audit
        return [redact(r, same) for r in records]
    with engine.begin() as conn:
        groups = _groups(conn, viewer, [r[key] for r in records])
    return [redact(r, groups[r[key]]) for r in records]


def enterprise_groups(engine: Engine, viewer: Viewer, enterprise_id: int, needs: str | None = None
                      ) -> frozenset[str]:
    """The field groups the viewer may see of one enterprise.

    NotFound (existence is not revealed) when it may not see the enterprise at
    all; Forbidden when it may, but not the group `needs`.
    """
    with engine.begin() as conn:
        scope = condition(viewer)
        if scope is not None and conn.execute(select(enterprises.c.id).where(
                enterprises.c.id == enterprise_id, scope)).first() is None:
            raise NotFound(f"企业 {enterprise_id} 不存在或不在您的数据范围内")
        same = _own_groups(viewer)
        groups = same if same is not None else _groups(conn, viewer, [enterprise_id])[enterprise_id]
    if needs and needs not in groups:
        raise Forbidden(f"该企业的「{FIELD_GROUPS[needs]}」未向本机构共享")
    return groups


def in_own_area(engine: Engine, viewer: Viewer, enterprise_id: int) -> bool:
    """Whether the enterprise lies in the viewer's own organisation's area (writes need it; shares do not count)."""
    if viewer.everything:
        return True
    own = [a for a in viewer.areas if not a.shared]
    if not own:
        return False
    with engine.connect() as conn:
        return conn.execute(select(enterprises.c.id).where(
            enterprises.c.id == enterprise_id, or_(*(area_condition(a) for a in own)))).first() is not None
