// 企业评价: every rule's verdict with the document it rests on, indicator values with their units, and the
// facts used, all in the words the API gives (labels, units, 已核/推定/待核 marks); no field names or JSON.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const table = document.getElementById("eval-table");
  const body = table.querySelector("tbody");
  const key = table.dataset.key;

  const mark = (x) => `<span class="conf ${CA.esc(x.confidence_code)}">${CA.esc(x.confidence_label)}</span>`;

  function legend(items) {
    document.getElementById("eval-legend").innerHTML = `${CA.esc(CA.tr("eval.legend"))}：` + items.map((c) =>
      `<span class="conf ${CA.esc(c.code)}">${CA.esc(c.label)}</span> ${CA.esc(c.meaning)}`).join("　");
  }

  function parts(result) {
    if (!result.parts.length) return "";
    return `<section class="card"><h2>${CA.esc(result.label)} ${mark(result)}</h2>
      <p class="muted small">${CA.esc(CA.tr("eval.basis"))}：${CA.esc(result.basis)}</p>
      <table class="data"><thead><tr><th>${CA.tr("eval.indicator")}</th><th>${CA.tr("col.value")}</th>
      <th>${CA.tr("eval.band")}</th><th>${CA.tr("eval.outcome")}</th></tr></thead>
      <tbody>${result.parts.map((p) => `<tr class="${p.passed === false ? "missing" : ""}"><td>${CA.esc(p.indicator)}</td>
      <td>${CA.esc(p.display)}</td><td>${CA.esc(p.band ?? "–")}</td><td>${CA.esc(p.outcome)}</td></tr>`).join("")}
      </tbody></table></section>`;
  }

  function row(x) {
    const state = x.qualified === true ? "covered" : x.qualified === false ? "missing" : "weak";
    const lines = x.qualified === true ? [] : x.lacks;
    return `<tr class="${state}"><td>${CA.esc(x.label)}<div class="muted small">${CA.esc(x.basis)}</div></td>
      <td><span class="status ${state}">${CA.esc(x.verdict)}</span></td>
      <td class="num">${CA.esc(x.score ?? x.level ?? "–")}</td><td>${mark(x)}</td>
      <td class="small">${lines.map(CA.esc).join("<br>")}</td></tr>`;
  }

  function show(r) {
    document.getElementById("eval-name").textContent = r.enterprise.name;
    document.getElementById("eval-on").textContent = CA.tr("eval.on", {on: r.evaluated_on, year: r.facts_year});
    legend(r.confidence_legend);
    body.innerHTML = r.results.length ? r.results.map(row).join("")
      : `<tr><td colspan="5" class="muted">${CA.tr("eval.none")}</td></tr>`;
    document.getElementById("eval-parts").innerHTML = r.results.map(parts).join("");
    document.querySelector("#eval-facts tbody").innerHTML = r.fact_list.map((f) =>
      `<tr><td>${CA.esc(f.label)}</td><td>${CA.esc(f.display)}</td><td class="muted small">${CA.esc(f.source_label)}</td></tr>`)
      .join("");
  }

  document.getElementById("eval-rerun").addEventListener("click", async function () {
    try { show(await CA.post(`/enterprises/${key}/evaluation`, {})); } catch (e) { CA.fail(body, e); }
  });
  try { show(await CA.get(`/enterprises/${key}/evaluation`)); } catch (e) { CA.fail(body, e); }
});
