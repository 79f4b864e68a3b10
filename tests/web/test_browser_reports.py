"""The chain map's “生成月报” in a real headless Chromium over the demo database: the links follow the region
and month chosen, and the Word and PDF downloads arrive with their Chinese names."""

from __future__ import annotations

import io

from docx import Document

from web.chromium import MARKS

pytestmark = MARKS


def test_the_map_offers_the_monthly_report_in_word_and_pdf(page: object, server: str) -> None:
    page.goto(server + "/map?chain=lithium-battery")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#f-region').options.length > 1")  # type: ignore[attr-defined]
    assert page.locator("#report-bar").inner_text().startswith("生成月报")  # type: ignore[attr-defined]
    page.select_option("#f-region", "430104")  # type: ignore[attr-defined]
    page.fill("#report-month", "2025-10")  # type: ignore[attr-defined]
    page.dispatch_event("#report-month", "change")  # type: ignore[attr-defined]
    href = page.get_attribute("#report-docx", "href")  # type: ignore[attr-defined]
    assert href == "/api/v1/chains/lithium-battery/report.docx?region=430104&month=2025-10"
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click("#report-docx")  # type: ignore[attr-defined]
    download = info.value
    assert download.suggested_filename == "长沙市岳麓区先进储能材料与锂电池产业链运行监测月报（2025年10月）.docx"
    document = Document(io.BytesIO(open(download.path(), "rb").read()))
    assert document.paragraphs[0].text == download.suggested_filename.removesuffix(".docx")
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click("#report-pdf")  # type: ignore[attr-defined]
    assert info.value.suggested_filename.endswith("（2025年10月）.pdf")
    assert open(info.value.path(), "rb").read(5) == b"%PDF-"
