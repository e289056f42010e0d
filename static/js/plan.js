// "My plan": favourite sessions and exhibitors, kept in this browser's localStorage
// (no account, no cookie; the server never sees the list unless the visitor opens or
// shares a plan link). The pages carry the same markup for everyone (they are cached):
// this script shows each [data-plan-toggle] button and sets aria-pressed from the list.
// The plan page (programme/my_plan.html) is rendered by the server from its query
// string; here it is pointed at the visitor's own list, or offers to merge a shared one.
// The device's saved copy of the bare plan page (the service worker's, no network) is
// never redirected: the list is drawn here from the titles kept beside the ids.
(function () {
  "use strict";

  // Once per page, whatever includes it: a second copy would toggle every tap twice.
  if (window.exhibitionPlanLoaded) {
    return;
  }
  window.exhibitionPlanLoaded = true;

  var KEY = "exhibition-plan-v1";
  // "session:3" -> {title, url, start}: what the buttons said, for the plan page offline.
  var LABELS = "exhibition-plan-labels-v1";
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

  function readLabels() {
    try {
      var labels = JSON.parse(store.getItem(LABELS) || "{}");
      return labels && typeof labels === "object" && !Array.isArray(labels) ? labels : {};
    } catch (error) {
      return {};
    }
  }

  // The labels of the items in the plan: those kept before, updated from this page's buttons.
  function keepLabels(plan) {
    var labels = readLabels();
    var kept = {};
    KINDS.forEach(function (kind) {
      plan[kind].forEach(function (id) {
        var key = kind + ":" + id;
        if (labels[key] && typeof labels[key] === "object") {
          kept[key] = labels[key];
        }
      });
    });
    buttons().forEach(function (button) {
      var kind = button.dataset.planKind;
      var id = button.dataset.planId;
      if (KINDS.indexOf(kind) !== -1 && has(plan, kind, id) && button.dataset.planTitle) {
        kept[kind + ":" + id] = {
          title: button.dataset.planTitle,
          url: button.dataset.planUrl || "",
          start: button.dataset.planStart || "",
        };
      }
    });
    try {
      store.setItem(LABELS, JSON.stringify(kept));
    } catch (error) {
      // Full storage: the plan itself is kept; offline it lists items without titles.
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
  function ids(attribute) {
    return page ? clean((page.getAttribute(attribute) || "").split(",")) : [];
  }
  var pagePlan = { session: ids("data-plan-sessions"), exhibitor: ids("data-plan-exhibitors") };
  // Ids the server found nothing for (deleted): the only ones ever dropped from the list.
  var pageMissing = {
    session: ids("data-plan-missing-sessions"),
    exhibitor: ids("data-plan-missing-exhibitors"),
  };
  // static/js/offline-worker.js marks a page served from the device's copy.
  var fromCopy = document.documentElement.hasAttribute("data-offline-saved");

  function formatStart(date) {
    var persian = document.documentElement.lang === "fa";
    var options = { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tehran" };
    try {
      return new Intl.DateTimeFormat(persian ? "fa-IR-u-ca-persian-nu-arabext" : "en-GB", options).format(date);
    } catch (error) {
      return date.toLocaleString();
    }
  }

  // The visitor's list drawn from the kept labels (sessions in time order), in place of
  // the saved copy's empty plan.
  function renderLocal(plan) {
    var labels = readLabels();
    var section = page.querySelector("[data-plan-local]");
    KINDS.forEach(function (kind) {
      var list = section.querySelector('[data-plan-local-list="' + kind + '"]');
      var items = plan[kind].map(function (id) {
        var label = labels[kind + ":" + id] || {};
        var start = new Date(typeof label.start === "string" ? label.start : "");
        return { label: label, start: isNaN(start.getTime()) ? null : start };
      });
      items.sort(function (a, b) {
        return (a.start ? a.start.getTime() : Infinity) - (b.start ? b.start.getTime() : Infinity);
      });
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "plan-exhibitors__item";
        var title = typeof item.label.title === "string" && item.label.title;
        var url = typeof item.label.url === "string" && /^\/[^/\\]/.test(item.label.url);
        var name = document.createElement(url ? "a" : "span");
        if (url) {
          name.href = item.label.url;
        }
        name.textContent = title || list.dataset.planUnnamed;
        li.appendChild(name);
        if (item.start) {
          var time = document.createElement("time");
          time.dateTime = item.label.start;
          time.textContent = formatStart(item.start);
          li.appendChild(document.createTextNode(" — "));
          li.appendChild(time);
        }
        list.appendChild(li);
      });
    });
    var empty = page.querySelector("[data-plan-empty]");
    if (empty) {
      empty.hidden = true;
    }
    section.hidden = false;
  }

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
    var requested = requestedPlan();
    if (!named && !isEmpty(plan)) {
      if (fromCopy || !isEmpty(requested)) {
        // The device's copy (no network, or a slow one): the list from this browser,
        // never a redirect (its address would get the same copy, again and again).
        renderLocal(plan);
      } else {
        // The bare plan page: show the visitor's own list (rendered by the server).
        openPlan(plan);
        return;
      }
    }
    if (named && !fromCopy && page.dataset.planCut !== "yes" && same(plan, requested)) {
      // The visitor's own plan names something deleted since: forget that, nothing else
      // (not what the page left out for being over the limit).
      var kept = {};
      KINDS.forEach(function (kind) {
        kept[kind] = plan[kind].filter(function (id) {
          return !has(pageMissing, kind, id);
        });
      });
      if (!same(kept, plan) && write(kept)) {
        openPlan(kept);
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
      keepLabels(current);
      plan = current;
      showState(plan);
      if (wasOwnPage) {
        // On the visitor's own plan, the page follows the list (a removed item goes).
        openPlan(plan);
      }
    });
  });
  showState(plan);
  keepLabels(plan);

  // Another tab changed the list: keep this page's buttons true.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      plan = read();
      showState(plan);
    }
  });
})();
