// The service worker's rules, loaded by /sw.js (exhibition/views.py service_worker),
// which first sets self.OFFLINE_CONFIG (exhibition/offline.py worker_config): the
// release's version, the pages and static files to keep on install, the offline page
// of each language, the addresses never to touch. docs/caching.md, "Offline".
//
// - Pages (and other same-origin GETs): the network first; a copy of each public
//   answer is kept, and served when the network fails or is too slow, marked with the
//   time it was saved (static/js/offline.js shows it). A page never kept: the offline
//   page in its language.
// - Static files (/static/…, hashed names): from the copy first, else the network.
// - Uploaded images (/media/…, never changed in place): the same, in a cache of their
//   own with its own limit, so that a gallery does not push saved pages out.
// - A kept page asked with a query it has no copy of gets the bare page, except those
//   whose query names what they show (the plan page: CONFIG.queryPages).
// - Never: anything but GET, other origins, the admin, Rosetta, previews, and any
//   answer marked private or no-store (a logged-in user's pages) or not a plain 200.
/* global OFFLINE_CONFIG */
"use strict";

var CONFIG = self.OFFLINE_CONFIG;
var PAGES = "pages-" + CONFIG.version;
var STATIC = "static-" + CONFIG.version;
var IMAGES = "images-" + CONFIG.version;
var SAVED_HEADER = "X-Offline-Saved";
// Pages visited are kept up to this many (the oldest go first); kept-on-install ones stay.
var MAX_PAGES = 150;
// Images viewed are kept up to this many, the oldest going first.
var MAX_IMAGES = 60;
// A network this slow (an exhibition hall) gets the saved copy, when there is one.
var NETWORK_TIMEOUT_MS = 6000;

var QUERY_PAGES = new Set(CONFIG.queryPages || []);

var PRECACHED = new Set(
  CONFIG.pages.map(function (page) {
    return new URL(page, self.location.href).href;
  })
);

function neverKept(url) {
  return CONFIG.never.some(function (prefix) {
    return url.pathname.startsWith(prefix);
  });
}

// Only a plain public answer: 200, same origin, not redirected, not private.
function keepable(response) {
  if (!response || response.status !== 200 || response.type !== "basic" || response.redirected) {
    return false;
  }
  var control = response.headers.get("Cache-Control") || "";
  return !/no-store|private/i.test(control);
}

// The copy keeps the answer's headers (its Content-Security-Policy among them), minus
// those that described the bytes on the wire, plus the time it was saved.
async function save(cache, key, response) {
  var headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  headers.set(SAVED_HEADER, new Date().toISOString());
  var body = await response.blob();
  await cache.put(key, new Response(body, { status: 200, statusText: "OK", headers: headers }));
}

async function trim(cache, max) {
  var keys = await cache.keys();
  var visited = keys.filter(function (request) {
    return !PRECACHED.has(request.url);
  });
  var extra = visited.length - max;
  for (var i = 0; i < extra; i += 1) {
    await cache.delete(visited[i]);
  }
}

async function keepPage(key, response) {
  var cache = await caches.open(PAGES);
  await save(cache, key, response);
  await trim(cache, MAX_PAGES);
}

// A saved page says it is one: <html data-offline-saved="…">, read by offline.js.
async function marked(response) {
  var type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("text/html")) {
    return response;
  }
  var saved = response.headers.get(SAVED_HEADER) || "";
  var html = await response.text();
  html = html.replace(/<html\b/i, '<html data-offline-saved="' + saved.replace(/[^\w:.+-]/g, "") + '"');
  return new Response(html, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function savedCopy(url) {
  var cache = await caches.open(PAGES);
  var copy = await cache.match(url.href, { ignoreVary: true });
  if (!copy) {
    // A kept page asked with a query (the floor plan's ?stand=…): the page itself.
    var bare = new URL(url.pathname, url.origin).href;
    if (PRECACHED.has(bare) && !QUERY_PAGES.has(url.pathname)) {
      copy = await cache.match(bare, { ignoreVary: true });
    }
  }
  return copy;
}

async function offlinePage(url) {
  var page = CONFIG.defaultOffline;
  Object.keys(CONFIG.offline).forEach(function (prefix) {
    if (url.pathname.startsWith(prefix)) {
      page = CONFIG.offline[prefix];
    }
  });
  var cache = await caches.open(PAGES);
  return cache.match(new URL(page, self.location.href).href, { ignoreVary: true });
}

function delay(ms) {
  return new Promise(function (resolve) {
    setTimeout(resolve, ms);
  });
}

async function networkFirst(event, url) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (keepable(response)) {
      event.waitUntil(keepPage(request.url, response.clone()).catch(function () {}));
    }
    return response;
  });
  network.catch(function () {}); // a late failure after the copy was served is no news
  var copy = await savedCopy(url);
  try {
    var response = copy
      ? await Promise.race([network, delay(NETWORK_TIMEOUT_MS).then(function () { return null; })])
      : await network;
    if (response && !(copy && response.status >= 500)) {
      return response;
    }
  } catch (error) {
    // The network is cut: the saved copy, or the offline page.
  }
  if (copy) {
    return marked(copy);
  }
  if (request.mode === "navigate") {
    var fallback = await offlinePage(url);
    if (fallback) {
      return fallback;
    }
  }
  return Response.error();
}

async function cacheFirst(event) {
  var cache = await caches.open(STATIC);
  var copy = await cache.match(event.request, { ignoreVary: true });
  if (copy) {
    return copy;
  }
  var response = await fetch(event.request);
  if (keepable(response)) {
    event.waitUntil(cache.put(event.request, response.clone()).catch(function () {}));
  }
  return response;
}

async function keepImage(request, response) {
  var cache = await caches.open(IMAGES);
  await cache.put(request, response);
  await trim(cache, MAX_IMAGES);
}

async function imageFirst(event) {
  var cache = await caches.open(IMAGES);
  var copy = await cache.match(event.request, { ignoreVary: true });
  if (copy) {
    return copy;
  }
  var response = await fetch(event.request);
  if (keepable(response)) {
    event.waitUntil(keepImage(event.request, response.clone()).catch(function () {}));
  }
  return response;
}

// Anonymous copies (no cookie sent), whoever installs the worker. A page that fails to
// come is left out rather than stopping the install; the offline pages must come.
async function precache() {
  var pages = await caches.open(PAGES);
  var required = new Set(Object.values(CONFIG.offline));
  await Promise.all(
    CONFIG.pages.map(async function (page) {
      try {
        var response = await fetch(page, { cache: "no-cache", credentials: "omit" });
        if (keepable(response)) {
          await save(pages, new URL(page, self.location.href).href, response);
          return;
        }
      } catch (error) {
        // below
      }
      if (required.has(page)) {
        throw new Error("offline page " + page + " could not be kept");
      }
    })
  );
  var statics = await caches.open(STATIC);
  await Promise.all(
    CONFIG.static.map(function (path) {
      return statics.add(path).catch(function () {});
    })
  );
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    precache().then(function () {
      return self.skipWaiting();
    })
  );
});

// The pages open when the worker arrives were fetched before it: keep them too.
async function keepOpenPages() {
  var windows = await self.clients.matchAll({ type: "window" });
  await Promise.all(
    windows.map(async function (client) {
      var url = new URL(client.url);
      if (url.origin !== self.location.origin || neverKept(url)) {
        return;
      }
      try {
        var response = await fetch(url.href, { credentials: "same-origin" });
        if (keepable(response)) {
          await keepPage(url.href, response);
        }
      } catch (error) {
        // offline already: nothing to keep
      }
    })
  );
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    (async function () {
      var names = await caches.keys();
      await Promise.all(
        names
          .filter(function (name) {
            return (
              /^(pages|static|images)-/.test(name) &&
              name !== PAGES &&
              name !== STATIC &&
              name !== IMAGES
            );
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
      await self.clients.claim();
      await keepOpenPages();
    })()
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.has("Range")) {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || neverKept(url)) {
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(cacheFirst(event));
  } else if (CONFIG.mediaPrefix && url.pathname.startsWith(CONFIG.mediaPrefix)) {
    event.respondWith(imageFirst(event));
  } else {
    event.respondWith(networkFirst(event, url));
  }
});
