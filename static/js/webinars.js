// Webinar pages, enhancement only: without this script the form sends
// Eastern Time as the visitor's zone and the page shows Eastern Time only.
(function () {
  "use strict";

  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }

  // The registration form carries the visitor's zone, so that emails can
  // show the time in it too.
  var field = document.querySelector('input[name="time_zone"]');
  if (field) {
    field.value = zone;
  }

  // Next to the time in Eastern Time, the same time on the visitor's clock,
  // when that reads differently.
  var language = document.documentElement.lang || undefined;
  var formats = { dateStyle: "full", timeStyle: "short" };
  function format(date, timeZone) {
    return new Intl.DateTimeFormat(language, Object.assign({ timeZone: timeZone }, formats)).format(date);
  }
  function timeOnly(date, timeZone) {
    return new Intl.DateTimeFormat(language, { timeZone: timeZone, timeStyle: "short" }).format(date);
  }

  document.querySelectorAll("[data-webinar-start]").forEach(function (element) {
    var start = new Date(element.getAttribute("data-webinar-start"));
    var end = new Date(element.getAttribute("data-webinar-end"));
    var eventZone = element.getAttribute("data-webinar-zone");
    if (isNaN(start) || isNaN(end)) {
      return;
    }
    try {
      if (format(start, eventZone) === format(start, zone) && timeOnly(end, eventZone) === timeOnly(end, zone)) {
        return;
      }
    } catch (error) {
      return;
    }
    var zoneName = new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: "long" })
      .formatToParts(start)
      .filter(function (part) { return part.type === "timeZoneName"; })
      .map(function (part) { return part.value; })[0] || zone;
    element.textContent =
      element.getAttribute("data-label") + " " + format(start, zone) + " – " + timeOnly(end, zone) + " (" + zoneName + ")";
    element.hidden = false;
  });
})();
