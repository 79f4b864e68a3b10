"""Pages render in Chinese and English, offline (no third-party URLs), with a complete catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from chainatlas.domain.access import ROLE_PERMISSIONS, Permission, Role
from chainatlas.services.access import accounts
from chainatlas.web import assets, i18n, nav
from services.factories import OPERATOR, TEST_PASSWORD

WEB = Path(i18n.__file__).parent
PAGES = ["/", "/map", "/map?chain=lithium-battery", "/gaps?chain=beidou", "/enterprises", "/import", "/cultivation",
         "/sharing", "/audit", "/account", "/problems", "/problems?overdue=true"]


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
