"""GET /chains/{chain}/report.docx and .pdf: content types, Chinese file names, the viewer's scope."""

from __future__ import annotations

import io
from urllib.parse import quote

from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine

from chainatlas.services import reports
from chainatlas.services.access import accounts
from security.helpers import app_client
from services.factories import OPERATOR, TEST_PASSWORD
from services.reports.factories import chain_with_figures

TITLE = "长沙市先进储能材料与锂电池产业链运行监测月报（2025年10月）"


def test_the_report_downloads_as_word_and_pdf_with_a_chinese_name(client: TestClient, engine: Engine) -> None:
    chain_with_figures(engine)
    params = {"region": "430100", "month": "2025-10"}
    word = client.get("/api/v1/chains/lithium-battery/report.docx", params=params)
    assert word.status_code == 200, word.text
    assert word.headers["content-type"] == reports.DOCX
    disposition = word.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote(TITLE)}.docx" in disposition
    assert 'filename="report-lithium-battery-430100-2025-10.docx"' in disposition
    assert Document(io.BytesIO(word.content)).paragraphs[0].text == TITLE
    pdf = client.get("/api/v1/chains/lithium-battery/report.pdf", params=params)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == reports.PDF
    assert TITLE[:10] in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_report_requests_outside_the_scope_or_malformed_are_refused(client: TestClient, engine: Engine, db: str) -> None:
    chain_with_figures(engine)
    accounts.create_organisation(engine, OPERATOR, "测试省", "province", region="430000")
    accounts.create_organisation(engine, OPERATOR, "测试市", "city", parent="测试省", region="430100")
    accounts.create_organisation(engine, OPERATOR, "宁乡市链办", "district", parent="测试市", region="430182")
    accounts.create_user(engine, OPERATOR, "ningxiang", TEST_PASSWORD, "宁乡市链办", "chain_office")
    secret, _ = accounts.create_token(engine, OPERATOR, "tests", username="ningxiang")
    county = app_client(db, Authorization=f"Bearer {secret}")
    refused = county.get("/api/v1/chains/lithium-battery/report.pdf", params={"region": "430100", "month": "2025-10"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    own = county.get("/api/v1/chains/lithium-battery/report.docx", params={"region": "430182", "month": "2025-10"})
    assert own.status_code == 200
    text = "\n".join(c.text for t in Document(io.BytesIO(own.content)).tables for r in t.rows for c in r.cells)
    assert "宁乡隔膜科技有限公司" in text and "星城储能电池有限公司" not in text
    for params in ({"region": "430100"}, {"region": "430100", "month": "2025-13"}, {"month": "2025-10"},
                   {"region": "43", "month": "2025-10"}):
        response = client.get("/api/v1/chains/lithium-battery/report.docx", params=params)
        assert response.status_code == 422, (params, response.text)
    assert client.get("/api/v1/chains/nothing/report.pdf",
                      params={"region": "430100", "month": "2025-10"}).status_code == 404
