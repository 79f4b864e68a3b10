// 总览: the work-list panel — goals lagging their elapsed share and projects past a planned date, in the viewer's scope.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const lagging = document.getElementById("home-lagging"), delayed = document.getElementById("home-delayed");
  let s;
  try { s = await CA.get("/lists/summary"); }
  catch (e) { lagging.innerHTML = delayed.innerHTML = `<li class="bad">${CA.esc(e.message)}</li>`; return; }
  document.getElementById("home-lagging-head").textContent = CA.tr("home.lagging_n", {n: s.lagging_total});
  document.getElementById("home-delayed-head").textContent = CA.tr("home.delayed_n", {n: s.delayed_total});
  lagging.innerHTML = s.lagging_goals.map((g) => `<li data-goal="${g.id}"><a href="/goals/${g.id}">${CA.esc(g.indicator)}</a>
    <span class="muted">${CA.esc(g.period_label)}</span> · ${CA.tr("goals.progress")} ${CA.pct(Number(g.progress || 0))} / ${CA.tr("goals.elapsed")} ${CA.pct(Number(g.elapsed))}
    <span class="bad">${CA.tr("goals.behind", {points: CA.num(g.lag_points), amount: CA.num(g.lag_amount), unit: g.unit})}</span></li>`).join("")
    || `<li class="muted">${CA.tr("home.none_lagging")}</li>`;
  delayed.innerHTML = s.delayed_projects.map((p) => `<li data-project="${p.id}"><a href="/projects/${p.id}">${CA.esc(p.name)}</a>
    <span class="muted">${CA.tr("stage." + p.stage)}</span> · <span class="bad">${p.delays.map((d) =>
      CA.tr("projects.late_stage", {stage: CA.tr("stage." + d.stage), n: d.days})).join("；")}</span></li>`).join("")
    || `<li class="muted">${CA.tr("home.none_delayed")}</li>`;
});
