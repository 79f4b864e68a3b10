"""Evaluation: official evaluations (中小企业划型, 创新型中小企业, 专精特新, 小巨人 …) of registry enterprises,
the facts they need, and the 梯度培育 lists.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.evaluation.cultivation import cultivation_list, cultivation_report, cultivation_xlsx
from chainatlas.services.evaluation.evaluate import evaluate_all, evaluate_enterprise, get_evaluations
from chainatlas.services.evaluation.facts_import import import_facts
from chainatlas.services.evaluation.rules import RULE_BY_CODE, RULES, rule_versions

__all__ = ["RULES", "RULE_BY_CODE", "cultivation_list", "cultivation_report", "cultivation_xlsx", "evaluate_all",
           "evaluate_enterprise", "get_evaluations", "import_facts", "rule_versions"]
