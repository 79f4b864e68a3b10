"""The import order of the layers and of the service packages, read from the source (ast), so that a new
import that runs back up fails here rather than growing into a knot.

domain ← importers ← store ← services ← http ← api, web ← server ← cli; inside services:
access ← registry, atlas ← evaluation, lists, casework ← targets, monitoring ← reports ← demo ← setup; packages
on one level never import each other (registry and atlas; evaluation and the work lists; targets and monitoring).
targets sits above the work lists: an accepted target opens a project of the investment list.
A module may import its own layer (and, inside services, its own package) freely.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "chainatlas"
LAYERS = {"domain": 0, "reference": 0, "data": 0, "importers": 1, "store": 2, "services": 3, "http": 4,
          "api": 5, "web": 5, "server": 6, "cli": 7}
SERVICES = {"access": 0, "registry": 1, "atlas": 1, "evaluation": 2, "lists": 2, "casework": 2, "targets": 3,
            "monitoring": 3, "reports": 4, "demo": 5, "setup": 6}  # wave 2 packages take their places as they land
INTERFACES = {"api", "web", "cli"}  # nothing imports these but the composition root (server) and the CLI


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return [n for n in names if n.startswith("chainatlas.")]


def _place(parts: list[str]) -> tuple[str, str | None]:
    layer = parts[0].removesuffix(".py")
    inner = parts[1].removesuffix(".py") if layer == "services" and len(parts) > 1 else None
    return layer, inner


MODULES = sorted(p for p in SOURCE.rglob("*.py") if p.name != "__init__.py" or p.parent != SOURCE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_imports_run_down_the_layers(path: Path) -> None:
    layer, package = _place(list(path.relative_to(SOURCE).parts))
    if layer not in LAYERS:  # version module, migrations' env: checked as the store
        layer = "store" if "migrations" in path.parts else layer
    wrong = []
    for name in _imports(path):
        other, other_package = _place(name.split(".")[1:])
        if other not in LAYERS or other == "__version__":
            continue
        if LAYERS[other] > LAYERS[layer] or (other in INTERFACES and other != layer and layer not in ("server", "cli")):
            wrong.append(f"{name}（{layer} 不应引用 {other}）")
        elif layer == other == "services" and package and other_package in SERVICES and other_package != package:
            if SERVICES[other_package] > SERVICES.get(package, 99) or (
                    SERVICES[other_package] == SERVICES.get(package) and other_package != package):
                wrong.append(f"{name}（services/{package} 不应引用 services/{other_package}）")
    assert not wrong, "\n".join(wrong)


def test_the_layers_cover_every_folder() -> None:
    folders = {p.name for p in SOURCE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders <= set(LAYERS), f"新目录需要在 LAYERS 中定层：{sorted(folders - set(LAYERS))}"
    packages = {p.name for p in (SOURCE / "services").iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert packages <= set(SERVICES), f"services 下的包需要在 SERVICES 中定序：{sorted(packages - set(SERVICES))}"


@pytest.mark.parametrize("path", [p for p in MODULES if p.relative_to(SOURCE).parts[0] in (*INTERFACES, "server.py")],
                         ids=lambda p: str(p.relative_to(SOURCE)))
def test_interfaces_use_the_face_of_a_capability(path: Path) -> None:
    """api, web and cli import `chainatlas.services.<capability>` (its __init__), never a module inside it."""
    inner = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chainatlas.services."):
            package = node.module.split(".")[2]
            if node.module.count(".") > 2 or any((SOURCE / "services" / package / f"{a.name}.py").exists()
                                                 for a in node.names):
                inner.append(node.module + ": " + ", ".join(a.name for a in node.names))
    assert not inner, "\n".join(inner)
