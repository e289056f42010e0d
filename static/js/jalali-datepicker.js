/* A Jalali calendar for the inputs marked data-jalali-picker (exhibition/jalali.py): the
   Persian search page's dates and the Persian admin's dates and date-times.

   Progressive enhancement: without this script the date is typed (1405/09/01, any
   digits); with it, a button beside each input opens a month grid. The calendar is the
   browser's own (Intl's Persian calendar): nothing is fetched, nothing is inline (the
   Content Security Policy allows scripts from this site only). What a date may look like
   is read from the input's pattern attribute, the form's one copy of the rule. */
(function () {
  "use strict";

  var DAY = 86400000;
  var FIRST_GREGORIAN_YEAR = 1700; // as the form reads it: an earlier year is Jalali
  var parts = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
    timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric"
  });
  var monthName = new Intl.DateTimeFormat("fa-IR-u-ca-persian", { timeZone: "UTC", month: "long" });
  var dayName = new Intl.DateTimeFormat("fa-IR", { timeZone: "UTC", weekday: "long" });
  // Persian digits from the browser's own table (as admin.js, offline.js and plan.js):
  // one digit at a time, so that a typed "05" keeps its zero.
  var digit = new Intl.NumberFormat("fa-IR-u-nu-arabext", { useGrouping: false });
  var dayLetter = new Intl.DateTimeFormat("fa-IR", { timeZone: "UTC", weekday: "narrow" });
  var today = new Intl.DateTimeFormat("en-u-nu-latn", {
    timeZone: "Asia/Tehran", year: "numeric", month: "numeric", day: "numeric"
  });

  function persianDigits(value, width) {
    var text = String(value);
    while (text.length < (width || 0)) text = "0" + text;
    return text.replace(/[0-9]/g, function (d) { return digit.format(Number(d)); });
  }

  function latinDigits(text) {
    return text.replace(/[۰-۹٠-٩]/g, function (d) {
      var code = d.charCodeAt(0);
      return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
  }

  /* The Jalali year, month and day of a UTC midnight (milliseconds). */
  function jalali(time) {
    var found = {};
    parts.formatToParts(new Date(time)).forEach(function (part) {
      if (part.type === "year" || part.type === "month" || part.type === "day") {
        found[part.type] = parseInt(part.value, 10);
      }
    });
    return found;
  }

  /* UTC midnight of the first day of a Jalali month: from a guess, step by whole months
     (half a month when one away, so that 29- and 31-day months cannot make it swing). */
  function monthStart(year, month) {
    var time = Date.UTC(year + 621, 2, 22) + (month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30) * DAY;
    for (var step = 0; step < 24; step++) {
      var at = jalali(time);
      var months = (year - at.year) * 12 + (month - at.month);
      if (months === 0) return time - (at.day - 1) * DAY;
      time += (Math.abs(months) === 1 ? months * 15 : months * 30) * DAY;
    }
    return time;
  }

  function todayInTehran() {
    var now = {};
    today.formatToParts(new Date()).forEach(function (part) { now[part.type] = parseInt(part.value, 10); });
    return jalali(Date.UTC(now.year, now.month - 1, now.day));
  }

  function typedMonth(input) {
    var match = new RegExp("^(?:" + input.pattern + ")$").exec(latinDigits(input.value.trim()));
    if (match) {
      var year = parseInt(match[1], 10), month = parseInt(match[2], 10), day = parseInt(match[3], 10);
      if (year >= FIRST_GREGORIAN_YEAR) {
        var at = jalali(Date.UTC(year, month - 1, day));
        if (at.year) return { year: at.year, month: at.month, day: at.day };
      } else if (month >= 1 && month <= 12) {
        return { year: year, month: month, day: day };
      }
    }
    var now = todayInTehran(); // nothing typed: this month, no day chosen
    return { year: now.year, month: now.month, day: null };
  }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function calendarIcon() {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "date-picker__icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5");
    svg.appendChild(path);
    return svg;
  }

  function enhance(input) {
    var wrapper = element("span", { "class": "date-picker" });
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var open = element("button", {
      type: "button", "class": "date-picker__open", "aria-expanded": "false",
      "aria-label": input.dataset.pickerOpen + " (" + (input.labels[0] ? input.labels[0].textContent.replace(/[:：]\s*$/, "") : "") + ")"
    });
    open.appendChild(calendarIcon());
    var popup = element("div", { "class": "date-picker__popup", role: "dialog", hidden: "" });
    wrapper.appendChild(open);
    wrapper.appendChild(popup);
    var shown = null; // { year, month } on the grid

    function pick(year, month, day) {
      // A date-time input (the admin's, whose pattern goes on with a time) keeps the
      // time typed: the calendar changes the day only.
      var typed = new RegExp("^(?:" + input.pattern + ")$").exec(latinDigits(input.value.trim()));
      var time = typed && typed[4] ? " " + persianDigits(parseInt(typed[4], 10), 2) + ":" + persianDigits(typed[5]) +
        (typed[6] ? ":" + persianDigits(typed[6]) : "") : "";
      input.value = persianDigits(year) + "/" + persianDigits(month, 2) + "/" + persianDigits(day, 2) + time;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    }

    function render(selected) {
      popup.textContent = "";
      var start = monthStart(shown.year, shown.month);
      var title = monthName.format(new Date(start)) + " " + persianDigits(shown.year);
      popup.setAttribute("aria-label", title);
      var head = element("div", { "class": "date-picker__head" });
      var previous = element("button", { type: "button", "class": "date-picker__previous", "aria-label": input.dataset.pickerPrevious }, "›");
      var next = element("button", { type: "button", "class": "date-picker__next", "aria-label": input.dataset.pickerNext }, "‹");
      head.appendChild(previous);
      head.appendChild(element("p", { "class": "date-picker__title", "aria-live": "polite" }, title));
      head.appendChild(next);
      popup.appendChild(head);
      previous.addEventListener("click", function () { move(-1); popup.querySelector(".date-picker__previous").focus(); });
      next.addEventListener("click", function () { move(1); popup.querySelector(".date-picker__next").focus(); });

      var table = element("table", { "class": "date-picker__grid" });
      var row = element("tr");
      for (var d = 0; d < 7; d++) { // the Persian week starts on Saturday (6 January 2024)
        var weekday = new Date(Date.UTC(2024, 0, 6 + d));
        row.appendChild(element("th", { scope: "col", abbr: dayName.format(weekday) }, dayLetter.format(weekday)));
      }
      table.appendChild(element("thead")).appendChild(row);
      var body = table.appendChild(element("tbody"));
      row = body.appendChild(element("tr"));
      var column = (new Date(start).getUTCDay() + 1) % 7;
      for (var blank = 0; blank < column; blank++) row.appendChild(element("td"));
      var now = todayInTehran();
      for (var time = start, day = 1; jalali(time).month === shown.month; time += DAY, day++) {
        if (column === 7) { row = body.appendChild(element("tr")); column = 0; }
        var button = element("button", {
          type: "button", "data-day": String(day),
          "aria-label": persianDigits(day) + " " + title
        }, persianDigits(day));
        if (selected && selected.year === shown.year && selected.month === shown.month && selected.day === day) {
          button.setAttribute("aria-pressed", "true");
        }
        if (now.year === shown.year && now.month === shown.month && now.day === day) {
          button.setAttribute("aria-current", "date");
        }
        button.addEventListener("click", pick.bind(null, shown.year, shown.month, day));
        row.appendChild(element("td")).appendChild(button);
        column++;
      }
      popup.appendChild(table);
    }

    function move(months) {
      var index = shown.year * 12 + (shown.month - 1) + months;
      shown = { year: Math.floor(index / 12), month: (index % 12) + 1 };
      render(null);
    }

    function close() {
      popup.hidden = true;
      open.setAttribute("aria-expanded", "false");
    }

    open.addEventListener("click", function () {
      if (!popup.hidden) { close(); return; }
      var selected = typedMonth(input);
      shown = { year: selected.year, month: selected.month };
      render(selected);
      popup.hidden = false;
      open.setAttribute("aria-expanded", "true");
      (popup.querySelector("[aria-pressed=true]") || popup.querySelector("[aria-current=date]") ||
       popup.querySelector("[data-day]")).focus();
    });
    popup.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); open.focus(); }
    });
    document.addEventListener("click", function (event) {
      // A month button's click re-draws the grid: its target is then out of the page.
      if (!popup.hidden && event.target.isConnected && !wrapper.contains(event.target)) close();
    });
  }

  function start() {
    document.querySelectorAll("input[data-jalali-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
