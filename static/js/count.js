// Counts a reader's visit for Terpopuler: one small request to this site with the
// article's id only, sent by the browser even when the page came from a cache.
(function () {
  "use strict";
  var script = document.currentScript;
  var address = script && script.getAttribute("data-count-url");
  if (!address || !navigator.sendBeacon) {
    return;
  }
  navigator.sendBeacon(address);
})();
