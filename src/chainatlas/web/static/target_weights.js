// 招商评分权重: the deployment's ranking weights of investment targets, read and set by an administrator.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const $ = (id) => document.getElementById(id);

  function show(data) {
    $("weights-in-force").textContent = CA.tr("tw.in_force", {name: data.name});
    $("weights-table").querySelector("tbody").innerHTML = Object.entries(data.weights).map(([part, value]) =>
      `<tr><td>${CA.esc(data.labels[part])}（${CA.esc(part)}）</td><td><input type="number" name="${CA.esc(part)}"
        min="0" max="100" step="0.01" required value="${value}" aria-label="${CA.esc(data.labels[part])}"></td></tr>`).join("");
  }

  function said(text, ok) {
    $("weights-message").textContent = text;
    $("weights-message").className = ok ? "ok" : "bad";
  }

  $("weights-form").addEventListener("submit", async (evt) => {
    evt.preventDefault();
    const weights = {};
    for (const input of $("weights-table").querySelectorAll("input")) weights[input.name] = input.value;
    try {
      const data = await CA.send("PUT", "/targets/weights", {name: $("weights-name").value, weights});
      show(data);
      said(CA.tr("tw.saved", {name: data.name}), true);
    } catch (err) { said(err.message, false); }
  });
  $("weights-reset").addEventListener("click", async () => {
    if (!confirm(CA.tr("tw.confirm_reset"))) return;
    try {
      const data = await CA.send("PUT", "/targets/weights", {weights: null});
      show(data);
      said(CA.tr("tw.saved", {name: data.name}), true);
    } catch (err) { said(err.message, false); }
  });
  CA.get("/targets/weights").then(show).catch((err) => CA.fail($("weights-table").querySelector("tbody"), err));
});
