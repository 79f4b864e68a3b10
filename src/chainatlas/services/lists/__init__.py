"""Work lists of the chain-leader system (五单): development goals (发展目标清单), projects — major projects
under construction and the investment pipeline, one model (重大项目、招商项目清单) — and industrialisable
research results (可产业化科研成果清单), with Excel in and out for every list (`KINDS`).

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.lists.excel import KINDS, ListKind, export_list, import_list, kind_of, register
from chainatlas.services.lists.goals import create_goal, enter_actual, get_goal, list_goals, update_goal
from chainatlas.services.lists.projects import (
    BIG_PROJECT_FEN,
    add_milestone,
    advance,
    create_project,
    funnel,
    get_project,
    list_projects,
    update_project,
)
from chainatlas.services.lists.results import create_result, get_result, list_results, update_result
from chainatlas.services.lists.summary import summary

__all__ = [
    "BIG_PROJECT_FEN", "KINDS", "ListKind", "add_milestone", "advance", "create_goal", "create_project",
    "create_result", "enter_actual", "export_list", "funnel", "get_goal", "get_project", "get_result", "import_list",
    "kind_of", "list_goals", "list_projects", "list_results", "register", "summary", "update_goal",
    "update_project", "update_result",
]
