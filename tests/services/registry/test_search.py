"""Chinese search over bigrams (services/search.py) on SQLite FTS5 and PostgreSQL tsvector."""

from __future__ import annotations

from dataclasses import replace

import pytest
from alembic import command
from sqlalchemy import Engine, text

from chainatlas.services.registry import search
from chainatlas.store import search_index, sizes
from chainatlas.store.db import _alembic_config, engine_for, init_database
from services.factories import OPERATOR, add_enterprise


def found(engine: Engine, q: str, **filters: object) -> list[str]:
    return [e["name"] for e in search.search_enterprises(engine, q, viewer=OPERATOR, **filters)["items"]]  # type: ignore[arg-type]


def test_text_becomes_bigrams_run_ends_and_lowercase_words() -> None:
    assert search_index.grams("石墨烯NCM811，锂") == ["石墨", "墨烯", "烯", "ncm811", "锂"]
    assert search_index.query_parts("星城 石墨") == [("phrase", "星城"), ("phrase", "石墨")]
    assert search_index.query_parts("锂NCM") == [("prefix", "锂"), ("prefix", "ncm")]
    assert search.fts5_query(search_index.query_parts("石墨烯 ncm")) == '"石墨 墨烯" AND "ncm" *'


def test_queries_match_substrings_of_any_field(engine: Engine) -> None:
    add_enterprise(engine, "湖南星城石墨科技有限公司", main_products="负极材料")
    add_enterprise(engine, "长沙高压电气有限公司", business_scope="石墨电极、高压开关的销售")
    add_enterprise(engine, "株洲硬质合金有限公司", main_products="NCM811 正极材料")
    assert found(engine, "星城石墨") == ["湖南星城石墨科技有限公司"]
    assert found(engine, "石墨") == ["湖南星城石墨科技有限公司", "长沙高压电气有限公司"]  # name hit first
    assert found(engine, "墨") == ["湖南星城石墨科技有限公司", "长沙高压电气有限公司"]
    assert found(engine, "ncm8") == ["株洲硬质合金有限公司"]
    assert found(engine, "正极 NCM") == ["株洲硬质合金有限公司"]
    assert found(engine, "城石") == ["湖南星城石墨科技有限公司"]
    assert found(engine, "星石") == []


def test_merged_records_drop_out_of_results(engine: Engine) -> None:
    from chainatlas.services.registry import enterprises

    keep = add_enterprise(engine, "湖南星城石墨科技有限公司")
    drop = add_enterprise(engine, "星城石墨科技（湖南）有限公司")
    enterprises.merge(engine, str(keep), str(drop), viewer=OPERATOR)
    assert found(engine, "星城石墨") == ["湖南星城石墨科技有限公司"]


def test_many_matches_page_newest_first_with_a_capped_total(engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search, "RANK_LIMIT", 5)
    monkeypatch.setattr(search, "COUNT_LIMIT", 8)
    ids = [add_enterprise(engine, f"长沙第{i}石墨有限公司") for i in range(12)]
    page = search.search_enterprises(engine, "石墨", viewer=OPERATOR, limit=4)
    assert [e["id"] for e in page["items"]] == ids[::-1][:4]
    assert page["total"] == 8 and page["total_capped"] and page["next_cursor"] == f"k:{ids[-4]}"
    second = search.search_enterprises(engine, "石墨", viewer=OPERATOR, limit=4, cursor=page["next_cursor"])
    assert [e["id"] for e in second["items"]] == ids[::-1][4:8]


def test_more_matches_than_are_ranked_are_counted_exactly_below_the_cap(engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"超过 1,000 家" for 3,000 was wrong: below COUNT_LIMIT the total of text matches and filters is exact."""
    monkeypatch.setattr(search, "RANK_LIMIT", 5)
    for i in range(12):
        add_enterprise(engine, f"长沙第{i}石墨有限公司")
    page = search.search_enterprises(engine, "石墨", viewer=OPERATOR, limit=4)
    assert (page["total"], page["total_capped"]) == (12, False)
    assert (search.search_enterprises(engine, None, viewer=OPERATOR)["total"]) == 12


def test_migration_indexes_enterprises_that_existed_before_it(db_url: str) -> None:
    config = _alembic_config(engine_for(db_url))
    with engine_for(db_url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    add_enterprise(engine_for(db_url), "湖南旧库石墨有限公司", industry_code="3985", employees=50, revenue_fen=10 ** 9)
    init_database(db_url)
    assert found(engine_for(db_url), "旧库") == ["湖南旧库石墨有限公司"]
    assert found(engine_for(db_url), "", size="small") == ["湖南旧库石墨有限公司"]


def test_migration_numbers_an_index_by_id_anew_newest_first(db_url: str) -> None:
    engine = engine_for(db_url)
    if engine.dialect.name != "sqlite":
        pytest.skip("FTS5 rowids: SQLite only")
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    ids = [add_enterprise(engine, f"湖南第{i}旧库石墨有限公司") for i in range(3)]
    with engine.begin() as conn:  # an index as 0007 left it: rowid = id
        conn.execute(text("INSERT INTO enterprise_fts (rowid, name, products, scope, area) "
                          "SELECT id, name, '', '', 'r43' FROM enterprises"))
        conn.execute(text("INSERT INTO enterprise_facets (enterprise_id) SELECT id FROM enterprises"))
    init_database(db_url)
    with engine.connect() as conn:
        assert sorted(search_index.indexed_documents(conn)) == [-i for i in ids[::-1]]
    assert found(engine, "旧库") == [f"湖南第{i}旧库石墨有限公司" for i in (2, 1, 0)]


def fts5_segments(engine: Engine) -> int:
    """How many segments SQLite's FTS5 index has: the second varint of its structure record, after a 4-byte cookie."""
    with engine.connect() as conn:
        record = conn.execute(text("SELECT block FROM enterprise_fts_data WHERE id = 10")).scalar_one()
    position, values = 4, []
    for _ in range(2):
        value = 0
        while True:
            byte = record[position]
            position += 1
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values[1]


def test_index_rows_are_numbered_by_negated_id_and_handed_over_newest_first(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("FTS5 rowids: SQLite only")
    ids = [add_enterprise(engine, f"长沙第{i}石墨有限公司") for i in range(40)]
    search_index.catch_up(engine)  # indexes all forty in one transaction
    with engine.connect() as conn:
        rowids = sorted(search_index.indexed_documents(conn))
    assert rowids == sorted(search_index.fts_rowid(i) for i in ids)
    # Given a rowid lower than the one before, FTS5 writes out what it holds: a segment per row.
    assert fts5_segments(engine) == 1
    assert [e["id"] for e in search.search_enterprises(engine, "石墨", viewer=OPERATOR, limit=5)["items"]] \
        == ids[::-1][:5]


def test_size_class_follows_the_official_rule() -> None:
    from decimal import Decimal

    from chainatlas.domain.rules.sme_size import classify_sme_size

    cases = [("3985", 900, Decimal(50000)), ("3985", 1200, Decimal(50000)), ("5211", 60, Decimal(600)),
             ("6510", 5, Decimal(30)), ("4710", 500, Decimal(9000)), ("3985", None, Decimal(50))]
    for code, staff, revenue in cases:
        rule = classify_sme_size(code, employees=staff, revenue_wan=revenue)
        expected = sizes.SIZE_CODES[rule.size] if rule.qualified is not None else None
        assert sizes.classify_one(code, staff, revenue) == expected, (code, staff, revenue)


def test_a_cached_page_is_recomputed_after_any_write(engine: Engine) -> None:
    from chainatlas.services import registry

    add_enterprise(engine, "长沙缓存石墨有限公司", region_code="430104")
    first = search.search_enterprises(engine, "石墨", viewer=OPERATOR, region="430100")
    first["items"][0]["name"] = "changed by the caller"  # a caller's copy: the cache keeps its own
    assert found(engine, "石墨", region="430100") == ["长沙缓存石墨有限公司"]
    search._checked.clear()  # index the next enterprise now, not in CATCH_UP_SECONDS
    add_enterprise(engine, "长沙新到石墨有限公司", region_code="430104")
    assert found(engine, "石墨", region="430100") == ["长沙新到石墨有限公司", "长沙缓存石墨有限公司"]
    stats = registry.search_statistics(engine)
    if engine.dialect.name == "sqlite":
        assert stats["hits"] >= 1 and stats["misses"] >= 2
    else:
        assert stats == {"hits": 0, "misses": 0, "pages": 0}  # computed every time


def test_region_filters_alone_and_with_a_credit_code(engine: Engine) -> None:
    first = add_enterprise(engine, "长沙甲有限公司", region_code="430104", uscc="91430104MA4L000001")
    add_enterprise(engine, "株洲乙有限公司", region_code="430202", uscc="91430104MA4L000002")
    third = add_enterprise(engine, "长沙丙有限公司", region_code="430105", uscc="91430105MA4L000003")
    page = search.search_enterprises(engine, viewer=OPERATOR, region="430100")
    assert [e["id"] for e in page["items"]] == [third, first] and page["total"] == 2
    assert found(engine, "", region="430104") == ["长沙甲有限公司"]
    assert found(engine, "91430104MA4L", region="430100") == ["长沙甲有限公司"]
    assert found(engine, "91430104MA4L") == ["株洲乙有限公司", "长沙甲有限公司"]


def test_a_merge_takes_the_dropped_record_out_of_the_index(engine: Engine) -> None:
    from chainatlas.services.registry import enterprises

    keep = add_enterprise(engine, "湖南星城石墨科技有限公司")
    drop = add_enterprise(engine, "星城石墨科技（湖南）有限公司", main_products="负极材料")
    found(engine, "石墨")  # indexes both
    enterprises.merge(engine, str(keep), str(drop), viewer=OPERATOR)
    with engine.connect() as conn:  # SQLite: the rowid is the id negated
        indexed = ([-rowid for rowid in search_index.indexed_documents(conn)] if engine.dialect.name == "sqlite"
                   else [i for (i,) in conn.execute(text("SELECT enterprise_id FROM enterprise_fts"))])
    assert indexed == [keep]
    assert found(engine, "负极材料") == ["湖南星城石墨科技有限公司"]  # the products it took over


def test_park_size_and_tag_filters_are_index_terms(engine: Engine) -> None:
    from sqlalchemy import insert

    from chainatlas.store.models import enterprise_tags

    listed = add_enterprise(engine, "长沙上市石墨有限公司", region_code="430104", park="长沙经济技术开发区",
                            industry_code="3985", employees=1200, revenue_fen=5 * 10 ** 11)
    add_enterprise(engine, "长沙小微石墨有限公司", region_code="430104", park="岳麓高新区",
                   industry_code="3985", employees=5, revenue_fen=10 ** 7)
    with engine.begin() as conn:
        conn.execute(insert(enterprise_tags).values(enterprise_id=listed, tag="listed", year=2024))
    assert search_index.tag_token("little_giant") == "tlittlegiant" and search_index.park_token("园").isalnum()
    assert found(engine, "石墨", tag="listed") == ["长沙上市石墨有限公司"]
    assert found(engine, "石墨", park="岳麓高新区") == ["长沙小微石墨有限公司"]
    assert found(engine, "石墨", size="large", region="430100") == ["长沙上市石墨有限公司"]
    assert found(engine, "", park="长沙经济技术开发区", tag="listed") == ["长沙上市石墨有限公司"]
    assert found(engine, "", size="micro") == ["长沙小微石墨有限公司"]
    assert found(engine, "石墨", park="不存在的园区") == [] and found(engine, "", tag="top500") == []
    assert found(engine, "t") == [] and found(engine, "s") == [] and found(engine, "r43") == []  # not facet terms


def test_a_scoped_search_shows_only_the_viewers_area_whether_or_not_it_covers_the_registry(engine: Engine) -> None:
    from chainatlas.domain.access import Area, Role, Viewer

    province = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430000"),), user_id=1, username="p")
    county = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430104"),), user_id=2, username="c")
    add_enterprise(engine, "岳麓石墨科技有限公司", region_code="430104")
    add_enterprise(engine, "株洲石墨材料有限公司", region_code="430211")

    def names(viewer: Viewer, **filters: object) -> list[str]:
        return sorted(e["name"] for e in search.search_enterprises(engine, "石墨", viewer=viewer, **filters)["items"])  # type: ignore[arg-type]

    assert names(province) == ["岳麓石墨科技有限公司", "株洲石墨材料有限公司"]  # the province holds the whole registry
    assert names(county) == ["岳麓石墨科技有限公司"]
    add_enterprise(engine, "深圳石墨烯有限公司", region_code="440305")
    add_enterprise(engine, "无地区石墨有限公司")
    search_index.catch_up(engine)
    assert names(province) == ["岳麓石墨科技有限公司", "株洲石墨材料有限公司"]
    assert names(province, region="440300") == [] and names(county, region="430200") == []
    assert len(names(OPERATOR)) == 4


def index_areas(engine: Engine) -> dict[int, str]:
    """The facet terms of every row of the SQLite search index, by enterprise id (as indexed, and as kept beside
    the index to delete its rows: the two agree)."""
    with engine.connect() as conn:
        indexed = {-rowid: doc[3] for rowid, doc in search_index.indexed_documents(conn).items()}
        kept = dict(conn.execute(text("SELECT enterprise_id, area FROM enterprise_facets")).all())
    assert indexed == kept
    return indexed


def test_the_chain_filter_follows_placements_as_they_are_proposed_rejected_and_made_by_hand(engine: Engine) -> None:
    from chainatlas.services.atlas import placement

    separator = add_enterprise(engine, "星城隔膜科技有限公司", business_scope="锂电池隔膜的研发、生产与销售")
    add_enterprise(engine, "星城百货有限公司", business_scope="日用百货销售")
    assert found(engine, "星城", chain="lithium-battery") == []
    placement.place(engine, "lithium-battery")
    assert found(engine, "星城", chain="lithium-battery") == ["星城隔膜科技有限公司"]
    assert found(engine, "", chain="lithium-battery") == ["星城隔膜科技有限公司"]  # a filter alone, too
    assert found(engine, "星城", chain="construction-machinery") == []
    [proposal] = placement.list_placements(engine, "lithium-battery", "proposed", str(separator))
    placement.decide(engine, [proposal["id"]], "rejected", viewer=OPERATOR)
    assert found(engine, "星城", chain="lithium-battery") == []  # a rejected placement puts nobody on the chain
    placement.place_manually(engine, str(separator), "construction-machinery", "hydraulics", role="supporting", viewer=OPERATOR)
    assert found(engine, "星城", chain="construction-machinery") == ["星城隔膜科技有限公司"]
    assert found(engine, "星城", chain="construction-machinery", link="hydraulics") == ["星城隔膜科技有限公司"]
    assert found(engine, "星城", chain="construction-machinery", link="engines") == []


def test_chain_terms_written_by_placement_equal_a_rebuild(engine: Engine) -> None:
    from chainatlas.services import atlas
    from chainatlas.services.atlas import placement

    for n, scope in enumerate(["锂电池隔膜", "电解液、液压油缸", "日用百货", "正极材料；挖掘机"]):
        add_enterprise(engine, f"测试{n}号有限公司", business_scope=scope, region_code="430104")
    search_index.catch_up(engine)  # indexed before they are placed
    placement.place(engine)
    rejected = placement.list_placements(engine, "lithium-battery", "proposed")[0]
    placement.decide(engine, [rejected["id"]], "rejected", viewer=OPERATOR)
    chain = atlas.get_chain(engine, "lithium-battery")
    kept = [link for link in chain.links if link.id != rejected["link"]]
    atlas.save_chain(engine, replace(chain, links=tuple(kept), edges=tuple(
        e for e in chain.edges if rejected["link"] not in e)), "test")  # a link dropped with its placements
    if engine.dialect.name != "sqlite":
        assert found(engine, "测试", chain="lithium-battery")  # PostgreSQL reindexes the rows themselves
        return
    written = index_areas(engine)
    assert any(search_index.chain_token("lithium-battery") in area for area in written.values())
    with engine.begin() as conn:
        search_index.rebuild(conn)
    assert index_areas(engine) == written


def test_a_one_character_query_finds_what_its_prefix_query_finds_as_the_index_changes(engine: Engine) -> None:
    add_enterprise(engine, "湖南锂电新材料有限公司")
    add_enterprise(engine, "株洲金属锂业有限公司", main_products="金属锂、锂盐")
    add_enterprise(engine, "长沙电池回收有限公司", business_scope="废旧锂离子电池回收")
    assert sorted(found(engine, "锂")) == ["株洲金属锂业有限公司", "湖南锂电新材料有限公司", "长沙电池回收有限公司"]
    add_enterprise(engine, "岳阳锂矿开发有限公司")  # a term the index did not have yet: 锂矿
    search._checked.clear()
    assert "岳阳锂矿开发有限公司" in found(engine, "锂")
    if engine.dialect.name == "sqlite":
        assert search.fts5_query([("any", "锂 锂电"), ("phrase", "石墨")]) == '("锂" OR "锂电") AND "石墨"'
        with engine.connect() as conn:
            prefix = {-r for (r,) in conn.execute(text(
                "SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH '{name products scope} : (\"锂\" *)'"))}
        assert {e["id"] for e in search.search_enterprises(engine, "锂", viewer=OPERATOR)["items"]} == prefix
        with engine.connect() as conn:
            [(kind, terms)] = search._expanded(conn, [("prefix", "锂")])
        assert kind == "any" and set(terms.split()) == {"锂", "锂电", "锂业", "锂盐", "锂离", "锂矿"}


def test_common_scope_runs_are_one_term_and_a_query_still_finds_every_text_containing_it(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "COMMON_MIN", 3)
    monkeypatch.setattr(search_index, "COMMON_SHARE", 0.5)
    usual = "技术服务、技术开发；货物进出口（除依法须经批准的项目外）"
    rows = [(f"测试{n}号有限公司", f"一般项目：{item}的研发；{usual}")
            for n, item in enumerate(["石墨电极", "锂电池隔膜", "服务机器人", "货物运输"])]
    rows += [("技术服务外包有限公司", None), ("出口代理有限公司", "出口退税代理"), ("空白有限公司", None)]
    for name, scope in rows:
        add_enterprise(engine, name, business_scope=scope)
    with engine.begin() as conn:
        search_index.rebuild(conn)
        if engine.dialect.name == "sqlite":
            assert search_index.load_common(conn) == {"一般项目", "技术服务", "技术开发", "货物进出口", "除依法须经批准的项目外"}
            scope = search_index.indexed_documents(conn)[-1][2]
            assert scope.startswith("〇一般项目 石墨 墨电 电极") and "〇技术服务 〇技术开发" in scope
    for q in ["技术服务", "术服", "服务", "技术", "服", "技", "术", "出口", "货物", "物进", "项目", "一般", "般项",
              "除依法须经批准的项目外", "务技", "研发 出口", "电极 技术", "服务外", "外包 技术", "出口退税"]:
        parts = search_index._RUN.findall(q)
        expected = sorted(name for name, scope in rows if all(p in name or p in (scope or "") for p in parts))
        assert sorted(found(engine, q)) == expected, q
    assert search.fts5_query([("phrase+", "石墨 墨烯|〇石墨烯粉 〇石墨烯膜"), ("prefix+", "石|〇石墨")]) \
        == '("石墨 墨烯" OR "〇石墨烯粉" OR "〇石墨烯膜") AND ("石" * OR "〇石墨")'


def test_migration_0016_cuts_an_existing_index_with_common_runs_and_its_downgrade_cuts_them_back(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_for(db_url)
    if engine.dialect.name != "sqlite":
        pytest.skip("common runs: the SQLite index")
    monkeypatch.setattr(search_index, "COMMON_MIN", 2)
    config = _alembic_config(engine)

    def migrate(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    def scopes() -> list[str]:
        with engine.connect() as conn:
            return [s for (s,) in conn.execute(text("SELECT scope FROM enterprise_fts ORDER BY rowid"))]

    migrate(command.upgrade, "0015")
    for n in range(3):
        add_enterprise(engine, f"湖南第{n}旧库有限公司", business_scope=f"技术服务；第{n}项")
    search_index.catch_up(engine)
    assert scopes()[0] == "技术 术服 服务 务 第 2 项"
    migrate(command.upgrade, "0016")
    assert scopes()[0] == "〇技术服务 第 2 项"
    assert found(engine, "术服") == [f"湖南第{n}旧库有限公司" for n in (2, 1, 0)]
    migrate(command.downgrade, "0015")
    assert scopes()[0] == "技术 术服 服务 务 第 2 项"


def test_migration_0021_makes_the_index_contentless_and_its_rows_are_deleted_with_what_they_were_given(
        db_url: str) -> None:
    engine = engine_for(db_url)
    config = _alembic_config(engine)

    def migrate(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    migrate(command.upgrade, "0020")
    ids = [add_enterprise(engine, f"湖南第{n}旧库石墨有限公司", business_scope=f"负极材料；第{n}项", region_code="430104")
           for n in range(3)]
    search_index.catch_up(engine)  # an index as 0020 leaves it (SQLite: with its documents)
    migrate(command.upgrade, "0021")
    with engine.connect() as conn:
        areas = dict(conn.execute(text("SELECT enterprise_id, area FROM enterprise_facets")).all())
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("SELECT name FROM sqlite_master WHERE name IN "
                                     "('enterprise_fts_content', 'enterprise_fts_docsize')")).all() == []
            assert search_index.indexed_documents(conn)[-ids[0]][0].startswith("湖南 南第 第")
    assert sorted(areas) == ids
    if engine.dialect.name == "sqlite":  # PostgreSQL deletes by enterprise id: its rows keep no `area` until rewritten
        assert all("r430104" in a for a in areas.values())
    assert found(engine, "旧库石墨") == [f"湖南第{n}旧库石墨有限公司" for n in (2, 1, 0)]
    # A changed enterprise is found by its new texts only; a merged one not at all; the index stays whole.
    from chainatlas.services.registry import enterprises

    enterprises.merge(engine, str(ids[0]), str(ids[1]), viewer=OPERATOR)
    assert found(engine, "旧库石墨") == [f"湖南第{n}旧库石墨有限公司" for n in (2, 0)]
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('integrity-check', 1)"))
            before = search_index.indexed_documents(conn)
            search_index.rebuild(conn)
            assert search_index.indexed_documents(conn) == before
    migrate(command.downgrade, "0020")  # the index with its documents again, rebuilt at the next search
    search._checked.clear()
    assert found(engine, "旧库石墨") == [f"湖南第{n}旧库石墨有限公司" for n in (2, 0)]


def test_rewriting_index_rows_adds_a_segment_or_two_not_one_a_row(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("FTS5 segments: SQLite only")
    from chainatlas.services.atlas import placement

    ids = [add_enterprise(engine, f"长沙第{i}石墨有限公司", business_scope="锂电池隔膜") for i in range(40)]
    search_index.catch_up(engine)
    assert fts5_segments(engine) == 1
    with engine.begin() as conn:
        for option, value in (("automerge", 0), ("crisismerge", 1000)):  # no segment merged: each one counted
            conn.execute(text(f"INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('{option}', {value})"))
        assert search_index.index_enterprises(conn, ids) == 40  # deleted with what they were given, written again
    placement.place(engine, "lithium-battery")  # the chain terms of the forty rewritten
    # A lower rowid than the one before makes FTS5 write a segment: deletes and writes go in ascending order
    # (1 + 2 + 2 segments; in the order of the facets' ids, descending rowids, 81).
    assert fts5_segments(engine) <= 5
    assert len(found(engine, "石墨", chain="lithium-battery", limit=100)) == 40
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('integrity-check', 1)"))
