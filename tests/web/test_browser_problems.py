"""The key-problem pages (重点问题) in a real headless Chromium over the demo database: a problem walks the
closed loop by its buttons and forms at 1366×768; a read-only account sees no buttons."""

from __future__ import annotations

from web.chromium import MARKS, WIDE, sign_in

pytestmark = MARKS


def problem_buttons(page: object) -> list[str]:
    """The transitions the problem page offers now (their target states)."""
    return [b.get_attribute("data-to") for b in page.locator("#actions [data-move]").all()]  # type: ignore


def move_by_form(page: object, to: str, fields: dict[str, str], landing: str, step: str) -> None:
    """Press the button of a move, check the form asks for what the move needs, fill it in and send it."""
    page.click(f"#actions [data-to={to}]")  # type: ignore[attr-defined]
    form = page.locator("#move-form")  # type: ignore[attr-defined]
    assert form.is_visible()
    for name in ("unit", "resolution", "satisfaction"):
        shown = page.locator(f"#move-form [data-field={name}]").is_visible()  # type: ignore[attr-defined]
        assert shown == (name in fields), (to, name, shown)
    for name, value in fields.items():
        if name == "satisfaction":
            page.select_option("#move-form select[name=satisfaction]", value)  # type: ignore[attr-defined]
        else:
            page.fill(f"#move-form [name={name}]", value)  # type: ignore[attr-defined]
    page.fill("#move-form [name=comment]", f"浏览器测试：{step}")  # type: ignore[attr-defined]
    assert page.evaluate(WIDE) <= 1366, f"{step}: the page scrolls sideways"  # type: ignore[attr-defined]
    page.screenshot(path=f"/tmp/problem-{step}.png", full_page=True)  # type: ignore[attr-defined]
    page.click("#move-submit")  # type: ignore[attr-defined]
    page.wait_for_selector(f"#problem-state[data-state={landing}]")  # type: ignore[attr-defined]
    assert page.locator("#move-form").is_hidden()  # type: ignore[attr-defined]


def test_a_problem_walks_the_closed_loop_through_its_pages(anonymous: object, server: str) -> None:
    """At 1366×768, the city chain office records a problem on the list page, then moves it with the buttons
    through the whole loop with a reopen: only the allowed moves are offered, each form asks for what its move
    needs, the history grows by one line a move; no page scrolls sideways."""
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, "demo-city")
    page.goto(server + "/problems")  # type: ignore[attr-defined]
    page.wait_for_selector("#problems-table tbody tr[data-id]")  # type: ignore[attr-defined]
    page.wait_for_selector("#stats-table tbody tr.total")  # type: ignore[attr-defined]
    assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/problems-list-1366.png", full_page=True)  # type: ignore[attr-defined]
    firm = page.request.get(server + "/api/v1/problems?limit=1").json()["items"][0]["enterprise"]  # type: ignore
    page.fill("#problem-form [name=title]", "【测试】物流园区货车限行影响发货")  # type: ignore[attr-defined]
    page.fill("#problem-form [name=enterprise]", str(firm["id"]))  # type: ignore[attr-defined]
    page.fill("#problem-form [name=category]", "物流")  # type: ignore[attr-defined]
    page.fill("#problem-form [name=source]", "园区市长日")  # type: ignore[attr-defined]
    page.click("#problem-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#problem-state[data-state=collected]")  # type: ignore[attr-defined]
    assert firm["name"] in page.locator("#problem-facts").inner_text()  # type: ignore[attr-defined]

    steps = [  # (button, fields, where it lands, the buttons offered there)
        ("acknowledged", {}, "acknowledged", ["assigned"]),
        ("assigned", {"unit": "市交通运输局"}, "assigned", ["supervised", "resolved"]),
        ("supervised", {}, "supervised", ["resolved"]),
        ("resolved", {"resolution": "已调整限行时段"}, "resolved", ["closed", "assigned"]),
        ("assigned", {"unit": "市交通运输局", "satisfaction": "dissatisfied"}, "assigned", ["supervised", "resolved"]),
        ("resolved", {"resolution": "已开通货车专用通道"}, "resolved", ["closed", "assigned"]),
        ("closed", {"satisfaction": "satisfied"}, "closed", []),
    ]
    assert problem_buttons(page) == ["acknowledged"]
    for n, (to, fields, landing, offered) in enumerate(steps, start=1):
        move_by_form(page, to, fields, landing, f"{n}-{to}")
        assert problem_buttons(page) == offered, (to, problem_buttons(page))
        assert page.locator("#history-table tbody tr").count() == n + 1  # type: ignore[attr-defined]
        assert page.evaluate(WIDE) <= 1366  # type: ignore[attr-defined]
    assert page.locator("#problem-reopened").inner_text() == "1"  # type: ignore[attr-defined]
    assert "已闭环" in page.locator("#actions").inner_text()  # type: ignore[attr-defined]
    history = page.locator("#history-table").inner_text()  # type: ignore[attr-defined]
    assert "不满意" in history and "浏览器测试：5-assigned" in history and "demo-city" in history
    page.screenshot(path="/tmp/problem-closed-1366.png", full_page=True)  # type: ignore[attr-defined]


def test_a_read_only_account_sees_no_buttons(browser: object, server: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",  # type: ignore
                                  bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, server, "demo-viewer")
    page.goto(server + "/problems?overdue=true")
    page.wait_for_selector("#problems-table tbody tr[data-id]")
    assert page.locator("#problem-form").count() == 0  # no form to record one
    page.click("#problems-table tbody tr[data-id] a")
    page.wait_for_selector("#problem-state[data-state=supervised]")
    page.wait_for_function("document.getElementById('actions').textContent.length > 0")
    assert problem_buttons(page) == [] and "只能查看" in page.locator("#actions").inner_text()
    assert page.locator("#move-form").is_hidden() and page.evaluate(WIDE) <= 1366
    page.screenshot(path="/tmp/problem-read-only-1366.png", full_page=True)
    context.close()
    assert not errors, errors
