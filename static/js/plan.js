// "My plan": favourite sessions and exhibitors, kept in this browser's localStorage
// (no account, no cookie; the server never sees the list unless the visitor opens or
// shares a plan link). The pages carry the same markup for everyone (they are cached):
// this script shows each [data-plan-toggle] button and sets aria-pressed from the list.
// The plan page (programme/my_plan.html) is rendered by the server from its query
// string; here it is pointed at the visitor's own list, or offers to merge a shared one.
(function () {
  "use strict";

  // Once per page, whatever includes it: a second copy would toggle every tap twice.
  if (window.exhibitionPlanLoaded) {
    return;
  }
  window.exhibitionPlanLoaded = true;

  var KEY = "exhibition-plan-v1";
  var KINDS = ["session", "exhibitor"];
  var ID = /^[1-9][0-9]{0,8}$/;

  function storage() {
    try {
      var probe = KEY + "-probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private browsing or storage switched off
    }
  }

  var store = storage();

  function clean(list) {
    var seen = {};
    return (Array.isArray(list) ? list : [])
      .map(String)
      .filter(function (id) {
        if (!ID.test(id) || seen[id]) {
          return false;
        }
        seen[id] = true;
        return true;
      })
      .sort(function (a, b) {
        return Number(a) - Number(b);
      });
  }

  function read() {
    var plan = { session: [], exhibitor: [] };
    if (!store) {
      return plan;
    }
    try {
      var saved = JSON.parse(store.getItem(KEY) || "{}") || {};
      KINDS.forEach(function (kind) {
        plan[kind] = clean(saved[kind]);
      });
    } catch (error) {
      // A damaged entry: start again rather than fail on every page.
    }
    return plan;
  }

  function write(plan) {
    try {
      store.setItem(KEY, JSON.stringify(plan));
      return true;
    } catch (error) {
      return false;
    }
  }

  function has(plan, kind, id) {
    return plan[kind].indexOf(id) !== -1;
  }

  function queryString(plan) {
    var parts = [];
    KINDS.forEach(function (kind) {
      plan[kind].forEach(function (id) {
        parts.push(kind + "=" + id);
      });
    });
    return parts.join("&");
  }

  function isEmpty(plan) {
    return !plan.session.length && !plan.exhibitor.length;
  }

  function same(a, b) {
    return queryString(a) === queryString(b);
  }

  function buttons() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-plan-toggle]"));
  }

  function showState(plan) {
    buttons().forEach(function (button) {
      var inPlan = has(plan, button.dataset.planKind, button.dataset.planId);
      button.setAttribute("aria-pressed", inPlan ? "true" : "false");
    });
  }

  var page = document.querySelector("[data-my-plan]");
  var pageSessions = page ? clean(page.dataset.planSessions.split(",")) : [];
  var pageExhibitors = page ? clean(page.dataset.planExhibitors.split(",")) : [];
  var pagePlan = { session: pageSessions, exhibitor: pageExhibitors };

  function openPlan(plan) {
    var query = queryString(plan);
    window.location.replace(page.dataset.planPage + (query ? "?" + query : ""));
  }

  if (!store) {
    // Buttons stay hidden: a tap that keeps nothing would mislead.
    if (page) {
      page.querySelector("[data-plan-storage-off]").hidden = false;
    }
    return;
  }

  var plan = read();

  function requestedPlan() {
    var params = new URLSearchParams(window.location.search);
    return {
      session: clean(params.getAll("session")),
      exhibitor: clean(params.getAll("exhibitor")),
    };
  }

  function missingFrom(target, source) {
    return KINDS.some(function (kind) {
      return source[kind].some(function (id) {
        return !has(target, kind, id);
      });
    });
  }

  if (page) {
    var named = page.dataset.planNamed === "yes";
    if (!named && !isEmpty(plan)) {
      // The bare plan page: show the visitor's own list (rendered by the server).
      openPlan(plan);
      return;
    }
    if (named && same(plan, requestedPlan()) && !same(plan, pagePlan)) {
      // The visitor's own plan names something that no longer exists: forget it.
      if (write(pagePlan)) {
        openPlan(pagePlan);
        return;
      }
    }
    if (named && missingFrom(plan, pagePlan)) {
      var merge = page.querySelector("[data-plan-merge]");
      merge.hidden = false;
      merge.querySelector("[data-plan-merge-button]").addEventListener("click", function () {
        KINDS.forEach(function (kind) {
          plan[kind] = clean(plan[kind].concat(pagePlan[kind]));
        });
        if (write(plan)) {
          openPlan(plan);
        }
      });
    }
  }

  buttons().forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var kind = button.dataset.planKind;
      var id = button.dataset.planId;
      var current = read();
      var wasOwnPage = page && same(current, pagePlan);
      if (has(current, kind, id)) {
        current[kind] = current[kind].filter(function (other) {
          return other !== id;
        });
      } else {
        current[kind] = clean(current[kind].concat([id]));
      }
      if (!write(current)) {
        return;
      }
      plan = current;
      showState(plan);
      if (wasOwnPage) {
        // On the visitor's own plan, the page follows the list (a removed item goes).
        openPlan(plan);
      }
    });
  });
  showState(plan);

  // Another tab changed the list: keep this page's buttons true.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      plan = read();
      showState(plan);
    }
  });
})();
