// 数据导入: upload, watch progress, page through row errors, download the report.
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
      <td>${CA.esc(e.reason)}</td><td>${e.severity === "error" ? '<span class="bad">错误 error</span>' : "警告 warning"}</td></tr>`).join("");
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
      : CA.esc(CA.tr("import.summary", j)) + (j.status === "rejected" ? `<br><span class="bad">${CA.tr("import.rejected")}</span>` : "");
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
  $("upload-form").addEventListener("submit", async (evt) => {
    evt.preventDefault();
    const data = new FormData();
    data.append("file", $("file").files[0]);
    data.append("skip_invalid", $("skip-invalid").checked ? "true" : "false");
    $("job").hidden = false;
    $("job-errors").hidden = true;
    $("job-summary").textContent = "";
    $("job-file").textContent = $("file").files[0].name;
    try { jobId = (await CA.post("/imports", data)).id; watch(); }
    catch (err) { $("job-summary").innerHTML = `<span class="bad">${CA.esc(err.message)}</span>`; }
  });
  recent();
});
