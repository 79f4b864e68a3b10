"""The monthly chain report, generated from factory data and read back: the Word file with python-docx, the PDF
with pypdf; both carry the sections in order and the figures of monitoring.chain_figures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlalchemy import Engine

from chainatlas.domain.access import Area, Role, Viewer
from chainatlas.domain.errors import Forbidden, InvalidInput
from chainatlas.domain.money import wan_text
from chainatlas.services import monitoring, reports
from services.reports.factories import CHAIN, MONTH, chain_with_figures

OPERATOR = Viewer.operator()
SECTIONS = ["一、总体运行情况", "二、产业链图谱与环节覆盖", "三、龙头及重点企业", "四、重点工作清单", "五、风险预警"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_word_and_pdf_carry_the_same_sections_and_the_dashboards_figures(engine: Engine) -> None:
    chain_with_figures(engine)
    figures = monitoring.chain_figures(engine, CHAIN, "430100", MONTH, viewer=OPERATOR)
    report = reports.build_report(engine, "锂电池", "430100", "2025-10", viewer=OPERATOR)
    assert report.title == "长沙市先进储能材料与锂电池产业链运行监测月报（2025年10月）"
    assert [s.title for s in report.sections] == SECTIONS and report.toc

    document = Document(io.BytesIO(reports.write_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    summary = next(p.text for p in document.paragraphs if p.text.startswith("1—10月"))
    assert summary.startswith("1—10月，全市先进储能材料与锂电池产业链3家监测企业（其中规上企业2家）实现产值9990.00万元，"
                              f"同比增长{figures['output_yoy_pct']}%")
    main = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert document.tables[0].rows[0].cells[0].text == "指标"
    assert main["工业总产值（1—10月累计）"] == wan_text(figures["output_ytd_fen"]) == "9990.00"
    assert main["累计同比增长"] == str(figures["output_yoy_pct"])
    assert main["规上企业数"] == str(figures["above_scale_count"])
    assert main["占全市规上工业产值比重"] == str(figures["share_of_city_pct"])
    monthly = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert monthly[-1] == ["2025-10", "1053.00", "9990.00", str(figures["output_yoy_pct"])]
    leaders = [[c.text for c in row.cells] for row in document.tables[3].rows[1:]]
    assert leaders[0][1:5] == ["星城储能电池有限公司", "湖南省长沙市岳麓区", "电芯制造", "链主/龙头"]
    warnings = [[c.text for c in row.cells] for row in document.tables[-1].rows[1:]]
    assert warnings == [["橙色", "隔膜", "隔膜环节仅1家本地企业（单一来源）", "2025-09-01", "未确认"]]
    assert len(document.inline_shapes) == 2  # the monthly chart and the chain map
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    assert "TOC \\o" in document.element.xml
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "FangSong"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "SimHei"
    font_table = next(r.target_part.blob for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert b"Noto Serif CJK SC" in font_table and b"Noto Sans CJK SC" in font_table

    pdf = PdfReader(io.BytesIO(reports.write_pdf(report)))
    text = _flat("".join(page.extract_text() for page in pdf.pages))
    assert _flat(report.title) in text
    positions = [text.index(title, text.index("五、风险预警") + 1) for title in SECTIONS]  # after the contents
    assert positions == sorted(positions)
    assert "9990.00" in text and "星城储能电池有限公司" in text and "本月无预警" not in text
    assert 3 <= len(pdf.pages) <= 12
    assert "—2—" in _flat(pdf.pages[1].extract_text())  # the page number
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "CJK" in str(font["/BaseFont"])
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_a_month_without_figures_and_without_warnings_still_makes_a_report(engine: Engine) -> None:
    chain_with_figures(engine, warning=False)
    report = reports.build_report(engine, CHAIN, "430100", "2023-03", viewer=OPERATOR)
    assert not report.has_figures
    first = report.sections[0].blocks[0]
    assert isinstance(first, reports.Paragraph) and first.text.startswith(reports.NO_FIGURES)
    last = report.sections[-1].blocks
    assert [b.text for b in last if isinstance(b, reports.Paragraph)] == [reports.NO_WARNINGS + "。"]
    text = _flat(PdfReader(io.BytesIO(reports.write_pdf(report))).pages[0].extract_text())
    assert reports.NO_FIGURES in text or reports.NO_FIGURES in _flat(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(reports.write_pdf(report))).pages))


def test_the_report_follows_the_viewers_scope(engine: Engine) -> None:
    chain_with_figures(engine)
    county = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430182"),))
    with pytest.raises(Forbidden, match="无权查看"):
        reports.build_report(engine, CHAIN, "430100", "2025-10", viewer=county)
    own = reports.build_report(engine, CHAIN, "430182", "2025-10", viewer=county)
    assert own.title.startswith("长沙市宁乡市")
    tables = [b for s in own.sections for b in s.blocks if isinstance(b, reports.Table)]
    names = {row[1] for t in tables if t.caption.endswith("龙头及重点企业") for row in t.rows}
    assert names == {"宁乡隔膜科技有限公司"}  # not the 岳麓区 firms the county may not read
    assert "星城储能电池有限公司" not in reports.report_html(own)


def test_a_template_changes_the_title_and_the_order_of_sections(engine: Engine, tmp_path: Path) -> None:
    chain_with_figures(engine)
    file = tmp_path / "city.yaml"
    file.write_text("title: \"{region}{chain}产业链月报（{ytd}）\"\nissuer: 长沙市工业和信息化局\nsections:\n"
                    "  - key: warnings\n    heading: 风险提示\n  - key: overview\n  - key: recommendations\n",
                    encoding="utf-8")
    template = reports.load_template(engine, file)
    report = reports.build_report(engine, CHAIN, "430100", "2025-10", viewer=OPERATOR, template=template)
    assert report.title == "长沙市先进储能材料与锂电池产业链月报（1—10月）"
    assert [s.title for s in report.sections] == ["一、风险提示", "二、总体运行情况", "三、下步工作建议"]
    assert report.seal_line == "长沙市工业和信息化局（盖章）" and not report.toc
    document = Document(io.BytesIO(reports.write_docx(report)))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [s.title for s in report.sections]
    assert any("缺链环节" in p.text for p in document.paragraphs)  # the recommendations, from the gaps

    stored = reports.set_template(engine, file.read_text(encoding="utf-8"), viewer=OPERATOR, name=file.name)
    assert stored.source == "本部署模板" and reports.load_template(engine).title == template.title
    assert reports.set_template(engine, None, viewer=OPERATOR).source == "内置模板"


@pytest.mark.parametrize(("text", "message"), [
    ("title: \"{city}月报\"", "未知占位符 {city}"),
    ("sections:\n  - key: finances\n", "key“finances”不存在"),
    ("sections:\n  - overview\n  - overview\n", "overview 重复出现"),
    ("colour: red", "未知字段 colour"),
    ("toc: sometimes", "toc 应为 auto、always、never 之一"),
    ("title: \"\"", "title（标题）不能为空"),
    ("title: [unclosed", "不是有效的 YAML"),
])
def test_a_template_with_mistakes_is_refused_in_chinese(engine: Engine, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        reports.set_template(engine, text, viewer=OPERATOR, name="bad.yaml")
    assert reports.stored_text(engine) is None
