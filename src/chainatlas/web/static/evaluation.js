// 企业评价: every rule's verdict with its version, indicator points and shortfalls.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const table = document.getElementById("eval-table");
  const body = table.querySelector("tbody");
  const key = table.dataset.key;

  function parts(result) {
    if (!result.parts.length) return "";
    return `<section class="card"><h2>${CA.esc(result.label)} · ${CA.esc(result.name)}</h2>
      <table class="data"><thead><tr><th>${CA.tr("eval.indicator")}</th><th>${CA.tr("col.value")}</th>
      <th>${CA.tr("eval.band")}</th><th class="num">${CA.tr("eval.points")}</th><th class="num">${CA.tr("eval.max")}</th>
      </tr></thead><tbody>${result.parts.map((p) => `<tr><td>${CA.esc(p.indicator)}</td>
      <td>${CA.esc(p.value ?? "–")}</td><td>${CA.esc(p.band ?? "–")}</td><td class="num">${CA.esc(p.points ?? "–")}</td>
      <td class="num">${CA.esc(p.max_points ?? "–")}</td></tr>`).join("")}</tbody></table></section>`;
  }

  function show(r) {
    document.getElementById("eval-name").textContent = r.enterprise.name;
    document.getElementById("eval-on").textContent = CA.tr("eval.on", {on: r.evaluated_on, year: r.facts_year});
    body.innerHTML = r.results.length ? r.results.map((x) => `<tr class="${x.qualified === true ? "covered"
        : x.qualified === false ? "missing" : "weak"}">
      <td>${CA.esc(x.label)}</td><td class="small">${CA.esc(x.name)}（${CA.esc(x.version)}）${CA.esc(x.confidence || "")}</td>
      <td>${CA.esc(x.verdict)}</td><td class="num">${CA.esc(x.score ?? x.size ?? x.level ?? "–")}</td>
      <td class="small">${[...x.reasons, ...(x.missing.length ? [CA.tr("eval.missing") + "：" + x.missing.join("、")] : [])]
        .map(CA.esc).join("<br>")}</td></tr>`).join("")
      : `<tr><td colspan="5" class="muted">${CA.tr("eval.none")}</td></tr>`;
    document.getElementById("eval-parts").innerHTML = r.results.map(parts).join("");
    document.getElementById("eval-facts").innerHTML = Object.entries(r.facts).map(([k, v]) =>
      `<dt>${CA.esc(k)}</dt><dd>${CA.esc(typeof v === "object" ? JSON.stringify(v) : v)}</dd>`).join("");
  }

  document.getElementById("eval-rerun").addEventListener("click", async function () {
    try { show(await CA.post(`/enterprises/${key}/evaluation`, {})); } catch (e) { CA.fail(body, e); }
  });
  try { show(await CA.get(`/enterprises/${key}/evaluation`)); } catch (e) { CA.fail(body, e); }
});
