// 发展目标 detail: the pace, the actuals entered period by period (its history), the edit and entry forms.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA, L = CA.lists;
  const title = document.getElementById("item-title"), id = title.dataset.id;
  await L.loadRegions(null);
  async function show(g) {
    title.textContent = g.indicator;
    L.facts(document.getElementById("facts"), [
      ["goals.indicator", CA.esc(g.indicator)], ["col.chain", CA.esc(L.chain(g.chain_id))],
      ["col.region", CA.esc(L.region(g.region_code))], ["col.park", CA.esc(g.park)],
      ["goals.period", CA.esc(g.period_label)], ["goals.target", `${CA.num(g.target)} ${CA.esc(g.unit)}`],
      ["lists.responsible", CA.esc(g.responsible_unit)], ["col.notes", CA.esc(g.notes)],
      ["lists.updated", CA.esc(String(g.updated_at).replace("T", " ").slice(0, 16))]]);
    document.getElementById("pace").innerHTML = `<dl class="facts">
      <dt>${CA.tr("goals.actual")}</dt><dd>${g.actual === null ? "–" : `${CA.num(g.actual)} ${CA.esc(g.unit)}`}</dd>
      <dt>${CA.tr("goals.progress")}</dt><dd>${L.progressBar(g)}</dd>
      <dt>${CA.tr("goals.elapsed")}</dt><dd>${L.pct(g.elapsed)}</dd>
      <dt>${CA.tr("goals.standing")}</dt><dd id="standing">${L.standing(g)}</dd>
      <dt>${CA.tr("goals.last_year")}</dt><dd>${g.last_year_actual === null ? "–" : CA.num(g.last_year_actual)}</dd>
      <dt>${CA.tr("goals.growth")}</dt><dd>${L.pct(g.growth)}</dd></dl>`;
    document.querySelector("#actuals tbody").innerHTML = g.actuals.length
      ? g.actuals.map((a) => `<tr><td>${CA.esc(a.period_label)}</td><td class="num">${CA.num(a.value)} ${CA.esc(g.unit)}</td></tr>`).join("")
      : `<tr><td colspan="2" class="muted">${CA.tr("goals.no_actuals")}</td></tr>`;
    const edit = document.getElementById("edit-form"), entry = document.getElementById("actual-form");
    edit.hidden = entry.hidden = !g.editable;
    L.fill(edit, g);
    edit.onsubmit = async (e) => {
      e.preventDefault(); L.formError(edit, null);
      try { show(await CA.send("PATCH", `/goals/${id}`, {...L.formJSON(edit, true), version: g.version})); }
      catch (err) { L.formError(edit, err); }
    };
    entry.onsubmit = async (e) => {
      e.preventDefault(); L.formError(entry, null);
      try { show(await CA.post(`/goals/${id}/actuals`, {...L.formJSON(entry), version: g.version})); entry.reset(); }
      catch (err) { L.formError(entry, err); }
    };
  }
  try { show(await CA.get(`/goals/${id}`)); }
  catch (err) { title.textContent = CA.tr("error"); title.insertAdjacentHTML("afterend", `<p class="bad">${CA.esc(err.message)}</p>`); }
});
