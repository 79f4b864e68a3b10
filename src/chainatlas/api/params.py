"""Query parameters shared by the routers, validated so that a 422 names the field."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query

from chainatlas.domain.tags import TAGS

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
MAX_ROW_ID = 2**63 - 1  # the largest integer a database id can hold (larger ones overflowed into 500s)
OPTIONAL_ID = r"^([a-z0-9][a-z0-9-]{0,63})?$"  # an empty query value (from a form) means "all"
TagCode = Literal[tuple(TAGS)]  # type: ignore[valid-type]

ChainId = Annotated[str, Path(pattern=ID_PATTERN, description="产业链编号，如 lithium-battery")]
LinkId = Annotated[str, Path(pattern=ID_PATTERN, description="环节编号，如 separator")]
Region = Annotated[str | None, Query(pattern=r"^(\d{6})?$", description="行政区划代码（GB/T 2260，省/市/县）；空为全部")]
Park = Annotated[str | None, Query(max_length=100, description="园区名称")]
Limit = Annotated[int, Query(ge=1, le=200, description="每页条数")]
Offset = Annotated[int, Query(ge=0, le=10_000, description="跳过的条数（深翻页请用 cursor）")]
Cursor = Annotated[str | None, Query(pattern=r"^([ko]:\d{1,12})?$", description="上一页返回的 next_cursor")]
Q = Annotated[str | None, Query(max_length=100, description="按企业名称、统一社会信用代码、经营范围、主营产品搜索")]
Tag = Annotated[TagCode | None, Query(description="标签代码，如 specialised_sme")]
Size = Annotated[Literal["large", "medium", "small", "micro"] | None,
                 Query(description="企业规模（中小企业划型）：large 大型、medium 中型、small 小型、micro 微型")]
SortOrder = Annotated[Literal["asc", "desc"], Query(description="升序 asc / 降序 desc")]
