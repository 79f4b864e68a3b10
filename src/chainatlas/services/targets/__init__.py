"""Targets (招商图谱): external enterprise pools, investment targets for missing and weak links, and the
what-if of recruiting them (招商推演).

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.targets.whatif import list_scenarios, open_scenario, run_whatif, save_scenario

__all__ = ["list_scenarios", "open_scenario", "run_whatif", "save_scenario"]
