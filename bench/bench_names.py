"""Name resolution on the labelled pairs of bench/evalsets/names: precision and recall, before and after.

For every pair (a, b) the registry holds `a` alone and the question is asked of `b`:
  - duplicates: does `enterprises.duplicates` (default min_score) report the pair as 疑似重复?
    (a pair reported as 分支机构 counts as "not the same");
  - import: does the import's match by name (`registry_writer._existing`, fed the key the
    importer's column-wise validation computes) match `b` to `a`?
The baseline is the code before this change, kept below verbatim in its essentials: the old
name key (legal forms incl. 集团 stripped, brackets and region prefixes stripped) with exact-key
matching for the import, and rapidfuzz ratio ≥ min_score within blocks of the key's first two
characters for duplicates. Both run in the same process on the same pairs.

    python bench/bench_names.py [--pairs bench/evalsets/names/pairs.csv] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz
from sqlalchemy import delete

from chainatlas import reference
from chainatlas.domain.names import region_name_forms
from chainatlas.importers.name_columns import name_parts
from chainatlas.services.registry import enterprises as registry
from chainatlas.services.registry import writer as registry_writer
from chainatlas.store.db import engine_for, init_database
from chainatlas.store.models import enterprises

PAIRS = Path(__file__).parent / "evalsets" / "names" / "pairs.csv"
from common import OUT  # noqa: E402

MIN_SCORE = 0.85


class OldNameKey:
    """The name key as it was before the name-resolution change (for the baseline only)."""

    WIDTH = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")",
                           "　": "", " ": "", "\t": "", "·": "", "•": ""})
    FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "股份公司", "集团公司",
             "总公司", "公司", "(普通合伙)", "(有限合伙)", "合伙企业", "个人独资企业")

    def __init__(self, short_too: Iterable[str], full_only: Iterable[str]):
        forms = set(region_name_forms(short_too)) | {n for n in full_only if len(n) >= 2}
        self.prefix = re.compile("^(?:" + "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True)) + ")+")
        self.legal = re.compile("(?:" + "|".join(re.escape(f) for f in sorted(self.FORMS, key=len, reverse=True))
                                + ")$")

    def key(self, name: str) -> str:
        text = self.legal.sub("", name.translate(self.WIDTH))
        text = self.legal.sub("", re.sub(r"\([^()]*\)", "", text))
        stripped = self.prefix.sub("", text)
        return stripped if len(stripped) >= 2 else text


def old_duplicate(old: OldNameKey, a: str, b: str) -> bool:
    ka, kb = old.key(a), old.key(b)
    return ka[:2] == kb[:2] and fuzz.ratio(ka, kb) / 100 >= MIN_SCORE


def old_import_match(old: OldNameKey, a: str, b: str) -> bool:
    return old.key(a) == old.key(b)


class Registry:
    """A registry holding one enterprise at a time, for asking the new code about one pair."""

    def __init__(self) -> None:
        OUT.mkdir(exist_ok=True)
        path = OUT / "names-bench.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        init_database(url)
        self.engine = engine_for(url)
        self.normaliser = reference.name_normaliser()

    def hold(self, name: str) -> None:
        key = name_parts(pl.Series([name]), self.normaliser).get_column("key")[0]
        now = datetime.now()
        with self.engine.begin() as conn:
            conn.execute(delete(enterprises))
            conn.execute(enterprises.insert().values(name=name, name_key=key, row_hash="bench", created_at=now,
                                                     updated_at=now))

    def duplicate(self, a: str, b: str) -> bool:
        self.hold(a)
        key = name_parts(pl.Series([b]), self.normaliser).get_column("key")[0]
        now = datetime.now()
        with self.engine.begin() as conn:
            conn.execute(enterprises.insert().values(name=b, name_key=key, row_hash="bench", created_at=now,
                                                     updated_at=now))
        pairs = registry.duplicates(self.engine, MIN_SCORE)
        return any(p["relation"] == "same" for p in pairs)

    def import_match(self, a: str, b: str) -> bool:
        self.hold(a)
        key = name_parts(pl.Series([b]), self.normaliser).get_column("key")[0]
        rec = pl.DataFrame({registry_writer.KEY: [f"#{key}"], "name_key": [key], "name": [b]})
        with self.engine.connect() as conn:
            return not registry_writer._existing(conn, rec).is_empty()


def figures(rows: list[dict[str, str]], predict: Callable[[str, str], bool]) -> tuple[dict[str, float], list[str]]:
    tp = fp = fn = tn = 0
    errors = []
    for row in rows:
        said, truth = predict(row["a"], row["b"]), row["label"] == "1"
        tp += said and truth
        fp += said and not truth
        fn += truth and not said
        tn += not said and not truth
        if said != truth:
            errors.append(f"{'FP' if said else 'FN'} {row['kind']}: {row['a']} | {row['b']}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn}, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--errors", action="store_true", help="list the pairs each new path gets wrong")
    args = parser.parse_args()
    with open(args.pairs, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    kinds = Counter((r["kind"], r["label"]) for r in rows)
    negatives = sum(r["label"] == "0" for r in rows)
    print(f"{len(rows)} pairs, {len(rows) - negatives} same / {negatives} different ({negatives / len(rows):.0%})")
    print("  " + ", ".join(f"{k}={n}" for (k, _), n in sorted(kinds.items())))
    regions = reference.regions().by_code.values()
    old = OldNameKey((r.name for r in regions if r.level != "county"), (r.name for r in regions if r.level == "county"))
    new = Registry()
    runs = [("duplicates", "baseline (old key, ratio)", lambda a, b: old_duplicate(old, a, b)),
            ("duplicates", "new", new.duplicate),
            ("import match-by-name", "baseline (old key, equal)", lambda a, b: old_import_match(old, a, b)),
            ("import match-by-name", "new", new.import_match)]
    print(f"\n{'path':<22} {'code':<28} {'precision':>9} {'recall':>7}   tp  fp  fn  tn   seconds")
    wrong: dict[str, list[str]] = {}
    for path, code, predict in runs:
        started = time.perf_counter()
        result, errors = figures(rows, predict)
        elapsed = time.perf_counter() - started
        print(f"{path:<22} {code:<28} {result['precision']:>9.3f} {result['recall']:>7.3f}  "
              f"{result['tp']:>3} {result['fp']:>3} {result['fn']:>3} {result['tn']:>3}  {elapsed:>7.1f}")
        if code == "new":
            wrong[path] = errors
    print("\ntargets: precision ≥ 0.95 at recall ≥ 0.85")
    if args.errors:
        for path, errors in wrong.items():
            print(f"\n{path}, new code, wrong pairs ({len(errors)}):")
            for line in errors:
                print("  " + line)


if __name__ == "__main__":
    main()
