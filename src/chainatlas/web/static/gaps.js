// 补链分析: the gap table (sortable on the server, so the Excel export keeps the order).
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const table = document.getElementById("gaps-table");
  const body = table.querySelector("tbody");
  const chainSelect = document.getElementById("f-chain");
  const regionSelect = document.getElementById("f-region");
  const parkSelect = document.getElementById("f-park");
  const params = new URLSearchParams(location.search);
  let sort = params.get("sort") || "position", order = params.get("order") || "asc";

  function query() {
    return {region: regionSelect.value, park: parkSelect.value, sort, order};
  }

  async function load() {
    const chain = chainSelect.value;
    CA.setQuery({chain, region: regionSelect.value, park: parkSelect.value,
      sort: sort === "position" ? "" : sort, order: sort === "position" ? "" : order});
    document.getElementById("export-xlsx").href = CA.url(`/chains/${chain}/gaps.xlsx`, query());
    for (const th of table.querySelectorAll("th[data-sort]")) {
      th.classList.toggle("asc", th.dataset.sort === sort && order === "asc");
      th.classList.toggle("desc", th.dataset.sort === sort && order === "desc");
    }
    let r;
    try { r = await CA.get(`/chains/${chain}/gaps`, query()); } catch (e) { CA.fail(body, e); return; }
    document.getElementById("gaps-chain-name").textContent = r.chain_name + (r.region_name ? " · " + r.region_name : "");
    document.getElementById("rate").textContent = CA.pct(r.supporting_rate);
    document.getElementById("weighted").textContent = CA.pct(r.weighted_supporting_rate);
    document.getElementById("n-missing").textContent = r.counts.missing;
    document.getElementById("n-weak").textContent = r.counts.weak;
    body.innerHTML = r.links.map((g) => `<tr data-link="${g.id}" class="${g.status}">
      <td>${CA.esc(g.stage_label)}</td><td><a href="/map?chain=${r.chain}">${CA.esc(g.name)}</a></td>
      <td class="num">${g.importance}</td><td class="num">${g.enterprises}</td>
      <td class="num">${CA.num(g.revenue_wan_yuan)}</td><td>${g.leaders.slice(0, 3).map(CA.esc).join("、")}</td>
      <td>${CA.status(g.status)}</td><td class="small">${g.reasons.map(CA.esc).join("；")}</td></tr>`).join("");
    document.getElementById("extend").innerHTML = r.extend.length
      ? r.extend.map((e) => `<li><b>${CA.esc(e.name)}</b> ${CA.status(e.status)} ${CA.esc(e.reason)}</li>`).join("")
      : `<li class="muted">–</li>`;
    const p = r.policy;
    document.getElementById("policy").textContent = `${CA.tr("gaps.policy")}：≤${p.single_source} · <${p.count_share_of_median * 100}% · <${p.revenue_share_of_median * 100}%`;
  }

  for (const th of table.querySelectorAll("th[data-sort]")) {
    th.addEventListener("click", () => {
      order = sort === th.dataset.sort && order === "asc" ? "desc" : "asc";
      sort = th.dataset.sort;
      load();
    });
  }
  await CA.loadFilters(regionSelect, parkSelect);
  for (const select of [chainSelect, regionSelect, parkSelect]) select.addEventListener("change", load);
  if (chainSelect.value) load();
});
