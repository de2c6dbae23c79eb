// A calendar button beside every date text field (input[data-datepicker]), Vietnamese and dd/mm/yyyy
// whatever the browser's language. Typing stays free: the server reads 30112026, 30/11/26, ISO ... and refuses
// impossible dates with a message, so the picker never rewrites or clears what the user typed.
(function () {
  if (!window.flatpickr) { return; }
  var locale = (window.flatpickr.l10ns && window.flatpickr.l10ns.vn) || "default";

  function parse(text) {
    var s = (text || "").trim(), m, d, mo, y;
    if ((m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) { y = +m[1]; mo = +m[2]; d = +m[3]; }
    else if ((m = s.match(/^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4}|\d{2})$/))) {
      d = +m[1]; mo = +m[2]; y = +m[3] + (m[3].length === 2 ? 2000 : 0);
    } else if ((m = s.match(/^(\d{2})(\d{2})(\d{4}|\d{2})$/))) {
      d = +m[1]; mo = +m[2]; y = +m[3] + (m[3].length === 2 ? 2000 : 0);
    } else { return null; }
    var date = new Date(y, mo - 1, d);
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
  }

  function calendarIcon() {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("width", "18"); svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 0a.5.5 0 0 1 .5.5V1h7V.5a.5.5 0 0 1 1 0V1H14a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1.5V.5A.5.5 0 0 1 4 0zM1 5v9a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V5H1zm2 2h2v2H3V7zm4 0h2v2H7V7zm4 0h2v2h-2V7zm-8 4h2v2H3v-2zm4 0h2v2H7v-2z");
    svg.appendChild(path);
    return svg;
  }

  function attach(input) {
    if (input.dataset.pickerReady) { return; }
    input.dataset.pickerReady = "1";
    var group = document.createElement("div");
    group.className = "input-group date-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-button";
    var name = input.getAttribute("aria-label") || (input.labels && input.labels[0] && input.labels[0].textContent.trim()) || "ngày";
    button.setAttribute("aria-label", "Chọn trên lịch: " + name);
    button.title = "Chọn trên lịch";
    button.appendChild(calendarIcon());
    group.appendChild(button);
    var anchor = document.createElement("input");
    anchor.type = "text";
    anchor.className = "date-anchor";
    anchor.tabIndex = -1;
    anchor.setAttribute("aria-hidden", "true");
    group.appendChild(anchor);
    var picker = window.flatpickr(anchor, {
      locale: locale, dateFormat: "d/m/Y", disableMobile: true, clickOpens: false, positionElement: input,
      onChange: function (dates, text) {
        input.value = text;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      },
      onClose: function () { input.focus(); }
    });
    button.addEventListener("click", function () {
      var current = parse(input.value);
      if (current) { picker.setDate(current, false); } else { picker.clear(false); }
      picker.open();
    });
  }

  function scan(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("input[data-datepicker]").forEach(attach);
  }
  scan(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
