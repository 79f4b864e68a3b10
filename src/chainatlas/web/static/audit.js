// 审计日志: filter by user, action and dates; newest first, page back with "older"; export the same filter.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  let before = null;
  const filters = () => ({user: $("audit-user").value.trim(), action: $("audit-action").value,
    since: $("audit-since").value, until: $("audit-until").value});

  async function load(append) {
    const page = await CA.get("/audit", {...filters(), limit: 100, before: append ? before : null});
    const rows = page.items.map((e) => `<tr><td>${e.id}</td><td>${CA.esc(e.at.replace("T", " ").slice(0, 19))}</td>
      <td>${CA.esc(e.username)}</td><td>${CA.esc(e.role_label || "")}</td><td>${CA.esc(e.action_label)}</td>
      <td>${CA.esc(e.target_label || "")}</td><td>${CA.esc(e.channel)}</td><td>${CA.esc(e.address || "")}</td>
      <td class="small">${CA.esc(e.detail_text)}</td></tr>`).join("");
    const body = $("audit-table").querySelector("tbody");
    body.innerHTML = (append ? body.innerHTML : "") + rows;
    before = page.next_before;
    $("audit-more").hidden = before === null;
    const query = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v));
    $("audit-export").href = `${CA.api}/audit.csv${query.toString() ? "?" + query : ""}`;
  }
  $("audit-filter").addEventListener("submit", (evt) => { evt.preventDefault(); load(false).catch((err) => CA.fail($("audit-table").querySelector("tbody"), err)); });
  $("audit-more").onclick = () => load(true);
  load(false).catch((err) => CA.fail($("audit-table").querySelector("tbody"), err));
});
