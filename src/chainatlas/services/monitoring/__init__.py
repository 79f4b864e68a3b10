"""Monitoring (运行监测): monthly and quarterly indicators, chain dashboards and risk early warning.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.monitoring.figures import (
    ALL_INDUSTRY,
    MonthFigures,
    area_total,
    chain_figures,
    growth_pct,
    refresh,
    series,
    share_pct,
)
from chainatlas.services.monitoring.indicators_import import (
    IndicatorOptions,
    IndicatorResult,
    import_indicators,
    preview_indicators,
    upload_indicators,
)
from chainatlas.services.monitoring.warnings import LEVEL_LABELS, LEVELS, open_warnings

__all__ = ["IndicatorOptions", "IndicatorResult", "import_indicators", "preview_indicators", "upload_indicators",
           "ALL_INDUSTRY", "LEVELS", "LEVEL_LABELS", "open_warnings", "MonthFigures", "area_total", "chain_figures", "growth_pct", "refresh", "series",
           "share_pct"]
