// The real-time layer in the browser, on top of htmx's ws extension (hx-ws-2.js).
//
// - An element with `ws-connect` and `data-live-socket` is marked `data-live="open"` while
//   its socket is up. On every open (first connect and each reconnect) it sends
//   {"type": "resume", "after": <last id seen>} so the server sends what was missed; the
//   last id is the highest `data-id` inside the element named by `data-resume-from`.
// - A polling element with `data-poll-fallback="<socket selector>"` skips its timed
//   requests while that socket is open: polling is only the fallback.
// - `data-after-from="<list>"` (optional `data-after-param`) adds the last id seen to the
//   element's requests, so a poll asks only for what came after it.
// - A list with `data-dedupe` never gets the same child id twice (push and poll may race).
// - A list with `data-merge` takes pushed children by id: one it has already is replaced
//   in place (unless the copy it has carries a higher `data-seq`, i.e. is newer), one it
//   lacks goes where its id belongs (a message that committed late is not put last).
// - `data-since-from="<element>"` adds that element's `data-seq` (the change number the
//   page has reached) to the resume message (`since`) and to the element's requests
//   (`?since=`), so what changed while the page was away (edits, deletions, reactions)
//   arrives too. Any out-of-band swap onto an element with a higher `data-seq` than the
//   incoming copy is skipped: an older answer never undoes a newer one.
// - An element swapped in with `data-live-trigger="eventName"` fires that event on <body>.
// - `data-keep="N"` on a list keeps only its first N children (the latest bids).
// - `data-stick-bottom` on a scroller keeps it at the bottom when new content arrives,
//   unless the reader scrolled up; older content prepended at the top keeps the view still.
(function () {
  "use strict";

  function lastId(selector) {
    var list = selector && document.querySelector(selector);
    if (!list) return 0;
    var max = 0;
    list.querySelectorAll("[data-id]").forEach(function (el) {
      var id = parseInt(el.getAttribute("data-id"), 10);
      if (id > max) max = id;
    });
    return max;
  }

  function seqOf(selector) {
    var el = selector && document.querySelector(selector);
    var seq = el ? parseInt(el.getAttribute("data-seq"), 10) : NaN;
    return isNaN(seq) ? null : seq;
  }

  function numberAttr(el, name) {
    var value = parseInt(el.getAttribute(name), 10);
    return isNaN(value) ? null : value;
  }

  function isOpen(selector) {
    var socket = selector && document.querySelector(selector);
    return !!(socket && socket.getAttribute("data-live") === "open");
  }

  document.addEventListener("htmx:wsOpen", function (event) {
    var elt = event.target;
    if (!elt.hasAttribute("data-live-socket")) return;
    elt.setAttribute("data-live", "open");
    var resume = elt.getAttribute("data-resume-from");
    var message = { type: "resume", after: resume ? lastId(resume) : 0 };
    var since = seqOf(elt.getAttribute("data-since-from"));
    if (since !== null) message.since = since;
    event.detail.socketWrapper.send(JSON.stringify(message));
  });

  document.addEventListener("htmx:wsClose", function (event) {
    event.target.removeAttribute && event.target.setAttribute("data-live", "closed");
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var socket = elt.getAttribute && elt.getAttribute("data-poll-fallback");
    if (!socket) return;
    var triggered = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (!triggered && isOpen(socket)) event.preventDefault();
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    var from = elt.getAttribute && elt.getAttribute("data-after-from");
    if (from) {
      event.detail.parameters[elt.getAttribute("data-after-param") || "after"] = lastId(from);
    }
    var since = seqOf(elt.getAttribute && elt.getAttribute("data-since-from"));
    if (since !== null) event.detail.parameters.since = since;
  });

  // Merge pushed children into a `data-merge` list (see the notes at the top).
  function merge(list, fragment) {
    Array.prototype.slice.call(fragment.children).forEach(function (child) {
      var id = numberAttr(child, "data-id");
      var existing = child.id && document.getElementById(child.id);
      if (existing) {
        var had = numberAttr(existing, "data-seq"), got = numberAttr(child, "data-seq");
        if (had === null || got === null || got >= had) {
          existing.replaceWith(child);
          htmx.process(child);
        } else {
          child.remove();
        }
        return;
      }
      if (id === null) return;
      var later = Array.prototype.find.call(list.children, function (el) {
        var other = numberAttr(el, "data-id");
        return other !== null && other > id;
      });
      if (later) {
        list.insertBefore(child, later);
        htmx.process(child);
      }
    });
  }

  // An out-of-band copy older than what the page shows (a slow poll after a push).
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target, fragment = event.detail.fragment;
    var had = numberAttr(target, "data-seq");
    var incoming = fragment && fragment.firstElementChild;
    if (had === null || !incoming || incoming.id !== target.id) return;
    var got = numberAttr(incoming, "data-seq");
    if (got !== null && got < had) event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var merging = target.hasAttribute("data-merge");
    if (!merging && !target.hasAttribute("data-dedupe")) return;
    var fragment = event.detail.fragment;
    if (!fragment || !fragment.children) return;
    if (target.hasAttribute("data-stick-bottom-of")) {
      var scroller = document.querySelector(target.getAttribute("data-stick-bottom-of"));
      if (scroller) {
        scroller.dataset.wasAtBottom =
          scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80 ? "1" : "";
        scroller.dataset.heightBefore = scroller.scrollHeight;
      }
    }
    if (merging) {
      merge(target, fragment);
    } else {
      Array.prototype.slice.call(fragment.children).forEach(function (child) {
        if (child.id && document.getElementById(child.id)) child.remove();
      });
    }
  });

  function afterContent(root) {
    document.querySelectorAll("[data-keep]").forEach(function (list) {
      var keep = parseInt(list.getAttribute("data-keep"), 10);
      while (list.children.length > keep) list.lastElementChild.remove();
    });
    document.querySelectorAll("[data-stick-bottom]").forEach(function (scroller) {
      if (scroller.dataset.wasAtBottom === "1") {
        scroller.scrollTop = scroller.scrollHeight;
      } else if (scroller.dataset.prepended === "1") {
        scroller.scrollTop += scroller.scrollHeight - parseInt(scroller.dataset.heightBefore, 10);
      }
      delete scroller.dataset.wasAtBottom;
      delete scroller.dataset.prepended;
    });
  }

  document.addEventListener("htmx:oobAfterSwap", function (event) { afterContent(event.target); });
  document.addEventListener("htmx:wsAfterMessage", function (event) {
    afterContent(event.target);
    document.body.dispatchEvent(new CustomEvent("liveMessage", { bubbles: true }));
  });

  // Older history loads at the top: remember the height to keep the view where it was.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    var scrollerSel = elt.getAttribute && elt.getAttribute("data-prepend-into");
    if (!scrollerSel) return;
    var scroller = document.querySelector(scrollerSel);
    if (!scroller) return;
    scroller.dataset.prepended = "1";
    scroller.dataset.heightBefore = scroller.scrollHeight;
  });
  document.addEventListener("htmx:afterSettle", function (event) { afterContent(event.target); });

  document.addEventListener("htmx:load", function (event) {
    var elt = event.target;
    var name = elt.getAttribute && elt.getAttribute("data-live-trigger");
    if (name) htmx.trigger(document.body, name);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-stick-bottom]").forEach(function (scroller) {
      scroller.scrollTop = scroller.scrollHeight;
    });
  });
})();

// A plain form with `data-confirm` asks first (no inline handlers under the strict CSP).
// Capture phase: runs before site.js disables the submit button.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// Countdowns (`data-countdown` with `data-seconds-left` and three formats): tick each
// second; at zero, ask the page for its new state ("auctionDue" on <body>).
(function () {
  "use strict";
  function format(el, total) {
    var d = Math.floor(total / 86400), h = Math.floor((total % 86400) / 3600);
    var m = Math.floor((total % 3600) / 60), s = total % 60;
    var fmt = d ? el.dataset.fmtDays : h ? el.dataset.fmtHours : el.dataset.fmtMinutes;
    if (!fmt) return null;
    return fmt.replace("%(days)d", d).replace("%(hours)d", h).replace("%(minutes)d", m)
      .replace("%(seconds)02d", (s < 10 ? "0" : "") + s);
  }
  setInterval(function () {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      if (!el.dataset.deadline) {
        el.dataset.deadline = Date.now() + parseInt(el.dataset.secondsLeft, 10) * 1000;
      }
      var left = Math.max(0, Math.round((parseInt(el.dataset.deadline, 10) - Date.now()) / 1000));
      var text = format(el, left);
      if (text) el.textContent = text;
      if (left === 0 && !el.dataset.due) {
        el.dataset.due = "1";
        htmx.trigger(document.body, "auctionDue");
      }
    });
  }, 1000);
})();
