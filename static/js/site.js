// Small progressive enhancements; every page works without them.
(function () {
  function init(root) {
    root.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        var menu = document.getElementById(button.getAttribute("aria-controls"));
        var open = menu.classList.toggle("hidden") === false;
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
    root.querySelectorAll("[data-dismiss]").forEach(function (button) {
      button.addEventListener("click", function () {
        button.closest("[data-dismissible]").remove();
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  // htmx does not swap 4xx answers by default; our forms answer 422 with their errors shown.
  // https://htmx.org/docs/#response-handling
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Close an open dropdown when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-dropdown][open]").forEach(function (d) {
      if (!d.contains(event.target)) d.removeAttribute("open");
    });
  });
})();
