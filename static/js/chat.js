// The chat page: Enter sends (Shift+Enter: new line), focus stays in the box after sending,
// "typing…" is told over the socket (at most every 3 s) and fades after 5 s, and the
// chat is marked read when new messages arrive while the tab is visible.
(function () {
  "use strict";
  var socket = null;
  var lastTyping = 0;
  var typingTimer = null;

  document.addEventListener("htmx:wsOpen", function (event) {
    if (event.target.id === "chat") socket = event.detail.socketWrapper;
  });
  document.addEventListener("htmx:wsClose", function (event) {
    if (event.target.id === "chat") socket = null;
  });

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("#chat-text")) return;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      var form = box.form;
      if (box.value.trim() && !form.hasAttribute("data-sending")) form.requestSubmit();
    }
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("#chat-text")) return;
    var now = Date.now();
    if (socket && now - lastTyping > 3000) {
      lastTyping = now;
      socket.send(JSON.stringify({ type: "typing" }));
    }
  });

  // One submit at a time: a second Enter while the first is on its way does nothing (and
  // the form's one-time token makes a repeated request harmless anyway).
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt.id === "chat-form") event.detail.elt.setAttribute("data-sending", "1");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt.id === "chat-form") event.detail.elt.removeAttribute("data-sending");
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "chat-form" && !event.target.querySelector("#chat-text")) return;
    var box = document.getElementById("chat-text");
    if (box) box.focus();
  });

  document.addEventListener("htmx:load", function (event) {
    if (event.target.id !== "chat-typing" || !event.target.textContent.trim()) return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      var hint = document.getElementById("chat-typing");
      if (hint) hint.textContent = "";
    }, 5000);
  });

  function seen() {
    if (document.visibilityState === "visible" && document.getElementById("chat-read")) {
      htmx.trigger(document.body, "chatSeen");
    }
  }
  document.addEventListener("liveMessage", seen);
  document.addEventListener("visibilitychange", seen);
})();
