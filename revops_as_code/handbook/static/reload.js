// Only in `revops docs serve`: reload the page when the served build changes.
(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("reload.txt", { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (text) {
      if (seen !== null && text !== seen) { window.location.reload(); }
      seen = text;
    }).catch(function () { /* the server stopped: keep the page as it is */ });
  }
  poll();
  window.setInterval(poll, 1000);
})();
