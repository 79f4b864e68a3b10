"""Atlas: chain templates, placement of enterprises on links, gaps, chain maps, the overview and their exports.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.exporters import XLSX
from chainatlas.services.atlas.chainmap import chain_enterprises, chain_map, kept_gaps, link_enterprises
from chainatlas.services.atlas.chains import (
    ACTIVE,
    chain_as_dict,
    chains_gaps,
    gap_report_as_dict,
    gaps,
    get_chain,
    link_id_in,
    list_chains,
    load_builtin_chains,
    load_chain_file,
    resolve_chain_id,
    resolve_link_id,
    save_chain,
)
from chainatlas.services.atlas.exports import SORTABLE, gaps_workbook, link_enterprises_workbook, sort_links
from chainatlas.services.atlas.overview import demo_note, filter_options, overview, warm
from chainatlas.services.atlas.placement import (
    decide,
    decide_placement,
    list_placements,
    place,
    place_manually,
)

__all__ = [
    "ACTIVE", "SORTABLE", "XLSX", "chain_as_dict", "chain_enterprises", "chain_map", "chains_gaps", "decide",
    "decide_placement", "demo_note", "filter_options", "gap_report_as_dict", "gaps", "gaps_workbook", "get_chain",
    "kept_gaps", "link_enterprises",
    "link_enterprises_workbook", "link_id_in", "list_chains", "list_placements", "load_builtin_chains", "load_chain_file",
    "overview", "place", "place_manually", "resolve_chain_id", "resolve_link_id", "save_chain", "sort_links", "warm",
]
