/* libpublish kiosk: the idle reset, the Listen control and the settings.
   Everything else on a kiosk page works without this script.

   A visit starts at the first touch or key press. After the body's
   data-idle-seconds without one, a warning with one large "I need more time"
   button gives data-warning-seconds (at least 20, WCAG 2.2.1) to answer, as
   often as needed; then the kiosk goes back to its home page with nothing of
   the visit left: sound stopped, session and local storage cleared, cookies
   expired, and pages of the last visit that the browser's history still
   holds sent home if anyone goes back to them. */
(function () {
  "use strict";
  var VISIT = "kiosk-visit";
  var root = document.documentElement;

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  function get(key) { var s = storage(); return s ? s.getItem(key) : null; }
  function set(key, value) { var s = storage(); if (s) s.setItem(key, value); }
  function homeUrl() { return (document.body && document.body.getAttribute("data-home")) || "/"; }

  // A page of an earlier visit, reached through the history: go home.
  function leaveIfStale(fromHistory) {
    if (fromHistory && get(VISIT) === null && location.pathname !== homeUrl()) {
      root.style.visibility = "hidden";
      location.replace(document.querySelector("body") ? homeUrl() : "/");
      return true;
    }
    return false;
  }
  var navigation = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (leaveIfStale(navigation && navigation.type === "back_forward")) return;
  window.addEventListener("pageshow", function (event) { leaveIfStale(event.persisted); });

  // Settings hold for the visit; set before the page shows, so it never flashes.
  ["larger-text", "high-contrast"].forEach(function (name) {
    if (get("kiosk-" + name) === "1") root.classList.add("kiosk--" + name);
  });

  // No way off the kiosk through the browser's own menus.
  window.print = function () {};
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  document.addEventListener("dragstart", function (event) { event.preventDefault(); });

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var idleSeconds = Math.max(10, parseInt(body.getAttribute("data-idle-seconds"), 10) || 120);
    var warningSeconds = Math.max(20, parseInt(body.getAttribute("data-warning-seconds"), 10) || 30);
    var dialog = document.getElementById("kiosk-idle");
    var secondsShown = dialog ? dialog.querySelector(".kiosk-idle__seconds") : null;
    var audio = null;
    var idleTimer = 0, countdownTimer = 0, remaining = 0;

    // --- the settings: checkboxes, so they work without this script too
    Array.prototype.forEach.call(document.querySelectorAll("[data-kiosk-setting]"), function (box) {
      var name = box.getAttribute("data-kiosk-setting");
      box.checked = root.classList.contains("kiosk--" + name);
      box.addEventListener("change", function () {
        root.classList.toggle("kiosk--" + name, box.checked);
        set("kiosk-" + name, box.checked ? "1" : "0");
      });
    });

    // --- Back: the previous screen of this visit, else one level up
    var back = document.querySelector("[data-kiosk-back]");
    if (back) {
      back.addEventListener("click", function (event) {
        var referrer = document.referrer;
        if (get(VISIT) !== null && referrer && referrer.indexOf(location.origin + "/") === 0 &&
            referrer !== location.href && history.length > 1) {
          event.preventDefault();
          history.back();
        }
      });
    }

    // --- Listen: the page read aloud, with Quieter and Louder
    var listen = document.querySelector("[data-kiosk-listen]");
    function volume() {
      var stored = parseFloat(get("kiosk-volume"));
      return isNaN(stored) ? 0.8 : Math.min(1, Math.max(0.2, stored));
    }
    function showListening(on) {
      if (!listen) return;
      listen.setAttribute("aria-pressed", on ? "true" : "false");
      listen.textContent = listen.getAttribute(on ? "data-stop-words" : "data-listen-words");
    }
    function stopSound() {
      if (audio) { audio.pause(); audio.currentTime = 0; }
      showListening(false);
    }
    if (listen) {
      listen.setAttribute("role", "button");
      showListening(false);
      Array.prototype.forEach.call(document.querySelectorAll("[data-kiosk-volume-controls]"), function (item) {
        item.hidden = false;
      });
      listen.addEventListener("click", function (event) {
        event.preventDefault();
        if (audio && !audio.paused) { stopSound(); return; }
        if (!audio) {
          audio = new Audio(listen.getAttribute("href"));
          audio.addEventListener("ended", function () { showListening(false); });
        }
        audio.volume = volume();
        var playing = audio.play();
        if (playing && playing.catch) playing.catch(function () { showListening(false); });
        showListening(true);
      });
      Array.prototype.forEach.call(document.querySelectorAll("[data-kiosk-volume]"), function (button) {
        button.addEventListener("click", function () {
          var next = Math.min(1, Math.max(0.2, volume() + 0.2 * parseInt(button.getAttribute("data-kiosk-volume"), 10)));
          set("kiosk-volume", String(Math.round(next * 10) / 10));
          if (audio) audio.volume = volume();
        });
      });
    }

    // --- the visit and the idle reset
    function resetKiosk() {
      stopSound();
      try { window.sessionStorage.clear(); } catch (e) { /* no storage */ }
      try { window.localStorage.clear(); } catch (e) { /* no storage */ }
      document.cookie.split(";").forEach(function (cookie) {
        var name = cookie.split("=")[0].trim();
        if (name) document.cookie = name + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
      });
      root.classList.remove("kiosk--larger-text", "kiosk--high-contrast");
      location.replace(homeUrl());
    }
    function alertTone() {
      // The warning is heard as well as seen.
      try {
        var context = new (window.AudioContext || window.webkitAudioContext)();
        var tone = context.createOscillator();
        var gain = context.createGain();
        tone.frequency.value = 880;
        gain.gain.value = 0.2;
        tone.connect(gain).connect(context.destination);
        tone.start();
        tone.stop(context.currentTime + 0.25);
      } catch (e) { /* no sound: the warning is still shown */ }
    }
    function tick() {
      remaining -= 1;
      if (secondsShown) secondsShown.textContent = String(Math.max(0, remaining));
      if (remaining <= 0) {
        clearInterval(countdownTimer);
        resetKiosk();
      }
    }
    function warn() {
      if (!dialog) { resetKiosk(); return; }
      remaining = warningSeconds;
      if (secondsShown) secondsShown.textContent = String(remaining);
      if (!dialog.open) dialog.showModal();
      alertTone();
      countdownTimer = setInterval(tick, 1000);
    }
    function visitInProgress() {
      return get(VISIT) !== null || location.pathname !== homeUrl();
    }
    function restartIdleTimer() {
      clearTimeout(idleTimer);
      if (visitInProgress()) idleTimer = setTimeout(warn, idleSeconds * 1000);
    }
    function activity() {
      if (dialog && dialog.open) return;  // only the button answers the warning
      if (get(VISIT) === null) set(VISIT, "1");
      restartIdleTimer();
    }
    ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
      document.addEventListener(type, activity, { passive: true, capture: true });
    });
    if (dialog) {
      dialog.addEventListener("cancel", function (event) { event.preventDefault(); });  // Escape is not an answer
      dialog.querySelector("[data-kiosk-more-time]").addEventListener("click", function () {
        clearInterval(countdownTimer);
        dialog.close();
        restartIdleTimer();
      });
    }
    restartIdleTimer();
  });
})();
