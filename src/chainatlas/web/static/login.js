// 登录: the API sets the session cookie; then back to the page the user came from.
document.addEventListener("DOMContentLoaded", function () {
  const CA = window.CA;
  const form = document.getElementById("login-form");
  form.addEventListener("submit", async (evt) => {
    evt.preventDefault();
    const error = document.getElementById("login-error");
    error.textContent = "";
    try {
      await CA.post("/auth/login", {username: form.username.value, password: form.password.value});
      location.href = form.dataset.next || "/";
    } catch (err) { error.textContent = err.message; }
  });
});
