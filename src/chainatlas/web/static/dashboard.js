// 运行监测: a chain's monthly figures as charts, from /chains/{chain}/dashboard; every chart links to its data.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const form = document.getElementById("dash-filters");
  const chainSelect = document.getElementById("d-chain");
  const regionSelect = document.getElementById("d-region");
  const monthInput = document.getElementById("d-month");
  const error = document.getElementById("dash-error");
  const charts = {};
  const noData = CA.tr("dash.no_data");
  const pctText = (v) => (v === null || v === undefined) ? noData : v + "%";
  const wanText = (v) => (v === null || v === undefined) ? noData : CA.num(v);
  const number = (v) => (v === null || v === undefined) ? null : Number(v);

  try {
    await CA.loadFilters(regionSelect, null);
  } catch (e) { /* the region list is a convenience; the dashboard still loads for the default area */ }
  if (form.dataset.region) regionSelect.value = form.dataset.region;

  function chart(id) {
    if (!window.echarts) return null;
    charts[id] = charts[id] || echarts.init(document.getElementById("chart-" + id));
    return charts[id];
  }

  function links(params) {
    const chain = chainSelect.value;
    const json = CA.url(`/chains/${chain}/dashboard`, params);
    const xlsx = CA.url(`/chains/${chain}/dashboard.xlsx`, params);
    document.getElementById("dash-json").href = json;
    document.getElementById("dash-xlsx").href = xlsx;
    document.getElementById("dash-map").href = "/map?chain=" + encodeURIComponent(chain);
    for (const a of document.querySelectorAll(".dash-card a.json")) a.href = json;
    for (const a of document.querySelectorAll(".dash-card a.xlsx")) a.href = xlsx;
  }

  function kpis(d) {
    const set = (k, v) => { document.querySelector(`[data-kpi="${k}"]`).textContent = v; };
    set("output", wanText(d.output_ytd_wan_yuan));
    set("output_yoy", pctText(d.output_yoy_pct));
    set("revenue", wanText(d.revenue_ytd_wan_yuan));
    set("above", d.has_figures ? d.above_scale_count : noData);
    set("share", pctText(d.share_of_city_pct));
    set("moves", `+${d.moves.entries} / −${d.moves.exits}`);
  }

  function barsAndLine(id, months, bars, barName, line, lineName, color) {
    const c = chart(id);
    if (!c) return;
    c.setOption({
      grid: {left: 8, right: 8, top: 30, bottom: 4, containLabel: true}, tooltip: {trigger: "axis"}, legend: {top: 0},
      xAxis: {type: "category", data: months, axisLabel: {fontSize: 10}},
      yAxis: [{type: "value", name: CA.tr("dash.wan"), nameTextStyle: {fontSize: 10}, axisLabel: {fontSize: 10}},
              {type: "value", axisLabel: {formatter: "{value}%", fontSize: 10}, splitLine: {show: false}}],
      series: [{type: "bar", name: barName, data: bars, itemStyle: {color}},
               {type: "line", name: lineName, yAxisIndex: 1, data: line, connectNulls: false, itemStyle: {color: "#d64545"}}],
    }, true);
  }

  function draw(d) {
    const s = d.series;
    const months = s.map((r) => r.month.slice(2));
    barsAndLine("output", months, s.map((r) => number(r.output_wan_yuan)), CA.tr("dash.series_output"),
      s.map((r) => number(r.yoy_pct)), CA.tr("dash.series_ytd_growth"), "#1f4e79");
    barsAndLine("revenue", months, s.map((r) => number(r.revenue_wan_yuan)), CA.tr("dash.series_revenue"),
      s.map((r) => number(r.revenue_yoy_pct)), CA.tr("dash.series_revenue_growth"), "#3a7d9d");
    const above = chart("above");
    if (above) above.setOption({
      grid: {left: 8, right: 8, top: 30, bottom: 4, containLabel: true}, tooltip: {trigger: "axis"}, legend: {top: 0},
      xAxis: {type: "category", data: months, axisLabel: {fontSize: 10}}, yAxis: {type: "value", minInterval: 1},
      series: [{type: "bar", name: CA.tr("dash.above"), data: s.map((r) => r.above_scale_count), itemStyle: {color: "#3a9d5d"}},
               {type: "line", name: CA.tr("dash.series_reporting"), data: s.map((r) => r.reporting), itemStyle: {color: "#e0a526"}}],
    }, true);
    const kinds = ["started_reporting", "became_above_scale", "stopped_reporting", "ceased_above_scale"];
    const moves = chart("moves");
    if (moves) moves.setOption({
      grid: {left: 8, right: 30, top: 10, bottom: 4, containLabel: true}, tooltip: {trigger: "axis",
        formatter: (p) => `${p[0].name}：${p[0].value}<br>` + [...d.entries, ...d.exits].filter((e) => e.kind === kinds[p[0].dataIndex])
          .slice(0, 8).map((e) => CA.esc(e.name)).join("<br>")},
      xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", inverse: true, data: kinds.map((k) => CA.tr("move." + k))},
      series: [{type: "bar", data: kinds.map((k, i) => ({value: d.moves[k], itemStyle: {color: i < 2 ? "#3a9d5d" : "#d64545"}})),
        label: {show: true, position: "right"}}],
    }, true);
    const work = d.work;
    const projects = chart("projects");
    if (projects) projects.setOption({
      grid: {left: 8, right: 30, top: 10, bottom: 4, containLabel: true}, tooltip: {trigger: "axis"},
      xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", inverse: true,
        data: work.projects_by_stage.map((x) => CA.tr("stage." + x.stage) || x.label)},
      series: [{type: "bar", data: work.projects_by_stage.map((x) => x.count), itemStyle: {color: "#1f4e79"},
        label: {show: true, position: "right"}}],
    }, true);
    const workChart = chart("work");
    const bars = [[CA.tr("dash.goal"), work.goals_total], [CA.tr("dash.goals_lagging"), work.goals_lagging],
                  [CA.tr("dash.projects_delayed"), work.projects_delayed],
                  [CA.tr("dash.problems_open"), work.problems_open], [CA.tr("dash.problems_overdue"), work.problems_overdue]];
    if (workChart) workChart.setOption({
      grid: {left: 8, right: 30, top: 10, bottom: 4, containLabel: true}, tooltip: {trigger: "axis"},
      xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", inverse: true, data: bars.map((b) => b[0])},
      series: [{type: "bar", data: bars.map((b, i) => ({value: b[1], itemStyle: {color: i % 2 ? "#d64545" : "#3a7d9d"}})),
        label: {show: true, position: "right"}}],
    }, true);
  }

  async function load() {
    const params = {region: regionSelect.value, month: monthInput.value};
    CA.setQuery({chain: chainSelect.value, region: params.region, month: params.month});
    links(params);
    let d;
    try {
      d = await CA.get(`/chains/${chainSelect.value}/dashboard`, params);
    } catch (e) {
      error.textContent = CA.tr("error") + "：" + e.message;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    document.getElementById("dash-name").textContent =
      `${d.region_name} · ${CA.lang === "en" && d.chain_name_en ? d.chain_name_en : d.chain_name} · ${d.month}（${d.ytd_label}）`;
    if (!monthInput.value) monthInput.value = d.month;
    if (!regionSelect.value) {
      if (![...regionSelect.options].some((o) => o.value === d.region)) regionSelect.add(new Option(d.region_name, d.region));
      regionSelect.value = d.region;
    }
    links({region: d.region, month: d.month});
    kpis(d);
    draw(d);
  }

  for (const el of [chainSelect, regionSelect, monthInput]) el.addEventListener("change", load);
  window.addEventListener("resize", () => { for (const c of Object.values(charts)) c.resize(); });
  await load();
});
