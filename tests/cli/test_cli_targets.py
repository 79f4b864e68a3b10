"""`chainatlas target … --accept`: the 洽谈 project it opens (JSON and text), `--project-name`, a missing
region named cleanly; `targets` counts the firm as in the pipeline; `target-list` shows the project."""

from __future__ import annotations

from pathlib import Path

from cli.helpers import error_text, run, run_json
from importers.files import uscc, write_csv

HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "2024年营业收入(万元)"]
ROWS = [["江苏湿法隔膜有限公司", uscc(41, "320500"), "320500", "湿法锂电池隔膜", "300000"],
        ["浙江干法隔膜有限公司", uscc(42, "330100"), "330100", "干法锂电池隔膜", "90000"]]


def test_accepting_a_target_prints_its_project(db: str, tmp_path: Path) -> None:
    run_json("import", "enterprises", write_csv(tmp_path / "pool.csv", HEADER, ROWS), "--pool", "行业名录", db=db)
    first, second = (i["enterprise"]["key"] for i in run_json("targets", "锂电池", "隔膜", "--region", "长沙市",
                                                              db=db)["items"])
    assert "须指定项目所在地区" in error_text(run("target", "锂电池", "隔膜", first, "--accept", db=db))
    done = run_json("target", "锂电池", "隔膜", first, "--accept", "--region", "长沙市", db=db)
    assert (done["project"]["name"], done["project"]["stage_label"], done["note"]) == (
        "引进江苏湿法隔膜有限公司（隔膜）", "洽谈", None)
    text = run("target", "锂电池", "隔膜", second, "--accept", "--region", "430100", "--project-name", "干法隔膜基地",
               db=db)
    assert text.exit_code == 0, text.output
    assert "已加入招商引资项目清单（洽谈）" in text.stdout and "招商项目：干法隔膜基地（编号 2，洽谈）" in text.stdout
    after = run("targets", "锂电池", "隔膜", "--region", "长沙市", db=db)
    assert "已在招商项目清单 2" in after.stdout
    assert [s["project"]["name"] for s in run_json("target-list", db=db)] == ["干法隔膜基地", "引进江苏湿法隔膜有限公司（隔膜）"]
    projects = run_json("projects", "list", "--list", "investment", "--stage", "negotiating", db=db)
    assert sorted((p["investor"], p["source"], p["region_code"]) for p in projects) == [
        ("江苏湿法隔膜有限公司", "招商图谱", "430100"), ("浙江干法隔膜有限公司", "招商图谱", "430100")]
