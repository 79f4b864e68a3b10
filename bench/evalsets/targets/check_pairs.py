"""Check the target evaluation files: every (chain, link) pair exists in the chain templates, no pair is
both made and not made, kinds are known, and no firm name appears twice across these files (a firm also in a
placement set is noted, not refused).

    python bench/evalsets/targets/check_pairs.py [files...]   (default: every *.yaml in this folder)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "src"))

from chainatlas.reference import builtin_chain_files  # noqa: E402

KINDS = {"customer", "information", "trader", "recycler", "equipment", "testing", "look-alike",
         "distributor", "dealer", "lessor", "supply-chain"}


def short(name: str) -> str:
    return name.split("（")[0].strip()


def forms(name: str) -> set[str]:
    """The short name and the legal name of "short（legal）"."""
    legal = name[len(short(name)):].strip()
    return {short(name), name} | ({legal[1:-1]} if legal.startswith("（") and legal.endswith("）") else set())


def main(paths: list[Path]) -> int:
    links = set()
    for path in builtin_chain_files():
        chain = yaml.safe_load(path.read_text(encoding="utf-8"))
        links |= {(chain["id"], link["id"]) for link in chain["links"]}
    placement = set()
    for path in sorted((HERE.parent / "placement").glob("*.yaml")):
        for firm in yaml.safe_load(path.read_text(encoding="utf-8")):
            placement |= forms(firm["name"])
    problems, notes, names, pairs = [], [], Counter(), 0
    for path in paths:
        for firm in yaml.safe_load(path.read_text(encoding="utf-8")):
            name = firm["name"]
            names[short(name)] += 1
            if firm.get("kind") not in KINDS:
                problems.append(f"{path.name}: {name}: kind {firm.get('kind')!r}")
            for field in ("products", "source"):
                if not firm.get(field):
                    problems.append(f"{path.name}: {name}: no {field}")
            makes = {tuple(p) for p in firm.get("makes") or []}
            nots = {tuple(p) for p in firm.get("not") or []}
            pairs += len(nots)
            for pair in sorted(makes | nots):
                if pair not in links:
                    problems.append(f"{path.name}: {name}: unknown pair {pair}")
            for pair in sorted(makes & nots):
                problems.append(f"{path.name}: {name}: {pair} both in makes and not")
            if forms(name) & placement:
                notes.append(f"{path.name}: {name}: also in a placement set (twice in a pool)")
    problems += [f"{n}: {c} entries" for n, c in names.items() if c > 1]
    print(f"{sum(names.values())} firms, {pairs} 'not' pairs in {len(paths)} file(s); "
          f"{len(problems)} problem(s)")
    for line in problems + [f"note: {n}" for n in notes]:
        print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main([Path(a) for a in sys.argv[1:]] or sorted(HERE.glob("*.yaml"))))
