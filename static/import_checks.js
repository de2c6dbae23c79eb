// Review page: filter the tasks to those that need a look, give several selected tasks one lead or coordinator,
// and keep the source panel on the lines of the task being edited.
(function () {
  var only = document.getElementById("only-checks");
  if (only) {
    only.addEventListener("change", function () {
      document.querySelectorAll(".task-row").forEach(function (row) {
        row.hidden = only.checked && row.dataset.check !== "1";
      });
    });
  }
  document.querySelectorAll("[data-bulk-role]").forEach(function (button) {
    button.addEventListener("click", function () {
      var unit = document.getElementById("bulk-unit").value.trim();
      if (!unit) { document.getElementById("bulk-unit").focus(); return; }
      document.querySelectorAll(".task-select:checked").forEach(function (box) {
        var row = box.closest(".task-row");
        var rows = row.querySelectorAll(".assignment");
        var role = button.dataset.bulkRole;
        var target = null;
        if (role === "lead") {
          rows.forEach(function (a) {
            if (!target && a.querySelector("select").value === "lead") { target = a; }
          });
        }
        rows.forEach(function (a) {
          if (!target && !a.querySelector("input").value.trim()) { target = a; }
        });
        if (!target) { return; }
        target.querySelector("select").value = role;
        var input = target.querySelector("input");
        input.value = unit;
        input.classList.remove("is-invalid");
        row.dataset.check = "0";
        row.classList.remove("border-warning");
      });
    });
  });
  var source = document.getElementById("source");
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest(".task-row");
    if (!row || !source || !row.dataset.lines || row.dataset.lines === "-") { return; }
    var first = document.getElementById("L" + row.dataset.lines.split("-")[0]);
    if (first) {
      document.querySelectorAll(".src-line.hl").forEach(function (el) { el.classList.remove("hl"); });
      var parts = row.dataset.lines.split("-").map(Number);
      for (var n = parts[0]; n <= parts[1]; n++) {
        var line = document.getElementById("L" + n);
        if (line) { line.classList.add("hl"); }
      }
      source.scrollTop = first.offsetTop - source.offsetTop - 40;
    }
  });
})();
