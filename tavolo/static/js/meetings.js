// Enhancements used by the meetings pages (loaded on every page: htmx-boosted navigation
// does not load scripts of the pages it swaps in). Nothing here is needed without JS.
//
// Drag and drop for ordered lists: <ol data-sortable="#form"> whose <li data-item-id> can be
// dragged. On drop the form's hidden "order" inputs are rewritten and the form is submitted
// (through htmx when present). Without JavaScript the up/down buttons do the same job.
(() => {
  let dragged = null;

  const listOf = (el) => el && el.closest("[data-sortable]");

  document.addEventListener("mouseover", (event) => {
    const item = event.target.closest("[data-sortable] > [data-item-id]");
    if (item && !item.draggable) item.draggable = true;
  });

  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest("[data-sortable] > [data-item-id]");
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.itemId);
  });

  const clearMarks = (list) => list.querySelectorAll(".drop-before, .drop-after")
    .forEach((el) => el.classList.remove("drop-before", "drop-after"));

  document.addEventListener("dragover", (event) => {
    const target = event.target.closest && event.target.closest("[data-sortable] > [data-item-id]");
    if (!dragged || !target || listOf(target) !== listOf(dragged) || target === dragged) return;
    event.preventDefault();
    clearMarks(listOf(target));
    const box = target.getBoundingClientRect();
    target.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
  });

  document.addEventListener("drop", (event) => {
    const target = event.target.closest && event.target.closest("[data-sortable] > [data-item-id]");
    if (!dragged || !target || listOf(target) !== listOf(dragged)) return;
    event.preventDefault();
    const list = listOf(target);
    const before = target.classList.contains("drop-before");
    clearMarks(list);
    if (target !== dragged) list.insertBefore(dragged, before ? target : target.nextSibling);
    const form = document.querySelector(list.dataset.sortable);
    if (!form) return;
    form.querySelectorAll("input[name=order]").forEach((input) => input.remove());
    list.querySelectorAll(":scope > [data-item-id]").forEach((li) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = li.dataset.itemId;
      form.appendChild(input);
    });
    if (window.htmx) window.htmx.trigger(form, "submit"); else form.submit();
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
  });

  // Print buttons on printable pages: <button data-print-page>.
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print-page]")) window.print();
  });

  // A form re-rendered with errors through htmx: bring its error summary into view and
  // focus it, as tavolo.js does on a full page load.
  // A block answered in place (the one-click RSVP on the dashboard): focus its message,
  // so keyboard and screen-reader users stay where they were instead of at the page top.
  document.addEventListener("htmx:afterSettle", () => {
    const summary = document.getElementById("error-summary");
    if (summary) {
      summary.scrollIntoView({ block: "center" });
      summary.focus();
      return;
    }
    const message = document.querySelector("[data-focus-after-swap]");
    if (message) {
      message.removeAttribute("data-focus-after-swap");
      message.focus();
    }
  });
})();
