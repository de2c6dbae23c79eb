// Report editor: autosave (the server keeps drafts), a local copy in case the network is down, and a warning
// before leaving with unsaved text.
(function () {
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var key = "tracker-report-" + form.dataset.report;
  var dirty = false, saving = false;

  function fields() {
    var data = {};
    form.querySelectorAll("textarea, input[type=text]").forEach(function (el) { data[el.name] = el.value; });
    return data;
  }
  function say(text) { if (status) { status.textContent = text; } }

  var local = localStorage.getItem(key);
  if (local) {
    try {
      var saved = JSON.parse(local);
      var current = fields();
      var differs = Object.keys(saved).some(function (k) { return current[k] !== undefined && current[k] !== saved[k]; });
      if (differs && window.confirm("Có nội dung chưa lưu lên máy chủ từ lần soạn trước trên máy này. Khôi phục?")) {
        Object.keys(saved).forEach(function (k) { var el = form.elements[k]; if (el) { el.value = saved[k]; } });
        dirty = true;
      } else if (!differs) { localStorage.removeItem(key); }
    } catch (e) { localStorage.removeItem(key); }
  }

  form.addEventListener("input", function () {
    dirty = true;
    localStorage.setItem(key, JSON.stringify(fields()));
    say("Có thay đổi chưa lưu…");
  });
  form.addEventListener("submit", function () { dirty = false; localStorage.removeItem(key); });

  function autosave() {
    if (!dirty || saving) { return; }
    saving = true;
    var body = new FormData(form);
    body.set("autosave", "1");
    fetch(form.dataset.autosaveUrl, { method: "POST", body: body, credentials: "same-origin",
                                      headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (res.ok) {
          form.elements["lock_version"].value = res.body.lock_version;
          document.querySelectorAll("input[name=lock_version]").forEach(function (el) { el.value = res.body.lock_version; });
          dirty = false;
          localStorage.removeItem(key);
          say("Đã tự động lưu lúc " + new Date().toLocaleTimeString("vi-VN") + ".");
        } else {
          say(res.body.error || "Không lưu được; nội dung vẫn còn trên máy này.");
        }
      })
      .catch(function () { say("Mất kết nối; nội dung được giữ trên máy này và sẽ lưu lại sau."); })
      .finally(function () { saving = false; });
  }
  setInterval(autosave, 15000);
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  // Finalising or recompiling works on the saved draft: refuse while typed text is not saved yet.
  document.querySelectorAll("form:not(#report-form)").forEach(function (other) {
    other.addEventListener("submit", function (event) {
      if (dirty && other.method.toLowerCase() === "post" && other.action.indexOf("/logout") === -1) {
        event.preventDefault();
        say("Hãy bấm “Lưu dự thảo” trước: nội dung vừa gõ chưa được lưu.");
        window.alert("Nội dung vừa gõ chưa được lưu. Hãy bấm “Lưu dự thảo” trước.");
      }
    });
  });
})();
