// 梯度培育: per tier, the title holders and the candidates closest to it, with what each lacks.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const chainSelect = document.getElementById("f-chain");
  const regionSelect = document.getElementById("f-region");
  const target = document.getElementById("cult-tiers");

  function rows(items, kind) {
    if (!items.length) return `<tr><td colspan="6" class="muted">–</td></tr>`;
    return items.map((e, i) => `<tr><td class="num">${i + 1}</td>
      <td><a href="/enterprises/${e.id}/evaluation">${CA.esc(e.name)}</a></td><td>${CA.esc(e.region || "")}</td>
      <td class="num">${CA.num(e.revenue_wan_yuan)}</td>
      <td>${kind === "holders" ? CA.esc(e.since ?? "–") : CA.esc(e.verdict || "")}</td>
      <td class="small">${(kind === "holders" ? (e.review ? e.review.lacks : []) : e.lacks).map(CA.esc).join("；")}</td></tr>`).join("");
  }

  function tier(t) {
    const block = (key, label, count) => `<h3>${CA.tr(label)} <span class="muted">${CA.tr("cult.count", {n: count})}</span></h3>
      <table class="data" data-list="${t.tier}-${key}"><thead><tr><th class="num">#</th><th>${CA.tr("col.name")}</th>
      <th>${CA.tr("col.region")}</th><th class="num">${CA.tr("col.revenue")}</th>
      <th>${key === "holders" ? CA.tr("cult.since") : CA.tr("eval.verdict")}</th><th>${CA.tr("cult.lacks")}</th></tr></thead>
      <tbody>${rows(t[key], key)}</tbody></table>`;
    return `<section class="card tier"><h2>${CA.esc(t.title)}</h2>
      <p class="muted small">${CA.esc(CA.tr("cult.rules", {rule: `${t.rule.name}（${t.rule.version}）`,
        review: `${t.review_rule.name}（${t.review_rule.version}）`}))}</p>
      ${block("holders", "cult.holders", t.holders_count)}${block("eligible", "cult.eligible", t.eligible_count)}
      ${block("candidates", "cult.candidates", t.candidates_count)}</section>`;
  }

  async function load() {
    const query = {chain: chainSelect.value, region: regionSelect.value};
    CA.setQuery(query);
    document.getElementById("export-xlsx").href = CA.url("/cultivation.xlsx", query);
    let r;
    try { r = await CA.get("/cultivation", query); } catch (e) {
      target.innerHTML = `<p class="bad">${CA.esc(CA.tr("error"))}：${CA.esc(e.message)}</p>`; return;
    }
    document.getElementById("cult-scope").textContent = [r.chain && r.chain.name, r.region && r.region.name]
      .filter(Boolean).join(" · ");
    document.getElementById("cult-notes").textContent = [CA.tr("eval.on", {on: r.evaluated_on || "–",
      year: r.facts_year || "–"}), ...r.notes].join("；");
    target.innerHTML = r.tiers.map(tier).join("");
  }

  await CA.loadFilters(regionSelect, null);
  chainSelect.addEventListener("change", load);
  regionSelect.addEventListener("change", load);
  await load();
});
