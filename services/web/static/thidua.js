// Our own words for the browser's checks of a form (a required field left empty, a value
// out of its range): Vietnamese whatever the browser's language, naming the field.
(function () {
  "use strict";
  function labelOf(field) {
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    var text = label ? label.textContent : (field.getAttribute("aria-label") || "");
    return text.replace(/[*:]\s*$/, "").trim();
  }
  function message(field) {
    var name = labelOf(field), v = field.validity;
    var what = name ? "«" + name + "»" : "trường này";
    if (v.valueMissing) {
      return field.type === "checkbox" || field.type === "radio"
        ? "Hãy chọn " + what + "." : "Hãy nhập " + what + ".";
    }
    if (v.badInput || v.typeMismatch) { return "Giá trị của " + what + " không hợp lệ."; }
    if (v.rangeUnderflow) { return what + " phải từ " + field.min + " trở lên."; }
    if (v.rangeOverflow) { return what + " không được quá " + field.max + "."; }
    if (v.tooLong) { return what + " dài quá " + field.maxLength + " ký tự."; }
    if (v.patternMismatch) { return "Giá trị của " + what + " không đúng dạng."; }
    return "";
  }
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    field.setCustomValidity("");
    if (!field.validity.valid) { field.setCustomValidity(message(field)); }
  }, true);
  document.addEventListener("input", function (event) {
    if (event.target.setCustomValidity) { event.target.setCustomValidity(""); }
  }, true);

  // A table or a chart wider than the window scrolls inside itself (a phone): it takes
  // the keyboard's focus, so that it can be scrolled without a mouse.
  function focusScrolling() {
    document.querySelectorAll("table, figure.chart").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        if (!table.hasAttribute("tabindex")) {
          table.setAttribute("tabindex", "0");
          table.dataset.scrolls = "1";
        }
      } else if (table.dataset.scrolls) {
        table.removeAttribute("tabindex");
        delete table.dataset.scrolls;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusScrolling);
  window.addEventListener("load", focusScrolling);
  window.addEventListener("resize", focusScrolling);
}());
