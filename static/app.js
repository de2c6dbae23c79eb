// Keeps htmx requests carrying the CSRF token from the page's meta or any form token.
document.body.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("input[name=csrf_token]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
