// imigrasi service worker: the page shell and the citizen's proofs of
// appointment, so the booking's QR code opens without signal in the queue.
//
// What it keeps (nothing else, ever):
// - the shell, precached at install under a cache named after the build
//   (SHELL): the style sheet, the scripts, the icons and /offline;
// - proofs of appointment (/passport/bookings/{code}/proof), kept when
//   visited and only when the answer carries `X-Offline-Keep: proof` (the
//   server sends it on a confirmed or checked-in booking's proof, to its
//   owner). The pages are `no-store` for every other cache; this narrow
//   exception is documented in docs/architecture.md. Logging out forgets
//   them (Clear-Site-Data on the logout answer, and pwa.js).
// Never: API calls, anything but GET, other origins, other pages.
"use strict";

const VERSION = "__VERSION__";
const SHELL = "imigrasi-shell-" + VERSION;
// Must match PROOFS in /assets/pwa.js. Not versioned: an update of the
// application must not drop a citizen's proof on the morning of the visit.
const PROOFS = "imigrasi-proofs-v1";
const SHELL_URLS = [
  "/offline",
  "/assets/app.css",
  "/assets/htmx.min.js",
  "/assets/pwa.js",
  "/assets/icon-192.png",
  "/assets/icon-512.png",
  "/assets/icon-maskable-512.png",
  "/assets/apple-touch-icon.png",
  "/manifest.webmanifest",
];
const PROOF_PATH = /^\/passport\/bookings\/[^/]+\/proof$/;
const KEEP_HEADER = "x-offline-keep";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_URLS.map((u) => new Request(u, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((n) => n.startsWith("imigrasi-shell-") && n !== SHELL)
            .map((n) => caches.delete(n))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-proofs") {
    event.waitUntil(caches.delete(PROOFS));
  }
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (req.mode === "navigate") {
    event.respondWith(navigate(req, url));
    return;
  }
  if (SHELL_URLS.includes(url.pathname) && url.search === "") {
    event.respondWith(shell(req));
  }
});

// The shell: from the cache of this build, the network when missing.
async function shell(req) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(req);
  return hit || fetch(req);
}

// Pages: the network first; without it a kept proof, else /offline.
async function navigate(req, url) {
  const proof = PROOF_PATH.test(url.pathname);
  let res;
  try {
    res = await fetch(req);
  } catch (e) {
    return (await kept(proof, url)) || (await offline());
  }
  if (proof) {
    const cache = await caches.open(PROOFS);
    if (res.status === 200 && res.headers.get(KEEP_HEADER) === "proof") {
      await cache.put(url.pathname, res.clone());
    } else if (res.status >= 500) {
      // The office's network answers but the platform does not.
      return (await kept(proof, url)) || res;
    } else {
      // Void, someone else's, or logged out: not kept any more.
      await cache.delete(url.pathname);
    }
  }
  return res;
}

async function kept(proof, url) {
  if (!proof) return undefined;
  const cache = await caches.open(PROOFS);
  return cache.match(url.pathname);
}

async function offline() {
  const cache = await caches.open(SHELL);
  return (await cache.match("/offline")) || Response.error();
}
