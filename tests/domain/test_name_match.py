"""Name resolution rules: regions, legal forms, 集团, branches, short names, look-alikes."""

from __future__ import annotations

import pytest

from chainatlas import reference
from chainatlas.domain.name_match import BRANCH, DIFFERENT, SAME, compare


def relation(a: str, b: str) -> str:
    return compare(reference.name_normaliser(), a, b).relation


@pytest.mark.parametrize(("a", "b"), [
    ("湖南星城科技有限公司", "星城科技（长沙）有限公司"),  # bracketed city inside the prefixed province
    ("星城科技(湖南)有限公司", "长沙市岳麓区星城科技股份有限公司"),
    ("星城科技有限公司", "星城科技有限责任公司"),
    ("ＸＹ星城科技有限公司", "XY 星城 科技　股份有限公司"),
    ("中国星城（集团）有限公司", "中国星城集团股份有限公司"),
    ("湖南星城新能源电池材料股份有限公司", "星城股份"),  # securities short name
    ("星城钢铁集团有限责任公司", "星城集团"),
])
def test_spellings_of_one_enterprise_are_the_same(a: str, b: str) -> None:
    assert relation(a, b) == SAME


@pytest.mark.parametrize(("a", "b"), [
    ("长沙星城科技有限公司", "株洲星城科技有限公司"),  # two cities: two registrations
    ("星城科技（长沙）有限公司", "星城科技（北京）有限公司"),
    ("长沙星城石墨科技有限公司", "长沙星城石墨材料有限公司"),  # another trade word
    ("长沙星城石墨新材料科技有限公司", "长沙星辰石墨新材料科技有限公司"),  # one character of the 字号
    ("湖南星城钢铁集团有限责任公司", "湖南星城钢铁股份有限公司"),  # group vs member
    ("星城科技有限公司", "星城科技发展有限公司"),  # an added word that is not a trade word
])
def test_different_enterprises_that_look_alike_are_different(a: str, b: str) -> None:
    assert relation(a, b) == DIFFERENT


@pytest.mark.parametrize("branch", ["星城科技股份有限公司长沙分公司", "星城科技有限公司株洲分厂",
                                    "星城科技有限公司北京办事处", "星城科技有限公司五一路营业部", "星城科技岳麓区分公司"])
def test_a_branch_is_linked_to_its_parent_never_the_same(branch: str) -> None:
    assert relation("湖南星城科技有限公司", branch) == BRANCH


def test_two_branches_of_one_parent_are_different_and_one_branch_spelt_twice_is_the_same() -> None:
    assert relation("星城科技有限公司长沙分公司", "星城科技有限公司株洲分公司") == DIFFERENT
    assert relation("星城科技有限公司长沙分公司", "星城科技股份有限公司 长沙分公司") == SAME


def test_a_lone_sales_department_is_an_enterprise_not_a_branch() -> None:
    parsed = reference.name_normaliser().parse("长沙市星城五金经营部")
    assert not parsed.is_branch and parsed.key == "星城五金经营部"


def test_a_branch_key_never_equals_its_parents() -> None:
    key = reference.name_normaliser().key
    assert key("星城科技有限公司长沙分公司") == "星城科技/长沙分公司" != key("星城科技有限公司")
