// Keeps htmx requests carrying the CSRF token from the page's meta or any form token.
document.body.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("input[name=csrf_token]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});

// A button with data-copy="#input" copies that input's text (the calendar feed URL).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) { return; }
  var input = document.querySelector(button.getAttribute("data-copy"));
  if (!input) { return; }
  input.select();
  var done = function () { button.textContent = "Đã sao chép"; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
  } else {
    document.execCommand("copy");
    done();
  }
});

// A preview kept in step with what is typed: <textarea data-preview="#box"> fills every .preview-note in #box.
document.addEventListener("input", function (event) {
  var source = event.target.closest("[data-preview]");
  if (!source) { return; }
  var box = document.querySelector(source.getAttribute("data-preview"));
  if (!box) { return; }
  var text = source.value.replace(/\s+/g, " ").trim();
  box.querySelectorAll(".preview-note").forEach(function (node) { node.textContent = text; });
});

// OCR review: low-confidence words are boxes over the page image, placed from data-box="x0,y0,x1,y1" (fractions of
// the page) through the CSSOM, which the Content-Security-Policy allows (inline style attributes it does not).
function placeOcrBoxes(root) {
  root.querySelectorAll(".ocr-low[data-box]").forEach(function (node) {
    var b = node.getAttribute("data-box").split(",").map(Number);
    if (b.length !== 4 || b.some(isNaN)) { return; }
    node.style.left = (b[0] * 100) + "%";
    node.style.top = (b[1] * 100) + "%";
    node.style.width = ((b[2] - b[0]) * 100) + "%";
    node.style.height = ((b[3] - b[1]) * 100) + "%";
  });
}
placeOcrBoxes(document);
document.body.addEventListener("htmx:afterSwap", function (event) { placeOcrBoxes(event.target); });
