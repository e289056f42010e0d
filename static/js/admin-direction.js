/* The article admin: the article's own text fields (data-article-text, articles/forms.py)
   read right to left for a Persian article and left to right for an English one,
   whatever the admin's language; the server sets both on load, this follows a change
   of the article's language before saving. Loaded from static/ (no inline script). */
(function () {
  "use strict";

  var DIRECTIONS = { fa: "rtl", en: "ltr" };

  function follow(select) {
    var language = select.value;
    if (!DIRECTIONS[language]) return;
    document.querySelectorAll("[data-article-text]").forEach(function (field) {
      field.setAttribute("lang", language);
      field.setAttribute("dir", DIRECTIONS[language]);
    });
  }

  function start() {
    var select = document.getElementById("id_language");
    if (!select) return;
    select.addEventListener("change", function () { follow(select); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
