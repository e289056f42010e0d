// The floor plan (templates/booths/floor_plan.html). Without this script the page
// already works: the sought stand's mini-map is at the top, #stand- links land on it,
// each hall scrolls in its own box. With it: the sought stand is scrolled into view and
// focused, and each hall gets zoom buttons and two-finger pinch zoom (pointer events;
// one finger pans, as the scroller's native scrolling does).
(function () {
  "use strict";

  var MIN_SCALE = 0.5;
  var MAX_SCALE = 4;
  var STEP = 1.5;

  function setUp(section) {
    var scroller = section.querySelector("[data-plan-scroller]");
    var controls = section.querySelector("[data-plan-zoom]");
    var svg = scroller && scroller.querySelector("svg.plan");
    if (!svg || !controls) {
      return;
    }
    var baseWidth = parseFloat(svg.getAttribute("width"));
    var baseHeight = parseFloat(svg.getAttribute("height"));
    var scale = 1;

    // Zoom about a point of the scroller (its centre by default), keeping that point
    // of the plan where it was on screen.
    function zoomTo(next, x, y) {
      next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
      var box = scroller.getBoundingClientRect();
      if (x === undefined) {
        x = box.left + scroller.clientWidth / 2;
        y = box.top + scroller.clientHeight / 2;
      }
      var before = svg.getBoundingClientRect();
      var px = (x - before.left) / before.width;
      var py = (y - before.top) / before.height;
      scale = next;
      svg.setAttribute("width", String(baseWidth * scale));
      svg.setAttribute("height", String(baseHeight * scale));
      var after = svg.getBoundingClientRect();
      scroller.scrollLeft += after.left + px * after.width - x;
      scroller.scrollTop += after.top + py * after.height - y;
    }

    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) {
        return;
      }
      var action = button.getAttribute("data-zoom");
      zoomTo(action === "in" ? scale * STEP : action === "out" ? scale / STEP : 1);
    });
    controls.hidden = false;

    var touches = new Map();
    var pinch = null;

    function spread() {
      var points = Array.from(touches.values());
      return {
        distance: Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y),
        x: (points[0].x + points[1].x) / 2,
        y: (points[0].y + points[1].y) / 2,
      };
    }

    scroller.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "touch") {
        return;
      }
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (touches.size === 2) {
        pinch = { start: spread().distance, scale: scale };
      }
    });
    scroller.addEventListener("pointermove", function (event) {
      if (!touches.has(event.pointerId)) {
        return;
      }
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pinch && touches.size === 2 && pinch.start > 0) {
        var now = spread();
        zoomTo((pinch.scale * now.distance) / pinch.start, now.x, now.y);
        event.preventDefault();
      }
    });
    function lift(event) {
      touches.delete(event.pointerId);
      if (touches.size < 2) {
        pinch = null;
      }
    }
    scroller.addEventListener("pointerup", lift);
    scroller.addEventListener("pointercancel", lift);
  }

  document.querySelectorAll(".hall").forEach(setUp);

  // The sought stand in its hall's full plan: the one the address names (#stand-A-12),
  // else the first highlighted one.
  var target = null;
  if (location.hash.indexOf("#stand-") === 0) {
    target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  }
  if (!target) {
    target = document.querySelector("[data-plan-scroller] a[aria-current='location']");
  }
  if (target) {
    target.scrollIntoView({ block: "center", inline: "center" });
    target.focus({ preventScroll: true });
  }
})();
