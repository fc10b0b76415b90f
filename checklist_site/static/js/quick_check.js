// The "Copy" button beside a quick check's private link: shown only where the clipboard
// can be written to; it says that the link was copied in a live region.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll(".copy-link").forEach(function (button) {
    var field = document.getElementById(button.dataset.target);
    var status = document.getElementById("copy-status");
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.dataset.copied;
        button.textContent = button.dataset.copied;
      });
    });
  });
})();
