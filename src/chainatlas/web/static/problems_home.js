// The home page's panel of overdue key problems in the viewer's scope.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const body = document.querySelector("#overdue-problems tbody");
  if (!body) return;
  let r;
  try { r = await CA.get("/problems", {overdue: "true", limit: 8}); } catch (e) { CA.fail(body, e); return; }
  document.getElementById("overdue-total").textContent = CA.tr("problems.total", {n: CA.num(r.total, 0) + (r.total_capped ? "+" : "")});
  body.innerHTML = r.items.length ? r.items.map((p) => `<tr><td><a href="/problems/${p.id}">${CA.esc(p.title)}</a></td>
    <td>${CA.esc(p.enterprise.name)}</td><td>${CA.esc(p.unit || "")}</td><td>${CA.esc(p.deadline || "")}</td>
    <td class="bad">${CA.esc(CA.tr("problems.days_overdue", {n: p.days_overdue}))}</td></tr>`).join("")
    : `<tr><td colspan="5" class="muted">${CA.tr("problems.no_overdue")}</td></tr>`;
});
