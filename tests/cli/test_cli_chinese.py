"""The CLI speaks Chinese first: chains and regions by their names, usage errors as one Chinese line, statuses
labelled, a summary after interactive review, and a hint to the demo database or a taken port."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from chainatlas.domain.errors import ChainAtlasError
from chainatlas.server import serve
from cli.helpers import error_line, run, run_json
from cli.test_cli_registry import registry  # noqa: F401  (fixture)


def test_chains_by_id_name_or_short_name_give_the_same_gaps(registry: str) -> None:  # noqa: F811
    by_id = run_json("gaps", "lithium-battery", "--region", "430100", db=registry)
    assert run_json("gaps", "先进储能材料与锂电池", "--region", "长沙市", db=registry) == by_id
    assert run_json("gaps", "锂电池", "--region", "湖南省长沙市", db=registry) == by_id


def test_an_ambiguous_or_unknown_chain_or_region_is_one_chinese_line(registry: str) -> None:  # noqa: F811
    assert "对应多条产业链" in error_line(run("gaps", "材料", db=registry))  # 碳基材料, 先进储能材料与锂电池
    assert "产业链“风电”不存在" in error_line(run("gaps", "风电", db=registry))
    assert "不唯一" in error_line(run("gaps", "锂电池", "--region", "鼓楼区", db=registry))
    assert "无法识别的行政区划" in error_line(run("gaps", "锂电池", "--region", "火星区", db=registry))


def test_enterprises_by_chain_and_link_names_and_region_name(registry: str) -> None:  # noqa: F811
    run_json("place", db=registry)
    by_ids = run_json("enterprises", "list", "--chain", "lithium-battery", "--link", "separator", db=registry)
    assert by_ids and run_json("enterprises", "list", "--chain", "锂电池", "--link", "隔膜", db=registry) == by_ids
    assert {e["region_code"] for e in run_json("enterprises", "list", "--region", "岳麓区", db=registry)} == {"430104"}


@pytest.mark.parametrize(("args", "said"), [
    (["gaps"], "错误：缺少参数 CHAIN（帮助：chainatlas gaps --help）"),
    (["gaps", "x", "--bogus"], "错误：没有这个选项：--bogus（帮助：chainatlas gaps --help）"),
    (["enterprises", "list", "--limit", "abc"], "错误：--limit 的值无效：应为整数（帮助：chainatlas enterprises list --help）"),
    (["gaps", "x", "extra"], "错误：多余的参数：extra（帮助：chainatlas gaps --help）"),
    (["nosuch"], "错误：没有这个命令：nosuch（帮助：chainatlas --help）"),
])
def test_usage_errors_are_one_chinese_line_with_exit_code_2(args: list[str], said: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and error_line(result) == said


def test_placement_review_labels_chains_and_statuses_and_sums_up(registry: str) -> None:  # noqa: F811
    run_json("place", db=registry)
    table = run("placements", "review", "--chain", "锂电池", db=registry).stdout
    assert "先进储能" in table and "待审核" in table and "proposed" not in table and "lithium-battery" not in table
    from chainatlas.cli.main import app
    from cli.helpers import runner

    proposals = run_json("placements", "review", "--chain", "锂电池", db=registry)
    answers = "y\nn\n" + "s\n" * (len(proposals) - 2)
    done = runner.invoke(app, ["placements", "review", "--chain", "锂电池", "-i", "--db", registry], input=answers)
    assert done.exit_code == 0 and f"本次审核：确认 1 条，驳回 1 条，跳过 {len(proposals) - 2} 条" in done.stdout


def test_no_duplicates_is_said_not_shown_as_an_empty_table(db: str) -> None:
    assert run("enterprises", "duplicates", db=db).stdout.strip() == "未发现疑似重复"


def test_without_db_the_demo_database_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHAINATLAS_DATABASE_URL", raising=False)
    assert "请先运行 chainatlas init" in error_line(run("chains", "list"))
    (tmp_path / "chainatlas-demo.db").write_bytes(b"")
    assert "--db chainatlas-demo.db" in error_line(run("chains", "list"))


def test_a_taken_port_is_one_chinese_line(db: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ChainAtlasError, match=f"端口 {port} 已被占用"):
            serve(db, "127.0.0.1", port)
    assert os.environ.get("CHAINATLAS_SERVE_DB") is None
