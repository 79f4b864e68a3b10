"""Third-party front-end files (ECharts, Cytoscape.js) served from static/vendor/, never a CDN.

They come from the npm registry at install time: `npm ci && npm run build`
(run by `make install` and CI) copies the files listed in vendor.json from
node_modules. When the server starts and they are missing — e.g. after only
`pip install -e .` — `ensure_vendor` does the same itself if it finds the
project's package.json and npm: `npm ci` once, then the copy.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).parent
VENDOR = HERE / "static" / "vendor"
MANIFEST = HERE / "vendor.json"
log = logging.getLogger("chainatlas.web")


def vendor_files() -> dict[str, str]:
    """Served name → path under node_modules."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]


def missing() -> list[str]:
    return [name for name in vendor_files() if not (VENDOR / name).is_file()]


def _project_root() -> Path | None:
    """The source checkout holding package.json (an editable install), if any."""
    for folder in HERE.parents:
        if (folder / "package.json").is_file() and (folder / "src" / "chainatlas").is_dir():
            return folder
    return None


def ensure_vendor(run_npm: bool = True) -> list[str]:
    """Copy missing vendor files from node_modules, running `npm ci` first if needed; returns what is still missing."""
    if not missing():
        return []
    root = _project_root()
    if root is None:
        return missing()
    modules = root / "node_modules"
    files = vendor_files()
    if not all((modules / source).is_file() for source in files.values()) and run_npm and shutil.which("npm"):
        command = ["npm", "ci" if (root / "package-lock.json").is_file() else "install", "--no-audit", "--no-fund"]
        log.warning("前端组件缺失，正在安装：%s", " ".join(command))
        try:
            subprocess.run(command, cwd=root, check=True, capture_output=True, timeout=600)
        except (subprocess.SubprocessError, OSError) as exc:
            log.error("npm 安装失败：%s", exc)
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        if (modules / source).is_file() and not (VENDOR / name).is_file():
            shutil.copyfile(modules / source, VENDOR / name)
    return missing()
