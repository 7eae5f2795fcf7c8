// Small progressive enhancements; every page works without them.
(function () {
  function init(root) {
    // A <details> served open that is only a disclosure on narrow screens: closed there,
    // open (its summary hidden by CSS) from the width in data-open-from, also on resize.
    root.querySelectorAll("details[data-open-from]").forEach(function (details) {
      if (details.dataset.bound) return;
      details.dataset.bound = "1";
      var wide = window.matchMedia(details.dataset.openFrom);
      function sync() { details.open = wide.matches; }
      sync();
      wide.addEventListener("change", sync);
    });
    root.querySelectorAll("[data-dismiss]").forEach(function (button) {
      button.addEventListener("click", function () {
        button.closest("[data-dismissible]").remove();
      });
    });
  }
  // A search box shows the query the results are filtered by, also after Back: the
  // browser's form restore and htmx's history snapshot both bring back the old value.
  function syncFromUrl() {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("input[data-value-from-url]").forEach(function (input) {
      input.value = params.get(input.dataset.valueFromUrl) || "";
    });
  }
  document.addEventListener("DOMContentLoaded", syncFromUrl);
  window.addEventListener("pageshow", syncFromUrl);
  window.addEventListener("popstate", function () { setTimeout(syncFromUrl, 0); });
  document.addEventListener("htmx:historyRestore", syncFromUrl);
  // "Go back" links (error pages) step back in history when there is one; without
  // JavaScript, or opened fresh, they lead to their href (no javascript: URLs: strict CSP).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  // `<form data-confirm="Question?">` asks first (the CSP allows no inline onsubmit). It is
  // registered before the submit-once handler below, so a "No" leaves the buttons usable.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // A plain POST form submits once: a double click must not send it twice. The button is
  // disabled after the submit event, so its own name/value still goes with the form.
  // htmx forms prevent the default and manage their own state (hx-disabled-elt).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]:not([disabled]), button:not([type]):not([disabled])")
        .forEach(function (b) { b.disabled = true; b.dataset.submitOnce = "1"; });
    }, 0);
  });
  // Coming back with the browser's Back button shows the page as it was left: re-enable.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("button[data-submit-once]").forEach(function (b) {
      b.disabled = false;
      delete b.dataset.submitOnce;
    });
  });
  // htmx does not swap 4xx answers by default; our forms answer 422 with their errors shown.
  // https://htmx.org/docs/#response-handling
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // The header's <details> menus (account, "More", the phone menu) open without
  // JavaScript; with it, a click elsewhere closes them, and so does Escape (focus goes
  // back to the menu's summary, as after closing a dialog).
  var MENUS = "details[data-dropdown][open], details[data-nav-more][open], details[data-mobile-nav][open]";
  document.addEventListener("click", function (event) {
    document.querySelectorAll(MENUS).forEach(function (d) {
      if (!d.contains(event.target)) d.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(MENUS).forEach(function (d) {
      var hadFocus = d.contains(document.activeElement);
      d.removeAttribute("open");
      if (hadFocus) d.querySelector("summary").focus();
    });
  });
})();
