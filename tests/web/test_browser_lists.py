"""The work-list pages in a real headless Chromium (Debian's), offline, over the demo database: a project walks
its stages through the page (buttons only for the allowed next stages, the history grows, skipped stages are
marked, ending needs a reason) at 1366×768 with no sideways scrolling; an account that may not write sees no
buttons; goals show the 时间过半、任务过半 verdict; the home page lists lagging goals and delayed projects."""

from __future__ import annotations

from web.chromium import MARKS, WIDE, shot, sign_in

pytestmark = MARKS
ORDER = ["negotiating", "signed", "registered", "started", "producing"]


def laptop(page: object, base: str, username: str) -> object:
    sign_in(page, base, username)
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    return page


def buttons(page: object) -> list[str]:
    return page.eval_on_selector_all("#transitions button", "bs => bs.map(b => b.dataset.to)")  # type: ignore


def move(page: object, to: str, reason: str | None = None) -> None:
    page.click(f"#transitions button[data-to={to}]")  # type: ignore[attr-defined]
    if reason is not None:
        page.fill("#advance-form input[name=reason]", reason)  # type: ignore[attr-defined]
    page.click("#advance-confirm")  # type: ignore[attr-defined]
    page.wait_for_selector(f"#current-stage:text-is('{ {'signed': '签约', 'started': '开工', 'terminated': '终止'}[to] }')")  # type: ignore


def test_a_project_walks_its_stages_through_the_page(anonymous: object, server: str) -> None:
    page = laptop(anonymous, server, "demo-city")
    page.goto(server + "/projects?list=investment&stage=negotiating")  # type: ignore[attr-defined]
    page.wait_for_selector("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    page.wait_for_selector("#funnel-stages .funnel-step")  # type: ignore[attr-defined]
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/lists-projects-1366.png", full_page=True)  # type: ignore[attr-defined]
    shot(page, "projects-1366")
    page.click("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    page.wait_for_selector("#transitions button")  # type: ignore[attr-defined]
    assert buttons(page) == [*ORDER[1:], "terminated"]  # every stage ahead (skipping allowed) and ending
    history = page.locator("#history tbody tr").count()  # type: ignore[attr-defined]

    move(page, "signed")
    assert buttons(page) == [*ORDER[2:], "terminated"]  # no way back to 洽谈
    assert "洽谈 → 签约" in page.locator("#history tbody tr").first.inner_text()  # type: ignore[attr-defined]
    move(page, "started")  # 注册落地 passed over
    assert "跳过" in page.locator("#stages tr[data-stage=registered]").inner_text()  # type: ignore[attr-defined]
    assert page.locator("#stages tr[data-stage=started] td").nth(2).inner_text() != "–"  # type: ignore[attr-defined]
    assert page.locator("#history tbody tr").count() == history + 2  # type: ignore[attr-defined]

    page.click("#transitions button[data-to=terminated]")  # type: ignore[attr-defined]
    page.click("#advance-confirm")  # type: ignore[attr-defined]  # no reason: the form does not go
    assert page.locator("#current-stage").inner_text() == "开工"  # type: ignore[attr-defined]
    page.click("#advance-form [data-cancel]")  # type: ignore[attr-defined]
    page.fill("#milestone-form input[name=note]", "调度会：协调用电指标")  # type: ignore[attr-defined]
    page.click("#milestone-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#history tbody tr[data-kind=milestone] >> text=调度会：协调用电指标")  # type: ignore
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/lists-project-1366.png", full_page=True)  # type: ignore[attr-defined]
    shot(page, "project-1366")
    move(page, "terminated", reason="投资方调整产能布局（测试）")
    assert buttons(page) == []  # 终止 is final
    assert "投资方调整产能布局（测试）" in page.locator("#facts").inner_text()  # type: ignore[attr-defined]


def test_an_account_that_may_not_write_sees_no_buttons(anonymous: object, server: str) -> None:
    page = laptop(anonymous, server, "demo-viewer")
    page.goto(server + "/projects?list=investment")  # type: ignore[attr-defined]
    page.wait_for_selector("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    assert page.locator("#new-item").count() == 0  # type: ignore[attr-defined]
    page.click("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    page.wait_for_selector("#stages tbody tr")  # type: ignore[attr-defined]
    assert buttons(page) == []
    assert page.locator("#edit-form").is_hidden() and page.locator("#milestone-form").is_hidden()  # type: ignore


def test_the_investment_bureau_moves_investment_projects_and_only_reads_major_ones(anonymous: object,
                                                                                    server: str) -> None:
    page = laptop(anonymous, server, "demo-invest")
    page.goto(server + "/projects?list=major")  # type: ignore[attr-defined]
    page.wait_for_selector("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    page.click("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    page.wait_for_selector("#stages tbody tr")  # type: ignore[attr-defined]
    assert buttons(page) == [] and page.locator("#edit-form").is_hidden()  # type: ignore[attr-defined]
    page.goto(server + "/projects?list=investment&stage=negotiating")  # type: ignore[attr-defined]
    page.wait_for_selector("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    assert page.locator("#new-item").count() == 1  # type: ignore[attr-defined]
    assert page.locator("#create-form select[name=list] option").all_inner_texts() == ["招商项目"]  # type: ignore
    page.click("#projects-table tbody tr[data-project] a")  # type: ignore[attr-defined]
    page.wait_for_selector("#stages tbody tr")  # type: ignore[attr-defined]
    assert buttons(page), "an investment project of its city: the bureau may move it"


def test_goals_show_their_pace_and_the_home_page_what_lags(anonymous: object, server: str) -> None:
    page = laptop(anonymous, server, "demo-city")
    page.goto(server + "/goals")  # type: ignore[attr-defined]
    page.wait_for_selector("#goals-table tbody tr[data-goal]")  # type: ignore[attr-defined]
    lagging = page.locator("#goals-table tbody tr.lagging")  # type: ignore[attr-defined]
    assert lagging.count() >= 1 and "落后" in lagging.first.inner_text()
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/lists-goals-1366.png", full_page=True)  # type: ignore[attr-defined]
    shot(page, "goals-1366")
    page.select_option("#f-lagging", "true")  # type: ignore[attr-defined]
    page.wait_for_function("location.search.includes('lagging=true')")  # type: ignore[attr-defined]
    page.wait_for_selector("#goals-table tbody tr[data-goal]")  # type: ignore[attr-defined]
    assert page.locator("#goals-table tbody tr[data-goal]").count() == lagging.count()  # type: ignore
    assert "lagging=true" in page.get_attribute("#export-xlsx", "href")  # type: ignore[attr-defined]
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#home-lagging li[data-goal]")  # type: ignore[attr-defined]
    page.wait_for_selector("#home-delayed li[data-project]")  # type: ignore[attr-defined]
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/lists-home-1366.png", full_page=True)  # type: ignore[attr-defined]
    page.goto(server + "/results")  # type: ignore[attr-defined]
    page.wait_for_selector("#results-table tbody tr[data-result]")  # type: ignore[attr-defined]
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    shot(page, "results-1366")
    page.goto(server + "/map?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("#chain-lists a[data-list=projects]")  # type: ignore[attr-defined]
    page.click("#chain-lists a[data-list=projects]")  # type: ignore[attr-defined]
    page.wait_for_selector("#projects-table tbody tr[data-project]")  # type: ignore[attr-defined]
    assert page.locator("#f-chain").input_value() == "lithium-battery"  # type: ignore[attr-defined]


def test_pages_keep_working_when_a_form_is_refused(anonymous: object, server: str) -> None:
    """A goal outside the account's district is refused with the service's Chinese reason on the form."""
    page = laptop(anonymous, server, "demo-yuelu")
    page.goto(server + "/goals")  # type: ignore[attr-defined]
    page.wait_for_selector("#goals-table tbody tr")  # type: ignore[attr-defined]
    page.click("#new-item")  # type: ignore[attr-defined]
    form = "#create-form"
    page.fill(f"{form} input[name=indicator]", "产值")  # type: ignore[attr-defined]
    page.fill(f"{form} input[name=unit]", "亿元")  # type: ignore[attr-defined]
    page.select_option(f"{form} select[name=chain]", "lithium-battery")  # type: ignore[attr-defined]
    page.fill(f"{form} input[name=period]", "2026")  # type: ignore[attr-defined]
    page.fill(f"{form} input[name=target]", "abc")  # type: ignore[attr-defined]
    page.click(f"{form} button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector(f"{form} [data-form-error]:not(:empty)")  # type: ignore[attr-defined]
    assert "目标值" in page.locator(f"{form} [data-form-error]").inner_text()  # type: ignore[attr-defined]
    page.fill(f"{form} input[name=target]", "12")  # type: ignore[attr-defined]
    page.select_option(f"{form} select[name=region]", "430100")  # type: ignore[attr-defined]  # the whole city
    page.click(f"{form} button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector(f"{form} [data-form-error]:text-matches('无权')")  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/lists-goal-refused.png", full_page=True)  # type: ignore[attr-defined]
    page.select_option(f"{form} select[name=region]", "430104")  # type: ignore[attr-defined]  # its own district
    page.click(f"{form} button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/goals/*")  # type: ignore[attr-defined]
    page.wait_for_selector("#facts dt")  # type: ignore[attr-defined]
    assert page.locator("#item-title").inner_text() == "产值"  # type: ignore[attr-defined]
    page.fill("#actual-form input[name=period]", "2026-06")  # type: ignore[attr-defined]
    page.fill("#actual-form input[name=value]", "3")  # type: ignore[attr-defined]
    page.click("#actual-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#actuals tbody tr >> text=3 亿元")  # type: ignore[attr-defined]
