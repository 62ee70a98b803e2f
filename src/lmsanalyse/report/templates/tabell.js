/* Filter and sort the report's audit tables in the browser; no network, no libraries.
   A table opts in with data-sorterbar; data-filter names its text input and data-teller
   the element that shows how many rows are visible. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) {
      return "";
    }
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a.replace(/\s/g, "").replace(",", "."));
    var y = Number(b.replace(/\s/g, "").replace(",", "."));
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) {
      return x - y;
    }
    return a.localeCompare(b, "nb", { sensitivity: "base", numeric: true });
  }

  function setUp(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var input = document.getElementById(table.getAttribute("data-filter"));
    var counter = document.getElementById(table.getAttribute("data-teller"));
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

    function filter() {
      var terms = input ? input.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var hit = terms.every(function (term) { return text.indexOf(term) !== -1; });
        row.hidden = !hit;
        if (hit) {
          shown += 1;
        }
      });
      if (counter) {
        counter.textContent = "Viser " + shown + " av " + rows.length + " rader";
      }
    }

    function sortBy(index, button) {
      var th = headers[index];
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (r1, r2) {
        var order = compare(cellValue(r1, index), cellValue(r2, index));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      button.focus();
    }

    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sorter";
      button.title = "Sorter etter denne kolonnen";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(index, button); });
    });
    if (input) {
      input.addEventListener("input", filter);
    }
    filter();
  }

  document.querySelectorAll("table[data-sorterbar]").forEach(setUp);
  document.documentElement.classList.add("js");
})();
