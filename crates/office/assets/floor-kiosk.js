// imigrasi kiosk: the print button (the ticket page is complete without it).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      window.print();
    });
  });
})();
