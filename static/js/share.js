// The article page's share box (templates/articles/includes/share.html). Without
// script the short link is a read-only field to select by hand; with it, a copy
// button, and a button for the device's own share sheet where the browser has one.
(function () {
  "use strict";

  document.querySelectorAll("[data-share]").forEach(function (box) {
    var field = box.querySelector("[data-share-url]");
    var copy = box.querySelector("[data-share-copy]");
    var status = box.querySelector("[data-share-status]");
    var native = box.querySelector("[data-share-native]");
    if (!field) {
      return;
    }

    function say(message) {
      status.textContent = message;
    }

    // Older browsers, or a page not served over HTTPS: select the link and try the
    // old copy command; if even that fails, the selection is there to copy by hand.
    function selectAndCopy() {
      field.focus();
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      say(copied ? copy.dataset.copied : copy.dataset.selected);
    }

    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(function () {
            say(copy.dataset.copied);
          }, selectAndCopy);
        } else {
          selectAndCopy();
        }
      });
    }

    if (native && navigator.share) {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        // Cancelling the share sheet rejects the promise: nothing to report.
        navigator.share({ title: box.dataset.shareTitle, url: field.value }).catch(function () {});
      });
    }
  });
})();
