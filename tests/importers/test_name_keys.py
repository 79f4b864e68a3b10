"""Name keys: the spellings of one enterprise give one key, row-wise and column-wise alike."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainatlas import reference
from chainatlas.importers.validate import _name_key
from importers.files import context

SAME_ENTERPRISE = ["湖南星城科技有限公司", "星城科技（湖南）有限公司", "星城科技(湖南)有限公司", "星城科技【湖南】有限公司",
                   "星城科技股份有限公司", "星城科技", "星城 科技　有限公司", "长沙市星城科技有限公司",
                   "湖南省长沙市岳麓区星城科技有限公司", "星城科技有限公司（普通合伙）", " 星城·科技有限责任公司 "]


def key(name: str) -> str:
    return reference.name_normaliser().key(name)


def column_keys(names: list[str]) -> list[str]:
    frame = pl.DataFrame({"name": names})
    return frame.select(_name_key(pl.col("name"), context())).to_series().to_list()


@pytest.mark.parametrize("name", SAME_ENTERPRISE)
def test_spellings_of_one_enterprise_share_a_key(name: str) -> None:
    assert key(name) == "星城科技"


def test_different_brands_keep_different_keys() -> None:
    assert len({key("星城科技有限公司"), key("星辰科技有限公司"), key("东城科技有限公司")}) == 3


def test_a_short_county_name_at_the_start_is_kept_as_part_of_the_brand() -> None:
    assert key("东城科技有限公司") == "东城科技"  # 东城区 is stripped only when written in full


def test_a_name_that_is_only_a_region_keeps_itself() -> None:
    assert key("湖南有限公司") == "湖南"


def test_column_wise_keys_equal_row_wise_keys_for_the_examples() -> None:
    names = [*SAME_ENTERPRISE, "东城科技有限公司", "湖南有限公司"]
    assert column_keys(names) == [key(n) for n in names]


prefixes = st.sampled_from(["", "湖南", "湖南省", "长沙市", "长沙", "湖南省长沙市", "岳麓区", "北京", "朝阳区"])
brands = st.sampled_from(["星城", "麓谷", "东城", "中联", "湘江", "长城", "华", "新"])
trades = st.sampled_from(["科技", "新材料", "智能装备", "电子", ""])
brackets = st.sampled_from(["", "（湖南）", "(长沙)", "【湖南】", "( 湖南 )"])
forms = st.sampled_from(["有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "", "（有限合伙）",
                         "有限公司长沙分公司", "股份有限公司北京办事处", "股份", "（集团）有限公司"])
names = st.builds(lambda *parts: "".join(parts), prefixes, brands, trades, brackets, forms)


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=1, max_size=30))
def test_column_wise_keys_equal_row_wise_keys(batch: list[str]) -> None:
    assert column_keys(batch) == [key(n) for n in batch]


BRANCHES_AND_GROUPS = ["星城科技有限公司长沙分公司", "星城科技股份有限公司北京办事处", "星城科技岳麓区分公司",
                       "中国星城（集团）有限公司", "星城集团股份有限公司", "中伟股份", "长沙市星城五金经营部",
                       "ＡＢ科技有限公司", "星城科技【长沙】有限公司"]


def test_column_wise_keys_equal_row_wise_keys_for_branches_groups_and_widths() -> None:
    assert column_keys(BRANCHES_AND_GROUPS) == [key(n) for n in BRANCHES_AND_GROUPS]


def test_column_wise_region_text_equals_row_wise() -> None:
    from chainatlas.importers.name_columns import name_parts
    normaliser = reference.name_normaliser()
    names = [*SAME_ENTERPRISE, *BRANCHES_AND_GROUPS, "长沙星城科技有限公司", "星城(株洲)科技有限公司"]
    texts = name_parts(pl.Series(names), normaliser, regions=True).get_column("region_text").to_list()
    for name, text in zip(names, texts, strict=True):
        assert normaliser.regions_in(text) == normaliser.parse(name).regions
