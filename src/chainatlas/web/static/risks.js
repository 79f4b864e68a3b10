// 风险预警: the warning list (new first, coloured by level), filters, Excel of the same filter, acknowledging with
// a comment, a scan of the chosen region, and the rule set (editable by administrators and chain offices).
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  const body = document.querySelector("#risks-table tbody");
  const params = new URLSearchParams(location.search);
  let ruleSet = null;
  const mayAck = Boolean(document.getElementById("risks-table").dataset.mayAck);

  function query() {
    return {chain: $("f-chain").value, region: $("f-region").value, level: $("f-level").value,
      include_ended: $("f-ended").checked ? "true" : ""};
  }
  const badge = (level) => `<span class="risk-level ${level}">${CA.esc(CA.tr("risks.level." + level))}</span>`;

  function stateCell(w) {
    if (w.ended) return `<span class="muted">${CA.esc(CA.tr("risks.ended", {date: w.ended_on}))}</span>`;
    if (!w.acknowledged) return `<span class="risk-new">${CA.tr("risks.new")}</span>`;
    return `<span class="muted small">${CA.esc(CA.tr("risks.acked_by", {who: w.acknowledged_by}))}</span>
      <div class="small">${CA.esc(w.ack_comment || "")}</div>`;
  }

  async function load() {
    const q = query();
    CA.setQuery(q);
    $("export-xlsx").href = CA.url("/risks.xlsx", q);
    body.innerHTML = `<tr><td colspan="7" class="muted">${CA.tr("loading")}</td></tr>`;
    let r;
    try { r = await CA.get("/risks", q); } catch (e) { CA.fail(body, e); return; }
    const c = r.counts;
    $("risk-counts").innerHTML = ["red", "orange", "yellow"].map((l) => `${badge(l)} <b>${c[l]}</b>`).join("　") +
      `　<span class="muted">${CA.esc(CA.tr("risks.unacked", {n: c.new}))}</span>`;
    body.innerHTML = r.items.length ? r.items.map((w) => `<tr data-id="${w.id}" class="risk-row ${w.acknowledged ? "acked" : ""}">
      <td>${badge(w.level)}</td><td>${CA.esc(w.rule_name)}</td>
      <td><span class="muted small">${CA.esc(w.subject_kind_label)}</span><br>${CA.esc(w.subject)}</td>
      <td class="risk-message">${CA.esc(w.message)}</td>
      <td class="small nowrap">${CA.esc(w.first_seen)}<br><span class="muted">${CA.esc(w.last_seen)}</span></td>
      <td>${stateCell(w)}</td>
      <td>${w.ended || !mayAck ? "" : `<button type="button" class="button small ack" data-id="${w.id}">${CA.tr(w.acknowledged ? "risks.reack" : "risks.ack")}</button>`}</td></tr>`).join("")
      : `<tr><td colspan="7" class="muted">${CA.tr("risks.empty")}</td></tr>`;
  }

  // Acknowledge: a row below the warning with the comment and its own save button.
  body.addEventListener("click", async (e) => {
    const button = e.target.closest("button.ack");
    if (button) {
      const row = button.closest("tr");
      if (row.nextElementSibling && row.nextElementSibling.classList.contains("ack-form")) return;
      row.insertAdjacentHTML("afterend", `<tr class="ack-form"><td colspan="7"><form class="inline-form">
        <label class="grow">${CA.tr("risks.comment")} <input name="comment" required maxlength="1000"></label>
        <button type="submit" class="button primary small">${CA.tr("risks.save_ack")}</button>
        <span class="small message"></span></form></td></tr>`);
      const form = row.nextElementSibling.querySelector("form");
      form.comment.focus();
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        try { await CA.post(`/risks/${button.dataset.id}/ack`, {comment: form.comment.value.trim()}); load(); }
        catch (err) { const m = form.querySelector(".message"); m.className = "small message bad"; m.textContent = err.message; }
      });
    }
  });

  const scan = $("scan");
  if (scan) scan.onclick = async () => {
    const region = $("f-region").value || scan.dataset.region;
    const message = $("scan-message");
    if (!region) { message.className = "small bad"; message.textContent = CA.tr("risks.pick_region"); return; }
    scan.disabled = true;
    message.className = "small muted"; message.textContent = CA.tr("risks.scanning");
    try {
      const chain = $("f-chain").value;
      const r = await CA.post("/risks/scan", {region, chains: chain ? [chain] : null});
      message.className = "small";
      message.textContent = CA.tr("risks.scanned", {found: r.found, created: r.created, ended: r.ended, version: r.rule_version});
      load();
    } catch (err) { message.className = "small bad"; message.textContent = err.message; }
    scan.disabled = false;
  };

  // The rule set: each rule's level, parameters (with their bounds) and switch; saved as a new version.
  const editable = Boolean($("rules-save"));
  function paramInputs(rule, vocab) {
    return vocab.params.map((p) => `<label class="param" title="${CA.esc(p.label)}（${p.low}–${p.high}${CA.esc(p.unit)}）">
      ${CA.esc(p.label)} ${editable ? `<input type="number" data-rule="${rule.id}" data-param="${p.key}" min="${p.low}" max="${p.high}"
      value="${rule.params[p.key]}">` : `<b>${rule.params[p.key]}</b>`}${CA.esc(p.unit)}</label>`).join(" ");
  }
  function escalation(escalate, vocab) {
    const label = Object.fromEntries(vocab.params.map((p) => [p.key, p]));
    return Object.entries(escalate).map(([k, v]) => k === "level" ? CA.tr("risks.level." + v)
      : `${label[k] ? label[k].label : k} ${v}${label[k] ? label[k].unit : ""}`).join("，");
  }
  async function loadRules() {
    const tbody = document.querySelector("#rules-table tbody");
    try { ruleSet = await CA.get("/risks/rules"); } catch (e) { CA.fail(tbody, e); return; }
    $("rules-version").textContent = CA.tr("risks.version", {v: ruleSet.version});
    const vocab = Object.fromEntries(ruleSet.vocabulary.map((v) => [v.id, v]));
    tbody.innerHTML = ruleSet.rules.map((r) => `<tr data-rule="${r.id}">
      <td><b>${CA.esc(r.name)}</b><div class="muted small">${CA.esc(r.description)}</div></td>
      <td>${editable ? `<select data-rule="${r.id}" data-field="level">${["red", "orange", "yellow"].map((l) =>
        `<option value="${l}" ${l === r.level ? "selected" : ""}>${CA.tr("risks.level." + l)}</option>`).join("")}</select>` : badge(r.level)}</td>
      <td>${paramInputs(r, vocab[r.id])}</td>
      <td class="small">${r.escalate ? CA.esc(escalation(r.escalate, vocab[r.id])) : ""}</td>
      <td><input type="checkbox" data-rule="${r.id}" data-field="enabled" ${r.enabled ? "checked" : ""} ${editable ? "" : "disabled"}></td></tr>`).join("");
  }
  if (editable) $("rules-save").onclick = async () => {
    const message = $("rules-message");
    const rules = ruleSet.rules.map((r) => {
      const out = {id: r.id, name: r.name, level: r.level, enabled: r.enabled, params: {...r.params}};
      if (r.escalate) out.escalate = r.escalate;
      for (const el of document.querySelectorAll(`#rules-table [data-rule="${r.id}"]`)) {
        if (el.dataset.param) out.params[el.dataset.param] = el.value;
        else if (el.dataset.field === "level") out.level = el.value;
        else if (el.dataset.field === "enabled") out.enabled = el.checked;
      }
      return out;
    });
    try {
      const saved = await CA.send("PUT", "/risks/rules", {rules, note: $("rules-note").value.trim() || null});
      message.className = "small good"; message.textContent = CA.tr("risks.rules_saved", {v: saved.version});
      loadRules();
    } catch (err) { message.className = "small bad"; message.textContent = err.message; }
  };

  await CA.loadFilters($("f-region"), null);
  if (params.get("level")) $("f-level").value = params.get("level");
  $("f-ended").checked = params.get("include_ended") === "true";
  for (const id of ["f-chain", "f-region", "f-level", "f-ended"]) $(id).addEventListener("change", load);
  load();
  loadRules();
});
