"""The report as a Word document (python-docx only, so the OOXML stays what Word and WPS open), laid out as a
government document: A4 with the GB/T 9704 margins, a 黑体 title, 一、二、三 headings (Heading 1, so that the
TOC field finds them), 仿宋 body, tables with Chinese headers, a PAGE field in the footer.

Fonts: Word and WPS on Windows have FangSong (仿宋) and SimHei (黑体); this machine has Noto CJK. The styles
name FangSong/SimHei as the East-Asian font (w:eastAsia: python-docx's font.name alone does not set it) and the
font table gives Noto Serif/Sans CJK SC as their alternative names, for systems without the Windows fonts.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from chainatlas.services.reports.charts import SANS, SERIF
from chainatlas.services.reports.model import Paragraph, Picture, Report, Table, date_text

BODY_FONT = "FangSong"   # 仿宋
HEAD_FONT = "SimHei"     # 黑体
LATIN_FONT = "Times New Roman"
ALTERNATIVES = {BODY_FONT: SERIF, HEAD_FONT: SANS}


def _fonts(element: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and the East-Asian font on a style's or a run's rPr."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _style(document: Any, name: str, east_asian: str, size: float, bold: bool = False) -> Any:
    style = document.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element, east_asian)
    return style


def _font_table(document: Any) -> None:
    """Give FangSong and SimHei their Noto alternative names in word/fontTable.xml."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for name, alternative in ALTERNATIVES.items():
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alternative)
                etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
                etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if name == HEAD_FONT else "roman")
                etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, TOC …) with `shown` as its current result."""
    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # Word and WPS recompute it on opening
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    paragraph.add_run()._r.append(char("separate"))
    if shown:
        paragraph.add_run(shown)
    paragraph.add_run()._r.append(char("end"))


def _update_fields_on_open(document: Any) -> None:
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _page(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE", "1")
    footer.add_run(" —")


def _paragraph(document: Any, text: str, style: str | None = None, align: Any = None, lead: str = "",
               indent: bool = True) -> Any:
    paragraph = document.add_paragraph(style=style)
    if lead:
        run = paragraph.add_run(lead)
        run.bold = True
        _fonts(run._r, HEAD_FONT)
    paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    return paragraph


def _table(document: Any, table: Table) -> None:
    caption = _paragraph(document, table.caption, "Caption", WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    flag = OxmlElement("w:tblHeader")  # the header row repeats on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, name in zip(header.cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        _fonts(run._r, HEAD_FONT)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value, numeric in zip(cells, values, table.numeric, strict=True):
            cell.text = value
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = document.styles["Table Text"]


def _picture(document: Any, picture: Picture) -> None:
    document.add_picture(io.BytesIO(picture.png), width=Cm(picture.width_cm))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    _paragraph(document, picture.caption, "Caption", WD_ALIGN_PARAGRAPH.CENTER)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    normal = _style(document, "Normal", BODY_FONT, 16)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    heading = _style(document, "Heading 1", HEAD_FONT, 16)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    _style(document, "Title", HEAD_FONT, 22)
    caption = _style(document, "Caption", HEAD_FONT, 10.5)
    caption.font.italic = False
    table_text = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _fonts(table_text.element, BODY_FONT)
    table_text.font.size = Pt(10.5)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.first_line_indent = Pt(0)
    toc = document.styles.add_style("TOC Entry", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = normal


def write_docx(report: Report) -> bytes:
    document = Document()
    _styles(document)
    _font_table(document)
    _page(document)
    document.core_properties.title = report.title
    document.core_properties.author = report.issuer
    document.core_properties.language = "zh-CN"
    title = document.add_paragraph(report.title, style="Title")  # 二号 (GB/T 9704): wraps as Word lays it out
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if report.subtitle:
        _paragraph(document, report.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"{report.issuer}　　{date_text(report.issued_on)}", align=WD_ALIGN_PARAGRAPH.CENTER)
    if report.toc:
        _paragraph(document, "目　录", align=WD_ALIGN_PARAGRAPH.CENTER)
        toc = document.add_paragraph(style="TOC Entry")
        _field(toc, 'TOC \\o "1-1" \\h \\z \\u', "\n".join(s.title for s in report.sections))
    for section in report.sections:
        document.add_paragraph(section.title, style="Heading 1")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(document, block.text, lead=block.lead)
            elif isinstance(block, Table):
                _table(document, block)
            else:
                _picture(document, block)
    document.add_paragraph()
    if report.seal_line:
        _paragraph(document, report.seal_line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, date_text(report.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _update_fields_on_open(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
