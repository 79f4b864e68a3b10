"""Large imports take bulk paths (deferred indexes, search index from the frames): same results as the slow ones."""

from __future__ import annotations

import gc
import json
import random
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, text

from chainatlas.domain.errors import ChainAtlasError
from chainatlas.services.demo.registry import write_registry
from chainatlas.services.registry import search
from chainatlas.services.registry import writer as registry_writer
from chainatlas.services.registry.importing import ImportOptions, import_enterprises
from chainatlas.store import search_bulk, search_index, sizes
from services.factories import OPERATOR


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk thresholds low enough for a test file."""
    monkeypatch.setattr(registry_writer, "BULK_ROWS", 20)
    monkeypatch.setattr(search_bulk, "BULK_ROWS", 20)
    monkeypatch.setattr(search_bulk, "SLICE_ROWS", 70)


def index_rows(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # the contentless index read back from its terms and their positions
            docs = [(rowid, *doc) for rowid, doc in sorted(search_index.indexed_documents(conn).items())]
        else:
            docs = [tuple(r) for r in conn.execute(text(
                "SELECT enterprise_id, doc::text FROM enterprise_fts ORDER BY enterprise_id"))]
        facets = conn.execute(text(
            "SELECT enterprise_id, size_class, area FROM enterprise_facets ORDER BY enterprise_id"))
        return docs, [tuple(r) for r in facets]


def rebuilt(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.begin() as conn:
        search_index.rebuild(conn)
    return index_rows(engine)


def indexes(engine: Engine) -> set[str]:
    found = inspect(engine)
    return {i["name"] for t in ("enterprises", "enterprise_tags", "enterprise_facets") for i in found.get_indexes(t)}


def test_bulk_import_indexes_exactly_what_a_rebuild_does(engine: Engine, tmp_path: Path, bulk: None) -> None:
    before = indexes(engine)
    path = tmp_path / "名录.csv"
    write_registry(path, 300, bad_share=0.05, seed=3)
    result = import_enterprises(engine, path, ImportOptions(skip_invalid=True, sole_user=True))
    assert result.imported > 250 and result.rejected > 0
    written = index_rows(engine)
    assert len(written[0]) == len(written[1]) == result.imported
    assert written == rebuilt(engine)
    assert indexes(engine) == before
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('integrity-check', 1)"))
            hash_size = conn.execute(text("SELECT v FROM enterprise_fts_config WHERE k = 'hashsize'")).scalar()
        assert hash_size in (None, search_bulk.DEFAULT_HASH_BYTES)
    [hit] = search.search_enterprises(engine, viewer=OPERATOR, q=result_name(engine, 17))["items"][:1]
    assert hit["id"] == 17


def test_a_bulk_load_cuts_scopes_with_common_runs_as_a_rebuild_does_and_finds_what_they_contain(
        engine: Engine, tmp_path: Path, bulk: None, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("common runs: the SQLite index")
    monkeypatch.setattr(search_index, "COMMON_MIN", 20)
    monkeypatch.setattr(search_index, "COMMON_SHARE", 0.2)
    path = tmp_path / "名录.csv"
    write_registry(path, 300, seed=4)
    import_enterprises(engine, path, ImportOptions(sole_user=True))
    with engine.connect() as conn:
        common = search_index.load_common(conn)
        rows = conn.execute(text("SELECT id, name, main_products, business_scope FROM enterprises")).all()
    texts = [" ".join(t or "" for t in row[1:]) for row in rows]
    scopes = {-row.id: row.business_scope or "" for row in rows}  # the index's rowid is minus the id
    assert {"技术服务", "货物进出口"} <= common
    written = index_rows(engine)
    # Each scope is cut with the common runs it contains: every marked term is a common run, and a scope that
    # contains one has at least one marked term.
    for rowid, _, _, scope, _ in written[0]:
        marked = {t.removeprefix(search_index.COMMON_MARK) for t in str(scope).split()
                  if t.startswith(search_index.COMMON_MARK)}
        assert marked <= common and (marked or not any(run in scopes[rowid] for run in common)), scopes[rowid]
    assert sum(bool(search_index.COMMON_MARK in str(doc[3])) for doc in written[0]) > len(written[0]) // 2
    assert written == rebuilt(engine)
    with engine.connect() as conn:
        assert search_index.load_common(conn) == common
        conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('integrity-check', 1)"))
    monkeypatch.setattr(search, "RANK_LIMIT", 1000)  # every match counted
    for q in ["术服", "进出", "技", "营业执照", "研发", "材料", "电"]:
        hits = search.search_enterprises(engine, viewer=OPERATOR, q=q, limit=5)
        assert hits["total"] == sum(q in t for t in texts) > 0, q
    # Enterprises indexed later are cut with the same runs.
    from services.factories import add_enterprise

    late = add_enterprise(engine, "晚到有限公司", business_scope="技术服务；稀有的经营项目")
    search_index.catch_up(engine)
    with engine.connect() as conn:
        scope = search_index.indexed_documents(conn)[-late][2]
    assert scope.startswith("〇技术服务 稀有 有的")
    assert [e["id"] for e in search.search_enterprises(engine, viewer=OPERATOR, q="术服 稀有")["items"]] == [late]


def test_reimport_with_changes_keeps_the_index_equal_to_a_rebuild(engine: Engine, tmp_path: Path,
                                                                 bulk: None) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_registry(first, 120, seed=5)
    import_enterprises(engine, first, ImportOptions(sole_user=True))
    frame = pl.read_csv(first, infer_schema=False)
    changed = frame.with_columns(pl.when(pl.int_range(pl.len()) % 7 == 0).then(pl.lit("石墨烯导热膜"))
                                 .otherwise(pl.col("主营产品")).alias("主营产品"))
    extra = pl.read_csv(_more(tmp_path, 40), infer_schema=False)
    pl.concat([changed, extra]).write_csv(second)
    result = import_enterprises(engine, second, ImportOptions(skip_invalid=True))
    assert result.updated > 0 and result.imported > 0
    assert index_rows(engine) == rebuilt(engine)
    assert len(search.search_enterprises(engine, viewer=OPERATOR, q="石墨烯导热膜", limit=100)["items"]) >= result.updated


def _more(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "more.csv"
    write_registry(path, count, seed=99, region="430200")
    return path


def result_name(engine: Engine, eid: int) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT name FROM enterprises WHERE id = :i"), {"i": eid}).scalar_one()


def test_size_class_a_column_at_a_time_matches_the_row_classifier() -> None:
    rng = random.Random(4)
    codes = [None, "", "9999", "0171", "1711", "3216", "4910", "5123", "5211", "6339", "7010", "C3216", "A0171"]

    def figure(high: int) -> int | None:
        return None if rng.random() < 0.1 else rng.randrange(0, high)

    rows = [(rng.choice(codes), figure(2000), figure(10 ** 12), figure(10 ** 12)) for _ in range(5000)]
    frame = pl.DataFrame(rows, schema={"industry_code": pl.String, "employees": pl.Int64, "revenue_fen": pl.Int64,
                                       "total_assets_fen": pl.Int64}, orient="row")
    classify = sizes.classifier()
    assert sizes.classify_frame(frame).to_list() == [classify(*r) for r in rows]


def test_a_first_load_that_fails_part_way_writes_nothing(engine: Engine, tmp_path: Path, bulk: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = indexes(engine)
    path = tmp_path / "名录.csv"
    write_registry(path, 100, seed=8)

    def broken(*_: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(search_bulk.IndexBeside, "write_facets", broken)
    monkeypatch.setattr(search_bulk, "index_new", broken)
    with pytest.raises(RuntimeError):
        import_enterprises(engine, path, ImportOptions(sole_user=True))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM enterprises")).scalar_one() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM enterprise_years")).scalar_one() == 0
        statuses = conn.execute(text("SELECT status FROM import_batches")).scalars().all()
    # The bulk path (SQLite) has recorded the batch before loading; elsewhere it rolls back with the rows.
    assert statuses == (["failed"] if engine.dialect.name == "sqlite" else [])
    assert index_rows(engine) == ([], [])
    assert indexes(engine) == before


def test_the_parallel_index_build_equals_the_ordinary_import(tmp_path: Path, bulk: None) -> None:
    """The first load's FTS5 index, built on a scratch file in a thread and adopted, is the one the
    ordinary import writes through its own connection: same rows, same answers, FTS5 finds it whole."""
    from chainatlas.services import setup
    from chainatlas.store.db import engine_for, resolve_url

    path = tmp_path / "名录.csv"
    write_registry(path, 250, bad_share=0.05, seed=21)
    engines = []
    for name, sole_user in (("bulk", True), ("ordinary", False)):
        url = resolve_url(str(tmp_path / f"{name}.db"))
        setup.initialise(url)
        engines.append(engine_for(url))
        import_enterprises(engines[-1], path, ImportOptions(skip_invalid=True, sole_user=sole_user))
    bulk_engine, ordinary = engines
    assert index_rows(bulk_engine) == index_rows(ordinary)
    with bulk_engine.begin() as conn:
        conn.execute(text("INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('integrity-check', 1)"))
    for q in ("石墨", "科技", result_name(ordinary, 40)):
        found = [search.search_enterprises(e, viewer=OPERATOR, q=q, limit=50)["items"] for e in engines]
        assert [i["id"] for i in found[0]] == [i["id"] for i in found[1]] and found[0]
    assert not list(tmp_path.glob(".chainatlas-fts-*"))  # the scratch file is gone


def test_a_failing_index_build_aborts_the_first_load(engine: Engine, tmp_path: Path, bulk: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the parallel index build is for SQLite first loads")
    before = indexes(engine)
    path = tmp_path / "名录.csv"
    write_registry(path, 100, seed=8)

    def broken(*_: object) -> int:
        raise RuntimeError("tokenizer broke")

    monkeypatch.setattr(search_bulk, "_index", broken)  # runs in the index thread only, on this path
    with pytest.raises(RuntimeError, match="tokenizer broke"):
        import_enterprises(engine, path, ImportOptions(sole_user=True))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM enterprises")).scalar_one() == 0
        assert conn.execute(text("SELECT status FROM import_batches")).scalars().all() == ["failed"]
    assert index_rows(engine) == ([], [])
    assert indexes(engine) == before
    assert not list(Path(str(engine.url.database)).parent.glob(".chainatlas-fts-*"))


def test_a_first_load_records_its_batch(engine: Engine, tmp_path: Path, bulk: None) -> None:
    path = tmp_path / "名录.csv"
    write_registry(path, 60, bad_share=0.1, seed=9)
    result = import_enterprises(engine, path, ImportOptions(skip_invalid=True, sole_user=True))
    with engine.connect() as conn:
        batch = conn.execute(text("SELECT imported, rejected, status, finished_at FROM import_batches")).one()
        rejects = conn.execute(text("SELECT COUNT(*) FROM import_rejects")).scalar_one()
    assert (batch.imported, batch.rejected, batch.status) == (result.imported, result.rejected, "done")
    assert batch.finished_at is not None and rejects == result.rejected > 0


@pytest.mark.parametrize("fails", [False, True])
def test_the_cyclic_collector_is_paused_only_while_a_sole_user_import_runs(
        engine: Engine, tmp_path: Path, bulk: None, monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    path = tmp_path / "名录.csv"
    write_registry(path, 60, seed=10)
    seen: list[tuple[bool, bool]] = []  # (sole user, collector enabled) during validation

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((sole_user, gc.isenabled()))
        if fails:
            raise RuntimeError("interrupted")

    for sole_user in (True, False):
        options = ImportOptions(sole_user=sole_user, progress=progress)
        if fails:
            with pytest.raises(RuntimeError):
                import_enterprises(engine, path, options)
        else:
            import_enterprises(engine, path, options)
        assert gc.isenabled()
    assert {enabled for sole, enabled in seen if sole} == {False}
    assert {enabled for sole, enabled in seen if not sole} == {True}


def test_quarantined_cells_are_stored_stripped(engine: Engine, tmp_path: Path) -> None:
    from importers.files import uscc, with_wrong_check_digit, write_csv

    path = write_csv(tmp_path / "r.csv", ["企业名称", "统一社会信用代码", "备注"],
                     [["  坏科技有限公司 ", f" {with_wrong_check_digit(uscc(1))}", " 说明 "]])
    import_enterprises(engine, path, ImportOptions(skip_invalid=True))
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT raw FROM import_rejects")).scalar_one()
    raw = raw if isinstance(raw, dict) else json.loads(raw)
    assert raw == {"企业名称": "坏科技有限公司", "统一社会信用代码": with_wrong_check_digit(uscc(1)), "备注": "说明"}


def test_the_bulk_connection_is_refused_while_the_database_is_in_use(engine: Engine, tmp_path: Path,
                                                                     bulk: None) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the bulk connection is for SQLite files")
    path = tmp_path / "名录.csv"
    write_registry(path, 40, seed=12)
    with engine.connect() as busy:
        busy.execute(text("SELECT 1"))
        with pytest.raises(ChainAtlasError):
            import_enterprises(engine, path, ImportOptions(sole_user=True))
    assert index_rows(engine) == ([], [])
    again = import_enterprises(engine, path, ImportOptions())  # without the promise: the ordinary path
    assert again.imported == 40 and index_rows(engine) == rebuilt(engine)


# Characters at the edges of what the index keeps (search_index.CJK_RANGES, ASCII letters and digits) and
# just outside them: full-width letters, a CJK character outside the BMP, punctuation, line breaks.
EDGES = "\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00/09:@AZ[`az{ＡＺｚ\U00020000\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="石墨烯湖南长沙科技有限公司锂电池aB1 ，、；()" + EDGES, max_size=12),
                          st.text(alphabet="石墨烯湖南、；", min_size=1, max_size=80)), min_size=1, max_size=30))
def test_documents_a_column_at_a_time_match_the_index_tokenizer(values: list[str | None]) -> None:
    column = pl.Series(values, dtype=pl.String)
    expected = [search_index.document(v) for v in values]
    assert search_bulk._documents(column).to_list() == expected
    assert search_bulk._cut(column).to_list() == expected


def test_repeated_items_are_cut_once_and_rows_put_together_from_them(monkeypatch: pytest.MonkeyPatch) -> None:
    items = ["技术服务", "货物进出口", "锂电池隔膜的研发", "NCM811正极材料", "（除依法须经批准的项目外）", "", "，"]
    rng = random.Random(5)
    values = ["；".join("、".join(rng.sample(items, 3)) for _ in range(rng.randint(0, 3))) for _ in range(400)] + [None]
    cut: list[int] = []
    whole = search_bulk._cut
    monkeypatch.setattr(search_bulk, "_cut", lambda texts: cut.append(texts.len()) or whole(texts))
    documents = search_bulk._documents(pl.Series(values, dtype=pl.String))
    assert documents.to_list() == [search_index.document(v) for v in values]
    assert cut == [len(items)]  # the distinct items, not the rows


def test_the_ascii_tokenizer_cuts_index_text_as_unicode61_did() -> None:
    """Migration 0007: every character the index keeps (search_index._RUN) and the separating space
    give the same FTS5 terms with `ascii` as with `unicode61`, which the index was declared with before."""
    cjk = [chr(c) for low, high in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(low, high + 1)]
    ascii_words = [chr(c) for c in range(128) if chr(c).isalnum()]
    texts = [search_index.document("".join(cjk[i:i + 997])) for i in range(0, len(cjk), 997)]
    texts += [search_index.document(" ".join(ascii_words)), search_index.document("Ab12 石墨烯ＡＢ，锂电（長沙）x-y")]
    texts += [search_index.facet_tokens("430104", "长沙高新区", "s2", ["专精特新", "listed"])]
    terms = {}
    with sqlite3.connect(":memory:") as con:
        for tokenizer in ("ascii", "unicode61 remove_diacritics 0"):
            con.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{tokenizer}')")
            con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
            con.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", enumerate(texts))
            terms[tokenizer] = con.execute("SELECT term, doc, offset FROM v ORDER BY doc, offset").fetchall()
            con.execute("DROP TABLE v")
            con.execute("DROP TABLE t")
    assert len(terms["ascii"]) > len(cjk)
    assert terms["ascii"] == terms["unicode61 remove_diacritics 0"]


def test_index_documents_go_to_fts5_newest_first_with_ascending_rowids(bulk: None) -> None:
    ids = list(range(1, 201))
    new = pl.DataFrame({"id": ids, "name": [f"长沙第{i}石墨有限公司" for i in ids], "main_products": None,
                        "business_scope": None, "region_code": "430104", "industry_code": "3985", "employees": 10,
                        "revenue_fen": None, "total_assets_fen": None, "park": None, "tags": [None] * len(ids)},
                       schema_overrides={"tags": pl.List(pl.String), "main_products": pl.String,
                                         "business_scope": pl.String, "park": pl.String,
                                         "revenue_fen": pl.Int64, "total_assets_fen": pl.Int64})
    handed: list[int] = []
    search_bulk._index(new.sample(fraction=1, shuffle=True, seed=2), lambda docs, _: handed.extend(docs["rowid"]),
                       None)
    # FTS5 writes out its term table whenever a rowid is lower than the one before.
    assert handed == sorted(search_index.fts_rowid(i) for i in ids)
