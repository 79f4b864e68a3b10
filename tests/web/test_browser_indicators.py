"""The 数据导入 page with 月度指标 chosen, in a real headless Chromium over the demo database: the example
规上工业企业月报 previews (period from its title, 本月|累计 columns, the 同比 column ignored) and imports."""

from __future__ import annotations

import pytest

from chainatlas.services import demo
from web.chromium import MARKS, shot

pytestmark = MARKS


def test_monthly_indicators_preview_and_import(page: object, server: str,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    example = max(tmp_path_factory.getbasetemp().glob(f"browser*/{demo.EXAMPLE_INDICATORS}"),
                  key=lambda p: p.stat().st_mtime)  # written beside the module's demo database
    page.goto(server + "/import")  # type: ignore[attr-defined]
    assert page.is_hidden("#period-field")  # type: ignore[attr-defined]
    page.check("input[name=kind][value=indicators]")  # type: ignore[attr-defined]
    assert page.is_visible("#period-field") and page.is_visible("#hint-indicators")  # type: ignore[attr-defined]
    page.set_input_files("#file", str(example))  # type: ignore[attr-defined]
    page.click("#upload-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#preview:not([hidden]) .sheet")  # type: ignore[attr-defined]
    summary = page.inner_text("#preview-summary")  # type: ignore[attr-defined]
    assert "新增 0" in summary and "不合格 0" in summary and "2026-10" in summary
    sheet = page.inner_text("#preview-sheets")  # type: ignore[attr-defined]
    assert "报告期：2026-10" in sheet and "工业总产值（累计）" in sheet and "增长率由系统" in sheet
    shot(page, "import-indicators-preview")
    page.click("#confirm-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#job-summary[data-status=done]")  # type: ignore[attr-defined]
    assert "拒绝 0" in page.inner_text("#job-summary")  # type: ignore[attr-defined]
