// Dot voting: show how many points are spent while the voter types. Only a help: the
// server checks the budget whatever is sent, and the form works without this file.
(function () {
  function update(form) {
    const status = form.querySelector("[data-dots-status]");
    if (!status) return;
    const budget = parseInt(form.dataset.budget, 10);
    let spent = 0;
    form.querySelectorAll(".dots-input").forEach((input) => {
      const value = parseInt(input.value, 10);
      if (!Number.isNaN(value) && value > 0) spent += value;
    });
    status.hidden = false;
    status.querySelector("[data-dots-spent]").textContent = String(spent);
    status.querySelector("[data-dots-over]").hidden = spent <= budget;
  }

  function setup(root) {
    root.querySelectorAll("form.ballot-form[data-method=dots]").forEach(update);
  }

  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form.ballot-form[data-method=dots]");
    if (form) update(form);
  });
  document.addEventListener("DOMContentLoaded", () => setup(document));
  document.addEventListener("htmx:afterSwap", (event) => setup(event.target.parentElement || document));
})();
