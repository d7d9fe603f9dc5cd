// Waypoint's small script. Pages work without it; htmx (vendored) does the rest.
(function () {
  "use strict";
  // While the phone-width menu is open, USWDS hides the page from screen readers;
  // make it unreachable by keyboard too, so focus never lands on hidden content.
  var hidden = ".usa-skipnav, .usa-navbar, main, footer";
  function syncInert() {
    var open = document.body.classList.contains("usa-js-mobile-nav--active");
    document.querySelectorAll(hidden).forEach(function (el) {
      if (open) { el.setAttribute("inert", ""); } else { el.removeAttribute("inert"); }
    });
  }
  new MutationObserver(syncInert).observe(document.body, { attributes: true, attributeFilter: ["class"] });

  // Saving as you type: if a background save fails, say so where the saves are reported.
  function saveFailed(event) {
    var status = document.getElementById("save-status");
    if (!status) { return; }
    var xhr = event.detail && event.detail.xhr;
    status.classList.add("wp-save-status--problem");
    if (xhr && xhr.status === 401) {
      status.textContent = "Not saved: you were signed out after a quiet spell. Copy what you typed " +
        "since the last save, then reload this page to sign in again.";
    } else {
      status.textContent = "Not saved: the connection dropped. What you typed is still here; " +
        "keep typing or press Save to try again.";
    }
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.body.addEventListener("htmx:responseError", saveFailed);
  document.body.addEventListener("htmx:sendError", saveFailed);
})();
