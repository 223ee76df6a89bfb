// Small enhancements only: every page works without this file.
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");

// Send the CSRF token with every htmx request (controls outside a form carry none).
document.addEventListener("htmx:configRequest", (event) => {
  const holder = event.detail.elt.closest("[data-csrf]") || document.querySelector("[data-csrf]");
  if (holder && !event.detail.parameters.csrf_token) {
    event.detail.headers["X-CSRFToken"] = holder.dataset.csrf;
  }
});

// Copy-to-clipboard buttons: <button data-copy="#element-id">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.value || source.textContent.trim()).then(() => {
    const done = button.dataset.copied;
    if (done) {
      const status = button.parentElement.querySelector("[role=status]");
      if (status) status.textContent = done;
    }
  });
});

// Move focus to the error summary after a failed submit, so screen readers announce it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
