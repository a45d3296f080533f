// Progressive enhancements for every page. The site works without them.
(function () {
  "use strict";

  // After a form comes back with errors, start keyboard and screen reader
  // users at the summary, which links to each field.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
