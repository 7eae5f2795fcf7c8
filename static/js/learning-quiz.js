// The quiz countdown: shows the seconds left. The server enforces the limit; this only
// informs, and submits the form when time is up so the answers are not lost.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var timer = document.querySelector("[data-quiz-timer]");
    if (!timer) return;
    var left = parseInt(timer.dataset.seconds, 10);
    var end = Date.now() + left * 1000;
    var form = document.getElementById("quiz-form");
    function tick() {
      var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(seconds / 60), s = seconds % 60;
      timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (seconds <= 0) {
        if (form && !form.dataset.sent) { form.dataset.sent = "1"; form.requestSubmit(); }
        return;
      }
      setTimeout(tick, 500);
    }
    tick();
  });
})();
