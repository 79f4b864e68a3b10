// 项目 detail: stage dates planned and actual, delays, the history of moves and milestones, a button for each
// stage the project may move to (shown only to those who may write), milestones and the edit form.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA, L = CA.lists;
  const title = document.getElementById("item-title"), id = title.dataset.id;
  const advance = document.getElementById("advance-form");
  let project;
  await L.loadRegions(null);
  function eventText(h) {
    if (h.kind === "stage") return CA.tr("projects.moved", {from: h.from ? L.stage(h.from) : "–", to: L.stage(h.to)});
    if (h.kind === "created") return CA.tr("projects.created", {to: L.stage(h.to || "negotiating")});
    if (h.kind === "milestone") return CA.tr("projects.milestone");
    return CA.tr("lists.edit");
  }
  function detailText(h) {
    const d = h.detail || {};
    const parts = [d.note, d.reason, (d.skipped || []).length ? CA.tr("projects.skipped") + " " + d.skipped.map(L.stage).join("、") : "",
      (d.changed || []).length ? d.changed.join("、") : ""];
    return parts.filter((x) => x).map(CA.esc).join("；");
  }
  function show(p) {
    project = p;
    title.textContent = p.name;
    document.getElementById("stage-now").innerHTML = `${CA.tr("projects.stage")}：<span class="stage ${p.stage}" id="current-stage">${CA.esc(L.stage(p.stage))}</span>
      ${p.delayed ? `<span class="bad">${p.delays.map((d) => CA.tr("projects.late_stage", {stage: L.stage(d.stage), n: d.days})).join("；")}</span>` : ""}`;
    document.getElementById("transitions").innerHTML = p.transitions.map((t) =>
      `<button type="button" class="button ${t.to === "terminated" ? "" : "primary"}" data-to="${t.to}">${CA.tr("projects.move_to", {stage: L.stage(t.to)})}</button>`).join(" ");
    L.facts(document.getElementById("facts"), [
      ["projects.list", CA.tr("list." + p.list)], ["col.chain", CA.esc(L.chain(p.chain_id))],
      ["col.link", CA.esc(L.link(p.chain_id, p.link_id))], ["col.region", CA.esc(L.region(p.region_code))], ["col.park", CA.esc(p.park)],
      ["projects.amount", p.amount_wan_yuan === null ? "" : `${CA.num(p.amount_wan_yuan)} ${CA.tr("projects.wan")}（${CA.num(p.amount_yi_yuan)} ${CA.tr("projects.yi")}）`],
      ["projects.completed", p.completed_wan_yuan === null ? "" : `${CA.num(p.completed_wan_yuan)} ${CA.tr("projects.wan")}`],
      ["projects.investor", CA.esc(p.investor)],
      ["projects.local", p.local_id ? `<a href="/enterprises/${p.local_id}">${CA.esc(p.local_enterprise)}</a>` : CA.esc(p.local_enterprise)],
      ["projects.source", CA.esc(p.source)], ["projects.fortune500", p.fortune500 ? "✓" : "–"],
      ["lists.responsible", CA.esc(p.responsible_unit)], ["projects.person", CA.esc(p.responsible_person)],
      ["projects.reason", CA.esc(p.terminated_reason)], ["col.notes", CA.esc(p.notes)]]);
    document.querySelector("#stages tbody").innerHTML = p.stages.map((s) => `<tr data-stage="${s.stage}" class="${s.reached ? "reached" : ""}">
      <td>${CA.esc(L.stage(s.stage))}${s.skipped ? ` <span class="small muted">${CA.tr("projects.skipped")}</span>` : ""}</td>
      <td>${L.date(s.planned_on)}</td><td>${L.date(s.actual_on)}</td>
      <td>${s.delay_days ? `<span class="bad">${CA.tr("projects.late_days", {n: s.delay_days})}</span>` : "–"}</td></tr>`).join("");
    document.querySelector("#history tbody").innerHTML = p.history.slice().reverse().map((h) => `<tr data-kind="${h.kind}">
      <td>${L.date(h.at)}</td><td>${CA.esc(eventText(h))}</td><td>${CA.esc(h.by)}</td><td class="small">${detailText(h)}</td></tr>`).join("")
      || `<tr><td colspan="4" class="muted">–</td></tr>`;
    const edit = document.getElementById("edit-form"), milestone = document.getElementById("milestone-form");
    edit.hidden = milestone.hidden = !p.editable;
    const planned = {};
    for (const s of p.stages) planned[s.stage] = s.planned_on;
    L.fill(edit, {...p, amount: p.amount_wan_yuan, completed: p.completed_wan_yuan, planned});
    advance.hidden = true;
  }
  document.getElementById("transitions").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-to]");
    if (!button) return;
    advance.dataset.to = button.dataset.to;
    document.getElementById("advance-to").textContent = CA.tr("projects.move_to", {stage: L.stage(button.dataset.to)});
    document.getElementById("reason-label").hidden = button.dataset.to !== "terminated";
    advance.elements.reason.required = button.dataset.to === "terminated";
    advance.elements.on.value = new Date().toISOString().slice(0, 10);
    L.formError(advance, null);
    advance.hidden = false;
  });
  advance.querySelector("[data-cancel]").onclick = () => { advance.hidden = true; };
  advance.addEventListener("submit", async (e) => {
    e.preventDefault(); L.formError(advance, null);
    try { show(await CA.post(`/projects/${id}/advance`, {...L.formJSON(advance), to: advance.dataset.to, version: project.version})); }
    catch (err) { L.formError(advance, err); }
  });
  document.getElementById("milestone-form").addEventListener("submit", async (e) => {
    const form = e.target; e.preventDefault(); L.formError(form, null);
    try { show(await CA.post(`/projects/${id}/milestones`, {...L.formJSON(form), version: project.version})); form.reset(); }
    catch (err) { L.formError(form, err); }
  });
  document.getElementById("edit-form").addEventListener("submit", async (e) => {
    const form = e.target; e.preventDefault(); L.formError(form, null);
    try { show(await CA.send("PATCH", `/projects/${id}`, {...L.formJSON(form, true), version: project.version})); }
    catch (err) { L.formError(form, err); }
  });
  try { const p = await CA.get(`/projects/${id}`); await L.loadLinks(p.chain_id); show(p); }
  catch (err) { title.textContent = CA.tr("error"); title.insertAdjacentHTML("afterend", `<p class="bad">${CA.esc(err.message)}</p>`); }
});
