"""Records of what happened, as people read them: an enterprise's change record (变更记录), an import's state."""

from __future__ import annotations

EVENT_LABELS = {
    "updated": "导入更新",
    "merged_from": "合并了重复记录",
    "merged_into": "并入另一条记录",
    "renamed": "名称变更",
}

# Columns whose names differ from the import field they hold.
COLUMN_FIELDS = {"region_code": "region", "registered_capital_fen": "registered_capital", "name_key": None}

# An import job's state, as the audit log and the import page name it.
IMPORT_STATUS_LABELS = {"queued": "排队中", "running": "进行中", "done": "已完成", "rejected": "未写入（有错误）",
                        "failed": "失败"}
