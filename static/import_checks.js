// Review page: filter the tasks to those that need a look, give several selected tasks one lead or coordinator,
// and keep the source panel on the lines of the task being edited.
(function () {
  // A unit field shows a name; the unit's id travels in the hidden field before it, set from the list's
  // option when the typed name is one of them, cleared when the user types another name.
  function syncUnitId(input) {
    var hidden = input.previousElementSibling;
    if (!hidden || hidden.type !== "hidden") { hidden = input.parentElement.querySelector("input[type=hidden]"); }
    if (!hidden) { return; }
    var id = "";
    document.querySelectorAll("#unit-options option").forEach(function (option) {
      if (!id && option.value === input.value.trim()) { id = option.dataset.id || ""; }
    });
    hidden.value = id;
  }
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("unit-pick")) { syncUnitId(event.target); }
  });
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
          if (!target && !a.querySelector("input.unit-pick").value.trim()) { target = a; }
        });
        if (!target) { return; }
        target.querySelector("select").value = role;
        var input = target.querySelector("input.unit-pick");
        input.value = unit;
        syncUnitId(input);
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
