// 重点问题清单: filters, table, Excel export of the same filter, the create form, statistics and meetings.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  const body = document.querySelector("#problems-table tbody");
  const params = new URLSearchParams(location.search);
  const LIMIT = 50;
  let offset = 0;

  function query() {
    return {state: $("f-state").value, category: $("f-category").value, unit: $("f-unit").value.trim(),
      region: $("f-region").value, q: $("f-q").value.trim(), overdue: $("f-overdue").checked ? "true" : "",
      supervised: $("f-supervised").checked ? "true" : "", reopened: $("f-reopened").checked ? "true" : ""};
  }

  function stateCell(p) {
    const late = p.overdue ? ` <span class="bad small">${CA.esc(CA.tr("problems.days_overdue", {n: p.days_overdue}))}</span>` : "";
    return `<span class="status problem-${p.state}">${CA.esc(p.state_label)}</span>${late}`;
  }

  async function load() {
    const q = query();
    CA.setQuery(q);
    $("export-xlsx").href = CA.url("/problems.xlsx", q);
    body.innerHTML = `<tr><td colspan="8" class="muted">${CA.tr("loading")}</td></tr>`;
    let r;
    try { r = await CA.get("/problems", {...q, limit: LIMIT, offset}); } catch (e) { CA.fail(body, e); return; }
    $("result-total").textContent = CA.tr("problems.total", {n: CA.num(r.total, 0) + (r.total_capped ? "+" : "")});
    body.innerHTML = r.items.length ? r.items.map((p) => `<tr data-id="${p.id}">
      <td>${p.id}</td><td><a href="/problems/${p.id}">${CA.esc(p.title)}</a></td>
      <td>${CA.esc(p.enterprise.name)}</td><td>${CA.esc(p.category)}</td><td>${stateCell(p)}</td>
      <td>${CA.esc(p.unit || "")}</td><td>${CA.esc(p.deadline || "")}</td><td class="num">${p.reopened || ""}</td></tr>`).join("")
      : `<tr><td colspan="8" class="muted">${CA.tr("problems.empty")}</td></tr>`;
    $("prev").disabled = offset === 0;
    $("next").disabled = !r.total_capped && offset + LIMIT >= r.total;
  }

  async function loadStats() {
    const by = $("stats-by").value;
    const tbody = document.querySelector("#stats-table tbody");
    let s;
    try { s = await CA.get("/problems/stats", {by}); } catch (e) { CA.fail(tbody, e); return; }
    $("stats-key").textContent = s.by_label;
    const rate = (x) => x === null ? "–" : CA.pct(Number(x));
    tbody.innerHTML = [...s.rows, s.total].map((r, i) => `<tr${i === s.rows.length ? ' class="total"' : ""}>
      <td>${CA.esc(r.key || "")}</td><td class="num">${r.received}</td><td class="num">${r.resolved}</td>
      <td class="num">${r.resolved_on_time}</td><td class="num">${r.average_days || "–"}</td>
      <td class="num">${rate(r.satisfaction_rate)}</td><td class="num">${r.overdue}</td><td class="num">${r.reopened}</td></tr>`).join("");
  }

  async function loadMeetings() {
    const tbody = document.querySelector("#meetings-table tbody");
    let list;
    try { list = await CA.get("/meetings"); } catch (e) { CA.fail(tbody, e); return; }
    tbody.innerHTML = list.length ? list.map((m) => `<tr><td>${CA.esc(m.title)}</td><td>${CA.esc(m.held_on)}</td>
      <td class="num">${m.problems}</td><td><a class="button small" href="${CA.api}/meetings/${m.id}/sheet.xlsx">${CA.tr("problems.sheet")}</a></td></tr>`).join("")
      : `<tr><td colspan="4" class="muted">${CA.tr("problems.no_meetings")}</td></tr>`;
  }

  await CA.loadFilters($("f-region"), null);
  for (const key of ["state", "category", "unit", "q"]) if (params.get(key)) $("f-" + key).value = params.get(key);
  for (const key of ["overdue", "supervised", "reopened"]) $("f-" + key).checked = params.get(key) === "true";
  for (const id of ["f-state", "f-category", "f-region", "f-overdue", "f-supervised", "f-reopened"]) {
    $(id).addEventListener("change", () => { offset = 0; load(); });
  }
  for (const id of ["f-unit", "f-q"]) $(id).addEventListener("change", () => { offset = 0; load(); });
  $("prev").onclick = () => { offset = Math.max(0, offset - LIMIT); load(); };
  $("next").onclick = () => { offset += LIMIT; load(); };
  $("stats-by").addEventListener("change", loadStats);
  const form = $("problem-form");
  if (form) form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    for (const k of ["description", "source"]) if (!data[k]) delete data[k];
    try {
      const made = await CA.post("/problems", data);
      location.href = `/problems/${made.id}`;
    } catch (err) { $("form-message").className = "small bad"; $("form-message").textContent = err.message; }
  });
  load();
  loadStats();
  loadMeetings();
});
