/* Every admin page (templates/admin/base_site.html): what the accessibility checks find
   in Django's own scripts, mended after they ran. From static/ (no inline script).

   The filter boxes of a "horizontal" many-to-many field (SelectFilter2.js) label their
   input with an icon whose aria-label a plain span may not carry: as an image
   (role="img") it may, and the name is read out. */
(function () {
  "use strict";

  function mend() {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // SelectFilter2 builds its boxes on "load", after this script's listener was added
  // (the script is deferred).
  window.addEventListener("load", function () { window.setTimeout(mend, 0); });
})();
