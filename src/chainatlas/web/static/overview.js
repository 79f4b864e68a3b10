// 总览: KPIs, charts of supporting rate and link status, and the chains table.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const body = document.querySelector("#overview-table tbody");
  let data;
  try { data = await CA.get("/overview"); } catch (e) { CA.fail(body, e); return; }
  const set = (k, v) => { document.querySelector(`[data-kpi="${k}"]`).textContent = v; };
  set("chains", data.totals.chains);
  set("links", data.totals.links);
  set("enterprises", CA.num(data.registry_enterprises, 0));
  set("missing", data.totals.missing);
  set("weak", data.totals.weak);
  const chains = data.chains;
  body.innerHTML = chains.map((c) => `<tr data-chain="${c.id}">
    <td><a href="/map?chain=${c.id}">${CA.esc(CA.chainName(c))}</a></td>
    <td class="num">${c.links}</td>
    <td><div class="bar-cell"><div class="bar-track"><div class="bar-fill" style="width:${c.supporting_rate * 100}%"></div></div>${CA.pct(c.supporting_rate)}</div></td>
    <td class="num">${CA.pct(c.weighted_supporting_rate)}</td>
    <td class="num">${CA.num(c.enterprises, 0)}</td>
    <td class="num">${CA.num(c.revenue_wan_yuan)}</td>
    <td class="num">${c.missing ? `<span class="bad">${c.missing}</span>` : 0}</td>
    <td class="num">${c.weak}</td>
    <td><a href="/map?chain=${c.id}">${CA.tr("nav.map")}</a> · <a href="/gaps?chain=${c.id}">${CA.tr("nav.gaps")}</a></td>
  </tr>`).join("");
  if (!window.echarts) return;
  const names = chains.map(CA.chainName);
  const coverage = echarts.init(document.getElementById("chart-coverage"));
  coverage.setOption({
    grid: {left: 8, right: 40, top: 10, bottom: 24, containLabel: true}, tooltip: {trigger: "axis", valueFormatter: (v) => v + "%"},
    xAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
    yAxis: {type: "category", data: names, inverse: true, axisLabel: {width: 190, overflow: "truncate"}},
    series: [{type: "bar", name: CA.tr("col.coverage"), data: chains.map((c) => +(c.supporting_rate * 100).toFixed(1)),
      itemStyle: {color: "#1f4e79"}, label: {show: true, position: "right", formatter: "{c}%"}}],
  });
  const status = echarts.init(document.getElementById("chart-status"));
  const series = (key, color) => ({type: "bar", stack: "links", name: CA.tr("status." + key), data: chains.map((c) => c[key]),
    itemStyle: {color}});
  status.setOption({
    grid: {left: 8, right: 24, top: 30, bottom: 24, containLabel: true}, tooltip: {trigger: "axis"}, legend: {top: 0},
    xAxis: {type: "value"}, yAxis: {type: "category", data: names, inverse: true, axisLabel: {width: 190, overflow: "truncate"}},
    series: [series("covered", "#3a9d5d"), series("weak", "#e0a526"), series("missing", "#d64545")],
  });
  window.addEventListener("resize", () => { coverage.resize(); status.resize(); });
});
