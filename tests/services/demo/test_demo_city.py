"""The demo city holds together (示例数据): parks, titles, names, codes and figures a Changsha analyst would accept."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from functools import cache

import pytest
from sqlalchemy import select

from chainatlas import reference
from chainatlas.domain.tags import parse_tags
from chainatlas.domain.uscc import check_uscc
from chainatlas.services.demo import city, names
from chainatlas.services.demo.registry import LARGE_EMPLOYEES, LARGE_REVENUE_WAN, RegistryGenerator
from chainatlas.services.setup import LEADER_MIN_REVENUE_FEN, build_demo
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprise_tags, enterprises, evaluations, meta, placements

LAST_YEAR = 2025
SIZE = 3000
# The year each title began (docs/rules.md §4; the test's own figures, not the generator's): 高新技术企业 under the
# 2008 认定管理办法, provincial 专精特新 lists from 2013 at the earliest, the first national "小巨人" batch in
# 2019, 创新型中小企业 from 工信部企业〔2022〕63号.
STARTS = {"high_tech": 2008, "specialised_sme": 2013, "little_giant": 2019, "innovative_sme": 2022}
SME_TITLES = ("innovative_sme", "specialised_sme", "little_giant")


@cache
def demo_rows() -> tuple[list[str], list[dict[str, str]]]:
    generator = RegistryGenerator(region="430100", seed=2026, years=3, last_year=LAST_YEAR)
    header = generator.headers()
    return header, [dict(zip(header, row, strict=True)) for row, _ in generator.rows(SIZE)]


def _county(row: dict[str, str]) -> str:
    code, reason = reference.regions().resolve(row["所属区县"])
    assert code is not None, reason
    return code


def _figure(row: dict[str, str], label: str) -> float:
    return float(row[label])


def _revenue(row: dict[str, str]) -> float:
    return _figure(row, f"{LAST_YEAR}年营业收入（万元）")


def _staff(row: dict[str, str]) -> int:
    return int(row[f"{LAST_YEAR}年从业人员"])


def _tags(row: dict[str, str]) -> dict[str, int | None]:
    return dict(parse_tags(row["资质/标签"])[0])


def test_every_park_lies_in_its_district_and_holds_the_firms_of_its_industries() -> None:
    _, rows = demo_rows()
    parks = {p.name: p for p in city.CHANGSHA_PARKS}
    chains = {c.id: c for c in (reference.read_chain_file(p) for p in reference.builtin_chain_files())}
    in_parks = [row for row in rows if row["园区"]]
    assert len(in_parks) > SIZE // 3
    for row in in_parks:
        park = parks[row["园区"]]
        assert _county(row) == park.county, (row["企业名称"], row["园区"], row["所属区县"])
        words = {w for chain_id in park.chains for link in chains[chain_id].links for w in link.vocabulary()}
        scope = row["经营范围"]
        held = any(w in scope for w in words) or any(
            line in scope for kind, lines in _out_lines() if kind in park.kinds for line in lines)
        assert held, (row["企业名称"], row["园区"], scope)
    # 浏阳's parks never hold a firm of 芙蓉区, and every real park has firms.
    assert {row["园区"] for row in in_parks} >= {p.name for p in city.CHANGSHA_PARKS if p.chains}


def _out_lines() -> tuple[tuple[str, tuple[str, ...]], ...]:
    from chainatlas.services.demo.registry import OUT_OF_CHAIN_LINES
    return OUT_OF_CHAIN_LINES


def test_inner_districts_hold_few_factories() -> None:
    _, rows = demo_rows()
    factories = [row for row in rows if row["行业代码"][:2].isdigit() and 13 <= int(row["行业代码"][:2]) <= 43]
    inner = sum(1 for row in factories if _county(row) in city.INNER_DISTRICTS)
    assert inner / len(factories) < 0.06
    assert sum(1 for row in factories if _county(row) == "430121") > 3 * max(inner, 1)


def test_titles_start_in_the_year_each_began_and_after_the_firm_was_founded() -> None:
    _, rows = demo_rows()
    seen = Counter()
    for row in rows:
        founded = date.fromisoformat(row["成立日期"])
        for tag, year in _tags(row).items():
            if tag not in STARTS:
                continue
            seen[tag] += 1
            assert year is not None and STARTS[tag] <= year <= LAST_YEAR, (row["资质/标签"], tag)
            assert year > founded.year, (row["企业名称"], row["成立日期"], row["资质/标签"])
        tags = _tags(row)
        if "little_giant" in tags:
            assert "specialised_sme" in tags and tags["specialised_sme"] < tags["little_giant"]
    assert all(seen[tag] for tag in STARTS)


def test_title_shares_are_those_of_a_real_city() -> None:
    _, rows = demo_rows()
    share = {tag: sum(1 for row in rows if tag in _tags(row)) / len(rows)
             for tag in (*STARTS, "above_scale", "listed")}
    assert 0.08 <= share["high_tech"] <= 0.18, share
    assert 0.015 <= share["specialised_sme"] <= 0.05, share
    assert 0.0005 <= share["little_giant"] <= 0.008, share
    assert share["specialised_sme"] < share["innovative_sme"] <= 0.10, share
    assert 0.15 <= share["above_scale"] <= 0.35, share
    assert share["listed"] <= 0.01, share


def test_sme_titles_never_on_large_firms() -> None:
    _, rows = demo_rows()
    large = [row for row in rows if _revenue(row) >= LARGE_REVENUE_WAN or _staff(row) >= LARGE_EMPLOYEES]
    assert large, "the demo needs some large firms"
    for row in large:
        assert not set(_tags(row)) & set(SME_TITLES), (row["企业名称"], row["资质/标签"])


def test_names_are_region_trade_name_industry_word_and_legal_form() -> None:
    _, rows = demo_rows()
    curated = set(names.trade_names())
    forms = names.LEGAL_FORMS
    assert len({row["企业名称"] for row in rows}) == len(rows)
    for row in rows:
        name = row["企业名称"]
        assert not [bad for bad in names.FORBIDDEN_WORDS if bad in name], name
        assert name.endswith(forms), name
        regions = names.region_words(row["统一社会信用代码"][2:8])
        region = next((r for r in regions if name.startswith(r) and name[len(r):len(r) + 2] in curated), None)
        if region is not None:
            trade = name[len(region):len(region) + 2]
        else:  # 字号 + 行业词 + （区域） + 组织形式
            trade = name[:2]
            assert any(f"（{r}）" in name for r in regions), name
        assert trade in curated, name
        assert any(word in name for word in names.industry_words(row["行业代码"])), (name, row["行业代码"])
        assert all(ch in names.TRADE_NAME_CHARACTERS for ch in trade), name


def test_the_curated_trade_names_leave_out_the_joke_words_of_the_corpus() -> None:
    corpus = set((reference.DATA / "brand_words.txt").read_text(encoding="utf-8").split())
    curated = names.trade_names()
    assert {"臭屁虫", "香啦啦", "跟屁虫", "小臭宝"} <= corpus  # the corpus has them …
    assert len(curated) > 1000 and set(curated) <= corpus
    for word in curated:  # … the demo never does
        assert not [bad for bad in names.FORBIDDEN_WORDS if bad in word], word
        assert word not in names.REAL_FIRM_TRADE_NAMES


def test_industry_words_follow_the_industry_code() -> None:
    assert "医疗器械" in names.industry_words("3581")
    assert "医疗器械" not in names.industry_words("3511")
    assert "电池" in names.industry_words("3841")
    assert not {"装备", "机械"} & set(names.industry_words("2614"))


def test_every_line_of_no_chain_has_its_own_industry_code() -> None:
    from chainatlas.services.demo.registry import _LINE_CODES
    known = reference.industries()
    for _, lines in _out_lines():
        for line in lines:
            assert _LINE_CODES[line] in known, line
    assert _LINE_CODES["中式餐饮连锁"] != _LINE_CODES["旅行社服务"]
    assert "餐饮" in names.industry_words(_LINE_CODES["中式餐饮连锁"])


def test_credit_codes_are_valid_and_carry_the_district() -> None:
    _, rows = demo_rows()
    for row in rows:
        check = check_uscc(row["统一社会信用代码"])
        assert check.valid and not check.warnings, (row["统一社会信用代码"], check.errors, check.warnings)
        assert check.region_code == _county(row)
        old = date.fromisoformat(row["成立日期"]) < date(2015, 10, 1)
        assert check.code[8:10].isdigit() if old else check.code[8:10] == "MA", (check.code, row["成立日期"])


def test_figures_are_heavy_tailed_and_plausible() -> None:
    _, rows = demo_rows()
    revenue = sorted(_revenue(row) for row in rows)
    assert statistics.median(revenue) * 3 < statistics.mean(revenue)
    assert 200 <= statistics.median(revenue) <= 2000  # most firms are small (万元)
    top = revenue[-len(revenue) // 100:]
    assert sum(top) / sum(revenue) > 0.2  # the largest 1% make a fifth of the revenue
    assert revenue[-1] >= 100_000  # a city has firms of 10亿 and more
    factories = [row for row in rows if row["行业代码"][:2].isdigit() and 13 <= int(row["行业代码"][:2]) <= 43
                 and _staff(row) >= 20]
    per_head = statistics.median(_revenue(row) / _staff(row) for row in factories)
    assert 30 <= per_head <= 150, per_head  # 万元 per employee in manufacturing
    capitals = Counter(row["注册资本（万元）"] for row in rows)
    assert all(int(c) in (10, 30, 50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000, 20000,
                          30000, 50000, 100000) for c in capitals)
    first_year = LAST_YEAR - 2
    assert all(date.fromisoformat(row["成立日期"]).year < first_year for row in rows)
    rd = [_figure(row, f"{LAST_YEAR}年研发费用（万元）") / _revenue(row) for row in rows]
    assert statistics.median(rd) < 0.02 and sum(1 for r in rd if r >= 0.03) / len(rd) < 0.3
    debt = [_figure(row, f"{LAST_YEAR}年负债总额（万元）") / _figure(row, f"{LAST_YEAR}年资产总额（万元）")
            for row in rows]
    assert 0.4 <= statistics.median(debt) <= 0.6


def test_other_regions_get_parks_inside_their_own_counties() -> None:
    generator = RegistryGenerator(region="430200", seed=4, years=1, last_year=LAST_YEAR)
    header = generator.headers()
    by_name = {p.name: p for p in generator.layout.parks}
    rows = [dict(zip(header, row, strict=True)) for row, _ in generator.rows(400)]
    assert any(row["园区"] for row in rows)
    for row in rows:
        if row["园区"]:
            assert _county(row) == by_name[row["园区"]].county


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(str(path), size=800)
    return str(path)


def test_demo_database_leaders_make_the_products_of_the_link_they_lead(demo_db: str) -> None:
    engine = engine_for(resolve_url(demo_db))
    with engine.connect() as conn:
        rows = conn.execute(select(placements.c.enterprise_id, placements.c.chain_id, placements.c.link_id,
                                   placements.c.role, placements.c.confidence, placements.c.matched_words,
                                   placements.c.status, enterprises.c.revenue_fen, enterprises.c.main_products)
                            .join(enterprises, enterprises.c.id == placements.c.enterprise_id)).all()
        mark = conn.execute(select(meta.c.value).where(meta.c.key == "demo")).scalar()
    assert mark and "示例数据" in mark
    best: dict[int, float] = {}
    for row in rows:
        best[row.enterprise_id] = max(best.get(row.enterprise_id, 0.0), row.confidence)
    leaders = [row for row in rows if row.role == "leader"]
    assert leaders
    for row in leaders:
        products = [w.removeprefix("产品：") for w in row.matched_words if w.startswith("产品：")]
        assert products, (row.chain_id, row.link_id, row.main_products)
        assert all(p.split("→")[0] in row.main_products for p in products)
        assert row.confidence >= best[row.enterprise_id] and row.status == "confirmed"
        assert row.revenue_fen >= LEADER_MIN_REVENUE_FEN
    assert len({row.enterprise_id for row in leaders}) == len(leaders)


def test_demo_database_parks_titles_and_evaluations_hold_together(demo_db: str) -> None:
    engine = engine_for(resolve_url(demo_db))
    parks = {p.name: p.county for p in city.CHANGSHA_PARKS}
    with engine.connect() as conn:
        placed = conn.execute(select(enterprises.c.park, enterprises.c.region_code)
                              .where(enterprises.c.park.is_not(None), enterprises.c.park != "")).all()
        tags = conn.execute(select(enterprise_tags.c.tag, enterprise_tags.c.year)).all()
        innovative = conn.execute(select(evaluations.c.qualified).where(evaluations.c.rule == "innovative_sme")
                                  ).scalars().all()
    assert placed and all(parks[park] == region for park, region in placed)
    assert all(year is not None and year >= STARTS[tag] for tag, year in tags if tag in STARTS)
    assert sum(1 for q in innovative if q) / len(innovative) < 0.35  # not three in four firms

