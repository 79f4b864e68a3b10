// 登录: the API sets the session cookie; then back to the page the user came from.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const form = document.getElementById("login-form");
  form.addEventListener("submit", async (evt) => {
    evt.preventDefault();
    const error = document.getElementById("login-error");
    error.textContent = "";
    try {
      const me = await CA.post("/auth/login", {username: form.username.value, password: form.password.value});
      const next = form.dataset.next || "/";
      const landing = JSON.parse(form.dataset.landing || "{}");  // a role's own first page (web/nav.py LANDING)
      location.href = next === "/" && landing[me.role] ? landing[me.role] : next;
    } catch (err) { error.textContent = err.message; }
  });
});
