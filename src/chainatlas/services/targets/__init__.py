"""Targets (招商图谱): external enterprise pools, investment targets for missing and weak links, and the
what-if of recruiting them (招商推演).

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.exporters import XLSX
from chainatlas.services.targets.atlas_map import target_map, target_map_workbook
from chainatlas.services.targets.decisions import DECISIONS, decide, saved_targets
from chainatlas.services.targets.pools import drop_pool, import_pool, list_pools, upload_pool
from chainatlas.services.targets.ranking import get_weights, recommend, set_weights, weights_as_dict
from chainatlas.services.targets.whatif import list_scenarios, open_scenario, run_whatif, save_scenario

__all__ = ["XLSX", "target_map", "target_map_workbook", "DECISIONS", "decide", "drop_pool", "get_weights", "import_pool", "list_pools", "list_scenarios",
           "open_scenario", "recommend", "run_whatif", "save_scenario", "saved_targets", "set_weights",
           "upload_pool", "weights_as_dict"]
