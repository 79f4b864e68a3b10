// 招商图谱: every missing or weak link of a chain in a region with its best targets and their reasons;
// accept a target into the organisation's list, dismiss it with a reason, or pick it for the what-if on the map.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const chainSelect = document.getElementById("f-chain");
  const regionSelect = document.getElementById("f-region");
  const box = document.getElementById("target-links");
  let data = null;

  // Picks for the what-if live in the browser session, per chain: [{key, link, name, link_name}].
  CA.picks = function (chain) { return JSON.parse(sessionStorage.getItem("whatif:" + chain) || "[]"); };
  CA.setPicks = function (chain, picks) { sessionStorage.setItem("whatif:" + chain, JSON.stringify(picks)); };

  function mapLink() {
    const params = {chain: chainSelect.value, region: data ? data.region : regionSelect.value};
    document.getElementById("targets-to-map").href = "/map?" + new URLSearchParams(params).toString();
    document.getElementById("t-picks").textContent = CA.picks(chainSelect.value).length;
  }

  function row(link, item, n) {
    const e = item.enterprise;
    const picked = CA.picks(data.chain).some((p) => p.key === e.key && p.link === link.id);
    const parts = Object.entries(item.parts).map(([k, v]) => `${CA.esc(data.weights.labels[k])} ${v.toFixed(3)}`).join(" · ");
    return `<tr data-key="${CA.esc(e.key)}">
      <td class="num">${n}</td>
      <td><b>${CA.esc(e.name)}</b>${item.facts.role === "trade" ? ` <span class="badge trade">${CA.esc(item.facts.role_label)}</span>` : ""}<br><span class="muted small">${CA.esc(e.region_name || "")} · ${CA.esc(e.source_label)}</span></td>
      <td class="num"><b>${item.score.toFixed(3)}</b><br><span class="muted small">${parts}</span></td>
      <td class="small"><ul class="plain">${item.reasons.map((r) => `<li>${CA.esc(r)}</li>`).join("")}</ul></td>
      <td class="actions">
        <button type="button" class="button small t-pick" ${picked ? "disabled" : ""}>${CA.tr(picked ? "targets.picked" : "targets.pick")}</button>
        <button type="button" class="button small t-accept">${CA.tr("targets.accept")}</button>
        <button type="button" class="button small t-dismiss">${CA.tr("targets.dismiss")}</button>
      </td></tr>`;
  }

  function draw() {
    document.getElementById("targets-chain-name").textContent = data.chain_name + " · " + (data.region_name || "");
    document.getElementById("t-rate").textContent = CA.pct(data.supporting_rate);
    document.getElementById("t-weighted").textContent = CA.pct(data.weighted_supporting_rate);
    document.getElementById("t-weights").textContent = `${CA.tr("targets.weights")}：${data.weights.name}`;
    document.getElementById("targets-export").href = CA.url(`/chains/${data.chain}/targets.xlsx`, {region: data.region});
    mapLink();
    if (!data.links.length) { box.innerHTML = `<p class="muted">${CA.tr("targets.none")}</p>`; return; }
    box.innerHTML = data.links.map((link) => `<section class="card target-link" data-link="${link.id}">
      <h2>${CA.esc(link.name)} ${CA.status(link.status)} <span class="muted small">${CA.tr("targets.local", {n: link.enterprises})} · ${CA.tr("targets.candidates", {n: link.candidates})}</span></h2>
      ${Object.values(link.excluded).some((n) => n) ? `<p class="muted small t-excluded">${CA.tr("targets.excluded", link.excluded)}</p>` : ""}
      ${link.reasons.length ? `<p class="muted small">${link.reasons.map(CA.esc).join("；")}</p>` : ""}
      ${link.items.length ? `<table class="data targets"><thead><tr><th class="num">${CA.tr("targets.rank")}</th><th>${CA.tr("col.name")}</th>
        <th class="num">${CA.tr("targets.score")}</th><th>${CA.tr("targets.reasons")}</th><th></th></tr></thead>
        <tbody>${link.items.map((item, i) => row(link, item, i + 1)).join("")}</tbody></table>`
        : `<p class="muted">${CA.tr("targets.no_items")}</p>`}</section>`).join("");
    for (const section of box.querySelectorAll(".target-link")) {
      const link = data.links.find((l) => l.id === section.dataset.link);
      for (const tr of section.querySelectorAll("tbody tr")) {
        const item = link.items.find((i) => i.enterprise.key === tr.dataset.key);
        tr.querySelector(".t-pick").onclick = (evt) => {
          const picks = CA.picks(data.chain);
          picks.push({key: item.enterprise.key, link: link.id, name: item.enterprise.name, link_name: link.name});
          CA.setPicks(data.chain, picks);
          evt.target.disabled = true; evt.target.textContent = CA.tr("targets.picked");
          mapLink();
        };
        tr.querySelector(".t-accept").onclick = () => decide(link, item, "accepted", null);
        tr.querySelector(".t-dismiss").onclick = () => {
          const reason = window.prompt(CA.tr("targets.dismiss_reason"));
          if (reason && reason.trim()) decide(link, item, "dismissed", reason.trim());
        };
      }
    }
  }

  // After accepting: the 洽谈 project it opened (with a link to its page), or why only the saved list got it.
  function told(result) {
    const out = document.getElementById("t-decision");
    const p = result.project;
    out.innerHTML = `<b>${CA.esc(result.name)}</b>：${CA.esc(result.decision_label)}`
      + (p ? ` <a href="${CA.esc(p.url)}" id="t-project-link">${CA.esc(p.name)} · ${CA.tr("targets.open_project")} →</a>` : "")
      + (result.note ? ` <span class="muted">${CA.esc(result.note)}</span>` : "");
    out.hidden = false;
  }

  async function decide(link, item, decision, reason) {
    try {
      const result = await CA.post("/targets/decisions", {chain: data.chain, link: link.id, region: data.region,
        target: item.enterprise.key, decision, reason});
      if (decision === "accepted") told(result);
      await load();
    } catch (e) { window.alert(e.message); }
  }

  async function load() {
    CA.setQuery({chain: chainSelect.value, region: regionSelect.value});
    try {
      data = await CA.get(`/chains/${chainSelect.value}/targets`, {region: regionSelect.value, limit: 5});
      CA.targets = data;  // for the browser tests
      draw();
      await side();
    } catch (e) { box.innerHTML = `<p class="bad">${CA.esc(e.message)}</p>`; }
  }

  async function side() {
    const saved = await CA.get("/targets/saved", {chain: chainSelect.value});
    document.querySelector("#saved-targets tbody").innerHTML = saved.length ? saved.map((s) => `<tr>
      <td>${CA.esc(s.name)}</td><td>${CA.esc(s.link_name)}</td>
      <td>${s.project ? `<a href="${CA.esc(s.project.url)}">${CA.esc(s.project.name)}</a> <span class="muted small">${CA.esc(s.project.stage_label)}</span>` : "–"}</td>
      <td>${CA.esc(s.username)}</td><td>${CA.esc(s.created_at.replace("T", " "))}</td></tr>`).join("")
      : `<tr><td colspan="5" class="muted">${CA.tr("targets.saved_none")}</td></tr>`;
    const pools = await CA.get("/pools");
    document.getElementById("pool-list").innerHTML = pools.length
      ? pools.map((p) => `<li>${CA.esc(p.name)}：${CA.tr("targets.pool_count", {n: p.enterprises})}</li>`).join("")
      : `<li class="muted">${CA.tr("targets.no_pools")}</li>`;
  }
  const form = document.getElementById("pool-import");
  if (form) form.addEventListener("submit", async (evt) => {
    evt.preventDefault();
    const body = new FormData();
    body.append("name", document.getElementById("pool-name").value);
    body.append("file", document.getElementById("pool-file").files[0]);
    const out = document.getElementById("pool-result");
    out.textContent = CA.tr("loading");
    try {
      const r = await CA.post("/pools/import", body);
      out.textContent = r.written ? CA.tr("targets.pool_done", {n: r.imported, u: r.updated})
        : CA.tr("targets.pool_rejected", {n: r.rejected}) + " " + r.errors.slice(0, 3).map((e) => `${e.row}：${e.reason}`).join("；");
      await load();
    } catch (e) { out.textContent = e.message; }
  });
  await CA.loadFilters(regionSelect, null);
  for (const select of [chainSelect, regionSelect]) select.addEventListener("change", load);
  if (chainSelect.value) load();
});
