// 数据导入: upload for a preview of how the file reads, confirm, watch progress, page through row errors,
// download the report.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  const PAGE = 20;
  let errorOffset = 0, jobId = null;

  async function recent() {
    const r = await CA.get("/imports", {limit: 10});
    document.querySelector("#jobs tbody").innerHTML = r.items.map((j) => `<tr><td>${j.id}</td><td>${CA.esc(j.file_name)}</td>
      <td>${CA.esc(j.stage)}</td><td>${CA.esc(j.started_at.replace("T", " "))}</td></tr>`).join("")
      || `<tr><td colspan="4" class="muted">–</td></tr>`;
  }

  async function errors(offset) {
    errorOffset = offset;
    const r = await CA.get(`/imports/${jobId}/errors`, {limit: PAGE, offset});
    document.querySelector("#errors-table tbody").innerHTML = r.items.map((e) => `<tr class="${e.severity}">
      <td>${CA.esc(e.sheet || "")}</td><td class="num">${e.row}</td><td>${CA.esc(e.field)}</td><td>${CA.esc(e.value || "")}</td>
      <td>${CA.esc(e.reason)}</td><td>${e.severity === "error" ? `<span class="bad">${CA.tr("severity.error")}</span>` : CA.tr("severity.warning")}</td></tr>`).join("");
    $("err-page").textContent = `${offset + 1}–${offset + r.items.length} / ${r.total}`;
    $("err-prev").disabled = offset === 0;
    $("err-next").disabled = offset + PAGE >= r.total;
  }

  async function watch() {
    const j = await CA.get(`/imports/${jobId}`);
    const share = j.total ? Math.min(100, (100 * j.done) / j.total) : (j.status === "running" ? 5 : 0);
    $("job-bar").style.width = (["done", "rejected", "failed"].includes(j.status) ? 100 : share) + "%";
    $("job-stage").textContent = `${j.stage} ${j.total ? `${CA.num(j.done, 0)} / ${CA.num(j.total, 0)}` : ""}`;
    if (j.status === "queued" || j.status === "running") { setTimeout(watch, 400); return; }
    $("job-stage").textContent = j.status === "done" ? CA.tr("import.done") : j.status === "failed" ? CA.tr("import.failed") : j.stage;
    $("job-summary").innerHTML = j.status === "failed" ? `<span class="bad">${CA.esc(j.message)}</span>`
      : CA.esc(CA.tr(j.merged === null || j.merged === undefined ? "import.summary" : "import.summary_merged", j))
        + (j.merged ? `<br><span class="muted small">${CA.esc(CA.tr("import.merged_hint"))}</span>` : "")
        + (j.status === "rejected" ? `<br><span class="bad">${CA.tr("import.rejected")}</span>` : "");
    $("job-summary").dataset.status = j.status;
    if (j.errors + j.warnings > 0) {
      $("job-errors").hidden = false;
      $("download-errors").href = `${CA.api}/imports/${jobId}/errors.csv`;
      await errors(0);
    }
    recent();
  }

  $("err-prev").onclick = () => errors(Math.max(0, errorOffset - PAGE));
  $("err-next").onclick = () => errors(errorOffset + PAGE);
  const kind = () => document.querySelector("input[name=kind]:checked").value;
  document.querySelectorAll("input[name=kind]").forEach((radio) => radio.addEventListener("change", () => {
    const indicators = kind() === "indicators";
    $("period-field").hidden = !indicators;
    $("hint-registry").hidden = indicators;
    $("hint-indicators").hidden = !indicators;
    $("preview").hidden = true;
    $("job").hidden = true;
  }));

  function sheetHtml(sheet) {
    const rows = sheet.header_rows.join("、");
    const parts = [`<h3>${CA.esc(sheet.sheet || "")} <span class="muted small">${CA.esc(CA.tr("import.header_rows", {rows, count: sheet.rows}))}</span></h3>`];
    const above = sheet.preamble.map((p) => `<li>${CA.esc(CA.tr("import.above", p))}：${CA.esc(p.text)}</li>`);
    if (sheet.period) above.unshift(`<li class="period">${CA.esc(CA.tr("import.sheet_period", sheet))}${sheet.kind === "areas" ? "（" + CA.esc(CA.tr("import.sheet_areas")) + "）" : ""}</li>`);
    if (sheet.unit) above.push(`<li>${CA.esc(CA.tr("import.unit_line", {unit: sheet.unit, text: sheet.unit_text}))}</li>`);
    if (above.length) parts.push(`<ul class="muted small">${above.join("")}</ul>`);
    parts.push(`<table class="data mapping"><caption>${CA.tr("import.mapping")}</caption><thead><tr><th>${CA.tr("col.column")}</th>
      <th>${CA.tr("col.header")}</th><th>${CA.tr("col.target")}</th><th>${CA.tr("col.year")}</th><th>${CA.tr("col.unit")}</th>
      <th>${CA.tr("col.notes")}</th></tr></thead><tbody>${sheet.columns.map((c) => `<tr><td>${c.column}</td><td>${CA.esc(c.header)}</td>
      <td>${CA.esc(c.label)}</td><td>${c.year || ""}</td><td>${CA.esc(c.unit || "")}</td><td class="small">${CA.esc(c.notes.join("；"))}</td></tr>`).join("")}</tbody></table>`);
    if (sheet.ignored_columns.length) {
      parts.push(`<p class="ignored"><strong>${CA.tr("import.ignored")}</strong>：${sheet.ignored_columns.map((c) => CA.esc(`${c.column} ${c.header}` + (c.reason ? `（${c.reason}）` : ""))).join("、")}</p>`);
    }
    if (sheet.skipped_rows.length) {
      parts.push(`<table class="data skipped"><caption>${CA.tr("import.skipped")}</caption><thead><tr><th class="num">${CA.tr("col.row")}</th>
        <th>${CA.tr("col.reasons")}</th><th>${CA.tr("col.value")}</th></tr></thead><tbody>${sheet.skipped_rows.map((r) => `<tr>
        <td class="num">${r.row}</td><td>${CA.esc(r.reason)}</td><td>${CA.esc(r.text || "")}</td></tr>`).join("")}</tbody></table>`);
    }
    return `<section class="sheet">${parts.join("")}</section>`;
  }

  function showPreview(p) {
    $("preview").hidden = false;
    $("preview-file").textContent = `${p.file}（${p.reading.format}）`;
    $("preview-summary").textContent = p.months ? CA.tr("import.preview_summary_indicators", {...p, periods: p.months.join("、") || "–"})
      : CA.tr("import.preview_summary", p);
    $("preview-notices").innerHTML = p.reading.notices.map((n) => `<li>${CA.esc(n)}</li>`).join("");
    $("preview-sheets").innerHTML = p.reading.sheets.map(sheetHtml).join("");
    const problems = p.errors.concat(p.warnings);
    $("preview-errors").hidden = problems.length === 0;
    document.querySelector("#preview-errors-table tbody").innerHTML = problems.map((e) => `<tr class="${e.severity}">
      <td>${CA.esc(e.sheet || "")}</td><td class="num">${e.row}</td><td>${CA.esc(e.field)}</td><td>${CA.esc(e.value || "")}</td>
      <td>${CA.esc(e.reason)}</td><td>${e.severity === "error" ? `<span class="bad">${CA.tr("severity.error")}</span>` : CA.tr("severity.warning")}</td></tr>`).join("");
  }

  function upload() {
    const data = new FormData();
    data.append("file", $("file").files[0]);
    if (kind() === "indicators") data.append("period", $("period").value.trim());
    return data;
  }

  function showResult(r) {  // monthly indicators are imported at once: the answer is the result
    $("job-bar").style.width = "100%";
    $("job-stage").textContent = r.written ? CA.tr("import.done") : "";
    $("job-summary").innerHTML = CA.esc(CA.tr("import.summary_indicators", {...r, periods: r.months.join("、") || "–"}))
      + (r.written ? "" : `<br><span class="bad">${CA.tr("import.rejected")}</span>`);
    $("job-summary").dataset.status = r.written ? "done" : "rejected";
    const problems = r.errors.concat(r.warnings);
    $("job-errors").hidden = problems.length === 0;
    $("download-errors").hidden = true;
    $("err-prev").hidden = $("err-next").hidden = true;
    $("err-page").textContent = `${problems.length} / ${r.error_count + r.warning_count}`;
    document.querySelector("#errors-table tbody").innerHTML = problems.map((e) => `<tr class="${e.severity}">
      <td>${CA.esc(e.sheet || "")}</td><td class="num">${e.row}</td><td>${CA.esc(e.field)}</td><td>${CA.esc(e.value || "")}</td>
      <td>${CA.esc(e.reason)}</td><td>${e.severity === "error" ? `<span class="bad">${CA.tr("severity.error")}</span>` : CA.tr("severity.warning")}</td></tr>`).join("");
  }

  $("upload-form").addEventListener("submit", async (evt) => {
    evt.preventDefault();
    $("job").hidden = true;
    $("preview").hidden = true;
    const url = kind() === "indicators" ? "/monitoring/indicators/preview" : "/imports/preview";
    try { showPreview(await CA.post(url, upload())); }
    catch (err) {
      $("preview").hidden = false;
      $("preview-sheets").innerHTML = "";
      $("preview-summary").innerHTML = `<span class="bad">${CA.esc(err.message)}</span>`;
    }
  });
  $("cancel-button").onclick = () => { $("preview").hidden = true; };
  $("confirm-button").onclick = async () => {
    const data = upload();
    data.append("skip_invalid", $("skip-invalid").checked ? "true" : "false");
    $("preview").hidden = true;
    $("job").hidden = false;
    $("job-errors").hidden = true;
    $("job-summary").textContent = "";
    $("job-file").textContent = $("file").files[0].name;
    $("download-errors").hidden = false;
    $("err-prev").hidden = $("err-next").hidden = false;
    if (kind() === "indicators") {
      try { showResult(await CA.post("/monitoring/indicators", data)); }
      catch (err) { $("job-summary").innerHTML = `<span class="bad">${CA.esc(err.message)}</span>`; }
      return;
    }
    try { jobId = (await CA.post("/imports", data)).id; watch(); }
    catch (err) { $("job-summary").innerHTML = `<span class="bad">${CA.esc(err.message)}</span>`; }
  };
  recent();
});
