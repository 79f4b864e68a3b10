// 产业链图谱: links in three columns (upstream → midstream → downstream), supply edges,
// colour by status, size by revenue or count; click a link to list its enterprises.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const box = document.getElementById("cy");
  const panel = document.getElementById("link-panel");
  const chainSelect = document.getElementById("f-chain");
  const regionSelect = document.getElementById("f-region");
  const parkSelect = document.getElementById("f-park");
  const sizeBy = document.getElementById("f-size-by");
  const COLORS = {covered: "#3a9d5d", weak: "#e0a526", missing: "#d64545"};
  let cy = null, current = null;

  function scope() { return {region: regionSelect.value, park: parkSelect.value}; }

  function sizes(nodes) {
    const key = sizeBy.value === "count" ? (n) => n.enterprises : (n) => Number(n.revenue_wan_yuan);
    const max = Math.max(1, ...nodes.map(key));
    return (n) => 22 + 42 * Math.sqrt(key(n) / max);
  }

  function draw(data) {
    current = data;
    document.getElementById("map-chain-name").textContent = data.chain_name;
    document.getElementById("map-rate").textContent =
      `${CA.tr("gaps.rate")} ${CA.pct(data.supporting_rate)} · ${CA.tr("status.missing")} ${data.counts.missing} · ${CA.tr("status.weak")} ${data.counts.weak}`;
    const size = sizes(data.nodes);
    const width = box.clientWidth || 900;
    const colWidth = width / 3;
    const rows = Math.max(1, ...data.nodes.map((n) => n.row + 1));
    box.style.height = Math.max(480, 70 + rows * 96) + "px";  // one screen pixel per layout unit: readable labels
    const column = {};
    const elements = data.nodes.map((n) => {
      column[n.id] = n.column;
      return {group: "nodes", data: {id: n.id, label: `${n.name}\n${n.enterprises}`, status: n.status, size: size(n), node: n},
        position: {x: colWidth * (n.column + 0.5), y: 50 + n.row * 96}};
    });
    for (const e of data.edges) {
      elements.push({group: "edges", data: {id: e.from + ">" + e.to, source: e.from, target: e.to},
        classes: column[e.from] === column[e.to] ? "same" : ""});
    }
    if (!window.cytoscape) { box.textContent = CA.tr("offline_assets"); return; }
    if (cy) cy.destroy();
    cy = cytoscape({container: box, elements, layout: {name: "preset", fit: false},
      minZoom: 0.3, maxZoom: 2.5, userZoomingEnabled: false,
      style: [
        {selector: "node", style: {"background-color": (el) => COLORS[el.data("status")], width: "data(size)",
          height: "data(size)", label: "data(label)", "text-wrap": "wrap", "text-valign": "bottom", "text-margin-y": 4,
          "font-size": 13, color: "#1d2733", "border-width": 2, "border-color": "#fff",
          "font-family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}},
        {selector: "node:selected", style: {"border-color": "#1f4e79", "border-width": 4}},
        {selector: "edge", style: {width: 1.5, "line-color": "#9fb0c3", "target-arrow-color": "#9fb0c3",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.9}},
        {selector: "edge.same", style: {"curve-style": "unbundled-bezier", "control-point-distances": [-70],
          "control-point-weights": [0.5]}},
        {selector: "edge.hot", style: {"line-color": "#1f4e79", "target-arrow-color": "#1f4e79", width: 3}},
        {selector: "node.changed", style: {"border-color": "#1f4e79", "border-width": 5, "border-style": "double"}},
      ]});
    CA.map = cy;  // for the browser tests and the console
    cy.on("tap", "node", (evt) => {
      cy.edges().removeClass("hot");
      evt.target.connectedEdges().addClass("hot");
      showLink(evt.target.data("node"), 0);
    });
  }

  async function showLink(node, offset) {
    panel.innerHTML = `<h2>${CA.esc(node.name)}</h2><p>${CA.status(node.status)} <span class="muted">${CA.esc(node.stage_label)}</span></p><p class="muted">${CA.tr("loading")}</p>`;
    let page;
    try {
      page = await CA.get(`/chains/${current.chain}/links/${node.id}/enterprises`, {...scope(), limit: 15, offset});
    } catch (e) { panel.innerHTML += `<p class="bad">${CA.esc(e.message)}</p>`; return; }
    const leaders = node.leaders.length ? node.leaders.map(CA.esc).join("、") : "–";
    const reasons = node.reasons.map((r) => `<li>${CA.esc(r)}</li>`).join("");
    const rows = page.items.map((e) => `<tr><td><a href="/enterprises/${e.id}">${CA.esc(e.name)}</a></td>
      <td>${e.role_label ? `<span class="chip">${CA.esc(e.role_label)}</span>` : ""}</td>
      <td class="num">${CA.num(e.revenue_wan_yuan)}</td></tr>`).join("");
    panel.innerHTML = `<h2 id="link-title">${CA.esc(node.name)}</h2>
      <p>${CA.status(node.status)} <span class="muted">${CA.esc(node.stage_label)} · ${CA.tr("col.enterprises")} ${page.total} · ${CA.tr("col.revenue")} ${CA.num(node.revenue_wan_yuan)}</span></p>
      ${reasons ? `<ul class="plain small">${reasons}</ul>` : ""}
      <p><b>${CA.tr("map.leaders")}</b>：${leaders}</p>
      ${page.total ? `<table class="data" id="link-enterprises"><thead><tr><th>${CA.tr("col.name")}</th><th>${CA.tr("col.role")}</th>
      <th class="num">${CA.tr("col.revenue")}</th></tr></thead><tbody>${rows}</tbody></table>
      <div class="pager"><span class="muted">${offset + 1}–${offset + page.items.length} / ${page.total}</span>
      <button class="button small" id="lp-prev" ${offset ? "" : "disabled"}>${CA.tr("registry.prev")}</button>
      <button class="button small" id="lp-next" ${offset + page.items.length < page.total ? "" : "disabled"}>${CA.tr("registry.next")}</button></div>`
      : `<p class="bad">${CA.tr("map.none")}</p>`}
      <p><a href="/enterprises?chain=${current.chain}&link=${node.id}">${CA.tr("nav.registry")} →</a>
      ${page.total ? ` · <a id="link-export" href="${CA.url(`/chains/${current.chain}/links/${node.id}/enterprises.xlsx`, scope())}">${CA.tr("map.export_link")}</a>` : ""}</p>`;
    const prev = document.getElementById("lp-prev"), next = document.getElementById("lp-next");
    if (prev) prev.onclick = () => showLink(node, Math.max(0, offset - 15));
    if (next) next.onclick = () => showLink(node, offset + 15);
    if (node.status !== "covered" && offset === 0) showTargets(node);
  }

  // The best investment targets of a missing or weak link, each one click away from the what-if.
  async function showTargets(node) {
    const section = document.createElement("div");
    section.id = "link-targets";
    section.innerHTML = `<h3>${CA.tr("targets.top")}</h3><p class="muted">${CA.tr("loading")}</p>`;
    panel.appendChild(section);
    let found;
    try { found = await CA.get(`/chains/${current.chain}/links/${node.id}/targets`, {region: regionSelect.value, limit: 5}); }
    catch (e) { section.innerHTML = `<h3>${CA.tr("targets.top")}</h3><p class="bad">${CA.esc(e.message)}</p>`; return; }
    if (!found.items.length) { section.innerHTML = `<h3>${CA.tr("targets.top")}</h3><p class="muted">${CA.tr("targets.no_items")}</p>`; return; }
    section.innerHTML = `<h3>${CA.tr("targets.top")}</h3><ol class="targets-list">${found.items.map((item) => `
      <li data-key="${CA.esc(item.enterprise.key)}"><b>${CA.esc(item.enterprise.name)}</b>
        <span class="muted small">${CA.esc(item.enterprise.region_name || "")} · ${CA.tr("targets.score")} ${item.score.toFixed(3)}</span>
        <ul class="plain small">${item.reasons.map((r) => `<li>${CA.esc(r)}</li>`).join("")}</ul>
        <button type="button" class="button small t-pick">${CA.tr("targets.pick")}</button></li>`).join("")}</ol>
      <p><a href="/targets?chain=${current.chain}&region=${found.region}">${CA.tr("nav.targets")} →</a></p>`;
    for (const li of section.querySelectorAll("li[data-key]")) {
      const item = found.items.find((i) => i.enterprise.key === li.dataset.key);
      li.querySelector(".t-pick").onclick = () => addPick({key: item.enterprise.key, link: node.id,
        name: item.enterprise.name, link_name: node.name});
    }
  }

  // ---- 招商推演 (what-if): picks for this chain, kept in the browser session; the map recolours to "after".
  const picksBox = document.getElementById("whatif-picks");
  const resultBox = document.getElementById("whatif-result");
  const scenarios = document.getElementById("whatif-scenarios");
  function picks() { return JSON.parse(sessionStorage.getItem("whatif:" + chainSelect.value) || "[]"); }
  function setPicks(list) { sessionStorage.setItem("whatif:" + chainSelect.value, JSON.stringify(list)); drawPicks(); }
  function addPick(pick) {
    const list = picks();
    if (!list.some((p) => p.key && p.key === pick.key && p.link === pick.link)) list.push(pick);
    setPicks(list);
  }
  function drawPicks() {
    const list = picks();
    picksBox.innerHTML = list.length ? list.map((p, i) => `<span class="chip pick">${CA.esc(p.name)} → ${CA.esc(p.link_name)}
      <button type="button" class="link-button" data-i="${i}" title="${CA.tr("whatif.remove")}">×</button></span>`).join("")
      : `<span class="muted">${CA.tr("whatif.empty")}</span>`;
    for (const b of picksBox.querySelectorAll("button[data-i]")) {
      b.onclick = () => { const l = picks(); l.splice(Number(b.dataset.i), 1); setPicks(l); };
    }
  }
  function recolour(side) {
    if (!CA.map) return;
    for (const link of side.links) {
      const node = CA.map.getElementById(link.id);
      if (node && node.length) {
        node.data("status", link.status);
        node.data("label", `${link.name}\n${link.enterprises}`);
      }
    }
    CA.map.style().update();
  }
  function reset() {
    resultBox.innerHTML = "";
    document.getElementById("whatif-state").textContent = "";
    if (current) recolour({links: current.nodes});
    if (CA.map) CA.map.nodes().removeClass("changed");
    CA.whatif = null;
  }
  function items() {
    return picks().map((p) => p.key ? {key: p.key, link: p.link} : {name: p.name, link: p.link, revenue_wan_yuan: p.revenue || null});
  }
  function showResult(r) {
    CA.whatif = r;  // for the browser tests
    recolour(r.after);
    CA.map.nodes().removeClass("changed");
    for (const c of r.changed) CA.map.getElementById(c.id).addClass("changed");
    document.getElementById("whatif-state").textContent = CA.tr("whatif.showing");
    const none = CA.tr("whatif.none");
    resultBox.innerHTML = `<div class="kpis">
      <div class="kpi"><span class="kpi-label">${CA.tr("whatif.rate")}</span><span class="kpi-value" id="wi-rate">${CA.pct(r.before.supporting_rate)} → ${CA.pct(r.after.supporting_rate)}</span></div>
      <div class="kpi"><span class="kpi-label">${CA.tr("whatif.weighted")}</span><span class="kpi-value">${CA.pct(r.before.weighted_supporting_rate)} → ${CA.pct(r.after.weighted_supporting_rate)}</span></div>
      <div class="kpi"><span class="kpi-label">${CA.tr("whatif.revenue")}</span><span class="kpi-value small">${CA.num(r.revenue_before_wan_yuan, 0)} → ${CA.num(r.revenue_after_wan_yuan, 0)}</span></div></div>
      <p><b>${CA.tr("whatif.changed")}</b>：<span id="wi-changed">${r.changed.map((c) => `${CA.esc(c.name)}（${CA.esc(c.before_label)} → ${CA.esc(c.after_label)}）`).join("、") || none}</span></p>
      <p><b>${CA.tr("whatif.single")}</b>：${r.single_source_removed.map((s) => CA.esc(s.name)).join("、") || none}</p>
      <p><b>${CA.tr("whatif.gaps")}</b>：${r.after.gaps.map((g) => `${CA.esc(g.name)}（${CA.esc(g.status_label)}）`).join("、") || none}</p>`;
  }
  async function run() {
    if (!picks().length) { resultBox.innerHTML = `<p class="bad">${CA.tr("whatif.empty")}</p>`; return; }
    try { showResult(await CA.post("/whatif", {chain: chainSelect.value, region: regionSelect.value || null, additions: items()})); }
    catch (e) { resultBox.innerHTML = `<p class="bad">${CA.esc(e.message)}</p>`; }
  }
  async function loadScenarios() {
    let list = [];
    try { list = await CA.get("/whatif/scenarios"); } catch (e) { return; }
    scenarios.innerHTML = `<option value="">–</option>` + list.filter((s) => s.chain === chainSelect.value)
      .map((s) => `<option value="${s.id}">${CA.esc(s.name)}（${s.enterprises}）</option>`).join("");
  }
  document.getElementById("whatif-run").onclick = run;
  document.getElementById("whatif-reset").onclick = () => { setPicks([]); reset(); };
  document.getElementById("whatif-save").onclick = async () => {
    const name = window.prompt(CA.tr("whatif.save_name"));
    if (!name || !name.trim()) return;
    try {
      showResult(await CA.post("/whatif/scenarios", {name: name.trim(), chain: chainSelect.value,
        region: regionSelect.value || null, additions: items()}));
      await loadScenarios();
    } catch (e) { resultBox.innerHTML = `<p class="bad">${CA.esc(e.message)}</p>`; }
  };
  scenarios.onchange = async () => {
    if (!scenarios.value) return;
    try {
      const r = await CA.get(`/whatif/scenarios/${scenarios.value}`);
      setPicks(r.additions.map((a) => ({key: a.key, link: a.link, name: a.name, link_name: a.link_name,
        revenue: a.key ? null : a.revenue_wan_yuan})));
      showResult(r);
    } catch (e) { resultBox.innerHTML = `<p class="bad">${CA.esc(e.message)}</p>`; }
  };
  document.getElementById("hypo-add").onclick = () => {
    const name = document.getElementById("hypo-name").value.trim();
    const link = document.getElementById("hypo-link");
    if (!name || !link.value) return;
    addPick({key: null, link: link.value, name, link_name: link.options[link.selectedIndex].text,
      revenue: document.getElementById("hypo-revenue").value.trim() || null});
    document.getElementById("hypo-name").value = "";
  };
  function fillLinks(data) {
    const select = document.getElementById("hypo-link");
    select.innerHTML = data.nodes.map((n) => `<option value="${n.id}">${CA.esc(n.name)}</option>`).join("");
  }

  async function load() {
    CA.setQuery({chain: chainSelect.value, ...scope()});
    try { draw(await CA.get(`/chains/${chainSelect.value}/map`, scope())); fillLinks(current); }
    catch (e) { box.innerHTML = `<p class="bad">${CA.esc(e.message)}</p>`; }
    panel.innerHTML = `<p class="muted">${CA.tr("map.click_hint")}</p>`;
    reset();
    drawPicks();
    loadScenarios();
  }

  // The map as a picture (PNG, twice the screen's resolution), named by chain and scope.
  document.getElementById("map-png").onclick = () => {
    if (!CA.map) return;
    const a = document.createElement("a");
    a.href = CA.map.png({full: true, scale: 2, bg: "#ffffff"});
    a.download = ["chain-map", current.chain, ...Object.values(scope()).filter(Boolean)].join("-") + ".png";
    document.body.appendChild(a); a.click(); a.remove();
  };
  await CA.loadFilters(regionSelect, parkSelect);
  for (const select of [chainSelect, regionSelect, parkSelect]) select.addEventListener("change", load);
  sizeBy.addEventListener("change", () => { if (current) { draw(current); if (CA.whatif) showResult(CA.whatif); } });
  window.addEventListener("resize", () => { if (current) { draw(current); if (CA.whatif) showResult(CA.whatif); } });
  if (chainSelect.value) load();
});
