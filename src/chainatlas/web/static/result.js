// 科研成果 detail: the facts and the edit form (status of transfer, maturity, contacts).
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA, L = CA.lists;
  const title = document.getElementById("item-title"), id = title.dataset.id;
  await L.loadRegions(null);
  function show(r) {
    title.textContent = r.title;
    L.facts(document.getElementById("facts"), [
      ["results.institution", r.institution_id ? `<a href="/enterprises/${r.institution_id}">${CA.esc(r.institution)}</a>` : CA.esc(r.institution)],
      ["results.inventors", CA.esc(r.inventors.filter((x) => x).join("、"))], ["results.field", CA.esc(r.field)],
      ["col.chain", CA.esc(L.chain(r.chain_id))], ["col.link", CA.esc(r.links.map((l) => L.link(r.chain_id, l)).join("、"))],
      ["col.region", CA.esc(L.region(r.region_code))], ["col.park", CA.esc(r.park)],
      ["results.keywords", CA.esc(r.keywords.join("、"))], ["results.trl", r.trl ? `TRL ${r.trl} · ${CA.esc(r.trl_label)}` : ""],
      ["results.patents", CA.esc(r.patents.join("、"))], ["results.mode", r.transfer_mode ? CA.tr("mode." + r.transfer_mode) : ""],
      ["results.status", `<span class="rstatus ${r.status}" id="result-status">${CA.tr("rstatus." + r.status)}</span>`],
      ["profile.contact", CA.esc(r.contact_person)], ["profile.phone", CA.esc(r.contact_phone)], ["col.notes", CA.esc(r.notes)],
      ["lists.updated", CA.esc(String(r.updated_at).replace("T", " ").slice(0, 16))]]);
    const edit = document.getElementById("edit-form");
    edit.hidden = !r.editable;
    L.fill(edit, r);
    edit.onsubmit = async (e) => {
      e.preventDefault(); L.formError(edit, null);
      try { show(await CA.send("PATCH", `/results/${id}`, {...L.formJSON(edit, true), version: r.version})); }
      catch (err) { L.formError(edit, err); }
    };
  }
  try { const r = await CA.get(`/results/${id}`); await L.loadLinks(r.chain_id); show(r); }
  catch (err) { title.textContent = CA.tr("error"); title.insertAdjacentHTML("afterend", `<p class="bad">${CA.esc(err.message)}</p>`); }
});
