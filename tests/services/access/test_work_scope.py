"""Which work-list items (goals, projects, problems, results) a viewer reads and may write: by the region,
park and chain of its own areas, and of agreements that share the `work_lists` group."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from chainatlas.domain.access import ALL_GROUPS, Area, Role, Viewer
from chainatlas.services import access

items = Table("items", MetaData(), Column("id", Integer, primary_key=True), Column("region_code", String),
              Column("park", String), Column("chain_id", String))
ROWS = [(1, "430104", None, "lithium-battery"), (2, "430104", "岳麓高新区", "engineering-machinery"),
        (3, "430111", None, "lithium-battery"), (4, "430202", None, "lithium-battery"), (5, None, None, None)]


def seen(viewer: Viewer) -> list[int]:
    engine = create_engine("sqlite://")
    items.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(items), [dict(zip(("id", "region_code", "park", "chain_id"), r, strict=True)) for r in ROWS])
        found = access.work_condition(viewer, items)
        query = select(items.c.id).order_by(items.c.id)
        return [i for (i,) in conn.execute(query if found is None else query.where(found))]


def own(**where: object) -> Area:
    return Area(groups=ALL_GROUPS, **where)  # type: ignore[arg-type]


def test_own_areas_read_the_items_inside_them() -> None:
    assert seen(Viewer.operator("test")) == [1, 2, 3, 4, 5]
    assert seen(Viewer(role=Role.CHAIN_OFFICE, areas=(own(region="430100"),))) == [1, 2, 3]
    assert seen(Viewer(role=Role.PARK, areas=(own(region="430104", park="岳麓高新区"),))) == [2]
    assert seen(Viewer(role=Role.ALLIANCE, areas=(own(region="430000", chain="lithium-battery"),))) == [1, 3, 4]
    assert seen(Viewer(role=Role.ENTERPRISE, areas=(own(enterprise_id=7),))) == []


def test_agreements_share_items_only_with_the_work_lists_group() -> None:
    shared = Area(region="430200", groups=frozenset({"basic", "metrics"}), agreement_id=1)
    assert seen(Viewer(role=Role.BANK, areas=(shared,))) == []
    sharing = Area(region="430200", groups=frozenset({"basic", "work_lists"}), agreement_id=2)
    assert seen(Viewer(role=Role.BANK, areas=(sharing,))) == [4]


def test_writes_need_an_own_area_around_the_item() -> None:
    city = Viewer(role=Role.CHAIN_OFFICE, areas=(own(region="430100"),
                                                 Area(region="430200", groups=ALL_GROUPS, agreement_id=3)))
    assert access.in_own_work_area(city, "430104", None, "lithium-battery")
    assert not access.in_own_work_area(city, "430202", None, "lithium-battery")  # only shared with it
    assert not access.in_own_work_area(city, None, None, None)
    park = Viewer(role=Role.PARK, areas=(own(region="430104", park="岳麓高新区"),))
    assert access.in_own_work_area(park, "430104", "岳麓高新区", None)
    assert not access.in_own_work_area(park, "430104", None, None)
