"""The report as PDF: HTML and CSS laid out by WeasyPrint (no browser), A4 with the GB/T 9704 margins, page
numbers from @page counters, the table of contents from target-counter, Noto Serif/Sans CJK SC embedded as
subsets with their text mappings (so the text can be copied and searched)."""

from __future__ import annotations

import base64
import logging
from html import escape

from chainatlas.services.reports.charts import SANS, SERIF, MissingFont, check_fonts
from chainatlas.services.reports.model import Paragraph, Picture, Report, Table, date_text

CSS = f"""
@page {{
  size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: "{SERIF}"; font-size: 11pt; }}
}}
html {{ font-family: "{SERIF}", serif; font-size: 14pt; line-height: 1.75; color: #000; }}
h1.title {{ font-family: "{SANS}", sans-serif; font-size: 17pt; font-weight: bold; text-align: center;
           line-height: 1.4; margin: 0 0 8pt; }}
p.subtitle, p.issuer {{ text-align: center; text-indent: 0; margin: 0 0 6pt; }}
p {{ text-indent: 2em; margin: 0 0 4pt; text-align: justify; }}
b.lead {{ font-family: "{SANS}", sans-serif; }}
h2 {{ font-family: "{SANS}", sans-serif; font-size: 14pt; font-weight: bold; margin: 14pt 0 6pt;
     page-break-after: avoid; bookmark-level: 1; }}
nav.toc {{ margin: 10pt 0 16pt; page-break-after: always; }}
nav.toc h3 {{ font-family: "{SANS}", sans-serif; text-align: center; font-size: 14pt; }}
nav.toc a {{ display: block; color: #000; text-decoration: none; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
.caption {{ font-family: "{SANS}", sans-serif; font-size: 10.5pt; text-align: center; text-indent: 0;
           margin: 8pt 0 4pt; page-break-after: avoid; }}
table {{ border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 1.4; margin-bottom: 8pt; }}
thead {{ display: table-header-group; }}
th {{ font-family: "{SANS}", sans-serif; font-weight: bold; background: #eef2f6; }}
th, td {{ border: 0.6pt solid #000; padding: 2pt 4pt; }}
td.num {{ text-align: right; white-space: nowrap; }}
tr {{ page-break-inside: avoid; }}
figure {{ margin: 8pt 0; text-align: center; page-break-inside: avoid; }}
figure img {{ max-width: 100%; }}
.seal {{ text-align: right; text-indent: 0; margin-top: 24pt; }}
.date {{ text-align: right; text-indent: 0; }}
"""


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f'<td class="num">{escape(v)}</td>' if n else f"<td>{escape(v)}</td>"
                                    for v, n in zip(row, table.numeric, strict=True)) + "</tr>" for row in table.rows)
    return (f'<p class="caption">{escape(table.caption)}</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _picture(picture: Picture) -> str:
    data = base64.b64encode(picture.png).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" style="width:{picture.width_cm}cm" '
            f'alt="{escape(picture.caption)}"><p class="caption">{escape(picture.caption)}</p></figure>')


def report_html(report: Report) -> str:
    title = "<br>".join(escape(line) for line in report.title_lines)
    parts = [f'<h1 class="title">{title}</h1>']
    if report.subtitle:
        parts.append(f'<p class="subtitle">{escape(report.subtitle)}</p>')
    parts.append(f'<p class="issuer">{escape(report.issuer)}　　{date_text(report.issued_on)}</p>')
    if report.toc:
        links = "".join(f'<a href="#s{i}">{escape(s.title)}</a>' for i, s in enumerate(report.sections, start=1))
        parts.append(f'<nav class="toc"><h3>目　录</h3>{links}</nav>')
    for i, section in enumerate(report.sections, start=1):
        parts.append(f'<h2 id="s{i}">{escape(section.title)}</h2>')
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lead = f'<b class="lead">{escape(block.lead)}</b>' if block.lead else ""
                parts.append(f"<p>{lead}{escape(block.text)}</p>")
            elif isinstance(block, Table):
                parts.append(_table(block))
            else:
                parts.append(_picture(block))
    if report.seal_line:
        parts.append(f'<p class="seal">{escape(report.seal_line)}</p>')
    parts.append(f'<p class="date">{date_text(report.issued_on)}</p>')
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(report.title)}</title>'
            f'<meta name="author" content="{escape(report.issuer)}"><style>{CSS}</style></head>'
            f"<body>{''.join(parts)}</body></html>")


def write_pdf(report: Report) -> bytes:
    check_fonts()
    try:
        from weasyprint import HTML
    except OSError as error:  # WeasyPrint lays text out with the system's Pango, loaded on import
        raise MissingFont("缺少 PDF 排版库 Pango：请安装 Debian 软件包 libpango-1.0-0 与 libpangoft2-1.0-0"
                          "（sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0），然后重新生成月报") from error

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # subsetting chatter
    return HTML(string=report_html(report)).write_pdf()  # type: ignore[no-any-return]
