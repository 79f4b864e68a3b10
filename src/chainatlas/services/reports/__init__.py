"""Reports: the monthly chain report (产业链运行监测月报) in Word and PDF, built once as a model from the figures
(monitoring, atlas, the work lists and the warnings) and rendered twice, laid out by a template a city can change.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.reports.build import NO_FIGURES, build_report, report_as_dict
from chainatlas.services.reports.charts import FONT_PACKAGE, MissingFont, check_fonts, require_fonts
from chainatlas.services.reports.model import Paragraph, Picture, Report, Section, Table
from chainatlas.services.reports.pdf import report_html, write_pdf
from chainatlas.services.reports.sections import NO_WARNINGS
from chainatlas.services.reports.template import (
    SECTION_KEYS,
    ReportTemplate,
    load_template,
    set_template,
    stored_text,
    template_as_dict,
)
from chainatlas.services.reports.word import write_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

__all__ = [
    "DOCX", "FONT_PACKAGE", "NO_FIGURES", "NO_WARNINGS", "PDF", "SECTION_KEYS", "MissingFont", "Paragraph", "Picture",
    "Report", "ReportTemplate", "Section", "Table", "build_report", "check_fonts", "load_template", "report_as_dict",
    "report_html", "require_fonts", "set_template", "stored_text", "template_as_dict", "write_docx", "write_pdf",
]
