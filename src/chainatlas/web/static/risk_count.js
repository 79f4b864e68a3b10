// The chain map's count of the chain's open risk warnings (in the chosen region), linking to the 风险预警 page.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const link = document.getElementById("risk-count");
  const chain = document.getElementById("f-chain");
  const region = document.getElementById("f-region");
  if (!link || !chain) return;
  async function update() {
    const q = {chain: chain.value, region: region ? region.value : ""};
    link.href = "/risks?" + new URLSearchParams(Object.entries(q).filter(([, v]) => v));
    try {
      const c = (await CA.get("/risks", q)).counts;
      const worst = ["red", "orange", "yellow"].find((l) => c[l]);
      link.innerHTML = `${CA.esc(CA.tr("nav.risks"))} <span class="risk-level ${worst || "none"}">${c.total}</span>` +
        (c.new ? ` <span class="muted small">${CA.esc(CA.tr("risks.new_n", {n: c.new}))}</span>` : "");
    } catch (e) { link.textContent = CA.tr("nav.risks"); }
  }
  chain.addEventListener("change", update);
  if (region) region.addEventListener("change", update);
  update();
});
