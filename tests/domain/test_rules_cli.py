"""`rules` sub-commands, run through Typer's CliRunner on ``rules_app`` directly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainatlas.cli.rules import rules_app

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "facts-example.json"
RESULT_KEYS = {"rule", "version", "confidence", "qualified", "score", "parts", "reasons", "missing"}
PART_KEYS = {"indicator", "value", "unit", "band", "points", "max_points", "passed"}

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(rules_app, list(args), env={"COLUMNS": "200"})


def as_json(*args: str) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_user_error(result, *fragments: str) -> None:
    """Non-zero exit, one Chinese error message, no traceback."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = "".join(result.output.split())  # rich may wrap long lines to the terminal width
    assert message.startswith("错误：")
    for fragment in fragments:
        assert "".join(fragment.split()) in message


@pytest.mark.parametrize(("code", "valid"), [("91330000712560575G", True), ("914403001922038217", False)])
def test_uscc_json_and_exit_zero_either_way(code: str, valid: bool) -> None:
    data = as_json("uscc", code)
    assert set(data) == {"code", "valid", "errors", "warnings", "region_code"}
    assert data["valid"] is valid
    assert data["region_code"] == ("330000" if valid else None)


def test_uscc_table() -> None:
    result = invoke("uscc", "914403001922038217")
    assert result.exit_code == 0
    assert "无效" in result.output and "校验码错误" in result.output


def test_sme_size_json() -> None:
    data = as_json("sme-size", "--industry", "39", "--employees", "250", "--revenue-wan", "1200")
    assert RESULT_KEYS | {"size", "sector"} <= set(data)
    assert (data["size"], data["sector"], data["missing"]) == ("小型", "工业", [])
    assert data["version"] == "工信部联企业〔2011〕300号"
    assert set(data["parts"][0]) == PART_KEYS
    assert data["parts"][1]["value"] == "1200"  # Decimal money as a string, never a float


def test_sme_size_missing_indicator() -> None:
    data = as_json("sme-size", "--industry", "E", "--revenue-wan", "500")
    assert (data["size"], data["missing"]) == (None, ["total_assets_wan"])


def test_sme_size_table() -> None:
    result = invoke("sme-size", "--industry", "F", "--employees", "10")
    assert result.exit_code == 0
    assert "企业规模：无法判定" in result.output and "请提供2位大类代码" in result.output


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--industry", "3999", "--employees", "1"), ("行业代码 3999 不在 GB/T 4754-2017 行业分类中",)),
        (("--industry", "Z"), ("行业门类 Z 不存在",)),
        (("--industry", "39", "--revenue-wan", "abc"), ("--revenue-wan 应为数值（万元），实际为 'abc'",)),
        (("--industry", "39", "--employees", "-5", "--revenue-wan", "1"), ("从业人员不能为负数",)),
    ],
)
def test_sme_size_bad_input(args: tuple, fragments: tuple) -> None:
    assert_user_error(invoke("sme-size", *args), *fragments)


def test_above_scale_json() -> None:
    data = as_json("above-scale", "--industry", "52", "--revenue-wan", "500")
    assert RESULT_KEYS | {"status", "sector"} <= set(data)
    assert (data["qualified"], data["status"]) == (True, "限额以上零售业")
    low = as_json("above-scale", "--industry", "C", "--revenue-wan", "1999.99")
    assert low["qualified"] is False and low["reasons"] == [
        "年主营业务收入 1999.99万元，低于 2000万元 要求 0.01万元"
    ]


def test_rule_clis_on_the_documented_example() -> None:
    for command, rules in (
        ("innovative-sme", None),
        ("specialised-sme", "2026"),
        ("specialised-sme", "2022"),
        ("little-giant", "2026"),
        ("little-giant", "2022"),
    ):
        args = [command, str(EXAMPLE)] + (["--rules", rules] if rules else [])
        data = as_json(*args)
        assert RESULT_KEYS <= set(data), command
        assert data["qualified"] is True, (command, rules, data["reasons"])
        assert data["missing"] == []
        table = invoke(*args)
        assert table.exit_code == 0 and data["rule"] in table.output and "结论：符合" in table.output


def _example_with(tmp_path: Path, **changes) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({**data, **changes}, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_large_enterprise_is_not_applicable_for_every_sme_title(tmp_path: Path) -> None:
    # Issue 15: 2,484 staff and 28.7亿元 revenue in 工业 is 大型, not an SME.
    path = _example_with(tmp_path, employees=2484, revenue_wan=287000)
    data = as_json("innovative-sme", str(path))
    assert (data["qualified"], data["not_applicable"], data["score"]) == (False, "不适用（非中小企业）", None)
    assert data["parts"][0] == {"indicator": "中小企业划型", "value": "大型", "unit": "", "points": None,
                                "band": "中小企业（中型/小型/微型）", "max_points": None, "passed": False}
    assert data["reasons"] == ["不属于中小企业：按中小企业划型标准规定（工信部联企业〔2011〕300号），工业企业从业人员 "
                               "2484人（大型标准 ≥1000人）、营业收入 287000万元（大型标准 ≥40000万元），划为大型企业"]
    table = "".join(invoke("innovative-sme", str(path)).output.split())
    assert "结论：不适用（非中小企业）" in table and "不属于中小企业" in table and "结论：符合" not in table
    for command in ("specialised-sme", "little-giant"):
        for rules in ("2022", "2026"):
            result = as_json(command, str(path), "--rules", rules)
            assert (result["qualified"], result["not_applicable"]) == (False, "不适用（非中小企业）"), (command, rules)


def test_an_undecidable_size_is_not_qualified(tmp_path: Path) -> None:
    path = _example_with(tmp_path, employees=None)
    data = as_json("innovative-sme", str(path))
    assert (data["qualified"], data["not_applicable"]) == (None, None) and "employees" in data["missing"]
    assert "结论：数据不足，无法判定" in invoke("innovative-sme", str(path)).output


def test_rule_set_defaults_to_2026() -> None:
    assert as_json("specialised-sme", str(EXAMPLE))["version"] == "工信部企业〔2026〕2号"
    assert as_json("little-giant", str(EXAMPLE))["version"] == "工信部企业〔2026〕2号"


def test_little_giant_review_flag(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["revenue_prev2_wan"] = data["revenue_wan"]  # no growth
    path = tmp_path / "flat.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert as_json("little-giant", str(path))["qualified"] is False
    assert as_json("little-giant", str(path), "--review")["qualified"] is True


def test_missing_facts_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"years_in_niche": 5}', encoding="utf-8")
    data = as_json("specialised-sme", str(path))
    assert data["qualified"] is None and "development_score" in data["missing"]
    table = invoke("specialised-sme", str(path))
    assert "数据不足，无法判定" in table.output and "缺少数据：" in table.output


def test_provincial_config_option(tmp_path: Path) -> None:
    config = tmp_path / "province.json"
    config.write_text(
        json.dumps(
            {
                "province": "某省",
                "indicators": [
                    {
                        "name": "主导产品细分市场占有率",
                        "unit": "%",
                        "max_points": 15,
                        "bands": [{"at_least": 10, "points": 15}],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    data = as_json("specialised-sme", str(EXAMPLE), "--rules", "2022", "--provincial", str(config))
    part = next(p for p in data["parts"] if p["indicator"] == "主导产品细分市场占有率")
    assert (part["points"], part["max_points"]) == (15, 15)
    config.write_text('{"indicators": []}', encoding="utf-8")
    assert_user_error(
        invoke("specialised-sme", str(EXAMPLE), "--rules", "2022", "--provincial", str(config)),
        "province.json：特色化指标应为 1–3 项",
    )


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("{not json", ("不是有效的 JSON：第1行第2列",)),
        ("[1, 2]", ("应为 JSON 对象，实际为 list",)),
        ('{"revenue": 1}', ("facts.json：企业事实数据有误：未知字段 revenue（是否应为 revenue_wan？）",)),
        ('{"employees": "many"}', ("字段 employees 的值 'many' 不是整数",)),
    ],
)
def test_bad_facts_files(tmp_path: Path, content: str, fragments: tuple) -> None:
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    for command in ("innovative-sme", "specialised-sme", "little-giant"):
        assert_user_error(invoke(command, str(path)), *fragments)


def test_unreadable_facts_files(tmp_path: Path) -> None:
    assert_user_error(invoke("innovative-sme", str(tmp_path / "nope.json")), "找不到文件：")
    assert_user_error(invoke("innovative-sme", str(tmp_path)), "是目录，应为 JSON 文件")
    binary = tmp_path / "facts.json"
    binary.write_bytes(b"\xff\xfe\x00{")
    assert_user_error(invoke("innovative-sme", str(binary)), "不是 UTF-8 编码的文本文件")


def test_bad_rule_set() -> None:
    assert_user_error(
        invoke("little-giant", str(EXAMPLE), "--rules", "2024"), "规则版本只能是 2022 或 2026，实际为 '2024'"
    )


def test_maturity() -> None:
    data = as_json("maturity", "--score", "3.8")
    assert RESULT_KEYS | {"level"} <= set(data)
    assert (data["level"], data["score"], data["qualified"]) == ("四级（优化级）", "3.8", True)
    assert "等级：四级（优化级）" in invoke("maturity", "--score", "3.8").output
    assert_user_error(invoke("maturity", "--score", "6"), "成熟度得分应在 0–5 之间")


def test_every_command_has_an_example_in_its_help() -> None:
    for command in (
        "uscc",
        "sme-size",
        "above-scale",
        "innovative-sme",
        "specialised-sme",
        "little-giant",
        "maturity",
    ):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "例：chainatlas rules " + command in result.output
