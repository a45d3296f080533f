// The share block's "Copy link" button, enhancement only: without this
// script (or without the Clipboard API) the read-only field beside it is
// there to select and copy by hand.
(function () {
  "use strict";

  if (!navigator.clipboard || !navigator.clipboard.writeText) {
    return;
  }
  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-share-copy"));
    var status = button.closest(".share__copy").querySelector("[data-share-status]");
    if (!field || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          status.textContent = button.getAttribute("data-copied");
        },
        function () {
          field.focus();
          field.select();
          status.textContent = button.getAttribute("data-failed");
        }
      );
    });
  });
  // A click in the field selects the whole address, ready to copy.
  document.querySelectorAll(".share__url").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
})();
