// A live word count under every textarea with data-word-limit. Enhancement
// only: the server counts the words itself and refuses too many. Words are
// counted the same way on both sides: runs of characters that are not space.
(function () {
  "use strict";

  function countWords(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("textarea[data-word-limit]"),
    function (field) {
      var limit = parseInt(field.getAttribute("data-word-limit"), 10);
      var withinTemplate = field.getAttribute("data-words-left") || "%(count)s / %(limit)s";
      var overTemplate = field.getAttribute("data-words-over") || withinTemplate;

      // What sighted people see, updated as they type.
      var visible = document.createElement("p");
      visible.className = "word-count";
      visible.setAttribute("aria-hidden", "true");
      // What screen readers hear, once typing pauses, so that every
      // keystroke is not announced.
      var spoken = document.createElement("p");
      spoken.className = "visually-hidden";
      spoken.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", spoken);
      field.insertAdjacentElement("afterend", visible);

      var timer = null;
      function update(announce) {
        var count = countWords(field.value);
        var over = count > limit;
        var text = fill(over ? overTemplate : withinTemplate, {
          count: count,
          limit: limit,
          over: count - limit,
        });
        visible.textContent = text;
        visible.classList.toggle("word-count--over", over);
        if (announce) {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            spoken.textContent = text;
          }, 1000);
        }
      }

      field.addEventListener("input", function () {
        update(true);
      });
      update(false);
    }
  );
})();
