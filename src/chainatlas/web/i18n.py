"""The pages' message catalogue: Chinese first, English through the language switch.

The language comes from `?lang=zh|en` (remembered in the `lang` cookie), else
the cookie, else Chinese. Templates call `t("key")`; scripts get the same
catalogue as `window.CA.t`.
"""

from __future__ import annotations

from fastapi import Request

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "app": "产业链图谱", "app_sub": "链长制工作平台",
        "nav.overview": "总览", "nav.map": "产业链图谱", "nav.gaps": "补链分析", "nav.registry": "企业库",
        "nav.import": "数据导入", "demo": "示例数据", "lang.switch": "English",
        "nav.cultivation": "梯度培育",
        "eval.title": "企业评价", "eval.rerun": "按现有数据重新评价", "eval.rule": "规则", "eval.version": "版本",
        "eval.verdict": "结论", "eval.score": "得分", "eval.indicator": "指标", "eval.band": "档位",
        "eval.points": "得分", "eval.max": "满分", "eval.reasons": "说明与差距", "eval.missing": "缺少数据",
        "eval.facts": "评价所用数据", "eval.none": "尚未评价：点击“按现有数据重新评价”", "eval.open": "查看评价",
        "eval.on": "评价日期 {on}，数据年度 {year}",
        "cult.title": "优质中小企业梯度培育", "cult.export": "导出 Excel", "cult.holders": "已获称号",
        "cult.eligible": "符合条件、尚未获得", "cult.candidates": "培育对象（差距最小）", "cult.lacks": "尚缺",
        "cult.since": "获得年度", "cult.failed": "未满足条件", "cult.gap": "差距", "cult.count": "{n} 家",
        "cult.rules": "新申报：{rule}；复核：{review}",
        "overview.title": "产业链总览", "overview.chains": "产业链", "overview.links": "环节",
        "overview.enterprises": "在库企业", "overview.missing": "缺链", "overview.weak": "弱链",
        "overview.coverage_chart": "本地配套率", "overview.status_chart": "环节状态",
        "col.chain": "产业链", "col.coverage": "本地配套率", "col.weighted": "加权配套率", "col.enterprises": "企业数",
        "col.revenue": "营业收入（万元）", "col.missing": "缺链", "col.weak": "弱链", "col.covered": "已覆盖",
        "col.links": "环节数", "col.stage": "位置", "col.link": "环节", "col.importance": "重要度",
        "col.leaders": "链主/龙头", "col.status": "状态", "col.reasons": "原因", "col.name": "企业名称",
        "col.uscc": "统一社会信用代码", "col.region": "地区", "col.park": "园区", "col.size": "规模",
        "col.tags": "标签", "col.role": "角色", "col.confidence": "置信度", "col.year": "年度",
        "col.sheet": "工作表", "col.row": "行", "col.field": "列", "col.value": "值", "col.severity": "级别",
        "col.action": "操作", "col.products": "主营产品", "col.file": "文件", "col.time": "时间",
        "status.covered": "已覆盖", "status.weak": "弱链", "status.missing": "缺链",
        "map.title": "产业链图谱", "map.size_by": "节点大小", "map.by_revenue": "按营收", "map.by_count": "按企业数",
        "map.click_hint": "点击环节查看企业与龙头", "map.leaders": "链主/龙头", "map.none": "本地暂无企业",
        "map.upstream": "上游", "map.midstream": "中游", "map.downstream": "下游", "map.supply": "箭头表示供应关系",
        "filter.chain": "产业链", "filter.region": "地区", "filter.park": "园区", "filter.all": "全部",
        "filter.link": "环节", "filter.tag": "标签", "filter.size": "规模", "filter.apply": "查询",
        "gaps.title": "补链分析", "gaps.export": "导出 Excel", "gaps.rate": "本地配套率",
        "gaps.weighted": "按重要度加权", "gaps.extend": "延链建议", "gaps.policy": "弱链判定规则",
        "registry.title": "企业库", "registry.search": "搜索企业名称、信用代码、经营范围、主营产品",
        "registry.total": "共 {n} 家", "registry.total_capped": "超过 {n} 家", "registry.prev": "上一页",
        "registry.next": "下一页", "registry.empty": "没有符合条件的企业",
        "profile.basics": "基本信息", "profile.tags": "资质标签", "profile.metrics": "经营指标",
        "profile.placements": "挂链", "profile.history": "变更记录", "profile.confirm": "确认",
        "profile.reject": "驳回", "profile.founded": "成立日期", "profile.capital": "注册资本（万元）",
        "profile.industry": "行业代码", "profile.scope": "经营范围", "profile.legal": "法定代表人",
        "profile.contact": "联系人", "profile.phone": "联系电话", "profile.no_tags": "暂无标签",
        "profile.no_placements": "尚未挂链", "profile.decided": "已更新", "profile.size_rule": "划型依据",
        "metric.revenue": "营业收入", "metric.main_revenue": "主营业务收入", "metric.rd_expense": "研发费用",
        "metric.net_profit": "净利润", "metric.tax": "税收", "metric.output": "产值", "metric.employees": "从业人员",
        "placement.proposed": "待审核", "placement.confirmed": "已确认", "placement.rejected": "已驳回",
        "placement.manual": "人工挂链",
        "import.title": "数据导入", "import.file": "选择企业名录文件（Excel .xlsx 或 CSV）",
        "import.skip_invalid": "只导入正确的行（错误行隔离）", "import.start": "上传并导入",
        "import.progress": "导入进度", "import.errors": "逐行错误", "import.download": "下载错误报告",
        "import.summary": "共 {rows} 行：新增 {imported}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}",
        "import.rejected": "有不合格的行，未写入任何数据。修正后重试，或勾选“只导入正确的行”。",
        "import.done": "导入完成", "import.failed": "导入失败", "import.recent": "最近的导入",
        "import.hint": "表头按常用写法识别：企业名称、统一社会信用代码、所属区县、园区、经营范围、主营产品、资质/标签、营业收入（万元）等。",
        "loading": "加载中…", "error": "出错了", "back_home": "返回总览", "offline_assets": "图表组件缺失",
        "offline_assets_hint": "前端组件尚未安装：请在项目目录运行 npm ci && npm run build",
    },
    "en": {
        "app": "ChainAtlas", "app_sub": "Industrial chain platform",
        "nav.overview": "Overview", "nav.map": "Chain map", "nav.gaps": "Gap analysis", "nav.registry": "Enterprises",
        "nav.import": "Data import", "demo": "Demo data", "lang.switch": "中文",
        "nav.cultivation": "SME tiers",
        "eval.title": "Evaluation", "eval.rerun": "Evaluate again with current data", "eval.rule": "Rule",
        "eval.version": "Version", "eval.verdict": "Result", "eval.score": "Score", "eval.indicator": "Indicator",
        "eval.band": "Band", "eval.points": "Points", "eval.max": "Max", "eval.reasons": "Reasons and shortfalls",
        "eval.missing": "Missing data", "eval.facts": "Facts used", "eval.none": "Not evaluated yet: click evaluate",
        "eval.open": "Evaluation", "eval.on": "Evaluated on {on}, data year {year}",
        "cult.title": "Quality SME cultivation tiers", "cult.export": "Export Excel", "cult.holders": "Title holders",
        "cult.eligible": "Eligible, not yet holding", "cult.candidates": "Closest candidates", "cult.lacks": "Lacks",
        "cult.since": "Since", "cult.failed": "Failed conditions", "cult.gap": "Shortfall", "cult.count": "{n}",
        "cult.rules": "New applications: {rule}; reviews: {review}",
        "overview.title": "Chains overview", "overview.chains": "Chains", "overview.links": "Links",
        "overview.enterprises": "Enterprises", "overview.missing": "Missing links", "overview.weak": "Weak links",
        "overview.coverage_chart": "Local supporting rate", "overview.status_chart": "Link status",
        "col.chain": "Chain", "col.coverage": "Supporting rate", "col.weighted": "Weighted rate",
        "col.enterprises": "Enterprises", "col.revenue": "Revenue (10k yuan)", "col.missing": "Missing",
        "col.weak": "Weak", "col.covered": "Covered", "col.links": "Links", "col.stage": "Stage", "col.link": "Link",
        "col.importance": "Importance", "col.leaders": "Leaders", "col.status": "Status", "col.reasons": "Reasons",
        "col.name": "Name", "col.uscc": "Credit code", "col.region": "Region", "col.park": "Park",
        "col.size": "Size", "col.tags": "Tags", "col.role": "Role", "col.confidence": "Confidence",
        "col.year": "Year", "col.sheet": "Sheet", "col.row": "Row", "col.field": "Column", "col.value": "Value",
        "col.severity": "Severity", "col.action": "Action", "col.products": "Products", "col.file": "File",
        "col.time": "Time",
        "status.covered": "Covered", "status.weak": "Weak", "status.missing": "Missing",
        "map.title": "Chain map", "map.size_by": "Node size", "map.by_revenue": "Revenue", "map.by_count": "Count",
        "map.click_hint": "Click a link to see its enterprises and leaders", "map.leaders": "Leaders",
        "map.none": "No local enterprise", "map.upstream": "Upstream", "map.midstream": "Midstream",
        "map.downstream": "Downstream", "map.supply": "Arrows show supply",
        "filter.chain": "Chain", "filter.region": "Region", "filter.park": "Park", "filter.all": "All",
        "filter.link": "Link", "filter.tag": "Tag", "filter.size": "Size", "filter.apply": "Search",
        "gaps.title": "Gap analysis", "gaps.export": "Export to Excel", "gaps.rate": "Local supporting rate",
        "gaps.weighted": "weighted by importance", "gaps.extend": "Links to extend", "gaps.policy": "Weak-link rule",
        "registry.title": "Enterprise registry", "registry.search": "Search name, credit code, business scope, products",
        "registry.total": "{n} enterprises", "registry.total_capped": "more than {n} enterprises",
        "registry.prev": "Previous", "registry.next": "Next", "registry.empty": "No enterprise matches",
        "profile.basics": "Basics", "profile.tags": "Tags", "profile.metrics": "Metrics",
        "profile.placements": "Chain placements", "profile.history": "History", "profile.confirm": "Confirm",
        "profile.reject": "Reject", "profile.founded": "Founded", "profile.capital": "Registered capital (10k yuan)",
        "profile.industry": "Industry code", "profile.scope": "Business scope", "profile.legal": "Legal representative",
        "profile.contact": "Contact", "profile.phone": "Phone", "profile.no_tags": "No tags",
        "profile.no_placements": "Not placed on any chain", "profile.decided": "Updated",
        "profile.size_rule": "Size rule",
        "metric.revenue": "Revenue", "metric.main_revenue": "Main revenue", "metric.rd_expense": "R&D expense",
        "metric.net_profit": "Net profit", "metric.tax": "Tax", "metric.output": "Output", "metric.employees": "Staff",
        "placement.proposed": "Proposed", "placement.confirmed": "Confirmed", "placement.rejected": "Rejected",
        "placement.manual": "Manual",
        "import.title": "Data import", "import.file": "Registry file (Excel .xlsx or CSV)",
        "import.skip_invalid": "Import the good rows only (quarantine bad rows)", "import.start": "Upload and import",
        "import.progress": "Progress", "import.errors": "Row errors", "import.download": "Download error report",
        "import.summary": "{rows} rows: {imported} new, {updated} updated, {unchanged} unchanged, {rejected} rejected",
        "import.rejected": "Some rows are invalid, nothing was written. Fix them, or tick 'good rows only'.",
        "import.done": "Import finished", "import.failed": "Import failed", "import.recent": "Recent imports",
        "import.hint": "Headers are recognised as staff write them (企业名称, 统一社会信用代码, 所属区县, 营业收入（万元）…).",
        "loading": "Loading…", "error": "Error", "back_home": "Back to overview", "offline_assets": "Chart library missing",
        "offline_assets_hint": "Front-end libraries are not installed: run npm ci && npm run build in the project folder",
    },
}


def language(request: Request) -> str:
    """The page language: ?lang=, else the cookie, else Chinese."""
    wanted = request.query_params.get("lang") or request.cookies.get("lang") or DEFAULT
    return wanted if wanted in LANGUAGES else DEFAULT


def translator(lang: str):  # type: ignore[no-untyped-def]
    table = MESSAGES[lang]

    def t(key: str, **values: object) -> str:
        text = table.get(key) or MESSAGES[DEFAULT].get(key) or key
        return text.format(**values) if values else text

    return t
