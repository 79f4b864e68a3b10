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
from chainatlas.services.monitoring.indicators_import import (
    IndicatorOptions,
    IndicatorResult,
    import_indicators,
    preview_indicators,
    upload_indicators,
)
from chainatlas.services.monitoring.risks import acknowledge, scan
from chainatlas.services.monitoring.rule_sets import (
    RULE_EDITORS,
    default_rule_set,
    read_rules_text,
    rules_as_dict,
    rules_in_force,
    set_rules,
)
from chainatlas.services.monitoring.warnings import (
    EXPORT_COLUMNS as WARNING_EXPORT_COLUMNS,
)
from chainatlas.services.monitoring.warnings import (
    LEVEL_LABELS,
    LEVELS,
    count_open,
    open_warnings,
    warnings_workbook,
)

__all__ = ["ALL_INDUSTRY", "LEVEL_LABELS", "LEVELS", "MOVES", "RULE_EDITORS", "WARNING_EXPORT_COLUMNS",
           "acknowledge", "area_total", "by_chain", "chain_dashboard", "chain_dashboard_workbook",
           "chain_figures", "check_scope", "city_overview", "city_overview_workbook", "count_open",
           "default_region", "default_rule_set", "growth_pct", "import_indicators", "IndicatorOptions",
           "IndicatorResult", "latest_month", "may_read", "MonthFigures", "movements", "open_warnings",
           "placed_output", "preview_indicators", "public", "read_rules_text", "refresh", "rules_as_dict",
           "rules_in_force", "scan", "sentence", "series", "set_rules", "share_pct", "upload_indicators",
           "warnings_workbook", "work_figures"]
