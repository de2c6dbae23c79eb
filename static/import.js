// Review page: clicking "dòng 12–14" highlights those source lines and scrolls them into view.
document.addEventListener("click", function (event) {
  var link = event.target.closest(".src-link");
  if (!link) { return; }
  event.preventDefault();
  var parts = link.dataset.lines.split("-").map(Number);
  document.querySelectorAll(".src-line.hl").forEach(function (el) { el.classList.remove("hl"); });
  for (var n = parts[0]; n <= parts[1]; n++) {
    var line = document.getElementById("L" + n);
    if (line) { line.classList.add("hl"); }
  }
  var first = document.getElementById("L" + parts[0]);
  if (first) { first.scrollIntoView({block: "center"}); }
});
