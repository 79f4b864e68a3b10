// 企业库: search (name, credit code, scope, products) with filters; cursor paging stays fast at any depth.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const form = document.getElementById("search-form");
  const body = document.querySelector("#results tbody");
  const $ = (id) => document.getElementById(id);
  const chainSelect = $("f-chain"), linkSelect = $("f-link");
  const params = new URLSearchParams(location.search);
  let cursors = [null];  // the cursor of each page seen so far

  function query() {
    return {q: $("q").value.trim(), region: $("f-region").value, chain: chainSelect.value,
      link: chainSelect.value ? linkSelect.value : "", tag: $("f-tag").value, size: $("f-size").value};
  }

  async function fillLinks(selected) {
    linkSelect.length = 1;
    linkSelect.disabled = !chainSelect.value;
    if (!chainSelect.value) return;
    const chain = await CA.get(`/chains/${chainSelect.value}`);
    for (const l of chain.links) linkSelect.add(new Option(`${l.stage_label} · ${l.name}`, l.id));
    if (selected) linkSelect.value = selected;
  }

  async function load(page) {
    const q = query();
    CA.setQuery(q);
    $("export-xlsx").href = CA.url("/enterprises.xlsx", q);
    body.innerHTML = `<tr><td colspan="6" class="muted">${CA.tr("loading")}</td></tr>`;
    let r;
    try { r = await CA.get("/enterprises", {...q, limit: 20, cursor: cursors[page]}); }
    catch (e) { CA.fail(body, e); return; }
    cursors = cursors.slice(0, page + 1);
    cursors.push(r.next_cursor);
    $("result-total").textContent = r.total_capped ? CA.tr("registry.total_capped", {n: CA.num(r.total, 0)})
      : CA.tr("registry.total", {n: CA.num(r.total, 0)});
    body.innerHTML = r.items.length ? r.items.map((e) => `<tr>
      <td><a href="/enterprises/${e.id}">${CA.esc(e.name)}</a><div class="small muted">${CA.esc(e.main_products || "")}</div></td>
      <td>${CA.esc(e.uscc || "")}</td><td>${CA.esc(e.region || "")}${e.park ? `<div class="small muted">${CA.esc(e.park)}</div>` : ""}</td>
      <td class="num">${CA.num(e.revenue_wan_yuan)}</td><td>${CA.esc(e.size_label || "–")}</td>
      <td>${e.tags.map((t) => `<span class="chip">${CA.esc(t.label)}${t.year ? " " + t.year : ""}</span>`).join(" ")}</td></tr>`).join("")
      : `<tr><td colspan="6" class="muted">${CA.tr("registry.empty")}</td></tr>`;
    $("prev").disabled = page === 0;
    $("next").disabled = !r.next_cursor;
    $("prev").onclick = () => load(page - 1);
    $("next").onclick = () => load(page + 1);
  }

  await CA.loadFilters($("f-region"), null, (f) => {
    for (const t of f.tags) $("f-tag").add(new Option(t.label, t.code));
    for (const s of f.sizes) $("f-size").add(new Option(s.label, s.code));
    $("f-size").title = f.size_rule;
  });
  for (const key of ["q"]) if (params.get(key)) $(key).value = params.get(key);
  for (const key of ["chain", "tag", "size"]) if (params.get(key)) $("f-" + key).value = params.get(key);
  await fillLinks(params.get("link"));
  chainSelect.addEventListener("change", async () => { await fillLinks(); cursors = [null]; load(0); });
  for (const id of ["f-region", "f-link", "f-tag", "f-size"]) $(id).addEventListener("change", () => { cursors = [null]; load(0); });
  form.addEventListener("submit", (e) => { e.preventDefault(); cursors = [null]; load(0); });
  load(0);
});
