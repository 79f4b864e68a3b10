"""Rebuild the reference tables shipped in src/chainatlas/data/ from ../shared/data.

Run by hand when the sources change: `python scripts/build_reference_data.py`.
Sources and licences are listed in NOTICE.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "chainatlas" / "data"

# 门类 of GB/T 4754-2017 with the 大类 codes each covers (facts of the standard).
SECTIONS = [
    ("A", "农、林、牧、渔业", 1, 5), ("B", "采矿业", 6, 12), ("C", "制造业", 13, 43),
    ("D", "电力、热力、燃气及水生产和供应业", 44, 46), ("E", "建筑业", 47, 50),
    ("F", "批发和零售业", 51, 52), ("G", "交通运输、仓储和邮政业", 53, 60),
    ("H", "住宿和餐饮业", 61, 62), ("I", "信息传输、软件和信息技术服务业", 63, 65),
    ("J", "金融业", 66, 69), ("K", "房地产业", 70, 70), ("L", "租赁和商务服务业", 71, 72),
    ("M", "科学研究和技术服务业", 73, 75), ("N", "水利、环境和公共设施管理业", 76, 79),
    ("O", "居民服务、修理和其他服务业", 80, 82), ("P", "教育", 83, 83),
    ("Q", "卫生和社会工作", 84, 85), ("R", "文化、体育和娱乐业", 86, 90),
    ("S", "公共管理、社会保障和社会组织", 91, 96), ("T", "国际组织", 97, 97),
]


def build_regions() -> int:
    rows = []
    src = SHARED / "china-admin-divisions"
    with open(src / "modood_provinces.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"] + "0000", r["name"], "province", ""))
    with open(src / "modood_cities.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000"))
    with open(src / "modood_areas.csv", encoding="utf-8") as f:
        seen = {row[0] for row in rows}
        for r in csv.DictReader(f):
            # 东莞、中山、儋州 have no counties: their one area row repeats the city code.
            if r["code"] not in seen:
                rows.append((r["code"], r["name"], "county", r["cityCode"] + "00"))
    with open(OUT / "regions_gbt2260.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent"])
        w.writerows(rows)
    return len(rows)


def build_industries() -> int:
    src = SHARED / "gbt4754-2017-industry-classification"
    names: dict[str, str] = {}
    with open(src / "gbcrosswalk_GB_2011_2017_raw.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            code = r["S_2017"]
            # source_line starts "<2017 code> <2017 name> <2011 code> <2011 name> [note]".
            m = re.match(rf"{code}\s+(\S+)", r["source_line"])
            if m and code not in names:
                names[code] = m.group(1)
    codes: set[str] = set(names)
    with open(src / "gbcrosswalk_gb_2011_2017.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["to_code"].isdigit():
                codes.add(r["to_code"])
    rows = []
    for letter, name, first, last in SECTIONS:
        rows.append((letter, name, "section", ""))
        for code in sorted(c for c in codes if first <= int(c[:2]) <= last):
            parent = letter if len(code) == 2 else code[:-1]
            rows.append((code, names.get(code, ""), {2: "division", 3: "group", 4: "class"}[len(code)], parent))
    with open(OUT / "industries_gbt4754_2017.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent"])
        w.writerows(rows)
    return len(rows)


def build_brand_words(limit: int = 20000) -> int:
    """Two- and three-character brand words for synthetic company names."""
    src = SHARED / "company-short-names-corpus" / "Company-Shorter-Form-28W.txt"
    words = []
    for line in src.read_text(encoding="utf-8").splitlines()[3:]:
        word = line.strip()
        if len(word) in (2, 3) and all("\u4e00" <= ch <= "\u9fff" for ch in word):
            words.append(word)
    step = max(1, len(words) // limit)
    chosen = words[::step][:limit]
    (OUT / "brand_words.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return len(chosen)


if __name__ == "__main__":
    print("brand words", build_brand_words())
    print("regions", build_regions())
    print("industries", build_industries())
