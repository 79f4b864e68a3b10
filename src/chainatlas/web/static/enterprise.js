// 企业档案: basics, tags with years, metrics over time, placements to confirm or reject, history.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const title = document.getElementById("ent-name");
  const key = title.dataset.key;
  let e;
  try { e = await CA.get(`/enterprises/${key}`); }
  catch (err) { title.textContent = CA.tr("error"); title.insertAdjacentHTML("afterend", `<p class="bad">${CA.esc(err.message)}</p>`); return; }
  title.textContent = e.name;
  const facts = [["col.uscc", e.uscc], ["col.region", e.region], ["col.park", e.park], ["profile.founded", e.founded || e.founded_on],
    ["profile.capital", CA.num(e.registered_capital_wan_yuan)], ["profile.industry", e.industry_code],
    ["col.size", e.size_label ? `${e.size_label}` : "–"], ["col.products", e.main_products],
    ["profile.scope", e.business_scope], ["profile.legal", e.legal_representative],
    ["profile.contact", e.contact_person], ["profile.phone", e.contact_phone]];
  document.getElementById("basics").innerHTML = facts.map(([k, v]) =>
    `<dt>${CA.tr(k)}</dt><dd>${CA.esc(v || "–")}</dd>`).join("") +
    `<dt>${CA.tr("profile.size_rule")}</dt><dd class="small muted">${CA.esc(e.size_rule)}</dd>`;
  document.getElementById("tags").innerHTML = e.tags.length
    ? e.tags.map((t) => `<span class="chip">${CA.esc(t.label)}${t.year ? `（${t.year}）` : ""}</span>`).join("")
    : `<span class="muted">${CA.tr("profile.no_tags")}</span>`;

  const box = document.getElementById("chart-metrics");
  if (window.echarts && e.years.length) {
    const years = e.years.map((y) => String(y.year));
    const money = ["revenue", "main_revenue", "rd_expense", "net_profit", "tax"].filter((m) =>
      e.years.some((y) => y[m + "_wan_yuan"] !== null && y[m + "_wan_yuan"] !== undefined));
    const series = money.map((m) => ({type: "bar", name: CA.tr("metric." + m), data: e.years.map((y) => y[m + "_wan_yuan"])}));
    if (e.years.some((y) => y.employees !== null)) {
      series.push({type: "line", name: CA.tr("metric.employees"), yAxisIndex: 1, data: e.years.map((y) => y.employees)});
    }
    const chart = echarts.init(box);
    chart.setOption({tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 70, right: 50, top: 64, bottom: 30},
      xAxis: {type: "category", data: years}, yAxis: [{type: "value", name: CA.lang === "zh" ? "万元" : "10k yuan"}, {type: "value", name: CA.tr("metric.employees")}],
      series});
  } else { box.style.height = "auto"; box.innerHTML = `<p class="muted">–</p>`; }

  const body = document.querySelector("#placements tbody");
  // Confirming or rejecting needs the right to write the registry: others see the placements only.
  const mayDecide = document.getElementById("placements").dataset.decide === "1";
  function drawPlacements() {
    body.innerHTML = e.placements.length ? e.placements.map((p) => `<tr data-placement="${p.id}">
      <td><a href="/map?chain=${p.chain}">${CA.esc(p.chain_name || p.chain)}</a></td><td>${CA.esc(p.link_name || p.link)}</td>
      <td>${CA.esc(p.role_label || "")}</td><td class="num">${p.confidence.toFixed(2)}</td>
      <td class="small">${CA.esc((p.matched_words || []).join("；"))}</td>
      <td><span class="status ${p.status}">${CA.tr("placement." + p.status)}</span></td>
      ${mayDecide ? `<td>${p.status !== "confirmed" ? `<button class="button small" data-decide="confirmed">${CA.tr("profile.confirm")}</button>` : ""}
          ${p.status !== "rejected" ? `<button class="button small" data-decide="rejected">${CA.tr("profile.reject")}</button>` : ""}</td>` : ""}</tr>`).join("")
      : `<tr><td colspan="7" class="muted">${CA.tr("profile.no_placements")}</td></tr>`;
  }
  body.addEventListener("click", async (evt) => {
    const button = evt.target.closest("button[data-decide]");
    if (!button) return;
    const row = button.closest("tr");
    const id = Number(row.dataset.placement);
    try {
      const r = await CA.post(`/placements/${id}/decision`, {decision: button.dataset.decide});
      const p = e.placements.find((x) => x.id === id);
      p.status = r.status;
      drawPlacements();
    } catch (err) { alert(err.message); }
  });
  drawPlacements();
  const none = `<span class="muted">${CA.tr("profile.empty_value")}</span>`;
  document.getElementById("history").innerHTML = e.history.map((h) =>
    `<li><b>${CA.esc(String(h.at).replace("T", " ").slice(0, 19))} · ${CA.esc(h.action_label)}</b>
      ${h.note ? `<span class="muted">${CA.esc(h.note)}</span>` : ""}
      ${h.changes.length ? `<table class="data compact"><thead><tr><th>${CA.tr("profile.field")}</th><th>${CA.tr("profile.old")}</th>
        <th>${CA.tr("profile.new")}</th></tr></thead><tbody>${h.changes.map((c) => `<tr><td>${CA.esc(c.field)}</td>
        <td>${c.old === null ? none : CA.esc(c.old)}</td><td>${c.new === null ? none : CA.esc(c.new)}</td></tr>`).join("")}</tbody></table>` : ""}
    </li>`).join("") || `<li class="muted">–</li>`;
});
