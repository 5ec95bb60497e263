// vanthu review: keyboard shortcuts. The pages work without it; Enter in the value saves (a form).
"use strict";
(function () {
  function click(id) {
    var el = document.getElementById(id);
    if (!el) { return false; }
    el.click();
    return true;
  }

  function onQueueKey(event) {
    var input = document.getElementById("value");
    var typing = event.target === input;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      var key = event.key.toLowerCase();
      var map = {arrowright: "next", arrowdown: "next", n: "next", arrowleft: "prev", arrowup: "prev",
                 p: "prev", a: "accept", r: "reject", u: "undo", s: "save"};
      if (map[key] && click(map[key])) { event.preventDefault(); }
      return;
    }
    if (event.key === "PageDown" && click("next")) { event.preventDefault(); return; }
    if (event.key === "PageUp" && click("prev")) { event.preventDefault(); return; }
    if (event.key === "Escape" && input && !input.readOnly) {
      input.value = input.dataset.current || "";
      input.select();
      event.preventDefault();
      return;
    }
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.key === "j" && click("next")) { event.preventDefault(); }
      else if (event.key === "k" && click("prev")) { event.preventDefault(); }
      else if (event.key === "e" && input) { input.focus(); input.select(); event.preventDefault(); }
    }
  }

  function guardDoubleSubmit(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), guardDoubleSubmit);
    var input = document.getElementById("value");
    if (input) { input.focus(); input.select(); }
    if (document.getElementById("item") || document.getElementById("done")) {
      document.addEventListener("keydown", onQueueKey);
    }
  });
})();
