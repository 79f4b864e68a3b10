// 梯度培育: per tier, one of its three lists at a time (已获称号 / 符合条件 / 培育对象), a page at a time from the
// server, with the counts of all three; the export link downloads the whole filtered lists.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const chainSelect = document.getElementById("f-chain");
  const regionSelect = document.getElementById("f-region");
  const target = document.getElementById("cult-tiers");
  const SIZE = 10;
  const KINDS = ["holders", "eligible", "candidates"];
  const KIND_LABEL = {holders: "cult.holders", eligible: "cult.eligible", candidates: "cult.candidates"};
  let query = {};
  let tiers = [];

  const mark = (x) => `<span class="conf ${CA.esc(x.confidence_code)}">${CA.esc(x.confidence_label)}</span>`;

  function rows(items, kind, first) {
    if (!items.length) return `<tr><td colspan="6" class="muted">–</td></tr>`;
    return items.map((e, i) => `<tr><td class="num">${first + i}</td>
      <td><a href="/enterprises/${e.id}/evaluation">${CA.esc(e.name)}</a></td><td>${CA.esc(e.region || "")}</td>
      <td class="num">${CA.num(e.revenue_wan_yuan)}</td>
      <td>${kind === "holders" ? CA.esc(e.since ?? "–") + (e.review ? `<div class="small muted">${CA.esc(e.review.verdict)}</div>` : "")
        : CA.esc(e.verdict || "")}</td>
      <td class="small">${(kind === "holders" ? (e.review ? e.review.lacks : []) : e.lacks).map(CA.esc).join("；")}</td></tr>`).join("");
  }

  function listBlock(t) {
    const kind = t.kind;
    const total = t[kind + "_count"];
    const page = t.page;
    const pages = Math.max(1, Math.ceil(total / SIZE));
    return `<table class="data" data-list="${CA.esc(t.tier)}-${kind}"><thead><tr><th class="num">#</th><th>${CA.tr("col.name")}</th>
      <th>${CA.tr("col.region")}</th><th class="num">${CA.tr("col.revenue")}</th>
      <th>${kind === "holders" ? CA.tr("cult.since") : CA.tr("eval.verdict")}</th><th>${CA.tr("cult.lacks")}</th></tr></thead>
      <tbody>${rows(t.items, kind, (page - 1) * SIZE + 1)}</tbody></table>
      <div class="pager"><button class="button small" type="button" data-go="-1" ${page <= 1 ? "disabled" : ""}>${CA.tr("registry.prev")}</button>
      <span class="muted small">${CA.esc(CA.tr("cult.page", {page, pages, total}))}</span>
      <button class="button small" type="button" data-go="1" ${page >= pages ? "disabled" : ""}>${CA.tr("registry.next")}</button></div>`;
  }

  function tierBlock(t, index) {
    const tabs = KINDS.map((k) => `<button class="button small ${k === t.kind ? "active" : ""}" type="button" data-kind="${k}">
      ${CA.esc(CA.tr(KIND_LABEL[k]))} <span class="muted">${CA.esc(CA.tr("cult.count", {n: t[k + "_count"]}))}</span></button>`).join("");
    return `<section class="card tier" data-index="${index}"><h2>${CA.esc(t.title)}</h2>
      <p class="muted small">${CA.esc(CA.tr("cult.basis"))}：${CA.esc(t.rule.basis)} ${mark(t.rule)}　
        ${CA.esc(CA.tr("cult.review_basis"))}：${CA.esc(t.review_rule.basis)} ${mark(t.review_rule)}</p>
      <div class="tier-tabs">${tabs}</div><div class="tier-list">${listBlock(t)}</div></section>`;
  }

  function redraw(index) {
    const section = target.querySelector(`section.tier[data-index="${index}"]`);
    section.outerHTML = tierBlock(tiers[index], index);
  }

  async function open(index, kind, page) {
    const t = tiers[index];
    if (kind === t.kind && page === t.page) return;
    if (page === 1 && t.first[kind]) {
      Object.assign(t, {kind, page, items: t.first[kind]});
    } else {
      let r;
      try { r = await CA.get(`/cultivation/${t.tier}/${kind}`, {...query, page, size: SIZE}); } catch (e) {
        target.querySelector(`section.tier[data-index="${index}"] .tier-list`).innerHTML =
          `<p class="bad">${CA.esc(CA.tr("error"))}：${CA.esc(e.message)}</p>`; return;
      }
      t[kind + "_count"] = r.total;
      Object.assign(t, {kind, page: r.page, items: r.items});
    }
    redraw(index);
  }

  target.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    const section = event.target.closest("section.tier");
    if (!button || !section || button.disabled) return;
    const index = Number(section.dataset.index);
    const t = tiers[index];
    if (button.dataset.kind) open(index, button.dataset.kind, 1);
    else if (button.dataset.go) open(index, t.kind, t.page + Number(button.dataset.go));
  });

  async function load(initial) {
    query = initial || {chain: chainSelect.value, region: regionSelect.value};
    CA.setQuery(query);
    document.getElementById("export-xlsx").href = CA.url("/cultivation.xlsx", query);
    let r;
    try { r = await CA.get("/cultivation", {...query, limit: SIZE, lists: "holders"}); } catch (e) {
      target.innerHTML = `<p class="bad">${CA.esc(CA.tr("error"))}：${CA.esc(e.message)}</p>`; return;
    }
    document.getElementById("cult-scope").textContent = [r.chain && r.chain.name, r.region && r.region.name]
      .filter(Boolean).join(" · ");
    document.getElementById("cult-notes").textContent = [CA.tr("eval.on", {on: r.evaluated_on || "–",
      year: r.facts_year || "–"}), ...(r.demo ? [r.demo] : []), ...r.notes].join("；");
    document.getElementById("cult-legend").innerHTML = `${CA.esc(CA.tr("eval.legend"))}：` + r.confidence_legend.map((c) =>
      `<span class="conf ${CA.esc(c.code)}">${CA.esc(c.label)}</span> ${CA.esc(c.meaning)}`).join("　");
    // Only the holders came with the report; a tier without holders opens on its next list instead.
    tiers = r.tiers.map((t) => ({...t, first: {holders: t.holders}, kind: "holders", page: 1, items: t.holders}));
    target.innerHTML = tiers.map(tierBlock).join("");
    await Promise.all(tiers.map((t, i) => t.holders_count ? null
      : open(i, t.eligible_count ? "eligible" : "candidates", 1)));
  }

  // The report does not wait for the region list: both are asked for at once.
  const filters = CA.loadFilters(regionSelect, null);
  chainSelect.addEventListener("change", () => load());
  regionSelect.addEventListener("change", () => load());
  await Promise.all([filters, load({chain: chainSelect.value, region: new URLSearchParams(location.search).get("region") || ""})]);
});
