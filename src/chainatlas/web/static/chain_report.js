// 产业链图谱: “生成月报” offers the chain's monthly report (Word and PDF) for the region and month chosen;
// with no region chosen, the first region of the viewer's list (its city).
document.addEventListener("DOMContentLoaded", function () {
  const chain = document.getElementById("f-chain");
  const region = document.getElementById("f-region");
  const month = document.getElementById("report-month");
  const scope = document.getElementById("report-scope");
  if (!chain || !region || !month) return;
  if (!month.value) {
    const now = new Date();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    month.value = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, "0")}`;
  }
  function area() {
    if (region.value) return region.options[region.selectedIndex];
    return Array.from(region.options).find((o) => o.value) || null;
  }
  function follow() {
    const chosen = area();
    for (const kind of ["docx", "pdf"]) {
      const link = document.getElementById(`report-${kind}`);
      if (!chosen || !month.value) { link.removeAttribute("href"); continue; }
      const query = new URLSearchParams({region: chosen.value, month: month.value});
      link.href = `/api/v1/chains/${encodeURIComponent(chain.value)}/report.${kind}?${query}`;
    }
    scope.textContent = chosen ? chosen.textContent.trim() : "";
  }
  for (const el of [chain, region, month]) el.addEventListener("change", follow);
  new MutationObserver(follow).observe(region, {childList: true});  // the regions arrive after the page
  follow();
});
