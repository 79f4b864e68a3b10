"""运行监测 in a real headless Chromium over the demo database with monthly figures: a chain's dashboard with
its charts and data links (from the menu and from the map), the home page's ranking with its sentence, a
county's view, all at 1366×768 in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from web.chromium import HEADER_ON_ONE_LINE, MARKS, WIDE, demo_server, shot, sign_in

pytestmark = MARKS
DRAWN = "() => document.querySelector('#chart-output canvas') && document.querySelector('[data-kpi=output]').textContent !== '–'"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, with its monthly figures from January 2024 to October 2026 (示例数据)."""
    with demo_server(tmp_path_factory.mktemp("browser-monitoring")) as url:
        yield url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chains_dashboard_fits_an_office_screen(anonymous: object, server: str, lang: str) -> None:
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, "demo-city")
    page.goto(f"{server}/dashboard?chain=lithium-battery&region=430100&month=2026-10&lang={lang}")  # type: ignore[attr-defined]
    page.wait_for_function(DRAWN)  # type: ignore[attr-defined]
    for chart in ("output", "revenue", "above", "moves", "projects", "work"):
        assert page.locator(f"#chart-{chart} canvas").count() == 1, chart  # type: ignore[attr-defined]
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    assert page.evaluate(HEADER_ON_ONE_LINE) == {"height": 56, "broken": []}  # type: ignore[attr-defined]
    assert page.locator("[data-kpi=output_yoy]").inner_text().endswith("%")  # type: ignore[attr-defined]
    json_href = page.get_attribute("#card-output a.json", "href")  # type: ignore[attr-defined]
    xlsx_href = page.get_attribute("#card-revenue a.xlsx", "href")  # type: ignore[attr-defined]
    assert "region=430100" in json_href and "month=2026-10" in json_href and ".xlsx" in xlsx_href
    data = page.evaluate("(u) => fetch(u).then(r => r.json())", json_href)  # type: ignore[attr-defined]
    assert data["month"] == "2026-10" and len(data["series"]) == 24 and data["output_ytd_wan_yuan"]
    excel = page.evaluate("(u) => fetch(u).then(r => [r.status, r.headers.get('content-type')])", xlsx_href)  # type: ignore[attr-defined]
    assert excel[0] == 200 and "spreadsheetml" in excel[1]
    title = page.locator("h1").inner_text()  # type: ignore[attr-defined]
    assert ("产业链运行监测" if lang == "zh" else "Chain performance") in title
    shot(page, f"dashboard-1366-{lang}")


def test_the_dashboard_is_in_the_menu_and_on_the_map(anonymous: object, server: str) -> None:
    page = anonymous
    sign_in(page, server, "demo-city")
    hrefs = page.eval_on_selector_all("header nav a", "links => links.map(a => a.getAttribute('href'))")  # type: ignore[attr-defined]
    assert "/dashboard" in hrefs
    page.goto(f"{server}/map?chain=lithium-battery")  # type: ignore[attr-defined]
    page.click("#map-dashboard")  # type: ignore[attr-defined]
    page.wait_for_url("**/dashboard?chain=lithium-battery*")  # type: ignore[attr-defined]
    page.wait_for_function(DRAWN)  # type: ignore[attr-defined]
    assert page.input_value("#d-month") == "2026-10"  # type: ignore[attr-defined]  (the latest with figures)
    page.select_option("#d-chain", "construction-machinery")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.getElementById('dash-name').textContent.includes('工程机械')")  # type: ignore[attr-defined]
    assert "chain=construction-machinery" in page.url  # type: ignore[attr-defined]


def test_the_home_page_ranks_the_chains_by_growth(anonymous: object, server: str) -> None:
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, "demo-city")
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#home-dash-table:not([hidden]) tbody tr")  # type: ignore[attr-defined]
    sentence = page.inner_text("#home-dash-sentence")  # type: ignore[attr-defined]
    assert sentence.startswith("1—10月，全市产业链规上企业实现产值") and "亿元，同比" in sentence
    rows = page.locator("#home-dash-table tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 10
    assert rows.first.locator("td").first.inner_text() == "1"
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    rows.first.locator("a").first.click()
    page.wait_for_url("**/dashboard?chain=*region=430100*")  # type: ignore[attr-defined]
    page.wait_for_function(DRAWN)  # type: ignore[attr-defined]
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#home-dash-table:not([hidden]) tbody tr")  # type: ignore[attr-defined]
    shot(page, "overview-ranking")


def test_a_county_sees_its_county_and_is_told_clearly_about_the_city(anonymous: object, server: str) -> None:
    page = anonymous
    sign_in(page, server, "demo-yuelu")
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#home-dash-table:not([hidden]) tbody tr")  # type: ignore[attr-defined]
    assert page.inner_text("#home-dash-sentence").startswith("1—10月，岳麓区产业链")  # type: ignore[attr-defined]
    page.goto(f"{server}/dashboard?chain=lithium-battery&region=430100")  # type: ignore[attr-defined]
    page.wait_for_selector("#dash-error:not([hidden])")  # type: ignore[attr-defined]
    assert "无权查看" in page.inner_text("#dash-error")  # type: ignore[attr-defined]
    answer = page.evaluate("() => fetch('/api/v1/dashboard?region=430100').then(r => r.status)")  # type: ignore[attr-defined]
    assert answer == 403
