"""Pages render in Chinese and English, offline (no third-party URLs), with a complete catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chainatlas.domain.access import ROLE_PERMISSIONS, Permission, Role
from chainatlas.services import lists
from chainatlas.services.access import accounts
from chainatlas.web import assets, i18n, nav
from services.factories import OPERATOR, TEST_PASSWORD

WEB = Path(i18n.__file__).parent
PAGES = ["/", "/map", "/map?chain=lithium-battery", "/gaps?chain=beidou", "/enterprises", "/import", "/cultivation",
         "/sharing", "/audit", "/account", "/problems", "/problems?overdue=true", "/goals", "/projects", "/results",
         "/projects?chain=lithium-battery&delayed=true", "/target-weights"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_chinese_by_default(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.text and "产业链图谱" in response.text
    assert 'id="ca-config"' in response.text  # the page settings, as JSON (no inline script)
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_language_switch_is_remembered_in_a_cookie(client: TestClient) -> None:
    english = client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in english.text and "Chains overview" in english.text
    assert english.cookies.get("lang") == "en"
    assert "Chains overview" in client.get("/").text  # the cookie keeps English
    assert "产业链总览" in client.get("/", params={"lang": "zh"}).text


def test_profile_page_and_unknown_chain(client: TestClient, seeded: object) -> None:
    assert client.get("/enterprises/1").status_code == 200
    assert client.get("/map?chain=no-such-chain").status_code == 404


def menu_of(html: str) -> list[tuple[str, str, bool]]:
    """The menu of a page: (path, label, marked active) of each link in the header's <nav>."""
    [menu] = re.findall(r"<nav>(.*?)</nav>", html, re.S)
    return [(path, label, "active" in classes)
            for path, classes, label in re.findall(r'<a href="([^"]*)" class="([^"]*)">([^<]*)</a>', menu)]


def test_the_menu_shows_what_the_role_may_use(client: TestClient, engine: Engine) -> None:
    """The menu comes from nav.MENU: an entry needing a permission shows only to roles that have it."""
    [import_entry] = [e for e in nav.MENU if e.needs is Permission.WRITE_REGISTRY]
    label = i18n.MESSAGES["zh"][import_entry.label]
    assert label == "数据导入"
    assert Permission.WRITE_REGISTRY not in ROLE_PERMISSIONS[Role.READONLY]
    accounts.create_user(engine, OPERATOR, "nav-reader", TEST_PASSWORD, "测试平台", "readonly")
    secret, _ = accounts.create_token(engine, OPERATOR, "tests", username="nav-reader")
    for role, headers in ((Role.READONLY, {"Authorization": f"Bearer {secret}"}), (Role.ADMIN, {})):
        shown = menu_of(client.get("/", headers=headers).text)
        allowed = [e for e in nav.MENU if e.needs is None or e.needs in ROLE_PERMISSIONS[role]]
        assert [(path, text) for path, text, _ in shown] == [(e.path, i18n.MESSAGES["zh"][e.label]) for e in allowed]
        assert ((import_entry.path, label) in [(path, text) for path, text, _ in shown]) == (role is Role.ADMIN)


def test_every_menu_entry_answers_and_is_marked_on_its_page(client: TestClient) -> None:
    for entry in nav.MENU:
        assert all(entry.label in messages for messages in i18n.MESSAGES.values()), entry
        response = client.get(entry.path)
        assert response.status_code == 200, entry
        assert [path for path, _, active in menu_of(response.text) if active] == [entry.path]


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(i18n.MESSAGES["zh"]) == set(i18n.MESSAGES["en"])


def test_own_assets_reference_no_remote_host() -> None:
    """Every page works with the network off: templates and our scripts load nothing from a CDN."""
    own = [*WEB.glob("templates/*.html"), *WEB.glob("static/*.js"), *WEB.glob("static/*.css")]
    assert own
    for path in own:
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", path.read_text(encoding="utf-8")), path


def test_vendor_files_come_from_the_npm_lock_file() -> None:
    lock = (WEB.parents[2] / "package-lock.json").read_text(encoding="utf-8")
    for source in assets.vendor_files().values():
        package = source.split("/")[0]
        assert f'"node_modules/{package}"' in lock


@pytest.mark.skipif(bool(assets.missing()), reason="front-end libraries not built (npm ci && npm run build)")
def test_vendor_files_are_served_locally(client: TestClient) -> None:
    for name in assets.vendor_files():
        assert client.get(f"/static/vendor/{name}").status_code == 200


def test_missing_vendor_files_are_copied_from_node_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = WEB.parents[2]
    if not (root / "node_modules" / "echarts").is_dir():
        pytest.skip("node_modules not installed (npm ci)")
    monkeypatch.setattr(assets, "VENDOR", tmp_path / "vendor")
    assert assets.missing() == list(assets.vendor_files())
    assert assets.ensure_vendor(run_npm=False) == []
    assert (tmp_path / "vendor" / "echarts.min.js").stat().st_size > 100_000


def test_problem_pages_render_with_the_loop_as_data(client: TestClient, engine: Engine) -> None:
    from chainatlas.services import casework
    from services.factories import add_enterprise

    firm = add_enterprise(engine, "页面示例有限公司", region_code="430104")
    pid = casework.add_problem(engine, title="页面问题", enterprise=str(firm), category="用地", viewer=OPERATOR)["id"]
    page = client.get(f"/problems/{pid}")
    assert page.status_code == 200 and f'data-id="{pid}"' in page.text and "办理记录" in page.text
    assert client.get("/problems/0").status_code in (404, 422)
    listing = client.get("/problems")
    assert 'id="problem-form"' in listing.text and "用地" in listing.text and "导出 Excel" in listing.text
    assert 'id="overdue-problems"' in client.get("/").text
# ---- work lists (工作清单) ------------------------------------------------------------------------------------
LIST_PAGES = {"goals": ("goals.js", "goals-table"), "projects": ("projects.js", "projects-table"),
              "results": ("results.js", "results-table")}


def _token_headers(engine: Engine, username: str, role: str, org: str = "测试平台") -> dict[str, str]:
    accounts.create_user(engine, OPERATOR, username, TEST_PASSWORD, org, role)
    secret, _ = accounts.create_token(engine, OPERATOR, "tests", username=username)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("kind", list(LIST_PAGES))
def test_each_list_has_a_page_with_filters_export_and_tabs_to_the_others(client: TestClient, kind: str) -> None:
    script, table = LIST_PAGES[kind]
    html = client.get(f"/{kind}").text
    assert f'src="/static/{script}"' in html and f'id="{table}"' in html and 'src="/static/lists.js"' in html
    assert 'id="filters"' in html and 'id="export-xlsx"' in html and 'id="lists-config"' in html
    assert [href for href in re.findall(r'<nav class="tabs" id="list-tabs">(.*?)</nav>', html, re.S)[0].split('href="')[1:]
            if href.split('"')[0] == f"/{kind}" and 'class="active"' in href.split(">")[0]]
    assert [path for path, _, active in menu_of(html) if active] == [f"/{kind}"]  # each list its own menu entry
    assert client.get(f"/static/{script}").status_code == 200


def test_the_vocabularies_reach_the_scripts_as_json(client: TestClient) -> None:
    html = client.get("/projects").text
    [raw] = re.findall(r'<script type="application/json" id="lists-config">(.*?)</script>', html, re.S)
    vocab = json.loads(raw)
    assert [s["id"] for s in vocab["stages"]] == ["negotiating", "signed", "registered", "started", "producing", "terminated"]
    assert {x["id"] for x in vocab["lists"]} == {"major", "investment"} and "lithium-battery" in vocab["chains"]
    for key in ("stage.signed", "list.major", "rstatus.matching", "mode.licence", "goals.behind", "projects.move_to"):
        assert key in i18n.MESSAGES["zh"] and key in i18n.MESSAGES["en"], key
    assert ">签约</option>" in html and ">招商项目</option>" in html


def test_detail_pages_render_and_refuse_a_bad_id(client: TestClient, engine: Engine) -> None:
    created = lists.create_project(engine, {"name": "页面测试项目", "chain": "lithium-battery", "region": "430104"},
                                   viewer=OPERATOR)
    html = client.get(f"/projects/{created['id']}").text
    assert f'data-id="{created["id"]}"' in html and 'src="/static/project.js"' in html
    assert 'id="transitions"' in html and 'id="history"' in html and 'id="stages"' in html
    for kind in ("goals", "results"):
        assert client.get(f"/{kind}/1").status_code == 200
    for bad in ("/projects/0", "/projects/abc", f"/goals/{2**63}"):
        assert client.get(bad).status_code in (404, 422), bad


def test_create_forms_show_only_to_accounts_that_may_write(client: TestClient, engine: Engine) -> None:
    reader = _token_headers(engine, "lists-reader", "readonly")
    for kind in LIST_PAGES:
        assert 'id="create-form"' in client.get(f"/{kind}").text  # the platform admin writes
        assert 'id="create-form"' not in client.get(f"/{kind}", headers=reader).text
        assert 'id="new-item"' not in client.get(f"/{kind}", headers=reader).text


def test_the_home_page_has_the_lists_panel_and_the_map_links_to_the_chains_lists(client: TestClient) -> None:
    home = client.get("/").text
    assert 'id="lists-home"' in home and 'src="/static/lists_home.js"' in home
    assert 'href="/goals?lagging=true"' in home and 'href="/projects?delayed=true"' in home
    chain_map = client.get("/map?chain=beidou").text
    for kind in LIST_PAGES:
        assert f'href="/{kind}?chain=beidou" data-list="{kind}"' in chain_map
    assert 'src="/static/chain_lists.js"' in chain_map


def test_the_lists_pages_speak_english_too(client: TestClient) -> None:
    html = client.get("/projects", params={"lang": "en"}).text
    assert "Major projects and investment pipeline" in html and ">Negotiating</option>" in html
    assert "Work lists" in html
