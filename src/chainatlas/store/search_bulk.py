"""Search index rows for the enterprises an import has just inserted, written from its frames.

`search_index.rebuild` reads every enterprise back and tokenises row by row. An import
already holds the new rows in memory, so here texts are cut into the index's terms a
column at a time (`_documents`: numpy over the characters of many texts, each repeated
item of business scopes and products once), facets with the very `search_index.area_tokens`
of the index once per distinct value, and the size class a column at a time. `index_new` writes through the import's
connection; inside a bulk load, `IndexBeside` builds the full-text index in parallel
with the load and hands it the facets rows to write. Tests hold the result to
what `search_index.rebuild` writes, row for row.
"""

from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl
import pyarrow as pa
from sqlalchemy import Connection, text

from chainatlas.domain.errors import ChainAtlasError
from chainatlas.store import arrow_load, processes, search_index, sizes
from chainatlas.store.arrow_load import Loader

# Columns of the frame `index_new` takes (the enterprise's own columns, as stored).
SOURCE = ("id", "name", "main_products", "business_scope", "region_code", "industry_code", "employees",
          "revenue_fen", "total_assets_fen", "park", "tags")
SLICE_ROWS = 100_000
BULK_ROWS = 100_000  # from this many new rows on, the FTS5 term table is enlarged while they are written
# FTS5 flushes its in-memory term table to a new segment when it reaches this many
# bytes (default 1 MB); a larger table during a bulk load means fewer segments to merge.
BULK_HASH_BYTES = 128 << 20
DEFAULT_HASH_BYTES = 1 << 20


def after_import(conn: Connection, since: datetime, new: pl.DataFrame, forgotten: Sequence[int] = ()) -> int:
    """The importer's hook: index the inserted rows from `new`, reindex the updated ones and those the writer
    took out of the index (`forgotten`, search_index.forget) from the store.

    An index that is empty while older enterprises exist (never built) is rebuilt whole.
    """
    first = new.get_column("id").min() if not new.is_empty() else 2 ** 62  # ids below it are older
    older = conn.execute(text("SELECT 1 FROM enterprises WHERE id < :first LIMIT 1"), {"first": first}).first()
    if older is not None and conn.execute(text("SELECT 1 FROM enterprise_facets LIMIT 1")).first() is None:
        return search_index.rebuild(conn)
    done = index_new(conn, new)
    updated = {i for (i,) in conn.execute(
        text("SELECT id FROM enterprises WHERE updated_at >= :since AND id < :first"), {"since": since, "first": first})}
    return done + search_index.index_enterprises(conn, sorted(updated | set(forgotten)))


def index_new(conn: Connection, new: pl.DataFrame) -> int:
    """Index enterprises that are not in the index yet; `new` has the columns of SOURCE."""
    sqlite = conn.dialect.name == "sqlite"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    fts_sql = ("INSERT INTO enterprise_fts (rowid, name, products, scope, area) VALUES (?, ?, ?, ?, ?)" if sqlite
               else "INSERT INTO enterprise_fts (enterprise_id, doc) VALUES (%s, setweight(to_tsvector('simple', %s), "
                    "'A') || setweight(to_tsvector('simple', %s), 'B'))")  # as search_index._write: text A, facets B
    facet_sql = "INSERT INTO enterprise_facets (enterprise_id, size_class, area) VALUES " + (
        "(?, ?, ?)" if sqlite else "(%s, %s, %s)")

    def write(docs: pl.DataFrame, facets: pl.DataFrame) -> None:
        if not sqlite:  # the enterprise id (the FTS5 rowid negated back)
            docs = docs.select(-pl.col("rowid"), pl.concat_str(["name", "products", "scope"], separator=" | "), "area")
        cursor.executemany(fts_sql, list(docs.iter_rows()))
        cursor.executemany(facet_sql, list(facets.iter_rows()))

    try:
        return _index(new, write, cursor.execute if sqlite else None, search_index.load_common(conn))
    finally:
        cursor.close()


SCRATCH_PREFIX = ".chainatlas-fts-"  # services/housekeeping.py removes those of killed processes


class IndexBeside:
    """The full-text index of a first load, built in a thread of its own while the load writes its rows.

    Tokenising and merging the FTS5 index is the longest part of a first load, and a
    SQLite file has one writer at a time; so the index is built on a second bulk
    connection, into a scratch file beside the database whose FTS5 table is declared
    as the real one (contentless: it keeps no documents), and then taken into the load
    as built (`Loader.adopt_fts5`). The facets rows of the enterprises indexed (size
    class, and the `area` terms the index needs to delete a row again) go into the
    load's own table: the load writes those made so far between its own writes
    (`write_facets`), and the rest while it waits.
    Both connections spend their time in SQLite (which runs without the GIL), so the
    two run on two cores. Use: `start`, write the rows (with `write_facets` now and
    then), `adopt_into`; leaving the context stops a build still running and deletes
    the scratch file.
    """

    TABLE = "enterprise_fts"
    FACETS = "enterprise_facets"

    def __init__(self, database: str) -> None:
        self._directory = tempfile.TemporaryDirectory(dir=Path(database).parent, prefix=SCRATCH_PREFIX)
        processes.tag_folder(Path(self._directory.name))  # a killed load's folder is removed at the next start
        self._path = str(Path(self._directory.name) / "index.db")
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._common: frozenset[str] = frozenset()  # the common runs the scopes were cut with
        self._facets: queue.SimpleQueue[pl.DataFrame] = queue.SimpleQueue()  # made, for the load to write

    def __enter__(self) -> IndexBeside:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._directory.cleanup()

    def start(self, loader: Loader, new: pl.DataFrame) -> None:
        """Begin indexing `new` (the columns of SOURCE) like the load's own table."""
        self._thread = threading.Thread(target=self._build, args=(loader.table_sql(self.TABLE), new),
                                        name="chainatlas-fts", daemon=True)
        self._thread.start()

    def write_facets(self, loader: Loader) -> None:
        """Write the facets rows of the enterprises indexed so far (on the load's own thread)."""
        while True:
            try:
                facets = self._facets.get_nowait()
            except queue.Empty:
                return
            loader.append(self.FACETS, facets)

    def adopt_into(self, loader: Loader) -> None:
        """Wait for the index, writing the last facets rows meanwhile, and make it the load's;
        an error of the build is raised here."""
        assert self._thread is not None, "start first"
        while self._thread.is_alive():
            self.write_facets(loader)
            self._thread.join(0.05)
        self.write_facets(loader)
        if self._error is not None:
            raise self._error
        loader.adopt_fts5(self.TABLE, self._path)
        loader.execute(f"DELETE FROM {search_index.COMMON_TABLE}")
        for run in sorted(self._common):
            loader.execute(f"INSERT INTO {search_index.COMMON_TABLE} (run) VALUES (?)", [run])

    def _build(self, table_sql: str, new: pl.DataFrame) -> None:
        try:
            with arrow_load.scratch(self._path) as scratch:
                scratch.execute(table_sql)
                self._common = search_index.common_runs(_by_id(new).get_column("business_scope"))
                _index(new, self._documents_into(scratch), scratch.execute, self._common)
        except BaseException as exc:  # handed to the loading thread by `adopt_into`
            self._error = exc

    def _documents_into(self, scratch: Loader) -> Callable[[pl.DataFrame, pl.DataFrame], None]:
        def write(docs: pl.DataFrame, facets: pl.DataFrame) -> None:
            if self._stop.is_set():
                raise ChainAtlasError("索引构建已取消")  # the load failed: no need to finish
            scratch.append(self.TABLE, docs)
            self._facets.put(facets)

        return write


def _index(new: pl.DataFrame, write: Callable[[pl.DataFrame, pl.DataFrame], None],
           execute: Callable[[str], object] | None, common: frozenset[str] = frozenset()) -> int:
    """Index rows slice by slice, their scopes cut with the common runs `common`; `execute` runs SQL on SQLite,
    to size the FTS5 term table for a bulk load."""
    if new.is_empty():
        return 0
    bulk = execute is not None and new.height >= BULK_ROWS
    area = _remembered(search_index.area_tokens)  # regions repeat from slice to slice
    if bulk and execute:
        execute(_HASH_SIZE.format(BULK_HASH_BYTES))
    try:
        for docs, facets in _made_ahead(_frames(part, area, common) for part in _newest_first(new.select(SOURCE))):
            write(docs, facets)
    finally:
        if bulk and execute:
            execute(_HASH_SIZE.format(DEFAULT_HASH_BYTES))
    return new.height


def _newest_first(new: pl.DataFrame) -> Iterator[pl.DataFrame]:
    """Slices of `new` by descending id: ascending FTS5 rowids (search_index.fts_rowid), which FTS5 writes
    fastest (a step back flushes its term table to a new segment). An import's ids ascend with its rows."""
    new = _by_id(new)
    for start in reversed(range(0, new.height, SLICE_ROWS)):
        # cast: polars 2.1 reverses an all-null list[str] column into list[null]
        yield new.slice(start, SLICE_ROWS).reverse().cast(new.schema)  # type: ignore[arg-type]


def _by_id(new: pl.DataFrame) -> pl.DataFrame:
    return new if new.get_column("id").is_sorted() else new.sort("id")


_HASH_SIZE = "INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('hashsize', {:d})"

Made = TypeVar("Made")


def _made_ahead(items: Iterator[Made]) -> Iterator[Made]:
    """The items of `items`, each made in a helper thread while the caller writes the one before.

    The index documents of a slice are made mostly in polars and the slice before is
    written by SQLite, both without the GIL: the two overlap instead of taking turns.
    An error in making an item is raised where it is taken.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chainatlas-tokens") as helper:
        upcoming = helper.submit(next, items, None)
        while (item := upcoming.result()) is not None:
            upcoming = helper.submit(next, items, None)
            yield item


Tokens = Callable[[str], str]


def _remembered(tokens: Tokens, limit: int = 200_000) -> Tokens:
    """`tokens` with a memory of up to `limit` texts (then it starts afresh)."""
    memory: dict[str, str] = {}

    def remembered(text: str) -> str:
        found = memory.get(text)
        if found is None:
            if len(memory) >= limit:
                memory.clear()
            found = memory[text] = tokens(text)
        return found

    return remembered


def _frames(part: pl.DataFrame, area: Tokens = search_index.area_tokens, common: frozenset[str] = frozenset()
            ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rowid, name, products, scope, area) index documents and (enterprise_id, size_class, area) facets.

    `area` holds the facet terms as `search_index.facet_tokens` writes them: region, park, size class, tags.
    """
    size_class = sizes.classify_frame(part)
    terms = _facets(part, size_class, area).alias("area")
    docs = pl.DataFrame([_fts_rowid(part.get_column("id")).alias("rowid"), *(
        _documents(part.get_column(source), common if column == "scope" else frozenset()).alias(column)
        for source, column in (("name", "name"), ("main_products", "products"), ("business_scope", "scope"))),
        terms])
    return docs, pl.DataFrame([part.get_column("id").alias("enterprise_id"), size_class, terms])


def _fts_rowid(ids: pl.Series) -> pl.Series:
    return -ids  # search_index.fts_rowid, a column at a time


def _facets(part: pl.DataFrame, size_class: pl.Series, area: Tokens) -> pl.Series:
    """`search_index.facet_tokens` of each row, a column at a time (each distinct region, park and tag set once)."""
    parks = part.get_column("park").replace("", None)
    tag_sets = part.get_column("tags").list.join(",") if part.schema["tags"] != pl.Null else pl.Series(
        [None] * part.height, dtype=pl.String)
    parts = [_per_value(part.get_column("region_code"), area), _per_value(parks, search_index.park_token),
             pl.Series([None] * part.height, dtype=pl.String).zip_with(size_class.is_null(), "s" + size_class),
             _per_value(tag_sets, lambda joined: " ".join(sorted({search_index.tag_token(t) for t in joined.split(",")})))]
    frame = pl.DataFrame({f"c{i}": p.replace("", None) for i, p in enumerate(parts)})
    return frame.select(pl.concat_str(frame.columns, separator=" ", ignore_nulls=True)).to_series()


def _documents(values: pl.Series, common: frozenset[str] = frozenset()) -> pl.Series:
    """`search_index.document` of each value (with the common runs `common`), a column at a time.

    Registries repeat the items of their business scopes and products (技术服务、货物进出口 …):
    when the pieces between 、 and ； repeat, each distinct piece is cut once and every row is
    put together from its pieces' documents. Neither mark is part of a run, so a text's document
    is the documents of its pieces, the empty ones left out, joined by spaces. Common runs are
    looked up piece by piece, in Python.
    """
    pieces = values.fill_null("").str.replace_all("；", "、", literal=True).str.split("、")
    distinct = pieces.explode().unique()
    if common:
        documents = pl.Series([search_index.document(p, common) for p in distinct.to_list()], dtype=pl.String)
    elif distinct.len() > _REPEATED_PIECES * pieces.list.len().sum():
        return _cut(values)
    else:
        documents = _cut(distinct)
    documents = documents.set(documents == "", None)  # a piece without terms adds no space
    return pl.DataFrame({"p": pieces}).select(pl.col("p").list.eval(pl.element().replace_strict(distinct, documents))
                                              .list.join(" ", ignore_nulls=True).fill_null("")).to_series()


_REPEATED_PIECES = 0.5  # cut piece by piece when there are at most half as many distinct pieces as pieces
_CUT_CHARACTERS = 1 << 20  # characters cut at a time (`_cut_texts`): arrays of a few MB, reused by malloc


def _cut(values: pl.Series) -> pl.Series:
    """`search_index.document` of each value, cut with numpy over the characters of many values at a time.

    The texts go in and the documents come out as Arrow buffers (one string of all the texts, their
    lengths): no Python string is made per value.
    """
    values = values.fill_null("")
    lengths = values.str.len_chars().cast(pl.Int64).to_numpy()
    average = max(1, int(lengths[:1000].sum()) // max(1, min(len(lengths), 1000)))
    step = max(1, _CUT_CHARACTERS // average)
    parts = [_cut_texts(_joined(values.slice(start, step)), lengths[start:start + step])
             for start in range(0, len(lengths), step)]
    return (pl.concat(parts, rechunk=False) if parts else pl.Series(dtype=pl.String)).rename(values.name)


def _joined(values: pl.Series) -> str:
    """The texts of a column without nulls, one after another, as one string (from its Arrow buffers)."""
    array = values.to_arrow(compat_level=pl.CompatLevel.oldest())  # large_string: offsets and one data buffer
    if isinstance(array, pa.ChunkedArray):
        array = pa.concat_arrays(array.chunks) if array.num_chunks != 1 else array.chunk(0)
    if not len(array):
        return ""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64, count=len(array) + 1, offset=array.offset * 8)
    return array.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]].decode("utf-8")


def _cut_texts(text: str, lengths: np.ndarray) -> pl.Series:
    """`search_index.document` of each of the texts given one after another in `text`, of `lengths` characters.

    Over the code points of all the texts in a row: each CJK character begins a token, its bigram
    with the next when that is CJK too (of the same text), else itself (the run's last character);
    each ASCII letter or digit continues the token of the one before it (lower-cased), or begins one;
    everything else is left out. Every token but a text's first has a space before it.
    """
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(points):
        return pl.Series([""] * len(lengths), dtype=pl.String)
    ends = np.cumsum(lengths)
    starts, present = ends - lengths, lengths > 0
    cjk = np.zeros(len(points), dtype=bool)
    for low, high in search_index.CJK_RANGES:
        cjk |= (points >= low) & (points <= high)
    upper = (points >= 0x41) & (points <= 0x5A)
    word = upper | ((points >= 0x30) & (points <= 0x39)) | ((points >= 0x61) & (points <= 0x7A))
    pair = np.zeros(len(points), dtype=bool)  # a CJK character followed by one of the same text
    pair[:-1] = cjk[:-1] & cjk[1:]
    pair[ends[present] - 1] = False
    after_word = np.zeros(len(points), dtype=bool)
    after_word[1:] = word[:-1]
    after_word[starts[present]] = False
    token = cjk | (word & ~after_word)  # where a token begins
    tokens_through = np.cumsum(token, dtype=np.int64)
    tokens_before = np.concatenate(([0], tokens_through))
    # Each text's first token (where it has one) goes without a space.
    first = np.searchsorted(tokens_through, tokens_before[starts[present]] + 1)
    first = first[first < ends[present]]
    space = token.copy()
    space[first] = False
    # Output code points per input character: a space, the character (CJK, letter, digit), its pair's second.
    width = space.view(np.int8) + cjk.view(np.int8) + pair.view(np.int8) + word.view(np.int8)
    # … and the UTF-8 bytes of them: a space, a letter or digit 1 byte each, a CJK character 3.
    size = space.view(np.int8) + word.view(np.int8) + 3 * (cjk.view(np.int8) + pair.view(np.int8))
    through = np.cumsum(width, dtype=np.int64)
    out = np.full(int(through[-1]), 0x20, dtype=np.uint32)
    at = through - width + space.view(np.int8)  # where each character's own output begins
    kept = np.flatnonzero(cjk | word)
    out[at[kept]] = points[kept] + upper[kept].view(np.uint8).astype(np.uint32) * 0x20
    pairs = np.flatnonzero(pair)
    out[at[pairs] + 1] = points[pairs + 1]
    data = out.tobytes().decode("utf-32-le").encode("utf-8")
    offsets = np.concatenate(([0], np.cumsum(size, dtype=np.int64)))[np.concatenate(([0], ends))]
    array = pa.LargeStringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(data))
    return pl.Series(pl.from_arrow(array)).cast(pl.String)


def _per_value(values: pl.Series, tokens: Tokens) -> pl.Series:
    """`tokens` of each value, computed once per distinct value; blank for null."""
    distinct = values.drop_nulls().unique()
    words: Sequence[str] = [tokens(v) for v in distinct.to_list()]
    return values.replace_strict(distinct, pl.Series(words, dtype=pl.String), default="", return_dtype=pl.String)
