"""Pages in a real headless Chromium (Debian's), driven by Playwright, offline: what the browser tests share.

`MARKS` is every browser test module's `pytestmark` (skipped where Chromium, the front-end libraries or
Playwright are missing); the fixtures `browser`, `server`, `anonymous` and `page` are in conftest.py. Screenshots
go to build/screenshots/ (CHAINATLAS_SCREENSHOTS names another folder: `make screenshots` refreshes the
README's, docs/screenshots/)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from chainatlas.server import create_app
from chainatlas.services import setup
from chainatlas.services.demo.accounts import DEMO_PASSWORD
from chainatlas.web import assets

try:
    from playwright import sync_api
except ImportError:  # every browser test is skipped then (MARKS)
    sync_api: Any = None  # type: ignore[no-redef]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("CHAINATLAS_SCREENSHOTS") or ROOT / "build" / "screenshots")
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.skipif(bool(assets.missing()), reason="front-end libraries not built: npm ci && npm run build"),
    pytest.mark.skipif(sync_api is None, reason="Playwright's Python client is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving(db: Path) -> Iterator[str]:
    """uvicorn on loopback over a database until the generator is closed (a module's server fixture)."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@contextmanager
def demo_server(folder: Path, prepare: Callable[[str], None] | None = None) -> Iterator[str]:
    """uvicorn on loopback over a small demo database (示例数据); `prepare` adds to the database first."""
    db = folder / "demo.db"
    setup.build_demo(str(db), size=400)
    if prepare:
        prepare(str(db))
    yield from serving(db)


def sign_in(page: object, server: str, username: str) -> None:
    """Through the login page, as one of the demo accounts."""
    page.goto(server + "/login")  # type: ignore[attr-defined]
    page.fill("#username", username)  # type: ignore[attr-defined]
    page.fill("#password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("#login-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#user-menu")  # type: ignore[attr-defined]


def click_node(page: object, node_id: str, ready: str, arg: object = None, timeout: int = 8_000) -> None:
    """Click a link of the chain map where it is drawn (scrolled into the viewport), until `ready` (a page
    expression, given `arg`) holds."""
    for attempt in range(3):  # a click during the first layout frame may land before the graph listens
        point = page.evaluate("""(id) => {
            const box = document.getElementById('cy'), p = window.CA.map.getElementById(id).renderedPosition();
            window.scrollTo(0, window.scrollY + box.getBoundingClientRect().top + p.y - 300);
            const r = box.getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""", node_id)  # type: ignore[attr-defined]
        page.mouse.click(point["x"], point["y"])  # type: ignore[attr-defined]
        try:
            page.wait_for_function(ready, arg=arg, timeout=timeout)  # type: ignore[attr-defined]
            return
        except sync_api.TimeoutError:
            if attempt == 2:
                raise


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


WIDE = "document.documentElement.scrollWidth"
# The header on one line: the bar keeps its height and no label in it breaks.
HEADER_ON_ONE_LINE = """() => {
  const bar = document.querySelector('header.topbar');
  const items = bar.querySelectorAll('.brand, nav > a, nav summary, .topbar-right > :not(.user), .user > span');
  const lines = (e) => { const r = document.createRange(); r.selectNodeContents(e);
    const tops = [...r.getClientRects()].filter(x => x.width > 0).map(x => x.top);
    return Math.max(...tops) - Math.min(...tops); };
  const broken = [...items].filter(e => e.offsetWidth > 0 && lines(e) > 10);
  return {height: bar.offsetHeight, broken: broken.map(e => e.textContent.trim())};
}"""
