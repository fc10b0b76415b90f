// Follows a PDF being prepared: asks for the render's state (as JSON) every two seconds,
// says it in the live region, and starts the download once the file is ready.
// Without JavaScript, the page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector(".report-status");
  if (!box) { return; }
  var url = box.dataset.statusUrl;
  var downloadUrl = box.dataset.downloadUrl;
  var state = document.getElementById("report-state");
  var download = document.getElementById("report-download");
  var retry = document.getElementById("report-retry");

  function follow() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        // The render is no longer kept (pruned, or its assessment deleted): the report's
        // own address says what there is now.
        if (response.status === 404) {
          window.location.assign(downloadUrl);
          return null;
        }
        return response.json();
      })
      .then(function (report) {
        if (report === null) { return; }
        if (report.status === "ready") {
          state.textContent = box.dataset.readyLabel;
          download.classList.remove("d-none");
          window.location.assign(downloadUrl);
          return;
        }
        if (report.status === "failed") {
          state.textContent = box.dataset.failedLabel;
          retry.classList.remove("d-none");
          return;
        }
        state.textContent = report.label + "…";
        window.setTimeout(follow, 2000);
      })
      .catch(function () { window.setTimeout(follow, 5000); });
  }

  window.setTimeout(follow, 1000);
})();
