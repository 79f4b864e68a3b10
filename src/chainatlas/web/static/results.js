// 科研成果: industrialisable research results with maturity (TRL), transfer mode and status.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA, L = CA.lists;
  await L.loadRegions(document.getElementById("f-region"));
  L.createForm("/results");
  const load = L.listPage({path: "/results", table: document.getElementById("results-table"), columns: 7, row: (r) => `
    <tr data-result="${r.id}">
      <td><a href="/results/${r.id}">${CA.esc(r.title)}</a>${r.keywords.length ? `<div class="small muted">${CA.esc(r.keywords.join("、"))}</div>` : ""}</td>
      <td>${r.institution_id ? `<a href="/enterprises/${r.institution_id}">${CA.esc(r.institution)}</a>` : CA.esc(r.institution)}</td>
      <td>${CA.esc(L.chain(r.chain_id))}</td><td>${CA.esc(L.region(r.region_code))}</td>
      <td>${r.trl ? `TRL ${r.trl}<div class="small muted">${CA.esc(CA.lang === "zh" ? r.trl_label : "")}</div>` : "–"}</td>
      <td>${r.transfer_mode ? CA.tr("mode." + r.transfer_mode) : "–"}</td>
      <td><span class="rstatus ${r.status}">${CA.tr("rstatus." + r.status)}</span></td></tr>`});
  load();
});
