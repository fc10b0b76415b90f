// Live preview of Markdown fields: the server renders and sanitises the text, exactly as
// assessors will see it. Without JavaScript, the form's "Preview" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.curation-form");
  if (!form) { return; }
  var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  var previewUrl = form.dataset.previewUrl || "/curation/preview/";

  form.querySelectorAll("textarea[data-markdown-preview]").forEach(function (area) {
    var preview = document.createElement("div");
    preview.className = "markdown-preview card card-body mt-2";
    preview.setAttribute("role", "region");
    preview.setAttribute("aria-live", "polite");
    preview.setAttribute("aria-label", form.dataset.previewLabel);
    area.parentNode.appendChild(preview);
    var timer = null;

    function refresh() {
      var body = new FormData();
      body.append("text", area.value);
      fetch(previewUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": token }
      }).then(function (response) {
        // 400: the server's message (a text too long to save), escaped by the server.
        return response.ok || response.status === 400 ? response.text() : "";
      }).then(function (html) {
        preview.innerHTML = html;  // rendered and sanitised by the server (nh3)
        preview.hidden = !area.value.trim();
      });
    }

    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    if (area.value.trim()) { refresh(); } else { preview.hidden = true; }
  });
})();
