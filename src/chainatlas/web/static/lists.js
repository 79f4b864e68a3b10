// 工作清单 (goals, projects, research results): helpers shared by the list and detail pages — names of
// chains, regions and stages, forms read as JSON, a paged list with filters and its Excel export.
(function () {
  const CA = window.CA;
  const L = CA.lists = JSON.parse(document.getElementById("lists-config").textContent);
  L.chain = (id) => { const c = L.chains[id]; return c ? CA.chainName(c) : (id || "–"); };
  L.regions = {};
  L.region = (code) => code ? (L.regions[code] || code) : "–";
  L.stage = (id) => CA.tr("stage." + id);
  L.loadRegions = async function (filterSelect) {
    const f = await CA.loadFilters(filterSelect, null);
    for (const r of f.regions) L.regions[r.code] = r.name;
    for (const select of document.querySelectorAll("select[data-regions]")) {
      for (const r of f.regions) select.add(new Option((r.level === "city" ? "" : "　") + r.name, r.code));
    }
  };
  // The names of a chain's links (环节), for items that name links by id.
  L.linkNames = {};
  L.loadLinks = async function (chain) {
    if (!chain || L.linkNames[chain]) return;
    try { const c = await CA.get(`/chains/${chain}`); L.linkNames[chain] = Object.fromEntries(c.links.map((l) => [l.id, l.name])); }
    catch (e) { L.linkNames[chain] = {}; }
  };
  L.link = (chain, id) => id ? ((L.linkNames[chain] || {})[id] || id) : "";
  L.date = (d) => d ? String(d).slice(0, 10) : "–";
  L.pct = (x) => (x === null || x === undefined) ? "–" : CA.pct(Number(x));
  // A form's fields as JSON: empty fields left out (or sent as null with `keepEmpty`), checkboxes as booleans,
  // "planned.signed" as {planned: {signed: …}}, numbers where the input says so.
  L.formJSON = function (form, keepEmpty) {
    const data = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      let value = el.type === "checkbox" ? el.checked : el.value.trim();
      if (value === "" && !keepEmpty) continue;
      if (value === "") value = null;
      if (el.name === "trl" && value !== null) value = Number(value);
      const [head, tail] = el.name.split(".");
      if (tail) (data[head] = data[head] || {})[tail] = value;
      else data[head] = value;
    }
    return data;
  };
  L.fill = function (form, item) {
    for (const el of form.elements) {
      if (!el.name) continue;
      const [head, tail] = el.name.split(".");
      let v = tail ? (item[head] || {})[tail] : item[head];
      if (Array.isArray(v)) v = v.filter((x) => x).join("、");
      if (el.type === "checkbox") el.checked = !!v; else el.value = v === null || v === undefined ? "" : v;
    }
  };
  L.formError = (form, error) => { const box = form.querySelector("[data-form-error]"); if (box) box.textContent = error ? error.message : ""; };
  L.facts = (dl, pairs) => {
    dl.innerHTML = pairs.map(([k, v]) => `<dt>${CA.esc(CA.tr(k))}</dt><dd>${v === null || v === undefined || v === "" ? "–" : v}</dd>`).join("");
  };
  // The "new item" button opens the form; saving goes to the new item's page.
  L.createForm = function (path) {
    const form = document.getElementById("create-form"), button = document.getElementById("new-item");
    if (!form || !button) return;
    button.onclick = () => { form.hidden = false; form.querySelector("input,select").focus(); };
    form.querySelector("[data-cancel]").onclick = () => { form.hidden = true; };
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      L.formError(form, null);
      try { const item = await CA.post(path, L.formJSON(form)); location.href = `${path}/${item.id}`; }
      catch (err) { L.formError(form, err); }
    });
  };
  // A list page: the filters form's fields go to the API, the address and the Excel link; 20 rows a page.
  L.listPage = function ({path, table, columns, row, extra}) {
    const form = document.getElementById("filters"), body = table.querySelector("tbody");
    const params = new URLSearchParams(location.search);
    for (const el of form.elements) if (el.name && params.get(el.name)) el.value = params.get(el.name);
    let offset = Number(params.get("offset")) || 0;
    const query = () => { const q = {}; for (const el of form.elements) if (el.name && el.value) q[el.name] = el.value; return q; };
    async function load() {
      const q = query();
      CA.setQuery({...q, offset: offset || ""});
      document.getElementById("export-xlsx").href = CA.url(`${path}.xlsx`, q);
      body.innerHTML = `<tr><td colspan="${columns}" class="muted">${CA.tr("loading")}</td></tr>`;
      if (extra) extra(q);
      let r;
      try { r = await CA.get(path, {...q, limit: 20, offset}); } catch (e) { CA.fail(body, e); return; }
      document.getElementById("result-total").textContent = CA.tr("lists.total", {n: CA.num(r.total, 0)});
      body.innerHTML = r.items.length ? r.items.map(row).join("")
        : `<tr><td colspan="${columns}" class="muted">${CA.tr("lists.empty")}</td></tr>`;
      const prev = document.getElementById("prev"), next = document.getElementById("next");
      prev.disabled = offset === 0;
      next.disabled = offset + r.items.length >= r.total;
      prev.onclick = () => { offset = Math.max(0, offset - 20); load(); };
      next.onclick = () => { offset += 20; load(); };
    }
    for (const el of form.elements) el.addEventListener("change", () => { offset = 0; load(); });
    return load;
  };
  // 发展目标: a bar of the progress with a mark where the elapsed share stands; the 时间过半、任务过半 verdict.
  L.progressBar = (g) => `<div class="bar-cell" title="${CA.esc(CA.tr("goals.elapsed"))} ${L.pct(g.elapsed)}">
    <div class="bar-track pace"><div class="bar-fill ${g.lagging ? "behind" : ""}" style="width:${Math.min(100, Number(g.progress || 0) * 100)}%"></div>
    <div class="pace-mark" style="left:${Math.min(100, Number(g.elapsed) * 100)}%"></div></div>${L.pct(g.progress)}</div>`;
  L.standing = (g) => g.lagging
    ? `<span class="status missing">${CA.tr("goals.lagging")}</span><div class="small bad">${CA.tr("goals.behind", {points: CA.num(g.lag_points), amount: CA.num(g.lag_amount), unit: g.unit})}</div>`
    : `<span class="status covered">${CA.tr("goals.on_pace")}</span>`;
})();
