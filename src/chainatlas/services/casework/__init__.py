"""Casework: the key-problem list with its closed loop (重点问题清单, 闭环办理) and the meetings that gather problems.

The face of the capability: interfaces and other services import these names from here. The workflow's rules
(states, transitions, required fields) are domain data: chainatlas.domain.casework.
"""

from chainatlas.services.casework.excel import (
    EXPORT_COLUMNS as PROBLEM_EXPORT_COLUMNS,
)
from chainatlas.services.casework.excel import (
    export_problems,
    import_problems,
    problems_workbook,
)
from chainatlas.services.casework.meetings import (
    add_to_meeting,
    create_meeting,
    get_meeting,
    list_meetings,
    meeting_sheet,
    remove_from_meeting,
)
from chainatlas.services.casework.problems import (
    STATS_BY,
    add_problem,
    categories,
    get_problem,
    iter_problems,
    list_deadlines,
    list_problems,
    move,
    overdue_count,
    set_deadline,
    stats,
    sweep,
)

__all__ = [
    "PROBLEM_EXPORT_COLUMNS", "STATS_BY", "add_problem", "add_to_meeting", "categories", "create_meeting",
    "export_problems", "get_meeting", "get_problem", "import_problems", "iter_problems", "list_deadlines",
    "list_meetings", "list_problems", "meeting_sheet", "move", "overdue_count", "problems_workbook",
    "remove_from_meeting", "set_deadline", "stats", "sweep",
]
