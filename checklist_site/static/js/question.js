// Ticking threshold criteria suggests an answer: all met reads as yes, some as
// partially, none as no. The suggestion preselects the answer until the person
// chooses one themselves; the server applies the same rule without JavaScript.
(function () {
  "use strict";
  var form = document.querySelector("form.answer-form");
  if (!form) { return; }
  var boxes = form.querySelectorAll('input[type="checkbox"][name="criteria"]');
  var radios = form.querySelectorAll('input[type="radio"][name="value"]');
  var output = document.getElementById("answer-suggestion");
  var chosenByHand = Array.prototype.some.call(radios, function (radio) { return radio.checked; });

  function suggestion() {
    var ticked = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
    if (!boxes.length) { return null; }
    if (ticked === boxes.length) { return "yes"; }
    return ticked > 0 ? "partially" : "no";
  }

  function update() {
    var value = suggestion();
    if (!value) { return; }
    output.textContent = form.dataset.suggestLabel + " " + form.dataset["suggest" + value.charAt(0).toUpperCase() + value.slice(1)];
    if (!chosenByHand) {
      radios.forEach(function (radio) { radio.checked = radio.value === value; });
    }
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () { chosenByHand = true; });
  });
})();

// The comment's limit, counted down as one types (and beyond it, counted up, so nothing
// pasted is cut). Screen readers hear the count once typing pauses, not at every key.
(function () {
  "use strict";
  var field = document.querySelector("textarea[data-max-length]");
  var count = document.getElementById("comment-limit");
  var status = document.getElementById("comment-limit-status");
  if (!field || !count || !status) { return; }
  var limit = parseInt(field.dataset.maxLength, 10);
  var pause = null;

  function message() {
    var left = limit - field.value.length;
    var over = left < 0;
    var number = Math.abs(left);
    var key = (over ? "over" : "left") + (number === 1 ? "One" : "Many");
    count.classList.toggle("is-over", over);
    return count.dataset[key].replace("__count__", number.toLocaleString(document.documentElement.lang));
  }

  function update() {
    count.textContent = message();
    window.clearTimeout(pause);
    pause = window.setTimeout(function () { status.textContent = count.textContent; }, 1000);
  }

  field.addEventListener("input", update);
  count.textContent = message();
})();
