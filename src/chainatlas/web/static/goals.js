// 发展目标: each goal's progress against the share of its period gone by (时间过半、任务过半), with filters.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA, L = CA.lists;
  await L.loadRegions(document.getElementById("f-region"));
  L.createForm("/goals");
  const load = L.listPage({path: "/goals", table: document.getElementById("goals-table"), columns: 10, row: (g) => `
    <tr data-goal="${g.id}" class="${g.lagging ? "lagging" : ""}">
      <td><a href="/goals/${g.id}">${CA.esc(g.indicator)}</a>${g.responsible_unit ? `<div class="small muted">${CA.esc(g.responsible_unit)}</div>` : ""}</td>
      <td>${CA.esc(L.chain(g.chain_id))}</td><td>${CA.esc(L.region(g.region_code))}${g.park ? `<div class="small muted">${CA.esc(g.park)}</div>` : ""}</td>
      <td>${CA.esc(g.period_label)}</td>
      <td class="num">${CA.num(g.target)} ${CA.esc(g.unit)}</td>
      <td class="num">${g.actual === null ? "–" : CA.num(g.actual) + " " + CA.esc(g.unit)}</td>
      <td>${L.progressBar(g)}</td>
      <td class="num">${L.pct(g.elapsed)}</td>
      <td>${L.standing(g)}</td>
      <td class="num">${L.pct(g.growth)}</td></tr>`});
  load();
});
