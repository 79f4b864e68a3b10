"""The dashboards (运行监测看板): one chain's figures over the months and the chains ranked by growth.
Money is a decimal string in 万元 with two decimals; percentages are decimal strings (6.85 = 6.85%); a figure
without data is null (shown as 暂无数据), never zero."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

Pct = Decimal | None
Wan = str | None


class DashboardMonthPublic(BaseModel):
    month: str = Field(description="YYYY-MM")
    output_wan_yuan: Wan = Field(description="当月产值（万元）")
    output_ytd_wan_yuan: Wan = Field(description="累计产值（万元）")
    yoy_pct: Pct = Field(description="累计产值同比增长（%）")
    month_yoy_pct: Pct = Field(description="当月产值同比增长（%）")
    revenue_wan_yuan: Wan
    revenue_ytd_wan_yuan: Wan
    revenue_yoy_pct: Pct
    above_scale_count: int | None = Field(description="规上企业数")
    reporting: int | None = Field(description="报送企业数")


class DashboardMovePublic(BaseModel):
    id: int
    name: str
    region_code: str
    region_name: str
    above_scale: bool
    kind: str = Field(description="started_reporting 新报送、became_above_scale 新晋规上、stopped_reporting 停报、"
                                  "ceased_above_scale 退出规上")
    kind_label: str


class DashboardMovesPublic(BaseModel):
    entries: int
    exits: int
    started_reporting: int
    became_above_scale: int
    stopped_reporting: int
    ceased_above_scale: int
    compared_with: str = Field(description="比较的月份（上年同月）")


class DashboardGoalPublic(BaseModel):
    id: int
    indicator: str
    unit: str
    period_label: str
    target: str
    actual: str | None
    progress: str | None
    elapsed: str
    lagging: bool


class DashboardStagePublic(BaseModel):
    stage: str
    label: str
    count: int


class DashboardWorkPublic(BaseModel):
    goals: list[DashboardGoalPublic]
    goals_total: int
    goals_lagging: int
    projects_by_stage: list[DashboardStagePublic] = Field(description="项目按当前阶段")
    projects_total: int
    projects_delayed: int
    problems_total: int
    problems_open: int | None = Field(description="未办结的重点问题；无权查看问题清单时为空")
    problems_overdue: int | None


class ChainDashboardPublic(BaseModel):
    chain: str
    chain_name: str
    chain_name_en: str | None
    region: str
    region_name: str
    month: str
    ytd_label: str = Field(description="1—9月")
    has_figures: bool
    output_wan_yuan: Wan
    output_ytd_wan_yuan: Wan
    output_yoy_pct: Pct
    revenue_ytd_wan_yuan: Wan
    revenue_yoy_pct: Pct
    profit_ytd_wan_yuan: Wan
    tax_ytd_wan_yuan: Wan
    above_scale_count: int
    reporting: int
    city_output_ytd_wan_yuan: Wan = Field(description="全市（本地区）累计产值：录入的地区合计，否则全部报送企业之和")
    share_of_city_pct: Pct
    series: list[DashboardMonthPublic] = Field(description="最近 24 个月")
    entries: list[DashboardMovePublic] = Field(description="进入的企业（与上年同月比较，至多 100 家）")
    exits: list[DashboardMovePublic]
    moves: DashboardMovesPublic
    work: DashboardWorkPublic


class RankedChainPublic(BaseModel):
    rank: int | None = Field(description="按累计产值同比增速排名；暂无数据时为空")
    chain: str
    chain_name: str
    chain_name_en: str | None
    has_figures: bool
    status_label: str | None = Field(description="暂无数据")
    output_ytd_wan_yuan: Wan
    output_yoy_pct: Pct
    revenue_ytd_wan_yuan: Wan
    above_scale_count: int | None
    reporting: int | None
    share_of_city_pct: Pct


class CityDashboardPublic(BaseModel):
    region: str
    region_name: str
    month: str
    ytd_label: str
    output_ytd_wan_yuan: Wan = Field(description="产业链规上企业累计产值（每家企业计一次）")
    output_yoy_pct: Pct
    double_digit_chains: int = Field(description="累计产值增速 ≥ 10% 的产业链数")
    city_output_ytd_wan_yuan: Wan
    chains_with_figures: int
    sentence: str = Field(description="1—9月，全市产业链规上企业实现产值…亿元，同比增长…%，其中…条产业链实现两位数增长")
    chains: list[RankedChainPublic]
