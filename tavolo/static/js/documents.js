// Drag and drop upload for <form data-dropzone> (documents/_shelf.html). Dropping files on
// the zone puts them in its file input and submits the form through htmx, which swaps the
// list of documents. Without JavaScript the same form works with its file input and button.
(() => {
  const zoneOf = (event) => event.target.closest && event.target.closest("[data-dropzone]");
  const hasFiles = (event) => event.dataTransfer &&
    Array.from(event.dataTransfer.types || []).includes("Files");

  ["dragenter", "dragover"].forEach((name) => document.addEventListener(name, (event) => {
    const zone = zoneOf(event);
    if (!zone || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("is-dragover");
  }));

  document.addEventListener("dragleave", (event) => {
    const zone = zoneOf(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("is-dragover");
  });

  const submit = (zone) => {
    const busy = zone.querySelector(".doc-drop-busy");
    if (busy) busy.textContent = zone.dataset.busyText || "…";
    if (window.htmx) window.htmx.trigger(zone, "submit"); else zone.submit();
  };

  document.addEventListener("drop", (event) => {
    const zone = zoneOf(event);
    if (!zone || !hasFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    zone.classList.remove("is-dragover");
    const input = zone.querySelector("input[type=file]");
    if (!input || !event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    submit(zone);
  });

  // Choosing files in the drop zone's picker uploads them at once.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.matches || !input.matches("[data-dropzone] input[type=file]")) return;
    if (input.files.length) submit(input.closest("[data-dropzone]"));
  });
})();
