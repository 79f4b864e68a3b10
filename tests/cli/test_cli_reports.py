"""`chainatlas report`: exit 0 and the files, the template setting, clear Chinese errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import Engine

from chainatlas.services import reports
from cli.helpers import error_line, run, run_json
from services.reports.factories import chain_with_figures


def test_report_writes_word_and_pdf_and_describes_them(db: str, engine: Engine, tmp_path: Path) -> None:
    chain_with_figures(engine)
    docx, pdf = tmp_path / "月报.docx", tmp_path / "月报.pdf"
    out = run_json("report", "锂电池", "--region", "长沙市", "--month", "2025-10", "--docx", docx, "--pdf", pdf, db=db)
    assert out["title"] == "长沙市先进储能材料与锂电池产业链运行监测月报（2025年10月）"
    assert (out["output_ytd_wan_yuan"], out["output_yoy_pct"], out["above_scale_count"]) == ("9990.00", "15.49", 2)
    assert out["docx"] == str(docx) and out["pdf"] == str(pdf)
    assert Document(io.BytesIO(docx.read_bytes())).paragraphs[0].text == out["title"]
    assert len(PdfReader(pdf).pages) >= 3

    template = tmp_path / "city.yaml"
    template.write_text("title: \"{chain}月报{year}-{month}\"\nsections: [warnings]\n", encoding="utf-8")
    once = run_json("report", "lithium-battery", "--region", "430100", "--month", "2025-10", "--pdf", pdf,
                    "--template", template, db=db)
    assert once["title"] == "先进储能材料与锂电池月报2025-10" and once["sections"] == ["一、风险预警"]
    assert run_json("report", "template", "--set", template, db=db)["source"] == "本部署模板"
    stored = run_json("report", "lithium-battery", "--region", "430100", "--month", "2025-10", "--docx", docx, db=db)
    assert stored["title"] == once["title"] and "pdf" not in stored
    assert run_json("report", "template", "--reset", db=db)["source"] == "内置模板"


def test_report_errors_are_one_chinese_line(db: str, tmp_path: Path) -> None:
    args = ("--month", "2025-10", "--pdf", tmp_path / "x.pdf")
    assert "产业链“无此链”不存在" in error_line(run("report", "无此链", "--region", "430100", *args, db=db))
    assert "999999 不存在" in error_line(run("report", "锂电池", "--region", "999999", *args, db=db))
    assert "应写作 YYYY-MM" in error_line(run("report", "锂电池", "--region", "430100", "--month", "2025-13", db=db))
    bad = tmp_path / "bad.yaml"
    bad.write_text("sections: [finance]\n", encoding="utf-8")
    assert "key“finance”不存在" in error_line(run("report", "template", "--set", bad, db=db))
    assert "模板文件不存在" in error_line(run("report", "template", "--set", tmp_path / "none.yaml", db=db))
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_cjk_font_names_the_debian_package() -> None:
    with pytest.raises(reports.MissingFont, match="fonts-noto-cjk"):
        reports.require_fonts(("Noto Imaginary CJK XX",))


def test_a_missing_pango_names_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint raises OSError on import when the system has no Pango: a set-up error naming the packages."""
    import builtins
    import sys

    from chainatlas.services.reports import pdf

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    monkeypatch.setattr(pdf, "check_fonts", lambda: None)
    with pytest.raises(reports.MissingFont, match="libpango-1.0-0"):
        pdf.write_pdf(None)  # type: ignore[arg-type]
