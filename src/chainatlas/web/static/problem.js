// One problem: its facts, the buttons for the transitions the loop allows now (and the viewer may make), history.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  const id = $("problem-title").dataset.id;
  const form = $("move-form");
  let problem = null, chosen = null;

  function facts(p) {
    const row = (k, v) => `<tr><th>${CA.esc(CA.tr(k))}</th><td>${v}</td></tr>`;
    const late = p.overdue ? ` <span class="bad">${CA.esc(CA.tr("problems.days_overdue", {n: p.days_overdue}))}</span>` : "";
    return `<table class="facts">${[
      row("problems.enterprise", CA.esc(p.enterprise.name) + (p.enterprise.uscc ? ` <span class="muted small">${CA.esc(p.enterprise.uscc)}</span>` : "")),
      row("problems.category", CA.esc(p.category)),
      row("problems.state", `<span class="status problem-${p.state}" id="problem-state" data-state="${p.state}">${CA.esc(p.state_label)}</span>${late}`),
      row("problems.unit", CA.esc(p.unit || "–")), row("problems.deadline", CA.esc(p.deadline || "–")),
      row("problems.received_on", CA.esc(p.received_on)), row("problems.source", CA.esc(p.source || "–")),
      row("problems.description", CA.esc(p.description || "–")), row("problems.resolution", CA.esc(p.resolution || "–")),
      row("problems.satisfaction", CA.esc(p.satisfaction_label || "–")),
      row("problems.reopened_n", `<span id="problem-reopened">${p.reopened}</span>`),
      row("problems.meetings", p.meetings.map((m) => CA.esc(`${m.title}（${m.held_on}）`)).join("；") || "–"),
    ].join("")}</table>`;
  }

  // "交办", or "回访不满意，重新交办 → 交办" where the move's name is not the state it leads to
  const moveLabel = (n) => n.label === n.to_label ? n.label : `${n.label} → ${n.to_label}`;

  function show(p) {
    problem = p;
    $("problem-title").textContent = `${p.title}`;
    $("problem-facts").innerHTML = facts(p);
    $("actions").innerHTML = p.next.length ? p.next.map((n, i) =>
      `<button type="button" class="button" data-move="${i}" data-to="${n.to}">${CA.esc(moveLabel(n))}</button>`).join(" ")
      : `<span class="muted">${CA.tr(p.allowed.length ? "problems.read_only" : "problems.closed_loop")}</span>`;
    for (const b of document.querySelectorAll("[data-move]")) b.onclick = () => choose(p.next[Number(b.dataset.move)]);
    form.hidden = true;
    document.querySelector("#history-table tbody").innerHTML = p.history.map((h) => `<tr>
      <td>${CA.esc(String(h.at).replace("T", " ").slice(0, 19))}</td><td>${CA.esc(h.username)}</td>
      <td>${CA.esc(h.from_label || "–")}</td><td>${CA.esc(h.to_label)}</td>
      <td>${CA.esc(h.comment || "")}${detail(h.detail)}</td></tr>`).join("");
  }

  function detail(d) {
    const parts = [];
    if (d.unit) parts.push(CA.tr("problems.unit") + "：" + d.unit);
    if (d.deadline) parts.push(CA.tr("problems.deadline") + "：" + d.deadline);
    if (d.resolution) parts.push(CA.tr("problems.resolution") + "：" + d.resolution);
    if (d.satisfaction) parts.push(CA.tr("problems.satisfaction") + "：" + CA.tr("satisfaction." + d.satisfaction));
    return parts.length ? `<div class="small muted">${CA.esc(parts.join("；"))}</div>` : "";
  }

  function choose(next) {
    chosen = next;
    form.hidden = false;
    for (const label of form.querySelectorAll("[data-field]")) {
      label.hidden = !next.requires.includes(label.dataset.field);
    }
    const satisfaction = form.elements.satisfaction;
    for (const option of satisfaction.options) option.hidden = option.value && !(next.satisfactions || []).includes(option.value);
    satisfaction.value = next.satisfactions && next.satisfactions.length === 1 ? next.satisfactions[0] : "";
    if (next.requires.includes("unit") && !form.elements.unit.value) form.elements.unit.value = problem.unit || "";
    $("move-submit").textContent = moveLabel(next);
    $("move-message").textContent = "";
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {to: chosen.to, version: problem.version};
    for (const k of ["unit", "deadline", "resolution", "satisfaction", "comment"]) {
      const value = form.elements[k].value.trim();
      const shown = !form.querySelector(`[data-field="${k}"]`) || !form.querySelector(`[data-field="${k}"]`).hidden;
      if (value && shown) body[k] = value;
    }
    try {
      show(await CA.post(`/problems/${id}/transitions`, body));
      form.reset();
      $("move-message").className = "small good";
      $("move-message").textContent = CA.tr("problems.moved", {state: problem.state_label});
    } catch (err) { $("move-message").className = "small bad"; $("move-message").textContent = err.message; }
  });
  $("move-cancel").onclick = () => { form.hidden = true; form.reset(); };
  try { show(await CA.get(`/problems/${id}`)); }
  catch (e) { $("problem-title").textContent = CA.tr("error") + "：" + e.message; $("actions-card").hidden = true; }
});
