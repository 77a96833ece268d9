// The few behaviours that would otherwise be inline handlers: the Content-Security-Policy
// (core/middleware.py) runs scripts from this site's own files only.
"use strict";

// A select marked data-autosubmit sends its form when changed (the map's filters).
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  }
});

// A button marked data-print prints the page (the QR poster).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// A tree toggle marked data-expands, once its children are loaded, shows itself open.
document.addEventListener("htmx:afterRequest", function (event) {
  var toggle = event.detail.elt;
  if (toggle && toggle.matches && toggle.matches("[data-expands]") && event.detail.successful) {
    toggle.setAttribute("aria-expanded", "true");
    toggle.textContent = "\u2212";
    toggle.disabled = true;
  }
});
