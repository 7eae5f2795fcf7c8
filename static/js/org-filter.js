// The profile's organization filter: filter the checkboxes as one types; checked ones
// stay checked (and are still sent) while hidden. Enter must not submit the whole profile.
// (A static file, not an inline script: the Content-Security-Policy allows no inline JS.)
(function () {
  var box = document.querySelector("[data-org-filter]");
  var input = document.getElementById("organization-filter");
  var labels = document.querySelectorAll("#organization-choices [data-org-name]");
  var none = document.querySelector("[data-org-none]");
  if (!box || !input) return;
  box.classList.remove("hidden");
  function apply() {
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    labels.forEach(function (label) {
      var name = label.dataset.orgName.toLocaleLowerCase();
      var match = words.every(function (word) { return name.indexOf(word) !== -1; });
      // A class, not the hidden attribute: the label's own `flex` would beat [hidden].
      label.classList.toggle("hidden", !match);
      if (match) shown += 1;
    });
    none.classList.toggle("hidden", shown !== 0);
  }
  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  apply();
})();

