"""Monitoring (运行监测): monthly and quarterly indicators, chain dashboards and risk early warning.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.monitoring.dashboard import (
    MOVES,
    chain_dashboard,
    city_overview,
    default_region,
    movements,
    public,
    sentence,
    work_figures,
)
from chainatlas.services.monitoring.excel import chain_dashboard_workbook, city_overview_workbook
from chainatlas.services.monitoring.figures import (
    ALL_INDUSTRY,
    MonthFigures,
    area_total,
    by_chain,
    chain_figures,
    check_scope,
    growth_pct,
    latest_month,
    may_read,
    placed_output,
    refresh,
    series,
    share_pct,
)
from chainatlas.services.monitoring.warnings import LEVEL_LABELS, LEVELS, open_warnings

__all__ = ["ALL_INDUSTRY", "LEVELS", "LEVEL_LABELS", "MOVES", "open_warnings", "MonthFigures", "area_total",
           "by_chain", "chain_dashboard", "chain_dashboard_workbook", "chain_figures", "check_scope", "city_overview",
           "city_overview_workbook", "default_region", "growth_pct", "latest_month", "may_read", "movements",
           "placed_output", "public", "refresh", "sentence", "series", "share_pct", "work_figures"]
