"""The 招商图谱 page and the what-if on the map in a real headless Chromium over the demo database: the
investment bureau lands on its targets, picks and dismisses; the what-if recolours the map."""

from __future__ import annotations

from web.chromium import MARKS, WIDE, click_node, shot, sign_in

pytestmark = MARKS


def test_the_investment_bureau_lands_on_the_target_map_and_picks_and_dismisses(anonymous: object, server: str) -> None:
    """demo-invest opens on 招商图谱: missing and weak links with targets and reasons; a dismissed target does
    not come back; an accepted one becomes a 洽谈 project of its pipeline; a picked one waits in the what-if."""
    page = anonymous
    sign_in(page, server, "demo-invest")
    page.wait_for_url("**/targets*")  # type: ignore[attr-defined]
    page.wait_for_selector(".target-link table.targets tbody tr")  # type: ignore[attr-defined]
    first = page.locator(".target-link table.targets tbody tr").first  # type: ignore[attr-defined]
    assert "匹配" in first.inner_text()
    shot(page, "targets")
    dismissed = first.get_attribute("data-key")
    page.once("dialog", lambda dialog: dialog.accept("已在外省扩产，暂无落地意向"))  # type: ignore[attr-defined]
    first.locator(".t-dismiss").click()
    page.wait_for_function("(key) => window.CA.targets && !document.querySelector(`tr[data-key='${key}']`)",
                           arg=dismissed)  # type: ignore[attr-defined]
    assert all(i["enterprise"]["key"] != dismissed for link in page.evaluate("window.CA.targets.links")
               for i in link["items"])  # type: ignore[attr-defined]
    saved = page.locator(".target-link table.targets tbody tr").nth(1)  # type: ignore[attr-defined]
    name = saved.locator("b").first.inner_text()
    saved.locator(".t-accept").click()
    page.wait_for_function("(name) => document.querySelector('#saved-targets tbody').innerText.includes(name)",
                           arg=name)  # type: ignore[attr-defined]
    assert name not in page.locator("#target-links").inner_text()  # type: ignore[attr-defined]  # saved: off the list
    told = page.locator("#t-decision").inner_text()  # type: ignore[attr-defined]
    assert "已加入招商引资项目清单（洽谈）" in told  # the bureau keeps the investment pipeline: a 洽谈 project
    picked = page.locator(".target-link table.targets tbody tr").first  # type: ignore[attr-defined]
    picked.locator(".t-pick").click()
    assert page.locator("#t-picks").inner_text() == "1"  # type: ignore[attr-defined]
    page.click("#targets-to-map")  # type: ignore[attr-defined]
    page.wait_for_url("**/map?*")  # type: ignore[attr-defined]
    page.wait_for_function("window.CA && window.CA.map && window.CA.map.nodes().length > 0")  # type: ignore
    assert page.locator("#whatif-picks .chip").count() == 1  # type: ignore[attr-defined]


def test_the_chain_office_accepts_a_target_into_the_investment_pipeline(anonymous: object, server: str) -> None:
    """demo-city (writes the city's work lists) accepts a target: a 洽谈 project of the investment list, linked
    from the page and from the saved list; the project's page names the firm as investor."""
    page = anonymous
    sign_in(page, server, "demo-city")
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.goto(server + "/targets?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector(".target-link table.targets tbody tr")  # type: ignore[attr-defined]
    row = page.locator(".target-link table.targets tbody tr").first  # type: ignore[attr-defined]
    name = row.locator("b").first.inner_text()
    row.locator(".t-accept").click()
    page.wait_for_selector("#t-project-link")  # type: ignore[attr-defined]
    assert "已加入招商引资项目清单（洽谈）" in page.locator("#t-decision").inner_text()  # type: ignore[attr-defined]
    page.wait_for_function("(name) => !document.getElementById('target-links').innerText.includes(name)",
                           arg=name)  # type: ignore[attr-defined]
    page.wait_for_selector("#saved-targets tbody a[href^='/projects/']")  # type: ignore[attr-defined]
    left_out = page.evaluate("window.CA.targets.links.map((l) => l.excluded.pipeline)")  # type: ignore[attr-defined]
    assert sum(left_out) >= 1 and "已在招商项目清单 " in page.locator("#target-links").inner_text()  # type: ignore
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    shot(page, "targets-accepted")
    page.click("#t-project-link")  # type: ignore[attr-defined]
    page.wait_for_url("**/projects/*")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('current-stage')")  # type: ignore[attr-defined]
    assert page.locator("#current-stage").inner_text() == "洽谈"  # type: ignore[attr-defined]
    assert name in page.locator("#facts").inner_text()  # type: ignore[attr-defined]  # the investor


def test_a_missing_link_shows_its_targets_and_the_whatif_recolours_the_map(page: object, server: str) -> None:
    """Click a missing link: its targets; pick the best; 推演: the link turns weak on the map, rates rise."""
    page.goto(server + "/map?chain=lithium-battery&region=430100")  # type: ignore[attr-defined]
    page.wait_for_function("window.CA.map && window.CA.map.nodes().length > 0")  # type: ignore[attr-defined]
    missing = page.evaluate("""() => window.CA.map.nodes().filter((n) => n.data('status') === 'missing')
        .map((n) => n.id())""")  # type: ignore[attr-defined]
    assert missing, "the demo city has a missing lithium-battery link"
    click_node(page, missing[0], "document.querySelector('#link-targets li[data-key] .t-pick')")
    page.click("#link-targets li[data-key] .t-pick")  # type: ignore[attr-defined]
    assert page.locator("#whatif-picks .chip").count() == 1  # type: ignore[attr-defined]
    page.click("#whatif-run")  # type: ignore[attr-defined]
    page.wait_for_function("window.CA.whatif")  # type: ignore[attr-defined]
    after = page.evaluate("(id) => window.CA.map.getElementById(id).data('status')", missing[0])  # type: ignore
    assert after == "weak"
    assert page.evaluate("(id) => window.CA.map.getElementById(id).hasClass('changed')", missing[0])  # type: ignore
    rates = page.evaluate("[window.CA.whatif.before.supporting_rate, window.CA.whatif.after.supporting_rate]")  # type: ignore
    assert rates[1] > rates[0]
    assert "缺链 → 弱链" in page.locator("#wi-changed").inner_text()  # type: ignore[attr-defined]
    shot(page, "whatif")
    page.click("#whatif-reset")  # type: ignore[attr-defined]
    assert page.evaluate("(id) => window.CA.map.getElementById(id).data('status')", missing[0]) == "missing"  # type: ignore


def test_an_administrator_sets_the_ranking_weights_and_the_target_map_names_them(page: object, server: str) -> None:
    """招商评分权重: the administrator changes the weights under a name; the 招商图谱 ranks with them and says so;
    a weight that is not a number is refused in Chinese; 恢复默认 puts the defaults back."""
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.goto(server + "/target-weights")  # type: ignore[attr-defined]
    page.wait_for_selector("#weights-table input[name=fit]")  # type: ignore[attr-defined]
    assert "默认权重" in page.locator("#weights-in-force").inner_text()  # type: ignore[attr-defined]
    page.fill("#weights-table input[name=fit]", "3")  # type: ignore[attr-defined]
    page.fill("#weights-table input[name=scale]", "1")  # type: ignore[attr-defined]
    for part in ("growth", "standing", "ties", "expansion"):
        page.fill(f"#weights-table input[name={part}]", "0")  # type: ignore[attr-defined]
    page.fill("#weights-name", "重产品匹配")  # type: ignore[attr-defined]
    page.click("#weights-save")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('weights-message').className === 'ok'")  # type: ignore
    assert page.input_value("#weights-table input[name=fit]") == "0.75"  # type: ignore[attr-defined]  # scaled to 1
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    shot(page, "target-weights")
    page.goto(server + "/targets?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('t-weights').textContent.includes('重产品匹配')")  # type: ignore
    page.goto(server + "/target-weights")  # type: ignore[attr-defined]
    page.wait_for_selector("#weights-table input[name=fit]")  # type: ignore[attr-defined]
    page.evaluate("document.querySelector('#weights-table input[name=fit]').type = 'text'")  # type: ignore
    page.fill("#weights-table input[name=fit]", "很高")  # type: ignore[attr-defined]
    page.fill("#weights-name", "乱填")  # type: ignore[attr-defined]
    page.click("#weights-save")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('weights-message').className === 'bad'")  # type: ignore
    assert "不是数字" in page.locator("#weights-message").inner_text()  # type: ignore[attr-defined]
    page.once("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    page.click("#weights-reset")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('weights-in-force').textContent.includes('默认权重')")  # type: ignore
