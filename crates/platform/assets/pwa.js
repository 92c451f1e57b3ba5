// Installable and usable without signal: registers the service worker
// (/sw.js), lists the proofs of appointment kept on this device on the
// offline page, and forgets them when the citizen logs out.
(function () {
  "use strict";
  // Must match PROOFS in /sw.js.
  var PROOFS = "imigrasi-proofs-v1";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  function forgetProofs() {
    if (!("caches" in window)) return Promise.resolve();
    return caches.delete(PROOFS).catch(function () {});
  }

  // Logging out forgets the kept proofs before the form leaves (the
  // logout answer's Clear-Site-Data header does it again).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form || form.getAttribute("action") !== "/logout" || form.dataset.forgotten) return;
    e.preventDefault();
    form.dataset.forgotten = "1";
    var go = function () { form.submit(); };
    Promise.race([forgetProofs(), new Promise(function (r) { setTimeout(r, 1000); })]).then(go, go);
  });

  // The offline page: links to the proofs kept on this device.
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("kept-proofs");
    if (!list || !("caches" in window)) return;
    caches.open(PROOFS).then(function (cache) {
      return cache.keys();
    }).then(function (requests) {
      requests.forEach(function (req) {
        var path = new URL(req.url).pathname;
        var m = path.match(/^\/passport\/bookings\/([^/]+)\/proof$/);
        if (!m) return;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = path;
        a.textContent = decodeURIComponent(m[1]);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (requests.length) {
        var box = document.getElementById("kept-proofs-box");
        if (box) box.hidden = false;
      }
    }).catch(function () {});
  });
})();
