// 重大项目与招商项目: one list of both (filter by list), stage, chain, region and delay; the funnel above it.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA, L = CA.lists;
  await L.loadRegions(document.getElementById("f-region"));
  L.createForm("/projects");
  async function funnel(q) {
    const box = document.getElementById("funnel-stages");
    let f;
    try { f = await CA.get("/projects/funnel", {list: q.list, chain: q.chain, region: q.region}); }
    catch (e) { box.textContent = e.message; return; }
    box.innerHTML = f.stages.map((s) => `<a class="funnel-step" href="?${new URLSearchParams({...q, stage: s.stage})}">
      <span class="funnel-label">${CA.esc(L.stage(s.stage))}</span><span class="funnel-count">${s.count}</span>
      <span class="small muted">${CA.num(s.amount_yi_yuan)} ${CA.tr("projects.yi")}</span>
      ${s.conversion === null ? "" : `<span class="small">${CA.tr("projects.conversion")} ${L.pct(s.conversion)}</span>`}</a>`).join("") +
      `<a class="funnel-step stopped" href="?${new URLSearchParams({...q, stage: "terminated"})}"><span class="funnel-label">${CA.esc(L.stage("terminated"))}</span>
      <span class="funnel-count">${f.terminated.count}</span></a>`;
    document.getElementById("funnel-headline").textContent = f.headline_text;
  }
  const load = L.listPage({path: "/projects", table: document.getElementById("projects-table"), columns: 8, extra: funnel,
    row: (p) => {
      const next = p.stages.find((s) => !s.reached && !s.skipped && s.planned_on);
      const worst = p.delays.reduce((a, d) => Math.max(a, d.days), 0);
      return `<tr data-project="${p.id}">
      <td><a href="/projects/${p.id}">${CA.esc(p.name)}</a>${p.fortune500 ? ` <span class="chip">${CA.tr("projects.fortune500")}</span>` : ""}
        ${p.investor ? `<div class="small muted">${CA.esc(p.investor)}</div>` : ""}</td>
      <td>${CA.tr("list." + p.list)}</td><td>${CA.esc(L.chain(p.chain_id))}</td>
      <td>${CA.esc(L.region(p.region_code))}${p.park ? `<div class="small muted">${CA.esc(p.park)}</div>` : ""}</td>
      <td class="num">${p.amount_yi_yuan === null ? "–" : CA.num(p.amount_yi_yuan)}</td>
      <td><span class="stage ${p.stage}">${CA.esc(L.stage(p.stage))}</span></td>
      <td>${next ? `${CA.esc(L.stage(next.stage))} ${L.date(next.planned_on)}` : "–"}</td>
      <td>${p.delayed ? `<span class="bad">${CA.tr("projects.late_days", {n: worst})}</span>` : `<span class="muted">–</span>`}</td></tr>`;
    }});
  load();
});
