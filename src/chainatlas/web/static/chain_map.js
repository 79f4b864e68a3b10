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
  }

  async function load() {
    CA.setQuery({chain: chainSelect.value, ...scope()});
    try { draw(await CA.get(`/chains/${chainSelect.value}/map`, scope())); }
    catch (e) { box.innerHTML = `<p class="bad">${CA.esc(e.message)}</p>`; }
    panel.innerHTML = `<p class="muted">${CA.tr("map.click_hint")}</p>`;
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
  sizeBy.addEventListener("change", () => current && draw(current));
  window.addEventListener("resize", () => current && draw(current));
  if (chainSelect.value) load();
});
