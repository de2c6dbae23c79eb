// Lists read as cards on a phone: every cell of a data table gets its column's heading as data-label, and the
// table the class "table-cards" (app.css shows rows as cards below Bootstrap's md breakpoint). Matrices that
// compare across columns opt out with "keep-table" and keep a sticky first column instead.
(function () {
  function label(table) {
    var heads = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    if (!heads) { return; }
    var names = [];
    Array.prototype.forEach.call(heads.cells, function (th) {
      var span = th.colSpan || 1;
      for (var i = 0; i < span; i++) { names.push(th.textContent.replace(/\s+/g, " ").trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[col] && cell.colSpan === 1) {
            cell.setAttribute("data-label", names[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("table-cards");
  }

  function scan(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("table.table:not(.keep-table)").forEach(label);
  }
  scan(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
