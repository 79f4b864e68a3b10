"""The 风险预警 page in a real headless Chromium over the demo database with an enterprise in distress added by
the monitoring factories: warnings coloured by level and new first, filters and Excel, acknowledging with a
comment, a scan, the rule set saved as a new version, and the chain map's count linking to the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chainatlas.services import monitoring, setup
from chainatlas.store.db import engine_for, resolve_url
from services.monitoring.factories import add_falling
from web.chromium import MARKS, WIDE, serving, shot, sign_in

pytestmark = MARKS
DISTRESSED = "示例下滑电池有限公司"


def add_distress(db: str) -> None:
    """A pack maker whose output fell by 30% in each of the last three months, and the city scanned again."""
    engine = engine_for(resolve_url(db))
    add_falling(engine, DISTRESSED)
    monitoring.refresh(engine)
    monitoring.scan(engine, "430100")
    engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("risks") / "demo.db"
    setup.build_demo(str(db), size=400)
    add_distress(str(db))
    yield from serving(db)


def rows(page: object) -> list[dict]:
    return page.eval_on_selector_all("#risks-table tbody tr.risk-row", """trs => trs.map(tr => ({
        id: tr.dataset.id, level: tr.querySelector('.risk-level').className.split(' ')[1],
        text: tr.innerText, acked: tr.classList.contains('acked')}))""")  # type: ignore[attr-defined]


def test_the_city_lists_acknowledges_filters_and_scans(anonymous: object, server: str) -> None:
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, "demo-city")
    page.goto(server + "/risks?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("#risks-table tbody tr.risk-row")  # type: ignore[attr-defined]
    page.wait_for_selector("#rules-table tbody tr")  # type: ignore[attr-defined]
    listed = rows(page)
    assert {r["level"] for r in listed} >= {"orange", "yellow"} and not any(r["acked"] for r in listed)
    decline = next(r for r in listed if DISTRESSED in r["text"])
    assert "连续3个月同比下降超过20%" in decline["text"] and "−30.0%" in decline["text"]
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    shot(page, "risks-1366")
    # acknowledge the first warning with a comment: it stays listed, after the new ones
    first = listed[0]["id"]
    page.click(f"#risks-table button.ack[data-id='{first}']")  # type: ignore[attr-defined]
    page.fill("#risks-table tr.ack-form input[name=comment]", "已安排走访企业")  # type: ignore[attr-defined]
    page.click("#risks-table tr.ack-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector(f"#risks-table tr.acked[data-id='{first}']")  # type: ignore[attr-defined]
    after = rows(page)
    assert after[-1]["id"] == first and "已安排走访企业" in after[-1]["text"] and "demo-city" in after[-1]["text"]
    # a level filter, and the Excel link follows it
    page.select_option("#f-level", "orange")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('export-xlsx').href.includes('level=orange')")  # type: ignore
    page.wait_for_selector("#risks-table tbody tr.risk-row")  # type: ignore[attr-defined]
    assert {r["level"] for r in rows(page)} == {"orange"}
    # a scan of the city finds the same conditions again: nothing new, nothing ended
    page.select_option("#f-region", "430100")  # type: ignore[attr-defined]
    page.click("#scan")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('scan-message').textContent.includes('扫描完成')")  # type: ignore
    assert "新增 0" in page.inner_text("#scan-message") and "解除 0" in page.inner_text("#scan-message")  # type: ignore


def test_the_rule_set_is_saved_as_a_new_version(anonymous: object, server: str) -> None:
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, "demo-city")
    page.goto(server + "/risks")  # type: ignore[attr-defined]
    page.wait_for_selector("#rules-table input[data-param=drop_pct]")  # type: ignore[attr-defined]
    assert "当前版本 1" in page.inner_text("#rules-version")  # type: ignore[attr-defined]
    page.fill("#rules-table input[data-rule=no_report][data-param=months]", "99")  # type: ignore[attr-defined]
    page.click("#rules-save")  # type: ignore[attr-defined]
    page.wait_for_selector("#rules-message.bad")  # type: ignore[attr-defined]
    assert "规则“no_report”（月报中断）的字段 params.months" in page.inner_text("#rules-message")  # type: ignore
    page.fill("#rules-table input[data-rule=no_report][data-param=months]", "3")  # type: ignore[attr-defined]
    page.fill("#rules-note", "月报中断放宽到3个月")  # type: ignore[attr-defined]
    page.click("#rules-save")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('rules-version').textContent.includes('2')")  # type: ignore
    assert "已保存为版本 2" in page.inner_text("#rules-message")  # type: ignore[attr-defined]
    shot(page, "risks-rules-1366")


def test_a_reader_sees_no_buttons_and_the_map_counts_the_chains_warnings(anonymous: object, server: str) -> None:
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, "demo-viewer")
    page.goto(server + "/risks")  # type: ignore[attr-defined]
    page.wait_for_selector("#risks-table tbody tr.risk-row")  # type: ignore[attr-defined]
    assert page.locator("#scan").count() == 0 and page.locator("#rules-save").count() == 0  # type: ignore
    assert page.locator("#risks-table button.ack").count() == 0  # type: ignore[attr-defined]
    page.goto(server + "/map?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("#risk-count .risk-level")  # type: ignore[attr-defined]
    count = int(page.inner_text("#risk-count .risk-level"))  # type: ignore[attr-defined]
    assert count > 0 and page.get_attribute("#risk-count", "href") == "/risks?chain=lithium-battery"  # type: ignore
    page.click("#risk-count")  # type: ignore[attr-defined]
    page.wait_for_selector("#risks-table tbody tr.risk-row")  # type: ignore[attr-defined]
    assert page.locator("#risks-table tbody tr.risk-row").count() == count  # type: ignore[attr-defined]
    shot(page, "risks-map-count")
