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
})();
