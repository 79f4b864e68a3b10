"""An enterprise's change record (变更记录) as people read it: what happened, to which field."""

from __future__ import annotations

EVENT_LABELS = {
    "updated": "导入更新",
    "merged_from": "合并了重复记录",
    "merged_into": "并入另一条记录",
    "renamed": "名称变更",
}

# Columns whose names differ from the import field they hold.
COLUMN_FIELDS = {"region_code": "region", "registered_capital_fen": "registered_capital", "name_key": None}
