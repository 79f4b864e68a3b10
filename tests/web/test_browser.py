"""The pages in a real headless Chromium (Debian's), offline: every page loads, a chain link
lists its enterprises, a search finds enterprises, an upload with bad rows shows its errors.
Screenshots of every page are saved under build/screenshots/ (CHAINATLAS_SCREENSHOTS names another folder:
`make screenshots` refreshes the README's, docs/screenshots/). The fixtures are in conftest.py, what the
browser tests share in chromium.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chainatlas.services.demo.accounts import DEMO_PASSWORD
from importers.files import uscc, with_wrong_check_digit, write_csv
from importers.workbooks import write_all_forms
from web.chromium import HEADER_ON_ONE_LINE, MARKS, WIDE, click_node, shot, sign_in

pytestmark = MARKS


def test_every_page_loads(page: object, server: str) -> None:
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#overview-table tbody tr[data-chain]")  # type: ignore[attr-defined]
    page.wait_for_selector("#chart-coverage canvas")  # type: ignore[attr-defined]
    assert page.locator("#overview-table tbody tr").count() == 10  # type: ignore[attr-defined]
    shot(page, "overview")
    page.goto(server + "/gaps?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("#gaps-table tbody tr[data-link]")  # type: ignore[attr-defined]
    page.click("#gaps-table th[data-sort=enterprises]")  # type: ignore[attr-defined]
    page.wait_for_selector("#gaps-table th.asc[data-sort=enterprises]")  # type: ignore[attr-defined]
    assert "sort=enterprises" in page.get_attribute("#export-xlsx", "href")  # type: ignore[attr-defined]
    shot(page, "gaps")
    page.goto(server + "/enterprises")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
    shot(page, "enterprises")
    href = page.get_attribute("#results tbody tr a", "href")  # type: ignore[attr-defined]
    page.goto(server + href)  # type: ignore[attr-defined]
    page.wait_for_selector("#basics dt")  # type: ignore[attr-defined]
    page.wait_for_selector("#placements tbody tr")  # type: ignore[attr-defined]
    shot(page, "enterprise")
    page.goto(server + "/?lang=en")  # type: ignore[attr-defined]
    page.wait_for_selector("#overview-table tbody tr[data-chain]")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Chains overview"  # type: ignore[attr-defined]
    shot(page, "overview-en")


def test_clicking_a_chain_link_lists_its_enterprises(page: object, server: str) -> None:
    page.goto(server + "/map?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_function("window.CA.map && window.CA.map.nodes().length > 0")  # type: ignore[attr-defined]
    target = page.evaluate("""() => {  // the covered link with most enterprises, where it is drawn
        const n = window.CA.map.nodes().filter((x) => x.data('node').enterprises > 0)
          .sort((a, b) => b.data('node').enterprises - a.data('node').enterprises)[0];
        const p = n.renderedPosition();
        return {id: n.id(), name: n.data('node').name, x: p.x, y: p.y};
    }""")  # type: ignore[attr-defined]
    click_node(page, target["id"], "(name) => (document.getElementById('link-title') || {}).textContent === name "
               "&& document.querySelector('#link-enterprises tbody tr')", arg=target["name"], timeout=5_000)
    assert page.locator("#link-title").inner_text() == target["name"]  # type: ignore[attr-defined]
    assert page.locator("#link-enterprises tbody tr").count() >= 1  # type: ignore[attr-defined]
    shot(page, "chain-map")


def test_a_search_finds_enterprises(page: object, server: str) -> None:
    page.goto(server + "/enterprises")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
    page.fill("#q", "有限公司")  # type: ignore[attr-defined]
    page.click("#search-button")  # type: ignore[attr-defined]
    page.wait_for_function("location.search.includes('q=')")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
    names = page.locator("#results tbody tr a").all_inner_texts()  # type: ignore[attr-defined]
    assert names and all("有限公司" in n for n in names)
    page.fill("#q", "不存在的企业名称")  # type: ignore[attr-defined]
    page.press("#q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr td.muted")  # type: ignore[attr-defined]


def test_an_upload_with_bad_rows_shows_its_errors(page: object, server: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名录.csv", ["企业名称", "统一社会信用代码", "所属区县", "营业收入（万元）"], [
        ["湖南上传测试科技有限公司", uscc(901, "430104"), "岳麓区", "100"],
        ["长沙校验码错误有限公司", with_wrong_check_digit(uscc(902, "430104")), "岳麓区", "100"],
        ["", uscc(903, "430104"), "火星区", "abc"],
    ])
    page.goto(server + "/import")  # type: ignore[attr-defined]
    page.set_input_files("#file", str(path))  # type: ignore[attr-defined]
    page.click("#upload-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#preview table.mapping tbody tr")  # type: ignore[attr-defined]
    page.click("#confirm-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#errors-table tbody tr")  # type: ignore[attr-defined]
    rows = page.locator("#errors-table tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert any("统一社会信用代码" in r and "\t3\t" in r for r in rows), rows
    assert any("\t4\t" in r for r in rows), rows
    assert page.get_attribute("#job-summary", "data-status") == "rejected"  # type: ignore[attr-defined]
    assert page.get_attribute("#download-errors", "href").endswith("/errors.csv")  # type: ignore[attr-defined]
    shot(page, "import")


def test_a_messy_workbook_is_previewed_then_imported_on_confirm(page: object, server: str, tmp_path: Path) -> None:
    path = tmp_path / "名录.xlsx"
    write_all_forms(path)
    page.goto(server + "/import")  # type: ignore[attr-defined]
    page.set_input_files("#file", str(path))  # type: ignore[attr-defined]
    page.click("#upload-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#preview table.skipped tbody tr")  # type: ignore[attr-defined]
    mapping = page.locator("#preview table.mapping tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert any(r.startswith("G\t2024年/营业收入（万元）\t营业收入\t2024\t万元") for r in mapping), mapping
    skipped = page.locator("#preview table.skipped tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert [r.split("\t")[:2] for r in skipped] == [["13", "合计/小计行"], ["14", "注释、说明或落款行"]]
    assert "序号" in page.inner_text("#preview .ignored")  # type: ignore[attr-defined]
    assert page.is_hidden("#job")  # type: ignore[attr-defined]  # nothing is imported before the confirm
    shot(page, "import-preview")
    page.click("#confirm-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#job-summary[data-status]")  # type: ignore[attr-defined]
    assert page.get_attribute("#job-summary", "data-status") == "done"  # type: ignore[attr-defined]
    assert "新增 8" in page.inner_text("#job-summary")  # type: ignore[attr-defined]


def test_evaluation_and_cultivation_pages(page: object, server: str) -> None:
    page.goto(server + "/cultivation?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("section.tier table[data-list] tbody tr")  # type: ignore[attr-defined]
    assert page.locator("section.tier").count() == 3  # type: ignore[attr-defined]
    assert "/api/v1/cultivation.xlsx?chain=lithium-battery" in page.get_attribute(  # type: ignore[attr-defined]
        "#export-xlsx", "href")
    shot(page, "cultivation")
    page.goto(server + "/enterprises/1/evaluation")  # type: ignore[attr-defined]
    page.wait_for_selector("#eval-table tbody tr td:nth-child(3)")  # type: ignore[attr-defined]
    assert "中小企业划型" in page.locator("#eval-table").inner_text()  # type: ignore[attr-defined]
    page.click("#eval-rerun")  # type: ignore[attr-defined]
    page.wait_for_selector("#eval-parts section.card")  # type: ignore[attr-defined]
    shot(page, "evaluation")


# What must never reach a person on the Chinese pages: field names, JSON, true/false/null, English
# statuses, and emoji marks a font may lack (✅ showed as an empty box in Debian's Chromium).
LEAKS = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|[{}\[\]]|\b(?:true|false|null|None|True|False|undefined|NaN)\b"
                   r"|\b(?:qualified|registry|derived|holders|eligible|candidates|sure|one_source|unconfirmed)\b"
                   r"|[✅◐⚠]|待核实|文号待核")


def _readable(page: object) -> str:
    text = page.inner_text("main.content")  # type: ignore[attr-defined]
    found = sorted(set(m.group(0) for m in LEAKS.finditer(text)))
    assert not found, found
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # type: ignore[attr-defined]
    return text


def test_evaluation_and_cultivation_pages_read_as_chinese_at_1366(page: object, server: str, tmp_path: Path) -> None:
    """Every fact labelled with its unit, values in words, marks with a legend, each rule's basis cited;
    the 梯度培育 lists a page at a time; nothing sideways at 1366×768."""
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.goto(server + "/cultivation")  # type: ignore[attr-defined]
    page.wait_for_selector("section.tier table[data-list] tbody tr")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    text = _readable(page)
    assert "可信度说明" in text and "已核" in text and "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）" in text
    assert page.evaluate("document.documentElement.scrollHeight") < 6000  # type: ignore[attr-defined]
    tier = "section.tier[data-index='2']"
    page.click(f"{tier} button[data-kind=candidates]")  # type: ignore[attr-defined]
    page.wait_for_selector("table[data-list='little_giant-candidates'] tbody tr")  # type: ignore[attr-defined]
    first = page.inner_text("table[data-list='little_giant-candidates'] tbody tr td:nth-child(2)")  # type: ignore
    page.click(f"{tier} button[data-go='1']")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector(\"section.tier[data-index='2'] .pager\").textContent.includes('第 2/')")
    assert page.inner_text("table[data-list='little_giant-candidates'] tbody tr td:nth-child(1)") == "11"  # type: ignore
    assert page.inner_text("table[data-list='little_giant-candidates'] tbody tr td:nth-child(2)") != first  # type: ignore
    _readable(page)
    page.screenshot(path=str(tmp_path / "cultivation-1366.png"), full_page=True)  # type: ignore[attr-defined]
    page.goto(server + "/enterprises/1/evaluation")  # type: ignore[attr-defined]
    page.wait_for_selector("#eval-facts tbody tr")  # type: ignore[attr-defined]
    page.wait_for_selector("#eval-parts section.card")  # type: ignore[attr-defined]
    text = _readable(page)
    assert "上年营业收入" in text and "万元" in text and "企业库" in text and "评价基准日" in text
    assert "《中小企业划型标准规定》（工信部联企业〔2011〕300号）" in text and "可信度说明" in text
    assert page.locator("#eval-table .conf").count() >= 3  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "evaluation-1366.png"), full_page=True)  # type: ignore[attr-defined]


def test_signing_in_and_out(anonymous: object, server: str) -> None:
    anonymous.goto(server + "/enterprises")  # type: ignore[attr-defined]
    anonymous.wait_for_selector("#login-form")  # type: ignore[attr-defined]
    assert "/login?next=/enterprises" in anonymous.url  # type: ignore[attr-defined]
    assert anonymous.locator(".demo-accounts tbody tr").count() == 10  # type: ignore[attr-defined]
    shot(anonymous, "login")
    anonymous.fill("#username", "demo-yuelu")  # type: ignore[attr-defined]
    anonymous.fill("#password", "wrong-password-1")  # type: ignore[attr-defined]
    anonymous.click("#login-button")  # type: ignore[attr-defined]
    anonymous.wait_for_function("document.getElementById('login-error').textContent.length > 0")  # type: ignore
    anonymous.fill("#password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    anonymous.click("#login-button")  # type: ignore[attr-defined]
    anonymous.wait_for_selector("#results tbody tr a")  # back where the user wanted to go  # type: ignore
    regions = anonymous.locator("#results tbody tr td:nth-child(3)").all_inner_texts()  # type: ignore
    assert regions and all("岳麓区" in r for r in regions), regions  # a district sees its own enterprises only
    anonymous.click("#logout")  # type: ignore[attr-defined]
    anonymous.wait_for_selector("#login-form")  # type: ignore[attr-defined]


def test_sharing_an_audited_agreement(page: object, server: str) -> None:
    page.goto(server + "/sharing")  # type: ignore[attr-defined]
    page.wait_for_selector("#agreements tbody tr[data-id]")  # type: ignore[attr-defined]
    before = page.locator("#agreements tbody tr[data-id]").count()  # type: ignore[attr-defined]
    page.select_option("#grantee", label="长沙示例银行（金融机构）")  # type: ignore[attr-defined]
    page.fill("#purpose", "科技贷款风险评估")  # type: ignore[attr-defined]
    page.check('input[name="fields"][value="metrics"]')  # type: ignore[attr-defined]
    page.click("#create-agreement")  # type: ignore[attr-defined]
    page.wait_for_function(f"document.querySelectorAll('#agreements tbody tr[data-id]').length === {before + 1}")  # type: ignore
    shot(page, "sharing")
    page.once("dialog", lambda d: d.accept())  # type: ignore[attr-defined]
    page.click("#agreements tbody tr[data-id]:first-child button[data-end=revoke]")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#agreements tbody tr[data-id] .status-cell')"
                           ".textContent === '已撤销'")  # type: ignore[attr-defined]
    page.goto(server + "/audit")  # type: ignore[attr-defined]
    page.wait_for_selector("#audit-table tbody tr")  # type: ignore[attr-defined]
    page.select_option("#audit-action", "agreement_create")  # type: ignore[attr-defined]
    page.click("#audit-filter button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_function("[...document.querySelectorAll('#audit-table tbody tr')].every("
                           "(r) => r.textContent.includes('创建共享协议'))")  # type: ignore[attr-defined]
    assert "科技贷款风险评估" in page.locator("#audit-table").inner_text()  # type: ignore[attr-defined]
    assert "action=agreement_create" in page.get_attribute("#audit-export", "href")  # type: ignore[attr-defined]
    shot(page, "audit")


def test_an_api_token_is_shown_once_and_can_be_revoked(page: object, server: str) -> None:
    page.goto(server + "/account")  # type: ignore[attr-defined]
    page.wait_for_selector("#users tbody tr")  # type: ignore[attr-defined]
    page.fill("#token-name", "报表程序")  # type: ignore[attr-defined]
    page.click("#token-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#new-token")  # type: ignore[attr-defined]
    secret = page.locator("#new-token").inner_text()  # type: ignore[attr-defined]
    assert secret.startswith("ca_")
    shot(page, "account")
    page.click("#tokens button[data-revoke]")  # type: ignore[attr-defined]
    page.wait_for_function("!document.querySelector('#tokens button[data-revoke]')")  # type: ignore[attr-defined]


def test_pages_run_under_the_content_security_policy(browser: object, server: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")  # type: ignore
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(page.url + " " + m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: refused.append(str(e)))
    sign_in(page, server, "demo-admin")
    for path, ready in (("/", "#chart-coverage canvas"), ("/map?chain=lithium-battery", "#cy canvas"),
                        ("/gaps?chain=lithium-battery", "#gaps-table tbody tr[data-link]"),
                        ("/enterprises", "#results tbody tr a"), ("/sharing", "#agreements tbody tr[data-id]"),
                        ("/audit", "#audit-table tbody tr"), ("/account", "#tokens tbody tr")):
        page.goto(server + path)
        page.wait_for_selector(ready)
    context.close()
    assert not refused, refused


def test_markup_in_user_data_is_shown_as_text(page: object, server: str) -> None:
    payload = '<img src=x onerror="window.__xss=1">'
    page.goto(server + "/account")  # type: ignore[attr-defined]
    page.wait_for_selector("#users tbody tr")  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.fill("#new-username", "xss-probe")  # type: ignore[attr-defined]
    page.fill("#new-display", payload)  # type: ignore[attr-defined]
    page.fill("#new-password", "xss-probe-password")  # type: ignore[attr-defined]
    page.select_option("#new-role", "readonly")  # type: ignore[attr-defined]
    page.click("#user-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#users').textContent.includes('xss-probe')")  # type: ignore
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#users').textContent.includes('onerror')")  # type: ignore
    assert page.evaluate("window.__xss === undefined")  # type: ignore[attr-defined]
    assert page.locator("#users img").count() == 0 and not dialogs  # type: ignore[attr-defined]


def test_the_preview_and_a_profile_fit_a_1366_by_768_screen(page: object, server: str) -> None:
    """At a common office-laptop size the import preview of an office workbook (docs/examples) and a profile
    with its placement evidence need no sideways scrolling."""
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page.goto(server + "/import")  # type: ignore[attr-defined]
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "名录-示例.xlsx"
    page.set_input_files("#file", str(example))  # type: ignore[attr-defined]
    page.click("#upload-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#preview table.skipped tbody tr")  # type: ignore[attr-defined]
    wide = "document.documentElement.scrollWidth"
    assert page.evaluate(wide) <= 1366  # type: ignore[attr-defined]
    shot(page, "import-preview-1366")
    page.goto(server + "/enterprises")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
    page.goto(server + page.get_attribute("#results tbody tr a", "href"))  # type: ignore[attr-defined]
    page.wait_for_selector("#placements tbody tr")  # type: ignore[attr-defined]
    assert page.evaluate(wide) <= 1366  # type: ignore[attr-defined]
    shot(page, "enterprise-1366")


def details(page: object, server: str) -> list[str]:
    """The detail pages the lists link to: the first enterprise on a chain (profile and evaluation), the first
    goal, project, problem and research result."""
    found = []
    for path, selector in (("/enterprises?chain=lithium-battery", "#results tbody tr a"),
                           ("/goals", "main table tbody tr a[href^='/goals/']"),
                           ("/projects", "main table tbody tr a[href^='/projects/']"),
                           ("/problems", "main table tbody tr a[href^='/problems/']"),
                           ("/results", "main table tbody tr a[href^='/results/']")):
        page.goto(server + path)  # type: ignore[attr-defined]
        page.wait_for_selector(selector)  # type: ignore[attr-defined]
        found.append(page.get_attribute(selector, "href"))  # type: ignore[attr-defined]
    return [*found, found[0] + "/evaluation"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("username", ["demo-admin", "demo-city"])
def test_every_menu_page_fits_an_office_screen(anonymous: object, server: str, lang: str, username: str) -> None:
    """At 1366×768, in Chinese and in English: no page of the menu, and no detail page it links to, scrolls
    sideways, and the header stays one line (the brand, every menu heading, the account and 退出 unbroken; the
    organisation's name shown whole)."""
    page = anonymous
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]
    sign_in(page, server, username)
    paths = [href for href in page.eval_on_selector_all(  # type: ignore[attr-defined]
        "header nav a", "links => links.map(a => a.getAttribute('href'))")]
    assert len(paths) >= 6
    for path in [*paths, "/account", "/map?chain=lithium-battery", "/gaps?chain=lithium-battery", *details(page, server)]:
        page.goto(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        assert page.evaluate(WIDE) <= 1366, (path, lang)  # type: ignore[attr-defined]
        header = page.evaluate(HEADER_ON_ONE_LINE)  # type: ignore[attr-defined]
        assert header == {"height": 56, "broken": []}, (path, lang, header)
        org = page.locator("#user-menu .org")  # type: ignore[attr-defined]
        if org.count():
            assert org.evaluate("e => e.scrollWidth <= e.clientWidth"), (path, lang)
    shot(page, f"fit-1366-{lang}-{username}")


def test_a_read_only_account_sees_placements_without_buttons(anonymous: object, server: str) -> None:
    """确认/驳回 show only to roles that may decide: the city leader's read-only account sees the placements."""
    page = anonymous
    for username, buttons in (("demo-viewer", False), ("demo-city", True)):
        sign_in(page, server, username)
        page.goto(server + "/enterprises?chain=lithium-battery")  # type: ignore[attr-defined]
        page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
        page.goto(server + page.get_attribute("#results tbody tr a", "href"))  # type: ignore[attr-defined]
        page.wait_for_selector("#placements tbody tr td")  # type: ignore[attr-defined]
        page.wait_for_selector("#history li")  # type: ignore[attr-defined]
        assert (page.locator("#placements button[data-decide]").count() > 0) is buttons, username  # type: ignore
        assert (page.locator("#placements thead th").count() == 7) is buttons, username  # type: ignore
        page.click("#logout")  # type: ignore[attr-defined]
        page.wait_for_url("**/login")  # type: ignore[attr-defined]


def test_the_map_saves_as_a_picture_and_lists_export_to_excel(page: object, server: str) -> None:
    """导出图片 gives a PNG of the whole map; the enterprise list and a link's panel export what they show."""
    page.goto(server + "/map?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_function("window.CA.map && window.CA.map.nodes().length > 0")  # type: ignore[attr-defined]
    with page.expect_download() as caught:  # type: ignore[attr-defined]
        page.click("#map-png")  # type: ignore[attr-defined]
    download = caught.value
    assert download.suggested_filename == "chain-map-lithium-battery.png"
    with open(download.path(), "rb") as picture:
        head = picture.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(head[16:20], "big") > 600  # wide: scale 2
    page.goto(server + "/enterprises?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
    href = page.get_attribute("#export-xlsx", "href")  # type: ignore[attr-defined]
    assert href.startswith("/api/v1/enterprises.xlsx?") and "chain=lithium-battery" in href
    response = page.request.get(server + href)  # type: ignore[attr-defined]
    assert response.status == 200 and response.body()[:2] == b"PK"


# What must not reach a Chinese page: identifiers (snake_case keys), raw JSON, booleans, English state words.
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|[{\[]\s*\"|\b(?:true|false|null|undefined|NaN|None)\b|"
                 r"\b(?:proposed|confirmed|rejected|manual|covered|weak|missing|pending|active|revoked|expired|"
                 r"queued|running|done|failed|error|warning|leader|supporting|upstream|midstream|downstream)\b")


def test_chinese_pages_show_no_raw_keys_json_or_english_states(page: object, server: str) -> None:
    """Every page of the menu, a profile and the account page, in Chinese: words, not codes."""
    paths = [href for href in page.eval_on_selector_all(  # type: ignore[attr-defined]
        "header nav a", "links => links.map(a => a.getAttribute('href'))")]
    page.goto(server + "/enterprises?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_selector("#results tbody tr a")  # type: ignore[attr-defined]
    profile = page.get_attribute("#results tbody tr a", "href")  # type: ignore[attr-defined]
    for path in [*paths, "/map?chain=lithium-battery", profile, "/account"]:
        page.goto(server + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        shown = page.evaluate("document.body.innerText")  # type: ignore[attr-defined]
        leaks = sorted({m.group(0) for m in RAW.finditer(shown)})
        assert not leaks, (path, leaks)
