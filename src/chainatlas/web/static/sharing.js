// 数据共享: agreements this organisation gives or receives; create, end or revoke the ones it gives.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  const script = $("sharing-script");
  const myOrg = Number(script.dataset.org || 0), admin = script.dataset.admin === "1";

  async function load() {
    const rows = await CA.get("/agreements");
    $("agreements").querySelector("tbody").innerHTML = rows.map((a) => {
      const scope = CA.esc(a.scope_label);
      const mine = admin || a.grantor_id === myOrg;
      const actions = mine && a.status === "active" ? `<button class="button small" data-end="revoke" data-id="${a.id}">${CA.tr("share.revoke")}</button>
        <button class="button small" data-end="expire" data-id="${a.id}">${CA.tr("share.expire")}</button>` : "";
      return `<tr data-id="${a.id}"><td>${a.id}</td><td>${CA.esc(a.grantor)}</td><td>${CA.esc(a.grantee)}</td><td>${CA.esc(a.purpose)}</td>
        <td>${scope}</td><td class="small">${a.field_labels.map(CA.esc).join("<br>")}</td><td>${a.valid_from} – ${a.valid_to}</td>
        <td class="status-cell">${CA.esc(a.status_label)}</td><td>${actions}</td></tr>`;
    }).join("") || `<tr><td colspan="9" class="muted">${CA.tr("share.none")}</td></tr>`;
  }

  $("agreements").addEventListener("click", async (evt) => {
    const button = evt.target.closest("button[data-end]");
    if (!button) return;
    if (button.dataset.end === "revoke" && !confirm(CA.tr("share.confirm_revoke"))) return;
    try { await CA.post(`/agreements/${button.dataset.id}/${button.dataset.end}`); await load(); }
    catch (err) { alert(err.message); }
  });

  const form = $("agreement-form");
  if (form) {
    CA.get("/organisations").then((orgs) => {
      for (const o of orgs) if (o.id !== myOrg) $("grantee").add(new Option(`${o.name}（${o.kind_label}）`, o.id));
    });
    CA.loadFilters($("share-region"), null);
    const until = new Date(); until.setFullYear(until.getFullYear() + 1);
    $("valid-to").value = until.toISOString().slice(0, 10);
    form.addEventListener("submit", async (evt) => {
      evt.preventDefault();
      const fields = [...form.querySelectorAll('input[name="fields"]:checked')].map((i) => i.value);
      try {
        const a = await CA.post("/agreements", {grantee: $("grantee").value, purpose: $("purpose").value, fields,
          valid_to: $("valid-to").value, region_code: $("share-region").value || null, chain: $("share-chain").value || null});
        $("agreement-message").textContent = CA.tr("share.created", {id: a.id});
        $("agreement-message").className = "ok";
        await load();
      } catch (err) { $("agreement-message").textContent = err.message; $("agreement-message").className = "bad"; }
    });
  }
  load().catch((err) => CA.fail($("agreements").querySelector("tbody"), err));
});
