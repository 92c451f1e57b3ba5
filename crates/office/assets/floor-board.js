// imigrasi display board: live updates over Server-Sent Events, a chime
// (Web Audio, no audio files) and the number read aloud (speechSynthesis).
// The page is complete without this script; it only keeps it current.
(function () {
  "use strict";

  var board = document.getElementById("board");
  if (!board || typeof window.EventSource === "undefined") {
    return;
  }

  var statusEl = document.getElementById("board-status");
  var soundBtn = document.getElementById("board-sound");
  var current = document.getElementById("board-current");
  var none = document.getElementById("board-none");
  var ticketEl = document.getElementById("current-ticket");
  var counterEl = document.getElementById("current-counter");
  var categoryEl = document.getElementById("current-category");
  var earlier = document.getElementById("board-earlier");
  var waitingEl = document.getElementById("board-waiting");

  var audio = null;

  function setStatus(text) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.hidden = false;
  }

  // Browsers only allow sound after a person touches the page once.
  function enableSound() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!audio) {
      try {
        audio = new Ctx();
      } catch (e) {
        audio = null;
        return;
      }
    }
    if (audio.state === "suspended") {
      audio.resume();
    }
    if (soundBtn) {
      soundBtn.textContent = soundBtn.getAttribute("data-on") || soundBtn.textContent;
      soundBtn.setAttribute("aria-pressed", "true");
    }
  }

  if (soundBtn) {
    soundBtn.hidden = false;
    soundBtn.setAttribute("aria-pressed", "false");
    soundBtn.addEventListener("click", enableSound);
  }
  document.addEventListener("keydown", enableSound, { once: true });

  // Two soft tones, "ding-dong".
  function chime() {
    if (!audio || audio.state !== "running") return;
    var now = audio.currentTime;
    [[880, 0], [660, 0.35]].forEach(function (tone) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = tone[0];
      var start = now + tone[1];
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(start);
      osc.stop(start + 0.65);
    });
  }

  // "A012" is read "A 0 1 2" so every character is heard.
  function spell(ticket) {
    return String(ticket).split("").join(" ");
  }

  function fill(template, ticket, counter) {
    return template.replace("%ticket%", spell(ticket)).replace("%counter%", String(counter));
  }

  function say(ticket, counter) {
    if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance === "undefined") {
      return;
    }
    var lines = [
      ["id-ID", board.getAttribute("data-say-id")],
      ["en-US", board.getAttribute("data-say-en")]
    ];
    lines.forEach(function (line) {
      if (!line[1]) return;
      var u = new window.SpeechSynthesisUtterance(fill(line[1], ticket, counter));
      u.lang = line[0];
      u.rate = 0.9;
      window.speechSynthesis.speak(u);
    });
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function render(snap) {
    var calls = Array.isArray(snap.calls) ? snap.calls : [];
    var first = calls[0];
    if (first) {
      ticketEl.textContent = first.ticket;
      counterEl.textContent = first.counter;
      categoryEl.textContent = first.category_label || "";
      current.hidden = false;
      none.hidden = true;
    } else {
      current.hidden = true;
      none.hidden = false;
    }
    while (earlier.firstChild) {
      earlier.removeChild(earlier.firstChild);
    }
    calls.slice(1).forEach(function (c) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(c.ticket, "num"));
      tr.appendChild(cell(c.counter, "num"));
      tr.appendChild(cell(c.category_label || ""));
      tr.appendChild(cell(c.called_at || ""));
      earlier.appendChild(tr);
    });
    if (typeof snap.waiting === "number") {
      waitingEl.textContent = String(snap.waiting);
    }
  }

  function flash() {
    current.classList.remove("fresh");
    // Restart the animation.
    void current.offsetWidth;
    current.classList.add("fresh");
  }

  // A `call` event carries the payload the counter published; only calls
  // and recalls are announced (served / no-show change the lists only).
  function announce(p) {
    var kind = String(p.event || p.type || p.kind || p.action || "call").toLowerCase();
    if (kind.indexOf("call") === -1) return;
    var ticket = p.ticket || p.number;
    var counter = p.counter;
    if (!ticket || !counter) return;
    ticketEl.textContent = ticket;
    counterEl.textContent = counter;
    current.hidden = false;
    none.hidden = true;
    flash();
    chime();
    window.setTimeout(function () { say(ticket, counter); }, 900);
  }

  var source = new window.EventSource(board.getAttribute("data-events"));
  source.addEventListener("open", function () {
    setStatus(statusEl.getAttribute("data-live"));
  });
  source.addEventListener("error", function () {
    setStatus(statusEl.getAttribute("data-lost"));
  });
  source.addEventListener("snapshot", function (e) {
    try {
      render(JSON.parse(e.data));
    } catch (err) {
      // A malformed snapshot leaves the board as it was.
    }
  });
  source.addEventListener("call", function (e) {
    try {
      announce(JSON.parse(e.data));
    } catch (err) {
      // Ignore: the snapshot that follows updates the board anyway.
    }
  });
})();
