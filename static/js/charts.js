// Charts drawn from the table that follows them: <figure class="chart-figure" data-chart="bar|line" [data-horizontal]
// [data-percent]> holds a <figcaption> and a <table class="chart-table"> whose first column labels the rows and whose
// other columns are series (numbers in data-value). The table stays for screen readers; the canvas is decoration
// with the caption as its name. No data travels through inline script (the page's CSP forbids it).
(function () {
  if (!window.Chart) { return; }
  var COLOURS = ["#0a4fb4", "#146c43", "#b02a37", "#b38600", "#565e66", "#6f42c1"];

  function read(table) {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var labels = [], series = heads.slice(1).map(function (name) { return { label: name, data: [] }; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      labels.push(row.cells[0].textContent.trim());
      series.forEach(function (s, i) {
        var cell = row.cells[i + 1];
        s.data.push(cell ? parseFloat(cell.getAttribute("data-value")) || 0 : 0);
      });
    });
    return { labels: labels, series: series };
  }

  function draw(figure) {
    if (figure.dataset.drawn) { return; }
    figure.dataset.drawn = "1";
    var table = figure.querySelector("table"), caption = figure.querySelector("figcaption");
    if (!table || !table.tHead || !table.tBodies.length) { return; }
    var data = read(table), kind = figure.getAttribute("data-chart") || "bar";
    var horizontal = figure.hasAttribute("data-horizontal"), percent = figure.hasAttribute("data-percent");
    var stacked = figure.hasAttribute("data-stacked");
    var box = document.createElement("div");
    box.className = "chart-box" + (horizontal && data.labels.length > 8 ? " tall" : "");
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Biểu đồ") + " (số liệu ở bảng kèm theo)");
    box.appendChild(canvas);
    table.parentNode.insertBefore(box, table);
    // A table ignores width: 1px, so the wrapper is what hides it (visually only) without widening the page.
    var hidden = document.createElement("div");
    hidden.className = "visually-hidden";
    table.parentNode.insertBefore(hidden, table);
    hidden.appendChild(table);
    var number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
    var valueAxis = { beginAtZero: true, stacked: stacked, max: percent ? 100 : undefined,
                      ticks: { callback: function (v) { return number.format(v) + (percent ? " %" : ""); } } };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: false, callback: function (v) {
      var text = this.getLabelForValue(v), room = this.chart.width < 500 ? 18 : 30;
      // Cut in the middle: units' names differ at their end ("Ủy ban nhân dân xã …"), and a tail cut made them one.
      var head = Math.ceil((room - 1) / 2);
      return text.length > room ? text.slice(0, head) + "…" + text.slice(text.length - (room - 1 - head)) : text;
    } } };
    new window.Chart(canvas, {
      type: kind,
      data: { labels: data.labels, datasets: data.series.map(function (s, i) {
        var colour = (figure.getAttribute("data-colours") || "").split(",")[i] || COLOURS[i % COLOURS.length];
        return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, tension: 0.2 };
      }) },
      options: {
        indexAxis: horizontal ? "y" : "x", maintainAspectRatio: false, animation: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: function (ctx) {
          return ctx.dataset.label + ": " + number.format(ctx.parsed[horizontal ? "x" : "y"]) + (percent ? " %" : "");
        } } } }
      }
    });
  }

  document.querySelectorAll("figure[data-chart]").forEach(draw);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    (event.target.querySelectorAll ? event.target : document).querySelectorAll("figure[data-chart]").forEach(draw);
  });
})();
