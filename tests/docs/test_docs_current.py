"""Docs that cannot drift: the CLI reference is the commands' own help, every command shows an example, the
service functions documented in docs/evaluation.md have the signatures they have in the code, and the README
and docs/ send no reader outside the repository."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import typer

from chainatlas.cli.main import app
from chainatlas.cli.reference import commands, markdown
from chainatlas.services import evaluation

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_docs_cli_md_is_generated_from_the_current_help() -> None:
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == markdown(app), "docs/cli.md 已过期：python -m chainatlas.cli.reference > docs/cli.md"


def test_every_command_has_an_example_in_its_help() -> None:
    missing = [name for name, command in commands(typer.main.get_command(app)) if "示例" not in (command.help or "")]
    assert not missing, f"这些命令的帮助里没有示例：{missing}"


def _signature(function: object) -> str:
    """`name(a, b=None, *, c=None)` without annotations, as docs/evaluation.md writes it."""
    parts, keyword_only = [], False
    for p in inspect.signature(function).parameters.values():  # type: ignore[arg-type]
        if p.kind is p.KEYWORD_ONLY and not keyword_only:
            parts.append("*")
            keyword_only = True
        parts.append(p.name if p.default is p.empty else f"{p.name}={p.default!r}")
    return f"{function.__name__}({', '.join(parts)})"  # type: ignore[attr-defined]


def test_the_evaluation_service_table_matches_the_signatures() -> None:
    text = (DOCS / "evaluation.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+\(.*?\))` \|", text, flags=re.MULTILINE)
    assert documented, "docs/evaluation.md 应有服务函数表"
    for row in documented:
        name = row.split("(")[0]
        assert name in evaluation.__all__, f"{name} 不在 services.evaluation 的接口中"
        assert row == _signature(getattr(evaluation, name)), f"docs/evaluation.md 中 {name} 的签名已过期"


def test_readme_and_docs_stay_inside_the_repository() -> None:
    for path in [ROOT / "README.md", *DOCS.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "](../" not in text, f"{path.name} 指向仓库之外"
