"""Builds pairs.csv: real enterprise names and constructed spellings, labelled by what is true of the firms.

Run once by hand (`python bench/evalsets/names/build_pairs.py`); pairs.csv is committed. The rules
of src/chainatlas are not read here: labels come from the firms, the constructions from how names
are written (SOURCE.md).
"""

from __future__ import annotations

import csv
import os
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
# The short-names corpus (https://github.com/wainshine/Company-Names-Corpus, Apache-2.0); where it lies locally
# is given by CHAINATLAS_SHORT_NAMES (default: the team workspace's copy).
CORPUS = Path(os.environ.get("CHAINATLAS_SHORT_NAMES",
                             "/work/shared/data/company-short-names-corpus/Company-Shorter-Form-28W.txt"))

# Real listed companies (full registered name, the region of registration written by people, short name).
FIRMS = [
    ("三一重工股份有限公司", "长沙", "三一重工"), ("中联重科股份有限公司", "长沙", "中联重科"),
    ("宁德时代新能源科技股份有限公司", "福建", "宁德时代"), ("湖南裕能新能源电池材料股份有限公司", "湘潭", "湖南裕能"),
    ("湖南长远锂科股份有限公司", "长沙", "长远锂科"), ("中伟新材料股份有限公司", "铜仁", "中伟股份"),
    ("蓝思科技股份有限公司", "浏阳", "蓝思科技"), ("湖南华菱钢铁股份有限公司", "长沙", "华菱钢铁"),
    ("山河智能装备股份有限公司", "长沙", "山河智能"), ("楚天科技股份有限公司", "长沙", "楚天科技"),
    ("株洲时代新材料科技股份有限公司", "株洲", "时代新材"), ("湘潭电机股份有限公司", "湘潭", "湘电股份"),
    ("株洲冶炼集团股份有限公司", "株洲", "株冶集团"), ("岳阳林纸股份有限公司", "岳阳", "岳阳林纸"),
    ("长沙银行股份有限公司", "湖南", "长沙银行"), ("爱尔眼科医院集团股份有限公司", "长沙", "爱尔眼科"),
    ("金杯电工股份有限公司", "长沙", "金杯电工"), ("湖南科力远新能源股份有限公司", "益阳", "科力远"),
    ("唐人神集团股份有限公司", "株洲", "唐人神"), ("比亚迪股份有限公司", "深圳", "比亚迪"),
    ("华自科技股份有限公司", "长沙", "华自科技"), ("湖南海利化工股份有限公司", "长沙", "海利化工"),
    ("湖南百利工程科技股份有限公司", "岳阳", "百利科技"), ("湖南博云新材料股份有限公司", "长沙", "博云新材"),
    ("湖南中科电气股份有限公司", "岳阳", "中科电气"), ("湖南方盛制药股份有限公司", "长沙", "方盛制药"),
    ("湖南艾华集团股份有限公司", "益阳", "艾华集团"), ("中南出版传媒集团股份有限公司", "长沙", "中南传媒"),
    ("湖南电广传媒股份有限公司", "长沙", "电广传媒"), ("步步高商业连锁股份有限公司", "湘潭", "步步高"),
    ("湖南泰嘉新材料科技股份有限公司", "长沙", "泰嘉股份"), ("长沙景嘉微电子股份有限公司", "长沙", "景嘉微"),
    ("湖南国科微电子股份有限公司", "长沙", "国科微"), ("湖南松井新材料股份有限公司", "长沙", "松井股份"),
    ("湖南金博碳素股份有限公司", "益阳", "金博股份"), ("湖南宇晶机器股份有限公司", "益阳", "宇晶股份"),
    ("湖南湘佳牧业股份有限公司", "常德", "湘佳股份"), ("湖南丽臣实业股份有限公司", "长沙", "丽臣实业"),
    ("湖南华联瓷业股份有限公司", "株洲", "华瓷股份"), ("株洲旗滨集团股份有限公司", "株洲", "旗滨集团"),
    ("株洲千金药业股份有限公司", "株洲", "千金药业"), ("湖南尔康制药股份有限公司", "长沙", "尔康制药"),
    ("湖南九典制药股份有限公司", "长沙", "九典制药"), ("湖南黄金股份有限公司", "长沙", "湖南黄金"),
    ("湖南白银股份有限公司", "郴州", "湖南白银"), ("湖南郴电国际发展股份有限公司", "郴州", "郴电国际"),
    ("湖南发展集团股份有限公司", "长沙", "湖南发展"), ("湖南南岭民用爆破器材股份有限公司", "永州", "南岭民爆"),
    ("中国铁建重工集团股份有限公司", "长沙", "铁建重工"), ("湖南五新隧道智能装备股份有限公司", "怀化", "五新隧装"),
]

# Real pairs of different enterprises that look alike (group and member, parent and subsidiary, same 字号).
REAL_DIFFERENT = [
    ("湖南华菱钢铁集团有限责任公司", "湖南华菱钢铁股份有限公司", "share_group", "group vs its listed member"),
    ("湖南黄金集团有限责任公司", "湖南黄金股份有限公司", "share_group", "group vs its listed member"),
    ("三一集团有限公司", "三一重工股份有限公司", "share_group", "group vs its listed member"),
    ("中国建材集团有限公司", "中国建材股份有限公司", "share_group", "group vs its listed member"),
    ("中国中车集团有限公司", "中国中车股份有限公司", "share_group", "group vs its listed member"),
    ("中国铁建股份有限公司", "中国铁建重工集团股份有限公司", "subsidiary", "parent vs listed subsidiary"),
    ("中国中车股份有限公司", "中车株洲电力机车有限公司", "subsidiary", "parent vs subsidiary"),
    ("三一重工股份有限公司", "三一汽车制造有限公司", "subsidiary", "listed parent vs subsidiary"),
    ("三一重工股份有限公司", "三一重机有限公司", "subsidiary", "same 字号, other enterprise of the group"),
    ("湖南华菱钢铁股份有限公司", "华菱星马汽车（集团）股份有限公司", "lookalike", "same 字号 华菱, unrelated Anhui firm"),
    ("湖南黄金股份有限公司", "湖南白银股份有限公司", "lookalike", "two listed Hunan firms"),
    ("湖南发展集团股份有限公司", "湖南投资集团股份有限公司", "lookalike", "two listed Hunan firms"),
    ("长沙银行股份有限公司", "长沙农村商业银行股份有限公司", "lookalike", "two Changsha banks"),
    ("湖南中科电气股份有限公司", "曙光信息产业股份有限公司", "lookalike", "中科电气 vs 中科曙光 (short names alike)"),
    ("株洲时代新材料科技股份有限公司", "宁德时代新能源科技股份有限公司", "lookalike", "时代新材 vs 宁德时代"),
    ("湖南长远锂科股份有限公司", "长远锂科", "abbreviation_positive_placeholder", ""),
    ("湖南杉杉能源科技股份有限公司", "巴斯夫杉杉电池材料有限公司", "renamed", "same enterprise renamed; spec: not the same by name"),
    ("克明面业股份有限公司", "克明食品股份有限公司", "renamed", "renamed; names differ after normalisation"),
    ("湖南长高高压开关集团股份公司", "长高电新科技股份公司", "renamed", "renamed; names differ after normalisation"),
    ("长沙矿冶研究院有限责任公司", "湖南长远锂科股份有限公司", "subsidiary", "research institute vs the company it founded"),
    ("中联重科股份有限公司", "中联重科安徽工业车辆有限公司", "subsidiary", "parent vs subsidiary"),
    ("湖南裕能新能源电池材料股份有限公司", "广西裕宁新能源材料有限公司", "subsidiary", "parent vs subsidiary (other 字号)"),
]

HUNAN_CITIES = ["长沙", "株洲", "湘潭", "衡阳", "岳阳", "常德", "益阳", "郴州", "永州", "怀化", "娄底", "邵阳"]
DISTRICTS = ["岳麓区", "雨花区", "天心区", "开福区", "芙蓉区", "望城区", "天元区", "荷塘区"]
FORMS = ["有限公司", "股份有限公司", "有限责任公司"]
BRANCH_PLACES = ["长沙", "北京", "上海", "株洲", "广州", "武汉", "湖南", "岳麓", "深圳"]
BRANCH_WORDS = ["分公司", "分公司", "分公司", "分厂", "办事处", "营业部"]
TRADES = ("科技", "电子", "材料", "机械", "电气", "能源", "医药", "环保", "智能")


def corpus() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8-sig").splitlines()[3:]
    return [line.strip() for line in lines if line.strip()]


def wide(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace("A", "Ａ")


def main() -> None:
    rnd = random.Random(2026)
    rows: list[tuple[str, str, int, str, str]] = []

    def add(a: str, b: str, label: int, kind: str, note: str) -> None:
        rows.append((a, b, label, kind, note))

    for full, region, short in FIRMS:
        stem = full.removesuffix("股份有限公司")
        add(full, short, 1, "abbreviation", "real short name (证券简称) of the listed company")
        variant = rnd.choice(["legal_form", "region_prefix", "bracket_region", "width_space"])
        if variant == "legal_form":
            add(full, stem + rnd.choice(["有限公司", "股份公司", "有限责任公司"]), 1, "legal_form",
                "constructed: legal form written differently (a 股份 conversion keeps the enterprise)")
        elif variant == "region_prefix":
            if stem.startswith("湖南"):
                spelt = "湖南省" + stem.removeprefix("湖南")
            elif stem.startswith(region):
                spelt = "湖南省" + stem if region in HUNAN_CITIES else stem
            else:
                spelt = region + ("市" if region in HUNAN_CITIES else "") + stem
            add(full, spelt + "股份有限公司", 1, "region_prefix", "constructed: region of registration written in front")
        elif variant == "bracket_region":
            bare = stem.removeprefix("湖南")
            add(full, f"{bare}（{region}）股份有限公司", 1, "bracket_region", "constructed: region written in brackets")
        else:
            add(full, " ".join(stem[i:i + 2] for i in range(0, len(stem), 2)) + "　股份有限公司", 1, "width_space",
                "constructed: spaces and a full-width space inside")
        # A branch of the real parent (named as branches are registered) is a different enterprise.
        if rnd.random() < 0.4:
            continue
        place = rnd.choice(BRANCH_PLACES)
        word = rnd.choice(BRANCH_WORDS)
        branch = f"{full}{place}{word}"
        add(full, branch, 0, "branch", "constructed branch of a real parent: linked, never merged")
        if rnd.random() < 0.3:
            other = rnd.choice([p for p in BRANCH_PLACES if p != place])
            add(branch, f"{full}{other}{word}", 0, "branch", "constructed: two branches of one parent")
        if rnd.random() < 0.25:
            add(branch, wide(f"{full}（{place}{word}）".replace("（", "").replace("）", "")), 1, "branch_same",
                "constructed: one branch written twice")
    for a, b, kind, note in REAL_DIFFERENT:
        if kind == "abbreviation_positive_placeholder":
            continue
        add(a, b, 0, kind, "real: " + note)

    brands = corpus()
    four = [n for n in brands if len(n) == 4 and n[2:] in TRADES]
    by_start: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_brand: dict[str, list[str]] = defaultdict(list)
    for n in four:
        by_start[(n[0], n[2:])].append(n)
        by_brand[n[:2]].append(n)
    lookalikes = [(v[0], v[1]) for v in by_start.values() if len(v) >= 2]
    rnd.shuffle(lookalikes)
    for x, y in lookalikes[:45]:
        city = rnd.choice(HUNAN_CITIES)
        form = rnd.choice(FORMS)
        add(f"{city}{x}{form}", f"{city}{y}{form}", 0, "lookalike",
            "corpus short names of two different brands, same city and form (constructed full names)")
    trade_pairs = [(v[0], v[1]) for v in by_brand.values() if len(v) >= 2]
    rnd.shuffle(trade_pairs)
    for x, y in trade_pairs[:30]:
        city = rnd.choice(HUNAN_CITIES)
        add(f"{city}{x}有限公司", f"{city}{y}有限公司", 0, "different_industry_word",
            "corpus: one 字号 with two trade words (constructed full names)")
    singles = [n for n in four if len(by_brand[n[:2]]) == 1]
    rnd.shuffle(singles)
    for n in singles[:25]:
        city, other = rnd.sample(HUNAN_CITIES, 2)
        add(f"{city}{n}有限公司", f"{other}{n}有限公司", 0, "different_region",
            "constructed: one brand registered in two cities is two registrations")
    for n in singles[25:55]:
        city = rnd.choice(HUNAN_CITIES)
        district = rnd.choice(DISTRICTS)
        kind = rnd.choice(["region_prefix", "bracket_region", "legal_form", "abbreviation", "width_space"])
        full = f"{city}市{n}有限公司"
        if kind == "region_prefix":
            other = rnd.choice([f"湖南省{n}有限公司", f"{n}有限公司", f"湖南省{city}市{n}有限公司",
                                f"{city}市{district}{n}有限公司" if city == "长沙" else f"湖南{city}{n}有限公司"])
        elif kind == "bracket_region":
            other = rnd.choice([f"{n}({city})有限公司", f"{n}（湖南）有限公司", f"{n[:2]}（{city}）{n[2:]}有限公司"])
        elif kind == "legal_form":
            other = f"{city}{n}" + rnd.choice(["股份有限公司", "有限责任公司"])
        elif kind == "abbreviation":
            other = rnd.choice([n, n[:2]])
        else:
            other = f"{city}市 {n} 有限公司"
        add(full, other, 1, kind, "corpus brand, constructed spellings of one enterprise")
    for n in singles[55:67]:
        city = rnd.choice(HUNAN_CITIES)
        add(f"{city}{n}有限公司{rnd.choice(DISTRICTS)}分公司", f"{city}{n}有限公司", 0, "branch",
            "corpus brand, constructed branch vs parent")

    with open(HERE / "pairs.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["a", "b", "label", "kind", "note"])
        writer.writerows(rows)
    positives = sum(r[2] for r in rows)
    print(f"{len(rows)} pairs, {positives} same, {len(rows) - positives} different")


if __name__ == "__main__":
    main()
