"""Demo: a generated registry, facts and accounts for a demo city (all marked 示例数据), and the example workbook.

The face of the capability: `setup` and the interfaces import these names from here.
"""

from chainatlas.services.demo.accounts import DEMO_PASSWORD
from chainatlas.services.demo.accounts import build as build_accounts
from chainatlas.services.demo.example_indicators import FILE_NAME as EXAMPLE_INDICATORS
from chainatlas.services.demo.example_indicators import build as build_example_indicators
from chainatlas.services.demo.example_workbook import FILE_NAME as EXAMPLE_WORKBOOK
from chainatlas.services.demo.example_workbook import build as build_example_workbook
from chainatlas.services.demo.facts import write_demo_facts
from chainatlas.services.demo.monthly import build as build_monthly
from chainatlas.services.demo.pool import POOL_NAME, write_pool
from chainatlas.services.demo.problems import build as build_problems
from chainatlas.services.demo.registry import DEMO_MARK, write_registry
from chainatlas.services.demo.work_lists import build as build_work_lists

__all__ = ["EXAMPLE_INDICATORS", "build_example_indicators", "build_monthly", "DEMO_MARK", "DEMO_PASSWORD", "EXAMPLE_WORKBOOK", "POOL_NAME", "build_accounts", "build_example_workbook",
           "build_problems", "build_work_lists", "write_demo_facts", "write_pool", "write_registry"]
