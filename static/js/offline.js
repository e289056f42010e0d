// Loaded by every page (templates/base.html): registers the service worker that keeps
// the site usable without a network (static/js/offline-worker.js, served as /sw.js),
// and, on a page the worker answered from its saved copy, says so and since when.
(function () {
  "use strict";

  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.dataset.worker) {
    // At the root: its scope is the whole site, both languages.
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(function () {
      // No worker (a private window, storage refused): the site works online as before.
    });
  }

  // The worker marks a page it served from its copy with the time it saved it.
  var saved = document.documentElement.getAttribute("data-offline-saved");
  var notice = document.querySelector("[data-offline-notice]");
  if (!saved || !notice) {
    return;
  }
  var date = new Date(saved);
  if (isNaN(date.getTime())) {
    return;
  }
  // Persian pages: the Solar Hijri (Jalali) calendar and Persian digits, as the site
  // writes its own dates; English pages: day month year.
  var persian = document.documentElement.lang === "fa";
  var text;
  try {
    text = new Intl.DateTimeFormat(persian ? "fa-IR-u-ca-persian-nu-arabext" : "en-GB", {
      dateStyle: "long",
      timeStyle: "short",
    }).format(date);
  } catch (error) {
    text = date.toLocaleString();
  }
  // Filled after load: the region is already there, so screen readers announce it.
  notice.textContent = notice.dataset.template.replace("{date}", text);
})();
