"""Official evaluation rules (docs/rules.md §2–§5) as pure, self-explaining functions.

Each rule set is one versioned table constant; each evaluation returns a
frozen result naming the rule and version, with its parts, reasons and the
facts it lacked. Money is Decimal 万元; ratios are Decimal percent.
"""

from chainatlas.domain.rules.facts import Award, EnterpriseFacts, Title, facts_from_dict
from chainatlas.domain.rules.gate import NOT_SME, SmeGate, sme_gate
from chainatlas.domain.rules.innovative import INNOVATIVE_SME_2022, evaluate_innovative_sme
from chainatlas.domain.rules.little_giant import LITTLE_GIANT_2022, LITTLE_GIANT_2026, evaluate_little_giant
from chainatlas.domain.rules.provincial import (
    EXAMPLE_PROVINCIAL_2022,
    ProvincialConfig,
    provincial_config_from_dict,
)
from chainatlas.domain.rules.results import LevelResult, Part, RuleResult, ScaleResult, SizeResult
from chainatlas.domain.rules.scale import ABOVE_SCALE_STATS, evaluate_above_scale
from chainatlas.domain.rules.smart_factory import (
    MATURITY_GB39117,
    SMART_FACTORY_2024,
    evaluate_smart_factory,
    maturity_level,
)
from chainatlas.domain.rules.sme_size import SME_SIZE_2011, classify_sme_size
from chainatlas.domain.rules.specialised import (
    RULE_SETS,
    SPECIALISED_SME_2026,
    evaluate_specialised_sme,
)
from chainatlas.domain.rules.specialised_2022 import SPECIALISED_SME_2022

TABLES = {  # every versioned rule table by its constant's name (docs/rules.md names each; services/evaluation runs them)
    "SME_SIZE_2011": SME_SIZE_2011, "ABOVE_SCALE_STATS": ABOVE_SCALE_STATS, "INNOVATIVE_SME_2022": INNOVATIVE_SME_2022,
    "SPECIALISED_SME_2022": SPECIALISED_SME_2022, "SPECIALISED_SME_2026": SPECIALISED_SME_2026,
    "LITTLE_GIANT_2022": LITTLE_GIANT_2022, "LITTLE_GIANT_2026": LITTLE_GIANT_2026,
    "MATURITY_GB39117": MATURITY_GB39117, "SMART_FACTORY_2024": SMART_FACTORY_2024,
}

__all__ = [
    "TABLES",
    "ABOVE_SCALE_STATS", "EXAMPLE_PROVINCIAL_2022", "INNOVATIVE_SME_2022", "LITTLE_GIANT_2022",
    "LITTLE_GIANT_2026", "MATURITY_GB39117", "NOT_SME", "RULE_SETS", "SME_SIZE_2011", "SMART_FACTORY_2024",
    "SPECIALISED_SME_2022", "SPECIALISED_SME_2026",
    "Award", "EnterpriseFacts", "LevelResult", "Part", "ProvincialConfig", "RuleResult", "ScaleResult",
    "SizeResult", "SmeGate", "Title",
    "classify_sme_size", "evaluate_above_scale", "evaluate_innovative_sme", "evaluate_little_giant",
    "evaluate_smart_factory", "evaluate_specialised_sme", "facts_from_dict", "maturity_level",
    "provincial_config_from_dict", "sme_gate",
]
