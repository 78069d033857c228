// Progress of a background member import: poll the status address, move the bar, reload at the end.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box || box.dataset.active !== "1") { return; }
  var bar = document.getElementById("import-progress");
  var percent = document.getElementById("import-percent");
  var status = document.getElementById("import-status");

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, 5000); return; }
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        percent.textContent = job.percent + "%";
        var text = job.status_display;
        if (job.status === "checking" && job.total_rows) { text += ": " + job.done_rows + "/" + job.total_rows + " dòng"; }
        status.textContent = text + ".";
        if (job.active) { window.setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
