// Waypoint's small script. Pages work without it; htmx (vendored) does the rest.
(function () {
  "use strict";
  // After an htmx swap of search results, tell screen readers how many there are.
  document.addEventListener("htmx:afterSwap", function (event) {
    var live = event.detail.target.querySelector("[data-live-count]");
    if (live) { live.setAttribute("aria-live", "polite"); }
  });
})();
