// 总览: the chains ranked by year-to-date output growth, with the sentence the city's articles quote.
document.addEventListener("DOMContentLoaded", async function () {
  const CA = window.CA;
  const sentence = document.getElementById("home-dash-sentence");
  const table = document.getElementById("home-dash-table");
  let o;
  try { o = await CA.get("/dashboard"); } catch (e) {
    sentence.innerHTML = `<span class="muted">${CA.esc(CA.tr("home.dashboard_none"))}：${CA.esc(e.message)}</span>`;
    return;
  }
  const params = `?region=${o.region}&month=${o.month}`;
  document.getElementById("home-dash-json").href = CA.api + "/dashboard" + params;
  document.getElementById("home-dash-xlsx").href = CA.api + "/dashboard.xlsx" + params;
  document.getElementById("home-dash-month").textContent = `${o.region_name} · ${o.month}`;
  sentence.textContent = o.sentence;
  const none = CA.tr("dash.no_data");
  const growth = (v) => v === null ? none : `<span class="${Number(v) >= 10 ? "good" : Number(v) < 0 ? "bad" : ""}">${v}%</span>`;
  table.querySelector("tbody").innerHTML = o.chains.map((c) => `<tr data-chain="${c.chain}">
    <td class="num">${c.rank || "–"}</td>
    <td><a href="/dashboard?chain=${c.chain}&region=${o.region}&month=${o.month}">${CA.esc(CA.chainName({name: c.chain_name, name_en: c.chain_name_en}))}</a></td>
    <td class="num">${c.has_figures ? CA.num(c.output_ytd_wan_yuan) : none}</td>
    <td class="num">${c.has_figures ? growth(c.output_yoy_pct) : none}</td>
    <td class="num">${c.share_of_city_pct === null ? none : c.share_of_city_pct + "%"}</td>
    <td class="num">${c.above_scale_count === null ? none : c.above_scale_count}</td>
    <td><a href="/map?chain=${c.chain}">${CA.tr("nav.map")}</a></td></tr>`).join("");
  table.hidden = false;
});
