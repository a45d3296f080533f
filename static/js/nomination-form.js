// The nomination form: choosing "Myself" hides and switches off the questions
// about the person nominated. Enhancement only: without this script they stay
// visible, say to skip them, and the server ignores them for a self-nomination.
(function () {
  "use strict";

  var section = document.getElementById("nominee-contact");
  var choices = document.querySelectorAll('input[name="nominating"]');
  if (!section || !choices.length) {
    return;
  }
  var fields = section.querySelectorAll("input, select, textarea");

  function update() {
    var chosen = document.querySelector('input[name="nominating"]:checked');
    var myself = Boolean(chosen && chosen.value === "myself");
    section.hidden = myself;
    Array.prototype.forEach.call(fields, function (field) {
      field.disabled = myself;
    });
  }

  Array.prototype.forEach.call(choices, function (choice) {
    choice.addEventListener("change", update);
  });
  update();
})();
