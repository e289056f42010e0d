/* Every admin page (templates/admin/base_site.html): what Django's own scripts write,
   mended after they ran. From static/ (no inline script).

   - The filter boxes of a "horizontal" many-to-many field (SelectFilter2.js) label
     their input with an icon whose aria-label a plain span may not carry: as an image
     (role="img") it may, and the name is read out.
   - Select2, which draws the autocomplete fields, names neither the box it draws nor,
     for a many-to-many field, the search box in it: both take the name of the field
     they stand for, which the server gives its <select> as aria-label
     (exhibition/admin_mixins.PersianAdminMixin; in a tabular inline's row,
     ColumnNamedFormSet). A single box was named by the text of its choice, empty
     until one is made: that text now describes it. A many-to-many box's "remove all"
     button, which Select2 puts in the list of choices, is one of its items. Rows added
     later ("Add another") are mended as they come.
   - In the Persian admin, the numbers Django's scripts write («0 of 12 selected», the
     sort priority of a column) are shown in Persian digits, as the server's are. */
(function () {
  "use strict";

  // The browser's own table of Persian digits, as offline.js, plan.js and the calendar use.
  var digit = new Intl.NumberFormat("fa-IR-u-nu-arabext", { useGrouping: false });

  function persianDigits(node) {
    var text = node.textContent;
    var shown = text.replace(/[0-9]/g, function (d) { return digit.format(Number(d)); });
    if (shown !== text) node.textContent = shown;
  }

  function localDigits() {
    if (document.documentElement.lang.indexOf("fa") !== 0) return;
    document.querySelectorAll(".action-counter, .sortpriority").forEach(function (node) {
      persianDigits(node);
      // actions.js rewrites the counter on every tick of a checkbox.
      new MutationObserver(function () { persianDigits(node); })
        .observe(node, { childList: true, characterData: true, subtree: true });
    });
  }

  function mend() {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var drawn = select.nextElementSibling;
      var name = select.getAttribute("aria-label");
      if (!drawn || !drawn.classList.contains("select2") || !name) return;
      drawn.querySelectorAll(".select2-selection, .select2-search__field").forEach(function (box) {
        box.setAttribute("aria-label", name);
      });
      // A single choice's text was the box's name and a read-only textbox of no name:
      // it is now plain text that describes the box.
      var choice = drawn.querySelector(".select2-selection--single .select2-selection__rendered");
      if (choice) {
        choice.removeAttribute("role");
        choice.removeAttribute("aria-readonly");
        var box = choice.closest(".select2-selection");
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-describedby", choice.id);
      }
      // A many-to-many box lists its choices, and Select2 puts its "remove all" button
      // in that list, anew on every change: it is one of the list's items.
      var list = drawn.querySelector(".select2-selection--multiple .select2-selection__rendered");
      if (list) {
        var asItem = function () {
          list.querySelectorAll(":scope > .select2-selection__clear").forEach(function (clear) {
            clear.setAttribute("role", "listitem");
          });
        };
        asItem();
        new MutationObserver(asItem).observe(list, { childList: true });
      }
    });
  }

  // SelectFilter2 builds its boxes on "load", after this script's listener was added
  // (the script is deferred); Select2 draws the autocomplete fields on "ready", and a
  // new inline row's on "formset:added", in a listener added before this one.
  window.addEventListener("load", function () {
    window.setTimeout(function () { mend(); nameAutocompletes(document); }, 0);
  });
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () { nameAutocompletes(event.target); }, 0);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", localDigits);
  else localDigits();
})();
