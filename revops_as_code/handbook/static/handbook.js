// Field dictionary filters: search text, object, owner team, personal data. Runs only on
// pages with a [data-filter-table] form; without JavaScript every row stays visible.
(function () {
  "use strict";
  var form = document.querySelector("form[data-filter-table]");
  if (!form) { return; }
  var table = document.getElementById(form.getAttribute("data-filter-table"));
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  // Lower-cased text of each row, computed once: filtering 10,000 rows stays instant.
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var count = document.getElementById("field-count");
  var none = document.getElementById("field-none");
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function apply() {
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var object = form.elements.object.value;
    var owner = form.elements.owner.value;
    var pii = form.elements.pii.checked;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!object || row.getAttribute("data-object") === object) &&
        (!owner || row.getAttribute("data-owner") === owner) &&
        (!pii || row.getAttribute("data-pii") === "1") &&
        words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    count.textContent = shown === rows.length ? rows.length + " fields" : shown + " of " + rows.length + " fields";
    none.hidden = shown !== 0;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();
