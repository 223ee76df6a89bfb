// Starts Swagger UI on the API documentation page (kept out of the page itself, so the
// Content-Security-Policy needs no inline script). Does nothing on other pages.
(function () {
  "use strict";
  function start() {
    var node = document.getElementById("swagger-ui");
    if (!node || node.dataset.started || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    node.dataset.started = "1";
    window.SwaggerUIBundle({
      url: node.dataset.specUrl,
      domNode: node,
      deepLinking: false,
      validatorUrl: null,
      supportedSubmitMethods: ["get"],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSettle", start);
})();
