"""SME size class (大型/中型/小型/微型) of registry rows, fast enough for millions of rows.

The rule and its thresholds are the domain's (`domain.rules.sme_size`); this
module only looks up each industry code's row once and compares integer fen,
so indexing two million enterprises costs seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules.sectors import match_sector, parse_industry_code
from chainatlas.domain.rules.sme_size import LARGE, MEDIUM, MICRO, OTHER_SECTOR, SMALL, SME_SIZE_2011, TIERS

SIZE_CODES = {LARGE: "large", MEDIUM: "medium", SMALL: "small", MICRO: "micro"}
SIZE_LABELS = {code: label for label, code in SIZE_CODES.items()}
FEN_PER_WAN = 1_000_000
RULE_VERSION = f"{SME_SIZE_2011.name}（{SME_SIZE_2011.version}）"

Bounds = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (tier, ((letter, bound in fen or persons), ...))


def _bounds(code: str | None) -> Bounds | None:
    if not code:
        return None
    try:
        parsed = parse_industry_code(code)
    except InvalidInput:
        return None
    match = match_sector(parsed, ((r.sector, r.covers) for r in SME_SIZE_2011.rows if r.covers))
    if match.ambiguous:
        return None
    row = next(r for r in SME_SIZE_2011.rows if r.sector == (match.sector or OTHER_SECTOR))
    return tuple((tier, tuple((letter, int(bound * (1 if letter == "X" else FEN_PER_WAN)))
                              for letter, bound in row.bounds[tier].items())) for tier in TIERS)


def classifier() -> Callable[[str | None, int | None, int | None, int | None], str | None]:
    """A function (industry code, employees, revenue fen, total assets fen) → size code or None."""
    cache: dict[str | None, Bounds | None] = {}

    def classify(code: str | None, employees: int | None, revenue_fen: int | None,
                 assets_fen: int | None) -> str | None:
        if code not in cache:
            cache[code] = _bounds(code)
        bounds = cache[code]
        if bounds is None:
            return None
        values = {"X": employees, "Y": revenue_fen, "Z": assets_fen}
        if any(values[letter] is None for letter, _ in bounds[0][1]):
            return None  # the rule needs a figure the registry lacks
        for tier, limits in bounds:
            for letter, bound in limits:
                if values[letter] < bound:  # type: ignore[operator]
                    break
            else:
                return SIZE_CODES[tier]
        return SIZE_CODES[MICRO]

    return classify


_FIGURES = {"X": "employees", "Y": "revenue_fen", "Z": "total_assets_fen"}


def classify_frame(frame: pl.DataFrame) -> pl.Series:
    """`classifier()` a column at a time over (industry_code, employees, revenue_fen, total_assets_fen).

    Each distinct industry code's bounds are looked up once; the tier tests are
    polars comparisons, so a million enterprises take a fraction of a second.
    """
    bounds = {code: _bounds(code) for code in frame.get_column("industry_code").unique().to_list()}
    width = len(TIERS)
    names = [f"{letter}{i}" for i in range(width) for letter in _FIGURES]
    lookup = pl.DataFrame(
        [(code, b is not None, *(dict(b[i][1]).get(letter) if b else None for i in range(width)
                                 for letter in _FIGURES)) for code, b in bounds.items()],
        schema={"industry_code": pl.String, "__known": pl.Boolean, **{n: pl.Int64 for n in names}}, orient="row")
    rows = frame.select("industry_code", *_FIGURES.values()).join(
        lookup, on="industry_code", how="left", nulls_equal=True, maintain_order="left")

    def meets(i: int) -> pl.Expr:
        return pl.all_horizontal(pl.col(f"{letter}{i}").is_null() | (pl.col(figure) >= pl.col(f"{letter}{i}"))
                                 for letter, figure in _FIGURES.items())

    # The rule needs every figure its sector names; a missing one leaves the class unknown.
    missing = pl.any_horizontal(pl.col(f"{letter}0").is_not_null() & pl.col(figure).is_null()
                                for letter, figure in _FIGURES.items())
    size = pl.when(~pl.col("__known").fill_null(False) | missing).then(pl.lit(None, pl.String))
    for i, tier in enumerate(TIERS):
        size = size.when(meets(i)).then(pl.lit(SIZE_CODES[tier]))
    return rows.select(size.otherwise(pl.lit(SIZE_CODES[MICRO])).alias("size_class")).to_series()


def classify_one(code: str | None, employees: int | None, revenue_wan: Decimal | None) -> str | None:
    """One enterprise's size code from 万元 figures (for tests and single records)."""
    fen = None if revenue_wan is None else int(revenue_wan * FEN_PER_WAN)
    return classifier()(code, employees, fen, None)
