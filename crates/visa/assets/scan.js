// Camera scanning on the verification page, where the browser offers the
// BarcodeDetector API. Without it (or without JavaScript) the page works
// as a plain form: paste the payload and send it.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var section = document.getElementById("scan");
  var start = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var field = document.getElementById("qr");
  var form = document.getElementById("verify-form");
  if (!section || !start || !video || !field || !form) return;
  section.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        status.textContent = status.dataset.looking;
        return video.play().then(function () {
          var look = function () {
            detector.detect(video).then(function (codes) {
              if (codes.length > 0 && codes[0].rawValue) {
                stream.getTracks().forEach(function (t) { t.stop(); });
                field.value = codes[0].rawValue;
                form.submit();
              } else {
                window.setTimeout(look, 250);
              }
            }, function () { window.setTimeout(look, 500); });
          };
          look();
        });
      })
      .catch(function () {
        status.textContent = status.dataset.failed;
      });
  });
})();
