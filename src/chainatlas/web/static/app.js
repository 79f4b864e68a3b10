// Shared helpers of the ChainAtlas pages: API calls, messages, formatting, filter lists.
(function () {
  // The page's settings come as JSON (no inline script: the Content-Security-Policy allows none).
  const CA = window.CA = JSON.parse(document.getElementById("ca-config").textContent);
  CA.tr = function (key, values) {
    let text = CA.t[key] || key;
    for (const [k, v] of Object.entries(values || {})) text = text.replace("{" + k + "}", v);
    return text;
  };
  CA.url = function (path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") query.set(k, v);
    const s = query.toString();
    return CA.api + path + (s ? "?" + s : "");
  };
  // Every write carries the session's CSRF token; a lost session sends the user to the login page.
  CA.csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  async function answer(response) {
    if (response.status === 401 && !location.pathname.startsWith("/login")) {
      location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
    }
    if (response.status === 204) return null;
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    return body;
  }
  CA.get = async function (path, params) {
    return answer(await fetch(CA.url(path, params), {headers: {Accept: "application/json"}}));
  };
  CA.send = async function (method, path, payload) {
    const headers = {"X-CSRF-Token": CA.csrf(), Accept: "application/json"};
    const options = {method, headers};
    if (payload instanceof FormData) options.body = payload;
    else if (payload !== undefined) { options.body = JSON.stringify(payload); headers["Content-Type"] = "application/json"; }
    return answer(await fetch(CA.api + path, options));
  };
  CA.post = (path, payload) => CA.send("POST", path, payload);
  CA.esc = function (value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  };
  CA.num = function (value, digits) {
    if (value === null || value === undefined || value === "") return "";
    // An amount from the API ("35416.80" 万元) keeps its decimals, so that a column of figures lines up.
    const kept = typeof value === "string" && value.includes(".") ? value.split(".")[1].length : 0;
    const places = digits === undefined ? 2 : digits;
    return Number(value).toLocaleString(CA.lang === "zh" ? "zh-CN" : "en-US",
      {maximumFractionDigits: places, minimumFractionDigits: Math.min(kept, places)});
  };
  CA.pct = (x) => (x * 100).toFixed(1) + "%";
  CA.status = (s) => `<span class="status ${s}">${CA.tr("status." + s)}</span>`;
  CA.fail = function (target, error) {
    target.innerHTML = `<tr><td colspan="20" class="bad">${CA.esc(CA.tr("error"))}：${CA.esc(error.message)}</td></tr>`;
  };
  CA.chainName = (c) => (CA.lang === "en" && c.name_en) ? c.name_en : c.name;
  // Fill region and park selects from the registry (cached for the page).
  CA.filters = null;
  CA.loadFilters = async function (regionSelect, parkSelect, extra) {
    CA.filters = CA.filters || await CA.get("/filters");
    const params = new URLSearchParams(location.search);
    if (regionSelect) for (const r of CA.filters.regions) {
      regionSelect.add(new Option((r.level === "city" ? "" : "　") + r.name, r.code));
    }
    if (parkSelect) for (const p of CA.filters.parks) parkSelect.add(new Option(p, p));
    if (regionSelect && params.get("region")) regionSelect.value = params.get("region");
    if (parkSelect && params.get("park")) parkSelect.value = params.get("park");
    if (extra) extra(CA.filters);
    return CA.filters;
  };
  // Keep the page's query (chain, region…) when switching language.
  document.addEventListener("DOMContentLoaded", function () {
    // Filter forms apply on change; Enter must not reload the page.
    for (const form of document.querySelectorAll("form.filters")) form.addEventListener("submit", (e) => e.preventDefault());
    // A menu group closes when another opens or when the user clicks elsewhere.
    const groups = document.querySelectorAll("details.nav-group");
    document.addEventListener("click", (e) => {
      for (const g of groups) if (g.open && !g.contains(e.target)) g.open = false;
    });
    const logout = document.getElementById("logout");
    if (logout) logout.onclick = async () => { await CA.post("/auth/logout"); location.href = "/login"; };
    const link = document.getElementById("lang-switch");
    if (link) {
      const params = new URLSearchParams(location.search);
      params.set("lang", CA.lang === "zh" ? "en" : "zh");
      link.href = location.pathname + "?" + params.toString();
    }
  });
  CA.setQuery = function (params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
    history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
  };
})();
