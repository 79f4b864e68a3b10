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
from chainatlas.services.monitoring.risks import acknowledge, latest_month, scan
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

__all__ = ["ALL_INDUSTRY", "LEVELS", "LEVEL_LABELS", "RULE_EDITORS", "WARNING_EXPORT_COLUMNS", "MonthFigures", "acknowledge",
           "area_total", "chain_figures", "count_open", "default_rule_set", "growth_pct", "latest_month",
           "open_warnings", "read_rules_text", "refresh", "rules_as_dict", "rules_in_force", "scan", "series",
           "set_rules", "share_pct", "warnings_workbook"]
