"""Company names column-wise: the name key (and region text) of a million names in polars.

The same rules as `domain.names.NameNormaliser.parse`, row by row there and column at a time
here (tests/importers/test_name_keys.py holds the two to the same answers). Used by the
importer's validation, its match against stored names (services/registry_writer.py) and
migration 0011.
"""

from __future__ import annotations

import polars as pl

from chainatlas.domain.names import (
    BRACKETED,
    BRANCH_SEPARATOR,
    BRANCH_WORDS,
    BRANCH_WORDS_AFTER_PARENT,
    KEPT_IN_BRACKETS,
    LEGAL_FORM_SUFFIX,
    MIN_KEY_CHARS,
    REGION_TEXT_SEPARATOR,
    SHARE_SUFFIX,
    NameNormaliser,
)

_BRANCH_END = f"(?:{'|'.join(BRANCH_WORDS + BRANCH_WORDS_AFTER_PARENT)})$"


def _clean_names(names: pl.Series) -> pl.Series:
    """`NameNormaliser.clean`, column-wise."""
    text = names.str.normalize("NFKC").str.replace_all(r"[【\[〔〖]", "(").str.replace_all(r"[】\]〕〗]", ")")
    text = text.str.replace_all(r"[ \t\u3000·•‧]", "")
    for word in KEPT_IN_BRACKETS:
        text = text.str.replace_all(f"({word})", word, literal=True)
    return text


def _branch_parts(text: pl.Series, normaliser: NameNormaliser) -> tuple[pl.Series, pl.Series]:
    """(parent's name, branch part or null): `NameNormaliser.split_branch`, column-wise.

    The branch patterns are read only on names ending in a branch word: they are slow
    on a million names and match few of them.
    """
    branch = pl.Series(values=[None] * len(text), dtype=pl.String)
    rows = text.str.contains(_BRANCH_END).fill_null(False).arg_true()
    if rows.is_empty():
        return text, branch
    some = text.gather(rows)
    after = some.str.extract_groups(normaliser.branch_after_parent).struct.unnest()
    alone = some.str.extract_groups(normaliser.branch_alone).struct.unnest()
    found = pl.DataFrame({"p1": after.to_series(0), "b1": after.to_series(1), "p2": alone.to_series(0),
                          "b2": alone.to_series(1), "text": some}).select(
        pl.coalesce("p1", "p2", "text").alias("parent"), pl.coalesce("b1", "b2").alias("branch"))
    return text.scatter(rows, found.get_column("parent")), branch.scatter(rows, found.get_column("branch"))


def name_parts(names: pl.Series, normaliser: NameNormaliser, regions: bool = False) -> pl.DataFrame:
    """`NameNormaliser.parse`, column-wise: the key and, if asked, the region text of every name.

    Each step is materialised once; a single expression would recompute the shared steps
    for each place that reads them.
    """
    parent, branch = _branch_parts(_clean_names(names), normaliser)
    frame = pl.DataFrame({"parent": parent, "branch": branch})
    frame = frame.with_columns(pl.col("parent").str.replace(LEGAL_FORM_SUFFIX, "").str.replace_all(BRACKETED, "")
                               .str.replace(LEGAL_FORM_SUFFIX, "").str.replace(SHARE_SUFFIX, "").alias("bare"))
    frame = frame.with_columns(pl.col("bare").str.replace(normaliser.region_prefix, "").alias("stripped"))
    kept = pl.col("stripped").str.len_chars() >= MIN_KEY_CHARS
    key = pl.when(kept).then(pl.col("stripped")).otherwise(pl.col("bare"))
    columns = [pl.when(pl.col("branch").is_null()).then(key)
               .otherwise(pl.concat_str([key, pl.lit(BRANCH_SEPARATOR), pl.col("branch")])).alias("key")]
    if regions:
        prefix = pl.when(kept).then(pl.col("bare").str.extract(normaliser.region_prefix_capture, 1)).fill_null("")
        brackets = pl.col("parent").str.extract_all(BRACKETED).list.eval(
            pl.lit(REGION_TEXT_SEPARATOR) + pl.element().str.slice(1, pl.element().str.len_chars() - 2))
        columns.append(pl.concat_str([prefix, brackets.list.join("")]).alias("region_text"))
    return frame.select(columns)


def name_key(name: pl.Expr, normaliser: NameNormaliser) -> pl.Expr:
    """The name key of every name of an expression."""
    return name.map_batches(lambda names: name_parts(names, normaliser).get_column("key"), return_dtype=pl.String)
