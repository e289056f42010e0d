/* Every admin page (templates/admin/base_site.html): what Django's own scripts write,
   mended after they ran. From static/ (no inline script).

   - The filter boxes of a "horizontal" many-to-many field (SelectFilter2.js) label
     their input with an icon whose aria-label a plain span may not carry: as an image
     (role="img") it may, and the name is read out.
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

  // SelectFilter2 builds its boxes on "load", after this script's listener was added
  // (the script is deferred).
  window.addEventListener("load", function () { window.setTimeout(mend, 0); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", localDigits);
  else localDigits();
})();
