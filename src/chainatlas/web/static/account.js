// 我的账号: permissions, API tokens (create, shown once; revoke); for admins users and organisations.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);
  const when = (s) => (s ? CA.esc(s.replace("T", " ").slice(0, 16)) : "");

  async function tokens() {
    const rows = await CA.get("/tokens");
    $("tokens").querySelector("tbody").innerHTML = rows.map((k) => `<tr><td>${k.id}</td><td>${CA.esc(k.name)}</td>
      <td>${CA.esc(k.username)}</td><td><code>${CA.esc(k.prefix)}…</code></td><td>${when(k.created_at)}</td>
      <td>${k.active ? CA.tr("acct.enabled") : CA.tr("acct.disabled")}</td>
      <td>${k.active ? `<button class="button small" data-revoke="${k.id}">${CA.tr("acct.revoke")}</button>` : ""}</td></tr>`).join("")
      || `<tr><td colspan="7" class="muted">–</td></tr>`;
  }
  $("tokens").addEventListener("click", async (evt) => {
    const id = evt.target.dataset.revoke;
    if (id) { await CA.send("DELETE", `/tokens/${id}`); tokens(); }
  });
  $("token-form").addEventListener("submit", async (evt) => {
    evt.preventDefault();
    try {
      const made = await CA.post("/tokens", {name: $("token-name").value, days: Number($("token-days").value) || null});
      $("token-secret").hidden = false;
      $("token-secret").innerHTML = `${CA.esc(CA.tr("acct.token_shown_once"))} <code id="new-token">${CA.esc(made.token)}</code>`;
      tokens();
    } catch (err) { alert(err.message); }
  });

  CA.get("/auth/me").then((me) => {
    $("me-permissions").textContent = me.permission_labels.join("、");
    $("me-agreements").textContent = me.agreements.length ? me.agreements.map((a) => "#" + a).join(" ") : "–";
  });
  tokens();

  if (!$("users")) return;
  async function users() {
    const rows = await CA.get("/users");
    $("users").querySelector("tbody").innerHTML = rows.map((u) => `<tr><td>${CA.esc(u.username)}${u.demo ? ' <span class="badge demo">' + CA.tr("demo") + "</span>" : ""}</td>
      <td>${CA.esc(u.display_name)}</td><td>${CA.esc(u.role_label)}</td><td>${CA.esc(u.org)}</td>
      <td>${u.active ? CA.tr("acct.enabled") : CA.tr("acct.disabled")}</td><td>${when(u.last_login_at)}</td>
      <td><button class="button small" data-user="${CA.esc(u.username)}" data-active="${u.active ? 0 : 1}">${u.active ? CA.tr("acct.disable") : CA.tr("acct.enable")}</button></td></tr>`).join("");
  }
  async function orgs() {
    const rows = await CA.get("/organisations");
    const names = Object.fromEntries(rows.map((o) => [o.id, o.name]));
    $("new-org").innerHTML = rows.map((o) => `<option value="${o.id}">${CA.esc(o.name)}</option>`).join("");
    $("orgs").querySelector("tbody").innerHTML = rows.map((o) => `<tr><td>${o.id}</td><td>${CA.esc(o.name)}</td><td>${CA.esc(o.kind_label)}</td>
      <td>${CA.esc(names[o.parent_id] || "")}</td><td>${CA.esc(o.region_code || "")}</td><td>${CA.esc(o.park || "")}</td></tr>`).join("");
  }
  $("users").addEventListener("click", async (evt) => {
    const b = evt.target.closest("button[data-user]");
    if (!b) return;
    try { await CA.send("PATCH", `/users/${encodeURIComponent(b.dataset.user)}`, {active: b.dataset.active === "1"}); users(); }
    catch (err) { alert(err.message); }
  });
  $("user-form").addEventListener("submit", async (evt) => {
    evt.preventDefault();
    try {
      await CA.post("/users", {username: $("new-username").value, display_name: $("new-display").value || null,
        password: $("new-password").value, org: $("new-org").value, role: $("new-role").value});
      $("user-message").textContent = "✓"; $("user-message").className = "ok";
      users();
    } catch (err) { $("user-message").textContent = err.message; $("user-message").className = "bad"; }
  });
  users(); orgs();
});
