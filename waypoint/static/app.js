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
  // The header's menus are disclosures (they work without script); with it, a click
  // elsewhere or Escape closes them, as a menu is expected to.
  function closeMenus(except) {
    document.querySelectorAll("details.wp-menu[open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest && event.target.closest("details.wp-menu"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details.wp-menu[open]");
    if (!open) { return; }
    closeMenus(null);
    open.querySelector("summary").focus();
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // The writing coach's "Use …" buttons put the suggested words in place of the ones
  // found, if the text there is still what the coach saw; then the note saves as usual.
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-coach-use]");
    if (!button) { return; }
    var box = document.querySelector('textarea[data-coach-section="' + button.dataset.section + '"]');
    if (!box) { return; }
    var start = Number(button.dataset.start), end = Number(button.dataset.end);
    var found = button.dataset.found, words = button.dataset["with"];
    if (box.value.slice(start, end) !== found) {
      var at = box.value.indexOf(found);
      if (at < 0) { return; }
      start = at; end = at + found.length;
    }
    box.value = box.value.slice(0, start) + words + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + words.length, start + words.length);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
  // A conference's timer: the server keeps the time (start and stop are buttons that
  // work without JavaScript); while it runs, this shows it as a live clock.
  document.querySelectorAll("[data-clock][data-running]").forEach(function (clock) {
    var began = Date.now() - Number(clock.dataset.elapsed) * 1000;
    var budget = Number(clock.dataset.budget);
    function tick() {
      var seconds = Math.floor((Date.now() - began) / 1000);
      var rest = seconds % 60;
      clock.textContent = Math.floor(seconds / 60) + " min " + (rest < 10 ? "0" : "") + rest + " s" +
        (budget && seconds > budget ? " (over the time planned)" : "");
    }
    tick();
    window.setInterval(tick, 1000);
  });
  // Parts of a form that apply to one choice only: <fieldset data-shown-when="how=typed">
  // (several values: "how=typed|verbal"). Without JavaScript every part shows under a legend
  // saying when it applies; with it, only the parts for the choice made show. A hidden
  // fieldset is also disabled, so what it holds is not sent (and comes back if chosen again).
  function showWhenChosen(root) {
    root.querySelectorAll("[data-shown-when]").forEach(function (part) {
      var form = part.closest("form");
      var rule = part.dataset.shownWhen.split("=");
      var name = rule[0], values = (rule[1] || "").split("|");
      if (!form || part.dataset.shownWhenReady) { return; }
      part.dataset.shownWhenReady = "yes";
      function sync() {
        var field = form.elements[name];
        var on = !!field && values.indexOf(field.value) >= 0;
        part.hidden = !on;
        if (part.tagName === "FIELDSET") { part.disabled = !on; }
      }
      form.addEventListener("change", function (event) {
        if (event.target.name === name) { sync(); }
      });
      sync();
    });
  }
  showWhenChosen(document);
  document.body.addEventListener("htmx:load", function (event) { showWhenChosen(event.target); });
  document.body.addEventListener("htmx:responseError", saveFailed);
  document.body.addEventListener("htmx:sendError", saveFailed);
})();
